"""The library's common words, indexed a second time so that search can rank them fast.

FTS5 ranks a word by walking its whole doclist: a word in half of a million works
costs 25-60 ms to count and about 2.5 µs a match to score (bm25), so a search for
it took a second whatever its filters. For each word in at least COMMON_SHARE of
the works (and COMMON_MIN of them) this module keeps every work's weighted count
of it, which is bm25's term frequency (title 10, tags 5, summary 3, notes 2,
body 1, as db.FTS_WEIGHTS), in blocks of works by pk. Search then filters
and ranks such a word over every work (`lookup`, `bm25`; numpy and typed loops)
with FTS5's own formula and inputs, so it gets the same scores to the last bit.

The counts come from FTS5 itself, its tokenizer run on a temporary table with the
same settings, so they agree with the full-text index token for token:
* store queues each full-text row it writes (`queue`) and un-indexes (`forget`),
  and the queue is applied to the blocks before the transaction commits (`flush`),
  in the same transaction;
* which words are common is settled by `rebalance` from the index's document
  counts, after an import that grew the library by a tenth and at the upgrade to
  schema 7; a word that becomes common is filled in from FTS5's instances, one
  that falls under half the threshold is dropped.

A block is two zstd frames: a bitmap of the works that have the word, then a byte
per such work (its count less one; 255: see the extras), followed by (offset,
count) pairs of little-endian uint32 for counts over 255. Split so, the blocks
come within a fifth of the order-0 entropy of the counts (measured at 100,000
works; zlib of a byte per work was 43% over it). Blocks are OPEN works long
while the library may still add works to them, so that each transaction of an
import rewrites a small block per word; once the library has passed a span of
SEALED works, its open blocks are merged into one sealed block (`_seal`), which
compresses better and, spilling onto overflow pages that SQLite fills, wastes
less of its pages (blocks of 16,384 works left 18% of theirs empty). A block's
row key is the word's id in `common_terms` and the number of its first open
block (`_key`); its bitmap's length tells its span.
"""
from __future__ import annotations

import math
import sqlite3
import threading

import numpy as np

from .codec import plain_compressor, plain_decompressor
from .db import FTS_COLUMNS, FTS_WEIGHTS
from .typed_loops import ESCAPE, add_block, add_bm25, length_norms

COMMON_SHARE = 0.10    # of the works
COMMON_MIN = 5_000     # works: below that FTS5 walks a word's doclist in a few milliseconds
OPEN_SHIFT = 12
OPEN = 1 << OPEN_SHIFT         # works (by pk) in an open block
SEALED = 16 * OPEN             # works in a sealed block
QUEUE_LIMIT = 1_000    # rows queued before they are applied, within the transaction
_LEVEL = 3              # zstd, for the blocks a transaction rewrites (level 9: 4% smaller, 4x the time)
_SEALED_LEVEL = 15      # zstd, for a block sealed or filled in once: 10.6% smaller, 1 -> 10 ms a block
_TOKENIZER = "porter unicode61 remove_diacritics 2"  # as the `fts` table's (db.SCHEMA)
_K1, _B = 1.2, 0.75    # FTS5's bm25 constants
_WEIGHT_SQL = "CASE col " + " ".join(f"WHEN '{c}' THEN {int(w)}" for c, w in zip(FTS_COLUMNS, FTS_WEIGHTS)) + " END"
assert all(w == int(w) for w in FTS_WEIGHTS), "weighted counts are stored as integers"


# --- writing ---------------------------------------------------------------------------------

def queue(conn: sqlite3.Connection, pk: int, values: tuple, *, fresh: bool = False) -> None:
    """Work `pk`'s full-text row is now `values` (title, tags, summary, notes, body; all empty:
    it has none). `fresh`: the work had no row before this transaction. Before the words are
    chosen there is nothing to keep (`flush` would drop the queue), and `rebalance` fills the
    words it chooses from the full-text index itself: a first import queues nothing."""
    if not chosen(conn):
        return
    _temp_tables(conn)
    _queued(conn, pk, values, fresh)


