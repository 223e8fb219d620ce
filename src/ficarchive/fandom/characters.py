"""From name hits to characters: who each hit means, and who is on the page.

A form several characters share (`Summers`, `the Slayer`, `Will`) goes to the
one the rest of the text attests best; a nickname one character uses (`Red`
in Spike's mouth) counts only when that character is in the story. A
character is *on the page* when they speak or act in the story's present;
one only remembered or talked about is *mentioned*.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..dialogue.cast import CastMember, Mention
from .knowledge import Knowledge
from .names import Hit

_PART_RANK = {"main": 3, "recurring": 2, "minor": 1}
_GENDER = {"female": "female", "male": "male"}

# A name followed by a verb in the simple past acts in the story's present;
# `had` + participle is backstory (`Giles had fallen into their trap`).
_ACTS = re.compile(
    r"(?:['\u2019]s\s+\w+\s+)?(?:\s+(?:and|then|just|only|slowly|quickly|finally|suddenly|quietly|still|also)\b)?"
    r"\s+(?!had\b|would\b|could\b|should\b|might\b|must\b|used\b)"
    r"(?:[a-z]+ed|said|says|asked|saw|sat|stood|took|went|came|gave|got|made|knew|thought|felt|"
    r"looked|turned|ran|held|kept|let|put|told|found|left|began|brought|caught|drew|fell|grew|heard|"
    r"hid|hit|laughed|led|lay|meant|met|paid|rose|read|rang|said|sang|sank|shook|shot|shut|slept|"
    r"smiled|spoke|spun|stole|struck|swore|swung|taught|threw|thrust|understood|woke|wore|won|wrote|"
    r"says|goes|walks|looks|turns|smiles|nods|sighs|grins|shrugs|whispers)\b")


@dataclass
class CharacterReading:
    mentions: list[Mention]
    counts: Counter  # tag -> mentions
    acting: Counter  # tag -> times the name acts outside quotes
    on_page: list[str]
    mentioned: list[str]
    evidence: dict[str, str]


def resolve_hits(hits: list[Hit], knowledge: Knowledge, fandoms: list[str]) -> list[Mention]:
    """Each hit as one character of the chosen fandoms (and their universes)."""
    universe = {u for f in fandoms for u in knowledge.universe(f)}
    senses_of: dict[str, list] = {}  # a form's senses are the same wherever it occurs
    times: Counter = Counter(hit.surface for hit in hits)
    every = {hit.surface: hit.senses for hit in hits}
    sure: Counter = Counter()
    for surface, n in times.items():
        senses = [s for s in every[surface] if s.tag and s.fandom in universe]
        senses_of[surface] = senses
        if senses and len({s.tag for s in senses}) == 1 and not senses[0].ambiguous:
            sure[senses[0].tag] += n
    chosen: dict[str, str | None] = {
        surface: _choose(senses, sure, knowledge) if senses else None for surface, senses in senses_of.items()}
    return [Mention(hit.start, hit.end, chosen[hit.surface]) for hit in hits if chosen[hit.surface]]


def _choose(senses, sure: Counter, knowledge: Knowledge) -> str | None:
    usable = []
    for s in senses:
        if s.ambiguous == "role" and not sure[s.tag]:
            continue  # `the Slayer` names someone only once the story has them
        if s.used_by and not any(sure[u] for u in s.used_by):
            continue  # `Red` is Willow only where Spike is around
        usable.append(s)
    if not usable:
        return None
    tags = {s.tag for s in usable}
    if len(tags) == 1:
        return usable[0].tag
    # a shared form (`Wilson`, `House`) goes to a main character unless the
    # story clearly features the other one under an unshared name
    return max(tags, key=lambda t: (sure[t] + _PART_RANK[knowledge.characters[t].recurring] - 1, t))


def read_characters(text: str, mentions: list[Mention], quotes: list[tuple[int, int]],
                    speakers: Counter) -> CharacterReading:
    """Counts, acting and on-page versus mentioned for the resolved mentions."""
    starts = [q[0] for q in quotes]
    counts: Counter = Counter()
    acting: Counter = Counter()
    for m in mentions:
        counts[m.id] += 1
        if not _inside(starts, quotes, m.start) and _ACTS.match(text, m.end):
            acting[m.id] += 1
    on_page, mentioned, evidence = [], [], {}
    for tag, n in counts.most_common():
        spoke, acted = speakers.get(tag, 0), acting.get(tag, 0)
        if spoke or acted:
            on_page.append(tag)
            evidence[tag] = f"{tag}: named {n}×, speaks {spoke}×, acts {acted}×"
        else:
            mentioned.append(tag)
            evidence[tag] = f"{tag}: named {n}×, never speaks and acts {acted}× (mentioned)"
    return CharacterReading(mentions, counts, acting, on_page, mentioned, evidence)


def _inside(starts: list[int], quotes: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and quotes[i][0] <= pos < quotes[i][1]


def cast_of(knowledge: Knowledge, tags) -> list[CastMember]:
    """The knowledge base's characters as a cast for speaker attribution."""
    cast = []
    for tag in tags:
        c = knowledge.characters[tag]
        names = [a.name for a in c.aliases if a.ambiguous != "role"]
        for part in (c.first, c.last):
            if part and part not in names:
                names.append(part)
        cast.append(CastMember(tag, c.short_name, tuple(names), _GENDER.get(c.gender)))
    return cast
