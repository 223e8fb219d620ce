"""Human corrections: stored apart from the analysis, applied on top of it.

An override is (field, op, value) with op `set` (replace the field), `add` or
`remove` (one item of a list field). Re-analysis recomputes the Work from its
original and applies the overrides again, so a correction always survives.
"""
from __future__ import annotations

import datetime
import json
import sqlite3
import time
from dataclasses import dataclass

from ..model import CATEGORIES, RATINGS, Provenance, Series, Work
from ..ratings import normalise_rating
from .tags import TAG_FIELDS

SCALAR_FIELDS = ("title", "summary", "rating", "language", "complete")
LIST_FIELDS = tuple(TAG_FIELDS)  # fandoms, relationships, characters, warnings, categories, additional_tags, authors, series

# What a user may write on the command line -> Work field.
FIELD_NAMES = {
    "title": "title", "summary": "summary", "rating": "rating", "language": "language", "lang": "language",
    "complete": "complete",
    "author": "authors", "authors": "authors",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships", "pairing": "relationships", "ship": "relationships",
    "character": "characters", "characters": "characters",
    "warning": "warnings", "warnings": "warnings",
    "category": "categories", "categories": "categories",
    "tag": "additional_tags", "tags": "additional_tags", "freeform": "additional_tags", "additional_tags": "additional_tags",
    "series": "series",
}


class EditError(ValueError):
    """An edit that cannot be stored; the message names the bad part."""


@dataclass
class Override:
    field: str
    op: str
    value: object
    created: float

    def to_dict(self) -> dict:
        return {"field": self.field, "op": self.op, "value": self.value, "created": self.created}


def field_name(name: str) -> str:
    try:
        return FIELD_NAMES[name.strip().lower()]
    except KeyError:
        raise EditError(f"unknown field {name!r} (fields: {', '.join(sorted(set(FIELD_NAMES)))})") from None


def check_scalar(fld: str, value: str):
    """A scalar value as stored: ratings in the archive vocabulary, yes/no, ISO codes."""
    value = value.strip()
    if value == "":
        return None
    if fld == "rating":
        if value.casefold() in (r.casefold() for r in RATINGS):
            return next(r for r in RATINGS if r.casefold() == value.casefold())
        rating = normalise_rating(value)
        if not rating:
            raise EditError(f"rating={value!r} is not a rating ({', '.join(RATINGS)})")
        return rating
    if fld == "complete":
        answer = {"yes": True, "true": True, "complete": True, "1": True,
                  "no": False, "false": False, "0": False, "wip": False, "unknown": None}.get(value.lower(), "?")
        if answer == "?":
            raise EditError(f"complete={value!r}: say yes, no or unknown")
        return answer
    if fld == "language":
        if len(value) == 2 and value.isalpha():
            return value.lower()
        from ..structure.language import language_code  # here: the structure stage is slow to load

        code = language_code(value)
        if not code:
            raise EditError(f"language={value!r} is not a language name or ISO 639-1 code")
        return code
    return value


def check_item(fld: str, value: str) -> object:
    value = value.strip()
    if not value:
        raise EditError(f"{fld}: empty value")
    if fld == "categories":
        match = [c for c in CATEGORIES if c.casefold() == value.casefold()]
        if not match:
            raise EditError(f"category={value!r} is not a category ({', '.join(CATEGORIES)})")
        return match[0]
    if fld == "series":
        name, _, part = value.rpartition("#")
        if name and part.strip().isdigit():
            return {"name": name.strip(), "part": int(part)}
        return {"name": value, "part": None}
    return value


def load(conn: sqlite3.Connection, work_pk: int) -> list[Override]:
    return [Override(f, op, json.loads(v), c) for f, op, v, c in conn.execute(
        "SELECT field, op, value, created FROM overrides WHERE work = ? ORDER BY pk", (work_pk,))]


def store(conn: sqlite3.Connection, work_pk: int, fld: str, op: str, value) -> None:
    """Record one correction, folding it into what is already recorded for the field."""
    now = time.time()
    rows = conn.execute("SELECT pk, op, value FROM overrides WHERE work = ? AND field = ?", (work_pk, fld)).fetchall()
    if op == "set":
        conn.execute("DELETE FROM overrides WHERE work = ? AND field = ?", (work_pk, fld))
        conn.execute("INSERT INTO overrides(work, field, op, value, created) VALUES (?,?,?,?,?)",
                     (work_pk, fld, "set", json.dumps(value, ensure_ascii=False), now))
        return
    setrow = next((r for r in rows if r[1] == "set"), None)
    if setrow is not None:  # a list already set by hand: edit that list
        items = [i for i in json.loads(setrow[2]) if not _same(i, value)]
        if op == "add":
            items.append(value)
        conn.execute("UPDATE overrides SET value = ?, created = ? WHERE pk = ?",
                     (json.dumps(items, ensure_ascii=False), now, setrow[0]))
        return
    opposite = "remove" if op == "add" else "add"
    for pk, rop, rvalue in rows:
        if rop in (op, opposite) and _same(json.loads(rvalue), value):
            conn.execute("DELETE FROM overrides WHERE pk = ?", (pk,))
    conn.execute("INSERT INTO overrides(work, field, op, value, created) VALUES (?,?,?,?,?)",
                 (work_pk, fld, op, json.dumps(value, ensure_ascii=False), now))


def reset(conn: sqlite3.Connection, work_pk: int, fld: str | None) -> int:
    if fld is None:
        return conn.execute("DELETE FROM overrides WHERE work = ?", (work_pk,)).rowcount
    return conn.execute("DELETE FROM overrides WHERE work = ? AND field = ?", (work_pk, fld)).rowcount


def _key(item) -> str:
    if isinstance(item, dict):
        item = item.get("name") or ""
    if isinstance(item, Series):
        item = item.name
    return str(item).casefold()


def _same(a, b) -> bool:
    return _key(a) == _key(b)


def apply(work: Work, overrides: list[Override]) -> Work:
    """The Work with the corrections applied; each corrected field's provenance is `user`."""
    evidence: dict[str, list[str]] = {}
    for o in overrides:
        when = datetime.datetime.fromtimestamp(o.created).strftime("%Y-%m-%d")
        shown = o.value["name"] if isinstance(o.value, dict) else o.value
        evidence.setdefault(o.field, []).append(f"{o.op} {shown!r} by hand on {when}")
        if o.op == "set":
            if o.field in LIST_FIELDS:
                setattr(work, o.field, [_item(o.field, v) for v in (o.value or [])])
            else:
                setattr(work, o.field, o.value)
    for o in overrides:
        if o.op == "remove":
            setattr(work, o.field, [v for v in getattr(work, o.field) if not _same(v, o.value)])
    for o in overrides:
        if o.op == "add":
            items = getattr(work, o.field)
            if not any(_same(v, o.value) for v in items):
                items.append(_item(o.field, o.value))
    for fld, lines in evidence.items():
        work.provenance[fld] = Provenance(source="user", confidence=1.0, evidence=lines)
    return work


def _item(fld: str, value):
    if fld == "series":
        if isinstance(value, dict):
            return Series(name=value["name"], part=value.get("part"))
        return Series(name=str(value))
    return value
