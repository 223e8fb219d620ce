"""The library's SQLite file: connection settings and schema.

One file, WAL mode (readers never wait for the importer), foreign keys on,
transactions opened by hand (`isolation_level=None`) so every write batch is
exactly one transaction.
"""
from __future__ import annotations

import itertools
import sqlite3
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SCHEMA_VERSION = 8

# bm25 weights of the FTS columns, in column order: title > tags > summary > notes > body.
FTS_COLUMNS = ("title", "tags", "summary", "notes", "body")
FTS_WEIGHTS = (10.0, 5.0, 3.0, 2.0, 1.0)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dictionaries (id INTEGER PRIMARY KEY, data BLOB NOT NULL);  -- zstd, see codec.py

CREATE TABLE IF NOT EXISTS works (
    pk          INTEGER PRIMARY KEY,       -- its id is the SHA-256 of its shown source (`sources.shown`)
    title       TEXT,
    title_sort  TEXT,
    summary     TEXT,
    rating      TEXT,
    language    TEXT,
    word_count  INTEGER NOT NULL,
    chapters    INTEGER NOT NULL,
    complete    INTEGER,                   -- 1, 0 or NULL (unknown)
    date        REAL NOT NULL,             -- newest source's file time, else when added
    added       REAL NOT NULL,
    updated     REAL NOT NULL,
    facet_tags  BLOB NOT NULL DEFAULT x''  -- its facet-kind tags, packed (store.pack_facets)
);
CREATE INDEX IF NOT EXISTS works_words ON works(word_count);
CREATE INDEX IF NOT EXISTS works_chapters ON works(chapters);
CREATE INDEX IF NOT EXISTS works_title ON works(title_sort);
CREATE INDEX IF NOT EXISTS works_date ON works(date);

-- Kept apart from `works` so that scans, sorts and counts over works stay small. A sketch rules
-- most near-duplicate candidates out before their text is read; store.write_work keeps it the
-- body's, NULL until one is made.
CREATE TABLE IF NOT EXISTS texts (
    pk          INTEGER PRIMARY KEY REFERENCES works(pk) ON DELETE CASCADE,
    analysis    BLOB NOT NULL,             -- Work JSON, chapter texts left out, before overrides (codec.pack)
    body        BLOB NOT NULL,             -- JSON list of chapter texts (codec.pack)
    sketch      BLOB                       -- the body's shingles as a bitmap (signature.sketch), or NULL
);

CREATE TABLE IF NOT EXISTS sources (
    pk          INTEGER PRIMARY KEY,
    sha         BLOB NOT NULL UNIQUE,      -- SHA-256 of the file's bytes (32 bytes; hex is the work id)
    work        INTEGER NOT NULL REFERENCES works(pk) ON DELETE CASCADE,
    shown       INTEGER NOT NULL DEFAULT 0,   -- 1: the source whose text the work shows (one per work)
    path        TEXT NOT NULL,
    format      TEXT NOT NULL,
    encoding    TEXT,
    size        INTEGER NOT NULL,
    mtime       REAL,
    added       REAL NOT NULL,
    word_count  INTEGER NOT NULL,
    codec       TEXT NOT NULL,             -- how `original` is compressed (codec.pack_original)
    original    BLOB NOT NULL              -- the file's bytes, compressed against the work's text
);
CREATE INDEX IF NOT EXISTS sources_work ON sources(work);

