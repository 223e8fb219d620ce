"""Find where the text names each cast member.

Names are matched as whole, capitalised words, case-sensitively, with one
compiled alternation (longest first). Besides a member's name and aliases,
its parts count: `Gabriel Syme` is also `Syme` and `Gabriel`, `Mr. Peter
Pett` also `Mr. Pett` and `Pett`. A part shared by two members (`Bennet` of
Mr. and Mrs. Bennet) names neither; a full name beats an alias, an alias a
part. Descriptions (`the Rabbit`, `the young man`) match with either case of
their first letter. An alias that is also an English word (`Will`, `Faith`,
`Red`) counts only where it behaves like a name: not at the start of a
sentence before `you`, `I`, `the` and the like ("Will you…?").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property, lru_cache
from dataclasses import dataclass

from . import word_spans
from .cast import CastMember, Mention
from .lexicon import COMMON_WORD_NAMES, DESCRIBER_STOPS, GENERIC_PEOPLE, NOT_A_NAME_AFTER, ROLE_TITLES, TITLE_GENDER, words_pattern

_DETERMINERS = {"the", "a", "an", "this", "that", "one", "her", "his", "my", "our", "their", "your"}
_POSSESSIVE_DET = {"her", "his", "my", "our", "their", "your"}
_DEFINITE = {"the", "this", "that", "her", "his", "my", "our", "their", "your"}  # not `a`: a new one
# A definite determiner and up to two words before a described member's head noun.
_NOMINAL_LEAD = re.compile(r"\b(?:" + words_pattern(_DEFINITE | {d.capitalize() for d in _DEFINITE}) + r")\s+"
                           r"(?:(?!(?:" + words_pattern(DESCRIBER_STOPS) + r")\b)[a-z][\w'’-]*\s+){0,2}\Z")
_NOMINAL_REACH = 48
_CUT = re.compile(r"\s*(?:,|\bwho\b|\bwhose\b|\bwhich\b|\bthat\b|--|—)")
_NAME_PART = re.compile(r"[A-Z][\w'’.-]*$")
_PARTICLES = {"of", "de", "van", "von", "la", "le", "du", "da", "di", "the", "and"}
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|[\n“\"‘(]\s*|[\"'”’]\s+|—\s*)$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
NAME, ALIAS, PART = 0, 1, 2


@dataclass(frozen=True)
class _Form:
    ids: frozenset[str]
    common_word: bool  # also an ordinary English word: check it behaves like a name


class CastIndex:
    """The cast's name forms, compiled once, for matching and lookup."""

    def __init__(self, cast: list[CastMember]):
        self.cast = {m.id: m for m in cast}
        self.members = tuple(cast)  # (as given: forms of two members under one id both count)

    # The forms and heads are built when first asked for: speaker attribution
    # handed its mentions reads only `cast` (an index per story's cast).
    @cached_property
    def forms(self) -> dict[str, _Form]:
        levels: dict[str, dict[int, set[str]]] = {}
        for m in self.members:
            for form, level in _member_forms(m.name, m.aliases):
                levels.setdefault(form, {}).setdefault(level, set()).add(m.id)
        forms: dict[str, _Form] = {}
        for form, by_level in levels.items():
            ids = by_level[min(by_level)]
            if len(ids) == 1 or min(by_level) < PART:
                forms[form] = _Form(frozenset(ids), form.lower() in COMMON_WORD_NAMES)
        return forms

    @cached_property
    def nominal_heads(self) -> dict[str, str]:
        return _nominal_heads(self.members)

    @cached_property
    def pattern(self) -> re.Pattern | None:
        """Every form as a whole word; compiled when first needed (a caller
        that brings its own mentions never pays for it)."""
        if not self.forms:
            return None
        return whole_words_pattern(self.forms)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the forms occur as whole words (see `whole_word_spans`)."""
        if len(self.forms) <= FEW_FORMS and "pattern" not in self.__dict__:
            return whole_word_spans(text, self.forms)
        return [m.span() for m in self.pattern.finditer(text)] if self.forms else []

    def lookup(self, form: str) -> frozenset[str]:
        found = self.forms.get(form)
        return found.ids if found else frozenset()


# Up to this many forms, finding each with str.find costs less than compiling
# their alternation, which a story's own cast (new names in every story) would
# pay once per story: about a third of a millisecond.
FEW_FORMS = 8


# (`word_spans.whole_word_spans`: `str.find` for each form, the edges read
# around each place found; typed code where it was built.)
whole_word_spans = word_spans.whole_word_spans


def whole_words_pattern(forms) -> re.Pattern:
    """Any of the forms as a whole word. Grouped by first letter, each
    letter followed by the check of the character before it, so the engine
    jumps from one possible first letter to the next (a pattern opening on
    a look-behind would be tried at every character)."""
    by_first: dict[str, list[str]] = {}
    for form in forms:
        if form:
            by_first.setdefault(form[0], []).append(form[1:])
    branches = (re.escape(c) + r"(?<![\w-]" + re.escape(c) + r")(?:" + words_pattern(rest) + ")"
                for c, rest in sorted(by_first.items()))
    return re.compile(r"(?:" + "|".join(branches) + r")(?![\w-])")


@lru_cache(maxsize=64)
def cast_index(cast: tuple[CastMember, ...]) -> CastIndex:
    """The compiled index of a cast, shared by every text read against it."""
    return CastIndex(list(cast))


@lru_cache(maxsize=4096)  # a canon cast's members recur story after story
def _member_forms(name: str | None, aliases: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Every form a member's name and aliases take, with its level, in order;
    only forms of two characters or more with a letter in them."""
    found = []
    for written, level in ((name, NAME), *((alias, ALIAS) for alias in aliases)):
        if not written:
            continue
        for form, form_level in _forms(written, level):
            form = form.strip()
            if len(form) >= 2 and any(c.isalpha() for c in form):
                found.append((form, form_level))
    return tuple(found)


