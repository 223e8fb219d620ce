"""The original-character finder's typed walk (`dialogue/name_acts.py`) finds
what the regexes it replaces find: `_acting(text)` (names after a speech verb,
after a long gap, before a possessive or a verb, with the engine's choice of
the shorter reading) and `_WORD.findall(text)`. Checked on generated text full
of near misses: titles and their rests, apostrophes and hyphens in names,
second words, speech verbs one, two and three spaces back, words in -ed,
digits, underscores and non-ASCII letters either side."""


import pytest
from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.dialogue import name_acts, original_cast as oc

_PIECES = st.sampled_from(
    ["Ana", "Reyes", "Ana Reyes", "Mr.", "Mr", "Mrs.", "Ms", "M.", "Dr.", "Doctor", "Señor", "Señora", "Mlle.", "Mme",
     "St.", "Sgt.", "Lady", "Lord", "O'Brien", "O’Brien", "Mary-Jane", "X", "I", "He", "She", "The", "TV", "Then",
     "said", "asked", "says", "whispered", "replied", "was", "had", "stood", "sat", "walked", "turned", "nodded",
     "ed", "red", "Ted", "bed", "naked", "'s", "’s", "'S", "'st", "s", "-", "'", "’", "_", "3", "é", "É", "Über", "ǅ",
     " ", "  ", "   ", "    ", "\n", "\n\n", "\t", "\u00a0", "\u2003", ". ", ", ", "\"", "“", "”", "!", "a", "x"])


def _regex_reading(text):
    return oc._acting(text), oc._WORD.findall(text)


def _scan(module, text):
    return module.scan_names(text, oc._RESTS_BY_CAPITAL, oc.SPEECH_VERBS, oc._ACTING_WORD_SET, oc._after_speech_verb,
                             oc._LONGEST_SPEECH_VERB)


@pytest.mark.skipif(not name_acts.COMPILED, reason="the typed walk is not built here (original_cast keeps its regexes)")
@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=60))
def test_the_typed_walk_finds_what_the_regexes_find(text):
    assert _scan(name_acts, text) == _regex_reading(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_walk_as_python_finds_the_same(text):
    """The same source run as plain Python (as where no build was made) reads the same."""
    assert _scan(PLAIN, text) == _regex_reading(text)


PLAIN = as_python(name_acts)


def test_the_walk_finds_each_kind_of_acting_name():
    text = ("Ana said no.  Then said Reyes, \"Go.\" Mrs. Pott's cat sat.\n\n   Tom turned. asked    Lia\n"
            "and so Mary Lennox walked. Will you? said  Bo")
    acting, words = _scan(PLAIN, text)
    assert acting == ["Ana", "Then", "Reyes", "Mrs. Pott", "Tom", "Lia", "Mary Lennox", "Bo"]
    assert acting == oc._acting(text) and words == oc._WORD.findall(text)
    assert not PLAIN.COMPILED


# The pronoun after a name (`original_cast.infer_gender`): near misses of
# case, the characters the engine folds to a letter, word edges, speech.
_PRONOUN_PIECES = st.sampled_from(
    ["he", "He", "HE", "she", "She", "his", "HIS", "him", "himself", "herself", "Herself", "her", "hers", "the",
     "shE", "\u0130", "\u0131", "\u017f", "\u212a", "ſhe", "hİs", "hıs", "hımself", "x", "_", "3", "é", "'", "-",
     " ", "\n", ". ", "\"", "“", "‘", "”", "’", "Ana", "Ana said", "he's"])


def _regex_pronoun(text, start):
    stop = min(start + oc._PRONOUN_REACH, len(text))
    cut = oc._SPEECH_START.search(text, start, stop)
    found = oc._PRONOUN_AFTER.search(text, start, cut.start() if cut else stop)
    return found.span() if found else None


def _typed_pronoun(module, text, start):
    return module.pronoun_after(text, start, oc._PRONOUN_REACH, oc._PRONOUNS_AFTER, oc._SPEECH_OPENERS)


@pytest.mark.skipif(not name_acts.COMPILED, reason="the typed walk is not built here (original_cast keeps its regexes)")
@settings(max_examples=3000, deadline=None)
@given(st.lists(_PRONOUN_PIECES, max_size=60).map("".join) | st.text(max_size=150), st.integers(0, 160))
def test_the_pronoun_after_a_name_is_the_regexes(text, start):
    start = min(start, len(text))
    assert _typed_pronoun(name_acts, text, start) == _regex_pronoun(text, start)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PRONOUN_PIECES, max_size=60).map("".join), st.integers(0, 160))
def test_the_pronoun_after_a_name_as_python_is_the_same(text, start):
    start = min(start, len(text))
    assert _typed_pronoun(PLAIN, text, start) == _regex_pronoun(text, start)


def test_the_pronoun_after_a_name_reads_case_folds_edges_and_speech():
    cases = [("Ana turned; then he left", 0, "he"),
             ("Ana saw the hero. ſhe left", 0, "ſhe"),  # the long s is an s to the engine
             ("Ana, HİMSELF", 0, "HİMSELF"),
             ("Ana then “he said”, he", 0, None),  # speech cuts the reach
             ("Ana went " + "x" * 110 + " he", 0, None),  # beyond the reach
             ("Ana went " + "x" * 108 + " hel", 0, "he"),  # the reach's end cuts `hel` to `he`
             ("the", 1, None), ("she", 1, None),  # `\b` reads the character before the start
             ("Ana herself", 3, "herself")]
    for module in (name_acts, PLAIN):
        for text, start, pronoun in cases:
            found = _typed_pronoun(module, text, start)
            assert found == _regex_pronoun(text, start)
            assert (text[found[0]:found[1]] if found else None) == pronoun