-- Near-duplicate candidate keys (signed 32-bit): MinHash LSH band hashes and opening-words hashes.
CREATE TABLE IF NOT EXISTS lsh (
    key     INTEGER NOT NULL,
    source  INTEGER NOT NULL REFERENCES sources(pk) ON DELETE CASCADE,
    PRIMARY KEY (key, source)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS tags (
    pk          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- fandom|relationship|character|warning|category|freeform|author|series
    name        TEXT NOT NULL COLLATE NOCASE,
    canonical   INTEGER REFERENCES tags(pk),  -- set: this name is a synonym of that tag
    fandom      TEXT,                      -- parent fandom of a character or relationship, when known
    works       INTEGER NOT NULL DEFAULT 0,   -- works linking it, kept by store.write_work and tags.merge
    UNIQUE (kind, name)
);
CREATE INDEX IF NOT EXISTS tags_canonical ON tags(canonical);

-- Each work's tags in their order (little-endian uint32 tag pks, tags.pack_tags): what the work
-- shows and its full-text tags column holds. A list per work instead of a row per link with its
-- position and an index by work: 0.045x the raw text smaller at a million works.
CREATE TABLE IF NOT EXISTS work_tag_lists (
    work  INTEGER PRIMARY KEY REFERENCES works(pk) ON DELETE CASCADE,
    tags  BLOB NOT NULL
);
-- The same links by tag, for filters, renames and merges; kept with the lists by store.write_work
-- and tags.merge. Works are never deleted, so `work` needs no index of its own for a cascade.
CREATE TABLE IF NOT EXISTS tag_works (
    tag   INTEGER NOT NULL REFERENCES tags(pk),
    work  INTEGER NOT NULL,
    PRIMARY KEY (tag, work)
) WITHOUT ROWID;
-- No triggers on the links: an insert firing one (on a table with a uniqueness constraint) opens
-- a statement savepoint, and FTS5 writes its pending terms out as an index segment at every
-- savepoint, so counting tags by trigger wrote a segment per work (half the writer's time).

-- The common words' weighted counts per work, in blocks of works by pk (common_words.py), and
-- which words are common, with how many works have each. A rowid table: its blocks of a few KB
-- stay on their leaf page (a WITHOUT ROWID table's spill over at 2 KB).
CREATE TABLE IF NOT EXISTS common_words (
    key     INTEGER PRIMARY KEY,       -- common_terms.id << 32 | the block's number
    counts  BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS common_terms (
    id      INTEGER PRIMARY KEY,
    term    TEXT NOT NULL UNIQUE,
    works   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS overrides (
    pk       INTEGER PRIMARY KEY,
    work     INTEGER NOT NULL REFERENCES works(pk) ON DELETE CASCADE,
    field    TEXT NOT NULL,               -- a Work field name
    op       TEXT NOT NULL,               -- set | add | remove
    value    TEXT NOT NULL,               -- JSON
    created  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS overrides_work ON overrides(work);

-- Contentless: the text lives compressed in `texts`; un-indexing supplies the old values
-- (the tags column is the work's tag names in `work_tags` order, see store.py).
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, tags, summary, notes, body,
    content='', tokenize='porter unicode61 remove_diacritics 2'
);
"""


# Page cache per connection, in KiB. Searches keep the index's hot pages; an import writes
# mostly new pages and reads through the OS cache, so its memory stays flat (a 64 MiB cache
# filled as the library grew and was most of the importer's growth).
SEARCH_CACHE_KIB = 65536
IMPORT_CACHE_KIB = 8192


class LibraryError(Exception):
    """A library-level problem the user can act on (one line)."""


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    if not path.exists() and not create:
        raise LibraryError(f"{path}: no library here (run `ficarchive import` first)")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0, check_same_thread=False)
        if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
            _lay_out_pages(conn)
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: not a ficarchive library ({exc})") from None
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA cache_size=-{SEARCH_CACHE_KIB}")
    conn.execute("PRAGMA temp_store=MEMORY")
    _migrate(conn, path)
    return conn


def _lay_out_pages(conn: sqlite3.Connection) -> None:
    """Page size and auto-vacuum for a file with no pages yet. They are set before WAL mode writes
    the first page, because changing them later needs a VACUUM out of WAL mode, and that fails at
    once while any other process (a search, a second import) has the new file open."""
    # Rows of 1-3 KB (a work's compressed analysis and text) pack badly into 4 KB pages.
    # Incremental auto-vacuum lets the file shrink again after the full-text index is merged
    # into one segment (store.tidy_index), which frees as many pages as the index has.
    conn.execute("PRAGMA page_size=8192")
    conn.execute("PRAGMA auto_vacuum=INCREMENTAL")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise LibraryError(f"{path}: made by a newer ficarchive (schema {version}); upgrade to open it")
    if version == SCHEMA_VERSION:
        return
    if version == 1:  # works' blobs moved to `texts`
        with transaction(conn):
            conn.execute("CREATE TABLE texts (pk INTEGER PRIMARY KEY REFERENCES works(pk) ON DELETE CASCADE, "
                         "analysis BLOB NOT NULL, body BLOB NOT NULL)")
            conn.execute("INSERT INTO texts SELECT pk, analysis, body FROM works")
            conn.execute("ALTER TABLE works DROP COLUMN analysis")
            conn.execute("ALTER TABLE works DROP COLUMN body")
            conn.execute("PRAGMA user_version=2")
        version = 2
    if version == 2:
        _migrate_2_to_3(conn)
        version = 3
    if version == 3:
        _migrate_3_to_4(conn, path)
        version = 4
    if version == 4:  # texts get their sketches when next written or read (importer.Writer)
        with transaction(conn):
            conn.execute("ALTER TABLE texts ADD COLUMN sketch BLOB")
            conn.execute("PRAGMA user_version=5")
        version = 5
    if version == 5:
        _migrate_5_to_6(conn, path)
        version = 6
    if version == 6:
        _migrate_6_to_7(conn, path)
        version = 7
    if version == 7:  # the library gets a generation (mark_changed), which the transaction sets
        with transaction(conn):
            conn.execute("PRAGMA user_version=8")
        return
    with transaction(conn):
        _create(conn)


# Schema 3's works table, which the upgrade from schema 2 builds (schema 4 then drops `id`).
_WORKS_3 = """CREATE TABLE works_new (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT, title_sort TEXT, summary TEXT, rating TEXT,
    language TEXT, word_count INTEGER NOT NULL, chapters INTEGER NOT NULL, complete INTEGER,
    date REAL NOT NULL, added REAL NOT NULL, updated REAL NOT NULL, facet_tags BLOB NOT NULL DEFAULT x'')"""
_SOURCES_4_COLUMNS = "pk, sha, work, shown, path, format, encoding, size, mtime, added, word_count, codec, original"
_WORKS_4_COLUMNS = ("pk, title, title_sort, summary, rating, language, word_count, chapters, complete, date, added, "
                    "updated, facet_tags")
_UPGRADE_CHUNK = 20_000  # sources copied per step of the upgrade to schema 4 (a progress line each)


def _migrate_3_to_4(conn: sqlite3.Connection, path: Path, progress=None) -> None:
    """`works.id` (the shown source's hash again) goes: `sources.shown` marks that source, and
    hashes are stored as 32 bytes instead of 64 hex characters (in the table and its unique
    index). The tag-count triggers go (store.write_work and tags.merge keep the counts). One
    transaction: the sources, originals included, are copied in pk order, a chunk at a time,
    with a progress line on stderr for a large library (about a minute per million sources)."""
    progress = progress or _stderr_progress(path)
    sources_ddl = next(st for st in _statements(SCHEMA) if st.startswith("CREATE TABLE IF NOT EXISTS sources "))
    works_ddl = next(st for st in _statements(SCHEMA) if st.startswith("CREATE TABLE IF NOT EXISTS works "))
    (total,) = conn.execute("SELECT count(*) FROM sources").fetchone()
    conn.create_function("unhex_sha", 1, bytes.fromhex, deterministic=True)  # SQLite's unhex() is 3.41+
    conn.execute("PRAGMA foreign_keys=OFF")  # tables rebuilt under their own names (SQLite's 12 steps)
    try:
        with transaction(conn):
            conn.execute(sources_ddl.replace(" sources ", " sources_new ", 1))
            last, done = 0, 0
            while True:
                (end,) = conn.execute(f"SELECT max(pk) FROM (SELECT pk FROM sources WHERE pk > ? ORDER BY pk "
                                      f"LIMIT {_UPGRADE_CHUNK})", (last,)).fetchone()
                if end is None:
                    break
                done += conn.execute(
                    f"INSERT INTO sources_new({_SOURCES_4_COLUMNS}) SELECT s.pk, unhex_sha(s.sha), s.work, "
                    "s.sha = w.id, s.path, s.format, s.encoding, s.size, s.mtime, s.added, s.word_count, s.codec, "
                    "s.original FROM sources s JOIN works w ON w.pk = s.work WHERE s.pk > ? AND s.pk <= ? "
                    "ORDER BY s.pk", (last, end)).rowcount
                last = end
                progress(done, total)
            if done != total:
                raise LibraryError(f"cannot upgrade the library: {total - done} sources belong to no work")
            conn.execute("DROP TABLE sources")
            conn.execute("ALTER TABLE sources_new RENAME TO sources")
            conn.execute("CREATE INDEX sources_work ON sources(work)")
            # Copied rather than ALTER TABLE DROP COLUMN, which leaves every page a third empty.
            conn.execute(works_ddl.replace(" works ", " works_new ", 1))
            conn.execute(f"INSERT INTO works_new({_WORKS_4_COLUMNS}) SELECT {_WORKS_4_COLUMNS} FROM works ORDER BY pk")
            conn.execute("DROP TABLE works")
            conn.execute("ALTER TABLE works_new RENAME TO works")
            for statement in _statements(SCHEMA):
                if statement.startswith("CREATE INDEX IF NOT EXISTS works_"):
                    conn.execute(statement)
            conn.execute("DROP TRIGGER IF EXISTS work_tags_count_up")
            conn.execute("DROP TRIGGER IF EXISTS work_tags_count_down")
            _settle_upgrade(conn, 4)
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
    if conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # incremental: the old tables' pages go back
        conn.executescript("PRAGMA incremental_vacuum;")


def _migrate_5_to_6(conn: sqlite3.Connection, path: Path, progress=None) -> None:
    """`work_tags` (work, tag, position) and its index by tag become a tag list per work
    (`work_tag_lists`) and the links by tag (`tag_works`). One transaction; the links are read
    in work order, a work at a time, with a progress line on stderr for a large library."""
    from .tags import pack_tags

    progress = progress or _stderr_progress(path, 6, "works")
    (total,) = conn.execute("SELECT count(*) FROM works").fetchone()
    with transaction(conn):
        for statement in _statements(SCHEMA):
            if " work_tag_lists " in statement or " tag_works " in statement:
                conn.execute(statement)
        conn.execute("INSERT INTO tag_works(tag, work) SELECT tag, work FROM work_tags ORDER BY tag, work")
        lists, done = [], 0
        # In the key's order (no sort of every link: 450 MB at a million works); each work's few
        # links are put in their positions' order here.
        rows = conn.execute("SELECT w.pk, wt.position, wt.tag FROM works w LEFT JOIN work_tags wt ON wt.work = w.pk "
                            "ORDER BY w.pk")
        for pk, links in itertools.groupby(rows, key=lambda row: row[0]):
            lists.append((pk, pack_tags([tag for _, _, tag in sorted(links) if tag is not None])))
            if len(lists) >= _UPGRADE_CHUNK:
                done += _write_lists(conn, lists)
                progress(done, total)
        done += _write_lists(conn, lists)
        progress(done, total)
        conn.execute("DROP TABLE work_tags")
        _settle_upgrade(conn, 6)
    if conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # incremental: the old table's pages go back
        conn.executescript("PRAGMA incremental_vacuum;")


def _migrate_6_to_7(conn: sqlite3.Connection, path: Path, progress=None) -> None:
    """The common words get their own index (common_words.py), filled in from the full-text index's
    instances of them (one transaction, a progress line every tenth of the words); the index on
    ratings goes."""
    from . import common_words

    with transaction(conn):
        for statement in _statements(SCHEMA):
            if " common_words " in statement or " common_terms " in statement:
                conn.execute(statement)
        (works,) = conn.execute("SELECT count(*) FROM works").fetchone()
        if progress is None and works >= 100_000:
            progress = _stderr_progress(path, 7, "common words", least=0)
        common_words.rebalance(conn, progress)
        # Searches filter and count ratings from kept columns; an index of five values was 1.2% of
        # the raw text, and the common words' index needs the room.
        conn.execute("DROP INDEX IF EXISTS works_rating")
        _settle_upgrade(conn, 7)
    if conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # incremental: the index's pages go back
        conn.executescript("PRAGMA incremental_vacuum;")


def _write_lists(conn: sqlite3.Connection, lists: list[tuple[int, bytes]]) -> int:
    conn.executemany("INSERT INTO work_tag_lists(work, tags) VALUES (?, ?)", lists)
    written = len(lists)
    lists.clear()
    return written


def _settle_upgrade(conn: sqlite3.Connection, version: int) -> None:
    """Refuse an upgrade that broke a reference (the transaction rolls back), else stamp its version."""
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise LibraryError(f"cannot upgrade the library: {len(problems)} broken references")
    conn.execute(f"PRAGMA user_version={version:d}")


def _stderr_progress(path: Path, schema: int = 4, things: str = "sources", least: int = 100_000):
    """A line on stderr every tenth of the way, for upgrades of at least `least` rows."""
    shown = [0]

    def report(done: int, total: int) -> None:
        if total < least or done * 10 // total == shown[0]:
            return
        shown[0] = done * 10 // total
        print(f"ficarchive: upgrading {path} to schema {schema}: {done:,} of {total:,} {things}", file=sys.stderr,
              flush=True)
    return report


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """`works` loses fts_tags and the index on id and gains facet_tags; near-duplicate keys become
    32-bit (the low half of the old ones). Blobs and originals of schema 2 stay readable as they are."""
    from .store import pack_facets
    from .tags import FACET_KINDS

    lsh_ddl = next(st for st in _statements(SCHEMA) if st.startswith("CREATE TABLE IF NOT EXISTS lsh "))
    columns = "pk, id, title, title_sort, summary, rating, language, word_count, chapters, complete, date, added, updated"
    conn.execute("PRAGMA foreign_keys=OFF")  # tables are rebuilt under their own names (SQLite's 12 steps)
    try:
        with transaction(conn):
            conn.execute(_WORKS_3)
            conn.execute(f"INSERT INTO works_new({columns}) SELECT {columns} FROM works")
            marks = ",".join("?" * len(FACET_KINDS))
            facets: dict[int, list[tuple[int, str]]] = {}
            for work, tag, kind in conn.execute(
                    f"SELECT wt.work, wt.tag, t.kind FROM work_tags wt JOIN tags t ON t.pk = wt.tag "
                    f"WHERE t.kind IN ({marks}) ORDER BY wt.work, wt.position", FACET_KINDS):
                facets.setdefault(work, []).append((tag, kind))
            conn.executemany("UPDATE works_new SET facet_tags = ? WHERE pk = ?",
                             [(pack_facets(tags), work) for work, tags in facets.items()])
            conn.execute("DROP TABLE works")
            conn.execute("ALTER TABLE works_new RENAME TO works")
            conn.execute(lsh_ddl.replace(" lsh ", " lsh_new ", 1))
            low = "(key & 4294967295)"
            conn.execute(f"INSERT OR IGNORE INTO lsh_new(key, source) SELECT CASE WHEN {low} >= 2147483648 "
                         f"THEN {low} - 4294967296 ELSE {low} END, source FROM lsh")
            conn.execute("DROP TABLE lsh")
            conn.execute("ALTER TABLE lsh_new RENAME TO lsh")
            for statement in _statements(SCHEMA):  # the indexes dropped with the old tables
                if statement.startswith("CREATE INDEX"):
                    conn.execute(statement)
            _settle_upgrade(conn, 3)
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def _create(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA):
        conn.execute(statement)
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('library_id', ?)", (uuid.uuid4().hex,))
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _statements(script: str) -> Iterator[str]:
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""


@contextmanager
def import_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """The small page cache of an import, for its duration."""
    conn.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size=-{SEARCH_CACHE_KIB}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception; the common words' queue is applied
    before the commit."""
    from .common_words import flush  # here: common_words is built on this module

    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        flush(conn)
        mark_changed(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def mark_changed(conn: sqlite3.Connection) -> None:
    """A new generation for the library, in the transaction that changes it: what is kept outside
    the file (columns_file.py) names the generation it was made from. Random, not a counter, so
    that a library restored from a copy never meets a kept file of a later state with its number."""
    conn.execute("INSERT INTO meta(key, value) VALUES ('generation', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (uuid.uuid4().hex,))


def generation(conn: sqlite3.Connection) -> str | None:
    return _meta(conn, "generation")


def library_id(conn: sqlite3.Connection) -> str | None:
    return _meta(conn, "library_id")


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
