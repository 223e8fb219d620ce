"""The typed whole-word finder (`dialogue/word_spans.py`) finds what the
compiled alternation of the forms finds, built or run as plain Python."""
import pytest
from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.dialogue import word_spans
from ficarchive.dialogue.mentions import whole_words_pattern

PLAIN = as_python(word_spans)
_FORMS = st.sampled_from(["Ana", "Ana Reyes", "Reyes", "An", "Anab", "Bo", "Bo Bo", "É", "Éa", "O'Neil", "a-b", "_"])
_PIECES = st.sampled_from(["Ana", "Reyes", "An", "Anab", "Bo", "É", "O'Neil", "a", "b", "ï", "_", "-", "1", "٣",
                           " ", "\n", ".", "'", "’", "\u00a0"])


@pytest.mark.parametrize("module", [word_spans, PLAIN], ids=["built", "plain"])
@settings(max_examples=300, deadline=None)
@given(text=st.lists(_PIECES, max_size=30).map("".join), forms=st.sets(_FORMS, min_size=1, max_size=6))
def test_whole_word_spans_are_the_alternations(module, text, forms):
    assert module.whole_word_spans(text, forms) == [m.span() for m in whole_words_pattern(forms).finditer(text)]


def test_whole_word_spans_by_hand():
    for module in (word_spans, PLAIN):
        text = "Ana Reyes met Anab and Ana-Maria; _Ana, Ana."
        assert module.whole_word_spans(text, {"Ana": None, "Ana Reyes": None}) == [(0, 9), (40, 43)]
        assert module.whole_word_spans(text, ["", None, "Bo"]) == []  # (an empty form names nothing)
    assert not PLAIN.COMPILED
