"""Flat arrays for the typed modules, filled from lists in a typed loop
(Cython's pure-Python mode, compiled by `setup.py` like `beam.py`; plain
Python where no build was made). `array("i", values)` parses each item
through the interpreter's argument parser, some 250 instructions an item;
here each is converted in C. A list with nothing in it gives one zero, so a
typed view of the array can always be made.

Each gives the array `array(code, values)` gives (`tests/test_dialogue_typed_arrays.py`)."""
from __future__ import annotations

from array import array

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.int[::1])
def ints(values: list):
    """array("i", values), C ints."""
    n = len(values)
    made = array("i", bytes(4 * (n if n else 1)))
    out = made
    for k in range(n):
        out[k] = values[k]
    return made


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.int[::1])
def flags(values: list):
    """array("i", [1 if v else 0 for v in values])."""
    n = len(values)
    made = array("i", bytes(4 * (n if n else 1)))
    out = made
    for k in range(n):
        out[k] = 1 if values[k] else 0
    return made


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.longlong[::1])
def longs(values: list):
    """array("q", values), C long longs."""
    n = len(values)
    made = array("q", bytes(8 * (n if n else 1)))
    out = made
    for k in range(n):
        out[k] = values[k]
    return made


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.double[::1])
def doubles(values: list):
    """array("d", values), C doubles."""
    n = len(values)
    made = array("d", bytes(8 * (n if n else 1)))
    out = made
    for k in range(n):
        out[k] = values[k]
    return made
