"""How works and originals are packed into the library.

* Analysis and body JSON: zstd, with a dictionary trained on the library's own
  first works once it has `TRAIN_AT` of them (small works compress several
  times better with one). The first byte of a blob names its dictionary
  (0: none), so blobs written before the dictionary existed still read.
* Originals: zstd with the work's story text (its body JSON) as a raw-content
  dictionary: a story file is mostly that text, so only markup and headers
  cost space. When a work's text changes, its originals are re-encoded in the
  same transaction (store.write_work). They come back byte-exact; the library
  checks each against its SHA-256 when it is read.
"""
from __future__ import annotations

import json
import random
import sqlite3
import threading
from typing import Any

import zstandard

LEVEL = 3
TRAIN_AT = 1000          # works in the library before a dictionary is trained
DICT_SIZE = 64 * 1024
ORIGINAL_PLAIN = "zstd"
ORIGINAL_ON_BODY = "zstd+body"


_local = threading.local()  # zstd contexts are not thread-safe: one set per thread


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
            found = (zstandard.ZstdCompressor(level=LEVEL), zstandard.ZstdDecompressor())
        cache[key] = found
    return found


def _latest(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM dictionaries").fetchone()[0]


def pack(conn: sqlite3.Connection, raw: bytes) -> bytes:
    dict_id = _latest(conn)
    return bytes([dict_id]) + _contexts(conn, dict_id)[0].compress(raw)


def unpack(conn: sqlite3.Connection, blob: bytes) -> bytes:
    return _contexts(conn, blob[0])[1].decompress(blob[1:])


def dumps(value: Any) -> bytes:
    """Compact JSON of dataclasses, dicts and lists (fields in declaration order)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=vars).encode("utf-8")


def unpack_json(conn: sqlite3.Connection, blob: bytes) -> Any:
    return json.loads(unpack(conn, blob))


def train_if_ready(conn: sqlite3.Connection) -> bool:
    """Train the library's dictionary from a sample of its works, once. Call inside a transaction."""
    if _latest(conn):
        return False
    (count,) = conn.execute("SELECT count(*) FROM works").fetchone()
    if count < TRAIN_AT:
        return False
    rows = conn.execute("SELECT analysis, body FROM texts ORDER BY random() LIMIT 2000").fetchall()
    samples = []
    for analysis, body in rows:
        samples.append(unpack(conn, analysis))
        samples.append(unpack(conn, body)[:8192])
    random.Random(0).shuffle(samples)
    try:
        trained = zstandard.train_dictionary(DICT_SIZE, samples, level=LEVEL)
    except zstandard.ZstdError:
        return False  # too little material: keep going without one
    conn.execute("INSERT INTO dictionaries(id, data) VALUES (1, ?)", (trained.as_bytes(),))
    return True


def pack_original(data: bytes, body_raw: bytes) -> tuple[str, bytes]:
    if body_raw:
        cdict = zstandard.ZstdCompressionDict(body_raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        return ORIGINAL_ON_BODY, zstandard.ZstdCompressor(level=LEVEL, dict_data=cdict).compress(data)
    return ORIGINAL_PLAIN, zstandard.ZstdCompressor(level=LEVEL).compress(data)


def unpack_original(codec: str, blob: bytes, body_raw: bytes) -> bytes:
    if codec == ORIGINAL_ON_BODY:
        ddict = zstandard.ZstdCompressionDict(body_raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        return zstandard.ZstdDecompressor(dict_data=ddict).decompress(blob)
    if codec == ORIGINAL_PLAIN:
        return zstandard.ZstdDecompressor().decompress(blob)
    raise ValueError(f"unknown codec {codec!r}")
