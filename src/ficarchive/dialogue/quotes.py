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

The marks are found, classified and paired in typed code (`quote_scan.py`).
"""
from __future__ import annotations

import re

from .layout import Layout, detect_layout
from .quote_scan import Scanner, classified_marks, dialogue_style

_DASH_LINE = re.compile(r"[ \t]*(?:—|–|--)[ \t]*(?=\S)")
_DASH_TAG = re.compile(r"\s+(?:—|–|--)\s*(?=[a-z])")


def find_quotes(text: str, layout: Layout | None = None) -> list[tuple[int, int]]:
    """(start, end) of every quotation, marks included, `end` exclusive."""
    layout = layout or detect_layout(text)
    marks = classified_marks(text, layout.tokenized)
    style = dialogue_style(text, marks)
    if style is None:
        return _dash_quotes(text, layout)
    if layout.tokenized:
        # Every mark stands alone in tokenized text, so a mark of the other
        # kind cannot be told from an apostrophe: follow the dialogue's kind only.
        marks = [m for m in marks if m[1] == style]
    return Scanner(text, layout.tokenized, marks, style).run(layout.paragraphs(text))


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
