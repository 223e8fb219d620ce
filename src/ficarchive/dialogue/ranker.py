"""Choose each untagged quotation's speaker with a small learned ranker.

A log-linear model over candidates: a candidate's score is the dot product
of its features (`candidates.py`, plus the turn features below) with the
weights in `data/speaker_ranker.json`; the speaker is the best-scoring
candidate and the confidence its softmax share. Whether a candidate spoke
the last quotation or the one before comes from the decoder's own choices;
a beam search over the sequence lets a later, surer quotation overturn an
earlier guess that the exchange contradicts.

The weights were fitted on the LitBank quotes development half (see the
model file's `trained_on` and `tools/train_speakers.py`). The search itself
(static scores and beam) is typed code in `beam.py`, compiled where a C
compiler was at hand at install (`COMPILED` says which runs); explanations
are built here, for the winners only.
"""
from __future__ import annotations

import json
import math
from array import array
from functools import lru_cache
from importlib import resources

from . import beam as _beam
from .beam import search
from .candidates import Slot
from .features import NAMES, strongest

BEAM = 4  # hypotheses kept by the decoder
# What a hypothesis pays (in nats) for having a name-tagged quotation's
# speaker speak the quotation just before it, where the turn changes hands
# (nothing or only the last tag between: `_TURN_TAKEN`); chosen by the
# leave-one-work-out figure (0 -> 0.776, 1 -> 0.784, 2 -> 0.786, 3 -> 0.786).
SAME_AS_ANCHOR = 2.0
_TURN_TAKEN = frozenset({"adjacent", "tag_stop"})
# What a hypothesis pays (in nats) for having the last speaker speak a
# quotation whose tag says it answers (`he replied`, `returned she`): 10 of
# the 11 such pronoun tags in the development half answer another speaker.
# Chosen by the leave-one-work-out count summed over the trainer's penalties
# (1.5 -> 3,527, 3 -> 3,535, 4 to 10 -> 3,541; none: 3,535), before speech
# reported between (`candidates._reported_between`) lifted it: 3,552.
ANSWERS_LAST = 4.0


COMPILED: bool = _beam.COMPILED  # the C build of `beam.py`, or the same file as Python


@lru_cache(maxsize=1)
def load_model() -> dict:
    text = resources.files(__package__).joinpath("data", "speaker_ranker.json").read_text(encoding="utf-8")
    return json.loads(text)


def conjoined(static: dict[str, float], dynamic: dict[str, float], slot: Slot) -> dict[str, float]:
    """A candidate's features as the model sees them: each one alone and
    joined with what stands before the quotation (`|adjacent`) and what its
    tag tells (`|pronoun_tag`), so a cue can weigh differently where it means
    something different (being named just before counts for less after a
    `she said`). The turn features already carry the gap."""
    out = dict(static)
    out.update(dynamic)
    for suffix in ("|" + slot.gap, "|" + slot.kind):
        for name, value in static.items():
            out[name + suffix] = value
    for name, value in dynamic.items():
        out[name + "|" + slot.kind] = value
    return out


class _SlotWeights:
    """The weight of each feature in one context (a gap and a tag kind): its
    own weight plus those of its conjunctions, summed once per context and
    kept (for the shipped model, from chapter to chapter: `_weigher`)."""

    def __init__(self, weights: dict[str, float]):
        self.weights = weights
        self.contexts: dict[tuple[str, str], tuple] = {}
        self.turn_weights: dict[tuple, tuple[float, float]] = {}
        self.turn_reasons: dict[tuple, tuple[tuple[str, float], ...]] = {}

    def context(self, slot: Slot) -> tuple[array, str, str]:
        """(feature weights by feature id, NaN where not found yet; `|gap`, `|kind`)."""
        key = (slot.gap, slot.kind)
        found = self.contexts.get(key)
        if found is None or len(found[0]) < len(NAMES):  # (feature names met since: a new array)
            table = array("d", [math.nan]) * len(NAMES)
            if found is not None:
                table[:len(found[0])] = found[0]
            found = self.contexts[key] = (table, "|" + slot.gap, "|" + slot.kind)
        return found

    def turns(self, slot: Slot) -> tuple[float, float]:
        """What the turn features add to the last speaker and to the one
        before: the same for every hypothesis."""
        key = (slot.gap, slot.kind, slot.goes_on, slot.after_question, slot.reply_opening, slot.after_asking,
               slot.answers)
        found = self.turn_weights.get(key)
        if found is None:
            w_last = self.dynamic(slot, "spoke_last_" + slot.gap)
            w_two = self.dynamic(slot, "spoke_two_back_" + slot.gap)
            if slot.goes_on:
                w_last += self.dynamic(slot, "spoke_last_tag_goes_on")
            if slot.answers:
                w_last -= ANSWERS_LAST
            for cue in _reply_cues(slot):
                w_last += self.dynamic(slot, "spoke_last_" + cue)
                w_two += self.dynamic(slot, "spoke_two_back_" + cue)
            found = self.turn_weights[key] = (w_last, w_two)
        return found

    def reasons(self, slot: Slot, last: bool) -> tuple[tuple[str, float], ...]:
        """What each turn feature of the last speaker (`last`) or of the one
        before adds to their score, by name (`turn_features` times the
        weights), kept per kind of slot."""
        key = (slot.gap, slot.kind, slot.goes_on, slot.after_question, slot.reply_opening, slot.after_asking, last)
        found = self.turn_reasons.get(key)
        if found is None:
            who = "Who"
            features = turn_features(slot, who, [who] if last else [who, "another"])
            found = self.turn_reasons[key] = tuple((name, value * self.dynamic(slot, name))
                                                   for name, value in features.items())
        return found

    def weight(self, table: array, feature: int, gap: str, kind: str) -> float:
        """A feature's weight in the context `table` holds, found and kept."""
        get = self.weights.get
        name = NAMES[feature]
        w = table[feature] = get(name, 0.0) + get(name + gap, 0.0) + get(name + kind, 0.0)
        return w

    def dynamic(self, slot: Slot, name: str) -> float:
        get = self.weights.get
        return get(name, 0.0) + get(name + "|" + slot.kind, 0.0)


