"""Rating normalisation: any written rating to the archive's vocabulary."""
from __future__ import annotations

import re
from functools import lru_cache

from .resources import load_yaml

_SQUASH = re.compile(r"[\s.\-_]+")
# A rating value often carries an explanation: "R (for language)", "PG-13, for
# violence". The leading token is the rating.
_LEADING = re.compile(r"^\s*([A-Za-z]{1,5}[\s\-]?\d{1,2}\+?|\d{1,2}\+|[A-Za-z+]+(?:\s(?:and\s)?up(?:\saudiences?)?|\saudiences?)?)")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for rating, spellings in load_yaml("ratings.yaml").items():
        for spelling in spellings:
            table[_squash(str(spelling))] = rating
        table[_squash(rating)] = rating
    return table


def _squash(value: str) -> str:
    return _SQUASH.sub("", value.lower())


def normalise_rating(raw: str | None) -> str | None:
    """Map a rating as written (`NC17`, `PG-13`, `Teen And Up Audiences`,
    `R (language)`) to the archive vocabulary, or None when unrecognised."""
    if not raw:
        return None
    table = _table()
    whole = _squash(raw)
    if whole in table:
        return table[whole]
    match = _LEADING.match(raw)
    if match and _squash(match.group(1)) in table:
        return table[_squash(match.group(1))]
    first = re.split(r"[\s,;:(/]+", raw.strip(), maxsplit=1)[0]
    return table.get(_squash(first))
