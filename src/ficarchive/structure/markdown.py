"""Markdown with YAML front matter, as people back up their works."""
from __future__ import annotations

import html
import re

import yaml

from ..resources import parse_yaml
from .apply import apply_labelled, apply_status, parse_series
from .draft import Draft
from .htmltext import parse_html, to_text
from .plaintext import parse_plaintext

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# front-matter keys -> header label understood by apply_labelled
_KEYS = {
    "title": "title", "author": "author", "authors": "author", "creator": "author", "creators": "author",
    "rating": "rating", "rated": "rating", "warnings": "warnings", "warning": "warnings",
    "archive_warnings": "warnings", "fandom": "fandom", "fandoms": "fandom", "relationship": "relationship",
    "relationships": "relationship", "pairing": "pairing", "pairings": "pairing", "ship": "pairing",
    "characters": "characters", "character": "characters", "tags": "tags", "freeform": "tags",
    "additional_tags": "tags", "category": "category", "categories": "category", "summary": "summary",
    "description": "summary", "notes": "notes", "note": "notes", "disclaimer": "disclaimer",
    "language": "language", "status": "status", "genre": "genre", "genres": "genre",
}
# antennapedia-style prefixed tags: "f:btvs", "p:giles/buffy", "c:giles"
_PREFIXED = {"f": "fandom", "p": "pairing", "c": "characters", "w": "warnings", "r": "rating"}

_HTML_BLOCKS = re.compile(r"<(?:p|br|div|blockquote|hr)\b[^>]*>", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")


_QUOTE_LINE = re.compile(r"^ {0,3}>[ \t]?")


def unquote(text: str) -> str:
    """Blockquote markers (`> `) are markup, not story: the quoted lines are
    kept as plain paragraphs. Blank lines in and around a quote only set it
    off, so each run of them is one paragraph break (never a scene break)."""
    if ">" not in text:
        return text
    out: list[str] = []
    in_quote = False
    for line in text.split("\n"):
        quoted = bool(_QUOTE_LINE.match(line))
        while _QUOTE_LINE.match(line):
            line = _QUOTE_LINE.sub("", line, count=1)
        blank = not line.strip()
        if quoted and not in_quote:
            while len(out) >= 2 and not out[-1].strip() and not out[-2].strip():
                out.pop()  # blank lines leading into the quote
        if blank and (quoted or in_quote) and out and not out[-1].strip():
            continue  # more blank lines inside or just after the quote
        if not blank:
            in_quote = quoted
        out.append(line)
    return "\n".join(out)


def unescape(text: str) -> str:
    """Markdown backslash escapes and HTML entities to the characters they stand for."""
    return html.unescape(_MD_ESCAPE.sub(r"\1", text))


def has_front_matter(text: str) -> bool:
    return bool(_FRONT.match(text))


def parse_markdown(text: str) -> Draft:
    draft = Draft("markdown")
    m = _FRONT.match(text)
    meta = {}
    if m:
        try:
            loaded = parse_yaml(m.group("yaml"))
            meta = loaded if isinstance(loaded, dict) else {}
        except yaml.YAMLError:
            meta = {}
    for key, value in meta.items():
        _apply(draft, str(key).strip().lower(), value)
    if "series" in meta and isinstance(meta.get("series_weight", meta.get("series_part")), (int, str)):
        weight = str(meta.get("series_weight", meta.get("series_part")))
        if weight.isdigit() and draft.get("series") and draft.get("series")[0].part is None:
            draft.get("series")[0].part = int(weight)
    body_start = m.end() if m else 0
    body = unescape(unquote(text[body_start:]))
    if _HTML_BLOCKS.search(body):
        body = to_text(parse_html(body).body)
    parse_plaintext(body, "markdown", draft, titles=False)
    # segments here are offsets into the body as normalised above
    return draft


def _apply(draft: Draft, key: str, value) -> None:
    if value is None or value == "":
        return
    values = value if isinstance(value, list) else [value]
    values = [str(v) for v in values if v is not None and str(v).strip()]
    if not values:
        return
    if key == "series":
        series = [s for s in (parse_series(v) for v in values) if s]
        draft.set("series", series, "structured", f"series: {', '.join(values)}")
        return
    if key in ("complete", "completed") and isinstance(value, bool):
        draft.complete, draft.complete_evidence = value, f"{key}: {value}"
        return
    if key == "status":
        apply_status(draft, values[0], "structured", f"status: {values[0]}")
        return
    if key == "tags":
        plain = []
        for v in values:
            prefix, _, rest = v.partition(":")
            if rest and prefix.lower() in _PREFIXED:
                _apply_one(draft, _PREFIXED[prefix.lower()], rest)
            else:
                plain.append(v)
        values = plain
    label = _KEYS.get(key)
    if label is None:
        draft.add_header_field(key, ", ".join(values))
        return
    for v in values:
        _apply_one(draft, label, v)


def _apply_one(draft: Draft, label: str, value: str) -> None:
    from .fields import labelled

    value = unescape(value)
    hit = labelled(f"{label}: x")
    field = hit.field if hit else None
    if field in ("fandoms", "characters", "warnings", "additional_tags", "relationships"):
        # one YAML item is one tag, even when it holds a comma
        draft.add_header_field(label, value)
        draft.extend(field, [value.strip()], "structured", f"{label}: {value}")
    else:
        apply_labelled(draft, field, label, value, "structured")
