"""The library's hot loops in typed code (Cython's pure-Python mode, compiled by `setup.py` like
`dialogue/beam.py`; numpy where no build was made):

* counting a large result's facet values: numpy's bincount spends 4-5 ns on each of millions
  of small codes (it widens them first), the loop about one;
* adding a common word's block of counts into a search's array: one pass over the block's
  bitmap instead of numpy's four (unpack, mask, add, scatter), 0.6 -> 0.15 ms a block of
  65,536 works;
* FTS5's bm25 of a word over a large result: one pass instead of eight (4 -> 1 ms for half a
  million works), with the same operations in the same order, so the same doubles (setup.py
  keeps the C compiler from fusing a multiply and an add).
"""
from __future__ import annotations

import numpy as np

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python
ESCAPE = 255  # a held count of this or more is in the block's extras (common_words.encode)


def count_rows(rows: np.ndarray, at: np.ndarray, values: int) -> np.ndarray:
    """How often each code 0 … values-1 appears in the rows `at` (int64) of `rows` (int32, C
    order; `values` pads a row)."""
    counts = np.zeros(values + 1, dtype=np.int64)
    if cython.compiled:
        _count(rows, at, counts)
    else:
        counts += np.bincount(rows[at].ravel(), minlength=values + 1)
    return counts[:values]


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


def add_bm25(score: np.ndarray, count: np.ndarray, at: np.ndarray, length: np.ndarray, idf: float, avgdl: float,
             k1: float, b: float) -> None:
    """score[i] += FTS5's bm25 term for the work at position at[i]: its weighted count of the
    word count[at[i]] and its length in tokens length[at[i]] (fts5_aux.c, operation for operation)."""
    if cython.compiled:
        _bm25(score, np.ascontiguousarray(count, dtype=np.uint32), np.ascontiguousarray(at, dtype=np.int64),
              np.ascontiguousarray(length, dtype=np.int64), idf, avgdl, k1, b)
    else:
        freq = count[at].astype(np.float64)
        score += idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * length[at].astype(np.float64) / avgdl)))


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
def _bm25(score: cython.double[::1], count: cython.uint[::1], at: cython.longlong[::1], length: cython.longlong[::1],
          idf: cython.double, avgdl: cython.double, k1: cython.double, b: cython.double) -> None:
    i: cython.Py_ssize_t
    freq: cython.double
    size: cython.double
    for i in range(at.shape[0]):
        freq = count[at[i]]
        size = length[at[i]]
        score[i] = score[i] + idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * size / avgdl)))


@cython.boundscheck(False)
@cython.wraparound(False)
def _count(rows: cython.int[:, ::1], at: cython.longlong[::1], counts: cython.longlong[::1]) -> None:
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    row: cython.longlong
    width: cython.Py_ssize_t = rows.shape[1]
    for i in range(at.shape[0]):
        row = at[i]
        for j in range(width):
            counts[rows[row, j]] += 1


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
