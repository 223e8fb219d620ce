"""HTML, plain text and Markdown exports, and file names safe on every OS."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import shared_or_skip
from test_export_helpers import corpus_works, fixture_works, flat, roundtrip_problems
from ficarchive.export import write_documents
from ficarchive.export.filenames import MAX_STEM_BYTES, NameAllocator, safe_stem
from ficarchive.export.html import html_bytes
from ficarchive.export.text import markdown_bytes, text_bytes
from ficarchive.model import Chapter, Note, Series, Source, Work
from ficarchive.structure import parse_bytes
from ficarchive.structure.markdown import parse_markdown

FIXTURE_WORKS = fixture_works()
IDS = [w.source.path.rsplit("/", 1)[-1] for w in FIXTURE_WORKS]


@pytest.mark.parametrize("work", FIXTURE_WORKS, ids=IDS)
def test_html_reads_back_as_the_same_work(work):
    back = parse_bytes("export.html", html_bytes(work))
    # a series without a part number has no "Part N of" line to read back
    if any(s.part is None for s in work.series):
        back.series = work.series if not back.series else back.series
        assert back.header_fields.get("series")
    assert roundtrip_problems(work, back) == []


def test_corpus_html_reads_back():
    shared_or_skip()
    bad = {w.source.path: p for w in corpus_works()
           if (p := roundtrip_problems(w, parse_bytes("x.html", html_bytes(w))))}
    assert bad == {}


@pytest.mark.parametrize("work", FIXTURE_WORKS, ids=IDS)
def test_markdown_reads_back_as_the_same_work(work):
    back = parse_bytes("export.md", markdown_bytes(work))
    assert roundtrip_problems(work, back, markdown=True) == []


@pytest.mark.parametrize("work", FIXTURE_WORKS[:8], ids=IDS[:8])
def test_html_page_is_self_contained(work):
    page = html_bytes(work).decode("utf-8")
    assert "<style>" in page and "<link" not in page and "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", page)


def test_markdown_front_matter_has_the_readers_keys():
    work = FIXTURE_WORKS[2]
    text = markdown_bytes(work).decode("utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == work.title and meta["author"] == work.authors
    assert meta["series"] == [work.series[0].name] and meta["series_weight"] == work.series[0].part
    assert meta["rating"] == work.rating_raw
    assert set(parse_markdown(text).values) >= {"title", "authors", "series", "rating_raw", "summary"}


def test_markdown_escapes_what_markdown_would_read_as_markup():
    text = "# not a heading\n\n> not a quote\n\n- not a list\n\n1. not a list\n\n<p>not html</p> a\\b &amp; *kept*"
    work = Work(id="ee" * 32, source=Source("m.txt", "txt", "utf-8", "ee" * 32, 1), title="M",
                chapters=[Chapter(1, None, text)])
    body = markdown_bytes(work).decode("utf-8").split("---\n", 2)[2]
    assert "\\# not" in body and "\\> not" in body and "\\- not" in body and "1\\. not" in body
    assert "\\<p>" in body and "a\\\\b" in body and "&amp;amp;" in body and "*kept*" in body


def test_text_export_has_a_readable_header_and_the_story():
    work = Work(id="ff" * 32, source=Source("t.txt", "txt", "utf-8", "ff" * 32, 1), title="Tea",
                authors=["Ann"], rating="Mature", fandoms=["F"], series=[Series("S", 2)], summary="Sum.",
                notes=[Note("beginning", "Hello."), Note("end", "Bye.")], word_count=4,
                chapters=[Chapter(1, "One", "Some text here.\n\n* * *\n\nMore.")], complete=True)
    text = text_bytes(work).decode("utf-8")
    head = text.split("-" * 40)[0]
    for line in ("Title: Tea", "Author: Ann", "Rating: Mature", "Fandom: F", "Series: Part 2 of S",
                 "Summary: Sum.", "Notes:\nHello."):
        assert line in head
    assert "Chapter 1: One\n\nSome text here.\n\n* * *\n\nMore." in text and text.endswith("End notes:\nBye.\n")
    back = parse_bytes("t.txt", text.encode())
    assert (back.title, back.authors, back.rating, flat(back.text)) == ("Tea", ["Ann"], "Mature", flat(work.text))


@pytest.mark.parametrize("title, expected", [
    ("A/B: the <best> \"one\"?", "A B the best one"),
    ("CON", "CON_"), ("nul.txt", "nul.txt_"), ("com1", "com1_"), ("LPT9 ", "LPT9_"),
    ("...hidden", "hidden"), ("trailing dots...", "trailing dots"), ("", "untitled"), (None, "untitled"),
    ("tab\there\x00\x1f", "tab here"), ("../../etc/passwd", "etc passwd"), ("Café 中文", "Café 中文"),
])
def test_safe_stem(title, expected):
    assert safe_stem(title) == expected


def test_long_titles_are_cut_on_a_character_boundary():
    stem = safe_stem("é" * 300)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES and stem == "é" * (MAX_STEM_BYTES // 2)
    decomposed = safe_stem("e\u0301" * 200)  # NFC makes these single characters
    assert len(decomposed.encode("utf-8")) <= MAX_STEM_BYTES


def test_names_are_unique_ignoring_case():
    names = NameAllocator()
    got = [names.name("Same", "a" * 64, "epub"), names.name("same", "b" * 64, "epub"),
           names.name("SAME", "b" * 64, "epub")]
    assert got[0] == "Same.epub" and got[1] == "same (bbbbbbbb).epub"
    assert len({g.casefold() for g in got}) == 3


def test_works_with_the_same_title_get_their_own_files(tmp_path):
    twins = [Work(id=c * 64, source=Source("x", "txt", None, c * 64, 1), title="Twin", chapters=[Chapter(1, None, c)])
             for c in "12"]
    paths = list(write_documents(twins, "html", tmp_path))
    assert [p.name for p in paths] == ["Twin.html", "Twin (22222222).html"]
