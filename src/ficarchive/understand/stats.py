"""Point of view: the character the narration follows, where one dominates."""
from __future__ import annotations

import re

_FIRST = re.compile(r"(?<![\w'])(?:I|me|my|myself)(?![\w'])")
_THIRD = re.compile(r"(?<![\w'])(?:he|she|him|her|his|they|them)(?![\w'])", re.I)


SAMPLE = 40_000


def _narration(text: str, quotes: list[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in quotes:
        parts.append(text[last:start])
        last = max(last, end)
    parts.append(text[last:])
    return " ".join(parts)


def point_of_view(text: str, quotes: list[tuple[int, int]], reading) -> tuple[str | None, list[str]]:
    narration = _narration(text, quotes)[:SAMPLE]  # the voice is settled long before this
    first, third = len(_FIRST.findall(narration)), len(_THIRD.findall(narration))
    ranked = [(reading.counts[t], t) for t in reading.on_page]
    ranked.sort(reverse=True)
    if not ranked:
        return None, []
    top_count, top = ranked[0]
    runner = ranked[1][0] if len(ranked) > 1 else 0
    total = sum(reading.counts.values())
    if first > third:
        # a first-person narrator is the on-page character the narration never names
        return None, [f"first-person narration ({first} first-person against {third} third-person pronouns)"]
    if top_count >= 1.5 * max(runner, 1) and top_count >= 0.3 * total:
        return top, [f"third-person narration; {top} named {top_count}× against {runner}× for the next character"]
    return None, []
