"""Understanding's typed passes (`understand/text_scan.py`) give what the
automaton and regexes they replace give: the content cues (`cues.py`) and
the point-of-view pronoun counts (`stats.py`), on generated text full of near
misses (prefix cues, cues inside words, capitals, apostrophes, non-ASCII
letters, CJK, `İ` whose lower case is two characters)."""


import pytest
from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.understand import cues, stats, text_scan


def automaton_cues(text):
    """find_cues as first written: every automaton match, filtered."""
    lower = text.lower()
    n = len(lower)
    out = []
    for end, (length, senses) in cues._automaton().iter(lower):
        start = end + 1 - length
        if cues._CJK.match(lower[start]):
            whole = True
        elif start > 0 and lower[start - 1].isalpha():
            continue
        else:
            whole = end + 1 >= n or not lower[end + 1].isalpha()
        out += [cues.Cue(kind, start, end + 1, weight) for kind, weight, prefix in senses if whole or prefix]
    return out


def regex_pronouns(narration):
    return len(stats._FIRST.findall(narration)), len(stats._THIRD.findall(narration.lower()))


def typed_pronouns(module, narration):
    counted = module.pronoun_counts(narration, stats.FIRST_PERSON, stats.THIRD_PERSON)
    # the two-pass reading (lower-cased) too, which non-ASCII text takes
    assert counted == (module.count_words(narration, stats.FIRST_PERSON)[0],
                       module.count_words(narration.lower(), stats.THIRD_PERSON)[0])
    return counted


_PIECES = st.sampled_from(
    sorted(cues._entries()) + ["Kiss", "KISSED", "kisses", "akiss", "made  love", "blood-", "I", "me", "my", "myself",
                               "Me", "MY", "he", "He", "HER", "hers", "his", "she", "they", "them", "theme", "I'm",
                               "'I", "’", "'", "_", "-", "3", "٣", "é", "É", "İ", "ß", "x", " ", "  ", "\n", "\u00a0",
                               ".", ",", "\"", "吻", "亲吻", "x吻", "\U00020000",
                               "\u212a", "HİM", "Σ", "ΣΑΣ", "\u1e9e", "ǅ", "\u0345"])
_TEXT = st.lists(_PIECES, max_size=30).map("".join) | st.text(max_size=50) \
    | st.text(st.characters(max_codepoint=127), max_size=50)


@pytest.mark.skipif(not text_scan.COMPILED, reason="the typed passes are not built here (cues keeps its automaton)")
@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_cues_from_word_starts_are_the_automatons(text):
    assert cues.find_cues(text) == automaton_cues(text)


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_pronoun_counts_are_the_regexes(text):
    assert typed_pronouns(text_scan, text) == regex_pronouns(text)
    assert stats.point_of_view(text, [], _NoCharacters())[0] is None


_PLAIN = as_python(text_scan)


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_a_text_that_lowers_in_place_keeps_its_runs(text):
    """Where `lowers_in_place` lets the pronouns be counted in one pass, the lower case has the same
    runs of `[\\w']` and the same ASCII characters, compiled and as plain Python."""
    assert text_scan.lowers_in_place(text) == _PLAIN.lowers_in_place(text)
    if text_scan.lowers_in_place(text):
        lower = text.lower()
        assert len(lower) == len(text)
        for ch, low in zip(text, lower):
            assert (ch == "'" or ch.isalnum() or ch == "_") == (low == "'" or low.isalnum() or low == "_")
            assert ch.isascii() == low.isascii()
            assert not ch.isascii() or low == ch.lower()


class _NoCharacters:
    counts: dict = {}
    on_page: list = []


def test_the_passes_as_python_give_the_same():
    """The same source run as plain Python (as where no build was made)."""
    plain = as_python(text_scan)
    assert not plain.COMPILED
    text = "She kissed him; I held my breath. 'I, myself, made love' — they hers 吻 blood-soaked Kissing"
    trie = plain.CueTrie(cues._entries())
    assert plain.cue_matches(text.lower(), trie) == text_scan.cue_matches(text.lower(), cues._trie())
    assert typed_pronouns(plain, text) == regex_pronouns(text) == (3, 3)  # not `'I`, nor `hers`


def test_a_prefix_cue_takes_any_ending_and_a_whole_cue_none():
    def spans(text):
        return [(c.start, c.end) for c in cues.find_cues(text) if c.kind == "romance"]
    assert spans("Kissing him.") == [(0, 4)]  # `kiss*`
    assert spans("akiss") == []  # not where a word starts
    assert spans("a wedding.") == [(2, 9)] and spans("weddings") == []  # `wedding`, whole only
