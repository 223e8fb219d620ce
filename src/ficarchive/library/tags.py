"""Canonical tags and their synonyms.

Every tag a work carries is stored once in `tags` (kind + name, case-insensitive)
and linked from each work's list (`work_tag_lists`) and by tag (`tag_works`).
A synonym is a `tags` row whose `canonical` points at the tag it stands for;
works only ever link canonical tags, so a filter on a synonym and a filter on
its canonical tag select the same works, and excluding either excludes both.
"""
from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass, field
from typing import Callable, Iterable

# Work field -> tag kind. Series are stored as tags too so they can be filtered.
TAG_FIELDS = {
    "fandoms": "fandom",
    "relationships": "relationship",
    "characters": "character",
    "warnings": "warning",
    "categories": "category",
    "additional_tags": "freeform",
    "authors": "author",
    "series": "series",
}
KINDS = tuple(TAG_FIELDS.values())
# The kinds search counts as facets (works.facet_tags holds a work's tags of these kinds).
FACET_KINDS = ("warning", "category", "fandom", "relationship", "character", "freeform")
FIELD_OF_KIND = {kind: fld for fld, kind in TAG_FIELDS.items()}

# (kind, what people type, fandoms in context) -> canonical names; supplied by the knowledge base.
Resolver = Callable[[str, str, list[str]], list[str]]


@dataclass
class TagInfo:
    kind: str
    name: str
    works: int
    synonyms: list[str] = field(default_factory=list)
    fandom: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "works": self.works,
                "synonyms": self.synonyms, "fandom": self.fandom}


class TagCache:
    """Name -> canonical tag pk, and canonical pk -> name, kept across an import's transactions
    (names repeat across works). Each map is emptied when it reaches `limit` entries: a pile's
    distinct tags (an author per work, say) grow with the pile, and an import's memory must not;
    the common names are back after a few works."""

    def __init__(self, conn: sqlite3.Connection, fandom_of: Callable[[str, str], str | None] | None = None,
                 limit: int = 50_000):
        self.conn = conn
        self.fandom_of = fandom_of
        self.limit = limit
        self._ids: dict[tuple[str, str], int] = {}
        self._names: dict[int, str] = {}

    def names(self, pks: list[int]) -> list[str]:
        missing = [pk for pk in pks if pk not in self._names]
        if missing:
            if len(self._names) + len(missing) > self.limit:
                self._names = {pk: self._names[pk] for pk in pks if pk in self._names}
            self._names.update(self.conn.execute(
                f"SELECT pk, name FROM tags WHERE pk IN ({','.join('?' * len(missing))})", missing).fetchall())
        return [self._names[pk] for pk in pks]

    def canonical_id(self, kind: str, name: str) -> int:
        key = (kind, name.casefold())
        pk = self._ids.get(key)
        if pk is None:
            pk = _found(self.conn, kind, name)
            if pk is None:
                pk = _created(self.conn, kind, name, self.fandom_of)
                # A new tag is its own canonical, spelled as given: `names` need not read it back.
                if len(self._names) < self.limit:
                    self._names[pk] = name
            if len(self._ids) >= self.limit:
                self._ids.clear()
            self._ids[key] = pk
        return pk


def canonical_id(conn: sqlite3.Connection, kind: str, name: str, *, create: bool = False,
                 fandom_of: Callable[[str, str], str | None] | None = None) -> int | None:
    pk = _found(conn, kind, name)
    if pk is None and create:
        pk = _created(conn, kind, name, fandom_of)
    return pk


def _found(conn: sqlite3.Connection, kind: str, name: str) -> int | None:
    """The canonical pk of the tag or synonym `name` (any case) of `kind`, if there is one."""
    row = conn.execute("SELECT pk, canonical FROM tags WHERE kind = ? AND name = ?", (kind, name)).fetchone()
    return (row[1] or row[0]) if row else None


def _created(conn: sqlite3.Connection, kind: str, name: str,
             fandom_of: Callable[[str, str], str | None] | None) -> int:
    fandom = fandom_of(kind, name) if fandom_of else None
    return conn.execute("INSERT INTO tags(kind, name, fandom) VALUES (?, ?, ?)", (kind, name, fandom)).lastrowid


def tag_row(conn: sqlite3.Connection, kinds: Iterable[str], name: str) -> list[tuple[int, str, str]]:
    """(canonical pk, kind, canonical name) of every tag or synonym spelled `name`."""
    kinds = list(kinds)
    marks = ",".join("?" * len(kinds))
    rows = conn.execute(
        f"SELECT coalesce(t.canonical, t.pk) FROM tags t WHERE t.name = ? AND t.kind IN ({marks})",
        (name, *kinds)).fetchall()
    out = []
    for (pk,) in rows:
        kind, cname = conn.execute("SELECT kind, name FROM tags WHERE pk = ?", (pk,)).fetchone()
        out.append((pk, kind, cname))
    return out


