"""Relationships: header shorthand resolved to canonical tags, and, where no
header names one, pairs inferred from romantic interaction in the text.

Every romance cue (a kiss, `I love you`, a caress) is credited to the two
characters nearest it: those named in its paragraph, else the last two named
before it (the paragraph's pronouns refer to them). A pair is a relationship
when its romance weight is high both in total and against how often the two
merely share a paragraph.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from ..dialogue.cast import Mention
from .cues import Cue, sentence_around
from ..fandom.knowledge import Knowledge

MIN_ROMANCE = 6.0  # about two kisses, or one kiss and a declaration
MIN_LEAD_ROMANCE = 3.0  # between the two leads, one kiss or a couple of softer cues is enough
MIN_SHARE_OF_TOP = 0.5  # a second pair needs half the main pair's weight
LOOKBACK = 1500  # characters before a cue in which its people may have been named


@dataclass
class PairEvidence:
    members: tuple[str, str]
    romance: float
    together: int  # paragraphs naming both
    examples: list[str]

    @property
    def confidence(self) -> float:
        strength = self.romance / (self.romance + 8.0)
        focus = self.romance / (self.romance + self.together)
        return round(min(0.95, 0.5 * strength + 0.5 * focus), 2)


def resolve_header_relationships(raw: list[str], knowledge: Knowledge, fandoms: list[str]) -> tuple[list[str], list[str]]:
    """(canonical tags, evidence) for what the header wrote."""
    tags, evidence = [], []
    for value in raw:
        found = knowledge.resolve_relationship(value, fandoms)
        tag = found[0] if len(found) == 1 else value
        if tag not in tags:
            tags.append(tag)
        if tag != value:
            evidence.append(f"header '{value}' → {tag}")
    return tags, evidence


def infer_relationships(text: str, mentions: list[Mention], cues: list[Cue],
                        eligible: set[str], canon: set[str] = frozenset()) -> list[PairEvidence]:
    """Romantic pairs among `eligible` characters. Where a known cast is in
    play (`canon`), a story with two or more canon characters is read for
    canon pairs: original characters marrying in the background, or a rival
    named between the two leads, are not its ship."""
    if len(canon & eligible) >= 2:  # canon ships first (see above): read cues among canon characters only
        eligible = canon & eligible
    mentions = [m for m in mentions if m.id in eligible]
    if not mentions:
        return []
    starts = [m.start for m in mentions]
    together = _paragraph_pairs(text, mentions)
    leads = _leads(together, canon)
    romance: Counter = Counter()
    examples: dict[tuple, list[str]] = {}
    for cue in cues:
        if cue.kind != "romance":
            continue
        people = _nearest_two(text, mentions, starts, cue.start)
        weight = cue.weight
        if len(people) == 1 and leads and people[0] in leads:
            people = list(leads)  # one lead named, the other in the pronouns around them:
            weight /= 2  # likely, not certain
        if len(people) == 2:
            pair = tuple(sorted(people))
            romance[pair] += weight
            sentence = sentence_around(text, cue.start, cue.end)
            if len(examples.setdefault(pair, [])) < 3 and sentence not in examples[pair]:
                examples[pair].append(sentence)
    pairs = [PairEvidence(p, w, together.get(p, 0), examples.get(p, [])) for p, w in romance.items()]
    # strong romance anywhere; or some romance between the story's two leads
    # (the pair sharing most paragraphs), which is how slow burns read
    pairs = [p for p in pairs if p.romance >= MIN_ROMANCE or (p.members == leads and p.romance >= MIN_LEAD_ROMANCE)]
    if canon:
        pairs = [p for p in pairs if set(p.members) & canon]
    if not pairs:
        return []
    pairs.sort(key=lambda p: -p.romance)
    return [p for p in pairs if p.romance >= MIN_SHARE_OF_TOP * pairs[0].romance][:3]


def _leads(together: Counter, canon: set[str]) -> tuple[str, str] | None:
    """The pair sharing most paragraphs: two canon characters where there are
    such pairs, else one with a canon member, else any."""
    for keep in (lambda p: set(p) <= canon, lambda p: set(p) & canon, lambda p: True):
        pairs = {p: n for p, n in together.items() if keep(p)}
        if pairs:
            return max(pairs, key=lambda p: (pairs[p], p))
    return None


def _nearest_two(text: str, mentions: list[Mention], starts: list[int], pos: int) -> list[str]:
    para_start = text.rfind("\n\n", 0, pos) + 1
    para_end = text.find("\n\n", pos)
    para_end = len(text) if para_end == -1 else para_end
    lo = bisect.bisect_left(starts, para_start)
    hi = bisect.bisect_left(starts, para_end)
    named = Counter(m.id for m in mentions[lo:hi])
    if len(named) >= 2:
        return [t for t, _ in named.most_common(2)]
    people = list(named)
    i = lo - 1
    while i >= 0 and len(people) < 2 and mentions[i].start >= para_start - LOOKBACK:
        if mentions[i].id not in people:
            people.append(mentions[i].id)
        i -= 1
    return people


def _paragraph_pairs(text: str, mentions: list[Mention]) -> Counter:
    counts: Counter = Counter()
    current: set[str] = set()
    boundary = -1
    for m in mentions:
        if m.start > boundary:
            counts.update(tuple(sorted(p)) for p in combinations(current, 2))
            current = set()
            nxt = text.find("\n\n", m.start)
            boundary = len(text) if nxt == -1 else nxt
        current.add(m.id)
    counts.update(tuple(sorted(p)) for p in combinations(current, 2))
    return counts


def categories_for(relationships: list[str], knowledge: Knowledge, genders: dict[str, str | None]) -> list[str]:
    """Archive categories from romantic relationships and members' genders."""
    found: list[str] = []
    for rel in relationships:
        if "/" not in rel:
            continue
        members = [m.strip() for m in rel.split("/")]
        if len(members) > 2:
            cat = "Multi"
        else:
            g = [genders.get(m) or (knowledge.characters[m].gender if m in knowledge.characters else None)
                 for m in members]
            if g.count("female") == 2:
                cat = "F/F"
            elif g.count("male") == 2:
                cat = "M/M"
            elif set(g) == {"female", "male"}:
                cat = "F/M"
            else:
                cat = "Other"
        if cat not in found:
            found.append(cat)
    return sorted(found) or ["Gen"]
