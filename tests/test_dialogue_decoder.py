"""The speaker decoder: whole exchanges decided together, not one quotation at a time."""
from __future__ import annotations

from ficarchive.dialogue.candidates import Slot
from ficarchive.dialogue.ranker import conjoined, decode

# Handmade weights: `cue` speaks for a candidate; in an exchange the same
# speaker seldom answers themself and the speaker two back usually returns.
WEIGHTS = {"cue": 1.0, "strong": 5.0, "spoke_last_adjacent": -3.0, "spoke_two_back_adjacent": 3.0}


def _slot(i: int, features: list[dict[str, float]], fixed: str | None = None) -> Slot:
    candidates = ["Ann", "Bob"] if fixed is None else [fixed]
    return Slot(i, candidates, features if fixed is None else [{}], False, i > 0,
                "adjacent" if i else "far", False, fixed)


def test_a_later_certain_turn_takes_back_an_earlier_weak_guess():
    # Quotation 0 leans a little to Ann; quotation 1 is surely Ann. A greedy
    # reading keeps Ann for 0 and has her answer herself; the whole exchange
    # reads better as Bob, then Ann.
    slots = [_slot(0, [{"cue": 0.05}, {}]), _slot(1, [{"strong": 1.0}, {}])]
    assert [who for who, _, _ in decode(slots, WEIGHTS, beam=1)] == ["Ann", "Ann"]
    assert [who for who, _, _ in decode(slots, WEIGHTS)] == ["Bob", "Ann"]


def test_alternation_runs_from_a_tag_through_untagged_turns():
    slots = [_slot(0, [], fixed="Bob"), _slot(1, [{}, {}]), _slot(2, [{}, {}]), _slot(3, [{}, {}])]
    decoded = decode(slots, WEIGHTS)
    assert [who for who, _, _ in decoded] == ["Bob", "Ann", "Bob", "Ann"]
    assert all(0.5 < confidence <= 1.0 for _, confidence, _ in decoded)
    assert decoded[2][2].get("spoke_two_back_adjacent") == 3.0  # the winner's reasons, weighed


def test_no_candidates_and_fixed_speakers_pass_through():
    slots = [Slot(0, [], [], False, False), _slot(1, [], fixed="Ann")]
    assert [who for who, _, _ in decode(slots, WEIGHTS)] == [None, "Ann"]


def test_a_cue_weighs_by_what_the_tag_tells():
    # `cue` counts only after a pronoun tag (a conjunction with the tag kind).
    weights = {"cue|pronoun_tag": 4.0, "other": 1.0}
    features = [{"cue": 1.0}, {"other": 1.0}]
    tagged = Slot(0, ["Ann", "Bob"], features, False, False, "far", False, None, kind="pronoun_tag")
    untagged = Slot(0, ["Ann", "Bob"], features, False, False, "far", False, None, kind="untagged")
    assert decode([tagged], weights)[0][0] == "Ann"
    assert decode([untagged], weights)[0][0] == "Bob"
    rows = conjoined({"cue": 1.0}, {"spoke_last_far": 1.0}, tagged)
    assert rows == {"cue": 1.0, "cue|far": 1.0, "cue|pronoun_tag": 1.0,
                    "spoke_last_far": 1.0, "spoke_last_far|pronoun_tag": 1.0}
