"""The web reader over plain HTTP (Starlette's TestClient): pages, the JSON API
and its OpenAPI document, security headers, the static allow-list, CSRF, the
read-only switch, and the text renderer. The browser tests are in
test_web_browser.py; both build their library with `build_library` below."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ficarchive.library import Library
from ficarchive.samples import story_paths
from ficarchive.web import create_app
from ficarchive.web.filters import FilterState
from ficarchive.web.render import Span, text_to_html
from ficarchive.web.security import CSRF_COOKIE

BASE = "http://127.0.0.1"

# Script, event handlers, javascript: and data: URLs, remote loads, and markup
# that only works when mis-parsed. Each alert carries its number so a failure
# names the payload that got through.
XSS_PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "<svg onload=alert('x3')>",
    "<body onload=alert('x4')>",
    "<iframe src=\"javascript:alert('x5')\"></iframe>",
    "<a href=\"javascript:alert('x6')\">click me</a>",
    "<a href=\"JaVaScRiPt:alert('x7')\">click me too</a>",
    "<img src=\"http://203.0.113.9/remote.png\">",
    "<img src=//203.0.113.9/x.png>",
    "\"><script>alert('x10')</script>",
    "'><img src=x onerror=alert('x11')>",
    "<div style=\"background:url(javascript:alert('x12'))\">styled</div>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=http://203.0.113.9/evil.css>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('x15')\">",
    "<object data=\"javascript:alert('x16')\"></object>",
    "<embed src=\"javascript:alert('x17')\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('x18')>",
    "<details open ontoggle=alert('x19')>",
    "<input autofocus onfocus=alert('x20')>",
    "<video><source onerror=alert('x21')></video>",
    "<audio src=x onerror=alert('x22')>",
    "<form action=\"javascript:alert('x23')\"><button>go</button></form>",
    "<base href=\"javascript:alert('x24')//\">",
    "<marquee onstart=alert('x25')>",
    "{{7*7}}<script>alert('x26')</script>",
    "<scr<script>ipt>alert('x27')</script>",
    "&lt;script&gt;alert('x28')&lt;/script&gt;",
    "<img src=\"data:image/svg+xml,<svg onload=alert('x29')>\">",
    "javascript:alert('x30')",
    "<svg><script>alert('x31')</script></svg>",
    "<a href=\"data:text/html,<script>alert('x32')</script>\">data link</a>",
    "<img srcset=\"http://203.0.113.9/a.png 1x\">",
    "<p onclick=alert('x34')>click</p>",
]


def write_xss_stories(folder: Path) -> None:
    """Three stories carrying every payload: in a plain-text header and body, in
    an archive HTML download (tags, title, summary and live markup in the body),
    and in Markdown front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(f"Paragraph {i}: she wrote {p} on the wall." for i, p in enumerate(XSS_PAYLOADS, 1))
    (folder / "xss_plain.txt").write_text(
        f"Title: Hostile Title {XSS_PAYLOADS[0]}\nAuthor: {XSS_PAYLOADS[1]}\nFandom: Original Work {XSS_PAYLOADS[2]}\n"
        f"Pairing: Ana/Bo {XSS_PAYLOADS[9]}\nRating: PG\nSummary: A summary {XSS_PAYLOADS[5]} and {XSS_PAYLOADS[7]}\n"
        f"Tags: {XSS_PAYLOADS[10]}\n\n\"Hello,\" said Ana. \"{XSS_PAYLOADS[3]}\"\n\n{body}\n\nThe End\n", "utf-8")
    live = "\n".join(f"<p>Live {i}: {p}</p>" for i, p in enumerate(XSS_PAYLOADS, 1))
    tags = ", ".join(f'<a href="javascript:alert(\'t{i}\')">Tag {i} {p}</a>'
                     .replace("<a href", "<a onmouseover=alert(1) href", 1) for i, p in enumerate(XSS_PAYLOADS[:6], 1))
    (folder / "xss_archive.html").write_text(f"""<!DOCTYPE html><html><head><title>x</title>
<script>alert('head')</script></head><body onload="alert('body')">
<div id="preface"><div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>
<dt>Fandom:</dt><dd><a href="javascript:alert('f')">Original Work {XSS_PAYLOADS[1]}</a></dd>
<dt>Character:</dt><dd><a href="#">{XSS_PAYLOADS[2]}</a>, <a href="#">Cora</a></dd>
<dt>Additional Tags:</dt><dd>{tags}</dd></dl>
<h1>Archive {XSS_PAYLOADS[0]} Title</h1><div class="byline">by <a rel="author" href="javascript:alert(9)">{XSS_PAYLOADS[3]}</a></div>
<p>Summary</p><blockquote class="userstuff"><p>Summary {XSS_PAYLOADS[4]} {XSS_PAYLOADS[7]}</p></blockquote>
</div></div>
<div id="chapters" class="userstuff"><div class="userstuff">
<p>"Cora," said Dax, "look at this."</p>
{live}
<p>The End</p></div></div></body></html>""", "utf-8")
    front = "\n".join([
        "---", f"title: \"Markdown {XSS_PAYLOADS[0]}\"", f"author: \"{XSS_PAYLOADS[1]}\"",
        f"fandom: \"Original Work\"", f"characters:\n  - \"{XSS_PAYLOADS[2]}\"",
        f"tags:\n" + "\n".join(f"  - \"{p.replace(chr(34), chr(39))}\"" for p in XSS_PAYLOADS[:12]),
        f"summary: \"{XSS_PAYLOADS[5].replace(chr(34), chr(39))}\"", "---", ""])
    (folder / "xss_front.md").write_text(front + "\n\n".join(f"Line {i}: {p}" for i, p in enumerate(XSS_PAYLOADS, 1))
                                         + "\n", "utf-8")


