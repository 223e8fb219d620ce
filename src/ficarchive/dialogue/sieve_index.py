"""Where each mention and quotation of a text stands, for the sieve
(`attribute._Sieve`), in typed code: Cython's pure-Python mode, compiled by
`setup.py` like `beam.py`; plain Python where no build was made.

One walk over the mentions and quotations in text order replaces a
bisection per mention, and a look at the few characters before a mention
decides most of what a regex would (`_SUBJECT_BEFORE` runs only where those
cannot), so the answers are the regex's."""
from __future__ import annotations

import re

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

# A mention opens its sentence (or a clause after a quotation), judged on the
# six characters before it: after a sentence's end, a closing mark, or
# `and`, `but`, `then`, `when`, `as`, `while`.
SUBJECT_BEFORE = re.compile(r"(?:[.!?…\n]['\"”’]?|[\"”’]|\b(?:and|but|then|when|as|while))\s*$")


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, quote_count=cython.Py_ssize_t, k=cython.Py_ssize_t,
               q=cython.Py_ssize_t, pos=cython.Py_ssize_t, inside=cython.bint, subject=cython.bint)
def mention_places(text: str, starts: list, quote_starts: list, quote_ends: list) -> tuple:
    """For mentions starting at `starts` (ascending) and quotations sorted by
    start: (whether each is inside a quotation, whether it opens its
    sentence, how much it keeps its character in view: double as a
    sentence's subject, half inside speech), three lists by mention."""
    count = len(starts)
    quote_count = len(quote_starts)
    in_quote: list = [False] * count
    subjects: list = [False] * count
    weights: list = [1.0] * count
    q = -1  # the last quotation starting at or before the mention
    for k in range(count):
        pos = starts[k]
        while q + 1 < quote_count and quote_starts[q + 1] <= pos:
            q += 1
        inside = q >= 0 and quote_starts[q] <= pos < quote_ends[q]
        subject = pos == 0 or _opens_sentence(text, pos)
        in_quote[k] = inside
        subjects[k] = subject
        weights[k] = (2.0 if subject else 1.0) * (0.5 if inside else 1.0)
    return in_quote, subjects, weights


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(pos=cython.Py_ssize_t, start=cython.Py_ssize_t, j=cython.Py_ssize_t, ch=cython.Py_UCS4)
def _opens_sentence(text: str, pos) -> cython.bint:
    """`SUBJECT_BEFORE` over text[pos - 6:pos]: it needs, before white space
    to the end, a line break, a sentence's end, a closing mark, or a word
    ending in d, t, n, s or e; only the words go to the regex."""
    start = pos - 6 if pos > 6 else 0
    j = pos - 1
    while j >= start:
        ch = text[j]
        if not ch.isspace():
            break
        if ch == "\n":
            return True
        j -= 1
    if j < start:
        return False
    ch = text[j]
    if ch in ".!?…\"”’":
        return True
    if ch == "'":
        return j > start and text[j - 1] in ".!?…\n"
    if ch in "dtnse":
        return SUBJECT_BEFORE.search(text[start:pos]) is not None
    return False


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, paragraph_count=cython.Py_ssize_t, k=cython.Py_ssize_t,
               p=cython.Py_ssize_t, pos=cython.Py_ssize_t)
def paragraph_of_each(starts: list, paragraph_starts: list) -> list:
    """The paragraph each of `starts` (ascending) falls in: the last one
    starting at or before it (0 where paragraphs are not known)."""
    count = len(starts)
    paragraph_count = len(paragraph_starts)
    out: list = [0] * count
    if not paragraph_count:
        return out
    p = -1
    for k in range(count):
        pos = starts[k]
        while p + 1 < paragraph_count and paragraph_starts[p + 1] <= pos:
            p += 1
        out[k] = p
    return out
