"""Content cues (romance, sex, violence, death, non-consent, swearing) found
in one pass over the lower-cased text with an Aho-Corasick automaton."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..resources import load_yaml
from . import text_scan


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int
    end: int
    weight: float


@lru_cache(maxsize=1)
def _entries() -> dict[str, tuple]:
    """Each cue word (lower case, without its `*`) -> its (kind, weight, prefix) senses."""
    entries: dict[str, list] = {}
    for kind, words in load_yaml("content_cues.yaml").items():
        for word, weight in words.items():
            word = str(word).lower()
            prefix = word.endswith("*")
            entries.setdefault(word.rstrip("*"), []).append((kind, float(weight), prefix))
    return {word: tuple(senses) for word, senses in entries.items()}


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, senses in _entries().items():
        automaton.add_word(word, (len(word), senses))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _trie() -> text_scan.CueTrie:
    return text_scan.CueTrie(_entries())


def find_cues(text: str) -> list[Cue]:
    lower = text.lower()
    if text_scan.COMPILED:  # the same cues, read from word starts only
        return [Cue(kind, start, end, weight) for end, start, senses, whole in text_scan.cue_matches(lower, _trie())
                for kind, weight, prefix in senses if whole or prefix]
    n = len(lower)
    cues = []
    for end, (length, senses) in _automaton().iter(lower):
        start = end + 1 - length
        if _CJK.match(lower[start]):  # no spaces between words to check against
            whole = True
        elif start > 0 and lower[start - 1].isalpha():
            continue
        else:
            whole = end + 1 >= n or not lower[end + 1].isalpha()
        for kind, weight, prefix in senses:
            if whole or prefix:
                cues.append(Cue(kind, start, end + 1, weight))
    return cues


def sentence_around(text: str, start: int, end: int, limit: int = 200) -> str:
    """The sentence a cue sits in, for evidence a person can read."""
    left = max(text.rfind(ch, max(0, start - limit), start) for ch in ".!?\n")
    rights = [i for i in (text.find(ch, end, end + limit) for ch in ".!?\n") if i != -1]
    right = min(rights) + 1 if rights else min(len(text), end + limit)
    return " ".join(text[left + 1:right].split())
