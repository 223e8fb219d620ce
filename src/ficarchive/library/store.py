"""Writing a work's rows (works, its tag list and links, full-text index) and reading it back.

Every change to a work goes through `write_work`, which un-indexes the old
full-text row with exactly the values it was indexed with before indexing the
new ones (the index is contentless to keep the library small). Its tags column
is the work's tag names in its list's order, so a change of tag names
(`retag`) un-indexes the works it touches before the change and indexes them
after it.
"""
from __future__ import annotations

import copy
import json
import re
import sqlite3
import struct
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Series, Work
from . import codec, common_words, overrides
from .analyze import work_from_json
from .db import transaction
from .fields import Fields
from .tags import FACET_KINDS, FIELD_OF_KIND, TAG_FIELDS, TagCache, pack_tags, tag_list, tags_of

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PUNCT = re.compile(r"^[^\w]+")


def title_sort(title: str | None) -> str:
    if not title:
        return "\uffff"  # untitled works sort last
    return _ARTICLE.sub("", _PUNCT.sub("", title.casefold()))


def effective(work: Work, corrections: list[overrides.Override]) -> Work:
    if not corrections:
        return work
    return overrides.apply(copy.deepcopy(work), corrections)


@dataclass
class Entry:
    """A work's analysis and chapter texts, to be written (what analyze.Analyzed is for an import)."""
    work: Work              # chapter texts may be empty
    analysis_json: bytes    # its JSON (slim or not)
    body_json: bytes        # JSON list of its chapter texts
    sketch: bytes | None = None  # its body's sketch (signature.sketch), when known
    blobs = None            # analysis and body already packed: none here

    @property
    def fields(self) -> Fields:
        return Fields.of(self.work)

    @property
    def fts_body(self) -> str:
        return "\n\n".join(json.loads(self.body_json))


def sha_key(sha: str) -> bytes:
    """How a source's hash is stored (`sources.sha`): its 32 bytes."""
    return bytes.fromhex(sha)


def sha_range(prefix: str) -> tuple[bytes, bytes]:
    """The stored hashes a hex prefix covers, as BETWEEN bounds (the unique index answers it)."""
    return bytes.fromhex(prefix.ljust(64, "0")), bytes.fromhex(prefix.ljust(64, "f"))


def show(conn: sqlite3.Connection, pk: int, sha: str) -> None:
    """Make the source `sha` the one work `pk` shows (its id)."""
    conn.execute("UPDATE sources SET shown = (sha = ?) WHERE work = ?", (sha_key(sha), pk))


def shown_id(conn: sqlite3.Connection, pk: int) -> str:
    (sha,) = conn.execute("SELECT sha FROM sources WHERE work = ? AND shown", (pk,)).fetchone()
    return sha.hex()


