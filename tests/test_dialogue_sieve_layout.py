"""How a text is laid out (`dialogue/layout_scan.py`), built to C or run as
plain Python, against the regexes it stands for: `detect_layout`'s counts in
a text's opening (`_SPLIT_PUNCT` and `_BLANK_LINE` as `findall` counts them)
and the paragraphs between `_BLANK_LINE` or `_LINE` matches."""
from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import layout, layout_scan

PURE = as_python(layout_scan)
# Line breaks with and without spaces or tabs between them, other white
# space (`\s*` takes it after a blank line), punctuation alone between
# spaces or not, and words, in any order.
PIECES = ["\n", "\n", "\n\n", " ", " ", "\t", "\r", "\u2003", "\u00a0", " , ", " . ", ",", " ;", "! ", " ?",
          ":", "a", "word", "é", "“", "—"]


def _regex_spans(text: str, pattern) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, 200))
def test_counts_are_the_regexes_findall(pieces, size):
    text = "".join(pieces)
    sample = text[:size]
    expected = (sample.count(" "), sample.count("\n"), len(layout._SPLIT_PUNCT.findall(sample)),
                len(layout._BLANK_LINE.findall(sample)))
    for module in (layout_scan, PURE):
        assert module.layout_counts(text, size) == expected, module.COMPILED


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_paragraphs_are_the_text_between_the_regexes_matches(pieces):
    text = "".join(pieces)
    for blank_lines, pattern in ((True, layout._BLANK_LINE), (False, layout._LINE)):
        expected = _regex_spans(text, pattern)
        for module in (layout_scan, PURE):
            assert module.paragraph_spans(text, blank_lines) == expected, (module.COMPILED, blank_lines)


def test_a_layout_reads_paragraphs_and_openings_as_before():
    prose = "He came in.\n\n  \"Hello,\" she said.\n \t\nThey sat.\n\n\n"
    lines = "One line.\nAnother line.\n\nA third.\nA fourth.\nFifth.\nSixth.\nSeventh.\nEighth.\nNinth.\n"
    tokenized = "He said , \" Hello . \"\nShe said : \" Yes ! \"\n"
    assert layout.detect_layout(prose).paragraph_break is layout._BLANK_LINE
    assert layout.detect_layout(prose).paragraphs(prose) == [(0, 11), (15, 33), (37, 46)]
    assert layout.detect_layout(lines).paragraph_break is layout._LINE
    assert layout.detect_layout(lines).paragraphs(lines)[:3] == [(0, 9), (10, 23), (25, 33)]
    assert layout.detect_layout(tokenized) == layout.Layout(tokenized=True, paragraph_break=None)