def _forms(name: str, level: int):
    """The surface forms a name can take in the text, with their level."""
    name = " ".join(name.split())
    words = name.split(" ")
    if words[0].lower() in _DETERMINERS or name[:1].islower():
        yield from _description_forms(name, level)
        return
    yield name, level
    if words[0] in TITLE_GENDER and words[0].endswith(".") and len(words) > 1:
        yield " ".join([words[0].rstrip(".")] + words[1:]), level
    elif words[0] + "." in TITLE_GENDER and len(words) > 1:
        yield " ".join([words[0] + "."] + words[1:]), level
    titles = []
    while words and (words[0] in TITLE_GENDER or words[0] + "." in TITLE_GENDER):
        titles.append(words.pop(0))
    parts = [w for w in words if _NAME_PART.match(w) and w.lower() not in _PARTICLES]
    if not parts:
        return
    if titles or len(parts) > 1:
        yield parts[-1], PART
        if len(parts) > 1:
            yield parts[0], PART
        for title in titles:
            base = title.rstrip(".")
            yield f"{base} {parts[-1]}", PART
            yield f"{base}. {parts[-1]}", PART
    for title in titles:
        role = ROLE_TITLES.get(title)
        if role:
            yield f"the {role}", PART
            yield f"The {role}", PART


def _description_forms(name: str, level: int):
    """`the Rabbit`, `her visitor`, `The doctor`: as written, either case first."""
    name = _CUT.split(name, 1)[0].strip()
    words = name.split()
    if not words or len(words) > 4:
        return
    variants = {name}
    if words[0].lower() in _POSSESSIVE_DET and len(words) > 1:
        variants.add("the " + " ".join(words[1:]))
    for v in variants:
        yield v[0].lower() + v[1:], level
        yield v[0].upper() + v[1:], level


def _nominal_heads(cast: list[CastMember]) -> dict[str, str]:
    """The head noun of each member known by a description (`the child 's
    nurse` -> `nurse`), where no other member's description shares it and
    it is no word for anyone at all (`lady`)."""
    heads: dict[str, set[str]] = {}
    for m in cast:
        for head in _member_heads(m.name, m.aliases):
            heads.setdefault(head, set()).add(m.id)
    return {head: next(iter(ids)) for head, ids in heads.items() if len(ids) == 1}


@lru_cache(maxsize=4096)
def _member_heads(name: str | None, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """The head nouns of a member's descriptive names, in order."""
    found = []
    for form in (name or "", *aliases):
        form = " ".join(form.split())
        words = _CUT.split(form, 1)[0].split()
        if len(words) < 2 or not (words[0].lower() in _DETERMINERS or form[:1].islower()):
            continue
        head = words[-1]
        if head.isalpha() and head.islower() and head not in DESCRIBER_STOPS and head not in GENERIC_PEOPLE:
            found.append(head)
    return tuple(found)


def _nominal_mentions(text: str, index: CastIndex, found: list[Mention]) -> list[Mention]:
    """`our last guide`, `the old captain`: a definite description whose head
    noun is that of one member's descriptive name (`The guide`, `the
    captain`), where the exact forms found none. The heads are few and rare:
    each is found with str.find and the words before it checked there,
    which costs far less than a scan for every `the`, `his` or `her`, or
    than the heads' first letters (lower-case: nearly every word) in the
    names' own pattern."""
    if not index.nominal_heads:
        return found
    starts = [m.start for m in found]
    extra = []
    for head_start, end in whole_word_spans(text, index.nominal_heads):
        lead = _NOMINAL_LEAD.search(text, max(0, head_start - _NOMINAL_REACH), head_start)
        if lead is None:
            continue
        start = lead.start()
        k = bisect_right(starts, end) - 1  # the last name starting before this ends
        if k >= 0 and found[k].end > start:
            continue  # already a mention
        extra.append(Mention(start, end, index.nominal_heads[text[head_start:end]]))
    if not extra:
        return found
    return sorted(found + extra, key=lambda m: m.start)


def find_mentions(text: str, cast: list[CastMember] | CastIndex) -> list[Mention]:
    """Every place the text names a cast member, in order. Where a form fits
    several members, the one named most recently before it is meant."""
    index = cast if isinstance(cast, CastIndex) else CastIndex(cast)
    mentions: list[Mention] = []
    last_seen: dict[str, int] = {}
    for start, end in index.spans(text):
        form = index.forms[text[start:end]]
        if form.common_word and not _behaves_like_name(text, start, end):
            continue
        ids = form.ids
        if len(ids) == 1:
            member = next(iter(ids))
        else:
            member = max(ids, key=lambda i: (last_seen.get(i, -1), i))
            if member not in last_seen:
                continue  # several members and none named yet: leave it
        last_seen[member] = start
        mentions.append(Mention(start, end, member))
    return _nominal_mentions(text, index, mentions)


def _behaves_like_name(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if not word[:1].isupper():
        return False
    if not _SENTENCE_START.search(text, max(0, start - 3), start):
        return True  # capitalised inside a sentence: a name
    nxt = _NEXT_WORD.match(text, end)
    return not (nxt and nxt.group(1).lower() in NOT_A_NAME_AFTER)
