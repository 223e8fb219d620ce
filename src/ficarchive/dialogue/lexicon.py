"""The general English facts dialogue finding needs, loaded once from
`dialogue/data/english.yaml` (data, not code: extend it there)."""
from __future__ import annotations

import re
from importlib import resources

from ..resources import parse_yaml


def _load() -> dict:
    text = resources.files(__package__).joinpath("data", "english.yaml").read_text(encoding="utf-8")
    return parse_yaml(text)


_DATA = _load()

SPEECH_VERBS: frozenset[str] = frozenset(_DATA["speech_verbs"])
SPEECH_PARTICIPLES: frozenset[str] = frozenset(_DATA["speech_participles"])
CONTINUING_VERBS: frozenset[str] = frozenset(_DATA["continuing_verbs"])
ANSWERING_VERBS: frozenset[str] = frozenset(_DATA["answering_verbs"])
HEARING_VERBS: frozenset[str] = frozenset(_DATA["hearing_verbs"])
HEARD_SAYING: frozenset[str] = frozenset(_DATA["heard_saying"])
BEAT_VERBS: frozenset[str] = frozenset(_DATA["beat_verbs"])
QUESTION_VERBS: frozenset[str] = frozenset(_DATA["question_verbs"])
TAG_FILLERS: frozenset[str] = frozenset(_DATA["tag_fillers"])
PRONOUN_GENDER: dict[str, str] = {
    word: group for group, words in _DATA["pronouns"].items() for word in words
}
TITLE_GENDER: dict[str, str | None] = {
    word: (None if group == "any" else group)
    for group, words in _DATA["titles"].items() for word in words
}
ROLE_TITLES: dict[str, str] = dict(_DATA["role_titles"])
NOUN_GENDER: dict[str, str] = {
    word: group for group, words in _DATA["gendered_nouns"].items() for word in words
}
KIN_NOUNS: frozenset[str] = frozenset(_DATA["kin_nouns"])
COMMON_WORD_NAMES: frozenset[str] = frozenset(_DATA["common_word_names"])
NOT_A_NAME_AFTER: frozenset[str] = frozenset(_DATA["not_a_name_after"])
NOT_NAMES: frozenset[str] = frozenset(_DATA["not_names"])
REPLY_OPENINGS: frozenset[str] = frozenset(_DATA["reply_openings"])
DESCRIBERS: frozenset[str] = frozenset(_DATA["describers"])
SPEAKER_PARTS: frozenset[str] = frozenset(_DATA["speaker_parts"])
PARTITIVES: frozenset[str] = frozenset(_DATA["partitives"])
DESCRIBER_STOPS: frozenset[str] = frozenset(_DATA["describer_stops"])
GENERIC_PEOPLE: frozenset[str] = frozenset(_DATA["generic_people"])

ELISION = re.compile(
    "(?:" + "|".join(sorted((re.escape(e) for e in _DATA["elisions"]), key=len, reverse=True)) + r")\b"
)


def words_pattern(words) -> str:
    """A regex alternation of whole words that prefers the longest, written
    as a trie of shared prefixes (`s(?:a(?:id|ys?)|...)`): Python's engine
    tries a group's alternatives one by one, so a flat list of 240 verbs
    costs 240 tries at every word; the trie costs a few. The words that can
    match at one place all lie on one path of the trie and are tried longest
    first, so it matches exactly what the flat longest-first list would.
    Words nested deeper than `_MAX_NESTING` (names from hostile text, say)
    get the flat list, which the regex compiler takes at any size."""
    words = list(words)
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = None  # a word ends here
    try:
        return _trie_pattern(trie, 0)
    except _TooDeep:
        return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_MAX_NESTING = 60


class _TooDeep(Exception):
    pass


def _trie_pattern(node: dict, depth: int) -> str:
    if depth > _MAX_NESTING:
        raise _TooDeep
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        run = [ch]  # a run of letters with no choice in it needs no group
        while len(child) == 1 and "" not in child:
            (ch, child), = child.items()
            run.append(ch)
        branches.append("".join(map(re.escape, run)) + _trie_pattern(child, depth + 1))
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")
