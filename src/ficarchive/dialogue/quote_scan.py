"""A text's quotation marks, each classified by its shape and neighbours
(`quotes.find_quotes` reads them), in typed code: Cython's pure-Python mode,
compiled by `setup.py` like `beam.py`; plain Python where no build was made.

Compiled, one pass over the characters as C integers finds the marks (a
regex scan costs more per character than the whole classification); as
Python, the regex `MARKS` finds them. Either way each mark is classified by
the same code, with the same answers: rules in `quotes.py`'s docstring."""
from __future__ import annotations

import re

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

from .lexicon import ELISION, PRONOUN_GENDER, SPEECH_VERBS
from .typed_arrays import flags, ints, longs

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

DOUBLE, SINGLE = "d", "s"
# A mark's direction, as C constants of the compiled code (WEAK: a lone mark between two words).
OPEN = cython.declare(cython.int, 1)
CLOSE = cython.declare(cython.int, 2)
EITHER = cython.declare(cython.int, 3)
WEAK = cython.declare(cython.int, 4)
MARKS = re.compile("[\"“”„‟«»'‘’‚‛]")
_LAST_WORD = re.compile(r"([a-z]+) $")


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
@cython.locals(ch=cython.Py_UCS4)
def _is_mark(ch) -> cython.bint:
    return ch in "\"“”„‟«»'‘’‚‛"


@cython.cfunc
@cython.locals(ch=cython.Py_UCS4)
def _before_open(ch) -> cython.bint:
    """What may stand before an opening mark."""
    return ch in " \t\n([{—–-/\u00a0"


@cython.cfunc
@cython.locals(ch=cython.Py_UCS4)
def _after_close(ch) -> cython.bint:
    """What may follow a closing mark."""
    return ch in " \t\n.,;:!?)]}—–-…\u00a0"


@cython.locals(n=cython.Py_ssize_t, i=cython.Py_ssize_t, tokenized=cython.bint, ch=cython.Py_UCS4)
def classified_marks(text: str, tokenized) -> list:
    """(offset, kind, direction) for every quotation mark that is not an apostrophe."""
    out: list = []
    n = len(text)
    if cython.compiled:
        i = 0
        for ch in text:  # (C reads the characters straight from the string)
            if _is_mark(ch):
                _classify(text, i, n, tokenized, out)
            i += 1
    else:
        for m in MARKS.finditer(text):
            _classify(text, m.start(), n, tokenized, out)
    return out


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(i=cython.Py_ssize_t, n=cython.Py_ssize_t, tokenized=cython.bint, ch=cython.Py_UCS4,
               prev=cython.Py_UCS4, nxt=cython.Py_UCS4, single=cython.bint)
def _classify(text: str, i, n, tokenized, out: list) -> cython.int:
    ch = text[i]
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < n else "\n"
    if ch in "“„‟«‘‚‛":  # curly and angled openers
        single = ch in "‘‚‛"
        if single and (prev.isalnum() or _elision(text, i + 1, n, tokenized)):
            return 0  # ‘em, ‘til: an apostrophe typed the wrong way round
        out.append((i, SINGLE if single else DOUBLE, OPEN))
        return 0
    if ch in "”»’":
        single = ch == "’"
        if single and not _single_can_close(text, i, n, prev, nxt, tokenized):
            if prev.isalnum() or not nxt.isspace():
                return 0
        out.append((i, SINGLE if single else DOUBLE, CLOSE))
        return 0
    single = ch == "'"
    if single and tokenized and _between_words(text, i, n):
        # `said ' Poor child ! '` opens a speech; else goin ' de way, or the ' walk in ' was
        out.append((i, SINGLE, OPEN if _after_speech_verb(text, i) else WEAK))
        return 0
    if single:
        if prev.isalnum() and nxt.isalnum():
            return 0  # don't
        if nxt.isalnum() and (tokenized or _elision(text, i + 1, n, tokenized)):
            return 0  # 've, 's, n't as tokens; 'em, 'tis
        if not tokenized and not _single_can_close(text, i, n, prev, nxt, tokenized) and prev.isalnum():
            return 0  # the Smiths' dogs
    out.append((i, SINGLE if single else DOUBLE, _flanking(prev, nxt, single)))
    return 0


@cython.cfunc
@cython.locals(i=cython.Py_ssize_t, n=cython.Py_ssize_t, tokenized=cython.bint)
def _elision(text: str, i, n, tokenized) -> cython.bint:
    if tokenized and i < n and text[i].isalnum():
        return True  # tokenized text splits quote marks off; a mark glued to letters is a contraction
    return ELISION.match(text, i) is not None


@cython.cfunc
@cython.locals(i=cython.Py_ssize_t, n=cython.Py_ssize_t, prev=cython.Py_UCS4, nxt=cython.Py_UCS4,
               tokenized=cython.bint)
def _single_can_close(text: str, i, n, prev, nxt, tokenized) -> cython.bint:
    if prev.isalnum() and nxt.isalnum():
        return False  # don’t
    if tokenized:
        return nxt.isspace() or i + 1 == n
    if prev in "sSnN" and nxt == " " and i + 2 < n and text[i + 2].islower():
        return False  # the Smiths’ dogs, goin’ home
    return _after_close(nxt)


