"""How a text is laid out: where its paragraphs and sentences are.

Three layouts occur. Prose with blank lines between paragraphs (what the
parser gives for every chapter, and most fic); prose with one paragraph per
line; and *tokenized* text (LitBank and other NLP corpora): one sentence per
line, punctuation split off by spaces, no paragraph breaks at all. Dialogue
rules that lean on paragraphs ("a new paragraph is a new speaker") must know
which one they are reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .layout_scan import layout_counts, paragraph_spans

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"\n+")
# Punctuation standing alone between spaces: the mark of tokenized text.
_SPLIT_PUNCT = re.compile(r" [,.;:!?] ")
_SAMPLE = 200_000

# Where a sentence ends (or a line does): not after a title's full stop (Mr. Bennet).
# The mark comes first and the titles are looked back at from after it, so
# the engine skips straight from one mark to the next (17 times faster than
# looking behind at every character).
SENTENCE_END = re.compile(
    r"[.!?…\n](?:(?<=\n)|(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)(?<!\bMme.)(?<!\bMlle.)(?<!\b[A-Z].)"
    r"['\"”’)]?\s+(?=\S))"
)


@dataclass(frozen=True)
class Layout:
    tokenized: bool  # one sentence per line, tokens split by spaces
    paragraph_break: re.Pattern | None  # None when paragraphs are unknown

    def paragraphs(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every paragraph; the whole text when unknown.
        Callers must not change the list: the last text's is kept, as the
        quotation finder and the sieve both ask for it."""
        if self.paragraph_break is None:
            return [(0, len(text))] if text else []
        last = _last_paragraphs
        if last[0] is text and last[1] is self.paragraph_break:
            return last[2]
        if self.paragraph_break is _BLANK_LINE or self.paragraph_break is _LINE:
            spans = paragraph_spans(text, self.paragraph_break is _BLANK_LINE)  # (typed, the same spans)
        else:
            spans = []
            pos = 0
            for m in self.paragraph_break.finditer(text):
                if m.start() > pos:
                    spans.append((pos, m.start()))
                pos = m.end()
            if pos < len(text):
                spans.append((pos, len(text)))
        _last_paragraphs[:] = [text, self.paragraph_break, spans]
        return spans


_last_paragraphs: list = [None, None, None]  # the text, its paragraph break and its paragraphs, last asked


def detect_layout(text: str) -> Layout:
    # Spaces, line breaks, and the matches of `_SPLIT_PUNCT` and `_BLANK_LINE`
    # in the opening, counted in one typed walk (`layout_scan.py`).
    spaces, breaks, split, blanks = layout_counts(text, _SAMPLE)
    words = spaces + 1
    lines = breaks + 1
    if split * 40 > words:
        return Layout(tokenized=True, paragraph_break=None)
    if blanks * 8 >= lines or (blanks and lines < 8):
        return Layout(tokenized=False, paragraph_break=_BLANK_LINE)
    return Layout(tokenized=False, paragraph_break=_LINE)
