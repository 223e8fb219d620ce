"""Understanding's fast paths agree with the plain forms they replace.

A story's own names are new in every story, so compiling a regex for them
cost a third of a millisecond per short work; a handful of names are now
found with `str.find`. Each fast path is checked here against the regex it
stands in for, on generated text full of near misses (names inside longer
words, after hyphens and underscores, overlapping forms, non-Latin letters
and digits at the edges).
"""
import re

from hypothesis import given, settings, strategies as st

from ficarchive.dialogue.mentions import whole_word_spans, whole_words_pattern
from ficarchive.dialogue.original_cast import _names_pattern
from ficarchive.fandom.names import _as_word, occurs_as_word
from ficarchive.structure.language import letter_runs

_FORMS = st.sampled_from(["Ana", "Ana Reyes", "Reyes", "An", "Anab", "Bo", "Bo Bo", "the doctor", "The doctor",
                          "Mr. Reyes", "Mr Reyes", "É", "Éa", "O'Neil", "Anaïs"])
_PIECES = st.sampled_from(["Ana", "Reyes", "An", "Anab", "Bo", "doctor", "the", "The", "Mr.", "Mr", "O'Neil",
                           "É", "a", "ï", "s", "_", "-", "1", "٣", " ", " ", "\n", ".", ",", "'", "’", "\u00a0", "é"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.sets(_FORMS, min_size=1, max_size=6))
def test_whole_word_spans_match_the_compiled_alternation(text, forms):
    expected = [m.span() for m in whole_words_pattern(forms).finditer(text)]
    assert whole_word_spans(text, forms) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join),
       st.sets(st.sampled_from(["Ana", "Ana Reyes", "Anab", "An", "Ana-Maria"]), min_size=1, max_size=4))
def test_whole_word_spans_match_the_shared_prefix_pattern(text, names):
    # the gender reader's pattern opens with the names' common prefix
    expected = [m.span() for m in _names_pattern(frozenset(names)).finditer(text)]
    assert whole_word_spans(text, names) == expected


_WORD_PIECES = st.sampled_from(["an", "ann", "Ann", "'", "’", "_", "-", "1", "é", "ß", " ", "\n", ".", "x", "nn"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_WORD_PIECES, max_size=60).map("".join), st.sampled_from(["an", "ann", "nn", "a", "n'", "é"]))
def test_occurs_as_word_matches_its_pattern(text, word):
    # more than sixteen near misses send the search on to the pattern: both paths are taken here
    expected = _as_word(word).search(text) is not None
    assert occurs_as_word(text, word) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.sampled_from(["xan", "an_", "'an", "ann", "an1"]), st.sampled_from(["", " an", " an.", "-an"]))
def test_occurs_as_word_after_many_near_misses(misses, near_miss, tail):
    text = " ".join([near_miss] * misses) + tail
    assert occurs_as_word(text, "an") == (_as_word("an").search(text) is not None)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80) | st.lists(st.sampled_from(["the", "Ω", "²", "½", "_", "٣", "3", " ", "\u2028", "\x1c", "é",
                                                      "İ", "ß", "ǅ", "\u0301", "中", "。", "'", "𝔘", "\U0001F600"]),
                                      max_size=40).map("".join))
def test_letter_runs_match_the_letters_pattern(text):
    assert letter_runs(text) == re.findall(r"[^\W\d_]+", text)
