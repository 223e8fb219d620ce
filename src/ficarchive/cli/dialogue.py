"""`ficarchive dialogue`: every quotation in a story and who says it."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import FicError
from .app import app, out, print_error

if TYPE_CHECKING:
    from ..dialogue.cast import CastMember

_SHOWN = 70  # characters of a quotation shown in the table


@app.command()
def dialogue(
    path: Path = typer.Argument(..., help="A story file (txt, html, epub, md), a folder or a zip."),
    characters: Path = typer.Option(None, "--characters", help="A characters file [{id, name, aliases, gender}] "
                                    "to read the text against instead of the fandom knowledge."),
    raw: bool = typer.Option(False, "--raw", help="Read the file's text exactly as decoded (no header stripping, "
                             "no normalisation); offsets point into it."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per quotation."),
) -> None:
    """List every quotation and its speaker, with offsets, confidence and evidence."""
    from ..dialogue.characters import load_characters  # here: other commands never load the dialogue stage

    cast = None
    if characters is not None:
        try:
            cast = load_characters(characters)
        except FicError as exc:
            print_error(exc)
            raise typer.Exit(2)
    if raw:
        _raw(path, cast, as_json)
    else:
        _works(path, cast, as_json)


def _raw(path: Path, cast: list[CastMember] | None, as_json: bool) -> None:
    from ..dialogue.pipeline import read_raw, speakers

    try:
        text = read_raw(path)
    except FicError as exc:
        print_error(exc)
        raise typer.Exit(2)
    found = speakers(text, cast)
    names = _names(cast)
    for a in found:
        if as_json:
            sys.stdout.write(json.dumps({"start": a.start, "end": a.end, "speaker": a.speaker}, ensure_ascii=False) + "\n")
        else:
            _row(names.get(a.speaker, a.speaker), a.confidence, text[a.start:a.end], "; ".join(a.evidence))


def _works(path: Path, cast: list[CastMember] | None, as_json: bool) -> None:
    from ..pipeline import read_path

    errors = works = 0
    names = _names(cast)
    for item in read_path(path, analyse=True, cast=cast):
        if isinstance(item, FicError):
            errors += 1
            print_error(item)
            continue
        works += 1
        chapters = {c.number: c.text for c in item.chapters}
        if not as_json:
            out.rule(f"[bold]{item.title or item.source.path}[/bold] — {len(item.dialogue)} quotations")
        for q in item.dialogue:
            if as_json:
                sys.stdout.write(json.dumps({"chapter": q.chapter, "start": q.start, "end": q.end,
                                             "speaker": q.speaker, "confidence": q.confidence},
                                            ensure_ascii=False) + "\n")
            else:
                _row(names.get(q.speaker, q.speaker), q.confidence, chapters.get(q.chapter, "")[q.start:q.end])
    if errors and works == 0:
        raise typer.Exit(2)


def _names(cast: list[CastMember] | None) -> dict[str, str]:
    return {m.id: m.name for m in cast or [] if m.name}


def _row(speaker: str | None, confidence: float, quote: str, evidence: str = "") -> None:
    quote = " ".join(quote.split())
    if len(quote) > _SHOWN:
        quote = quote[:_SHOWN - 1] + "…"
    line = f"{(speaker or '?')[:24]:<24} {confidence:4.2f}  {quote}"
    if evidence:
        line += f"   [dim]({evidence[:80]})[/dim]"
    out.print(line, soft_wrap=True, highlight=False, markup=bool(evidence))
