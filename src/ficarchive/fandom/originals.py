"""Original characters in a fan work: people the story names, who act or
speak, and whom no knowledge file knows (`Pamela Grissom` in a TNG story).

The candidates come from the dialogue stage's finder of names that behave
like characters; here they are held to a higher bar, because beside a known
cast every stray capital (`Earth`, `Captain`, `It's`) would otherwise become a
person: no form the knowledge base knows, no ordinary or function word, no
word the text also writes in lower case, named at least three times.
"""
from __future__ import annotations

import re

from ..dialogue.cast import CastMember
from ..dialogue.lexicon import TITLE_GENDER
from ..dialogue.original_cast import find_original_cast
from .names import common_word, occurs_as_word

MIN_MENTIONS = 3
_NAME_WORD = re.compile(r"[A-Z][a-z\u00E0-\u00FF'\u2019-]*[a-z]")  # not `G-`, `NASA`, `X`
_CONTRACTION = re.compile(r"['\u2019](?:s|d|ll|ve|re|m|t)$", re.I)


def original_characters(text: str, known: set[str] | frozenset[str]) -> list[CastMember]:
    """The story's own people beside a known cast (`known`: every word of its
    names, places and fandom names); each a CastMember whose id is its
    fullest name (`Matt Vernon`, not `Matt`)."""

    def plausible(name: str) -> bool:
        words = _untitled(name)
        return bool(words) and not any(
            w in known or not _NAME_WORD.match(w) or _CONTRACTION.search(w)
            or common_word(w.lower()) or occurs_as_word(text, w.lower()) for w in words)

    by_key: dict[str, CastMember] = {}
    for member in find_original_cast(text, min_count=MIN_MENTIONS, accept=plausible):
        words = _untitled(member.name or member.id)
        forms = [f for f in (member.id, *member.aliases)
                 if not _CONTRACTION.search(f) and not any(w in known for w in f.split())] or [member.id]
        full = max((" ".join(_untitled(f)) or f for f in forms), key=len)
        key = words[-1]  # `Major Wigginson` and `Wigginson` are one person
        if key in by_key:
            old = by_key[key]
            forms = [*old.aliases, old.id, *forms]
            full = max([old.id, full], key=len)
        by_key[key] = CastMember(full, full, tuple(sorted({f for f in forms if f != full})), member.gender)
    return list(by_key.values())


def _untitled(name: str) -> list[str]:
    return [w for w in name.split() if w.rstrip(".") not in _TITLES]


_TITLES = {t.rstrip(".") for t in TITLE_GENDER}