@cython.cfunc
@cython.locals(prev=cython.Py_UCS4, nxt=cython.Py_UCS4, single=cython.bint, before_open=cython.bint,
               after_close=cython.bint)
def _flanking(prev, nxt, single) -> cython.int:
    before_open = _before_open(prev)
    after_close = _after_close(nxt) or nxt == '"' or nxt == "'"
    if before_open and not nxt.isspace() and not after_close:
        return OPEN
    if not prev.isspace() and after_close and not before_open:
        return CLOSE
    if single and prev.isalnum() and nxt.isspace():
        return CLOSE  # a straight single mark after a word: closer or possessive, never opener
    return EITHER


@cython.cfunc
@cython.locals(i=cython.Py_ssize_t, n=cython.Py_ssize_t)
def _between_words(text: str, i, n) -> cython.bint:
    return i >= 2 and i + 3 <= n and text[i - 2].isalnum() and text[i + 2].isalnum() \
        and text[i - 1] == " " and text[i + 1] == " "


def _after_speech_verb(text: str, i: int) -> bool:
    m = _LAST_WORD.search(text, max(0, i - 16), i)
    return m is not None and m.group(1) in SPEECH_VERBS


@cython.locals(j=cython.Py_ssize_t, pos=cython.Py_ssize_t, direction=cython.int, double=cython.Py_ssize_t,
               single=cython.Py_ssize_t, ch=cython.Py_UCS4)
def dialogue_style(text: str, marks: list):
    """The kind of mark the text's dialogue is in: the kind that most often
    stands where dialogue marks stand, after punctuation or at a line start
    (apostrophes follow words); None without marks."""
    if not marks:
        return None
    double = single = 0
    for pos, kind, direction in marks:
        if direction == WEAK:
            continue
        j = pos - 1
        while j >= 0:
            ch = text[j]
            if ch != " " and ch != "\t":
                break
            j -= 1
        if j < 0 or not text[j].isalnum():
            if kind == DOUBLE:
                double += 1
            else:
                single += 1
    # Double marks are never apostrophes, so they need fewer to win.
    return DOUBLE if double * 2 >= single else SINGLE


_NEXT_WORDS = re.compile(r"[ \t]*([a-z]+)(?:[ \t]+([a-z]+))?")


