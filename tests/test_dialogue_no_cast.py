"""With no cast and no mention, `attribute` answers at once that nobody says
each quotation: exactly what the sieve and the ranker, which have no
candidate to weigh, would answer."""
import importlib

import pytest

from ficarchive.dialogue.cast import CastMember
from ficarchive.dialogue.layout import detect_layout
from ficarchive.dialogue.quotes import find_quotes

# (the package exports the function `attribute` under the module's name)
attribute_module = importlib.import_module("ficarchive.dialogue.attribute")

TEXTS = [
    '"Hi," said Buffy. "No." She turned. The old man said, "Go." "Well," he replied quietly.',
    'I looked up. "Where?" I asked.\n\n"There," she said, pointing. "By the old mill, aunt."\n\n"Oh."',
    '"One." "Two," said the voice of the parson. His wife cried: "Three!"\n\nNobody spoke.',
    '',
    'No quotation here at all.',
]


def _full(text, quotes, mentions, layout, evidence):
    sieve = attribute_module.run_sieve(text, quotes, [], mentions, layout)
    return sieve.ranked(attribute_module.load_model()["weights"], evidence)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("evidence", [True, False])
@pytest.mark.parametrize("mentions", [None, []])
def test_no_cast_answers_as_the_sieve_and_ranker_would(text, evidence, mentions):
    layout = detect_layout(text)
    quotes = find_quotes(text, layout)
    shortcut = attribute_module.attribute(text, list(reversed(quotes)), [], mentions, layout, evidence)
    assert shortcut == _full(text, quotes, mentions, layout, evidence)


def test_a_cast_still_goes_through_the_sieve():
    text = '"Hi," said Buffy.'
    layout = detect_layout(text)
    found = attribute_module.attribute(text, find_quotes(text, layout), [CastMember("buffy", "Buffy")],
                                       None, layout)
    assert found[0].speaker == "buffy"
