"""The ranker's fast paths give the answers of the plain ones, to the last bit:
decays from a table against `math.exp`, salience for many places at once
against the sieve's own per-place sums, and slots scored as rows of one
feature matrix against the same features decoded as dicts."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from ficarchive.dialogue import CastMember
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.candidates import Slot
from ficarchive.dialogue.features import COLUMNS, decay
from ficarchive.dialogue.quotes import find_quotes
from ficarchive.dialogue.ranker import decode, load_model
from ficarchive.dialogue.salience import DECAY, SPAN, salience_at

CAST = [CastMember("Ann", "Ann Hale", ("Ann",), "female"), CastMember("Bob", "Bob Reyes", ("Bob",), "male"),
        CastMember("Cleo", "Cleo Hale", ("Cleo",), "female"), CastMember("Dev", "Dev", (), None),
        CastMember("Mrs. Hale", "Mrs. Hale", (), "female")]
_NAMES = ["Ann", "Bob", "Cleo", "Dev", "Mrs. Hale", "she", "he", "I", "her mother", "the boy"]
_VERBS = ["said", "asked", "replied", "went on", "whispered", "smiled", "turned away"]
_WORDS = "the door was open and rain came in over the old floor while nobody moved".split()


def _story(seed: int, paragraphs: int = 60) -> str:
    """A made-up exchange: narration with names and pronouns, quotations
    tagged or not, before or after, some addressing someone by name."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        name, verb = rng.choice(_NAMES), rng.choice(_VERBS)
        words = " ".join(rng.choices(_WORDS, k=rng.randint(2, 9)))
        speech = " ".join(rng.choices(_WORDS, k=rng.randint(1, 6))).capitalize()
        if rng.random() < 0.3:
            speech = f"{rng.choice(['Ann', 'Bob', 'Cleo'])}, {speech.lower()}"
        shape = rng.randrange(5)
        if shape == 0:
            out.append(f"“{speech},” {name} {verb}.")
        elif shape == 1:
            out.append(f"{name.capitalize()} {verb}, “{speech}.”")
        elif shape == 2:
            out.append(f"“{speech}.”")
        elif shape == 3:
            out.append(f"{name.capitalize()} looked at the {words}. “{speech}?”")
        else:
            out.append(f"{name.capitalize()} {words}. {rng.choice(['He', 'She', 'I'])} {words}.")
    return "\n\n".join(out)


@pytest.mark.parametrize("scale", [200, 300, 400, 600])
def test_decay_is_math_exp_to_the_last_bit(scale):
    rng = np.random.default_rng(scale)
    distances = np.concatenate([np.arange(5000), rng.integers(0, 800 * scale, 5000), [750 * scale + 7]])
    expected = [math.exp(-d / scale) for d in distances.tolist()]
    assert decay(distances, scale).tolist() == expected


@pytest.mark.parametrize("seed", range(6))
def test_salience_for_every_quotation_at_once_is_the_sieves_own(seed):
    text = _story(seed)
    sieve = run_sieve(text, find_quotes(text), CAST)
    members = {c: k for k, c in enumerate(sieve.cast)}
    positions = np.array(sieve.quote_starts, dtype=np.int64)
    keys, scores = salience_at(positions, np.array(sieve.mention_ends, dtype=np.int64),
                               np.array([members[c] for c in sieve.mention_ids], dtype=np.int64),
                               np.array(sieve.mention_weights), len(members), SPAN, DECAY)
    found = dict(zip(keys.tolist(), scores.tolist()))
    assert found  # the story names people before its quotations
    for p, pos in enumerate(positions.tolist()):
        expected = {p * len(members) + members[c]: s for c, s in sieve._salience_scores(pos).items()}
        assert {k: v for k, v in found.items() if k // len(members) == p} == expected


@pytest.mark.parametrize("seed", range(6))
def test_matrix_rows_decode_exactly_as_their_features_listed(seed):
    text = _story(seed)
    slots = run_sieve(text, find_quotes(text), CAST).slots()
    ranked = [s for s in slots if s.matrix is not None]
    assert len(ranked) > 10 and all(set(f) <= set(COLUMNS) for s in ranked for f in s.features)
    listed = [Slot(s.index, s.candidates, s.features, s.continues, s.linked, s.gap, s.goes_on, s.fixed,
                   s.sieve, s.evidence, s.kind) for s in slots]
    weights = load_model()["weights"]
    assert decode(slots, weights) == decode(listed, weights)
