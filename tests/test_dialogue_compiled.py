"""The typed parts of speaker attribution (`dialogue/beam.py`, the search;
`dialogue/salience.py`, who is in view; `dialogue/features.py`, the
candidates' features, tested in `test_dialogue_features.py`;
`dialogue/quote_scan.py`, the quotation marks; `dialogue/sieve_index.py`,
where the sieve's mentions stand and who is spoken to;
`dialogue/conversation.py`, turn-taking; tested in
`test_dialogue_sieve_*.py`) are each one
source run two ways:
built to C at install (Cython) or, where that build could not be made, as
plain Python. Both must give the same answers to the last bit."""
from __future__ import annotations

import importlib
import math
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import beam, conversation, features, quote_scan, ranker, salience, sieve_index
from ficarchive.dialogue.candidates import Slot

FOLDER = Path(beam.__file__).parent
GAPS = ("far", "adjacent", "narration", "paragraph", "tag_stop", "tag_runs_on")
KINDS = ("untagged", "pronoun_tag", "description_tag")
PEOPLE = ("ann", "bob", "cat", "dan", "eve", "fay", "gus")
FEATURES = ("before_near", "after_near", "salience", "tag_refers", "tag_gender_clashes", "addressed_here",
            "narrator", "never_weighed")


def _as_python(name: str):
    """dialogue/<name>.py run by the interpreter, whatever `import` picks."""
    return as_python(importlib.import_module(f"ficarchive.dialogue.{name}"))


PURE = _as_python("beam")
PURE_SALIENCE = _as_python("salience")


def _built(name: str) -> list[Path]:
    return [p for p in FOLDER.iterdir()
            if p.name.startswith(name + ".") and any(p.name.endswith(s) for s in EXTENSION_SUFFIXES)]


def test_the_build_that_exists_is_the_one_imported():
    for module in (beam, salience, features, quote_scan, sieve_index, conversation):
        print(f"{module.__name__}: {'compiled' if module.COMPILED else 'plain Python'} ({module.__file__})",
              file=sys.stderr)
    assert beam.COMPILED == bool(_built("beam")), (beam.__file__, _built("beam"))
    assert salience.COMPILED == bool(_built("salience")), (salience.__file__, _built("salience"))
    assert features.COMPILED == bool(_built("features")), (features.__file__, _built("features"))
    assert quote_scan.COMPILED == bool(_built("quote_scan")), (quote_scan.__file__, _built("quote_scan"))
    assert sieve_index.COMPILED == bool(_built("sieve_index")), (sieve_index.__file__, _built("sieve_index"))
    assert conversation.COMPILED == bool(_built("conversation")), (conversation.__file__, _built("conversation"))
    assert ranker.COMPILED == beam.COMPILED
    assert not PURE.COMPILED and PURE.__file__ == str(FOLDER / "beam.py")
    assert not PURE_SALIENCE.COMPILED


def test_a_build_is_not_older_than_its_source():
    """A stale build would run the old code in place of an edited file:
    rebuild with `python setup.py build_ext --inplace` (or `pip install -e .`).
    Only in a checkout: a wheel's files all bear the time they were unpacked."""
    if not (FOLDER.parents[2] / "pyproject.toml").exists():
        pytest.skip("installed from a wheel, not built in a checkout")
    for name in ("beam", "salience", "features", "quote_scan", "sieve_index", "conversation"):
        sources = [FOLDER / f"{name}.py", *[p for p in (FOLDER / f"{name}.pxd",) if p.exists()]]
        for built in _built(name):
            for source in sources:
                assert built.stat().st_mtime >= source.stat().st_mtime, f"{built.name} is older than {source.name}"


_values = st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(-4.0, 4.0))


@st.composite
def _slot(draw, index: int) -> Slot:
    gap = draw(st.sampled_from(GAPS))
    kind = draw(st.sampled_from(KINDS))
    shape = draw(st.sampled_from(["ranked", "ranked", "ranked", "fixed", "empty"]))
    if shape == "fixed":
        who = draw(st.sampled_from(PEOPLE))
        return Slot(index, [who], [{}], False, True, gap, False, who, who, [], kind)
    if shape == "empty":
        return Slot(index, [], [], False, False, gap, False, None, None, [], kind)
    candidates = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=len(PEOPLE), unique=True))
    features = [draw(st.dictionaries(st.sampled_from(FEATURES), _values, max_size=5)) for _ in candidates]
    return Slot(index, candidates, features, draw(st.booleans()), draw(st.booleans()), gap,
                draw(st.booleans()), None, None, [], kind, draw(st.booleans()), draw(st.booleans()))


@st.composite
def _problem(draw):
    slots = [draw(_slot(k)) for k in range(draw(st.integers(0, 12)))]
    names = [f for f in FEATURES if f != "never_weighed"]
    names += [f"{f}|{c}" for f in names for c in GAPS + KINDS]
    names += [f"spoke_{turn}_{cue}" for turn in ("last", "two_back")
              for cue in GAPS + ("after_question", "reply_opening", "tag_goes_on")]
    names += [f"{n}|{k}" for n in names if n.startswith("spoke_") for k in KINDS]
    weights = draw(st.dictionaries(st.sampled_from(names), _values, max_size=40))
    return slots, weights, draw(st.integers(1, 5)), draw(st.sampled_from([0.0, 2.0, 0.5]))