def build_library(folder: Path, *, xss: bool = True) -> Path:
    """A library of the bundled samples (plus the hostile stories) in `folder`."""
    stories = folder / "stories"
    stories.mkdir(parents=True)
    for p in story_paths():
        shutil.copy(p, stories / p.name)
    if xss:
        write_xss_stories(stories / "hostile")
    path = folder / "library.db"
    with Library(path) as lib:
        report = lib.import_paths([stories], jobs=1)
        assert not report.errors, [str(e) for e in report.errors]
    return path


def work_id(path: Path, query: str) -> str:
    with Library(path) as lib:
        found = lib.search(query).works
    assert len(found) == 1, (query, [w["title"] for w in found])
    return found[0]["id"]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return build_library(tmp_path_factory.mktemp("weblib"))


@pytest.fixture(scope="module")
def client(library) -> TestClient:
    with TestClient(create_app(library), base_url=BASE) as c:
        yield c


# -- pages --------------------------------------------------------------------------------

def test_index_lists_every_work_with_blurbs_and_facets(client, library):
    r = client.get("/works")
    assert r.status_code == 200
    with Library(library) as lib:
        total = lib.count()
    assert f"of {total} works" in r.text
    assert "The Lamplighter&#39;s Daughter" in r.text or "The Lamplighter's Daughter" in r.text
    assert 'name="inc" value="fandom:Stargate SG-1"' in r.text
    assert 'name="exc" value="category:Gen"' in r.text


def test_filter_state_round_trips_through_the_url():
    from starlette.datastructures import QueryParams
    params = QueryParams("q=lamps&inc=fandom:Original+Work&inc=rating:Mature&inc=rating:Explicit"
                         "&exc=character:Bo&words_from=100&words_to=5000&complete=1&sort=words&page=2")
    state = FilterState.from_params(params)
    assert state.query() == ('lamps rating:"Mature,Explicit" fandom:"Original Work" -character:"Bo" '
                             'words:100..5000 complete:yes')
    assert FilterState.from_params(QueryParams(state.url().split("?", 1)[1])) == state
    assert state.offset == 20
    bad = FilterState.from_params(QueryParams("inc=nonsense&words_from=lots&sort=sideways"))
    assert bad.query() == "" and len(bad.problems) == 3


