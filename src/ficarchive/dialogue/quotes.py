"""Find every quotation in a text.

One pass over the quotation marks only (never over every token). A mark is
classified by its shape and its neighbours: curly marks say which way they
face; straight marks face the way their flanking spaces say, and toggle when
both sides look alike (tokenized text, where every mark stands alone). Single
marks double as apostrophes (`don't`, `'em`, `the Smiths'`), so an outer
single quotation is only trusted in a text whose dialogue is in single marks,
or when it closes within its paragraph. Marks of the other kind inside an open
quotation are nested quotes and belong to it. A paragraph that ends inside a
quotation continues it when the next paragraph opens again with the same kind
of mark (the convention for speeches over several paragraphs); otherwise the
quotation is closed at the paragraph's end.
"""
from __future__ import annotations

import re

from .layout import Layout, detect_layout
from .lexicon import ELISION, PRONOUN_GENDER, SPEECH_VERBS

DOUBLE, SINGLE = "d", "s"
_MARKS = re.compile("[\"“”„‟«»'‘’‚‛]")
_OPENERS = {"“": DOUBLE, "„": DOUBLE, "‟": DOUBLE, "«": DOUBLE, "‘": SINGLE, "‚": SINGLE, "‛": SINGLE}
_CLOSERS = {"”": DOUBLE, "»": DOUBLE, "’": SINGLE}
_STRAIGHT = {'"': DOUBLE, "'": SINGLE}
_OPEN_BEFORE = set(" \t\n([{—–-/\u00a0")  # what may stand before an opening mark
_CLOSE_AFTER = set(" \t\n.,;:!?)]}—–-…\u00a0")  # what may follow a closing mark
_NEXT_WORDS = re.compile(r"[ \t]*([a-z]+)(?:[ \t]+([a-z]+))?")
_DASH_LINE = re.compile(r"[ \t]*(?:—|–|--)[ \t]*(?=\S)")
_DASH_TAG = re.compile(r"\s+(?:—|–|--)\s*(?=[a-z])")

OPEN, CLOSE, EITHER, WEAK = 1, 2, 3, 4  # WEAK: a lone mark between two words


def find_quotes(text: str, layout: Layout | None = None) -> list[tuple[int, int]]:
    """(start, end) of every quotation, marks included, `end` exclusive."""
    layout = layout or detect_layout(text)
    marks = _classified_marks(text, layout.tokenized)
    style = _dialogue_style(text, marks)
    if style is None:
        return _dash_quotes(text, layout)
    if layout.tokenized:
        # Every mark stands alone in tokenized text, so a mark of the other
        # kind cannot be told from an apostrophe: follow the dialogue's kind only.
        marks = [m for m in marks if m[1] == style]
    return _Scanner(text, layout, marks, style).run()


def _classified_marks(text: str, tokenized: bool) -> list[tuple[int, str, int]]:
    """(offset, kind, direction) for every quotation mark that is not an apostrophe."""
    out = []
    n = len(text)
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 1] if i + 1 < n else "\n"
        if ch in _OPENERS:
            kind = _OPENERS[ch]
            if kind == SINGLE and (prev.isalnum() or _elision(text, i + 1, tokenized)):
                continue  # ‘em, ‘til: an apostrophe typed the wrong way round
            out.append((i, kind, OPEN))
            continue
        if ch in _CLOSERS:
            kind = _CLOSERS[ch]
            if kind == SINGLE and not _single_can_close(text, i, prev, nxt, tokenized):
                if prev.isalnum() or not nxt.isspace():
                    continue
            out.append((i, kind, CLOSE))
            continue
        kind = _STRAIGHT[ch]
        if kind == SINGLE and tokenized and _between_words(text, i):
            # `said ' Poor child ! '` opens a speech; else goin ' de way, or the ' walk in ' was
            out.append((i, kind, OPEN if _after_speech_verb(text, i) else WEAK))
            continue
        if kind == SINGLE:
            if prev.isalnum() and nxt.isalnum():
                continue  # don't
            if nxt.isalnum() and (tokenized or _elision(text, i + 1, tokenized)):
                continue  # 've, 's, n't as tokens; 'em, 'tis
            if not tokenized and not _single_can_close(text, i, prev, nxt, tokenized) and prev.isalnum():
                continue  # the Smiths' dogs
        out.append((i, kind, _flanking(prev, nxt, kind)))
    return out


_LAST_WORD = re.compile(r"([a-z]+) $")


def _after_speech_verb(text: str, i: int) -> bool:
    m = _LAST_WORD.search(text, max(0, i - 16), i)
    return m is not None and m.group(1) in SPEECH_VERBS


def _between_words(text: str, i: int) -> bool:
    before = text[i - 2:i]
    after = text[i + 1:i + 3]
    return len(before) == 2 and len(after) == 2 and before[0].isalnum() and after[1].isalnum() \
        and before[1] == " " and after[0] == " "


def _elision(text: str, i: int, tokenized: bool) -> bool:
    if tokenized and i < len(text) and text[i].isalnum():
        return True  # tokenized text splits quote marks off; a mark glued to letters is a contraction
    m = ELISION.match(text, i)
    return m is not None


def _single_can_close(text: str, i: int, prev: str, nxt: str, tokenized: bool) -> bool:
    if prev.isalnum() and nxt.isalnum():
        return False  # don’t
    if tokenized:
        return nxt.isspace() or i + 1 == len(text)
    if prev in "sSnN" and nxt == " " and text[i + 2:i + 3].islower():
        return False  # the Smiths’ dogs, goin’ home
    return nxt in _CLOSE_AFTER or nxt == "\n"


