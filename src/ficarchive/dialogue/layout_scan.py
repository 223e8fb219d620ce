"""The character walks behind `layout.py`, in typed code (Cython's
pure-Python mode, compiled by `setup.py` like `quote_scan.py`; plain Python
where no build was made): what `detect_layout` counts in a text's opening,
and where its paragraphs are, each in one pass over the characters instead
of a regex search that builds a match object for every find.

Each gives exactly what the regex it replaces gives (`layout.py` keeps the
patterns; `tests/test_dialogue_sieve_layout.py` pins one to the other)."""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _char(text: str, kind: cython.int, data: cython.p_void, p: cython.Py_ssize_t) -> cython.Py_UCS4:
    """text[p]: compiled, read straight from the string's buffer."""
    if cython.compiled:
        return PyUnicode_READ(kind, data, p)
    else:
        return text[p]


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(size=cython.Py_ssize_t, p=cython.Py_ssize_t, j=cython.Py_ssize_t, ch=cython.Py_UCS4,
               kind=cython.int, data=cython.p_void, spaces=cython.Py_ssize_t, lines=cython.Py_ssize_t,
               split=cython.Py_ssize_t, blanks=cython.Py_ssize_t)
def layout_counts(text: str, size) -> tuple:
    """Over text[:size]: how many spaces and line breaks, how many times
    punctuation stands alone between spaces (`_SPLIT_PUNCT`, ` , `) and how
    many blank lines part it (`_BLANK_LINE`), each counted as `findall`
    counts its matches: from left to right, none overlapping the one before."""
    if size > len(text):
        size = len(text)
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    spaces = lines = split = blanks = 0
    p = 0
    split_from = 0  # where `_SPLIT_PUNCT`'s next match may start
    blank_from = 0  # ... and `_BLANK_LINE`'s
    while p < size:
        ch = _char(text, kind, data, p)
        if ch == ' ':
            spaces += 1
            if p >= split_from and p + 2 < size and _char(text, kind, data, p + 2) == ' ' \
                    and _split_mark(_char(text, kind, data, p + 1)):
                split += 1
                split_from = p + 3
        elif ch == '\n':
            lines += 1
            if p >= blank_from:
                j = _blank_line_end(text, kind, data, p, size)
                if j > 0:
                    blanks += 1
                    blank_from = j
        p += 1
    return spaces, lines, split, blanks


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _split_mark(ch: cython.Py_UCS4) -> cython.bint:
    return ch == ',' or ch == '.' or ch == ';' or ch == ':' or ch == '!' or ch == '?'


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(j=cython.Py_ssize_t, ch=cython.Py_UCS4)
def _blank_line_end(text: str, kind: cython.int, data: cython.p_void, p: cython.Py_ssize_t,
                    end: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where `\\n[ \\t]*\\n\\s*` matched at p (a line break) ends, or 0 if it
    does not match there before `end`."""
    j = p + 1
    while j < end:
        ch = _char(text, kind, data, j)
        if ch != ' ' and ch != '\t':
            break
        j += 1
    if j >= end or _char(text, kind, data, j) != '\n':
        return 0
    j += 1
    while j < end and _char(text, kind, data, j).isspace():
        j += 1
    return j


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(blank_lines=cython.bint, size=cython.Py_ssize_t, p=cython.Py_ssize_t, j=cython.Py_ssize_t,
               pos=cython.Py_ssize_t, kind=cython.int, data=cython.p_void)
def paragraph_spans(text: str, blank_lines) -> list:
    """(start, end) of every paragraph: the text between the matches of
    `_BLANK_LINE` (blank_lines) or of `_LINE` (`\\n+`), as
    `Layout.paragraphs` reads them from `finditer`."""
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    size = len(text)
    spans: list = []
    pos = 0  # where the paragraph under way starts
    p = 0
    while p < size:
        p = text.find("\n", p)  # (a fast search: line breaks are few)
        if p < 0:
            break
        if blank_lines:
            j = _blank_line_end(text, kind, data, p, size)
            if j == 0:
                p += 1
                continue
        else:
            j = p + 1
            while j < size and _char(text, kind, data, j) == '\n':
                j += 1
        if p > pos:
            spans.append((pos, p))
        pos = j
        p = j
    if pos < size:
        spans.append((pos, size))
    return spans
