"""The character walks behind `tags.tag_before` and `tags.tag_after`, in
typed code (Cython's pure-Python mode, compiled by `setup.py` like
`layout_scan.py`; plain Python where no build was made): where the clause
leading into a quotation opens (after the last `layout.SENTENCE_END` match),
the last verb of saying in it (`tags._INTRO_VERB`'s last match), and where
the words after a quotation start (after `tags._LEAD`'s punctuation). Half the clauses hold no such verb, and
a regex search tries its trie at every letter a verb may start with; here
the words are read from the clause's end back, and only a word whose first
letter and length fit is looked up.

Each gives exactly what the regex it replaces gives
(`tests/test_dialogue_tag_scan.py` pins one to the other)."""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

if cython.compiled:
    from cython.cimports.ficarchive.dialogue.text_chars import word_char
else:
    from .text_chars import word_char

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(i=cython.Py_ssize_t, k=cython.Py_ssize_t, j=cython.Py_ssize_t, size=cython.Py_ssize_t)
def _title_before(text: str, i, title: str) -> cython.bint:
    """Does `title` stand as a whole word's opening right before text[i]
    (the look-behind `(?<!\\bMr.)` with the mark at i)?"""
    size = len(title)
    j = i - size
    if j < 0:
        return False
    for k in range(size):
        if text[j + k] != title[k]:
            return False
    return j == 0 or not word_char(text[j - 1])


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(i=cython.Py_ssize_t, ch=cython.Py_UCS4)
def _after_title(text: str, i) -> cython.bint:
    """Is the mark at text[i] a title's full stop (`Mr.`, `Mlle.`, `J.`)?
    SENTENCE_END's look-behinds: `.` there is the mark itself, whatever it is."""
    if i >= 1:
        ch = text[i - 1]
        if 'A' <= ch <= 'Z' and (i == 1 or not word_char(text[i - 2])):
            return True
    return (_title_before(text, i, "Mr") or _title_before(text, i, "Mrs") or _title_before(text, i, "Ms")
            or _title_before(text, i, "Dr") or _title_before(text, i, "St") or _title_before(text, i, "Mme")
            or _title_before(text, i, "Mlle"))


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, i=cython.Py_ssize_t, j=cython.Py_ssize_t,
               opened=cython.Py_ssize_t, ch=cython.Py_UCS4, text_after_break=cython.bint)
def clause_start(text: str, start, end, text_after_break=False) -> cython.Py_ssize_t:
    """Where the last sentence in text[start:end] opens: the end of the last
    `SENTENCE_END` match found from `start` (with `end` as the end of the
    text) that ends before `end`, or `start`. With `text_after_break`, a
    line break counts only where more than white space follows it before
    `end` (a mark's match always ends at more)."""
    opened = start
    i = start
    while i < end:
        ch = text[i]
        if ch == '\n':
            # (matched by itself: what follows is not read)
            if i + 1 < end and not (text_after_break and _only_space(text, i + 1, end)):
                opened = i + 1
        elif (ch == '.' or ch == '!' or ch == '?' or ch == '…') and not _after_title(text, i):
            # then a closing mark perhaps, white space, and more text
            j = i + 1
            if j < end:
                ch = text[j]
                if ch == "'" or ch == '"' or ch == '”' or ch == '’' or ch == ')':
                    j += 1
            if j < end and text[j].isspace():
                while j < end and text[j].isspace():
                    j += 1
                if j < end:
                    opened = j
                    i = j  # the next match starts after this one
                    continue
        i += 1
    return opened


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, i=cython.Py_ssize_t)
def _only_space(text: str, start, end) -> cython.bint:
    for i in range(start, end):
        if not text[i].isspace():
            return False
    return True


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, i=cython.Py_ssize_t)
def only_space(text: str, start, end) -> cython.bint:
    """Is text[start:end] nothing but white space (`not text[start:end].strip()`)?"""
    return _only_space(text, start, end)


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(lo=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t, i=cython.Py_ssize_t,
               word_end=cython.Py_ssize_t, shortest=cython.Py_ssize_t, longest=cython.Py_ssize_t,
               size=cython.Py_ssize_t)
def last_word_in(text: str, lo, start, end, words, initials: str, shortest, longest):
    """(start, end) of the last whole word of text[start:end] (a run of
    `\\w`, the text around that span unread) that starts at or after `lo`
    and is one of `words`, or None. `initials` holds every first letter of the words,
    `shortest` and `longest` their lengths: other words are not looked up."""
    i = end - 1
    while i >= lo:
        if not word_char(text[i]):
            i -= 1
            continue
        word_end = i + 1
        while i >= start and word_char(text[i]):
            i -= 1
        # text[i + 1:word_end] is a whole word
        if i + 1 < lo:
            return None
        size = word_end - i - 1
        if shortest <= size <= longest and text[i + 1] in initials and text[i + 1:word_end] in words:
            return i + 1, word_end
    return None


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, pos=cython.Py_ssize_t, ch=cython.Py_UCS4,
               last=cython.Py_UCS4)
def lead_end(text: str, start, end) -> cython.Py_ssize_t:
    """Where `tags._LEAD` (white space and punctuation) matched at `start`
    ends, before `end`; -1 if a blank line (`\\n\\n`) is in it."""
    pos = start
    last = ' '
    while pos < end:
        ch = text[pos]
        if ch == '\n':
            if last == '\n':
                return -1
        elif not (ch == ',' or ch == ';' or ch == ':' or ch == '!' or ch == '?' or ch == '.' or ch == '…'
                  or ch == '—' or ch == '–' or ch == '-' or ch.isspace()):
            break
        last = ch
        pos += 1
    return pos


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(pos=cython.Py_ssize_t, end=cython.Py_ssize_t)
def word_end(text: str, pos, end) -> cython.Py_ssize_t:
    """Where the run of `\\w` characters starting at `pos` ends, before `end`
    (`pos` itself where none starts there): the first word a tag's patterns
    can open with, read without a regex."""
    while pos < end and word_char(text[pos]):
        pos += 1
    return pos
