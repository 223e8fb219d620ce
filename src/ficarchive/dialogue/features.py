"""The ranker's features for every (quotation, candidate) pair of a text, as
one matrix: a row per pair, a column per feature (`COLUMNS`).

Each feature is computed for all pairs at once with numpy (the nearest
mention before a quotation is one `searchsorted` over every member's
mentions, keyed by member and position), so the cost per pair is a few
array elements rather than a Python call. What the features mean is told
in `candidates.py`, which gathers what they read.

The columns are in the order the features were first written, and a row's
score is summed column by column in that order (`FeatureMatrix.scores`):
floating-point addition is not associative, and the same order gives the
same scores, to the last bit, as adding a candidate's features one by one.
Exponentials (`decay`) and logarithms are `math`'s for the same reason
(numpy's vectorised `exp` may round differently).
"""
from __future__ import annotations

import math

import numpy as np

# Before the quotation, after it, the pronoun chain, the last named of a
# gender, spoken to or named, tags of the next quotations, the quotation's
# own tag, sentences opening with a pronoun, the narrator, what a candidate
# brings everywhere, the sieve's answer, how much in view.
COLUMNS = (
    "before_near", "before_sentence", "before_subject", "before_since_last_quote",
    "after_near", "after_subject",
    "chain_near", "chain_recent",
    "last_named_of_gender",
    "addressed_here", "named_in_quote", "addressed_before", "addressed_after",
    "next_tagged", "next2_tagged",
    "tag_gender_agrees", "tag_gender_unknown", "tag_gender_clashes", "tag_third_person_narrator", "tag_refers",
    "tag_first_person_narrator", "tag_first_person_other", "tag_group_ungendered",
    "description_kin_family",
    "pronoun_before_first_person", "pronoun_before_agrees", "pronoun_before_refers", "pronoun_before_clashes",
    "pronoun_after_first_person", "pronoun_after_agrees", "pronoun_after_refers", "pronoun_after_clashes",
    "narrator", "narrator_first_person_before",
    "described_not_named", "nameless", "tagged_share",
    # The sieve's own answer, by the cue that gave it (one per row at most).
    "sieve_description_tag", "sieve_kin_tag", "sieve_gendered_tag", "sieve_same_turn", "sieve_acting",
    "sieve_turn_taking", "sieve_in_view",
    "salience", "most_in_view",
)
COLUMN = {name: j for j, name in enumerate(COLUMNS)}


class FeatureMatrix:
    """Feature values by column (`values[j]` holds column j for every row),
    and which rows belong to each slot."""

    def __init__(self, values: np.ndarray):
        self.values = values

    def row(self, r: int) -> dict[str, float]:
        """One pair's features by name (those that are not zero)."""
        column = self.values[:, r]
        return {COLUMNS[j]: float(column[j]) for j in np.flatnonzero(column)}

    def rows(self, rows: list[int]) -> list[list[tuple[int, float]]]:
        """(column, value) of the features that are not zero, for each of
        `rows`, read together."""
        picked = self.values.T[rows]  # rows laid out one after another: quick to scan
        row_of, column = np.nonzero(picked)
        out: list[list[tuple[int, float]]] = [[] for _ in rows]
        for r, j, value in zip(row_of.tolist(), column.tolist(), picked[row_of, column].tolist()):
            out[r].append((j, value))
        return out

    def has(self, r: int, name: str) -> bool:
        return bool(self.values[COLUMN[name], r])

    def scores(self, row_weights: np.ndarray) -> np.ndarray:
        """Each row's score: its features times their weights (`row_weights`
        is laid out like `values`), added column by column in order."""
        values = self.values
        total = np.zeros(values.shape[1])
        for j in np.flatnonzero(values.any(axis=1)):
            total += values[j] * row_weights[j]
        return total


def decay(distances: np.ndarray, scale: int) -> np.ndarray:
    """exp(-d / scale) of each whole distance d >= 0, bit for bit what
    `math.exp(-d / scale)` gives (numpy's vectorised `exp` may round
    differently): looked up in a table of those values, grown as needed."""
    table = _DECAY_TABLES.get(scale)
    top = int(distances.max()) + 1 if len(distances) else 0
    limit = _TABLE_LIMIT * scale
    if table is None or (top > len(table) and len(table) < limit):
        size = min(max(top, 2 * len(table) if table is not None else 4096), limit)
        table = _DECAY_TABLES[scale] = np.array([math.exp(-d / scale) for d in range(size)])
    if top <= len(table):
        return table[distances]
    inside = distances < len(table)
    out = np.empty(len(distances))
    out[inside] = table[distances[inside]]
    out[~inside] = [math.exp(-d / scale) for d in distances[~inside].tolist()]
    return out


# Beyond this many multiples of the scale, exp(-d / scale) is zero or nearly:
# those few go through `math.exp` one by one rather than into the table.
_TABLE_LIMIT = 750
_DECAY_TABLES: dict[int, np.ndarray] = {}


def log1p_of(counts: np.ndarray) -> np.ndarray:
    """`math.log1p` of each (small, non-negative) count."""
    top = int(counts.max()) + 1 if len(counts) else 1
    table = np.array([math.log1p(n) for n in range(top)])
    return table[counts]
