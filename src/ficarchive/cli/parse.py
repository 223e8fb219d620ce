"""`ficarchive parse`: read stories and show what was found in them."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..errors import FicError
from ..model import Work
from ..parse import parse_path
from .app import app, err, out, print_error as _error


@app.command()
def parse(
    path: Path = typer.Argument(..., help="A story file (txt, html, epub, md), a folder or a zip."),
    as_json: bool = typer.Option(False, "--json", help="Print the Work as JSON (JSON Lines for several)."),
    text: bool = typer.Option(False, "--text", help="With the summary, print the story text too."),
) -> None:
    """Read stories and show what was found in them."""
    works = errors = 0
    single = not path.is_dir() and not _is_container(path)
    for item in parse_path(path):
        if isinstance(item, FicError):
            errors += 1
            _error(item)
            continue
        works += 1
        if as_json:
            line = json.dumps(item.to_dict(), ensure_ascii=False)
            sys.stdout.write(line + "\n")
        else:
            _print_summary(item, text)
    if not as_json and not single:
        err.print(f"{works} works, {errors} errors")
    if errors and (single or works == 0):
        raise typer.Exit(2)


def _is_container(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith(b"PK") and not path.suffix.lower() == ".epub" and b"mimetypeapplication/epub+zip" not in head


def _print_summary(work: Work, with_text: bool) -> None:
    def row(label: str, value) -> None:
        if value in (None, "", []):
            return
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        out.print(f"[bold]{label:<13}[/bold] {value}", soft_wrap=True)

    out.rule(f"[bold]{work.title or '(untitled)'}[/bold]")
    row("Source", f"{work.source.path} ({work.source.format}, {work.source.encoding}, {work.source.size} bytes)")
    row("Authors", work.authors)
    row("Series", [f"{s.name} #{s.part}" if s.part else s.name for s in work.series])
    row("Fandoms", work.fandoms)
    row("Rating", f"{work.rating} (as written: {work.rating_raw})" if work.rating_raw else work.rating)
    row("Warnings", work.warnings)
    row("Categories", work.categories)
    row("Relationships", work.relationships)
    row("Characters", work.characters)
    row("Tags", work.additional_tags)
    row("Language", work.language)
    row("Summary", work.summary)
    row("Disclaimer", work.disclaimer)
    for note in work.notes:
        where = f"chapter {note.chapter}" if note.position == "chapter" else note.position
        row(f"Note ({where})", note.text[:300] + ("…" if len(note.text) > 300 else ""))
    extra = {k: v for k, v in work.header_fields.items()}
    if extra:
        row("Header", "; ".join(f"{k}: {v[:60]}" for k, v in extra.items()))
    complete = {True: "complete", False: "in progress", None: "unknown"}[work.complete]
    row("Length", f"{work.word_count} words, {len(work.chapters)} chapters, "
                  f"{sum(c.scenes for c in work.chapters)} scenes, {complete}")
    for ch in work.chapters:
        title = f": {ch.title}" if ch.title else ""
        out.print(f"  Chapter {ch.number}{title} — {ch.word_count} words, {ch.scenes} scenes")
        if with_text:
            out.print(ch.text, markup=False, highlight=False)
