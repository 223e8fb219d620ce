"""Story text to HTML, built here from plain text and never taken from input.

Chapter text is paragraphs separated by blank lines, `*italic*` and `**bold**`
markers, and scene breaks as a line `* * *`. Every character of it is escaped;
the only markup is what this module writes (p, em, strong, hr, br and spans
marking quotations), and the result still goes through `nh3` with exactly that
allow-list, so a bug here cannot let a tag from a story through.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable

import nh3
from markupsafe import Markup

_BLOCK_SEP = re.compile(r"\n[ \t]*\n+")
_SCENE_BREAK = re.compile(r"^\s*\*\s*\*\s*\*\s*$")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])", re.S)

ALLOWED_TAGS = {"p", "em", "strong", "hr", "br", "span"}
ALLOWED_ATTRIBUTES = {"hr": {"class"}, "span": {"class", "title"}, "p": {"class"}}


@dataclass(frozen=True)
class Span:
    """A quotation to mark: chapter-text offsets, `end` exclusive, and who says it."""
    start: int
    end: int
    speaker: str | None
    css: str  # class naming the speaker's colour ("q s2"), "q" when unattributed


def clean(markup: str) -> Markup:
    """The final gate: only the tags and attributes this module writes survive."""
    return Markup(nh3.clean(markup, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=set(),
                            strip_comments=True, link_rel=None))


def text_to_html(text: str | None, quotes: Iterable[Span] = ()) -> Markup:
    """A chapter, a note or a summary as paragraphs; `quotes` are marked where they fall."""
    if not text:
        return Markup("")
    quotes = sorted(quotes, key=lambda q: q.start)
    out: list[str] = []
    pos = 0
    for sep in list(_BLOCK_SEP.finditer(text)) + [None]:
        end = sep.start() if sep else len(text)
        block = text[pos:end]
        if block.strip():
            if _SCENE_BREAK.match(block):
                out.append('<hr class="scene-break">')
            else:
                inside = [q for q in quotes if q.start < end and q.end > pos]
                out.append("<p>" + _inline(block, pos, inside) + "</p>")
        if sep:
            pos = sep.end()
    return clean("\n".join(out))


def _inline(block: str, base: int, quotes: list[Span]) -> str:
    """One paragraph: emphasis markers dropped and turned into tags, quotations
    wrapped; every run of text carries the full set of tags that apply to it, so
    a quotation that starts inside italics still nests correctly."""
    marker: set[int] = set()
    em: list[tuple[int, int]] = []
    strong: list[tuple[int, int]] = []
    for pattern, spans, width in ((_STRONG, strong, 2), (_EM, em, 1)):
        for m in pattern.finditer(block):
            if any(i in marker for i in range(m.start(), m.end())):
                continue
            marker.update(range(m.start(), m.start() + width))
            marker.update(range(m.end() - width, m.end()))
            spans.append((m.start() + width, m.end() - width))
    qspans = [(max(q.start - base, 0), min(q.end - base, len(block)), q) for q in quotes]
    cuts = {0, len(block)}
    for a, b in em + strong:
        cuts.update((a, b))
    for a, b, _ in qspans:
        cuts.update((a, b))
    cuts.update(i for i in marker)
    cuts.update(i + 1 for i in marker)
    points = sorted(c for c in cuts if 0 <= c <= len(block))
    runs: list[tuple[tuple, str]] = []  # (emphasis, strong, quote) -> text, merged when equal
    for a, b in zip(points, points[1:]):
        if a in marker:  # each marker character is its own segment: drop it
            continue
        key = (any(s <= a and b <= e for s, e in em), any(s <= a and b <= e for s, e in strong),
               next((q for s, e, q in qspans if s <= a and b <= e), None))
        if runs and runs[-1][0] == key:
            runs[-1] = (key, runs[-1][1] + block[a:b])
        else:
            runs.append((key, block[a:b]))
    pieces: list[str] = []
    for (is_em, is_strong, quote), raw in runs:
        text = html.escape(raw, quote=False).replace("\n", "<br>")
        if is_em:
            text = f"<em>{text}</em>"
        if is_strong:
            text = f"<strong>{text}</strong>"
        if quote is not None:
            title = f' title="{html.escape(quote.speaker)}"' if quote.speaker else ""
            text = f'<span class="{quote.css}"{title}>{text}</span>'
        pieces.append(text)
    return "".join(pieces)


def inline_html(text: str | None) -> Markup:
    """A fragment of story text (a quotation) with its emphasis, without paragraphs."""
    if not text:
        return Markup("")
    return clean(_inline(text, 0, []))
