"""A cast for a text nobody has described: its capitalised names that behave
like characters. A name qualifies when it recurs (at least twice) and acts:
it tags speech (`Ana said`, `said Ana`), takes a possessive (`Ana's`), or is
the subject of a past-tense verb (`Ana turned`). Two-word names (`Ana Reyes`)
join their first name; `Mr. Reyes` keeps its title. Genders come from the
pronouns that follow the name, when they clearly agree.
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from functools import lru_cache

from . import name_acts
from .cast import CastMember
from .mentions import FEW_FORMS, whole_word_spans, whole_words_pattern
from .lexicon import NOT_NAMES, PRONOUN_GENDER, SPEECH_VERBS, TITLE_GENDER, words_pattern

_TITLES = sorted(t for t in TITLE_GENDER if t[:1].isupper())
# The same name, not after a letter or hyphen, written to open with a
# character class (its first letter; a title's rest is then matched after
# it), so the engine skips to capitals instead of trying every character.
_INITIALS = sorted({t[0] for t in _TITLES} | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
_TITLE_REST = "|".join(
    "(?<=" + re.escape(c) + ")(?:" + words_pattern(t[1:] for t in _TITLES if t[0] == c) + ")"
    for c in _INITIALS if any(t[0] == c for t in _TITLES))
_NAME_HEAD = r"[" + "".join(map(re.escape, _INITIALS)) + r"](?<![\w-].)"
_NAME_REST = r"(?:(?:" + _TITLE_REST + r")\s+[A-Z]|(?<=[A-Z]))[a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?"
_NAME_AT_CAPITAL = _NAME_HEAD + _NAME_REST
_WORD = re.compile(r"(" + _NAME_AT_CAPITAL + r")(?![\w-])")


def _verb_before() -> str:
    """A speech verb and one or two spaces before the name's first letter
    (`said Ana`). Look-behinds must be of fixed width: one per verb length
    and gap, each read after the first letter so the scan still jumps from
    capital to capital instead of trying 240 verbs at every character; and
    all behind one cheap test (a lower-case letter, then the gap), which
    most capitals, opening sentences, fail."""
    by_length: dict[int, list[str]] = {}
    for verb in SPEECH_VERBS:
        by_length.setdefault(len(verb), []).append(verb)
    gaps = []
    for gap in (r"\s", r"\s\s"):
        verbs = "|".join(r"(?<=\b(?:" + words_pattern(group) + r")" + gap + r".)"
                         for _, group in sorted(by_length.items()))
        gaps.append(r"(?<=[a-z]" + gap + r".)(?:" + verbs + r")")
    return "|".join(gaps)


# Words after a name that make it act, besides speech verbs and past tenses in -ed.
_ACTING_WORDS = ("was", "had", "did", "could", "would", "smiled", "nodded", "looked", "turned", "sat", "stood")
_ACTING_WORD_SET = frozenset(_ACTING_WORDS)
_CUE_AFTER = (r"\s*(?:['’]s\b|\s+(?:" + words_pattern(SPEECH_VERBS) + r")\b|\s+[a-z]+ed\b"
              r"|\s+(?:" + "|".join(_ACTING_WORDS) + r")\b)")
# A name that acts, in one scan: after a speech verb and one or two spaces
# (group 2); after a longer gap (group 3: three or more spaces, as before an
# indented paragraph; the word before is then checked by hand); or else
# followed by a possessive or a speech or past-tense verb (the look-ahead:
# the engine tries shorter readings of the name, `Beginner` of `Beginner's
# Guide`, and the next word of a run that does not act, `Mary Lennox` of
# `Then Mary Lennox said`).
_ACTING = re.compile(
    r"(" + _NAME_HEAD + r"(" + _verb_before() + r")?((?<=\s\s\s.))?" + _NAME_REST + r")"
    r"(?(2)\b|(?(3)\b|(?=" + _CUE_AFTER + r")))")
_ACTING_BY_CUE = re.compile(r"(" + _NAME_AT_CAPITAL + r")(?=" + _CUE_AFTER + r")")
_LOOK_BEHIND = 40
# The typed walk (`name_acts`) reads capitals as A-Z and each title after its
# capital; it runs where it was built and the titles open with A-Z.
_RESTS_BY_CAPITAL = tuple(tuple(sorted((t[1:] for t in _TITLES if t[0] == c), key=len, reverse=True))
                          for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TYPED = name_acts.COMPILED and all("A" <= c <= "Z" for c in _INITIALS)
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_LONGEST_SPEECH_VERB = max(map(len, SPEECH_VERBS), default=0)


# Subject and possessive forms only: "Tobin looked at her" says nothing of Tobin.
_PRONOUNS_AFTER = ("he", "she", "his", "himself", "herself")
_PRONOUN_AFTER = re.compile(r"\b(" + "|".join(_PRONOUNS_AFTER) + r")\b", re.I)
_SPEECH_OPENERS = "\"“‘"
_SPEECH_START = re.compile("[" + _SPEECH_OPENERS + "]")
_PRONOUN_REACH = 120


def find_original_cast(text: str, min_count: int = 2, accept=None) -> list[CastMember]:
    """`accept(name)`, when given, vets each candidate before its gender is
    read (the costly part), so callers with a stricter bar pay only for
    the names they keep."""
    if _TYPED:
        acting_names, names = name_acts.scan_names(text, _RESTS_BY_CAPITAL, SPEECH_VERBS, _ACTING_WORD_SET,
                                                   _after_speech_verb, _LONGEST_SPEECH_VERB)
    else:
        acting_names, names = _acting(text), None
    # Each distinct spelling is cleaned once, in the order it first occurs.
    acting = {}
    for raw in dict.fromkeys(acting_names):
        name = _clean(raw)
        if name:
            acting[name] = None
    if not acting:
        return []
    counts: dict[str | None, int] = {}  # (a dict: a Counter's missing keys go through Python)
    for raw, n in Counter(_WORD.findall(text) if names is None else names).items():
        name = _clean(raw)
        counts[name] = counts.get(name, 0) + n
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
        total = counts.get(key, 0)  # (each of `forms` and `key` once)
        for form in forms:
            if form != key:
                total += counts.get(form, 0)
        if total < min_count or (accept is not None and not accept(key)):
            continue
        aliases = tuple(sorted(f for f in forms if f != key))
        cast.append(CastMember(key, key, aliases, _gender(text, key, forms)))
    cast.sort(key=lambda m: text.find(m.name))
    return cast


def _acting(text: str) -> list[str]:
    """The capitalised names that act, as written, in text order."""
    out = []
    pos = 0
    while True:
        m = _ACTING.search(text, pos)
        if m is None:
            return out
        if m.group(3) is not None and not _after_speech_verb(text, m.start()):
            # a long gap with no speech verb in it: the name acts only by
            # what follows it, read from here as the scan would have
            start = m.start()
            m = _ACTING_BY_CUE.match(text, start)
            if m is None:
                pos = start + 1
                continue
        out.append(m.group(1))
        pos = m.end(1)


def _after_speech_verb(text: str, start: int) -> bool:
    """A speech verb before the name across a gap of more than one space
    (rare, so a plain search is cheap enough)."""
    window = max(0, start - _LOOK_BEHIND)
    before = _WORD_BEFORE.search(text, window, start)
    if before is None or before.group(1) not in SPEECH_VERBS:
        return False
    # a word cut by the window's edge is not that verb
    return before.start() > window or window == 0 or not _word_char(text[window - 1])


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=8192)  # the same capitalised words recur story after story
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
    forms = frozenset(names)
    # a story's own names are new in every story: few, found without compiling
    spans = whole_word_spans(text, forms) if len(forms) <= FEW_FORMS else \
        (m.span() for m in _names_pattern(forms).finditer(text))
    size = len(text)
    for _, end in spans:
        pronoun = _pronoun_after(text, end, size)
        if pronoun:
            votes[PRONOUN_GENDER.get(pronoun.lower())] += 1
    male, female = votes.get("male", 0), votes.get("female", 0)
    if male + female >= 1:
        if male * 3 >= (male + female) * 2:
            return "male"
        if female * 3 >= (male + female) * 2:
            return "female"
    return None


def _pronoun_after(text: str, end: int, size: int) -> str | None:
    """The first pronoun in the `_PRONOUN_REACH` characters after a name
    ending at `end`, up to any speech, as written."""
    if _TYPED:  # (the same walk in typed code: the regex tried `\b` at every character)
        found = name_acts.pronoun_after(text, end, _PRONOUN_REACH, _PRONOUNS_AFTER, _SPEECH_OPENERS)
        return text[found[0]:found[1]] if found else None
    # Searched in place (a name ends before a non-word character, so `\b`
    # reads the same there as at the start of a copy).
    stop = min(end + _PRONOUN_REACH, size)
    cut = _SPEECH_START.search(text, end, stop)
    if cut:
        stop = cut.start()
    p = _PRONOUN_AFTER.search(text, end, stop)
    return p.group(1) if p else None


@lru_cache(maxsize=512)
def _names_pattern(names: frozenset[str]) -> re.Pattern:
    """Any of the names as a whole word. A name's forms share their first
    word (`Ana`, `Ana Reyes`): the pattern opens with that literal and checks
    the word boundary behind it afterwards, so the engine jumps from one
    occurrence of it to the next instead of trying every character."""
    prefix = os.path.commonprefix(sorted(names))
    if not prefix:
        return whole_words_pattern(names)
    rest = words_pattern(n[len(prefix):] for n in names)
    return re.compile(re.escape(prefix) + r"(?<![\w-]" + re.escape(prefix) + r")(?:" + rest + r")(?![\w-])")
