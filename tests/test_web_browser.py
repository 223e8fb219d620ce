"""The web reader in a real browser: Playwright driving Debian's Chromium
(never a downloaded one) against a server on a free loopback port.

Screenshots of the index, a work, the dialogue view and the statistics go to
test-artifacts/screenshots/ (not committed) for a person to look at.
"""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from ficarchive.library import Library
from ficarchive.web import create_app

from test_web_http import XSS_PAYLOADS, build_library, live_markup, work_id

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is in the test extra")
if not Path(CHROMIUM).exists():  # .ci/run installs it; a developer machine may not have it
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


class Server:
    """uvicorn in a thread on a free 127.0.0.1 port; stops when the tests are done."""

    def __init__(self, app):
        import uvicorn
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return build_library(tmp_path_factory.mktemp("browserlib"))


@pytest.fixture(scope="module")
def base(library) -> str:
    app = create_app(library, allowed_hosts=["127.0.0.1", "localhost"])
    with Server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


class Watch:
    """What a page did that it must not: dialogs (alert), requests off this
    server (blocked before they leave), script errors, CSP violations."""

    def __init__(self, page, base: str):
        self.dialogs: list[str] = []
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)

        def only_local(route):
            if route.request.url.startswith(base) or route.request.url.startswith("data:"):
                route.continue_()
            else:
                self.remote.append(route.request.url)
                route.abort()
        page.route("**/*", only_local)


@pytest.fixture
def page(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.watch = Watch(pg, base)
    yield pg
    context.close()


def shot(page, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def titles(page) -> list[str]:
    return page.locator("ol.works a.work-link").all_inner_texts()


def test_search_from_the_header(page, base):
    page.goto(base + "/works")
    assert len(titles(page)) >= 6
    shot(page, "index")
    page.fill("#site-q", "lamps")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"q=lamps"))
    assert titles(page) == ["The Lamplighter's Daughter"]
    assert page.watch.errors == [] and page.watch.console == []


def test_filter_include_and_exclude_with_a_shareable_url(page, base, browser):
    page.goto(base + "/works")
    page.check('input[name="exc"][value="category:Gen"]')
    page.click("#filter-form button.primary >> nth=0")
    page.wait_for_url(re.compile(r"exc=category%3AGen"))
    shown = titles(page)
    assert "The Long Way Round" not in shown and "Tea at the End of the World" not in shown
    assert "What the Hellmouth Keeps" in shown
    page.check('input[name="inc"][value="fandom:Star Trek: The Next Generation"]')
    page.click("#filter-form button.primary >> nth=0")
    page.wait_for_url(re.compile(r"inc=fandom"))
    assert titles(page) == ["Night Shift on Deck Ten"]
    assert page.locator("ul.chosen li").count() == 2
    shared = browser.new_page()  # the same address in a fresh window shows the same results
    shared.goto(page.url)
    assert titles(shared) == ["Night Shift on Deck Ten"]
    shared.close()
    page.click("ul.chosen li.include a")  # take the fandom back off
    page.wait_for_url(lambda url: "inc=" not in url)
    assert "What the Hellmouth Keeps" in titles(page) and "The Long Way Round" not in titles(page)


def test_checking_include_unchecks_exclude(page, base):
    page.goto(base + "/works")
    exclude = page.locator('input[name="exc"][value="category:Gen"]')
    include = page.locator('input[name="inc"][value="category:Gen"]')
    exclude.check()
    include.check()
    assert include.is_checked() and not exclude.is_checked()


def test_open_a_work_and_move_between_chapters(page, base):
    page.goto(base + "/works")
    page.click("text=What the Hellmouth Keeps")
    page.wait_for_url(re.compile(r"/works/[0-9a-f]{64}$"))
    assert page.locator("section.chapter").count() == 3
    assert page.locator("hr.scene-break").count() >= 1
    shot(page, "work", full=False)
    page.click("#by-chapter")
    page.wait_for_url(re.compile(r"/chapters/1$"))
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/chapters/2$"))
    assert "What It Wrote" in page.inner_text("h2.chapter-title")
    page.select_option("#chapter-select", "3")
    page.wait_for_url(re.compile(r"/chapters/3$"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"/chapters/2$"))
    page.click("#entire-work")
    page.wait_for_url(re.compile(r"/works/[0-9a-f]{64}$"))
    assert page.locator("section.chapter").count() == 3


