"""How an exchange runs: a tagged quotation pins the turns before it as well
as after. Each cue on a short text or a handmade sequence written for it."""
from __future__ import annotations

from ficarchive.dialogue import CastMember, find_quotes
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.candidates import Slot, build_slots
from ficarchive.dialogue.ranker import decode

# Handmade weights: after `"...," said Ann.` the same speaker going on is a
# little likelier; with nothing between, turns alternate.
TURNS = {"spoke_last_tag_stop": 1.0, "spoke_last_adjacent": -3.0, "spoke_two_back_adjacent": 3.0}


def _fixed(i: int, who: str, linked: bool, gap: str = "adjacent") -> Slot:
    return Slot(i, [who], [{}], False, linked, gap if linked else "far", False, who)


def _open(i: int, gap: str) -> Slot:
    return Slot(i, ["ann", "bob"], [{}, {}], False, True, gap, False, None)


def test_a_name_tag_after_an_exchange_fixes_its_parity():
    # Ann (tagged); "B." after her tag's full stop; "C."; then Bob, tagged.
    # Read left to right, Ann goes on, Bob answers, and Bob would then answer
    # himself; the tag on the last quotation says Bob replied from the start.
    slots = [_fixed(0, "ann", False), _open(1, "tag_stop"), _open(2, "adjacent"), _fixed(3, "bob", True)]
    assert [who for who, _, _ in decode(slots, TURNS, same_as_anchor=0.0)] == ["ann", "ann", "bob", "bob"]
    assert [who for who, _, _ in decode(slots, TURNS)] == ["ann", "bob", "ann", "bob"]


def test_a_name_tag_far_from_the_exchange_pins_nothing():
    slots = [_fixed(0, "ann", False), _open(1, "tag_stop"), _open(2, "adjacent"), _fixed(3, "bob", False)]
    assert [who for who, _, _ in decode(slots, TURNS)] == ["ann", "ann", "bob", "bob"]


def test_a_name_tag_in_the_same_paragraph_goes_on_from_the_quotation_before():
    # `"C." "D," Bob added.` in one paragraph: the same speaker, no penalty.
    slots = [_fixed(0, "ann", False), _open(1, "tag_stop"), _open(2, "adjacent"),
             _fixed(3, "bob", True, gap="paragraph")]
    assert [who for who, _, _ in decode(slots, TURNS)] == ["ann", "ann", "bob", "bob"]


def test_a_tag_that_answers_is_not_the_last_speaker():
    # `"A," said Ann. "B," she replied.` (Cat is another woman in view): even
    # where everything else says Ann goes on, a reply is someone else's.
    weights = {"spoke_last_tag_stop": 2.0}
    answering = _open(1, "tag_stop")
    answering.candidates = ["ann", "cat"]
    assert [who for who, _, _ in decode([_fixed(0, "ann", False), answering], weights)] == ["ann", "ann"]
    answering.answers = True
    assert [who for who, _, _ in decode([_fixed(0, "ann", False), answering], weights)] == ["ann", "cat"]


def test_a_tag_answers_by_its_verb_unless_speech_was_reported_between():
    cast = [CastMember("ann", "Ann", (), "female"), CastMember("cat", "Cat", (), "female")]
    answers = []
    for between, tag in (("", "she replied"), ("", "she said"), ("", "returned she"),
                         (" Cat replied that she had not.", "returned she"), ("", "she returned to the door")):
        text = f'Ann and Cat sat.\n\n"Is it late?" said Ann.{between}\n\n"Not yet," {tag}.'
        sieve = run_sieve(text, find_quotes(text), cast)
        answers.append(build_slots(sieve)[-1].answers)
    assert answers == [True, False, True, False, False]
