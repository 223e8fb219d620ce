"""Where each mention and quotation of a text stands, for the sieve
(`attribute._Sieve`), in typed code: Cython's pure-Python mode, compiled by
`setup.py` like `beam.py`; plain Python where no build was made.

One walk over the mentions and quotations in text order replaces a
bisection per mention, and a look at the few characters before a mention
decides most of what a regex would (`_SUBJECT_BEFORE` runs only where those
cannot), so the answers are the regex's."""
from __future__ import annotations

import re
from bisect import bisect_left

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

# A mention opens its sentence (or a clause after a quotation), judged on the
# six characters before it: after a sentence's end, a closing mark, or
# `and`, `but`, `then`, `when`, `as`, `while` (`But Terry stopped`, too).
SUBJECT_BEFORE = re.compile(r"(?:[.!?…\n]['\"”’]?|[\"”’]|\b(?:[Aa]nd|[Bb]ut|[Tt]hen|[Ww]hen|[Aa]s|[Ww]hile|[Nn]ow|[Ss]o|[Yy]et))\s*$")


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
@cython.locals(pos=cython.Py_ssize_t, start=cython.Py_ssize_t, j=cython.Py_ssize_t, k=cython.Py_ssize_t,
               ch=cython.Py_UCS4)
def _opens_sentence(text: str, pos) -> cython.bint:
    """`SUBJECT_BEFORE` over text[pos - 6:pos]: it needs, before white space
    to the end, a line break, a sentence's end, a closing mark, or one of its
    joining words as a whole word."""
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
    if ch in "dtnsewo":
        # `\b(?:[Aa]nd|...)`: the word run ending at j, cut at `start` as the
        # regex's slice cuts it, is one of the joining words
        k = j
        while k >= start and (text[k].isalnum() or text[k] == '_'):
            k -= 1
        return j - k <= 5 and text[k + 1:j + 1] in _JOINING_WORDS
    return False


# SUBJECT_BEFORE's joining words, each capitalised too
_JOINING_WORDS = frozenset(w for word in ("and", "but", "then", "when", "as", "while", "now", "so", "yet")
                           for w in (word, word.capitalize()))


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


# A name spoken to is set off: before it the speech's start, punctuation or
# a word of address (`Oh`, `Hey`, `Dear`, `Well`, ...); after it punctuation
# or the speech's end.
VOCATIVE_BEFORE = re.compile(r"(?:^|[,!?.;:—–-]|\b(?:[Oo]h|[Hh]ey|[Hh]i|[Dd]ear|[Yy]es|[Nn]o|[Ww]ell|[Mm]y))\s*$")
VOCATIVE_AFTER = re.compile(r"\s*(?:[,!?.;:—–…-]|$)")


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(quote_count=cython.Py_ssize_t, mention_count=cython.Py_ssize_t, i=cython.Py_ssize_t,
               k=cython.Py_ssize_t, qstart=cython.Py_ssize_t, qend=cython.Py_ssize_t, mstart=cython.Py_ssize_t,
               mend=cython.Py_ssize_t)
def spoken_to(text: str, mention_starts: list, mention_ends: list, quote_starts: list, quote_ends: list) -> list:
    """(quotation, mention) for every mention that names someone spoken to
    in a quotation: set off by punctuation or the speech's edges, and not the
    whole speech (`"Joseph!"` answers a call, it does not make one)."""
    found: list = []
    quote_count = len(quote_starts)
    mention_count = len(mention_starts)
    for i in range(quote_count):
        qstart = quote_starts[i]
        qend = quote_ends[i]
        k = bisect_left(mention_starts, qstart, 0, mention_count)
        while k < mention_count:
            mstart = mention_starts[k]
            if mstart >= qend:
                break
            mend = mention_ends[k]
            if mstart <= qstart + 2:
                if _only_speech_edges(text, mend, qend):
                    k += 1
                    continue  # the whole speech is the name: an answer, not an address
                # (nothing before it but the speech's start)
            elif not _set_off_before(text, mstart - 12 if mstart - 12 > qstart + 1 else qstart + 1, mstart):
                k += 1
                continue
            if _set_off_after(text, mend, qend):
                found.append((i, k))
            k += 1
    return found


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, i=cython.Py_ssize_t)
def _only_speech_edges(text: str, start, end) -> cython.bint:
    """Is text[start:end] nothing but the marks, punctuation and space at
    the edges of a speech (or empty)?"""
    for i in range(start, end):
        if text[i] not in " ,.!?;:—–-\n\"'”’“‘":
            return False
    return True


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, j=cython.Py_ssize_t, ch=cython.Py_UCS4)
def _set_off_before(text: str, start, end) -> cython.bint:
    """`VOCATIVE_BEFORE` over text[start:end]: white space alone, or before
    white space to the end punctuation or a word ending as a word of
    address does (only those words go to the regex)."""
    j = end - 1
    while j >= start and text[j].isspace():
        j -= 1
    if j < start:
        return True
    ch = text[j]
    if ch in ",!?.;:—–-":
        return True
    if ch in "hyirsol":
        return VOCATIVE_BEFORE.search(text[start:end]) is not None
    return False


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, j=cython.Py_ssize_t)
def _set_off_after(text: str, start, end) -> cython.bint:
    """`VOCATIVE_AFTER.match(text, start, end)`: after white space,
    punctuation or the end."""
    if start > end:
        return False
    j = start
    while j < end and text[j].isspace():
        j += 1
    return j == end or text[j] in ",!?.;:—–…-"
