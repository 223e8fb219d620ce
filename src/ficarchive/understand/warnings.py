"""Archive warnings: what the header says, mapped to the archive's tags; and
what the text suggests, kept apart as suggestions, never asserted."""
from __future__ import annotations

import bisect
from collections import defaultdict
from functools import lru_cache

from ..dialogue.cast import Mention
from ..fandom.knowledge import lookup_key
from ..resources import load_yaml
from .cues import Cue, sentence_around

NOT_USED = "Creator Chose Not To Use Archive Warnings"
VIOLENCE = "Graphic Depictions Of Violence"
DEATH = "Major Character Death"
NONCON = "Rape/Non-Con"


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    table = {}
    for tag, spellings in load_yaml("warnings.yaml").items():
        for s in [tag, *spellings]:
            table[lookup_key(str(s))] = tag
    return table


def map_header_warnings(raw: list[str]) -> tuple[list[str], list[str]]:
    """(archive warnings, the rest kept as additional tags)."""
    warnings, rest = [], []
    for value in raw:
        tag = _spellings().get(lookup_key(value))
        if tag:
            if tag not in warnings:
                warnings.append(tag)
        elif value not in rest:
            rest.append(value)
    return warnings, rest


def suggest_warnings(text: str, cues: list[Cue], words: int, mentions: list[Mention],
                     main: set[str]) -> dict[str, list[str]]:
    """Suggested warning -> the sentences that suggest it."""
    by_kind: dict[str, list[Cue]] = defaultdict(list)
    for c in cues:
        by_kind[c.kind].append(c)
    per_k = 1000.0 / max(words, 1)
    out: dict[str, list[str]] = {}
    graphic = [c for c in by_kind["violence"] if c.weight >= 2]
    violence = sum(c.weight for c in by_kind["violence"])
    if len(graphic) >= 4 and violence * per_k >= 6:
        out[VIOLENCE] = [sentence_around(text, c.start, c.end) for c in graphic[:3]]
    noncon = by_kind["nonconsent"]
    if sum(c.weight for c in noncon) >= 8:
        out[NONCON] = [sentence_around(text, c.start, c.end) for c in noncon[:3]]
    deaths = _deaths_of(text, by_kind["death"], mentions, main)
    if deaths:
        out[DEATH] = deaths[:3]
    return out


def _deaths_of(text: str, cues: list[Cue], mentions: list[Mention], main: set[str]) -> list[str]:
    """Death cues in the same sentence as a main character's name."""
    named = [m.start for m in mentions if m.id in main]
    found = []
    for c in cues:
        if c.weight < 2:
            continue
        sentence_start = max(text.rfind(ch, max(0, c.start - 300), c.start) for ch in ".!?\n") + 1
        ends = [i for i in (text.find(ch, c.end, c.end + 300) for ch in ".!?\n") if i != -1]
        sentence_end = min(ends) if ends else c.end + 300
        i = bisect.bisect_left(named, sentence_start)
        if i < len(named) and named[i] < sentence_end:
            found.append(sentence_around(text, c.start, c.end))
    return found if len(found) >= 2 else []
