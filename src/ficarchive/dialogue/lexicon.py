"""The general English facts dialogue finding needs, loaded once from
`dialogue/data/english.yaml` (data, not code: extend it there)."""
from __future__ import annotations

import re
from importlib import resources

import yaml


def _load() -> dict:
    text = resources.files(__package__).joinpath("data", "english.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


_DATA = _load()

SPEECH_VERBS: frozenset[str] = frozenset(_DATA["speech_verbs"])
SPEECH_PARTICIPLES: frozenset[str] = frozenset(_DATA["speech_participles"])
CONTINUING_VERBS: frozenset[str] = frozenset(_DATA["continuing_verbs"])
BEAT_VERBS: frozenset[str] = frozenset(_DATA["beat_verbs"])
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
COMMON_WORD_NAMES: frozenset[str] = frozenset(_DATA["common_word_names"])
NOT_A_NAME_AFTER: frozenset[str] = frozenset(_DATA["not_a_name_after"])
NOT_NAMES: frozenset[str] = frozenset(_DATA["not_names"])

ELISION = re.compile(
    "(?:" + "|".join(sorted((re.escape(e) for e in _DATA["elisions"]), key=len, reverse=True)) + r")\b"
)


def words_pattern(words) -> str:
    """A regex alternation of whole words, longest first."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
