"""How works and originals are packed into the library.

* Analysis and body JSON: zstd, with a dictionary trained on the library's own
  first works once it has `TRAIN_AT` of them (small works compress several
  times better with one); the works stored before it are then packed again
  with it. The first byte of a blob names its dictionary (0: none), so blobs
  of any dictionary still read. The analysis is stored without `id` and
  `source`, which the shown source's row already holds (`slim`; store.py puts
  them back, byte for byte).
* Originals: zstd with the work's stored analysis and story text as a
  raw-content dictionary: a story file is mostly that text and its header
  mostly those values, so only markup costs space. When either changes, the
  originals are re-encoded in the same transaction (store.write_work). They
  come back byte-exact; the library checks each against its SHA-256 when it
  is read. (`zstd+body`, against the text alone, is what schema 2 wrote.)
"""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from typing import Any

import orjson
import zstandard

LEVEL = 9                # analysis and body: ~35% smaller than level 3 with a dictionary, ~0.3 ms a work
ORIGINAL_LEVEL = 3       # originals: against their own text a higher level gains little
TRAIN_AT = 1000          # works in the library before a dictionary is trained
DICT_SIZE = 112 * 1024
# The trainer's segment and d-mer sizes, fixed: left to zstd, it searches for them by training
# many dictionaries (0.43 s of the 0.52 CPU s training took at 1,000 generated works). Its picks
# were k 537 (generated works) and 1024 (the corpus), d 8; 768 packs both within 1% of its pick,
# which itself moves by 1% from one sample of the same works to another.
DICT_SEGMENT, DICT_DMER = 768, 8
ORIGINAL_PLAIN = "zstd"
ORIGINAL_ON_BODY = "zstd+body"   # schema 2: against the body JSON
ORIGINAL_ON_WORK = "zstd+work"   # against the stored analysis and body JSON
_SLIM_PREFIX = b'{"id":'


_local = threading.local()  # zstd contexts are not thread-safe: one set per thread


def plain_compressor(level: int) -> zstandard.ZstdCompressor:
    """A compressor at `level` without a dictionary, made once per thread: making a zstd context
    costs about 15 µs of CPU on a virtual machine (zstd reads the CPU's features with CPUID, which
    the hypervisor traps), as much as compressing a small block."""
    cache = getattr(_local, "plain", None)
    if cache is None:
        cache = _local.plain = {}
    found = cache.get(level)
    if found is None:
        found = cache[level] = zstandard.ZstdCompressor(level=level)
    return found


def plain_decompressor() -> zstandard.ZstdDecompressor:
    """A decompressor without a dictionary, made once per thread (see `plain_compressor`)."""
    found = getattr(_local, "plain_reader", None)
    if found is None:
        found = _local.plain_reader = zstandard.ZstdDecompressor()
    return found


def _contexts(conn: sqlite3.Connection, dict_id: int) -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    """Compressor and decompressor for a dictionary of this library (0: none), made once per thread."""
    cache = getattr(_local, "contexts", None)
    if cache is None:
        cache = _local.contexts = {}
    key = (conn.execute("SELECT value FROM meta WHERE key = 'library_id'").fetchone()[0], dict_id) if dict_id \
        else ("", 0)
    found = cache.get(key)
    if found is None:
        if dict_id:
            (data,) = conn.execute("SELECT data FROM dictionaries WHERE id = ?", (dict_id,)).fetchone()
            d = zstandard.ZstdCompressionDict(bytes(data))
            found = (zstandard.ZstdCompressor(level=LEVEL, dict_data=d), zstandard.ZstdDecompressor(dict_data=d))
        else:
            found = (plain_compressor(LEVEL), plain_decompressor())
        cache[key] = found
    return found


def _latest(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM dictionaries").fetchone()[0]


def pack(conn: sqlite3.Connection, raw: bytes) -> bytes:
    dict_id = _latest(conn)
    return bytes([dict_id]) + _contexts(conn, dict_id)[0].compress(raw)


def unpack(conn: sqlite3.Connection, blob: bytes) -> bytes:
    return _contexts(conn, blob[0])[1].decompress(blob[1:])


@dataclass(frozen=True)
class DictionaryRef:
    """A library dictionary as the import's workers see it: its id and a file holding its bytes
    (a worker reads it once; a library connection is no thing to share with forked processes)."""
    id: int
    path: str


def pack_with(ref: DictionaryRef, analysis_raw: bytes, body_raw: bytes) -> tuple[bytes, bytes]:
    """`pack` of both, in a worker: the same bytes the writer's `pack` gives with that dictionary."""
    cache = getattr(_local, "worker", None)
    if cache is None or cache[0] != ref:
        with open(ref.path, "rb") as f:
            compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=zstandard.ZstdCompressionDict(f.read()))
        cache = _local.worker = (ref, compressor)
    head = bytes([ref.id])
    return head + cache[1].compress(analysis_raw), head + cache[1].compress(body_raw)


def packed_now(conn: sqlite3.Connection, blob: bytes) -> bool:
    """Whether a blob is packed with the library's latest dictionary (as `pack` would pack it now)."""
    return blob[0] == _latest(conn)


