"""EPUB export: epubcheck-clean, round-trips through the EPUB reader, carries
the OPF metadata calibre and e-readers use, escapes hostile text, and is
byte-for-byte reproducible."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from conftest import shared_or_skip
from test_export_helpers import (corpus_works, epubcheck_available, epubcheck_many, fixture_works,
                                 roundtrip_problems)
from ficarchive.export import write_documents
from ficarchive.export.epub import DC_NS, OPF_NS, epub_bytes
from ficarchive.model import Chapter, Note, Series, Source, Work
from ficarchive.structure import parse_bytes

FIXTURE_WORKS = fixture_works()


def make_work(**fields) -> Work:
    base = dict(id="ab" * 32, source=Source("x.txt", "txt", "utf-8", "ab" * 32, 10), title="A Title",
                authors=["Someone"], language="en",
                chapters=[Chapter(1, None, "One paragraph here.\n\nAnother one.", word_count=5)], word_count=5)
    base.update(fields)
    return Work(**base)


def opf(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("EPUB/content.opf"))


@pytest.mark.parametrize("work", FIXTURE_WORKS, ids=lambda w: w.source.path.rsplit("/", 1)[-1])
def test_fixture_epub_reads_back_as_the_same_work(work):
    back = parse_bytes("export.epub", epub_bytes(work))
    assert roundtrip_problems(work, back) == []


def test_corpus_epubs_read_back_as_the_same_works():
    shared_or_skip()
    problems = {}
    for work in corpus_works():
        found = roundtrip_problems(work, parse_bytes("export.epub", epub_bytes(work)))
        if found:
            problems[work.source.path] = found
    assert problems == {}


def test_epubcheck_reports_nothing_for_fixture_and_corpus_exports(tmp_path):
    if not epubcheck_available():
        pytest.skip("epubcheck is not installed (apt-get install epubcheck; .ci/run does)")
    works = FIXTURE_WORKS + (corpus_works() if shared_or_skip_quiet() else [])
    paths = list(write_documents(works, "epub", tmp_path))
    assert len(paths) == len(works)
    results = epubcheck_many(paths, tmp_path)
    assert len(results) >= min(12, len(paths))
    bad = {p.name: r for p, r in results.items() if r[:3] != (0, 0, 0)}
    assert bad == {}


def shared_or_skip_quiet() -> bool:
    try:
        shared_or_skip()
        return True
    except pytest.skip.Exception:
        return False


def test_zip_layout_mimetype_first_and_stored():
    data = epub_bytes(FIXTURE_WORKS[0])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/epub+zip"
        names = zf.namelist()
    assert data[30:38] == b"mimetype" and not first.extra
    assert {"META-INF/container.xml", "EPUB/content.opf", "EPUB/toc.ncx", "EPUB/nav.xhtml",
            "EPUB/preface.xhtml"} <= set(names)


def test_same_work_gives_the_same_bytes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    work = FIXTURE_WORKS[3]
    assert epub_bytes(work) == epub_bytes(work)
    with zipfile.ZipFile(io.BytesIO(epub_bytes(work))) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    modified = opf(epub_bytes(work)).find(f".//{{{OPF_NS}}}meta[@property='dcterms:modified']").text
    assert modified == "2023-11-14T22:13:20Z"


def test_opf_metadata_for_calibre_and_e_readers():
    work = make_work(authors=["Ann", "Bo"], summary="What happens.", fandoms=["Fandom X"], rating="Mature",
                     warnings=["No Archive Warnings Apply"], categories=["F/F"], relationships=["A/B"],
                     characters=["A", "B"], additional_tags=["Angst"], series=[Series("The Cycle", 3)],
                     header_fields={"published": "2004-05-06", "updated": "2005-01-02"})
    root = opf(epub_bytes(work))
    dc = lambda name: [e.text for e in root.iter(f"{{{DC_NS}}}{name}")]  # noqa: E731
    assert dc("title") == ["A Title"]
    assert dc("creator") == ["Ann", "Bo"]
    assert dc("identifier") == [work.id]
    assert dc("language") == ["en"]
    assert dc("description") == ["What happens."]
    assert dc("subject") == ["Mature", "No Archive Warnings Apply", "F/F", "Fandom X", "A/B", "A", "B", "Angst"]
    assert dc("date") == ["2004-05-06"]
    metas = {m.get("name"): m.get("content") for m in root.iter(f"{{{OPF_NS}}}meta") if m.get("name")}
    assert metas == {"calibre:series": "The Cycle", "calibre:series_index": "3"}
    props = {(m.get("property"), m.get("refines")): m.text for m in root.iter(f"{{{OPF_NS}}}meta")}
    assert props[("belongs-to-collection", None)] == "The Cycle"
    assert props[("collection-type", "#series1")] == "series"
    assert props[("group-position", "#series1")] == "3"
    assert props[("dcterms:modified", None)] == "2005-01-02T00:00:00Z"


def test_preface_is_the_archive_tag_list():
    work = make_work(rating="Explicit", fandoms=["F1", "F2"], series=[Series("S", 2)], complete=True)
    with zipfile.ZipFile(io.BytesIO(epub_bytes(work))) as zf:
        page = etree.fromstring(zf.read("EPUB/preface.xhtml"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    labels = [dt.text for dt in page.iterfind(".//h:dl[@class='tags']/h:dt", ns)]
    assert labels == ["Rating:", "Fandom:", "Language:", "Series:", "Stats:"]
    fandoms = [a.text for a in page.iterfind(".//h:dl/h:dd[2]/h:a", ns)]
    assert fandoms == ["F1", "F2"]
    stats = page.find(".//h:dl/h:dd[5]", ns).text
    assert "Words: 5" in stats and "Chapters: 1/1" in stats


def test_hostile_text_stays_text():
    evil = ('<script>alert(1)</script> ]]> &amp; <img src=x onerror=alert(2)>\x00\x07\ufffe'
            '\n\n* * *\n\n<a href="http://evil.example/">click</a> *fine*')
    work = make_work(title="<b>T</b> & \x01", authors=["<i>me</i>"], summary=evil, fandoms=["<x>"],
                     chapters=[Chapter(1, "<h1>", evil, notes=[evil])],
                     notes=[Note("chapter", evil, 1), Note("end", evil)])
    data = epub_bytes(work)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                root = etree.fromstring(zf.read(name))  # well-formed XML
                tags = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
                assert not tags & {"script", "img", "iframe", "object"}
                assert not any(a.startswith("on") for e in root.iter() if isinstance(e.tag, str) for a in e.attrib)
                hrefs = [e.get("href") for e in root.iter() if isinstance(e.tag, str) and e.get("href")]
                assert not [h for h in hrefs if "evil" in h]
        chapter = zf.read("EPUB/chapter_001.xhtml").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chapter
    assert '<hr class="scene-break"/>' in chapter and "<em>fine</em>" in chapter
    back = parse_bytes("x.epub", data)
    assert "<script>alert(1)</script>" in back.chapters[0].text
    assert back.title == "<b>T</b> &"


def test_scene_breaks_and_emphasis_become_markup():
    text = "First *scene* with **bold** and ***both***.\n\n* * *\n\nSecond scene,\nwith a line break."
    work = make_work(chapters=[Chapter(1, "Start", text, scenes=2)])
    with zipfile.ZipFile(io.BytesIO(epub_bytes(work))) as zf:
        chapter = zf.read("EPUB/chapter_001.xhtml").decode()
    assert "<em>scene</em>" in chapter and "<strong>bold</strong>" in chapter
    assert "<strong><em>both</em></strong>" in chapter
    assert chapter.count('<hr class="scene-break"/>') == 1 and "Second scene,<br/>with" in chapter
    assert '<h2 class="heading">Chapter 1: Start</h2>' in chapter
    # (how a lone line break reads back is the plain-text reader's call on spacing)
    work.chapters[0].text = text.replace(",\n", ", ")
    back = parse_bytes("x.epub", epub_bytes(work))
    assert back.chapters[0].text == work.chapters[0].text and back.chapters[0].scenes == 2


def test_series_without_a_part_comes_back_from_the_opf():
    work = make_work(series=[Series("Loose Threads", None)])
    assert parse_bytes("x.epub", epub_bytes(work)).series == [Series("Loose Threads", None)]


def test_unrated_work_keeps_its_tags_apart():
    work = make_work(fandoms=["Fandom Y"], characters=["Cee"], additional_tags=["Fluff"])
    back = parse_bytes("x.epub", epub_bytes(work))
    assert (back.fandoms, back.characters, back.additional_tags, back.rating) == (["Fandom Y"], ["Cee"], ["Fluff"], None)