def test_include_and_exclude_filter_the_index(client, library):
    everything = client.get("/works").text
    assert "The Long Way Round" in everything and "Tea at the End of the World" in everything
    gen_out = client.get("/works", params={"exc": "category:Gen"}).text
    assert "The Long Way Round" not in gen_out and "Tea at the End of the World" not in gen_out
    assert "What the Hellmouth Keeps" in gen_out
    trek = client.get("/works", params={"inc": "fandom:Star Trek: The Next Generation"}).text
    assert "Night Shift on Deck Ten" in trek and "What the Hellmouth Keeps" not in trek
    short = client.get("/works", params={"words_to": "300"}).text
    assert "The Cartographer" in short and "What the Hellmouth Keeps" not in short


def test_bad_query_is_a_readable_400(client):
    r = client.get("/works", params={"q": '"unclosed'})
    assert r.status_code == 400 and "unclosed quote" in r.text


def test_work_page_shows_chapters_scene_breaks_notes_and_evidence(client, library):
    wid = work_id(library, "title:Lamplighter")
    r = client.get(f"/works/{wid}")
    assert r.status_code == 200
    text = r.text
    assert text.count('<section class="chapter"') == 2
    assert '<hr class="scene-break">' in text
    assert 'class="notes' in text and "End notes" in text
    assert "inferred · " in text and "romance weight" in text  # Ines/Maren: inferred, with its evidence
    one = client.get(f"/works/{wid}/chapters/2").text
    assert one.count('<section class="chapter"') == 1 and "Lamp Time" in one
    assert f'<link rel="prev" href="/works/{wid}/chapters/1">' in one
    assert client.get(f"/works/{wid}/chapters/9").status_code == 404
    assert client.get(f"/works/{wid}/chapters", params={"n": "2"}, follow_redirects=False).headers["location"] \
        == f"/works/{wid}/chapters/2"


def test_dialogue_view_counts_speakers_and_lists_quotes(client, library):
    wid = work_id(library, "title:Hellmouth")
    with Library(library) as lib:
        work = lib.get(wid)
    willow = work.character_stats["Willow Rosenberg"]
    r = client.get(f"/works/{wid}/dialogue")
    assert r.status_code == 200
    assert re.search(rf"Willow Rosenberg</a></th><td>{willow.quotes}</td>", r.text)
    assert "I love you" in r.text
    assert r.text.count('class="bar bar-') == len([s for s in work.character_stats.values() if s.dialogue_words])


def test_quotes_are_marked_in_the_reading_view(client, library):
    wid = work_id(library, "title:Hellmouth")
    page = client.get(f"/works/{wid}/chapters/3").text
    assert re.search(r'<span class="q s\d" title="Willow Rosenberg">', page)


def test_stats_page_draws_charts(client):
    r = client.get("/stats")
    assert r.status_code == 200
    for title in ("Works per rating", "Works per fandom", "Top relationships", "Top characters",
                  "Word-count distribution"):
        assert title in r.text
    assert r.text.count("<svg") >= 6
    scoped = client.get("/stats", params={"q": "fandom:stargate"})
    assert "1</strong> works match" in scoped.text


def test_tag_pages_show_synonyms_and_works(client, library):
    with Library(library) as lib:
        lib.add_synonym("Tara M.", "Tara Maclay", kind="character")
    r = client.get("/tags/character/Tara%20Maclay")
    assert r.status_code == 200 and "Tara M." in r.text and "What the Hellmouth Keeps" in r.text
    moved = client.get("/tags/character/Tara%20M.", follow_redirects=False)
    assert moved.status_code == 302 and moved.headers["location"] == "/tags/character/Tara%20Maclay"
    slash = client.get("/tags/relationship/Willow%20Rosenberg%2FTara%20Maclay")
    assert slash.status_code == 200 and "What the Hellmouth Keeps" in slash.text
    assert client.get("/tags/character/Nobody%20At%20All").status_code == 404
    assert client.get("/tags/planet/Earth").status_code == 404
    assert "Stargate SG-1" in client.get("/tags", params={"kind": "fandom"}).text


