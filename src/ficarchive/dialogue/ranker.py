"""Choose each untagged quotation's speaker with a small learned ranker.

A log-linear model over candidates: a candidate's score is the dot product
of its features (`candidates.py`, plus the turn features below) with the
weights in `data/speaker_ranker.json`; the speaker is the best-scoring
candidate and the confidence its softmax share. Quotations are decided in
order, so whether a candidate spoke the last quotation or the one before
comes from the decoder's own choices, as it will at run time.

The weights were fitted on the LitBank quotes development half (see the
model file's `trained_on` and `tools/train_speakers.py`); inference is
plain Python.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from .candidates import Slot


@lru_cache(maxsize=1)
def load_model() -> dict:
    text = resources.files(__package__).joinpath("data", "speaker_ranker.json").read_text(encoding="utf-8")
    return json.loads(text)


def turn_features(slot: Slot, candidate: str, previous: list[str | None]) -> dict[str, float]:
    """Features from who spoke the quotations just before, by what separates
    them (`Slot.gap`): the same turn going on, a reply, the turn before
    coming back."""
    f: dict[str, float] = {}
    p1 = previous[-1] if previous else None
    p2 = previous[-2] if len(previous) > 1 else None
    if candidate == p1:
        f["spoke_last_" + slot.gap] = 1.0
        if slot.goes_on:
            f["spoke_last_tag_goes_on"] = 1.0
    elif candidate == p2 and p1 is not None:
        f["spoke_two_back_" + slot.gap] = 1.0
    return f


def decode(slots: list[Slot], weights: dict[str, float]) -> list[tuple[str | None, float, dict[str, float]]]:
    """(speaker, confidence, the winner's features) for each slot, in order."""
    out = []
    previous: list[str | None] = []
    get = weights.get
    for slot in slots:
        if slot.fixed is not None:
            out.append((slot.fixed, 1.0, {}))
            previous.append(slot.fixed)
            continue
        if not slot.candidates:
            out.append((None, 0.0, {}))
            previous.append(None)
            continue
        going_on = _goes_on(slot, previous[-1] if previous else None)
        if going_on is not None:
            out.append(going_on)
            previous.append(going_on[0])
            continue
        scores = []
        best = None
        top = 0.0
        last_two = previous[-2:]
        for c, static in zip(slot.candidates, slot.features):
            dynamic = turn_features(slot, c, last_two)
            total = 0.0  # the dot product with the weights, feature by feature
            for name, value in static.items():
                total += get(name, 0.0) * value
            for name, value in dynamic.items():
                total += get(name, 0.0) * value
            scores.append(total)
            if best is None or total > top:  # the first of equals wins
                best, top = (c, static, dynamic), total
        mass = sum(math.exp(s - top) for s in scores)
        out.append((best[0], 1.0 / mass, {**best[1], **best[2]}))
        previous.append(best[0])
    return out


def _goes_on(slot: Slot, last: str | None):
    """`he continued`, `she added`: the one who spoke last, if the tag fits them
    (the verb says so; no weight learned from a few examples should overrule it)."""
    if not slot.goes_on or last is None or last not in slot.candidates:
        return None
    static = slot.features[slot.candidates.index(last)]
    if "tag_gender_clashes" in static or "addressed_here" in static:
        return None
    return last, 0.85, {**static, "spoke_last_tag_goes_on": 1.0}


# What each feature means, for the evidence a reader sees.
_PHRASES = {
    "before_near": "named just before",
    "before_sentence": "named in the sentence before",
    "before_subject": "acts as the subject of the sentence before",
    "before_since_last_quote": "named since the last quotation",
    "after_near": "named just after",
    "after_subject": "the subject of the sentence after",
    "addressed_before": "spoken to in the quotation before",
    "addressed_after": "spoken to in the quotation after",
    "next_tagged": "tagged as the next speaker",
    "next2_tagged": "tagged two quotations on",
    "tag_gender_agrees": "the tag's pronoun fits",
    "tag_first_person_narrator": "'I' in the tag: the narrator",
    "pronoun_before_agrees": "the pronoun opening the sentence before fits",
    "pronoun_after_agrees": "the pronoun opening the sentence after fits",
    "pronoun_before_first_person": "'I' opens the sentence before",
    "pronoun_after_first_person": "'I' opens the sentence after",
    "narrator": "the narrator",
    "narrator_first_person_before": "the narrator, with first-person narration just before",
    "tagged_share": "often tagged as a speaker",
    "salience": "in view",
    "most_in_view": "the character most in view",
    "spoke_last_paragraph": "the same turn goes on",
    "spoke_last_tag_goes_on": "the tag says the speaker goes on",
    "spoke_last_tag_runs_on": "the same turn goes on after its tag",
    "spoke_two_back_adjacent": "turn-taking: spoke two quotations back",
    "spoke_two_back_narration": "turn-taking: spoke two quotations back",
    "spoke_two_back_tag_stop": "turn-taking: spoke two quotations back",
}


def explain(features: dict[str, float], weights: dict[str, float], name: str | None) -> str:
    """The strongest reasons for the chosen speaker, in words."""
    if name is None:
        return "no candidate"
    reasons = sorted(((weights.get(f, 0.0) * v, f) for f, v in features.items()), reverse=True)
    words = [_PHRASES.get(f, f.replace("_", " ")) for w, f in reasons[:3] if w > 0]
    return f"{name}: " + ("; ".join(words) if words else "the best of weak candidates")
