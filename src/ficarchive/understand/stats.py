"""Point of view: the character the narration follows, where one dominates."""
from __future__ import annotations

import re

from . import text_scan

# Each pattern opens on its pronouns' letters and checks the character before
# after them, so the engine skips from candidate letter to candidate letter.
_FIRST = re.compile(r"(?:I(?<![\w']I)|m(?<![\w']m)(?:e|y(?:self)?))(?![\w'])")
_THIRD = re.compile(r"(?:h(?<![\w']h)(?:e|im|er|is)|s(?<![\w']s)he|t(?<![\w']t)he(?:y|m))(?![\w'])")
# The same pronouns as words, for the typed count (`text_scan.count_words`).
FIRST_PERSON = ("I", "me", "my", "myself")
THIRD_PERSON = ("he", "him", "her", "his", "she", "they", "them")


SAMPLE = 40_000


def _narration(text: str, quotes: list[tuple[int, int]], limit: int = SAMPLE) -> str:
    """The text outside quotations, up to `limit` characters of it."""
    parts, last, size = [], 0, 0
    for start, end in quotes:
        parts.append(text[last:start])
        size += len(parts[-1]) + 1
        if size >= limit:  # enough: the rest would be cut off anyway
            break
        last = max(last, end)
    else:
        parts.append(text[last:])
    return " ".join(parts)[:limit]


def point_of_view(text: str, quotes: list[tuple[int, int]], reading) -> tuple[str | None, list[str]]:
    narration = _narration(text, quotes)  # the voice is settled long before its end
    if text_scan.COMPILED:
        first, third = text_scan.pronoun_counts(narration, FIRST_PERSON, THIRD_PERSON)
    else:
        first, third = len(_FIRST.findall(narration)), len(_THIRD.findall(narration.lower()))
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
