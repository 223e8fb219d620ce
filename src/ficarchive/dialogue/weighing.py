"""The ranker's weights in each context, and the scores they give each
candidate from its own features.

A feature weighs its own weight plus that of its conjunctions with the
quotation's gap and tag kind (`ranker.conjoined`); those sums are found once
per context. Slots built by `candidates.build_slots` share one feature
matrix, scored a matrix at a time: each row's weighted features are added
column by column in `features.COLUMNS` order, as a feature-by-feature sum
over a dict would add them, so the two give the same scores.
"""
from __future__ import annotations

import numpy as np

from .candidates import Slot
from .choices import Choice, choice_of
from .features import COLUMNS


class SlotWeights:
    """The weight of each feature in one context (a gap and a tag kind): its
    own weight plus those of its conjunctions, summed once per context."""

    _last: "SlotWeights | None" = None

    def __init__(self, weights: dict[str, float]):
        self.weights = weights
        self.contexts: dict[tuple[str, str], tuple] = {}
        self.vectors: dict[tuple[str, str], list[float]] = {}

    @classmethod
    def of(cls, weights: dict[str, float]) -> "SlotWeights":
        """The weights' sums per context, kept from one text to the next
        while the same weights are used (the shipped model's, mostly)."""
        if cls._last is None or cls._last.weights is not weights:
            cls._last = cls(weights)
        return cls._last

    def context(self, slot: Slot) -> tuple[dict[str, float], str, str, float, float, float]:
        """(feature weights found so far, `|gap`, `|kind`, and the weights of
        having spoken last, of a tag that says so, of having spoken two back)."""
        key = (slot.gap, slot.kind)
        found = self.contexts.get(key)
        if found is None:
            gap, kind = "|" + slot.gap, "|" + slot.kind
            found = self.contexts[key] = (
                {}, gap, kind, self.dynamic(slot, "spoke_last_" + slot.gap),
                self.dynamic(slot, "spoke_last_tag_goes_on"), self.dynamic(slot, "spoke_two_back_" + slot.gap))
        return found

    def weight(self, table: dict[str, float], name: str, gap: str, kind: str) -> float:
        """A feature's weight in the context `table` holds, found and kept."""
        get = self.weights.get
        w = table[name] = get(name, 0.0) + get(name + gap, 0.0) + get(name + kind, 0.0)
        return w

    def vector(self, slot: Slot) -> list[float]:
        """The weight of every column of the feature matrix in the slot's context."""
        key = (slot.gap, slot.kind)
        found = self.vectors.get(key)
        if found is None:
            table, gap, kind = self.context(slot)[:3]
            found = self.vectors[key] = [table.get(name) if name in table else self.weight(table, name, gap, kind)
                                         for name in COLUMNS]
        return found

    def dynamic(self, slot: Slot, name: str) -> float:
        get = self.weights.get
        return get(name, 0.0) + get(name + "|" + slot.kind, 0.0)

    def choices(self, slots: list[Slot]) -> list[Choice | None]:
        """What each slot's candidates' own scores offer the decoder (None
        for slots with nothing to decide). Slots whose features are rows of
        a matrix are scored together, a matrix at a time."""
        out: list[Choice | None] = [None] * len(slots)
        by_matrix: dict[int, list[int]] = {}
        for k, slot in enumerate(slots):
            if slot.fixed is not None or not slot.candidates:
                continue
            if slot.matrix is None:
                out[k] = choice_of(slot.candidates, [self.listed_score(slot, static) for static in slot.listed])
            else:
                by_matrix.setdefault(id(slot.matrix), []).append(k)
        for ks in by_matrix.values():
            scores = self._matrix_scores(slots, ks).tolist()
            for k in ks:
                slot = slots[k]
                out[k] = choice_of(slot.candidates, scores[slot.first_row:slot.first_row + len(slot.candidates)])
        return out

    def _matrix_scores(self, slots: list[Slot], ks: list[int]) -> np.ndarray:
        """Every row's score, each row weighed in its slot's context."""
        matrix = slots[ks[0]].matrix
        contexts: dict[tuple[str, str], int] = {}
        vectors = []
        row_context = np.zeros(matrix.values.shape[1], dtype=np.int64)
        for k in ks:
            slot = slots[k]
            key = (slot.gap, slot.kind)
            if key not in contexts:
                contexts[key] = len(vectors)
                vectors.append(self.vector(slot))
            row_context[slot.first_row:slot.first_row + len(slot.candidates)] = contexts[key]
        return matrix.scores(np.array(vectors).T[:, row_context])

    def listed_score(self, slot: Slot, static: dict[str, float]) -> float:
        table, gap, kind = self.context(slot)[:3]
        total = 0.0
        for name, value in static.items():
            w = table.get(name)
            if w is None:
                w = self.weight(table, name, gap, kind)
            total += w * value
        return total

    def reasons(self, slots: list[Slot], picks: dict[int, int]) -> dict[int, dict[str, float]]:
        """For each slot k in `picks`, what each of candidate `picks[k]`'s own
        features adds to its score. Rows of a matrix are read all at once."""
        out: dict[int, dict[str, float]] = {}
        by_matrix: dict[int, list[int]] = {}
        for k, j in picks.items():
            slot = slots[k]
            if slot.matrix is None:
                table, gap, kind = self.context(slot)[:3]
                out[k] = {name: value * (table[name] if name in table else self.weight(table, name, gap, kind))
                          for name, value in slot.listed[j].items()}
            else:
                by_matrix.setdefault(id(slot.matrix), []).append(k)
        for ks in by_matrix.values():
            rows = [slots[k].first_row + picks[k] for k in ks]
            for k, features in zip(ks, slots[ks[0]].matrix.rows(rows)):
                vector = self.vector(slots[k])
                out[k] = {COLUMNS[j]: value * vector[j] for j, value in features}
        return out
