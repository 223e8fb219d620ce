"""The typed first look at each line's opening (`char_scan.lines_opening_as`
with `patterns._MARKER_OPENINGS`) lets through every line the maybe-marker
pattern matches: checked on every ASCII pair of opening characters, compiled
and plain, and `marker_lines` agrees with the pattern's own pass over a text."""
from itertools import accumulate

from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.structure import char_scan, patterns

PLAIN = as_python(char_scan)
# what may follow a line's first two characters: nothing, the rest of every
# keyword, spaces, marks
_RESTS = ("", " ", "\n", "  x", "*", "-", "~", "o", "apter 1", "ap. 1", ". 1", "ode 2", "mplete", "nt", "art 1", "rt 1",
          "ologue", "eface", "ok 1", "ction", "isode", "ilogue", "d", "t 1", "terword", "terlude", "reword", "n",
          "e end", "e very end", "bc", ".c", "c", " be", "ari", "aj", "re x", "xt:", "ext:", "x:")


def _lines(lines: list[str]) -> tuple[str, list[int]]:
    return "\n".join(lines), list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))


def test_every_ascii_opening_the_table_turns_away_the_pattern_does_not_match():
    for c1 in range(128):
        for c2 in range(128):
            if patterns._MARKER_OPENINGS[c1 * 128 + c2] or chr(c1) in " \n":
                continue
            for rest in _RESTS:
                line = chr(c1) + chr(c2) + rest
                assert patterns._MARKER_LINE.match(line) is None, line


def test_keyword_openings_are_those_of_the_keywords():
    for pair in patterns._KEYWORD_OPENINGS:
        assert any(patterns._MARKER_LINE.match(pair + rest) for rest in _RESTS), pair


_PIECES = st.sampled_from(list(" \t\r\n\x0b\x1c\xa0\u3000\u212a\u017f\u0130*-~[(oxX0aTtCcPp\"'.")
                          + ["The End", "Chapter 1", "part", "she said", "next:", "to be", "Kraj", "\u212araj"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=6).map("".join), min_size=1, max_size=8))
def test_lines_opening_as_lets_through_every_marker_line_compiled_and_plain(lines):
    text, starts = _lines(lines)
    matched = {i for i, start in enumerate(starts) if patterns._MARKER_LINE.match(text, start)}
    for scan in (char_scan, PLAIN):
        through = scan.lines_opening_as(text, starts, patterns._MARKER_OPENINGS)
        assert through == sorted(through) and matched <= set(through)
    assert patterns.marker_lines(text, starts) == matched
    found = {i for i in range(len(starts)) if patterns._MARKER_NEXT_LINE.match("\n" + text, starts[i])}
    assert found == matched


def test_lines_opening_as_edges():
    for scan in (char_scan, PLAIN):
        assert scan.lines_opening_as("", [0], patterns._MARKER_OPENINGS) == []
        assert scan.lines_opening_as("   \n\nT", [0, 4, 5], patterns._MARKER_OPENINGS) == []
        assert scan.lines_opening_as("  o\nTh\n\u00e9", [0, 4, 7], patterns._MARKER_OPENINGS) == [0, 1, 2]