_MODEL_WEIGHTS: list = []  # [(the shipped model's weights, their _SlotWeights)], once made


def _weigher(weights: dict[str, float]) -> _SlotWeights:
    """The context tables of `weights`: for the shipped model's (`load_model`,
    read once and never changed), one set for every chapter of every work;
    for any other weights (the trainer's, a test's), made afresh."""
    if _MODEL_WEIGHTS and _MODEL_WEIGHTS[0][0] is weights:
        return _MODEL_WEIGHTS[0][1]
    weigh = _SlotWeights(weights)
    if weights is load_model()["weights"]:
        _MODEL_WEIGHTS.append((weights, weigh))
    return weigh


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
        for cue in _reply_cues(slot):
            f["spoke_last_" + cue] = 1.0
    elif candidate == p2 and p1 is not None:
        f["spoke_two_back_" + slot.gap] = 1.0
        for cue in _reply_cues(slot):
            f["spoke_two_back_" + cue] = 1.0
    return f


def _reply_cues(slot: Slot) -> tuple[str, ...]:
    """What says a quotation answers the one before: that one asked (a
    question mark; a tag that says so), this one opens with a word of reply."""
    return _REPLY_CUES[slot.after_question, slot.reply_opening, slot.after_asking]


_REPLY_CUES = {(question, opening, asking): tuple(name for name, on in (
    ("after_question", question), ("reply_opening", opening), ("after_asking", asking)) if on)
    for question in (False, True) for opening in (False, True) for asking in (False, True)}


def decode(slots: list[Slot], weights: dict[str, float],
           beam: int = BEAM, same_as_anchor: float = SAME_AS_ANCHOR,
           reasons: bool = True) -> list[tuple[str | None, float, dict[str, float]]]:
    """(speaker, confidence, what each of the winner's features added to its
    score; with `reasons` False, an empty dict) for each slot, in order.

    A beam search over whole sequences: each hypothesis is a choice for every
    slot so far, scored by the sum of its choices' log-probabilities, and the
    turn features read the hypothesis' own last two speakers. So an early
    guess that the exchange after it contradicts (turns that alternate, a tag
    two quotations on) can be taken back. Hypotheses that agree on the last
    two speakers are merged: only those two matter from then on.

    Each step keeps the `beam` best hypotheses, and a choice less likely
    than e^-3 (given the hypothesis' last speakers) is not followed. A tag
    whose verb says the speaker goes on (`he continued`) hands the quotation
    to the last speaker outright (0.85), where the tag fits them. A tagged
    speaker pins the exchange before it too: with nothing but the last tag
    between, a name-tagged quotation is almost never the one who spoke just
    before (2 of 101 in the development half; after narration 3 of 10, and
    in one paragraph the same speaker goes on), so a hypothesis that has
    them speak last pays `same_as_anchor` nats."""
    weigh = _weigher(weights)
    chosen = search(slots, weigh, beam, same_as_anchor, _TURN_TAKEN)
    out = []
    p1 = p2 = None  # the speakers chosen for the last two slots
    if not reasons:
        return [(who, probability, {}) for _, who, probability in chosen]
    for k, who, probability in chosen:
        slot = slots[k]
        if slot.fixed is not None or who is None:
            out.append((who, probability, {}))
        else:
            reasons = slot.rows.weighed(slot.candidates.index(who), weigh.context(slot)[0])
            # The turn features (`turn_features`), weighed.
            if who == p1:
                reasons.update(weigh.reasons(slot, True))
            elif who == p2 and p1 is not None:
                reasons.update(weigh.reasons(slot, False))
            out.append((who, probability, reasons))
        p1, p2 = who, p1
    return out


# What each feature means, for the evidence a reader sees.
_PHRASES = {
    "before_near": "named just before",
    "before_sentence": "named in the sentence before",
    "before_subject": "acts as the subject of the sentence before",
    "before_since_last_quote": "named since the last quotation",
    "after_near": "named just after",
    "chain_near": "kept in view by the narration's pronouns",
    "chain_recent": "kept in view by the narration's pronouns",
    "last_named_of_gender": "the last of that gender named",
    "tag_refers": "the tag's pronoun points back to them",
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
    "spoke_two_back_after_question": "answers the question put to them",
    "spoke_two_back_reply_opening": "a reply to the one who spoke last",
    "spoke_two_back_after_asking": "answers the one who asked",
}


def explain(reasons: dict[str, float], name: str | None) -> str:
    """The strongest reasons for the chosen speaker (what each feature added
    to its score, as `decode` gives them), in words."""
    if name is None:
        return "no candidate"
    # The three largest (added, name) pairs above 0, from the top (typed code).
    words = [_SAID.get(f) or _phrase(f) for f in strongest(reasons, 3)]
    return f"{name}: " + ("; ".join(words) if words else "the best of weak candidates")


_SAID: dict[str, str] = {}  # a feature's words, once found


def _phrase(feature: str) -> str:
    said = _SAID.get(feature)
    if said is None:
        said = _SAID[feature] = _PHRASES.get(feature) or feature.replace("_", " ")
    return said
