"""`text_chars.char_at`: the character typed code reads at a place in a str,
plain, and compiled (`text_chars.pxd`) through a walk that cimports it."""
import re

from hypothesis import given, settings, strategies as st

from ficarchive.dialogue.text_chars import char_at, word_char
from ficarchive.fandom import name_scan

# ASCII, Latin-1, two-byte and four-byte characters: every kind of str buffer.
_TEXT = st.text(alphabet=st.sampled_from(list("Ab c'’-.\n") + ["é", "Ł", "“", "\u212a", "İ", "\U0001d400"]),
                max_size=60)


@given(_TEXT, st.data())
def test_char_at_is_indexing(text, data):
    if text:
        p = data.draw(st.integers(0, len(text) - 1))
        assert char_at(text, p) == text[p]


def test_word_char_is_the_regex_engines_word_class():
    word = re.compile(r"\w")
    for code in range(0x3000):
        ch = chr(code)
        assert word_char(ch) == (word.match(ch) is not None), hex(code)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_a_compiled_walk_reads_every_kind_of_text_as_the_regex_does(text):
    for word in ("Ab", "é", "c'", "\U0001d400"):
        assert name_scan.occurs_as_word(text, word) == _occurs(text, word), name_scan.COMPILED


def _occurs(text, word):
    return re.search(r"(?<![\w'])" + re.escape(word) + r"(?!\w)", text) is not None
