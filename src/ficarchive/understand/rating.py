"""The archive rating of an unrated work, from what its text contains."""
from __future__ import annotations

from collections import defaultdict

from ..resources import load_yaml
from .cues import Cue, sentence_around

LEVELS = ("Explicit", "Mature", "Teen And Up Audiences")


def content_profile(cues: list[Cue]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for cue in cues:
        totals[cue.kind] += cue.weight
    return dict(totals)


def infer_rating(text: str, cues: list[Cue], words: int) -> tuple[str, float, list[str]]:
    """(rating, confidence, evidence). The first level, from Explicit down,
    whose thresholds the cues meet; General Audiences when none is met."""
    rules = load_yaml("rating_inference.yaml")
    totals = content_profile(cues)
    per_k = 1000.0 / max(words, 1)
    for level in LEVELS:
        for kind, limit in rules[level].items():
            total = totals.get(kind, 0.0)
            rate = total * per_k
            if total >= limit["total"] or (rate >= limit["rate"] and total >= limit["total"] / 4):
                margin = max(total / limit["total"], rate / limit["rate"])
                confidence = round(min(0.9, 0.45 + 0.15 * margin), 2)
                examples = [sentence_around(text, c.start, c.end) for c in cues if c.kind == kind][:3]
                return level, confidence, [
                    f"{kind.replace('_', ' ')}: weight {total:.0f} ({rate:.1f} per 1,000 words) "
                    f"meets the {level} threshold", *(f"e.g. “{e}”" for e in examples)]
    summary = ", ".join(f"{k.replace('_', ' ')} {v:.0f}" for k, v in sorted(totals.items())) or "no content cues"
    return "General Audiences", 0.5, [f"no threshold above General Audiences met ({summary})"]
