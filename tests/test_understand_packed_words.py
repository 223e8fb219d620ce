"""understand/text_scan.count_words compares a run with short ASCII words
packed into integers; it counts what comparing the run with each word in
turn counts (`_count_words_one_by_one`), for any text and any words."""
from hypothesis import given, settings, strategies as st

from ficarchive.understand import stats, text_scan

_PIECES = st.sampled_from(
    ["I", "me", "my", "myself", "he", "him", "her", "his", "she", "they", "them", "He", "HIM", "Her", "SHE", "'",
     "_", "3", " ", "é", "É", "x", ".", ",", "İ", "K", "\u212a", "mé", "\u00a0", "hersandhis", "myselfish", "\n"])
_WORDS = st.lists(st.sampled_from(["I", "me", "he", "Her", "abcdefgh", "abcdefghi", "é", "it's", "x"]),
                  min_size=1, max_size=4).map(tuple)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=60))
def test_the_pronoun_counts_are_the_one_by_one_counts(text):
    first, third = stats.FIRST_PERSON, stats.THIRD_PERSON
    for args in ((first, third, text.isascii()), (first,), (third,), (first, third, False)):
        assert text_scan.count_words(text, *args) == text_scan._count_words_one_by_one(text, *args)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.sampled_from(["abcdefgh", "abcdefghi", "ABCDEFGH", "it's", "IT'S"]), max_size=30).map("".join),
       _WORDS, _WORDS)
def test_any_words_count_alike_long_and_non_ascii_ones_included(text, words, folded):
    fold = text.isascii()
    assert text_scan.count_words(text, words, folded, fold) == text_scan._count_words_one_by_one(text, words, folded, fold)


def test_counts_by_hand():
    assert text_scan.count_words("He said she'd go, and SHE did; her hers him.", ("I",), ("he", "she", "her", "him"), True) \
        == (0, 4)
    assert text_scan.count_words("abcdefgh abcdefghi", ("abcdefgh", "abcdefghi")) == (2, 0)


def test_words_asked_about_again_are_read_once_and_count_alike():
    words, folded = ("I", "me"), ("he", "she")
    text = "I told me, he told SHE and she."
    assert text_scan.count_words(text, words, folded, True) == (2, 3)
    assert text_scan.count_words(text, words, folded, True) == (2, 3)
    if text_scan.COMPILED:
        assert (words, folded) in text_scan._packings or len(text_scan._packings) >= text_scan._MOST_PACKINGS
    for k in range(2 * text_scan._MOST_PACKINGS):  # ever new words: the store stays small
        assert text_scan.count_words(f"w{k} w{k}", (f"w{k}",)) == (2, 0)
    assert len(text_scan._packings) <= text_scan._MOST_PACKINGS
