"""The search language, parsed into terms and filters (compiled to SQL in search.py).

    slayer "once more" vamp*          free text: words, phrases, prefixes (AND)
    fandom:btvs relationship:"B/S"    filters; quote values with spaces
    -character:angel -dawn            `-` negates a filter or a word
    words:>5000  words:1000..5000  chapters:<3  complete:yes  rating:explicit
"""
from __future__ import annotations

from dataclasses import dataclass


class QueryError(ValueError):
    """A query that cannot be run; the message names the bad part."""


# Filter names as typed -> the filter they mean.
FIELDS = {
    "fandom": "fandom", "fandoms": "fandom",
    "relationship": "relationship", "relationships": "relationship", "pairing": "relationship", "ship": "relationship",
    "character": "character", "characters": "character", "char": "character",
    "warning": "warning", "warnings": "warning",
    "category": "category", "categories": "category", "cat": "category",
    "tag": "tag", "tags": "tag", "freeform": "freeform",
    "author": "author", "by": "author",
    "title": "title",
    "series": "series",
    "language": "language", "lang": "language",
    "complete": "complete", "completed": "complete",
    "words": "words", "wordcount": "words",
    "chapters": "chapters",
    "rating": "rating", "rated": "rating",
    "source": "source",
    "id": "id",
}
KNOWN = sorted({v for v in FIELDS.values()})


@dataclass(frozen=True)
class Text:
    """Free text: a word, a phrase (quoted) or a prefix (`word*`)."""
    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False
    raw: str = ""


@dataclass(frozen=True)
class Filter:
    field: str
    value: str
    negated: bool = False
    raw: str = ""


@dataclass
class Query:
    texts: list[Text]
    filters: list[Filter]
    raw: str = ""

    @property
    def has_text(self) -> bool:
        return any(not t.negated for t in self.texts) or any(
            f.field == "title" and not f.negated for f in self.filters)


def parse(query: str | None) -> Query:
    query = (query or "").strip()
    texts: list[Text] = []
    filters: list[Filter] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        start = i
        negated = False
        if query[i] == "-" and i + 1 < n and not query[i + 1].isspace():
            negated = True
            i += 1
        if query[i] == '"':
            value, i = _quoted(query, i, start)
            prefix = query[i:i + 1] == "*"
            if prefix:
                i += 1
            if value.strip():
                texts.append(Text(value, phrase=True, prefix=prefix, negated=negated, raw=query[start:i]))
            _need_space(query, i, start)
            continue
        j = i
        while j < n and not query[j].isspace() and query[j] not in ':"':
            j += 1
        if j < n and query[j] == ":" and j > i:
            name = query[i:j].lower()
            if name not in FIELDS:
                raise QueryError(f"unknown filter {query[start:j + 1]!r} (filters: {', '.join(KNOWN)})")
            j += 1
            if j < n and query[j] == '"':
                value, j = _quoted(query, j, start)
            else:
                k = j
                while k < n and not query[k].isspace():
                    k += 1
                value, j = query[j:k], k
            if not value.strip():
                raise QueryError(f"{query[start:j] or name + ':'!r} needs a value")
            filters.append(Filter(FIELDS[name], value.strip(), negated, raw=query[start:j]))
            _need_space(query, j, start)
            i = j
            continue
        k = i
        while k < n and not query[k].isspace():
            k += 1
        word = query[i:k]
        if '"' in word:
            raise QueryError(f"stray quote in {query[start:k]!r}")
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if any(ch.isalnum() for ch in word):
            texts.append(Text(word, prefix=prefix, negated=negated, raw=query[start:k]))
        elif word:
            raise QueryError(f"{query[start:k]!r} has no letters or digits to search for")
        i = k
    return Query(texts, filters, raw=query)


def _quoted(query: str, i: int, start: int) -> tuple[str, int]:
    end = query.find('"', i + 1)
    if end < 0:
        raise QueryError(f"unclosed quote in {query[start:]!r}")
    return query[i + 1:end], end + 1


def _need_space(query: str, i: int, start: int) -> None:
    if i < len(query) and not query[i].isspace():
        k = i
        while k < len(query) and not query[k].isspace():
            k += 1
        raise QueryError(f"put a space after the quote in {query[start:k]!r}")