@cython.cclass
class Scanner:
    """Pairs the marks into quotations, paragraph by paragraph (the rules in
    `quotes.py`'s docstring): marks as flat arrays, kinds as 1 for single
    and 0 for double."""
    text: str
    n: cython.Py_ssize_t
    tokenized: cython.bint
    style: cython.int
    count: cython.Py_ssize_t
    positions: cython.longlong[::1]
    single: cython.int[::1]
    direction: cython.int[::1]
    quotes: list
    last_kind: cython.int  # of the last quotation kept, -1 before any

    @cython.locals(k=cython.Py_ssize_t)
    def __init__(self, text: str, tokenized, marks: list, style: str):
        self.text = text
        self.n = len(text)
        self.tokenized = tokenized
        self.style = 1 if style == SINGLE else 0
        self.count = len(marks)
        self.positions = longs([m[0] for m in marks])
        self.single = flags([m[1] == SINGLE for m in marks])
        self.direction = ints([m[2] for m in marks])
        self.quotes = []
        self.last_kind = -1

    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(k=cython.Py_ssize_t, p=cython.Py_ssize_t, paragraph_count=cython.Py_ssize_t,
                   pstart=cython.Py_ssize_t, pend=cython.Py_ssize_t, pos=cython.Py_ssize_t,
                   open_at=cython.Py_ssize_t, open_kind=cython.int, kind=cython.int, direction=cython.int,
                   first=cython.bint, at_start=cython.bint)
    def run(self, paragraphs: list) -> list:
        """(start, end) of every quotation, in order."""
        k = 0
        open_at = -1  # offset of the open quotation's first mark, -1 when none
        open_kind = -1
        paragraph_count = len(paragraphs)
        for p in range(paragraph_count):
            pstart, pend = paragraphs[p]
            while k < self.count and self.positions[k] < pstart:
                k += 1
            first = True
            while k < self.count and self.positions[k] < pend:
                pos = self.positions[k]
                kind = self.single[k]
                direction = self.direction[k]
                k += 1
                at_start = first and _blank(self.text, pstart, pos)
                first = False
                if direction == WEAK:
                    if self._weak_toggles(k, pos, open_at):
                        if open_at < 0:
                            open_at, open_kind = pos, kind
                        else:
                            self._close(open_at, pos + 1, open_kind, True)
                            open_at = -1
                    continue
                if open_at < 0:
                    if direction == EITHER and self._tag_follows(pos) and self._reopen_last(pos, kind):
                        continue
                    if direction != CLOSE:
                        open_at, open_kind = pos, kind
                    continue
                if kind != open_kind:
                    if open_kind != self.style and direction != CLOSE:
                        # The text's dialogue mark inside a quotation in the other
                        # kind: that "quotation" was an apostrophe after all.
                        open_at, open_kind = pos, kind
                    continue  # else a nested quotation (or an apostrophe) inside the open one
                if at_start and direction != CLOSE and open_at < pstart:
                    continue  # the speech goes on in a new paragraph
                if direction == OPEN and not self.tokenized:
                    # An opening mark inside an open quotation: the previous one lacked its closer.
                    self._close(open_at, self._trim(open_at, pos), open_kind, True)
                    open_at = pos
                    continue
                self._close(open_at, pos + 1, open_kind, True)
                open_at = -1
            if open_at >= 0 and not self._continues(paragraphs, p, open_kind):
                self._close(open_at, self._trim(open_at, pend), open_kind, False)
                open_at = -1
        if open_at >= 0:
            self._close(open_at, self._trim(open_at, self.n), open_kind, False)
        return self.quotes

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(pos=cython.Py_ssize_t, i=cython.Py_ssize_t, ch=cython.Py_UCS4)
    def _tag_follows(self, pos) -> cython.bint:
        i = pos + 1
        while i < self.n:
            ch = self.text[i]
            if ch != " " and ch != "\t":
                break
            i += 1
        if i >= self.n or not 97 <= ord(self.text[i]) <= 122:
            return False  # no lower-case word follows: the pattern cannot match
        m = _NEXT_WORDS.match(self.text, pos + 1)
        if not m:
            return False
        first, second = m.group(1), m.group(2)
        return first in SPEECH_VERBS or (first in PRONOUN_GENDER and second in SPEECH_VERBS)

    @cython.cfunc
    @cython.locals(pos=cython.Py_ssize_t, kind=cython.int, end=cython.Py_ssize_t, ch=cython.Py_UCS4)
    def _reopen_last(self, pos, kind) -> cython.bint:
        """A mark that can only close (a speech tag follows it) met while no
        quotation is open: the mark that closed the last quotation opened
        this one instead, and the last "quotation" was narration."""
        if not self.quotes or self.last_kind != kind:
            return False
        end = self.quotes[-1][1]
        ch = self.text[end - 1]
        if (ch != '"' and ch != "'") or self.text.find("\n\n", end, pos) >= 0:
            return False
        self.quotes[-1] = (end - 1, pos + 1)
        return True

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(k=cython.Py_ssize_t, pos=cython.Py_ssize_t, open_at=cython.Py_ssize_t,
                   line_end=cython.Py_ssize_t, strong=cython.Py_ssize_t, next_weak=cython.Py_ssize_t,
                   j=cython.Py_ssize_t)
    def _weak_toggles(self, k, pos, open_at) -> cython.bint:
        """A lone single mark between words in tokenized text is an elision
        (goin ' home) or ends a short quotation (the ' walk in ' was). Count it
        only where the marks left on its line still pair up without it: it
        closes a quotation opened on its own line, or opens one that the next
        lone mark closes."""
        line_end = self.text.find("\n", pos)
        if line_end < 0:
            line_end = self.n
        strong = 0
        next_weak = -1
        for j in range(k, self.count):
            if self.positions[j] >= line_end:
                break
            if self.direction[j] == WEAK:
                if next_weak < 0 and strong == 0:
                    next_weak = self.positions[j]
            else:
                strong += 1
        if strong % 2:
            return False
        if open_at >= 0:
            return self.text.rfind("\n", 0, pos) < open_at
        return next_weak >= 0

    @cython.cfunc
    @cython.locals(p=cython.Py_ssize_t, kind=cython.int, start=cython.Py_ssize_t, ch=cython.Py_UCS4)
    def _continues(self, paragraphs: list, p, kind) -> cython.bint:
        """Does the next paragraph open again with the same kind of mark?"""
        if p + 1 >= len(paragraphs):
            return False
        start = paragraphs[p + 1][0]
        if start >= self.n:
            return False
        ch = self.text[start]
        if ch in "“„‟«":
            return kind == 0
        if ch in "‘‚‛":
            return kind == 1
        if ch == '"':
            return kind == 0
        if ch == "'":
            return kind == 1 and ELISION.match(self.text, start + 1) is None
        return False

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t)
    def _trim(self, start, end) -> cython.Py_ssize_t:
        while end > start + 1 and self.text[end - 1].isspace():
            end -= 1
        return end

    @cython.cfunc
    @cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, kind=cython.int, closed=cython.bint)
    def _close(self, start, end, kind, closed) -> cython.int:
        # An outer quotation in the other kind of mark than the text's dialogue
        # is only a quotation when it closes: otherwise it is an apostrophe.
        if kind != self.style and (not closed or kind == 1 and "\n" in self.text[start:end].strip()):
            return 0
        if end - start > 1:
            self.quotes.append((start, end))
            self.last_kind = kind
        return 0


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, i=cython.Py_ssize_t)
def _blank(text: str, start, end) -> cython.bint:
    """Is text[start:end] all white space (or empty)?"""
    for i in range(start, end):
        if not text[i].isspace():
            return False
    return True
