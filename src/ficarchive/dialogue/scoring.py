"""Score predicted quotations and speakers against gold ones, exactly as the
LitBank quotes benchmark defines it (`../shared/litbank-quotes/README.md`):
spans match one-to-one, greedily by overlap, when they overlap by at least
half the gold span; a predicted speaker string resolves through the
characters file by id, name, alias, then the same ignoring case and spacing;
an ambiguous string resolves to nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Score:
    gold: int = 0  # gold quotations with a gold speaker
    quotes: int = 0  # all gold quotations
    matched: int = 0
    correct: int = 0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.quotes += other.quotes
        self.matched += other.matched
        self.correct += other.correct

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.quotes if self.quotes else 0.0

    @property
    def matched_accuracy(self) -> float:
        return self.correct / self.matched if self.matched else 0.0


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


class SpeakerResolver:
    """Looks a predicted speaker string up in a characters file."""

    def __init__(self, characters: list[dict]):
        exact = [{}, {}, {}]
        folded = [{}, {}, {}]
        for c in characters:
            keys = ([c["id"]], [c.get("name")], c.get("aliases") or [])
            for step, names in enumerate(keys):
                for name in names:
                    if name is None:
                        continue
                    exact[step].setdefault(name, set()).add(c["id"])
                    folded[step].setdefault(_fold(name), set()).add(c["id"])
        self._steps = [(table, False) for table in exact] + [(table, True) for table in folded]

    def resolve(self, speaker: str | None) -> str | None:
        if speaker is None:
            return None
        for table, fold in self._steps:
            ids = table.get(_fold(speaker) if fold else speaker)
            if ids:
                return next(iter(ids)) if len(ids) == 1 else None
        return None


def match_spans(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> dict[int, int]:
    """gold index -> pred index, one-to-one, greedily from the largest overlap."""
    pairs = []
    j0 = 0
    pred_sorted = sorted(range(len(pred)), key=lambda j: pred[j][0])
    for i, (gs, ge) in enumerate(gold):
        need = (ge - gs) / 2
        for j in pred_sorted[j0:]:
            ps, pe = pred[j]
            if ps >= ge:
                break
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0 and overlap >= need:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_gold: dict[int, int] = {}
    used_pred: set[int] = set()
    for _, i, j in pairs:
        if i in used_gold or j in used_pred:
            continue
        used_gold[i] = j
        used_pred.add(j)
    return used_gold


def score_work(gold: list[dict], pred: list[dict], characters: list[dict]) -> Score:
    resolver = SpeakerResolver(characters)
    matches = match_spans([(g["start"], g["end"]) for g in gold], [(p["start"], p["end"]) for p in pred])
    score = Score(quotes=len(gold), matched=len(matches))
    for i, g in enumerate(gold):
        if g.get("speaker") is None:
            continue
        score.gold += 1
        j = matches.get(i)
        if j is not None and resolver.resolve(pred[j].get("speaker")) == g["speaker"]:
            score.correct += 1
    return score