def _queued(conn: sqlite3.Connection, pk: int, values: tuple, fresh: bool) -> None:
    """`queue`'s row written, the words being chosen and the temp tables made."""
    conn.execute(
        "INSERT INTO temp.common_queue(pk, fresh, title, tags, summary, notes, body) VALUES (?,?,?,?,?,?,?) "
        "ON CONFLICT(pk) DO UPDATE SET title = excluded.title, tags = excluded.tags, summary = excluded.summary, "
        "notes = excluded.notes, body = excluded.body", (pk, int(fresh), *values))
    (queued,) = conn.execute("SELECT count(*) FROM temp.common_queue").fetchone()
    if queued >= QUEUE_LIMIT:
        flush(conn)


def forget(conn: sqlite3.Connection, pk: int, values: tuple) -> None:
    """Work `pk`'s full-text row `values` is un-indexed (it has none until queued again). The row
    it had before the queue was last applied is kept, so that only that row's words and the new
    row's are visited, not every common word."""
    if not chosen(conn):  # as in `queue`
        return
    _temp_tables(conn)
    conn.execute("INSERT INTO temp.common_before(pk, title, tags, summary, notes, body) VALUES (?,?,?,?,?,?) "
                 "ON CONFLICT(pk) DO NOTHING", (pk, *values))
    _queued(conn, pk, ("",) * len(values), False)


def flush(conn: sqlite3.Connection) -> None:
    """Apply the queued rows to the common words' blocks (inside the caller's transaction)."""
    if not _has_temp_tables(conn):
        return
    queued = conn.execute("SELECT pk, fresh FROM temp.common_queue ORDER BY pk").fetchall()
    if not queued:
        return
    if chosen(conn):  # else there is nothing to keep yet (a small library)
        common = {term: [tid, works] for tid, term, works in conn.execute("SELECT id, term, works FROM common_terms")}
        counts = _counted(conn, "common_queue", common)
        pks = np.array([pk for pk, _ in queued], dtype=np.int64)
        rewritten = pks[np.array([not fresh for _, fresh in queued], dtype=bool)]
        rewritten_blocks = set((rewritten >> OPEN_SHIFT).tolist())
        visit: dict | set = counts.keys()
        if len(rewritten):  # a work written before may have lost a word: its old row's words are visited
            before = {pk for (pk,) in conn.execute("SELECT pk FROM temp.common_before")}
            visit = common if not before.issuperset(rewritten.tolist()) else \
                counts.keys() | _counted(conn, "common_before", common, counts=False).keys()
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32))
        changed = []
        for term in visit:
            change = _apply(conn, common[term][0], pks, *counts.get(term, empty), rewritten_blocks)
            if change:
                common[term][1] += change
                changed.append((common[term][1], common[term][0]))
        conn.executemany("UPDATE common_terms SET works = ? WHERE id = ?", changed)
        _seal(conn)
    conn.execute("DELETE FROM temp.common_queue")
    conn.execute("DELETE FROM temp.common_before")


