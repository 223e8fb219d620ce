"""How much each character is in view at many places of a text at once.

At a place, each mention that ends before it (and within `span`
characters) adds its weight times exp(-distance / decay) to its member's
score: the sieve's `_salience_scores`, for every quotation of a text in a
few numpy passes instead of a Python loop per quotation.

The sieve adds each member's terms from the nearest mention back; here too,
rank by rank (every member's nearest term first, then every member's second
nearest, ...), so each score is the same sum in the same order, to the last
bit. Exponentials are `math`'s (`features.decay`) for the same reason.
"""
from __future__ import annotations

import numpy as np

from .features import decay

SPAN = 3000  # characters back that still keep a character in view
DECAY = 600  # ... fading by e every so many characters


def salience_at(positions: np.ndarray, ends: np.ndarray, members: np.ndarray, weights: np.ndarray,
                member_count: int, span: int, scale: int) -> tuple[np.ndarray, np.ndarray]:
    """(keys, scores): for each place p (an index into `positions`) and
    member m in view there, key `p * member_count + m`, sorted, and its
    score (terms fading as exp(-distance / scale)). `ends` must be sorted;
    `members` and `weights` go with them."""
    positions = np.asarray(positions, dtype=np.int64)
    last = np.searchsorted(ends, positions + 1) - 1  # the nearest mention ending at or before p
    first = np.searchsorted(ends, positions - span)  # the farthest still in reach
    counts = np.maximum(last - first + 1, 0)
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    place = np.repeat(np.arange(len(positions)), counts)
    starts = np.cumsum(counts) - counts
    k = last[place] - (np.arange(total) - starts[place])  # nearest first
    terms = weights[k] * decay(positions[place] - ends[k], scale)
    key = place * member_count + members[k]
    # Group by (place, member), keeping the nearest-first order in each group.
    by_key = np.argsort(key, kind="stable")
    key, terms = key[by_key], terms[by_key]
    group_start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    group_of = np.repeat(np.arange(len(group_start)), np.diff(np.r_[group_start, total]))
    rank = np.arange(total) - group_start[group_of]
    return key[group_start], _ranked_sums(terms, group_of, rank, len(group_start))


def _ranked_sums(terms: np.ndarray, group: np.ndarray, rank: np.ndarray, groups: int) -> np.ndarray:
    """Each group's terms added left to right (by rank): one vector addition
    per rank over the groups that long, longest groups first."""
    length = np.bincount(group, minlength=groups)
    by_length = np.argsort(-length, kind="stable")
    place = np.empty(groups, dtype=np.int64)
    place[by_length] = np.arange(groups)
    slot = place[group]
    order = np.lexsort((slot, rank))
    rank_bounds = np.searchsorted(rank[order], np.arange(int(length.max()) + 1))
    sums = np.zeros(groups)
    for r in range(len(rank_bounds) - 1):
        these = order[rank_bounds[r]:rank_bounds[r + 1]]
        sums[:len(these)] += terms[these]
    return sums[place]