def _flanking(prev: str, nxt: str, kind: str) -> int:
    before_open = prev in _OPEN_BEFORE
    after_close = nxt in _CLOSE_AFTER or nxt in "\"'"
    if before_open and not nxt.isspace() and not after_close:
        return OPEN
    if not prev.isspace() and after_close and not before_open:
        return CLOSE
    if kind == SINGLE and prev.isalnum() and nxt.isspace():
        return CLOSE  # a straight single mark after a word: closer or possessive, never opener
    return EITHER


def _dialogue_style(text: str, marks) -> str | None:
    """The kind of mark the text's dialogue is in: the kind that most often
    stands where dialogue marks stand, after punctuation or at a line start
    (apostrophes follow words)."""
    if not marks:
        return None
    counts = {DOUBLE: 0, SINGLE: 0}
    for pos, kind, direction in marks:
        if direction == WEAK:
            continue
        j = pos - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or not text[j].isalnum():
            counts[kind] += 1
    # Double marks are never apostrophes, so they need fewer to win.
    return DOUBLE if counts[DOUBLE] * 2 >= counts[SINGLE] else SINGLE


class _Scanner:
    def __init__(self, text, layout, marks, style):
        self.text = text
        self.layout = layout
        self.marks = marks
        self.style = style
        self.quotes: list[tuple[int, int]] = []
        self.last_kind = ""

    def run(self) -> list[tuple[int, int]]:
        text = self.text
        marks = self.marks
        paragraphs = self.layout.paragraphs(text)
        k = 0
        open_at = -1  # offset of the open quotation's first mark, -1 when none
        open_kind = ""
        for p, (pstart, pend) in enumerate(paragraphs):
            while k < len(marks) and marks[k][0] < pstart:
                k += 1
            first = True
            while k < len(marks) and marks[k][0] < pend:
                pos, kind, direction = marks[k]
                k += 1
                at_start = first and not text[pstart:pos].strip()
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
                if direction == OPEN and not self.layout.tokenized:
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
            self._close(open_at, self._trim(open_at, len(text)), open_kind, False)
        return self.quotes

    def _tag_follows(self, pos: int) -> bool:
        m = _NEXT_WORDS.match(self.text, pos + 1)
        if not m:
            return False
        first, second = m.group(1), m.group(2)
        return first in SPEECH_VERBS or (first in PRONOUN_GENDER and second in SPEECH_VERBS)

    def _reopen_last(self, pos: int, kind: str) -> bool:
        """A mark that can only close (a speech tag follows it) met while no
        quotation is open: the mark that closed the last quotation opened
        this one instead, and the last "quotation" was narration."""
        if not self.quotes or self.last_kind != kind:
            return False
        start, end = self.quotes[-1]
        if self.text[end - 1] not in _STRAIGHT or "\n\n" in self.text[end:pos]:
            return False
        self.quotes[-1] = (end - 1, pos + 1)
        return True

    def _weak_toggles(self, k: int, pos: int, open_at: int) -> bool:
        """A lone single mark between words in tokenized text is an elision
        (goin ' home) or ends a short quotation (the ' walk in ' was). Count it
        only where the marks left on its line still pair up without it: it
        closes a quotation opened on its own line, or opens one that the next
        lone mark closes."""
        line_end = self.text.find("\n", pos)
        if line_end < 0:
            line_end = len(self.text)
        strong = 0
        next_weak = None
        for pos2, _kind, direction in self.marks[k:]:
            if pos2 >= line_end:
                break
            if direction == WEAK:
                if next_weak is None and strong == 0:
                    next_weak = pos2
            else:
                strong += 1
        if strong % 2:
            return False
        if open_at >= 0:
            return self.text.rfind("\n", 0, pos) < open_at
        return next_weak is not None

    def _continues(self, paragraphs, p: int, kind: str) -> bool:
        """Does the next paragraph open again with the same kind of mark?"""
        if p + 1 >= len(paragraphs):
            return False
        start = paragraphs[p + 1][0]
        ch = self.text[start:start + 1]
        if _OPENERS.get(ch) == kind:
            return True
        return _STRAIGHT.get(ch) == kind and not (kind == SINGLE and _elision(self.text, start + 1, False))

    def _trim(self, start: int, end: int) -> int:
        while end > start + 1 and self.text[end - 1].isspace():
            end -= 1
        return end

    def _close(self, start: int, end: int, kind: str, closed: bool) -> None:
        # An outer quotation in the other kind of mark than the text's dialogue
        # is only a quotation when it closes: otherwise it is an apostrophe.
        if kind != self.style and (not closed or kind == SINGLE and "\n" in self.text[start:end].strip()):
            return
        if end - start > 1:
            self.quotes.append((start, end))
            self.last_kind = kind


def _dash_quotes(text: str, layout: Layout) -> list[tuple[int, int]]:
    """Dialogue led by a dash at the start of a paragraph (`— Hello — said Ana.`)."""
    if layout.paragraph_break is None:
        return []
    quotes = []
    for pstart, pend in layout.paragraphs(text):
        m = _DASH_LINE.match(text, pstart, pend)
        if not m:
            continue
        tag = _DASH_TAG.search(text, m.end(), pend)
        end = tag.start() if tag else pend
        while end > pstart and text[end - 1].isspace():
            end -= 1
        start = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
        quotes.append((start, end))
    return quotes