def write_work(conn: sqlite3.Connection, tags: TagCache, *, pk: int | None, entry, date: float,
               links: PendingLinks | None = None) -> int:
    """Insert (pk None) or replace a work from `entry` (an Entry or analyze.Analyzed); its
    analysis and body JSON are stored compressed, the corrections of an existing work applied.
    Which source it shows is the caller's (`show`, or a new source added as shown). `links`: the
    transaction's pending tag links, which its end writes (else they are written here)."""
    now = time.time()
    corrections = overrides.load(conn, pk) if pk is not None else []
    fields = Fields.of(effective(entry.work, corrections)) if corrections else entry.fields
    analysis_json, body_json = codec.slim(entry.analysis_json), entry.body_json
    tag_ids: list[int] = []
    facet_ids: list[tuple[int, str]] = []
    seen: set[int] = set()
    for fld, names in fields.names:
        kind = TAG_FIELDS[fld]
        for name in names:
            name = name.strip()
            if not name:
                continue
            tid = tags.canonical_id(kind, name)
            if tid in seen:
                continue
            seen.add(tid)
            tag_ids.append(tid)
            if kind in FACET_KINDS:
                facet_ids.append((tid, kind))
    tag_names = tags.names(tag_ids)
    row = (fields.title, title_sort(fields.title), fields.summary, fields.rating, fields.language,
           fields.word_count, fields.chapters, None if fields.complete is None else int(fields.complete), date, now,
           pack_facets(facet_ids))
    blobs = entry.blobs
    if blobs is None or not codec.packed_now(conn, blobs[0]):  # none, or packed before the dictionary came
        blobs = (codec.pack(conn, analysis_json), codec.pack(conn, body_json))
    pk_is_new = pk is None
    if pk is None:
        pk = conn.execute(
            "INSERT INTO works(title, title_sort, summary, rating, language, word_count, chapters, complete,"
            " date, updated, facet_tags, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (*row, now)).lastrowid
        conn.execute("INSERT INTO texts(pk, analysis, body, sketch) VALUES (?,?,?,?)", (pk, *blobs, entry.sketch))
        old_tags: list[int] = []
    else:
        old_analysis, old_body = unindex(conn, pk)
        if (old_analysis, old_body) != (analysis_json, body_json):
            _reencode_originals(conn, pk, (old_analysis, old_body), (analysis_json, body_json))
        old_tags = tag_list(conn, pk)
        conn.execute(
            "UPDATE works SET title=?, title_sort=?, summary=?, rating=?, language=?, word_count=?,"
            " chapters=?, complete=?, date=?, updated=?, facet_tags=? WHERE pk=?",
            (*row, pk))
        # The sketch goes with the body: one of an older text could rule out a true near-duplicate.
        if entry.sketch is not None or old_body != body_json:
            conn.execute("UPDATE texts SET analysis = ?, body = ?, sketch = ? WHERE pk = ?", (*blobs, entry.sketch, pk))
        else:
            conn.execute("UPDATE texts SET analysis = ?, body = ? WHERE pk = ?", (*blobs, pk))
    _link(conn, pk, old_tags, tag_ids, first=pk_is_new, links=links)
    values = (fields.title or "", "\n".join(tag_names), fields.summary or "", fields.notes, entry.fts_body)
    _index_row(conn, pk, values, fresh=pk_is_new)
    return pk


def _link(conn: sqlite3.Connection, pk: int, old: list[int], new: list[int], *, first: bool,
          links: PendingLinks | None = None) -> None:
    """Store work `pk`'s tag list `new` (it was `old`; `first`: the work has no list yet) and keep
    its links by tag and `tags.works` right (now, or at the end of the transaction that holds
    `links`). Plain statements only (see the schema's note on savepoints): the list is inserted
    or updated, never replaced."""
    if first:
        conn.execute("INSERT INTO work_tag_lists(work, tags) VALUES (?, ?)", (pk, pack_tags(new)))
    elif old != new:
        conn.execute("UPDATE work_tag_lists SET tags = ? WHERE work = ?", (pack_tags(new), pk))
    gone, came = set(old).difference(new), set(new).difference(old)  # (a new work's gone: none)
    if links is not None:
        links.change(pk, gone, came)
    elif gone or came:
        now = PendingLinks()
        now.change(pk, gone, came)
        now.write(conn)


class PendingLinks:
    """Links by tag (`tag_works`) and tag counts (`tags.works`) a transaction changed, written
    before it commits: one statement each for the whole transaction, in key order, instead of
    three per work touching a scattered page of each (a fifth of the import's SQL time). Nothing
    in an import reads them before then; the work lists (`work_tag_lists`) are written at once."""

    def __init__(self) -> None:
        self.came: set[tuple[int, int]] = set()   # (tag, work) to insert
        self.gone: set[tuple[int, int]] = set()   # (tag, work) to delete
        self.counts: dict[int, int] = {}          # tag -> change of its count

    def change(self, pk: int, gone: Iterable[int], came: Iterable[int]) -> None:
        for tag in gone:
            link = (tag, pk)
            if link in self.came:  # linked earlier in this transaction: never written
                self.came.remove(link)
            else:
                self.gone.add(link)
            self.counts[tag] = self.counts.get(tag, 0) - 1
        for tag in came:
            link = (tag, pk)
            if link in self.gone:  # unlinked earlier in this transaction: the row is still there
                self.gone.remove(link)
            else:
                self.came.add(link)
            self.counts[tag] = self.counts.get(tag, 0) + 1

    def write(self, conn: sqlite3.Connection) -> None:
        if self.gone:
            conn.executemany("DELETE FROM tag_works WHERE tag = ? AND work = ?", sorted(self.gone))
        if self.came:
            conn.executemany("INSERT INTO tag_works(tag, work) VALUES (?, ?)", sorted(self.came))
        changed = sorted((tag, n) for tag, n in self.counts.items() if n)
        if changed:
            conn.executemany("UPDATE tags SET works = works + ? WHERE pk = ?", [(n, tag) for tag, n in changed])
        self.__init__()


_KIND_BITS = 3  # a facet entry is tag pk << 3 | its kind's index in FACET_KINDS


def pack_facets(tags: list[tuple[int, str]]) -> bytes:
    """works.facet_tags: little-endian uint32 entries, each a tag pk and its kind (so that search
    can rank each kind's values without looking tags up)."""
    return struct.pack(f"<{len(tags)}I", *((pk << _KIND_BITS) | FACET_KINDS.index(kind) for pk, kind in tags))


def unpack_facets(entries):
    """(tag pks, kind indexes) of numpy uint32 facet entries."""
    return entries >> _KIND_BITS, entries & ((1 << _KIND_BITS) - 1)


def _reencode_originals(conn: sqlite3.Connection, pk: int, old: tuple[bytes, bytes], new: tuple[bytes, bytes]) -> None:
    """Originals are compressed against the work's stored content: when it changes, so must they."""
    for spk, name, blob in conn.execute("SELECT pk, codec, original FROM sources WHERE work = ?", (pk,)).fetchall():
        data = codec.unpack_original(name, blob, *old)
        name, blob = codec.pack_original(data, *new)
        conn.execute("UPDATE sources SET codec = ?, original = ? WHERE pk = ?", (name, blob, spk))


def body_json(conn: sqlite3.Connection, pk: int) -> bytes:
    (blob,) = conn.execute("SELECT body FROM texts WHERE pk = ?", (pk,)).fetchone()
    return codec.unpack(conn, blob)


def content(conn: sqlite3.Connection, pk: int) -> tuple[bytes, bytes]:
    """The work's analysis JSON as stored (slim) and its body JSON: what its originals are compressed against."""
    analysis, body = conn.execute("SELECT analysis, body FROM texts WHERE pk = ?", (pk,)).fetchone()
    return codec.unpack(conn, analysis), codec.unpack(conn, body)


def analysis_json(conn: sqlite3.Connection, pk: int, stored: bytes) -> bytes:
    """The full Work JSON (chapter texts left out) of a work, from its stored slim analysis."""
    row = conn.execute("SELECT sha, path, format, encoding, size FROM sources WHERE work = ? AND shown",
                       (pk,)).fetchone()
    if row is None:  # not written yet (its first source is added after the work)
        return stored
    sha, path, fmt, encoding, size = row
    sha = sha.hex()
    return codec.unslim(stored, sha, {"path": path, "format": fmt, "encoding": encoding, "sha256": sha, "size": size})


def _fts_values(conn: sqlite3.Connection, pk: int,
                listed: list[tuple[int, str, str]] | None = None) -> tuple[tuple, bytes, bytes]:
    """The full-text row of a work as its stored values give it, and its stored analysis and body JSON
    (`listed`: its tags as `tags_of` gives them, when the caller has read them already)."""
    title, summary, analysis, body = conn.execute(
        "SELECT w.title, w.summary, t.analysis, t.body FROM works w JOIN texts t ON t.pk = w.pk WHERE w.pk = ?",
        (pk,)).fetchone()
    analysis, body = codec.unpack(conn, analysis), codec.unpack(conn, body)
    notes = "\n\n".join(n["text"] for n in json.loads(analysis)["notes"])
    if listed is None:
        listed = tags_of(conn, [pk]).get(pk, [])
    tags_text = "\n".join(name for _, _, name in listed)
    return (title or "", tags_text, summary or "", notes, "\n\n".join(json.loads(body))), analysis, body


def unindex(conn: sqlite3.Connection, pk: int) -> tuple[bytes, bytes]:
    """Remove a work's full-text row, giving back the values it was indexed with; returns its stored
    analysis and body JSON. Call before its tags or text change."""
    values, analysis, body = _fts_values(conn, pk)
    conn.execute("INSERT INTO fts(fts, rowid, title, tags, summary, notes, body) VALUES ('delete',?,?,?,?,?,?)",
                 (pk, *values))
    common_words.forget(conn, pk, values)
    return analysis, body


def index(conn: sqlite3.Connection, pk: int, listed: list[tuple[int, str, str]]) -> None:
    values, _, _ = _fts_values(conn, pk, listed)
    _index_row(conn, pk, values)


def _index_row(conn: sqlite3.Connection, pk: int, values: tuple, *, fresh: bool = False) -> None:
    """Index a work's full-text row, and queue it for the common words' index (`fresh`: the work
    had no row before this transaction)."""
    conn.execute("INSERT INTO fts(rowid, title, tags, summary, notes, body) VALUES (?,?,?,?,?,?)", (pk, *values))
    common_words.queue(conn, pk, values, fresh=fresh)


# FTS5 merges segments as it writes them, once a level holds `automerge` of them (4), and at once
# past `crisismerge` (16). An import writes a segment per transaction and most often ends with a
# full merge anyway (`tidy_index`): with merging loosened for its transactions, the full-text
# inserts took 0.43 instead of 0.65 CPU s at 10,000 works, the final merge the same.
IMPORT_MERGING = {"automerge": 64, "crisismerge": 256}
FTS_MERGING_DEFAULTS = {"automerge": 4, "crisismerge": 16}


def loosen_merging(conn: sqlite3.Connection) -> dict[str, int]:
    """Set the import's merge settings at the start of a transaction; returns the library's own
    (its config rows, none when at FTS5's defaults) for `restore_merging` before it commits."""
    marks = ",".join("?" * len(IMPORT_MERGING))
    saved = dict(conn.execute(f"SELECT k, v FROM fts_config WHERE k IN ({marks})", list(IMPORT_MERGING)))
    for key, value in IMPORT_MERGING.items():
        conn.execute("INSERT INTO fts(fts, rank) VALUES (?, ?)", (key, value))
    return saved


def restore_merging(conn: sqlite3.Connection, saved: dict[str, int]) -> None:
    """Write the transaction's pending full-text terms as a segment under the import's settings
    (FTS5 does so at a savepoint), then give the library its own settings back, config rows as
    they were: the transaction commits them unchanged, and a kill -9 rolls both back."""
    conn.execute("SAVEPOINT fts_pending")
    conn.execute("RELEASE fts_pending")
    for key, default in FTS_MERGING_DEFAULTS.items():
        conn.execute("INSERT INTO fts(fts, rank) VALUES (?, ?)", (key, saved.get(key, default)))
    unset = [key for key in FTS_MERGING_DEFAULTS if key not in saved]
    if unset:  # the defaults again, as FTS5 reads them from no row (its config cookie was bumped above)
        conn.execute(f"DELETE FROM fts_config WHERE k IN ({','.join('?' * len(unset))})", unset)


# An import or re-analysis that changed at least this share of the library's works merges the
# full-text index into one segment afterwards; a smaller one merges a bounded amount.
OPTIMIZE_SHARE = 0.1
MERGE_PAGES = 500


def tidy_index(conn: sqlite3.Connection, changed: int) -> None:
    """Merge the full-text index's segments after `changed` works were written. FTS5 writes a
    segment per transaction and merges them only in part; one segment is slightly smaller
    (0.705x -> 0.697x the raw text at 10,000 works, 0.696x -> 0.693x at 100,000; searches
    measured no faster). A full merge rewrites the whole index (6 s at 100,000 works) and frees
    the old segments' pages, which incremental auto-vacuum then gives back to the file system;
    a library made before auto-vacuum was on (it cannot shrink without a VACUUM), or a small
    import into a large library, does a bounded merge step instead."""
    if not changed:
        return
    (total,) = conn.execute("SELECT count(*) FROM works").fetchone()
    shrinks = conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    full = shrinks and changed >= OPTIMIZE_SHARE * total
    conn.execute("BEGIN IMMEDIATE")
    try:
        if full:
            conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        else:
            conn.execute("INSERT INTO fts(fts, rank) VALUES ('merge', ?)", (MERGE_PAGES,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    if shrinks:
        conn.executescript("PRAGMA incremental_vacuum;")  # run to the end (a single step frees one page)
    if common_words.rebalance_due(conn):
        with transaction(conn):
            common_words.rebalance(conn)


def retag(conn: sqlite3.Connection, works: Iterable[int], change: Callable[[], None]) -> None:
    """Run `change` (a tag rename or merge) with the full-text rows and facet tags of `works` kept right."""
    works = sorted(set(works))
    for pk in works:
        unindex(conn, pk)
    change()
    for start in range(0, len(works), 500):  # the tag lists read once for both, a bounded number at a time
        chunk = works[start:start + 500]
        listed = tags_of(conn, chunk)
        for pk in chunk:
            index(conn, pk, listed.get(pk, []))
            tags = [(tag, kind) for tag, kind, _ in listed.get(pk, []) if kind in FACET_KINDS]
            conn.execute("UPDATE works SET facet_tags = ? WHERE pk = ?", (pack_facets(tags), pk))


def load_work(conn: sqlite3.Connection, pk: int) -> Work:
    """The work as the user sees it: analysis, corrections applied, current tag names."""
    analysis, body = conn.execute("SELECT analysis, body FROM texts WHERE pk = ?", (pk,)).fetchone()
    work = work_from_json(analysis_json(conn, pk, codec.unpack(conn, analysis)), codec.unpack(conn, body))
    work = effective(work, overrides.load(conn, pk))
    by_kind: dict[str, list[str]] = {}
    for _, kind, name in tags_of(conn, [pk]).get(pk, []):
        by_kind.setdefault(kind, []).append(name)
    for kind, fld in FIELD_OF_KIND.items():
        names = by_kind.get(kind, [])
        if fld == "series":
            parts = {s.name.casefold(): s.part for s in work.series}
            work.series = [Series(name=n, part=parts.get(n.casefold())) for n in names]
        else:
            setattr(work, fld, names)
    work.id = shown_id(conn, pk)
    return work


def summaries(conn: sqlite3.Connection, pks: list[int]) -> list[dict]:
    """The search-result view of works, in the order of `pks`, without touching their text."""
    if not pks:
        return []
    marks = ",".join("?" * len(pks))
    rows = {r[0]: r for r in conn.execute(
        f"SELECT w.pk, s.sha, w.title, w.summary, w.rating, w.word_count, w.chapters, w.complete, w.language "
        f"FROM works w LEFT JOIN sources s ON s.work = w.pk AND s.shown WHERE w.pk IN ({marks})", pks)}
    tags: dict[int, dict[str, list[str]]] = {}
    for work, listed in tags_of(conn, pks).items():
        for _, kind, name in listed:
            tags.setdefault(work, {}).setdefault(kind, []).append(name)
    out = []
    for pk in pks:
        _, wid, title, summary, rating, words, chapters, complete, language = rows[pk]
        t = tags.get(pk, {})
        out.append({
            "id": wid.hex() if wid else None, "title": title, "authors": t.get("author", []), "fandoms": t.get("fandom", []),
            "rating": rating, "warnings": t.get("warning", []), "categories": t.get("category", []),
            "relationships": t.get("relationship", []), "characters": t.get("character", []),
            "additional_tags": t.get("freeform", []), "summary": summary, "word_count": words,
            "chapters": chapters, "complete": None if complete is None else bool(complete),
            "language": language, "series": t.get("series", []),
        })
    return out