class SharedDictionary:
    """The library's latest dictionary in a temporary file, for the import's workers."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.folder: str | None = None
        self.current: DictionaryRef | None = None

    def ref(self) -> DictionaryRef | None:
        latest = _latest(self.conn)
        if not latest:
            return None
        if self.current is None or self.current.id != latest:
            if self.folder is None:
                self.folder = tempfile.mkdtemp(prefix="ficarchive-dict-")
            (data,) = self.conn.execute("SELECT data FROM dictionaries WHERE id = ?", (latest,)).fetchone()
            path = os.path.join(self.folder, f"{latest}.zdict")
            with open(path, "wb") as f:
                f.write(data)
            self.current = DictionaryRef(latest, path)
        return self.current

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON of dataclasses, dicts and lists (fields in declaration order): the bytes
    `json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=vars)` gives, made by
    orjson in a seventh of the time (it was the workers' largest packing cost)."""
    return orjson.dumps(value, default=vars)


def slim_dumps(work) -> bytes:
    """`slim(dumps(work))` with its chapter texts left empty (they are stored apart), without
    copying the Work."""
    fields = dict(vars(work))
    del fields["id"], fields["source"]
    fields["chapters"] = [dict(vars(c), text="") for c in work.chapters]
    return dumps(fields)


def slim(analysis_json: bytes) -> bytes:
    """A Work's JSON without its leading `id` and `source` (kept in `works` and `sources`)."""
    if not analysis_json.startswith(_SLIM_PREFIX):
        return analysis_json
    data = json.loads(analysis_json)
    data.pop("id", None)
    data.pop("source", None)
    return dumps(data)


def unslim(analysis_json: bytes, work_id: str, source: dict) -> bytes:
    """`slim` undone: the same bytes `dumps(work)` gave (id and source lead a Work's fields)."""
    if analysis_json.startswith(_SLIM_PREFIX):
        return analysis_json
    head = dumps({"id": work_id, "source": source})
    rest = analysis_json[1:]
    return head[:-1] + (b"," + rest if rest != b"}" else b"}")


def train_if_ready(conn: sqlite3.Connection) -> bool:
    """Train the library's dictionary from a sample of its works, once. Call inside a transaction."""
    if _latest(conn):
        return False
    (count,) = conn.execute("SELECT count(*) FROM works").fetchone()
    if count < TRAIN_AT:
        return False
    rows = conn.execute("SELECT analysis, body FROM texts ORDER BY random() LIMIT 2000").fetchall()
    trained = train_dictionary((unpack(conn, analysis), unpack(conn, body)) for analysis, body in rows)
    if trained is None:
        return False
    conn.execute("INSERT INTO dictionaries(id, data) VALUES (1, ?)", (trained,))
    # The works stored before it: packed again with it (their content, hence their originals, unchanged).
    # Deleted and inserted again in order rather than updated in place, which left their pages a
    # fifth full (0.1x the raw text at 10,000 works).
    before = "substr(analysis, 1, 1) = x'00' OR substr(body, 1, 1) = x'00'"
    rows = conn.execute(f"SELECT pk, analysis, body, sketch FROM texts WHERE {before} ORDER BY pk").fetchall()
    conn.execute(f"DELETE FROM texts WHERE {before}")
    conn.executemany("INSERT INTO texts(pk, analysis, body, sketch) VALUES (?,?,?,?)",
                     [(pk, pack(conn, unpack(conn, analysis)), pack(conn, unpack(conn, body)), sketch)
                      for pk, analysis, body, sketch in rows])
    return True


def train_dictionary(works) -> bytes | None:
    """A dictionary trained on works given as (analysis JSON, body JSON) pairs, or None when they are
    too little material for one."""
    samples = []
    for analysis, body in works:
        samples.append(slim(analysis))
        samples.append(body[:8192])
    random.Random(0).shuffle(samples)
    try:
        return zstandard.train_dictionary(DICT_SIZE, samples, k=DICT_SEGMENT, d=DICT_DMER, level=LEVEL).as_bytes()
    except zstandard.ZstdError:
        return None


def pack_original(data: bytes, analysis_raw: bytes, body_raw: bytes) -> tuple[str, bytes]:
    """Compress a source's bytes against its work's stored (slim) analysis and body JSON."""
    content = analysis_raw + body_raw
    if content:
        cdict = zstandard.ZstdCompressionDict(content, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        return ORIGINAL_ON_WORK, zstandard.ZstdCompressor(level=ORIGINAL_LEVEL, dict_data=cdict).compress(data)
    return ORIGINAL_PLAIN, plain_compressor(ORIGINAL_LEVEL).compress(data)


def unpack_original(codec: str, blob: bytes, analysis_raw: bytes, body_raw: bytes) -> bytes:
    if codec in (ORIGINAL_ON_WORK, ORIGINAL_ON_BODY):
        content = analysis_raw + body_raw if codec == ORIGINAL_ON_WORK else body_raw
        ddict = zstandard.ZstdCompressionDict(content, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        return zstandard.ZstdDecompressor(dict_data=ddict).decompress(blob)
    if codec == ORIGINAL_PLAIN:
        return plain_decompressor().decompress(blob)
    raise ValueError(f"unknown codec {codec!r}")