# -- the API ---------------------------------------------------------------------------------

def test_api_search_matches_the_library(client, library):
    r = client.get("/api/search", params={"q": "fandom:buffy", "facets": "1"})
    assert r.status_code == 200
    with Library(library) as lib:
        expected = lib.search("fandom:buffy", facets=True).to_dict()
    assert r.json() == expected
    paged = client.get("/api/search", params={"limit": 2, "offset": 1, "sort": "title"}).json()
    with Library(library) as lib:
        assert [w["id"] for w in paged["works"]] == [w["id"] for w in lib.search("", sort="title", limit=2,
                                                                                   offset=1).works]
    bad = client.get("/api/search", params={"q": "nosuchfilter:x"})
    assert bad.status_code == 400 and "unknown filter" in bad.json()["error"]
    assert client.get("/api/search", params={"limit": "9999"}).status_code == 400


def test_api_work_and_facets(client, library):
    wid = work_id(library, "title:Hellmouth")
    r = client.get(f"/api/works/{wid[:10]}")
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == wid and data["sources"][0]["format"] == "epub"
    assert data["provenance"]["relationships"]["source"] == "inferred"
    assert all(ch["text"] is None for ch in client.get(f"/api/works/{wid}", params={"text": "false"}).json()["chapters"])
    assert client.get("/api/works/ffffffffffff").status_code == 404
    assert client.get("/api/works/not-hex").json()["error"]
    facets = client.get("/api/facets", params={"q": "complete:yes"}).json()
    with Library(library) as lib:
        assert facets["total"] == lib.count("complete:yes")
    assert {"rating", "fandom", "character"} <= set(facets["facets"])


def _schema_keys(doc: dict, ref: str) -> list[str]:
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]["required"]


def test_openapi_document_describes_every_api_route(client, library):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.") and doc["info"]["version"]
    api_routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")
                  and r.path not in ("/api/",)}
    assert api_routes == set(doc["paths"])
    wid = work_id(library, "title:Lamplighter")
    for path, item in doc["paths"].items():
        url = path.replace("{work_id}", wid)
        r = client.get(url)
        assert r.status_code == 200, url
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        required = _schema_keys(doc, schema["$ref"]) if "$ref" in schema else schema.get("required", [])
        assert set(required) <= set(r.json()), (url, set(required) - set(r.json()))
    summary_keys = set(_schema_keys(doc, "#/components/schemas/WorkSummary"))
    assert summary_keys <= set(client.get("/api/search").json()["works"][0])


# -- safety ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/works", "/stats", "/tags", "/api/search", "/api/openapi.json",
                                 "/static/style.css", "/works/abcdef0123", "/no/such/page"])