def test_dark_mode_and_reading_settings_are_kept(page, base, library):
    wid = work_id(library, "title:Lamplighter")
    page.goto(f"{base}/works/{wid}")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.click("#theme-toggle")
    assert page.get_attribute("html", "data-theme") == "dark"
    page.click("#comfort button[data-action=font-up]")
    size = page.evaluate("getComputedStyle(document.querySelector('.work-text')).fontSize")
    page.reload()
    assert page.get_attribute("html", "data-theme") == "dark"
    assert page.evaluate("getComputedStyle(document.querySelector('.work-text')).fontSize") == size == "19px"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light and sum(int(x) for x in re.findall(r"\d+", dark)[:3]) < 150
    page.goto(base + "/stats")  # the theme is the site's, not one page's
    assert page.get_attribute("html", "data-theme") == "dark"
    shot(page, "stats-dark", full=False)
    page.click("#theme-toggle")
    assert page.get_attribute("html", "data-theme") == "light"


def test_evidence_of_an_inferred_tag(page, base, library):
    wid = work_id(library, "title:Hellmouth")
    page.goto(f"{base}/works/{wid}")
    why = page.locator("dd.relationships details.why.inferred").first
    assert not why.locator(".why-body").is_visible()
    why.locator("summary").click()
    body = why.locator(".why-body")
    assert body.is_visible()
    text = body.inner_text()
    assert "Inferred from the text" in text and "romance weight" in text and "%" in text
    assert "kissed" in text  # the sentences the relationship was read from
    shot(page, "evidence", full=False)


def test_dialogue_view_and_speaker_colours(page, base, library):
    wid = work_id(library, "title:Hellmouth")
    page.goto(f"{base}/works/{wid}")
    page.click("#dialogue-link")
    page.wait_for_url(re.compile(r"/dialogue$"))
    assert page.locator("table.speakers tbody tr").count() >= 2
    assert "Willow Rosenberg" in page.inner_text("table.speakers")
    assert page.locator("figure.chart rect.bar").count() >= 2
    shot(page, "dialogue")
    page.goto(f"{base}/works/{wid}/chapters/3")
    quote = page.locator("span.q.s0").first
    before = quote.evaluate("e => getComputedStyle(e).color")
    page.click("#show-speakers")
    assert page.get_attribute("html", "data-speakers") == "on"
    assert quote.evaluate("e => getComputedStyle(e).color") != before


def test_correction_survives_reanalyze(page, base, library):
    wid = work_id(library, "title:Night Shift")
    page.goto(f"{base}/works/{wid}")
    page.click("#edit-link")
    page.select_option("#f-rating", "Teen And Up Audiences")
    page.fill("#f-additional_tags", page.input_value("#f-additional_tags") + "\nSickbay")
    page.click("#save")
    page.wait_for_url(re.compile(r"corrected=1"))
    assert "Teen And Up Audiences" in page.inner_text("dd.rating")
    assert "Sickbay" in page.inner_text("dd.additional_tags")
    assert page.locator("dd.rating details.why summary").inner_text() == "corrected"
    page.click("#edit-link")
    page.click("#reanalyze")
    page.wait_for_url(re.compile(r"reanalyzed=1"))
    assert "Teen And Up Audiences" in page.inner_text("dd.rating")
    assert "Sickbay" in page.inner_text("dd.additional_tags")
    with Library(library) as lib:  # and through the library's own reanalyze, as the CLI runs it
        lib.reanalyze(f"id:{wid}", jobs=1)
    page.reload()
    assert "Teen And Up Audiences" in page.inner_text("dd.rating")
    page.goto(f"{base}/works?inc=tag:Sickbay")
    assert titles(page) == ["Night Shift on Deck Ten"]


def test_hostile_stories_run_nothing(page, base, library):
    assert len(XSS_PAYLOADS) >= 30
    pages = ["/works", "/works?q=alert", "/tags", "/stats"]
    for query in ("title:Hostile", "title:Archive", "title:Markdown"):
        wid = work_id(library, query)
        pages += [f"/works/{wid}", f"/works/{wid}/chapters/1", f"/works/{wid}/dialogue", f"/works/{wid}/edit"]
    for url in pages:
        page.goto(base + url)
        page.wait_for_load_state("load")
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # no ontoggle
        page.wait_for_timeout(50)
        page.mouse.move(300, 300)
        assert live_markup(page.content()) == [], url
        executed = page.evaluate("""() => [...document.scripts].filter(s => !s.src.includes('/static/')).length""")
        assert executed == 0, url
    assert page.watch.dialogs == []
    assert page.watch.remote == []
    assert page.watch.errors == []
    wid = work_id(library, "title:Hostile")
    page.goto(f"{base}/works/{wid}")
    assert "<script>alert('x1')</script>" in page.inner_text("article")  # shown as the words it is
    shot(page, "hostile", full=False)