def resolve(conn: sqlite3.Connection, kinds: Iterable[str], value: str, resolver: Resolver | None,
            *, substring: bool = True, fandoms: list[str] = (),
            containing: Callable[[list[str], str], list[int]] | None = None) -> list[int]:
    """Canonical tag pks a filter value means: the tag or synonym of that name;
    else the tags the knowledge base says the value means (`spuffy`, `B/S`,
    `red`); only when neither knows the value, tags whose name contains it
    (by `containing(kinds, value)` when given, else by SQL)."""
    kinds = list(kinds)
    found = [pk for pk, _, _ in tag_row(conn, kinds, value)]
    if found:  # a tag or synonym of the library: no need to load the knowledge base
        return sorted(set(found))
    known = False
    if resolver:
        for kind in kinds:
            for name in resolver(kind, value, list(fandoms)):
                known = True
                found += [pk for pk, _, _ in tag_row(conn, [kind], name)]
    if known or not substring:
        return sorted(set(found))
    if containing is not None:
        return containing(kinds, value)
    marks = ",".join("?" * len(kinds))
    pattern = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        f"SELECT pk FROM tags WHERE canonical IS NULL AND kind IN ({marks}) AND name LIKE ? ESCAPE '\\'",
        (*kinds, pattern)).fetchall()
    return sorted(pk for (pk,) in rows)


def list_tags(conn: sqlite3.Connection, kind: str | None = None, *, contains: str | None = None,
              limit: int | None = None, include_unused: bool = False) -> list[TagInfo]:
    where = ["t.canonical IS NULL"]
    params: list = []
    if kind:
        where.append("t.kind = ?")
        params.append(kind)
    if contains:
        where.append("t.name LIKE ?")
        params.append(f"%{contains}%")
    if not include_unused:
        where.append("t.works > 0")
    sql = (f"SELECT t.pk, t.kind, t.name, t.works, t.fandom FROM tags t WHERE {' AND '.join(where)} "
           "ORDER BY t.works DESC, t.kind, t.name")
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, params).fetchall()
    synonyms: dict[int, list[str]] = {}
    for canonical, name in _rows_in(conn, "SELECT canonical, name FROM tags WHERE canonical IN ({}) ORDER BY name",
                                    [r[0] for r in rows]):
        synonyms.setdefault(canonical, []).append(name)
    return [TagInfo(kind=k, name=n, works=w, synonyms=synonyms.get(pk, []), fandom=f) for pk, k, n, w, f in rows]


def pack_tags(tags: list[int]) -> bytes:
    """A work's tag list as stored (`work_tag_lists.tags`): little-endian uint32 tag pks."""
    return struct.pack(f"<{len(tags)}I", *tags)


def tag_list(conn: sqlite3.Connection, pk: int) -> list[int]:
    row = conn.execute("SELECT tags FROM work_tag_lists WHERE work = ?", (pk,)).fetchone()
    return _unpack_tags(row[0]) if row else []


def _unpack_tags(blob: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(blob) // 4}I", blob))


def tags_of(conn: sqlite3.Connection, pks: list[int]) -> dict[int, list[tuple[int, str, str]]]:
    """Each work's tags in its list's order, as (tag pk, kind, name)."""
    lists = {w: _unpack_tags(b) for w, b in _rows_in(conn, "SELECT work, tags FROM work_tag_lists WHERE work IN ({})",
                                                     pks)}
    wanted = sorted({t for tags in lists.values() for t in tags})
    about = {t: (t, kind, name) for t, kind, name in _rows_in(conn, "SELECT pk, kind, name FROM tags WHERE pk IN ({})",
                                                               wanted)}
    return {w: [about[t] for t in tags] for w, tags in lists.items()}


def _rows_in(conn: sqlite3.Connection, sql: str, values: list, chunk: int = 500):
    """The rows of `sql` (its `{}` the place of an IN list) for `values`, `chunk` at a time
    (SQLite limits the parameters of one statement)."""
    for start in range(0, len(values), chunk):
        part = values[start:start + chunk]
        yield from conn.execute(sql.format(",".join("?" * len(part))), part)


def works_with(conn: sqlite3.Connection, pk: int) -> list[int]:
    return [w for (w,) in conn.execute("SELECT work FROM tag_works WHERE tag = ?", (pk,))]


def rename(conn: sqlite3.Connection, pk: int, new_name: str) -> None:
    """Give a canonical tag a new name; the old name stays as its synonym."""
    kind, old = conn.execute("SELECT kind, name FROM tags WHERE pk = ?", (pk,)).fetchone()
    conn.execute("UPDATE tags SET name = ? WHERE pk = ?", (new_name, pk))
    if old.casefold() != new_name.casefold():
        conn.execute("INSERT INTO tags(kind, name, canonical) VALUES (?, ?, ?)", (kind, old, pk))


def merge(conn: sqlite3.Connection, source: int, target: int) -> None:
    """Move every work from `source` to `target`, in the source's place in each work's list
    (a work that had both keeps the target where it was); `source` becomes a synonym."""
    for work in works_with(conn, source):
        tags = tag_list(conn, work)
        tags = [target if t == source else t for t in tags if t != source or target not in tags]
        conn.execute("UPDATE work_tag_lists SET tags = ? WHERE work = ?", (pack_tags(tags), work))
    conn.execute("INSERT OR IGNORE INTO tag_works(tag, work) SELECT ?, work FROM tag_works WHERE tag = ?",
                 (target, source))
    conn.execute("DELETE FROM tag_works WHERE tag = ?", (source,))
    conn.execute("UPDATE tags SET works = (SELECT count(*) FROM tag_works WHERE tag = tags.pk) WHERE pk IN (?, ?)",
                 (source, target))
    conn.execute("UPDATE tags SET canonical = ? WHERE canonical = ?", (target, source))
    conn.execute("UPDATE tags SET canonical = ? WHERE pk = ?", (target, source))


def add_synonym(conn: sqlite3.Connection, kind: str, name: str, target: int) -> None:
    conn.execute("INSERT INTO tags(kind, name, canonical) VALUES (?, ?, ?)", (kind, name, target))
