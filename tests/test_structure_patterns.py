"""The reading core's fast patterns agree with the plain forms they replace.

Speed-ups rewrote a few of the reading core's tests (one regex pass over the
text instead of a call per line; split-and-join instead of a substitution).
Each is checked here against the plain form on generated text, including the
characters that fold unlike their lower case (`K` Kelvin, long `s`, dotted
and dotless `i`) and the odd whitespace Python's `str.split` knows.
"""
from itertools import accumulate
import re

from hypothesis import given, settings, strategies as st

from ficarchive.structure.draft import collapse
from ficarchive.structure.patterns import could_be_marker, marker_lines

# The per-line test as first written: a line might be a heading, a separator or
# an end marker when it opens (after any decoration) with one of these words,
# or with a mark character, or with a tab.
_PLAIN_START = re.compile(
    r"[\s\[(*_#=~\-<>.]*(?:chap|ch\.|part|book|section|episode|act|prologue|epilogue|interlude|afterword|coda|"
    r"preface|foreword|the\s+(?:very\s+)?end|fin|end|owari|kraj|ende|complete|t\.?b\.?c|to\s|continued|cont|more\s|next:)",
    re.IGNORECASE)
_MARKS = frozenset("*~#=_+-.•·°§^<>|/\\:")
# these open a scene break (`o`, `oOo`, `x x`, `0-0`) only before a space, one of
# them, `*`, `~`, `-` or nothing
_LETTER_MARKS = frozenset("oO0xX")
_AFTER_LETTER_MARK = frozenset("*~-") | _LETTER_MARKS


def plain_could_be_marker(line: str) -> bool:
    stripped = line.strip()
    if stripped[:1] in _LETTER_MARKS and (not stripped[1:2] or stripped[1].isspace() or stripped[1] in _AFTER_LETTER_MARK):
        return True
    return stripped[:1] in _MARKS or line[:1] == "\t" or _PLAIN_START.match(stripped) is not None


_PIECES = st.sampled_from(
    list("\r\u212a\u017f\u0130\u0131 \t\x0b\x0c\x1c\x85\xa0\u2028\u3000[](*_#=~-<>.+•·°§^|/\\:oO0xXKſ")
    + ["\u017fection", "\u212araj", "\u0130nterlude", "chap", "Ch.", "PART", "book", "the", "to", "more", "end",
       "fin", "tbc", "t.b.c", "next:", "cont", "The", "TO", "MORE", "Epilogue", "x", "a", "b", "She said", " ",
       "very", "VERY", "End", "river", "Outside", "On"])
_LINES = st.lists(st.lists(_PIECES, max_size=7).map("".join), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_marker_lines_match_the_plain_per_line_test(lines):
    text = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    found = marker_lines(text, starts)
    for i, line in enumerate(lines):
        expected = plain_could_be_marker(line)
        assert could_be_marker(line, line.strip()) == expected, line
        assert (i in found) == expected, line


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000\u200b")),
               max_size=40))
def test_collapse_matches_the_plain_substitution(text):
    assert collapse(text) == re.sub(r"\s+", " ", text).strip()
