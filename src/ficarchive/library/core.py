"""The `Library` object: the one entry point the CLI, the web reader and exports use."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from ..model import Work
from . import codec, importer, overrides, search as searching, store, tags as tagstore
from .analyze import sha256, work_from_json
from .columns import WorkColumns
from .db import LibraryError, connect, import_cache, transaction
from .location import library_file
from .query import QueryError

Values = Mapping[str, "str | Iterable[str]"] | Iterable[tuple[str, str]] | None


@dataclass
class SourceInfo:
    """One file a work was read from; `shown` marks the one whose text the work shows."""
    sha256: str
    path: str
    format: str
    encoding: str | None
    size: int
    word_count: int
    mtime: float | None
    added: float
    shown: bool

    def to_dict(self) -> dict:
        return dict(self.__dict__)


class Library:
    """A ficarchive library: one SQLite file. See the package docstring for the API."""

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True, knowledge=None):
        self.path: Path = library_file(path)
        self.conn: sqlite3.Connection = connect(self.path, create=create)
        self._knowledge = knowledge
        self._columns = WorkColumns(self.path)

    # -- lifetime ---------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- knowledge ----------------------------------------------------------------
    @property
    def knowledge(self):
        if self._knowledge is None:
            self._knowledge = _default_knowledge()
        return None if self._knowledge is False else self._knowledge

    def _resolve_names(self, kind: str, value: str, fandoms: list[str] = ()) -> list[str]:
        """Canonical names the knowledge base gives for what a person typed; `fandoms`
        (the query's fandom filters) settles names several fandoms share (`angel`)."""
        method = {"fandom": "resolve_fandom", "relationship": "resolve_relationship",
                  "character": "resolve_character"}.get(kind)
        if method is None:  # it knows no authors, series or additional tags: not loaded for them
            return []
        k = self.knowledge
        if k is None or not hasattr(k, method):
            return []
        try:
            if kind == "fandom":
                return list(k.resolve_fandom(value) or [])
            return list(getattr(k, method)(value, fandoms) or [])
        except Exception:  # a knowledge-base bug must not break a search
            return []

    def _fandom_of(self, kind: str, name: str) -> str | None:
        """The parent fandom of a character or relationship tag, when the knowledge base knows it."""
        k = self.knowledge
        if k is None or kind not in ("character", "relationship") or not hasattr(k, "fandom_of"):
            return None
        try:
            return k.fandom_of(name)
        except Exception:
            return None

    # -- import -------------------------------------------------------------------
    def import_paths(self, paths: Iterable[str | os.PathLike], *, jobs: int | None = None, batch_size: int = 200,
                     progress: importer.Progress | None = None) -> importer.ImportReport:
        """Import files, folders and zips. Idempotent; safe to re-run after a crash."""
        with import_cache(self.conn):
            return importer.import_paths(self.conn, paths, jobs=jobs, batch_size=batch_size, progress=progress,
                                         fandom_of=self._fandom_of)

    def reanalyze(self, query: str | None = None, *, jobs: int | None = None, batch_size: int = 200,
                  progress: importer.Progress | None = None) -> importer.ImportReport:
        """Parse and understand matching works again from their originals; corrections are kept."""
        pks = list(searching.iter_pks(self.conn, query, self._resolve_names))
        with import_cache(self.conn):
            return importer.reanalyze(self.conn, pks, jobs=jobs, batch_size=batch_size, progress=progress,
                                      fandom_of=self._fandom_of)

    # -- search -------------------------------------------------------------------
    def search(self, query: str | None = "", *, sort: str | None = None, reverse: bool = False,
               limit: int | None = 20, offset: int = 0, facets: bool | list[str] = False,
               facet_limit: int = 20) -> searching.SearchResult:
        """Run a query (see `ficarchive.library.query`). Raises QueryError naming the bad part."""
        return searching.run(self.conn, query, resolver=self._resolve_names, sort=sort, reverse=reverse,
                             limit=limit, offset=offset, facets=facets, facet_limit=facet_limit,
                             columns=self._columns)

    def prepare_search(self) -> bool:
        """Build and save what every search reads (library/columns_file.py) now, rather than at
        the next search: True when they are saved (the cache folder is on)."""
        return self._columns.ready(self.conn) is not None and self._columns.stamp is not None

    def count(self, query: str | None = "") -> int:
        return self.search(query, limit=0).total

    def iter_works(self, query: str | None = None) -> Iterator[Work]:
        """Every matching Work (corrections applied, text included), one at a time."""
        for pk in searching.iter_pks(self.conn, query, self._resolve_names):
            yield store.load_work(self.conn, pk)

    # -- one work -----------------------------------------------------------------
    def resolve_id(self, work_id: str) -> str:
        """The full id of the work `work_id` names: its id, any of its sources' hashes, or a unique prefix."""
        return store.shown_id(self.conn, self._pk(work_id))

    def _pk(self, work_id: str) -> int:
        wid = (work_id or "").strip().lower()
        if not _is_hex(wid):
            raise LibraryError(f"{work_id!r} is not a work id (hexadecimal)")
        if len(wid) > 64:
            raise LibraryError(f"{work_id}: no such work in {self.path}")
        if len(wid) == 64:
            row = self.conn.execute("SELECT work FROM sources WHERE sha = ?", (bytes.fromhex(wid),)).fetchone()
            if row:
                return row[0]
        if len(wid) < 4:
            raise LibraryError(f"{work_id!r}: give at least 4 characters of the id")
        rows = self.conn.execute("SELECT DISTINCT work FROM sources WHERE sha BETWEEN ? AND ? LIMIT 2",
                                 store.sha_range(wid)).fetchall()
        if not rows:
            raise LibraryError(f"{work_id}: no such work in {self.path}")
        if len(rows) > 1:
            raise LibraryError(f"{work_id}: more than one work has an id starting so; give more characters")
        return rows[0][0]

    def get(self, work_id: str) -> Work:
        """The Work with corrections applied and current tag names; provenance says `user` where corrected."""
        return store.load_work(self.conn, self._pk(work_id))

    def sources(self, work_id: str) -> list[SourceInfo]:
        pk = self._pk(work_id)
        return [SourceInfo(sha.hex(), path, fmt, enc, size, words, mtime, added, bool(shown)) for
                sha, path, fmt, enc, size, words, mtime, added, shown in self.conn.execute(
                    "SELECT sha, path, format, encoding, size, word_count, mtime, added, shown FROM sources "
                    "WHERE work = ? ORDER BY added, pk", (pk,))]

    def original(self, work_id: str, source: str | None = None) -> bytes:
        """The original bytes, exactly as imported: of the shown source, or of `source` (a hash or prefix)."""
        pk = self._pk(work_id)
        if source:
            prefix = source.strip().lower()
            if not _is_hex(prefix):
                raise LibraryError(f"{source!r} is not a source hash (hexadecimal)")
            rows = self.conn.execute("SELECT codec, original, sha FROM sources WHERE work = ? AND sha BETWEEN ? AND ?",
                                     (pk, *store.sha_range(prefix))).fetchall()
            if len(rows) != 1:
                raise LibraryError(f"{source}: {'no' if not rows else 'more than one'} source of this work matches")
        else:
            rows = self.conn.execute("SELECT codec, original, sha FROM sources WHERE work = ? AND shown",
                                     (pk,)).fetchall()
        codec_name, blob, sha = rows[0]
        sha = sha.hex()
        data = codec.unpack_original(codec_name, blob, *store.content(self.conn, pk))
        if sha256(data) != sha:
            raise LibraryError(f"{sha}: stored original is damaged (hash differs)")
        return data

    def overrides(self, work_id: str) -> list[overrides.Override]:
        return overrides.load(self.conn, self._pk(work_id))

    def edit(self, work_id: str, *, set: Values = None, add: Values = None, remove: Values = None,
             reset: Iterable[str] | None = None) -> Work:
        """Record corrections (provenance `user`) and apply them. Fields: title, summary, rating,
        language, complete, author, fandom, relationship, character, warning, category, tag, series.
        `set` replaces a field, `add`/`remove` change one item of a list field, `reset` forgets a
        field's corrections ("all" forgets every one). Raises overrides.EditError naming the bad part."""
        pk = self._pk(work_id)
        current = store.load_work(self.conn, pk)
        planned: list[tuple[str, str, object]] = []
        sets: dict[str, list] = {}
        for name, value in _pairs(set):
            fld = overrides.field_name(name)
            if fld in overrides.LIST_FIELDS:
                if value.strip():
                    sets.setdefault(fld, []).append(self._tag_value(fld, value, current, "set"))
                else:
                    sets.setdefault(fld, [])
            else:
                planned.append((fld, "set", overrides.check_scalar(fld, value)))
        planned += [(fld, "set", items) for fld, items in sets.items()]
        for op, values in (("remove", remove), ("add", add)):
            for name, value in _pairs(values):
                fld = overrides.field_name(name)
                if fld not in overrides.LIST_FIELDS:
                    raise overrides.EditError(f"{name}: --{op} is for list fields; use --set {name}=…")
                planned.append((fld, op, self._tag_value(fld, value, current, op)))
        resets = [None if r == "all" else overrides.field_name(r) for r in (reset or [])]
        with transaction(self.conn):
            for fld in resets:
                overrides.reset(self.conn, pk, fld)
            for fld, op, value in planned:
                overrides.store(self.conn, pk, fld, op, value)
            self._rewrite(pk)
        return store.load_work(self.conn, pk)

    def _tag_value(self, fld: str, value: str, current: Work, op: str):
        item = overrides.check_item(fld, value)
        if fld == "series" or not isinstance(item, str):
            return item
        if op == "remove":  # what the user sees on the work: "Angel" names "Angel (Buffy the Vampire Slayer)"
            for have in getattr(current, fld):
                if have.casefold() == item.casefold() or have.split(" (")[0].casefold() == item.casefold():
                    return have
        kind = tagstore.TAG_FIELDS[fld]
        exact = tagstore.tag_row(self.conn, [kind], item)
        if exact:
            return exact[0][2]
        names = self._resolve_names(kind, item, current.fandoms)
        return names[0] if len(names) == 1 else item

    def _rewrite(self, pk: int) -> None:
        analysis, body, date = self.conn.execute(
            "SELECT t.analysis, t.body, w.date FROM works w JOIN texts t ON t.pk = w.pk WHERE w.pk = ?", (pk,)).fetchone()
        analysis, body = codec.unpack(self.conn, analysis), codec.unpack(self.conn, body)
        work = work_from_json(store.analysis_json(self.conn, pk, analysis), body)
        store.write_work(self.conn, tagstore.TagCache(self.conn, self._fandom_of), pk=pk,
                         entry=store.Entry(work, analysis, body), date=date)

    # -- tags -----------------------------------------------------------------------
    def tags(self, kind: str | None = None, *, contains: str | None = None,
             limit: int | None = None) -> list[tagstore.TagInfo]:
        """Canonical tags in use, most used first, with their synonyms and parent fandom."""
        return tagstore.list_tags(self.conn, _kind(kind), contains=contains, limit=limit)

    def rename_tag(self, name: str, new_name: str, *, kind: str | None = None) -> int:
        """Rename a tag on every work; the old name stays as a synonym. Renaming onto an
        existing tag merges the two. Returns the number of works changed."""
        pk, kind = self._one_tag(name, kind)
        with transaction(self.conn):
            target = tagstore.canonical_id(self.conn, kind, new_name)
            if target is not None and target != pk:
                works = tagstore.works_with(self.conn, pk) + tagstore.works_with(self.conn, target)
                store.retag(self.conn, works, lambda: tagstore.merge(self.conn, pk, target))
            else:
                works = tagstore.works_with(self.conn, pk)
                store.retag(self.conn, works, lambda: tagstore.rename(self.conn, pk, new_name))
        return len(set(works))

    def merge_tags(self, name: str, into: str, *, kind: str | None = None) -> int:
        """Move every work tagged `name` to `into`; `name` becomes a synonym of `into`."""
        pk, kind = self._one_tag(name, kind)
        target, _ = self._one_tag(into, kind)
        if pk == target:
            return 0
        with transaction(self.conn):
            works = sorted(set(tagstore.works_with(self.conn, pk) + tagstore.works_with(self.conn, target)))
            store.retag(self.conn, works, lambda: tagstore.merge(self.conn, pk, target))
        return len(works)

    def add_synonym(self, synonym: str, canonical: str, *, kind: str | None = None) -> int:
        """Make `synonym` mean `canonical` from now on (works already tagged `synonym` are merged)."""
        target, kind = self._one_tag(canonical, kind)
        existing = tagstore.canonical_id(self.conn, kind, synonym)
        if existing is not None:
            if existing == target:
                return 0
            return self.merge_tags(synonym, canonical, kind=kind)
        with transaction(self.conn):
            tagstore.add_synonym(self.conn, kind, synonym, target)
        return 0

    def _one_tag(self, name: str, kind: str | None) -> tuple[int, str]:
        kinds = [_kind(kind)] if kind else list(tagstore.KINDS)
        found = {(pk, k) for pk, k, _ in tagstore.tag_row(self.conn, kinds, name)}
        if not found:
            raise LibraryError(f"{name!r}: no such tag" + (f" of kind {kind}" if kind else ""))
        if len(found) > 1:
            raise LibraryError(f"{name!r} is a tag of several kinds ({', '.join(sorted(k for _, k in found))}); "
                               "say which with --kind")
        return next(iter(found))

    # -- the library ------------------------------------------------------------------
    def stats(self) -> dict:
        c = self.conn
        works, words = c.execute("SELECT count(*), coalesce(sum(word_count), 0) FROM works").fetchone()
        sources, raw = c.execute("SELECT count(*), coalesce(sum(size), 0) FROM sources").fetchone()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return {"path": str(self.path), "works": works, "sources": sources, "words": words,
                "original_bytes": raw, "library_bytes": size,
                "tags": c.execute("SELECT count(*) FROM tags WHERE canonical IS NULL AND works > 0").fetchone()[0],
                "corrections": c.execute("SELECT count(*) FROM overrides").fetchone()[0]}


def _kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    aliases = {"tag": "freeform", "additional": "freeform", "ship": "relationship", "pairing": "relationship"}
    k = aliases.get(kind.lower(), kind.lower()).rstrip("s") if kind.lower() != "series" else "series"
    k = {"relationship": "relationship", "categorie": "category"}.get(k, k)
    if k not in tagstore.KINDS:
        raise LibraryError(f"unknown tag kind {kind!r} (kinds: {', '.join(tagstore.KINDS)})")
    return k


def _pairs(values: Values) -> list[tuple[str, str]]:
    if not values:
        return []
    items = values.items() if isinstance(values, Mapping) else values
    out = []
    for name, value in items:
        if isinstance(value, (list, tuple)):
            out += [(name, str(v)) for v in value]
        else:
            out.append((name, "" if value is None else str(value)))
    return out


def _default_knowledge():
    """The shipped knowledge base, or False while the understanding stage is not installed."""
    try:
        from ..fandom.knowledge import default_knowledge
    except ImportError:
        return False
    return default_knowledge()


__all__ = ["Library", "SourceInfo", "LibraryError", "QueryError"]


def _is_hex(text: str) -> bool:
    """A non-empty run of lower-case hexadecimal digits (an id or hash, or a prefix of one)."""
    return bool(text) and all(c in "0123456789abcdef" for c in text)
