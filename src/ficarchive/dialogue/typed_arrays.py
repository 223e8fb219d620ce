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

if cython.compiled:
    from cython.cimports.cpython import array as c_array

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

# Compiled, each array is written through a pointer to its own buffer: taking
# a typed view of it cost more than filling a short list (about 2,500
# instructions a call).

# Empty arrays of each type, cloned zeroed in C where compiled (a call through
# the interpreter to `array(code, bytes(size))` cost about 2,300 instructions).
_EMPTY = {"i": array("i"), "q": array("q"), "d": array("d")}


def zeros(code: str, n: cython.Py_ssize_t):
    """`n` zeros as array(code) (code: "i", "q" or "d")."""
    return _zeros(code, n)


@cython.cfunc
def _zeros(code: str, n: cython.Py_ssize_t):
    if cython.compiled:
        return c_array.clone(cython.cast(c_array.array, _EMPTY[code]), n, True)
    return array(code, bytes(_EMPTY[code].itemsize * n))


@cython.cfunc
@cython.exceptval(check=True)
def _buffer_of(values, code: cython.Py_UCS4) -> cython.p_void:
    """The items of `values`, which must be an array of type `code`: compiled,
    a pointer to its buffer, read in place (a typed view of an array cost
    some 3,000 instructions to take, more than the few items most callers
    read); in plain Python, the array itself. The caller holds `values`
    while it reads them."""
    if cython.compiled:
        if type(values) is not array or cython.cast(c_array.array, values).ob_descr.typecode != code:
            raise TypeError(f"an array({code!r}) expected")
        return cython.cast(c_array.array, values).data.as_voidptr
    return checked_array(values, code)


def checked_array(values, code: str):
    """`values`, which must be an array of type `code`: what `_buffer_of`
    gives in plain Python (where the typed modules import this one)."""
    if type(values) is not array or values.typecode != code:
        raise TypeError(f"an array({code!r}) expected")
    return values


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.p_int)
def ints(values: list):
    """array("i", values), C ints."""
    n = len(values)
    made = _zeros("i", n if n else 1)
    if cython.compiled:
        out = cython.cast(c_array.array, made).data.as_ints
        for k in range(n):
            out[k] = values[k]
    else:
        for k in range(n):
            made[k] = values[k]
    return made


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.p_int)
def flags(values: list):
    """array("i", [1 if v else 0 for v in values])."""
    n = len(values)
    made = _zeros("i", n if n else 1)
    if cython.compiled:
        out = cython.cast(c_array.array, made).data.as_ints
        for k in range(n):
            out[k] = 1 if values[k] else 0
    else:
        for k in range(n):
            made[k] = 1 if values[k] else 0
    return made


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.p_longlong)
def longs(values: list):
    """array("q", values), C long longs."""
    n = len(values)
    made = _zeros("q", n if n else 1)
    if cython.compiled:
        out = cython.cast(c_array.array, made).data.as_longlongs
        for k in range(n):
            out[k] = values[k]
    else:
        for k in range(n):
            made[k] = values[k]
    return made


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.p_double)
def doubles(values: list):
    """array("d", values), C doubles."""
    n = len(values)
    made = _zeros("d", n if n else 1)
    if cython.compiled:
        out = cython.cast(c_array.array, made).data.as_doubles
        for k in range(n):
            out[k] = values[k]
    else:
        for k in range(n):
            made[k] = values[k]
    return made
