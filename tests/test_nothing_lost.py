"""Every character of the decoded text is assigned to exactly one part."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expectations import FIXTURES, SHARED
from ficarchive.ingest.decode import decode
from ficarchive.structure.lines import KINDS
from ficarchive.structure.plaintext import parse_plaintext


def assert_partition(text: str) -> None:
    draft = parse_plaintext(text)
    segs = draft.segments
    assert segs, "no segments"
    assert segs[0].start == 0
    assert segs[-1].end == len(text)
    for a, b in zip(segs, segs[1:]):
        assert a.end == b.start, f"gap or overlap at {a.end}/{b.start}"
    for s in segs:
        assert s.kind in KINDS and s.end > s.start
    assert "".join(text[s.start:s.end] for s in segs) == text
    # the story text comes only from body parts
    body = " ".join(text[s.start:s.end] for s in segs if s.kind == "body").split()
    told = " ".join(c.text() for c in draft.chapters).replace("* * *", " ").split()
    assert len(told) == len(body) or abs(len(told) - len(body)) <= 2 * len(draft.chapters)


def _text_files():
    files = [p for p in (FIXTURES / "styles").glob("*.txt")]
    if SHARED.is_dir():
        files += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "fetched").glob("*.txt"))
    return files


@pytest.mark.parametrize("path", _text_files(), ids=lambda p: p.name)
def test_files_partition(path: Path):
    text, _ = decode(path.read_bytes())
    assert_partition(text)


_HEADER_LINES = st.sampled_from([
    "Title: The Long Way Round", "Author: someone", "Rating: PG-13", "Pairing: S/W", "Summary: Things happen.",
    "Disclaimer: Not mine.", "A/N: thanks to my beta!", "~A Decorated Title~", "by Some Author", "Chapter 1",
    "Chapter Two: The Road", "Part III", "Prologue", "***", "~~~", "oOo", "xXx", "-----", "* * *", "The End",
    "TBC", "Fin", "From: a@b.example (A Person)", "Subject: Story (1/2)", "Newsgroups: alt.fan.test", "-- ",
    "    centred words", "End file.",
])
_PROSE = st.text(alphabet=st.sampled_from(list("abcdefghij klmnop.,\"'!?ABCDE\t")), min_size=0, max_size=80)
_LINE = st.one_of(_HEADER_LINES, _PROSE, st.just(""))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=40), st.sampled_from(["\n", "\n\n"]))
def test_generated_text_partitions(lines, joiner):
    text = joiner.join(lines)
    if not text.strip():
        return
    assert_partition(text)


# The body reader skips the heading, scene-break and end-marker tests for lines
# that `could_be_marker` rules out; that first look must never hide one.
_MARKER_WORDS = st.sampled_from([
    "Chapter 3", "CHAPTER TWELVE: The Road", "Ch. 4", "Part II", "Book 2", "Prologue", "~Epilogue~", "Foreword",
    "The End", "THE END", "Fin", "fin.", "End", "-- End --", "TBC", "T.B.C.", "To be continued...", "Continued in Part 2",
    "[End of file]", "End file.", "*", "* * *", "oOo", "xXx", "~~~", "-----", "#", "+++", "<>", "§", "owari", "Complete",
    "\t1. A Title", "More to come", "Next: the lake", "Section 5", "Episode 9", "Act III", "Interlude", "ende",
    "The Very End", "the  end", "O", "o o", "x-x", "0", "O~O", "XXX", "o*",
])
_DECOR = st.text(alphabet=st.sampled_from(list(" \t*_#=~-[(<>.")), max_size=4)


def _is_marker(raw: str) -> bool:
    from ficarchive.structure import patterns as pat
    from ficarchive.structure.body import _BOILERPLATE

    return pat.heading(raw) is not None or pat.is_separator(raw) or pat.end_marker(raw) is not None \
        or _BOILERPLATE.match(raw.strip()) is not None


@settings(max_examples=500, deadline=None)
@given(_DECOR, st.one_of(_MARKER_WORDS, _PROSE), _DECOR)
def test_first_look_never_hides_a_marker(before, word, after):
    from ficarchive.structure.patterns import could_be_marker

    raw = before + word + after
    if raw.strip() and _is_marker(raw):
        assert could_be_marker(raw, raw.strip())


def test_first_look_never_hides_a_marker_in_real_lines():
    from ficarchive.structure.patterns import could_be_marker

    for path in _text_files():
        text, _ = decode(path.read_bytes())
        for raw in text.split("\n"):
            if raw.strip() and _is_marker(raw):
                assert could_be_marker(raw, raw.strip()), (path.name, raw)
