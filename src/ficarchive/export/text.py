"""Plain text and Markdown exports.

Plain text: a labelled header (`Title:`, `Author:`, `Rating:`… as the
plain-text reader knows them), the notes, a rule, then the chapters with
`Chapter N: Title` headings and `* * *` between scenes.

Markdown: YAML front matter in the shape the Markdown reader reads (the
archive backup shape: `title`, `author`, `rating`, `warnings`, `category`,
`fandom`, `relationship`, `characters`, `tags`, `language`, `series` with
`series_weight`, `summary`, `disclaimer`, `notes`, `complete`), then the
chapters under `## Chapter N: Title` headings, chapter notes as `Chapter
notes:` paragraphs, end notes as an `End notes:` paragraph. Characters
Markdown would read as markup are backslash-escaped, which the reader undoes.
"""
from __future__ import annotations

import re

import yaml

from ..model import Work
from ..ratings import normalise_rating
from .chapters import heading
from .preface import language_name, notes_at, rows, work_date

RULE = "-" * 40


def text_bytes(work: Work) -> bytes:
    out = [f"Title: {work.title or 'Untitled'}"]
    if work.authors:
        out.append(f"Author: {', '.join(work.authors)}")
    for row in rows(work):
        out.append(f"{row.label}: {', '.join(row.values)}")
    for label, value in (("Summary", work.summary), ("Disclaimer", work.disclaimer)):
        if value:
            out.append(f"{label}: {value}")
    begin = notes_at(work, "beginning")
    if begin:
        out += ["", "Notes:", "\n\n".join(begin)]
    out += ["", RULE]
    for chapter in work.chapters:
        title = heading(work, chapter)
        if title:
            out += ["", title]
        for note in chapter.notes:
            out += ["", f"Chapter notes: {note}"]
        out += ["", chapter.text]
    end = notes_at(work, "end")
    if end:
        out += ["", RULE, "", "End notes:", "\n\n".join(end)]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


# ------------------------------------------------------------------ Markdown

def front_matter(work: Work) -> dict:
    meta: dict = {"title": work.title or "Untitled"}
    if work.authors:
        meta["author"] = list(work.authors)
    rating = _rating_as_written(work)
    if rating:
        meta["rating"] = rating
    for key, values in (("warnings", work.warnings), ("category", work.categories), ("fandom", work.fandoms),
                        ("relationship", work.relationships), ("characters", work.characters),
                        ("tags", work.additional_tags)):
        if values:
            meta[key] = list(values)
    if work.language:
        meta["language"] = language_name(work.language)
    if work.series:
        # the backup shape: the first series by name with its weight; any
        # other as "Name, part N", which the reader splits the same way
        first, rest = work.series[0], work.series[1:]
        meta["series"] = [first.name] + [f"{s.name}, part {s.part}" if s.part is not None else s.name for s in rest]
        if first.part is not None:
            meta["series_weight"] = first.part
    published = work_date(work, "published")
    if published:
        meta["published"] = published
    for key, value in (("summary", work.summary), ("disclaimer", work.disclaimer),
                       ("notes", "\n\n".join(notes_at(work, "beginning")))):
        if value:
            meta[key] = value
    if work.complete is not None:
        meta["complete"] = work.complete
    return meta


def _rating_as_written(work: Work) -> str | None:
    """The rating as the author wrote it when it means the same, else the archive term."""
    if work.rating_raw and normalise_rating(work.rating_raw) == work.rating:
        return work.rating_raw
    return work.rating


def markdown_bytes(work: Work) -> bytes:
    yaml_text = yaml.safe_dump(front_matter(work), allow_unicode=True, sort_keys=False, width=100_000)
    out = ["---", yaml_text.rstrip("\n"), "---"]
    for chapter in work.chapters:
        title = heading(work, chapter)
        if title:
            out += ["", f"## {escape_markdown(title)}"]
        for note in chapter.notes:
            out += ["", markdown_note("Chapter notes", note)]
        out += ["", markdown_body(chapter.text)]
    end = notes_at(work, "end")
    if end:
        out += ["", markdown_note("End notes", "\n\n".join(end))]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def markdown_note(label: str, note: str) -> str:
    """In a Markdown body a note is known by its label (`A/N:`, `Notes:`…)
    and ends at the first blank line: one the author labelled already is
    written as it is, and its paragraphs are kept together by hard breaks."""
    from ..structure.patterns import NOTE_START  # here: the structure stage is slow to load

    note = note if NOTE_START.match(note) else f"{label}: {note}"
    lines = [line for line in escape_markdown(note).split("\n") if line.strip()]
    return "  \n".join(lines)


_LINE_START = re.compile(r"^([ \t]*)([#>]|[-+*](?=\s)|\d+(?=\.\s)|=+\s*$|-+\s*$)", re.MULTILINE)
_ENTITY_LIKE = re.compile(r"&(?=#?\w)")


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as structure; emphasis marks
    (`*x*`, the model's own) stay as they are."""
    text = text.replace("\\", "\\\\")
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "\\<")
    return _LINE_START.sub(lambda m: m.group(1) + _escape_lead(m.group(2)), text)


def _escape_lead(lead: str) -> str:
    if lead[0].isdigit():
        return lead  # the dot after the number is escaped instead, below
    return "\\" + lead


def markdown_body(text: str) -> str:
    paragraphs = []
    for para in re.split(r"\n[ \t]*\n+", text.strip()):
        if para.strip() == "* * *":
            paragraphs.append("* * *")
            continue
        escaped = re.sub(r"^(\s*\d+)\.(?=\s)", r"\1\\.", escape_markdown(para), flags=re.MULTILINE)
        # a line break inside a paragraph is a hard break in Markdown
        paragraphs.append(escaped.replace("\n", "  \n"))
    return "\n\n".join(paragraphs)
