"""The speaker trainer's fit on decoded history (`tools/train_speakers.py`), on a few
works of the LitBank quotes development half."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import shared_or_skip

pytest.importorskip("scipy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import train_speakers  # noqa: E402


@pytest.fixture(scope="module")
def works():
    folder = shared_or_skip().parent / "litbank-quotes"
    if not folder.is_dir():
        pytest.skip("../shared/litbank-quotes is not present next to the checkout")
    names = sorted(p.name[:-4] for p in folder.glob("*.txt"))[:6]
    return [train_speakers.Work(folder, n) for n in names]


def test_gold_histories_build_the_same_design(works):
    names = train_speakers.feature_names(works)
    default = train_speakers.Design(works, names)
    explicit = train_speakers.Design(works, names, [w.previous for w in works])
    assert np.array_equal(default.x, explicit.x)
    assert np.array_equal(default.gold, explicit.gold)


def test_decoded_history_changes_only_the_turn_features(works):
    names = train_speakers.feature_names(works)
    first = train_speakers.Design(works, names).fit()
    gold = train_speakers.Design(works, names)
    decoded = train_speakers.Design(works, names, [w.decoded(first) for w in works])
    differs = np.flatnonzero((gold.x != decoded.x).any(axis=0))
    assert all(names[j].startswith(("spoke_last_", "spoke_two_back_")) for j in differs)
    assert np.array_equal(gold.starts, decoded.starts) and np.array_equal(gold.gold, decoded.gold)


def test_fit_on_decoded_is_deterministic_and_ignores_the_left_out_work(works):
    names = train_speakers.feature_names(works)
    design = train_speakers.Design(works, names)
    once = design.fit_on_decoded(leave_out=0)
    assert once == design.fit_on_decoded(leave_out=0)
    # Without the left-out work at all, the same weights.
    rest = train_speakers.Design(works[1:], names)
    assert once == rest.fit_on_decoded()