def _counted(conn: sqlite3.Connection, table: str, common: dict, *, counts: bool = True
             ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The common words in the rows of a temp table, each with the pks of the rows holding it and
    its weighted count in each (`counts`=False: the words only). FTS5 tokenizes the rows (a
    temporary table with the index's settings).

    The instances come in term order; which term each belongs to is known from the terms'
    instance counts (fts5vocab `row`), so the scan never reads a term's text (that alone
    cost more than the rest of the scan)."""
    conn.execute("INSERT INTO temp.common_tokens(rowid, title, tags, summary, notes, body) "
                 f"SELECT pk, title, tags, summary, notes, body FROM temp.{table}")
    present = [(t, n) for t, n in conn.execute("SELECT term, cnt FROM temp.common_token_rows") if t in common]
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {t: (np.zeros(0, dtype=np.int64),) * 2 for t, _ in present}
    if counts and present:
        docs, weights = _instances(conn, "temp.common_token_instances", "term IN (SELECT term FROM main.common_terms)")
        ends = np.cumsum([n for _, n in present])
        starts = np.concatenate(([0], ends[:-1]))
        # Each term's instances come in pk order: a step back anywhere but at a term's start
        # would mean the scan and the counts disagree, and is refused rather than stored.
        back = np.flatnonzero(np.diff(docs) < 0) + 1
        if ends[-1] != len(docs) or not np.isin(back, starts).all():
            raise RuntimeError("common words: FTS5's instances out of step with its term counts")
        for (term, _), start, end in zip(present, starts, ends):
            out[term] = _per_work(docs[start:end], weights[start:end])
    conn.execute("INSERT INTO temp.common_tokens(common_tokens) VALUES ('delete-all')")
    return out


def _instances(conn: sqlite3.Connection, vocab: str, where: str, params=()) -> tuple[np.ndarray, np.ndarray]:
    """The instances an fts5vocab `instance` table gives for a condition on its terms, in its
    order: each one's row (pk) and its column's weight. One aggregate row, parsed by numpy: a
    Python row per instance, or SQL's GROUP BY, cost twice as much."""
    docs, weights = conn.execute(f"SELECT group_concat(doc), group_concat({_WEIGHT_SQL}) FROM {vocab} WHERE {where}",
                                 params).fetchone()
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.fromstring(docs, dtype=np.int64, sep=","), np.fromstring(weights, dtype=np.int64, sep=",")


def _per_work(docs: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One term's instances (by pk, ascending) summed per work: the pks and their weighted counts."""
    firsts = np.flatnonzero(np.diff(docs, prepend=-1))
    return docs[firsts], np.add.reduceat(weights, firsts).astype(np.uint32)


def _apply(conn: sqlite3.Connection, term_id: int, pks: np.ndarray, having: np.ndarray, counts: np.ndarray,
           other_blocks: set[int]) -> int:
    """Set a word's counts in works `pks`: `counts` for the works `having` it, none for the others.
    `other_blocks`: open-block numbers to visit even where the word is not in the new counts.
    Returns the change in the number of works that have it."""
    todo = sorted(other_blocks | set((having >> OPEN_SHIFT).tolist()))
    change = 0
    while todo:
        key, start, values, stored = _block_holding(conn, term_id, todo[0])
        end = start + len(values)
        todo = [b for b in todo if not start <= b << OPEN_SHIFT < end]
        inside = pks[(pks >= start) & (pks < end)] - start
        before = int(np.count_nonzero(values[inside]))
        values[inside] = 0
        mine = (having >= start) & (having < end)
        values[having[mine] - start] = counts[mine]
        change += int(np.count_nonzero(values[inside])) - before
        if values.any():
            conn.execute("INSERT INTO common_words(key, counts) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET counts = excluded.counts", (key, encode(values)))
        elif stored:
            conn.execute("DELETE FROM common_words WHERE key = ?", (key,))
    return change


def _block_holding(conn: sqlite3.Connection, term_id: int, block: int) -> tuple[int, int, np.ndarray, bool]:
    """The stored block of a word that holds open block `block` (a sealed one, or that open one),
    else a new open one: its key, first pk, counts, and whether it is stored."""
    first = block - block % (SEALED // OPEN)
    row = conn.execute("SELECT key, counts FROM common_words WHERE key BETWEEN ? AND ? ORDER BY key DESC LIMIT 1",
                       (_key(term_id, first), _key(term_id, block))).fetchone()
    if row:
        start, values = (row[0] & 0xFFFFFFFF) << OPEN_SHIFT, decode(row[1])
        if start + len(values) > block << OPEN_SHIFT:
            return row[0], start, values, True
    return _key(term_id, block), block << OPEN_SHIFT, np.zeros(OPEN, dtype=np.uint32), False


def _seal(conn: sqlite3.Connection) -> None:
    """Merge the open blocks of every span of SEALED works that the library has passed (no new
    work can land in it: pks only grow) into one sealed block per word."""
    (last,) = conn.execute("SELECT max(pk) FROM works").fetchone()
    row = conn.execute("SELECT value FROM meta WHERE key = 'common_words_sealed'").fetchone()
    done, passed = int(row[0]) if row else 0, (last or 0) // SEALED
    if passed <= done:
        return
    per_span = SEALED // OPEN
    for (term_id,) in conn.execute("SELECT id FROM common_terms").fetchall():
        for span in range(done, passed):
            lo, hi = _key(term_id, span * per_span), _key(term_id, (span + 1) * per_span - 1)
            rows = conn.execute("SELECT key, counts FROM common_words WHERE key BETWEEN ? AND ?", (lo, hi)).fetchall()
            if len(rows) == 1 and len(decode(rows[0][1])) == SEALED:
                continue
            values = np.zeros(SEALED, dtype=np.uint32)
            for key, blob in rows:
                part = decode(blob)
                at = ((key & 0xFFFFFFFF) << OPEN_SHIFT) - span * SEALED
                values[at:at + len(part)] = part
            conn.execute("DELETE FROM common_words WHERE key BETWEEN ? AND ?", (lo, hi))
            if values.any():
                conn.execute("INSERT INTO common_words(key, counts) VALUES (?, ?)", (lo, encode(values, _SEALED_LEVEL)))
    conn.execute("INSERT INTO meta(key, value) VALUES ('common_words_sealed', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(passed),))


def _key(term_id: int, block: int) -> int:
    """A block's row key: its word's id and the number of its first open block."""
    return term_id << 32 | block


def encode(values: np.ndarray, level: int = _LEVEL) -> bytes:
    """A block's counts (OPEN or SEALED integers) as stored."""
    present = np.flatnonzero(values)
    small = np.minimum(values[present] - 1, ESCAPE).astype(np.uint8)
    big = np.flatnonzero(values[present] - 1 >= ESCAPE)
    extras = np.column_stack((present[big], values[present[big]])).astype("<u4")
    compress = plain_compressor(level).compress
    bitmap = compress(np.packbits(values > 0).tobytes())
    return len(bitmap).to_bytes(4, "little") + bitmap + compress(small.tobytes() + extras.tobytes())


def decode(blob: bytes) -> np.ndarray:
    """A block's counts, as `encode` was given them."""
    bitmap, held, extras = _parts(blob, plain_decompressor().decompress)
    values = np.zeros(len(bitmap) * 8, dtype=np.uint32)
    add_block(values, 0, bitmap, held, extras)
    return values


def _parts(blob: bytes, decompress) -> tuple[bytes, bytes, np.ndarray]:
    """A stored block as its bitmap, its held bytes and its extras (see the module's note)."""
    split = 4 + int.from_bytes(blob[:4], "little")
    bitmap = decompress(blob[4:split])
    rest = decompress(blob[split:])
    held = int.from_bytes(bitmap, "big").bit_count()
    return bitmap, rest[:held], np.frombuffer(rest, dtype="<u4", offset=held).reshape(-1, 2)


def _has_temp_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'common_queue'").fetchone() is not None


def _temp_tables(conn: sqlite3.Connection) -> None:
    """The queue and a contentless FTS5 table with the index's tokenizer, in the connection's temp schema."""
    if _has_temp_tables(conn):
        return
    conn.execute("CREATE TEMP TABLE common_queue (pk INTEGER PRIMARY KEY, fresh INTEGER NOT NULL, "
                 "title, tags, summary, notes, body)")
    conn.execute("CREATE TEMP TABLE common_before (pk INTEGER PRIMARY KEY, title, tags, summary, notes, body)")
    conn.execute(f"CREATE VIRTUAL TABLE temp.common_tokens USING fts5({', '.join(FTS_COLUMNS)}, content='', "
                 f"tokenize='{_TOKENIZER}')")
    conn.execute("CREATE VIRTUAL TABLE temp.common_token_instances USING fts5vocab(temp, common_tokens, instance)")
    conn.execute("CREATE VIRTUAL TABLE temp.common_token_rows USING fts5vocab(temp, common_tokens, row)")


# --- choosing the words ------------------------------------------------------------------------

def threshold(works: int) -> int:
    return max(math.ceil(COMMON_SHARE * works), COMMON_MIN)


def chosen(conn: sqlite3.Connection) -> bool:
    """The common words have been chosen (by `rebalance`), and are kept from then on."""
    return conn.execute("SELECT 1 FROM meta WHERE key = 'common_words_works'").fetchone() is not None


def rebalance_due(conn: sqlite3.Connection) -> bool:
    """The library has grown or shrunk by a tenth since the words were last chosen."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'common_words_works'").fetchone()
    (works,) = conn.execute("SELECT count(*) FROM works").fetchone()
    if row is None:
        return works >= COMMON_MIN
    return abs(works - int(row[0])) >= 0.1 * max(int(row[0]), 1)


def rebalance(conn: sqlite3.Connection, progress=None) -> None:
    """Choose the common words from the full-text index's document counts (inside the caller's
    transaction): fill in the words that became common, drop those under half the threshold."""
    (works,) = conn.execute("SELECT count(*) FROM works").fetchone()
    least = threshold(works)
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_rows USING fts5vocab(main, fts, row)")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, fts, instance)")
    counts = dict(conn.execute("SELECT term, doc FROM temp.fts_rows WHERE doc >= ?", (least // 2,)))
    _seal(conn)  # so that the words filled in below and those kept are sealed alike
    current = dict(conn.execute("SELECT term, id FROM common_terms"))
    for term in sorted(t for t in current if counts.get(t, 0) < least / 2):
        conn.execute("DELETE FROM common_words WHERE key BETWEEN ? AND ?", (_key(current[term], 0),
                                                                           _key(current[term] + 1, 0) - 1))
        conn.execute("DELETE FROM common_terms WHERE id = ?", (current[term],))
    added = sorted(t for t, n in counts.items() if n >= least and t not in current)
    for i, term in enumerate(added):
        _fill(conn, term)
        if progress:
            progress(i + 1, len(added))
    conn.execute("INSERT INTO meta(key, value) VALUES ('common_words_works', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(works),))


def _fill(conn: sqlite3.Connection, term: str) -> None:
    """A newly common word's blocks, from FTS5's instances of it."""
    pks, counts = _per_work(*_instances(conn, "temp.fts_instances", "term = ?", (term,)))
    term_id = conn.execute("INSERT INTO common_terms(term, works) VALUES (?, ?)", (term, len(pks))).lastrowid
    row = conn.execute("SELECT value FROM meta WHERE key = 'common_words_sealed'").fetchone()
    sealed_end = (int(row[0]) if row else 0) * SEALED  # below: sealed blocks, as `_seal` leaves them
    spans = np.where(pks < sealed_end, pks // SEALED * SEALED, pks >> OPEN_SHIFT << OPEN_SHIFT)
    starts = np.flatnonzero(np.diff(spans, prepend=-1))
    ends = np.append(starts[1:], len(pks))
    for start, end in zip(starts.tolist(), ends.tolist()):
        first = int(spans[start])
        values = np.zeros(SEALED if first < sealed_end else OPEN, dtype=np.uint32)
        values[pks[start:end] - first] = counts[start:end]
        conn.execute("INSERT INTO common_words(key, counts) VALUES (?, ?)",
                     (_key(term_id, first >> OPEN_SHIFT), encode(values, _SEALED_LEVEL if len(values) == SEALED else _LEVEL)))


# --- searching ---------------------------------------------------------------------------------

_tokenizer_lock = threading.Lock()
_tokenizer: sqlite3.Connection | None = None


def tokens(text: str) -> list[str]:
    """`text` as the full-text index tokenizes it."""
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(body, content='', tokenize='{_TOKENIZER}')")
            conn.execute("CREATE VIRTUAL TABLE word_instances USING fts5vocab(words, instance)")
            _tokenizer = conn
        _tokenizer.execute("INSERT INTO words(rowid, body) VALUES (1, ?)", (text,))
        out = [t for (t,) in _tokenizer.execute("SELECT term FROM word_instances ORDER BY offset")]
        _tokenizer.execute("INSERT INTO words(words) VALUES ('delete-all')")
    return out


def lookup(conn: sqlite3.Connection, words: list[tuple[str, bool]], pks: np.ndarray) -> list[np.ndarray] | None:
    """Each (word, is a prefix)'s weighted count in every work (`pks`, ascending), a prefix's
    summed over the terms it matches as FTS5 does; None unless the common words have been chosen
    (a small library has none: FTS5 is fast enough there) and every word is one token."""
    if not chosen(conn):
        return None
    size = int(pks[-1]) + 1 if len(pks) else 1
    out = []
    for word, prefix in words:
        found = tokens(word)
        if len(found) != 1:
            return None
        out.append(_in_order(_counts(conn, found[0], prefix, size), pks))
    return out


def _in_order(by_pk: np.ndarray, pks: np.ndarray) -> np.ndarray:
    """`by_pk` at `pks` (ascending): a view when the pks run without a gap, as they usually do."""
    if len(pks) and pks[-1] - pks[0] + 1 == len(pks):
        return by_pk[pks[0]:pks[-1] + 1]
    return by_pk[pks]


def term_counts(conn: sqlite3.Connection, terms: list[str], pks: np.ndarray) -> list[np.ndarray]:
    """Each term's weighted count in every work (`pks`, ascending), as `lookup` reads it."""
    size = int(pks[-1]) + 1 if len(pks) else 1
    return [_in_order(_counts(conn, term, False, size), pks) for term in terms]


def _counts(conn: sqlite3.Connection, term: str, prefix: bool, size: int) -> np.ndarray:
    """The weighted counts by pk of `term`, or of every term starting with it: the common ones
    from their blocks, the others from FTS5's instances of them, the terms between two common
    ones at a time (a walk of their doclists, which FTS5 would make too, and they are short:
    none is common)."""
    by_pk = np.zeros(size, dtype=np.uint32)
    if not prefix:
        row = conn.execute("SELECT id FROM common_terms WHERE term = ?", (term,)).fetchone()
        if row:
            _add_blocks(conn, row[0], by_pk)
        else:
            _add_instances(conn, "term = ?", [term], by_pk)
        return by_pk
    end = term[:-1] + chr(ord(term[-1]) + 1)  # every string starting with `term` sorts below this one
    common = conn.execute("SELECT term, id FROM common_terms WHERE term >= ? AND term < ? ORDER BY term",
                          (term, end)).fetchall()
    for _, term_id in common:
        _add_blocks(conn, term_id, by_pk)
    edges = [t for t, _ in common]
    for low, high in zip([term, *(t + "\0" for t in edges)], [*edges, end]):  # the runs of other terms
        # Both bounds inclusive: fts5vocab reads `>` as `>=` and `<` as `<=` and leaves the rest to
        # SQLite, which would walk a common term's instances only to drop them.
        _add_instances(conn, "term >= ? AND term <= ?", [low, _just_below(high)], by_pk)
    return by_pk


def _just_below(term: str) -> str:
    """A string above every UTF-8 string that sorts below `term` (byte-wise, as FTS5 compares
    terms) and below `term` itself: its last character less one, then the highest code point."""
    below = ord(term[-1]) - 1
    if 0xD800 <= below <= 0xDFFF:  # surrogates are no characters: the one before them
        below = 0xD7FF
    return term[:-1] + chr(below) + "\U0010ffff" * 16


def _add_blocks(conn: sqlite3.Connection, term_id: int, by_pk: np.ndarray) -> None:
    decompress = plain_decompressor().decompress
    for key, blob in conn.execute("SELECT key, counts FROM common_words WHERE key BETWEEN ? AND ?",
                                  (_key(term_id, 0), _key(term_id + 1, 0) - 1)):
        start = (key & 0xFFFFFFFF) << OPEN_SHIFT
        if start < len(by_pk):
            bitmap, held, extras = _parts(blob, decompress)
            add_block(by_pk, start, bitmap, held, extras)


def _add_instances(conn: sqlite3.Connection, where: str, params: list, by_pk: np.ndarray) -> None:
    """Add the counts of the terms `where` says (a condition on `term`) from FTS5's instances."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, fts, instance)")
    docs, weights = _instances(conn, "temp.fts_instances", where, params)
    inside = docs < len(by_pk)
    np.add.at(by_pk, docs[inside], weights[inside].astype(np.uint32))


def bm25(conn: sqlite3.Connection, counts: list[np.ndarray], at: np.ndarray, norms: np.ndarray) -> np.ndarray:
    """FTS5's bm25 (its rank: lower is better) of the works at positions `at`, for a query whose
    phrases are these words (`counts` over every work, as `lookup` gives them; `norms` as
    `doc_norms`): the same formula with the same inputs, operation for operation, so the same
    doubles."""
    rows, _ = averages(conn)
    score = np.zeros(len(at))
    for count in counts:
        hits = int(np.count_nonzero(count))
        idf = math.log((rows - hits + 0.5) / (hits + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        add_bm25(score, count, at, norms, idf, _K1)
    return -1.0 * score


def doc_norms(conn: sqlite3.Connection, pks: np.ndarray) -> np.ndarray:
    """Every work's length term of bm25 (`typed_loops.length_norms`), for `pks` (ascending)."""
    rows, tokens_in_all = averages(conn)
    return length_norms(doc_tokens(conn, pks), float(tokens_in_all) / float(rows) if rows else 1.0, _K1, _B)


def averages(conn: sqlite3.Connection) -> tuple[int, int]:
    """FTS5's row count and total tokens (all columns), from its averages record."""
    row = conn.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()
    values = varints(row[0]) if row else np.zeros(1, dtype=np.int64)
    return int(values[0]), int(values[1:].sum())


def doc_tokens(conn: sqlite3.Connection, pks: np.ndarray) -> np.ndarray:
    """Every work's length in tokens (all columns), as FTS5 keeps it, for `pks` (ascending)."""
    ids, sizes = conn.execute("SELECT group_concat(id), group_concat(hex(sz), '') FROM "
                              "(SELECT id, sz FROM fts_docsize ORDER BY id)").fetchone()
    out = np.zeros(len(pks), dtype=np.int64)
    if not ids:
        return out
    have = np.fromstring(ids, dtype=np.int64, sep=",")
    per_doc = varints(bytes.fromhex(sizes)).reshape(len(have), len(FTS_COLUMNS)).sum(axis=1)
    at = np.searchsorted(pks, have)
    inside = at < len(pks)
    inside[inside] = pks[at[inside]] == have[inside]
    out[at[inside]] = per_doc[inside]
    return out


def varints(data: bytes) -> np.ndarray:
    """SQLite varints (big-endian groups of 7 bits, high bit set on all but the last byte), all of
    them, decoded at once. Counts of tokens never need the 9-byte form."""
    b = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero((b & 0x80) == 0)
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts + 1
    values = np.zeros(len(ends), dtype=np.int64)
    for k in range(int(lengths.max()) if len(lengths) else 0):
        more = lengths > k
        values[more] = (values[more] << 7) | (b[starts[more] + k] & 0x7F)
    return values
