"""The library's hot loops in typed code (Cython's pure-Python mode, compiled by `setup.py` like
`dialogue/beam.py`; numpy where no build was made):

* counting a large result's facet values: numpy's bincount spends 4-5 ns on each of millions
  of small codes (it widens them first); the loop counts each row into one of four tables in
  turn, so the works in a row that share a value (a fandom, a rating) do not each wait for the
  last one's add to land: 2 -> 0.5 ns a code;
* adding a common word's block of counts into a search's array: one pass over the block's
  bitmap instead of numpy's four (unpack, mask, add, scatter), 0.6 -> 0.15 ms a block of
  65,536 works;
* FTS5's bm25 of a word over a large result: one pass instead of eight (4 -> 1 ms for half a
  million works), with the same operations in the same order, so the same doubles (setup.py
  keeps the C compiler from fusing a multiply and an add); each work's length term is computed
  once per library version, not once per word and search.
"""
from __future__ import annotations

import numpy as np

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python
Code = cython.fused_type(cython.ushort, cython.int)  # a table of rows holds 16-bit codes when they fit
_TABLES = 4  # counting tables used in turn (count_rows)
ESCAPE = 255  # a held count of this or more is in the block's extras (common_words.encode)


def count_rows(rows: np.ndarray, at: np.ndarray, codes: int) -> np.ndarray:
    """How often each code 0 … codes-1 appears in the rows `at` (int64) of `rows` (uint16 or
    int32, C order; every code in them below `codes`)."""
    if cython.compiled:
        tables = np.zeros((_TABLES, codes), dtype=np.uint32)  # a table's count stays below 2**32:
        _count(rows, at, tables)                                # a quarter of the rows, 16 codes each
        counts = tables.sum(axis=0, dtype=np.int64)
    else:
        counts = np.bincount(rows[at].ravel(), minlength=codes).astype(np.int64)
    return counts


def add_block(out: np.ndarray, start: int, bitmap: bytes, held: bytes, extras: np.ndarray) -> None:
    """Add a block's counts into `out` (uint32) from `start` on: `bitmap` has a bit per work
    (most significant first) set where the word is, `held` a byte per such work (its count less
    one, or ESCAPE), `extras` (offset, count) rows for the escaped ones. Past `out`'s end is cut."""
    bits = np.frombuffer(bytearray(bitmap), dtype=np.uint8)  # writable: typed views take no read-only buffer
    small = np.frombuffer(bytearray(held) + b"\0", dtype=np.uint8)  # padded: the typed loop reads one past
    if cython.compiled:
        _add(out, start, bits, small)
    else:
        present = np.unpackbits(bits).view(bool)
        values = np.zeros(len(present), dtype=np.uint32)
        held = small[:-1]
        values[present] = held
        values += present
        values[present.nonzero()[0][held == ESCAPE]] = 0
        end = min(len(out), start + len(values))
        if end > start:
            out[start:end] += values[:end - start]
    inside = start + extras[:, 0].astype(np.int64) < len(out)
    np.add.at(out, start + extras[inside, 0].astype(np.int64), extras[inside, 1])


def length_norms(length: np.ndarray, avgdl: float, k1: float, b: float) -> np.ndarray:
    """Each work's part of bm25's denominator, k1 * (1 - b + b * length / avgdl), as fts5_aux.c
    computes it (numpy's elementwise doubles are C's, operation for operation): the same for every
    word of every search until the library changes, so it is computed once."""
    return k1 * ((1 - b) + (b * length.astype(np.float64)) / avgdl)


def add_bm25(score: np.ndarray, count: np.ndarray, at: np.ndarray, norm: np.ndarray, idf: float, k1: float) -> None:
    """score[i] += FTS5's bm25 term for the work at position at[i]: its weighted count of the
    word count[at[i]] and its length's norm[at[i]] (`length_norms`; fts5_aux.c, operation for
    operation)."""
    if cython.compiled:
        _bm25(score, np.ascontiguousarray(count, dtype=np.uint32), np.ascontiguousarray(at, dtype=np.int64),
              np.ascontiguousarray(norm, dtype=np.float64), idf, k1)
    else:
        freq = count[at].astype(np.float64)
        score += idf * ((freq * (k1 + 1.0)) / (freq + norm[at]))


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
def _bm25(score: cython.double[::1], count: cython.uint[::1], at: cython.longlong[::1], norm: cython.double[::1],
          idf: cython.double, k1: cython.double) -> None:
    i: cython.Py_ssize_t
    freq: cython.double
    for i in range(at.shape[0]):
        freq = count[at[i]]
        score[i] = score[i] + idf * ((freq * (k1 + 1.0)) / (freq + norm[at[i]]))


@cython.boundscheck(False)
@cython.wraparound(False)
def _count(rows: Code[:, ::1], at: cython.longlong[::1], tables: cython.uint[:, ::1]) -> None:
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    row: cython.longlong
    table: cython.Py_ssize_t
    width: cython.Py_ssize_t = rows.shape[1]
    for i in range(at.shape[0]):
        row = at[i]
        table = i & 3  # of the _TABLES
        for j in range(width):
            tables[table, rows[row, j]] += 1


@cython.boundscheck(False)
@cython.wraparound(False)
def _add(out: cython.uint[::1], start: cython.Py_ssize_t, bits: cython.uchar[::1], small: cython.uchar[::1]) -> None:
    """Branch-free over the bits (a dense word's are half set, at random: a branch per bit
    mispredicts every other time); `small` has one byte of padding past its last."""
    i: cython.Py_ssize_t
    j: cython.int
    k: cython.Py_ssize_t = 0
    at: cython.Py_ssize_t
    byte: cython.uint
    bit: cython.uint
    held: cython.uint
    size: cython.Py_ssize_t = out.shape[0]
    end: cython.Py_ssize_t = min(bits.shape[0], (size - start + 7) // 8) if size > start else 0
    for i in range(end):
        byte = bits[i]
        if byte == 0:
            continue
        at = start + i * 8
        if at + 8 <= size:
            for j in range(8):
                bit = (byte >> (7 - j)) & 1
                held = small[k]
                out[at + j] += bit * (held + 1) * (held != 255)
                k += bit
        else:
            for j in range(8):
                bit = (byte >> (7 - j)) & 1
                held = small[k]
                if at + j < size:
                    out[at + j] += bit * (held + 1) * (held != 255)
                k += bit
