"""The one-line title test (a paragraph is the commonest block of a short
work's front) agrees with the block test as first written, on generated
lines full of near misses: by-lines, decorations, series words, capitals in
and out of ASCII, centred and long lines."""

from hypothesis import given, settings, strategies as st

from ficarchive.structure import patterns as pat
from ficarchive.structure.front import _is_title_block, _is_title_line, _series_line


def plain_title_block(raw, stripped):
    """`_is_title_block` as first written, every test on every line."""
    if any(pat.byline(s) or pat.bare_by(s) for s in stripped):
        return True
    if len(stripped) == 1:
        s = stripped[0]
        if pat.title_by(s) or pat.decorated_title(s) or _series_line(s):
            return True
        if len(s.split(None, 19)) > 18:
            return False
    else:
        if len(stripped) <= 3 and any(_series_line(s) for s in stripped[1:]):
            return True
        if sum(len(s.split(None, 19)) for s in stripped) > 18:
            return False
    if all(pat.is_centred(r) or pat.is_separator(s) for r, s in zip(raw, stripped)):
        return True
    letters = "".join(filter(str.isalpha, "".join(stripped)))
    return bool(letters and sum(map(str.isupper, letters)) / len(letters) > 0.8 and not stripped[-1].endswith(("?", "!")))


_PIECES = st.sampled_from(
    ["by", "By", "BY", "written", "Written by", " by ", "Sam", "THE", "END", "Part", "part", "II", "4", "Book",
     "series", "Story", "~", "*", "=", "<<", ">>", "[", "]", "-", " ", "  ", "\t", "\u00a0", "\u3000", ":", "?", "!",
     ".", "...", "a", "the", "quiet", "É", "é", "ß", "İ", "ı", "ſ", "\u212a", "Ⓐ", "Ⅱ", "ǅ", "中", "’", "“",
     "HELLO", "WORLD", "word", "x"])
_LINES = st.lists(_PIECES, min_size=1, max_size=40).map("".join) | st.text(min_size=1, max_size=60)


@settings(max_examples=1500, deadline=None)
@given(_LINES, st.sampled_from(["", "        ", "\t\t\t", "                              "]))
def test_one_line_title_test_matches_the_block_test(line, indent):
    s = line.strip()
    if not s:
        return
    raw = indent + line
    assert _is_title_line(raw, s) == plain_title_block([raw], [s])
    assert _is_title_block([raw], [s]) == plain_title_block([raw], [s])


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINES, min_size=2, max_size=5))
def test_several_line_blocks_unchanged(block):
    stripped = [s.strip() for s in block]
    if not all(stripped):
        return
    assert _is_title_block(block, stripped) == plain_title_block(block, stripped)


def test_capitals_decide_a_short_line():
    assert _is_title_line("THE LAST WORD", "THE LAST WORD")
    assert _is_title_line("ÉTÉ ÉTERNEL", "ÉTÉ ÉTERNEL")  # not ASCII: counted letter by letter
    assert not _is_title_line("THE LAST WORD?", "THE LAST WORD?")
    assert not _is_title_line("She went home.", "She went home.")
    assert not _is_title_line("Élodie went home.", "Élodie went home.")
