"""A cast for a text nobody has described: its capitalised names that behave
like characters. A name qualifies when it recurs (at least twice) and acts:
it tags speech (`Ana said`, `said Ana`), takes a possessive (`Ana's`), or is
the subject of a past-tense verb (`Ana turned`). Two-word names (`Ana Reyes`)
join their first name; `Mr. Reyes` keeps its title. Genders come from the
pronouns that follow the name, when they clearly agree.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from .cast import CastMember
from .lexicon import NOT_NAMES, PRONOUN_GENDER, SPEECH_VERBS, TITLE_GENDER, words_pattern

_TITLE = r"(?:" + words_pattern(t for t in TITLE_GENDER if t[:1].isupper()) + r")\s+"
_NAME = r"(?:" + _TITLE + r")?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?"
_VERB = words_pattern(SPEECH_VERBS)
_ACTS = re.compile(
    r"(?<![\w-])(" + _NAME + r")(?=\s*(?:['’]s\b|\s+(?:" + _VERB + r")\b|\s+[a-z]+ed\b|\s+(?:was|had|did|could|would|smiled|nodded|looked|turned|sat|stood)\b))"
    r"|(?:\b(?:" + _VERB + r")\s+)(" + _NAME + r")\b"
)
_WORD = re.compile(r"(?<![\w-])(" + _NAME + r")(?![\w-])")
# Subject and possessive forms only: "Tobin looked at her" says nothing of Tobin.
_PRONOUN_AFTER = re.compile(r"\b(he|she|his|himself|herself)\b", re.I)
_SPEECH_START = re.compile(r"[\"“‘]")


def find_original_cast(text: str, min_count: int = 2, accept=None) -> list[CastMember]:
    """`accept(name)`, when given, vets each candidate before its gender is
    read (the costly part), so callers with a stricter bar pay only for
    the names they keep."""
    acting = Counter()
    for m in _ACTS.finditer(text):
        name = _clean(m.group(1) or m.group(2))
        if name:
            acting[name] += 1
    if not acting:
        return []
    counts = Counter(_clean(m.group(1)) for m in _WORD.finditer(text))
    # Full names fold into their first name ("Ana Reyes" and "Ana" are one).
    members: dict[str, set[str]] = defaultdict(set)
    for name in acting:
        words = name.split()
        key = name if words[0] in TITLE_GENDER or words[0] + "." in TITLE_GENDER else words[0]
        if key in NOT_NAMES:
            continue
        members[key].add(name)
    cast = []
    for key, forms in members.items():
        total = sum(counts.get(f, 0) for f in forms | {key})
        if total < min_count or (accept is not None and not accept(key)):
            continue
        aliases = tuple(sorted(f for f in forms if f != key))
        cast.append(CastMember(key, key, aliases, _gender(text, key, forms)))
    cast.sort(key=lambda m: text.find(m.name))
    return cast


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = " ".join(name.split())
    words = name.split()
    if words[-1] in NOT_NAMES or words[0] in NOT_NAMES and words[0] not in TITLE_GENDER:
        return None
    return name


def _gender(text: str, key: str, forms: set[str]) -> str | None:
    words = key.split()
    title = TITLE_GENDER.get(words[0]) or TITLE_GENDER.get(words[0] + ".")
    if len(words) > 1 and title:
        return title
    return infer_gender(text, [key, *forms])


def infer_gender(text: str, names: list[str]) -> str | None:
    """From the first third-person pronoun after each naming, outside speech,
    within the same stretch of narration: the gender two thirds agree on."""
    votes = Counter()
    pattern = re.compile(r"(?<![\w-])(?:" + words_pattern(names) + r")(?![\w-])")
    for m in pattern.finditer(text):
        window = text[m.end():m.end() + 120]
        cut = _SPEECH_START.search(window)
        if cut:
            window = window[:cut.start()]
        p = _PRONOUN_AFTER.search(window)
        if p:
            votes[PRONOUN_GENDER.get(p.group(1).lower())] += 1
    male, female = votes.get("male", 0), votes.get("female", 0)
    if male + female >= 1:
        if male * 3 >= (male + female) * 2:
            return "male"
        if female * 3 >= (male + female) * 2:
            return "female"
    return None
