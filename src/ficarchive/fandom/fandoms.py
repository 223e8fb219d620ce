"""Which fandom a text belongs to, from the names and places it uses.

Each hit votes for the fandoms that know its form, a form shared by several
fandoms (`Sam`, `John`) splitting its vote between them. A fandom is chosen
when several of its characters (or its places) turn up, so a lone `Harry` in
an original story does not make it Harry Potter. A second fandom outside the
first one's universe is a crossover when it has its own strong evidence.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .knowledge import Knowledge
from .names import FORM_WEIGHT, Hit

MIN_SCORE = 4.0  # about two characters named a handful of times each


@dataclass
class FandomGuess:
    name: str
    score: float
    characters: dict[str, float] = field(default_factory=dict)  # tag -> weight of its hits
    keywords: dict[str, float] = field(default_factory=dict)

    def evidence(self, limit: int = 6) -> str:
        tops = sorted(self.characters.items(), key=lambda kv: -kv[1])[:limit]
        parts = [f"{tag} ({weight:.0f})" for tag, weight in tops]
        if self.keywords:
            parts.append("places/things: " + ", ".join(
                f"{k} ×{n}" for k, n in sorted(self.keywords.items(), key=lambda kv: -kv[1])[:4]))
        return f"{self.name}: " + "; ".join(parts)


def score_fandoms(hits: list[Hit], knowledge: Knowledge, exclude: set[str] = frozenset()) -> list[FandomGuess]:
    """Score every fandom the hits point to; forms that any fandom in
    `exclude` also knows are left out (a crossover must stand on its own)."""
    guesses: dict[str, FandomGuess] = {}
    times = Counter(hit.surface for hit in hits)
    for hit in {hit.surface: hit for hit in hits}.values():
        n = times[hit.surface]
        by_fandom: dict[str, list] = defaultdict(list)
        for s in hit.senses:
            if s.ambiguous != "role":
                by_fandom[s.fandom].append(s)
        if not by_fandom or exclude.intersection(by_fandom):
            continue
        share = 1.0 / len(by_fandom)
        for fandom, senses in by_fandom.items():
            g = guesses.setdefault(fandom, FandomGuess(fandom, 0.0))
            if any(s.tag is None for s in senses):  # a place or thing of this fandom
                g.keywords[hit.surface] = g.keywords.get(hit.surface, 0) + share * n
                continue
            weight = share * max(_weight(s, knowledge) for s in senses)
            key = _who(senses, hit.surface, knowledge)
            g.characters[key] = g.characters.get(key, 0.0) + weight * n
    for g in guesses.values():
        g.score = sum(math.log2(1 + w) for w in g.characters.values()) + sum(
            math.log2(1 + n) for n in g.keywords.values())
    return sorted(guesses.values(), key=lambda g: -g.score)


def _weight(sense, knowledge: Knowledge) -> float:
    """A minor character's bare first or last name says little about the fandom."""
    weight = FORM_WEIGHT[sense.form] * (0.5 if sense.ambiguous else 1.0)
    if sense.form in ("first", "last") and knowledge.characters[sense.tag].recurring == "minor":
        weight *= 0.25
    return weight


def _who(senses: list, surface: str, knowledge: Knowledge) -> str:
    """The character a form names within one fandom: the only one, or the one
    main character among several (`House` is Greg House, not his father);
    otherwise the form itself, which then counts as no particular character."""
    tags = {s.tag for s in senses}
    if len(tags) == 1:
        return senses[0].tag
    main = [t for t in tags if knowledge.characters[t].recurring == "main"]
    return main[0] if len(main) == 1 else "~" + surface


def choose_fandoms(hits: list[Hit], knowledge: Knowledge) -> list[FandomGuess]:
    """The fandom the evidence settles on, then any crossover partner, each
    scored again on the forms the fandoms chosen so far do not explain."""
    chosen: list[FandomGuess] = []
    while True:
        taken = {g.name for g in chosen}
        guesses = score_fandoms(hits, knowledge, exclude=taken)
        # a crossover needs more, and stronger, cues than the main fandom
        fit = [g for g in guesses if g.score >= MIN_SCORE and
               (_cues(g, 1.5) >= 2 if not chosen else _cues(g, 3.0) >= 3)]
        if not fit:
            return chosen
        chosen.append(fit[0])


def _cues(g: FandomGuess, min_weight: float) -> int:
    """Distinct pieces of evidence: named characters and places."""
    named = sum(1 for tag, w in g.characters.items() if w >= min_weight and not tag.startswith("~"))
    return named + sum(1 for n in g.keywords.values() if n >= 1)
