"""The name finder's typed scan (`fandom/name_scan.py`) finds what the regex
loop it replaces finds (`NameFinder._latin` and the `_CJK` check), and the
windowed look-backs of `acts_as_name` say what the whole-window searches said.
Checked on generated text full of near misses: capitals after apostrophes and
hyphens, possessives, forms of two and more words, non-ASCII letters, digits,
spaces and CJK."""


import pytest
from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.fandom import name_scan, names
from ficarchive.fandom.knowledge import default_knowledge
from ficarchive.understand import _finder

_PIECES = st.sampled_from(
    ["Buffy", "Will", "Willow", "Red", "the Slayer", "The Slayer", "THE SLAYER", "Rupert Giles", "Giles", "Mr.",
     "Jean-Luc Picard", "Jean-Luc", "O'Brien", "O’Brien", "T'Pol", "A. Z. Fell", "I am Sherlocked", "He Who Must Not",
     "SPIKE", "Spike", "'s", "’s", "'S", "'st", "-like", "-", "'", "’", "_", "x", "s", "É", "Über", "×", "ǅ", "Ⅻ", "٣",
     "3", " ", "  ", ". ", "\n", "\t", "\u00a0", "\u2003", ",", "\"", "吻", "ぁ", "\u3040", "\u30ff", "\u3100",
     "\u33ff", "\u3400", "\u9fff", "\ua000", "\uac00", "\ud7af", "\ud7b0", "\U00020000", "Data", "House", "Wilson"])


@pytest.fixture(scope="module")
def finder():
    return _finder(default_knowledge())


def _plain(finder, text):
    return finder._latin(text), names._CJK.search(text) is not None


@pytest.mark.skipif(not name_scan.COMPILED, reason="the typed scan is not built here (names keeps its regex loop)")
@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=60))
def test_the_typed_scan_finds_what_the_regex_loop_finds(finder, text):
    assert name_scan.capitalised_forms(text, finder.index, names._bounded) == _plain(finder, text)


def test_the_scan_as_python_finds_the_same(finder):
    """The same source run as plain Python (as where no build was made) reads the same."""
    plain = as_python(name_scan)
    assert not plain.COMPILED
    text = "Rupert Giles said the Slayer's name. O'Brien, Jean-Luc Picard and Spike-like Will walked. 吻 Buffy’s"
    assert plain.capitalised_forms(text, finder.index, names._bounded) == _plain(finder, text)


def test_a_found_name_keeps_its_place_and_length(finder):
    hits = finder.find("Then Rupert Giles turned. Willow's book fell; THE SLAYER stood.")
    assert [(h.start, h.end, h.surface) for h in hits][:2] == [(5, 17, "Rupert Giles"), (26, 32, "Willow")]


# acts_as_name as first written: each look-back searched over the whole window.
def _acts_whole_window(text, start, end):
    if not text[start].isupper():
        return False
    if names._NEXT_CAPITALISED.match(text, end):
        return False
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    if names._AFTER_NAME.match(after):
        return not names._PRONOUN_AFTER.match(after)
    if names._SENTENCE_START.search(before):
        return False
    return bool(names._BEFORE_NAME.search(before)) or before.rstrip()[-1:].isalpha() and before.rstrip()[-1:].islower()


_CONTEXT = st.sampled_from(
    [" ", "  ", "\n", "\t", "\u00a0", "\u2003", ".", ",", "!", "?", "\"", "”", "“", ":", ";", "'s", "’", "said",
     "and", "thanks", "thank", "thanks,", "with", "he", "you", "walked", "jumped", "by", "a", "b", "X", "wouldn't",
     "whispered", "behind", "Square", " Square", "ed", "told", "_", "3"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_CONTEXT, max_size=12).map("".join), st.sampled_from(["Will", "Red", "will", "Dawn"]),
       st.lists(_CONTEXT, max_size=8).map("".join))
def test_acts_as_name_reads_only_the_end_of_the_window_it_needs(before, name, after):
    text = before + name + after
    start, end = len(before), len(before) + len(name)
    assert names.acts_as_name(text, start, end) == _acts_whole_window(text, start, end)


def test_will_as_a_verb_and_as_a_name():
    text = "Will you come? she asked. Later, said Will, it was late."
    assert not names.acts_as_name(text, 0, 4)
    at = text.index("Will,")
    assert names.acts_as_name(text, at, at + 4)


_WORD_PIECES = st.sampled_from(["an", "ann", "Ann", "'", "’", "_", "-", "1", "é", "ß", "٣", " ", "\n", ".", "x", "nn"])


@pytest.mark.parametrize("module", [name_scan, as_python(name_scan)], ids=["built", "plain"])
@settings(max_examples=300, deadline=None)
@given(text=st.lists(_WORD_PIECES, max_size=60).map("".join), word=st.sampled_from(["an", "ann", "nn", "a", "n'", "é"]))
def test_a_word_occurs_in_the_typed_reading_as_its_pattern_finds_it(module, text, word):
    # every place is read by hand here, past the sixteen `names.occurs_as_word` reads before its pattern
    assert module.occurs_as_word(text, word) == (names._as_word(word).search(text) is not None)