def test_every_response_carries_the_security_headers(client, url):
    r = client.get(url)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def live_markup(html: str) -> list[str]:
    """Everything in a page that could run, style or load something not ours:
    script not from /static/, style, frames and embeds, event handlers, and
    URLs that are not this server's own paths."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser
    problems = []
    for node in HTMLParser(html).css("*"):
        attrs = {k.lower(): (v or "") for k, v in node.attributes.items()}
        if node.tag == "script" and not attrs.get("src", "").startswith("/static/"):
            problems.append(f"script: {node.html[:80]}")
        if node.tag in ("style", "iframe", "object", "embed", "base", "frame", "applet", "svg", "math", "img",
                        "video", "audio", "source", "marquee", "input") and node.parent and \
                not node.html.startswith("<svg viewBox="):
            if node.tag != "input" or attrs.get("type") not in ("checkbox", "hidden", "search", None, ""):
                problems.append(f"{node.tag}: {node.html[:80]}")
        if node.tag == "meta" and "http-equiv" in attrs:
            problems.append(f"meta: {node.html[:80]}")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"{name} on {node.tag}: {value[:60]}")
            if name in ("href", "src", "action", "srcset", "data", "formaction", "xlink:href", "poster") and \
                    value and not (value.startswith("/") and not value.startswith("//") or value.startswith("#")):
                problems.append(f"{name}={value[:60]} on {node.tag}")
    return problems


def test_pages_have_no_inline_script_or_style(client, library):
    wid = work_id(library, "title:Hellmouth")
    for url in ("/works", f"/works/{wid}", f"/works/{wid}/dialogue", f"/works/{wid}/edit", "/stats", "/tags"):
        html = client.get(url).text
        assert live_markup(html) == [], url


def test_static_files_come_from_an_allow_list_only(client):
    assert client.get("/static/reader.js").headers["content-type"].startswith("text/javascript")
    for bad in ("/static/..%2F..%2Fpyproject.toml", "/static/%2e%2e/app.py", "/static/app.py",
                "/static/templates%2Fbase.html", "/static/style.css%00.js"):
        assert client.get(bad).status_code == 404, bad


def test_hostile_text_is_escaped_everywhere(client, library):
    for query in ("title:Hostile", "title:Archive", "title:Markdown"):
        wid = work_id(library, query)
        for url in (f"/works/{wid}", f"/works/{wid}/dialogue", f"/works/{wid}/edit", f"/api/works/{wid}",
                    "/works", "/tags", "/stats", "/works?q=" + query):
            r = client.get(url)
            assert r.status_code == 200, url
            if url.startswith("/api/"):
                assert r.headers["content-type"] == "application/json"
                continue
            assert live_markup(r.text) == [], (url, query)
    page = client.get(f"/works/{work_id(library, 'title:Hostile')}").text
    assert "&lt;script&gt;alert(&#39;x1&#39;)&lt;/script&gt;" in page  # shown as the words it is


def test_render_escapes_and_builds_only_its_own_markup():
    text = "*a* **b** <b>c</b>\n\n* * *\n\n\"q\" said Ann"
    start = text.index('"q"')
    html = str(text_to_html(text, [Span(start, start + 3, "Ann", "q s0")]))
    assert html.startswith("<p><em>a</em> <strong>b</strong> &lt;b&gt;c&lt;/b&gt;</p>")
    assert '<hr class="scene-break">' in html
    assert '<span class="q s0" title="Ann">"q"</span> said Ann' in html
    crossing = str(text_to_html('*she said "no* way"', [Span(10, 19, "X", "q s1")]))
    assert crossing.count("<em>") == crossing.count("</em>") and crossing.count("<span") == crossing.count("</span>")
    assert str(text_to_html("")) == ""
    nasty = str(text_to_html("x", [Span(0, 1, '"><script>', "q")]))  # a speaker name is text too
    assert "<script>" not in nasty and "&lt;script&gt;" in nasty


# -- corrections -----------------------------------------------------------------------------

def _token(client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_edit_form_needs_a_valid_csrf_token(client, library):
    wid = work_id(library, "title:Cartographer")
    url = f"/works/{wid}/edit"
    token = _token(client, url)
    assert client.post(url, data={"title": "Hijacked"}).status_code == 403
    assert client.post(url, data={"title": "Hijacked", "csrf_token": "abc.def"}).status_code == 403
    assert client.post(url, data={"title": "Hijacked", "csrf_token": token},
                       headers={"origin": "http://evil.example"}).status_code == 403
    with TestClient(client.app, base_url=BASE) as stranger:  # the token without its cookie
        assert stranger.post(url, data={"title": "Hijacked", "csrf_token": token}).status_code == 403
    with Library(library) as lib:
        assert lib.get(wid).title == "The Cartographer's Apprentice"


def test_edit_form_stores_corrections_like_the_cli(client, library):
    wid = work_id(library, "title:Cartographer")
    url = f"/works/{wid}/edit"
    token = _token(client, url)
    r = client.post(url, data={"csrf_token": token, "title": "The Cartographer's Apprentice",
                               "rating": "Mature", "characters": "Agathe\nJory\nOld Brune's Cat",
                               "categories_present": "1", "categories": ["Gen"]},
                    headers={"origin": BASE}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/works/{wid}?corrected=1"
    with Library(library) as lib:
        work = lib.get(wid)
        fields = {o.field for o in lib.overrides(wid)}
    assert work.rating == "Mature" and "Old Brune's Cat" in work.characters
    assert work.provenance["rating"].source == "user"
    assert fields == {"rating", "characters"}  # untouched fields keep what was read
    bad = client.post(url, data={"csrf_token": token, "rating": "Very Spicy"}, headers={"origin": BASE})
    assert bad.status_code == 400 and "not a rating" in bad.text
    page = client.get(f"/works/{wid}").text
    assert "Old Brune&#39;s Cat" in page and "corrected" in page


def test_read_only_server_has_no_edit_pages(library):
    wid = work_id(library, "title:Lamplighter")
    with TestClient(create_app(library, read_only=True), base_url=BASE) as c:
        assert "Edit tags" not in c.get(f"/works/{wid}").text
        assert c.get(f"/works/{wid}/edit").status_code == 404
        assert c.post(f"/works/{wid}/reanalyze").status_code in (404, 405)
        assert "read-only" in c.get("/works").text


def test_host_check_rejects_other_names(library):
    app = create_app(library, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url=BASE) as c:
        assert c.get("/works").status_code == 200
        assert c.get("/works", headers={"host": "attacker.example"}).status_code == 400


# -- the command line and the samples -----------------------------------------------------------

def test_demo_builds_its_library_once(tmp_path):
    from typer.testing import CliRunner
    from ficarchive.cli import app
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--no-serve", "--library", str(tmp_path / "demo")])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["demo", "--no-serve", "--library", str(tmp_path / "demo")])
    assert again.exit_code == 0
    n = len(story_paths())
    assert f"({n} works," in first.output and f"({n} works," in again.output


def test_serve_without_a_library_is_one_line(tmp_path):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "ficarchive.cli", "serve", "--library", str(tmp_path / "none.db")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.startswith("ficarchive: error: ") and len(r.stderr.strip().splitlines()) == 1


def test_samples_cover_the_formats_and_the_epub_is_current():
    from ficarchive.samples import make_epub
    suffixes = {p.suffix for p in story_paths()}
    assert suffixes == {".txt", ".html", ".epub", ".md"} and len(story_paths()) >= 5
    assert make_epub.main(["--check"]) == 0


# -- connections ------------------------------------------------------------------------------

def test_requests_share_a_few_libraries_and_keep_their_columns(library):
    """Requests borrow one of at most `size` Library objects in turn, so a search's kept columns
    (built on a connection's second search) serve later requests whatever thread runs them."""
    import threading

    app = create_app(library)
    libraries = app.state.web.libraries
    with TestClient(app, base_url=BASE) as c:
        assert c.get("/api/search", params={"q": "the"}).status_code == 200
        first = list(libraries._all)
        for _ in range(5):
            assert c.get("/api/search", params={"q": "the"}).status_code == 200
        assert libraries._all == first and len(first) == 1  # one request at a time: one Library, reused
        assert first[0]._columns.pks is not None  # its second search built the kept columns, and they stayed
        results, threads = [], [threading.Thread(target=lambda: results.append(
            c.get("/api/search", params={"q": "tea"}).status_code)) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * 12
        assert 1 <= len(libraries._all) <= libraries.size
        assert sorted(map(id, libraries._idle)) == sorted(map(id, libraries._all))  # every one given back
    assert not libraries._all  # closed with the server
