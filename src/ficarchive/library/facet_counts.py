"""Counting a large result's facet values in typed code (Cython's pure-Python mode, compiled by
`setup.py` like `dialogue/beam.py`; numpy where no build was made). numpy's bincount spends
4-5 ns on each of millions of small codes (it widens them first); the loop about one."""
from __future__ import annotations

import numpy as np

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


def count_rows(rows: np.ndarray, at: np.ndarray, values: int) -> np.ndarray:
    """How often each code 0 … values-1 appears in the rows `at` (int64) of `rows` (int32, C
    order; `values` pads a row)."""
    counts = np.zeros(values + 1, dtype=np.int64)
    if cython.compiled:
        _count(rows, at, counts)
    else:
        counts += np.bincount(rows[at].ravel(), minlength=values + 1)
    return counts[:values]


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
