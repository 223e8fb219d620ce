"""`ficarchive parse`: read stories and show what was found in them."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ..errors import FicError
from ..model import Work
from .app import CHARACTERS_HELP, app, cast_or_exit, err, out, print_error as _error


@app.command()
def parse(
    path: Path = typer.Argument(..., help="A story file (txt, html, epub, md), a folder or a zip."),
    as_json: bool = typer.Option(False, "--json", help="Print the Work as JSON (JSON Lines for several)."),
    text: bool = typer.Option(False, "--text", help="With the summary, print the story text too."),
    characters: Path = typer.Option(None, "--characters", help=CHARACTERS_HELP),
    no_understand: bool = typer.Option(False, "--no-understand", help="Only read the structure; infer nothing."),
) -> None:
    """Read stories and show what was found in them."""
    works = errors = 0
    single = not path.is_dir() and not _is_container(path)
    cast = cast_or_exit(characters)
    from ..pipeline import read_path  # here: a library command never loads the parsing stages

    for item in read_path(path, analyse=not no_understand, cast=cast):
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
    def inferred(field: str) -> str:
        p = work.provenance.get(field)
        return f" [dim](inferred, {p.confidence:.2f})[/dim]" if p and p.source == "inferred" else ""

    def tags(label: str, field: str) -> None:
        value = getattr(work, field)
        if value:
            row(label, ", ".join(value) + inferred(field))

    tags("Fandoms", "fandoms")
    rating = f"{work.rating} (as written: {work.rating_raw})" if work.rating_raw else work.rating
    row("Rating", rating and rating + inferred("rating"))
    tags("Warnings", "warnings")
    tags("Suggested", "suggested_warnings")
    tags("Categories", "categories")
    tags("Relationships", "relationships")
    tags("Characters", "characters")
    tags("Mentioned", "mentioned_characters")
    row("POV", work.pov)
    if work.dialogue:
        speaking = sorted(work.character_stats.items(), key=lambda kv: -kv[1].quotes)
        row("Dialogue", f"{len(work.dialogue)} quotations; " + ", ".join(
            f"{tag} {s.quotes}" for tag, s in speaking if s.quotes)[:300])
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
