"""Finding the knowledge base's names in story text.

One Aho-Corasick automaton holds every surface form of every character
(tag, first and last name, full name, aliases) and every fandom keyword, so a
text is scanned once, in C, whatever the number of fandoms. Python only looks
at the hits, to check word boundaries and whether an ambiguous form (`Will`,
`Red`, `Dawn`) is being used as a name here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from . import name_scan
from .knowledge import Character, Knowledge

# How much one occurrence of each kind of form says about who is meant.
FORM_WEIGHT = {"full": 3.0, "tag": 3.0, "alias": 2.0, "first": 1.0, "last": 1.0, "keyword": 1.0}


@dataclass(frozen=True)
class Sense:
    """One reading of a surface form: this character (or this fandom's keyword)."""
    tag: str | None  # None for a fandom keyword
    fandom: str
    form: str  # full | tag | first | last | alias | keyword
    ambiguous: str | None = None  # word | role
    used_by: tuple[str, ...] = ()


class Hit(NamedTuple):  # a tuple: a story makes thousands, and a frozen dataclass is slow to build
    start: int
    end: int
    surface: str
    senses: tuple[Sense, ...]


class NameFinder:
    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        forms: dict[str, tuple[str, list[Sense]]] = {}  # as written -> (the form, its senses)

        def add(surface: str | None, sense: Sense) -> None:
            if not surface or not _name_shaped(surface):
                return
            for variant in _variants(surface):
                _, bucket = forms.setdefault(variant, (surface, []))
                if sense not in bucket:
                    bucket.append(sense)

        for c in knowledge.characters.values():
            for surface, sense in _character_forms(c):
                add(surface, sense)
        for f in knowledge.fandoms.values():
            for kw in f.keywords:
                add(kw, Sense(None, f.name, "keyword"))
        # Latin-script forms are looked up from the capitalised words of the
        # text (a C regex finds those); only CJK forms, which have no word
        # boundaries to start from, go through an Aho-Corasick automaton.
        # word index: first capitalised word -> (one-word forms, {next word: longer forms})
        self.index: dict[str, tuple[list, dict[str, list]]] = {}
        self.automaton = ahocorasick.Automaton()
        for variant, (surface, senses) in forms.items():
            if _CJK.search(variant):
                self.automaton.add_word(variant, (len(variant), surface, tuple(senses), _a_word(senses)))
                continue
            first = _CAPITALISED.search(variant)
            if first is None:
                continue
            singles, longer = self.index.setdefault(first.group(), ([], {}))
            entry = (variant, first.start(), surface, tuple(senses), _a_word(senses))
            second = _NEXT_WORD.match(variant, first.end())
            if second:
                longer.setdefault(second.group(1), []).append(entry)
            else:
                singles.append(entry)
        for _, longer in self.index.values():
            for entries in longer.values():
                entries.sort(key=lambda e: -len(e[0]))  # longest form first
        self.has_cjk = len(self.automaton) > 0
        if self.has_cjk:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """Every name-like occurrence of a known form, longest forms first,
        with ambiguous word-forms kept only where they act as names."""
        if name_scan.COMPILED:
            raw, cjk = name_scan.capitalised_forms(text, self.index, _bounded)
        else:
            raw, cjk = self._latin(text), _CJK.search(text) is not None
        if self.has_cjk and cjk:
            raw += [(end + 1 - length, end + 1, surface, senses, a_word)
                    for end, (length, surface, senses, a_word) in self.automaton.iter_long(text)]
            raw.sort()
        wordlike = _used_as_words(text, {r[2] for r in raw if " " not in r[2] and r[2][:1].isupper()})
        hits = []
        for start, end, surface, senses, a_word in raw:
            ambiguous = a_word or surface in wordlike
            if ambiguous and not acts_as_name(text, start, end):
                continue
            hits.append(Hit(start, end, surface, senses))
        return hits

    def _latin(self, text: str) -> list[tuple[int, int, str, tuple[Sense, ...], bool]]:
        found = []
        taken = 0  # end of the last hit: forms do not overlap
        index = self.index
        for m in _CAPITALISED.finditer(text):
            token = m.group()
            node = index.get(token)
            if node is None or m.start() < taken:
                continue
            singles, longer = node
            candidates = singles
            if longer:
                nxt = _NEXT_WORD.match(text, m.end())
                if nxt and nxt.group(1) in longer:
                    candidates = longer[nxt.group(1)] + singles
            for variant, offset, surface, senses, a_word in candidates:
                start = m.start() - offset
                if start < taken:
                    continue
                if variant == token:  # the whole word, so bounded by construction
                    end = m.end()
                elif text.startswith(variant, start) and _bounded(text, start, start + len(variant)):
                    end = start + len(variant)
                else:
                    continue
                found.append((start, end, surface, senses, a_word))
                taken = end
                break
        return found


def _a_word(senses) -> bool:
    """Is one reading of the form flagged as an ordinary word (`Will`)?"""
    return any(s.ambiguous == "word" for s in senses)


def _used_as_words(text: str, surfaces: set[str]) -> set[str]:
    """The capitalised forms that are common words, or that this text also
    writes in lower case (`dawn`, `faith`)."""
    common = _common_words()
    return {s for s in surfaces if s.lower() in common or occurs_as_word(text, s.lower())}


def occurs_as_word(text: str, word: str) -> bool:
    """`word` in `text` with no letter, digit, `_` or `'` before it and no
    letter, digit or `_` after it. The first few places it occurs are checked
    by hand: the words asked about are often new in every story (its own
    characters' names), and compiling a pattern for each cost more than
    reading the whole story; a word found often inside others goes on with one."""
    if not word:
        return _as_word(word).search(text) is not None
    if name_scan.COMPILED:  # (every place read by hand, in C)
        return name_scan.occurs_as_word(text, word)
    width, size = len(word), len(text)
    at = text.find(word)
    for _ in range(_BY_HAND):
        if at < 0:
            return False
        end = at + width
        if (at == 0 or not _word_or_quote(text[at - 1])) and (end == size or not _word_char(text[end])):
            return True
        at = text.find(word, at + 1)
    return at >= 0 and _as_word(word).search(text, at) is not None


_BY_HAND = 16


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what `\w` matches


def _word_or_quote(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "'"


@lru_cache(maxsize=4096)
def _as_word(word: str) -> re.Pattern:
    # the word itself first, so the engine skips ahead by its literal; the
    # edges are checked after it, in C, by a look-behind that includes it
    w = re.escape(word)
    return re.compile(w + r"(?<![\w']" + w + r")(?!\w)")


def _character_forms(c: Character):
    short = c.short_name
    yield short, Sense(c.tag, c.fandom, "tag")
    if c.first and c.last:
        yield f"{c.first} {c.last}", Sense(c.tag, c.fandom, "full")
    flagged = {a.name: a for a in c.aliases}
    for name, form in ((c.first, "first"), (c.last, "last")):
        if name and name not in flagged and name != short:
            yield name, Sense(c.tag, c.fandom, form)
    for a in c.aliases:
        form = "first" if a.name == c.first else "last" if a.name == c.last else "alias"
        if a.name == short:
            form = "tag"
        yield a.name, Sense(c.tag, c.fandom, form, a.ambiguous, a.used_by)


_FUNCTION_WORDS = frozenset(
    "i a an the he she it we you they me him her us them his hers its our your their "
    "this that these those there here who what when where why how yes no not and or but "
    "if so to of in on at by for with as from up out all any one".split())


def _name_shaped(surface: str) -> bool:
    """Only forms a reader could tell are names: some capital after `the `,
    and not a pronoun or other function word (`She` is a surname too)."""
    rest = surface[4:] if surface[:4].lower() == "the " else surface
    if _CJK.search(rest):
        return len(rest) >= 2
    return any(ch.isupper() for ch in rest) and surface.lower() not in _FUNCTION_WORDS


def _variants(surface: str) -> list[str]:
    """`the Slayer` is also `The Slayer` at the start of a sentence."""
    out = [surface]
    if surface[:4] in ("the ", "The "):
        out.append(("The " if surface[0] == "t" else "the ") + surface[4:])
    if "'" in surface:
        out += [v.replace("'", "\u2019") for v in out]
    out += [v.upper() for v in out if len(v) > 2 and not v.isupper()]  # script-style speaker names
    return out


# A capitalised word: `Buffy`, `O'Brien`, `T'Pol`, `Jean-Luc`, `SIEGFRIED`; a
# possessive `'s` is not part of it.
# (The capital comes first and the character before it is checked after, so
# the engine jumps from capital to capital.)
_CAPITALISED = re.compile(r"[A-Z\u00C0-\u00DE](?<![\w'\u2019-].)[\w-]*(?:['\u2019](?![sS]\b)[\w-]+)*")
_NEXT_WORD = re.compile(r"[\s.]+([\w'\u2019-]+)")
_WORD_CHAR = re.compile(r"[\w\u00C0-\u024F]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _bounded(text: str, start: int, end: int) -> bool:
    if _CJK.match(text[start]):
        return True  # no spaces between words to check against
    if start > 0 and (_WORD_CHAR.match(text[start - 1]) or text[start - 1] in "-'\u2019"):
        # an apostrophe before: `O'Brien` is fine as a whole, `d'Artagnan` too
        return False
    if end < len(text):
        nxt = text[end]
        if _WORD_CHAR.match(nxt):
            return False
        if nxt in "-'\u2019" and end + 1 < len(text) and _WORD_CHAR.match(text[end + 1]):
            # `Spike-like`; `T'Pol` is not `T`; but `Buffy's` is Buffy
            return nxt != "-" and text[end + 1] in "sS" and not _WORD_CHAR.match(text[end + 2:end + 3] or " ")
    return True


def common_word(lower: str) -> bool:
    return lower in _common_words() or lower in _FUNCTION_WORDS


@lru_cache(maxsize=None)
def _common_words() -> frozenset[str]:
    from ..resources import load_yaml
    return frozenset(load_yaml("common_words.yaml"))


_SPEECH_WORDS = ("said", "says", "asked", "asks", "replied", "answered", "whispered", "shouted", "yelled", "called",
                 "muttered", "murmured", "cried", "added", "told", "snapped", "sighed", "laughed", "nodded", "smiled",
                 "grinned", "frowned", "shrugged", "looked", "turned", "walked", "stood", "sat", "stared", "glanced",
                 "watched", "took", "moved", "leaned", "reached", "began", "was", "had", "could", "would", "did",
                 "didn't", "wasn't", "hadn't", "couldn't", "wouldn't")
# The words a name follows when it is one (`said Will`, `and Will`, `thanks, Red`).
_WORDS_BEFORE = (*_SPEECH_WORDS, "and", "with", "to", "at", "for", "of", "from", "behind", "told",
                 "thanks,", "thank,", "thanks", "thank")
_SPEECH = "(?:" + "|".join(_SPEECH_WORDS) + ")"
_AFTER_NAME = re.compile(rf"(?:['\u2019]s\b|\s+{_SPEECH}\b|\s+\w+ed\b(?!\s+(?:by|to)\b)|\s*[,!?]\s*[\"\u201d\u2019'])")
_PRONOUN_AFTER = re.compile(r"\s+(?:you|i|we|they|he|she|it|it's|that|this|there)\b", re.I)
# Both end at the last non-space character before the name (followed by
# spaces up to it), so they are searched for only that far back.
_BEFORE_NAME = re.compile(r"(?:\b(?:" + "|".join(_WORDS_BEFORE) + r")|,)\s+$")
_BEFORE_NAME_WIDTH = max(map(len, _WORDS_BEFORE))
_SENTENCE_START = re.compile(r"(?:^|[.!?\"\u201c\u201d:;]\s*|\n\s*)$")
_NEXT_CAPITALISED = re.compile(r" [A-Z][a-z]")


def acts_as_name(text: str, start: int, end: int) -> bool:
    """Whether an ambiguous word (`Will`, `Red`) is used as a name here:
    capitalised mid-sentence, possessive, a speech or action verb after it,
    a vocative before `!`/`?`/`,` closing a quote, or after `said`/`and`."""
    if not text[start].isupper():
        return False
    if _NEXT_CAPITALISED.match(text, end):
        return False  # part of a longer proper name: `First Officer`, `Red Square`
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    if _AFTER_NAME.match(after):
        return not _PRONOUN_AFTER.match(after)
    spoken = len(before.rstrip())  # where the words before the gap end
    # (a sentence's end is the last mark before the gap, or a line break in it;
    # the regex's `^` holds only at the window's real start, as before)
    if _SENTENCE_START.search(before, max(0, spoken - 1)):
        return False
    return bool(_BEFORE_NAME.search(before, max(0, spoken - _BEFORE_NAME_WIDTH))) \
        or before.rstrip()[-1:].isalpha() and before.rstrip()[-1:].islower()
