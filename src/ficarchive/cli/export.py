"""`ficarchive export`: works from the library (by id or query) or straight
from story files, as EPUB, HTML, text, Markdown, JSON Lines or Parquet."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator, Optional

import typer

from ..errors import FicError
from ..export import DATA_FORMATS, DOCUMENT_FORMATS, FORMATS, write_documents
from ..model import Work
from .app import app, err, print_error
from .library import LibraryOpt, fail, open_library

_HEX = set("0123456789abcdef")


@app.command()
def export(
    target: str = typer.Argument(..., help="A story file, folder or zip; or a work id or a search query in the "
                                           "library ('' for every work)."),
    fmt: str = typer.Option(..., "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Folder for epub/html/txt/md (default: here); file for jsonl "
                                               "(default: stdout) and parquet (required)."),
    quotes: bool = typer.Option(False, "--quotes", help="jsonl/parquet: also write every quotation to "
                                                        "<output>.quotes.<format>."),
    with_text: bool = typer.Option(False, "--text", help="jsonl/parquet: add the story text as a column."),
    analyse: bool = typer.Option(True, "--analyse/--no-analyse",
                                 help="From files: understand the works (fandoms, characters, quotes) first."),
    library: Optional[str] = LibraryOpt,
) -> None:
    """Export works for e-readers, calibre and notebooks."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        fail(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output is None:
        fail("parquet export needs an output file (-o FILE.parquet)")
    if quotes and (fmt not in DATA_FORMATS or output is None):
        fail("--quotes needs --format jsonl or parquet and an output file (-o)")
    path = Path(target)
    if target.strip() and path.exists():  # an existing path wins; '' is the whole library
        state = {"errors": 0}
        _run(_from_files(path, analyse, state), fmt, output, quotes, with_text)
        if state["errors"] and (state.get("works", 0) == 0):
            raise typer.Exit(2)
        return
    with open_library(library) as lib:
        _run(_from_library(lib, target), fmt, output, quotes, with_text)


def _from_files(path: Path, analyse: bool, state: dict) -> Iterator[Work]:
    from ..pipeline import read_path

    for item in read_path(path, analyse=analyse):
        if isinstance(item, FicError):
            state["errors"] += 1
            print_error(item)
            continue
        state["works"] = state.get("works", 0) + 1
        yield item


def _from_library(lib, target: str) -> Iterator[Work]:
    """A work id (or unique prefix) names one work; anything else is a query."""
    from ..library import LibraryError

    wid = target.strip().lower()
    if len(wid) >= 4 and set(wid) <= _HEX:
        try:
            yield lib.get(wid)
            return
        except LibraryError:
            pass  # not an id after all: a word that happens to be hexadecimal
    yield from lib.iter_works(target)


def _run(works: Iterator[Work], fmt: str, output: Optional[Path], quotes: bool, with_text: bool) -> None:
    if fmt in DOCUMENT_FORMATS:
        count = 0
        for written in write_documents(works, fmt, output or Path(".")):
            sys.stdout.write(f"{written}\n")
            count += 1
        err.print(f"{_works(count)} exported as {fmt}")
        return
    from ..export.data import quotes_path, write_rows  # pyarrow: only for data exports

    target = output if output is not None else "-"
    quote_file = quotes_path(target, fmt) if quotes else None
    rows, quote_rows = write_rows(works, fmt, target, quote_file, with_text)
    if output is not None:
        extra = f", {quote_rows} quotations to {quote_file}" if quote_file else ""
        err.print(f"{_works(rows)} exported to {output}{extra}")


def _works(n: int) -> str:
    return f"{n} work" if n == 1 else f"{n} works"
