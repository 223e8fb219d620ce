"""The archive-style preface every export opens with: title, authors, the tag
list, series, stats, summary and notes.

`rows(work)` is the one list of what the preface says, shared by the EPUB, the
HTML page and the text header. `preface_div` lays it out as the archive
sites' downloads do (`#preface` > `.meta` > `dl.tags` of `dt`/`dd` pairs, each
tag an `<a>`, then `h1`, `.byline`, and `<p>Summary</p><blockquote>` pairs),
which is the shape ficarchive's own HTML and EPUB readers understand, so an
export reads back into the same work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Work
from ..resources import load_yaml
from .xhtml import element, prose

# The readers find tags and authors as links; they point at the preface itself,
# since an export never links out.
SELF = "#preface"
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@dataclass
class Row:
    label: str
    values: list[str]
    tags: bool = True  # each value is a tag (a link on the archives)


def rows(work: Work) -> list[Row]:
    found = [
        Row("Rating", [work.rating] if work.rating else []),
        Row("Archive Warning", work.warnings),
        Row("Category", work.categories),
        Row("Fandom", work.fandoms),
        Row("Relationship", work.relationships),
        Row("Characters", work.characters),
        Row("Additional Tags", work.additional_tags),
        Row("Language", [language_name(work.language)] if work.language else [], tags=False),
        Row("Series", [series_line(work)] if work.series else [], tags=False),
        Row("Stats", [stats_line(work)], tags=False),
    ]
    return [r for r in found if any(v for v in r.values)]


def series_line(work: Work) -> str:
    """`Part 2 of Name, Part 1 of Other` as the archives write it; a series
    without a part number is named alone."""
    return ", ".join(f"Part {s.part} of {s.name}" if s.part is not None else s.name for s in work.series)


def stats_line(work: Work) -> str:
    parts = []
    for label in ("published", "updated", "completed"):
        date = work_date(work, label)
        if date:
            parts.append(f"{label.title()}: {date}")
    parts.append(f"Words: {work.word_count}")
    n = len(work.chapters)
    # The archives' "Chapters: 3/3" is how their downloads say a work is complete.
    total = {True: str(n), False: "?", None: None}[work.complete]
    parts.append(f"Chapters: {n}/{total}" if total else f"Chapters: {n}")
    return " ".join(parts)


def work_date(work: Work, label: str) -> str | None:
    """A `YYYY-MM-DD` date the work's header states (`published`, `updated`…)."""
    keys = {"published": ("published", "date", "posted"), "updated": ("updated",), "completed": ("completed",)}
    for key in keys.get(label, (label,)):
        m = _DATE.search(work.header_fields.get(key, ""))
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for name, code in load_yaml("languages.yaml").items():
        if str(name) != str(code):
            names.setdefault(str(code), str(name))
    return names


def language_name(code: str | None) -> str | None:
    """`en` -> `English`: the first name languages.yaml gives the code."""
    if not code:
        return None
    name = _language_names().get(code)
    return (name[0].upper() + name[1:]) if name else code


def notes_at(work: Work, position: str) -> list[str]:
    return [n.text for n in work.notes if n.position == position and n.text.strip()]


def preface_div(parent, work: Work, endnotes_href: str | None = None):
    """`<div id="preface">` with the tag list, title, byline, summary and notes."""
    div = element(parent, "div", id="preface")
    meta = element(div, "div", class_="meta")
    dl = element(meta, "dl", class_="tags")
    for row in rows(work):
        element(dl, "dt", f"{row.label}:")
        dd = element(dl, "dd")
        if row.tags:
            for k, value in enumerate(row.values):
                if k:
                    element(dd, "span", ", ", class_="sep")
                element(dd, "a", value, class_="tag", href=SELF)
        else:
            dd.text = row.values[0]
    element(meta, "h1", work.title or "Untitled")
    if work.authors:
        byline = element(meta, "div", "by ", class_="byline")
        for k, author in enumerate(work.authors):
            if k:
                element(byline, "span", ", ", class_="sep")
            element(byline, "a", author, rel="author", href=SELF)
    labelled(meta, "Summary", work.summary, emphasis=False)
    labelled(meta, "Disclaimer", work.disclaimer, emphasis=False)
    labelled(meta, "Notes", "\n\n".join(notes_at(work, "beginning")))
    if endnotes_href and notes_at(work, "end"):
        link = element(meta, "div", "See the end of the work for ", class_="endnote-link")
        element(link, "a", "more notes", href=endnotes_href)
    return div


def labelled(parent, label: str, text: str | None, emphasis: bool = True) -> None:
    """`<p>Label</p><blockquote>…</blockquote>`, the archives' way of marking a
    block of the author's words."""
    if not text or not text.strip():
        return
    element(parent, "p", label, class_="label")
    prose(element(parent, "blockquote", class_="userstuff"), text, emphasis)
