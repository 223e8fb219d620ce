"""A library's kept columns (columns.WorkColumns) saved in the user's cache folder.

Building them reads every work's row: seconds at a million works, which a one-off command
(`ficarchive search`) cannot afford, so it took the slower SQL path. Saved once per library
generation (db.mark_changed), they are mapped back in milliseconds by any later process; the
pages are shared between the processes and connections that map them, and copied on write.

One file per library, named by a hash of the library's path and id. A header (JSON) names the
library, the generation the columns were made from, and each array's dtype, shape and offset;
the arrays follow, each 64-byte aligned. The file is written whole to a temporary name and then
renamed over the old one, so a reader sees one file or the other, never half of one. Any trouble
(no cache folder, a full disk, another library's file, a file from an older generation, a
damaged file) and the columns are simply built from the library.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
import sqlite3
import struct
from pathlib import Path

import numpy as np

from ..cache import cache_dir
from .db import generation, library_id

_MAGIC = b"ficarchive columns 1\n"
_ALIGN = 64


def kept_file(conn: sqlite3.Connection, library: Path) -> Path | None:
    """Where this library's columns are saved, or None: caching is off."""
    folder = cache_dir("columns")
    if folder is None:
        return None
    name = f"{Path(library).resolve()}\n{library_id(conn) or ''}"
    return folder / (hashlib.blake2b(name.encode("utf-8"), digest_size=16).hexdigest() + ".columns")


def save(path: Path, stamp: dict, fields: dict) -> bool:
    """Write `fields` (arrays, tuples of arrays, JSON values) with `stamp` (what they were made
    from) to `path`; False when it could not be written."""
    arrays: list[tuple[str, np.ndarray]] = []
    values: dict = {}
    for name, value in fields.items():
        if isinstance(value, np.ndarray):
            arrays.append((name, value))
        elif isinstance(value, tuple) and all(isinstance(v, np.ndarray) for v in value):
            arrays += [(f"{name}.{i}", v) for i, v in enumerate(value)]
            values[name] = {"parts": len(value)}
        else:
            values[name] = {"value": value}
    layout, offset = {}, 0
    for name, array in arrays:
        layout[name] = [array.dtype.str, list(array.shape), offset]
        offset += _aligned(array.nbytes)
    header = json.dumps({"stamp": stamp, "arrays": layout, "values": values}).encode("utf-8")
    start = _aligned(len(_MAGIC) + 8 + len(header))  # where the arrays begin
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as out:
            out.write(_MAGIC + struct.pack("<Q", len(header)) + header)
            for name, array in arrays:
                out.seek(start + layout[name][2])
                out.write(np.ascontiguousarray(array).tobytes())
            out.truncate(start + offset)
        os.replace(part, path)
        return True
    except OSError:
        try:
            part.unlink(missing_ok=True)
        except OSError:  # no folder to have made it in
            pass
        return False


def load(path: Path | None, stamp: dict) -> dict | None:
    """The fields saved at `path` if they were made from `stamp`, else None."""
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    except (OSError, ValueError):  # no file, or an empty one
        return None
    try:
        if mapped[:len(_MAGIC)] != _MAGIC:
            return None
        (size,) = struct.unpack_from("<Q", mapped, len(_MAGIC))
        head = json.loads(bytes(mapped[len(_MAGIC) + 8:len(_MAGIC) + 8 + size]))
        if head["stamp"] != stamp:
            return None
        start = _aligned(len(_MAGIC) + 8 + size)
        arrays = {}
        for name, (dtype, shape, offset) in head["arrays"].items():
            count = int(np.prod(shape, dtype=np.int64))
            arrays[name] = (np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=start + offset)
                            .reshape(shape) if count else np.zeros(shape, dtype=np.dtype(dtype)))
        fields = {name: arrays.pop(name) for name in list(arrays) if "." not in name}
        for name, value in head["values"].items():
            fields[name] = (tuple(arrays[f"{name}.{i}"] for i in range(value["parts"])) if "parts" in value
                            else value["value"])
        return fields
    except (ValueError, KeyError, TypeError, struct.error):  # a damaged or truncated file
        return None


def _aligned(size: int) -> int:
    """`size` rounded up to a multiple of _ALIGN."""
    return -(-size // _ALIGN) * _ALIGN


def stamp_of(conn: sqlite3.Connection) -> dict:
    """What a library's columns are made from: its id and generation."""
    return {"library": library_id(conn), "generation": generation(conn)}
