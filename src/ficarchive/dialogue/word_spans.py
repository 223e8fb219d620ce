"""Where a few names occur as whole words, in typed code (Cython's
pure-Python mode, compiled by `setup.py` like `beam.py`).

A story's own cast, and the heads of its members' descriptions, are new in
every story: `mentions.whole_word_spans` finds them with `str.find` rather
than compile a pattern for each story, and its loop over the places found
cost about 5,000 instructions a name as Python. The same loop here reads the
edges with the same rules (`isalnum`, through the same Unicode tables).
"""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _word_or_hyphen(ch: cython.Py_UCS4) -> cython.bint:
    return ch == "_" or ch == "-" or ch.isalnum()


@cython.boundscheck(False)
@cython.wraparound(False)
def whole_word_spans(text: str, forms) -> list:
    """(start, end) of every form as a whole word (no letter, digit, `_` or
    `-` on either side), leftmost first, the longest where several start at
    one place, none overlapping the one before: what
    `mentions.whole_words_pattern(forms).finditer(text)` finds."""
    found: list = []
    size: cython.Py_ssize_t = len(text)
    width: cython.Py_ssize_t
    at: cython.Py_ssize_t
    end: cython.Py_ssize_t
    reached: cython.Py_ssize_t = 0
    form: str
    for form in forms:
        if not form:
            continue
        width = len(form)
        at = text.find(form)
        while at >= 0:
            end = at + width
            if (at == 0 or not _word_or_hyphen(text[at - 1])) and (end == size or not _word_or_hyphen(text[end])):
                found.append((at, -width))  # (sorted: leftmost, then longest)
            at = text.find(form, at + 1)
    found.sort()
    spans: list = []
    for at, width in found:
        if at >= reached:
            reached = at - width
            spans.append((at, reached))
    return spans