@settings(max_examples=400, deadline=None)
@given(_problem())
def test_compiled_and_plain_search_agree(problem):
    slots, weights, width, anchor = problem
    imported = beam.search(slots, ranker._SlotWeights(weights), width, anchor, ranker._TURN_TAKEN)
    plain = PURE.search(slots, ranker._SlotWeights(weights), width, anchor, ranker._TURN_TAKEN)
    assert imported == plain  # floats compared exactly
    assert [k for k, _, _ in imported] == list(range(len(slots)))
    for (k, who, probability), slot in zip(imported, slots):
        if slot.fixed is not None:
            assert who == slot.fixed and probability == 1.0
        elif slot.candidates:
            # (exp of a log-probability: an ulp or two above 1 where one candidate is all)
            assert who in slot.candidates and 0.0 < probability <= 1.0 + 1e-12
        else:
            assert who is None



def test_search_pieces_of_one_buffer_hold_apart_over_a_long_wide_chapter():
    # `search` carves its working arrays from one buffer of ints and one of
    # doubles: with many slots, every candidate in each and the widest beams,
    # each piece must still hold only its own values (the plain run's
    # `memoryview` slices and the compiled typed slices alike).
    slots = []
    for k in range(40):
        if k % 7 == 3:
            who = PEOPLE[k % len(PEOPLE)]
            slots.append(Slot(k, [who], [{}], False, True, GAPS[k % len(GAPS)], False, who, who, [], KINDS[0]))
            continue
        candidates = [PEOPLE[(k + j) % len(PEOPLE)] for j in range(len(PEOPLE))]
        features = [{FEATURES[(k + j) % len(FEATURES)]: 0.25 * (j + 1), "salience": 0.1 * k} for j in range(len(candidates))]
        slots.append(Slot(k, candidates, features, k % 2 == 0, k % 3 == 0, GAPS[k % len(GAPS)], k % 5 == 0,
                          None, None, [], KINDS[k % len(KINDS)], k % 4 == 0, k % 6 == 0))
    weights = {"before_near": 0.7, "salience": 1.3, "tag_refers": -0.4, "spoke_last_adjacent": -1.1,
               "spoke_two_back_adjacent": 0.9}
    for width in (1, 3, 6):
        imported = beam.search(slots, ranker._SlotWeights(weights), width, 0.5, ranker._TURN_TAKEN)
        plain = PURE.search(slots, ranker._SlotWeights(weights), width, 0.5, ranker._TURN_TAKEN)
        assert imported == plain
        assert [k for k, _, _ in imported] == list(range(len(slots)))

def test_one_candidate_is_certain_and_a_continuing_verb_hands_the_turn_on():
    weights = {"before_near": 1.0}
    ann = Slot(0, ["ann", "bob"], [{"before_near": 1.0}, {}], False, False, "far")
    goes_on = Slot(1, ["ann", "bob"], [{}, {"before_near": 3.0}], False, True, "adjacent", goes_on=True)
    clash = Slot(1, ["ann", "bob"], [{"tag_gender_clashes": 1.0}, {"before_near": 1.0}], False, True, "adjacent", goes_on=True)
    for module in (beam, PURE):
        assert module.search([Slot(0, ["ann"], [{}], False, False)], ranker._SlotWeights({}), 4, 2.0,
                             ranker._TURN_TAKEN) == [(0, "ann", 1.0)]
        chosen = module.search([ann, goes_on], ranker._SlotWeights(weights), 4, 2.0, ranker._TURN_TAKEN)
        assert chosen[1] == (1, "ann", 0.85)  # the verb decides, against a nearer name
        chosen = module.search([ann, clash], ranker._SlotWeights(weights), 4, 2.0, ranker._TURN_TAKEN)
        assert chosen[1][1] == "bob" and chosen[1][2] < 0.85  # the tag does not fit the last speaker: ranked


@st.composite
def _mentions(draw):
    n = draw(st.integers(0, 40))
    ends = sorted(draw(st.lists(st.integers(1, 5000), min_size=n, max_size=n)))
    ids = draw(st.lists(st.sampled_from(PEOPLE), min_size=n, max_size=n))
    weights = draw(st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=n, max_size=n))
    inside = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return ends, ids, weights, inside, draw(st.integers(0, 5200)), draw(st.integers(0, 3000)), draw(st.booleans())


@settings(max_examples=300, deadline=None)
@given(_mentions())
def test_salience_compiled_plain_and_the_sum_it_stands_for_agree(case):
    ends, ids, weights, inside, pos, reach, narration_only = case
    last = sum(1 for e in ends if e <= pos) - 1
    first = next((k for k in range(last + 1) if ends[k] >= pos - reach), last + 1)
    expected: dict[str, float] = {}
    for k in range(last, first - 1, -1):
        if not (narration_only and inside[k]):
            expected[ids[k]] = expected.get(ids[k], 0.0) + weights[k] * math.exp((ends[k] - pos) / 600)
    for module in (salience, PURE_SALIENCE):
        index = module.SalienceIndex(ends, ids, weights, inside, 600)
        for _ in range(2):  # the index's scratch arrays are left clean for the next query
            got = index.scores(last, first, pos, narration_only)
            assert got == expected and list(got) == list(expected)  # same bits, same order
