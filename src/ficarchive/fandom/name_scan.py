"""The name finder's walk over a story's capitalised words, in typed code
(Cython's pure-Python mode, compiled by `setup.py` like `dialogue/beam.py`).

`names.NameFinder` looks every capitalised word up in its index of known
forms: a story has tens of thousands of them (`I`, `He`, `The`, `Mulder`),
and a Python loop over a regex's matches spent about 1,000 instructions on
each. Here the words are found by reading the characters with the same
rules as `names._CAPITALISED` and `names._NEXT_WORD` (`\\w` and `\\s` as the
regex engine reads them, through the same Unicode tables), so the hits are
the same, in the same order. Where no build was made, `names` keeps its
regex loop and this file is not used (it would be slower as plain Python).
"""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

if cython.compiled:
    from cython.cimports.ficarchive.dialogue.text_chars import char_at, word_char
else:
    from ..dialogue.text_chars import char_at, word_char

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _word_or_dash(ch: cython.Py_UCS4) -> cython.bint:
    return ch == "-" or word_char(ch)


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _apostrophe(ch: cython.Py_UCS4) -> cython.bint:
    return ch == "'" or ch == "\u2019"


@cython.cfunc
@cython.exceptval(-1, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _token_end(text: str, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Where a capitalised word opened before `k` ends: `[\\w-]*(?:['’](?![sS]\\b)[\\w-]+)*`."""
    m: cython.Py_ssize_t
    while k < n and _word_or_dash(char_at(text, k)):
        k += 1
    while k < n and _apostrophe(char_at(text, k)):
        if k + 1 < n and (char_at(text, k + 1) == "s" or char_at(text, k + 1) == "S") \
                and (k + 2 >= n or not word_char(char_at(text, k + 2))):
            break  # a possessive `'s` is not part of the word
        m = k + 1
        while m < n and _word_or_dash(char_at(text, m)):
            m += 1
        if m == k + 1:
            break
        k = m
    return k


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _next_word(text: str, k: cython.Py_ssize_t, n: cython.Py_ssize_t):
    """The word after `k` past spaces and full stops (`[\\s.]+([\\w'’-]+)`), or None."""
    start: cython.Py_ssize_t
    ch: cython.Py_UCS4
    start = k
    while k < n:
        ch = char_at(text, k)
        if not (ch == "." or ch.isspace()):
            break
        k += 1
    if k == start:
        return None
    start = k
    while k < n:
        ch = char_at(text, k)
        if not (_word_or_dash(ch) or _apostrophe(ch)):
            break
        k += 1
    if k == start:
        return None
    return text[start:k]


@cython.boundscheck(False)
@cython.wraparound(False)
def capitalised_forms(text: str, index: dict, bounded) -> tuple:
    """As `NameFinder._latin`: every known form that opens on a capitalised
    word, longest first, none overlapping, as (start, end, surface, senses,
    a_word); and whether the text has a CJK character (`names._CJK`), which
    the same reading finds for nothing. `index` maps a form's first
    capitalised word to (one-word entries, {next word: longer entries});
    `bounded(text, start, end)` checks a longer form's edges."""
    found: list = []
    n: cython.Py_ssize_t = len(text)
    i: cython.Py_ssize_t = -1
    j: cython.Py_ssize_t = 0  # where the last word read ends: the scan goes on from there
    start: cython.Py_ssize_t
    end: cython.Py_ssize_t
    taken: cython.Py_ssize_t = 0  # end of the last hit: forms do not overlap
    ch: cython.Py_UCS4
    before: cython.Py_UCS4 = "\x00"  # (none: the text's start)
    cjk: cython.bint = False
    longer: dict
    for ch in text:  # (Cython reads a str's characters in a C loop)
        i += 1
        if ch >= "\u3040" and not cjk:
            cjk = ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
        if i < j or not (("A" <= ch <= "Z") or ("\u00C0" <= ch <= "\u00DE")) \
                or _word_or_dash(before) or _apostrophe(before):
            before = ch
            continue
        before = ch
        j = _token_end(text, i + 1, n)
        if i >= taken:
            token = text[i:j]
            node = index.get(token)
            if node is not None:
                singles = node[0]
                longer = node[1]
                more = None
                if longer:
                    second = _next_word(text, j, n)
                    if second is not None:
                        more = longer.get(second)
                for candidates in (more, singles):
                    if candidates is None:
                        continue
                    end = -1
                    for entry in candidates:
                        variant = entry[0]
                        start = i - entry[1]
                        if start < taken:
                            continue
                        if variant == token:  # the whole word, so bounded by construction
                            end = j
                        elif text.startswith(variant, start) and bounded(text, start, start + len(variant)):
                            end = start + len(variant)
                        else:
                            continue
                        found.append((start, end, entry[2], entry[3], entry[4]))
                        taken = end
                        break
                    if end >= 0:
                        break
    return found, cjk


@cython.boundscheck(False)
@cython.wraparound(False)
def occurs_as_word(text: str, word: str) -> cython.bint:
    """As `names.occurs_as_word` (a non-empty `word`): `word` in `text` with
    no letter, digit, `_` or `'` before it and no letter, digit or `_` after
    it, every place it occurs read by hand."""
    width: cython.Py_ssize_t = len(word)
    size: cython.Py_ssize_t = len(text)
    at: cython.Py_ssize_t = text.find(word)
    end: cython.Py_ssize_t
    while at >= 0:
        end = at + width
        if (at == 0 or not (word_char(char_at(text, at - 1)) or char_at(text, at - 1) == "'")) \
                and (end == size or not word_char(char_at(text, end))):
            return True
        at = text.find(word, at + 1)
    return False
