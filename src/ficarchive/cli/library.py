"""`ficarchive import`, `search`, `show`, `edit`, `reanalyze`: living in the library."""
from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from ..library import EditError, ImportReport, Library, LibraryError, QueryError
from ..library.location import ENV
from .app import app, err, out, print_error

LIBRARY_HELP = f"The library (a folder, or a .db file). Default: ${ENV}, else the user data folder."
LibraryOpt = typer.Option(None, "--library", "-L", help=LIBRARY_HELP, show_default=False)
JobsOpt = typer.Option(None, "--jobs", "-j", help="Worker processes (default: one per core).", min=1)


def fail(message: str, code: int = 2) -> None:
    sys.stderr.write(f"ficarchive: error: {message}\n")
    raise typer.Exit(code)


@contextmanager
def open_library(path: Optional[str], *, create: bool = False) -> Iterator[Library]:
    """The library, with its errors (and the query's and the edit's) as one line each."""
    try:
        lib = Library(path, create=create)
    except LibraryError as exc:
        fail(str(exc))
    try:
        yield lib
    except QueryError as exc:
        fail(f"query: {exc}")
    except (LibraryError, EditError) as exc:
        fail(str(exc))
    finally:
        lib.close()


class ImportProgress:
    """A rich bar on a terminal; a plain line every few seconds when piped."""

    def __init__(self, verb: str):
        self.verb = verb
        self.live = err.is_terminal
        self.last = 0.0
        self.bar = None
        self.task = None

    def __enter__(self) -> "ImportProgress":
        return self

    def _start(self) -> None:
        # Started on the first report, after the worker processes exist: fork copies no refresh thread.
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, \
            TimeElapsedColumn
        self.bar = Progress(SpinnerColumn(), TextColumn(self.verb), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), console=err, transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.verb, total=None, stats="")

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    @staticmethod
    def stats(r: ImportReport) -> str:
        rate = r.words / r.seconds if r.seconds > 0 else 0
        return f"{r.files} files · {r.works} works · {rate:,.0f} words/s · {len(r.errors)} errors"

    def __call__(self, r: ImportReport) -> None:
        now = time.monotonic()
        if self.live and self.bar is None:
            self._start()
        if self.bar:
            if now - self.last > 0.1:
                self.bar.update(self.task, total=r.files_total, completed=r.disk_files, stats=self.stats(r))
                self.last = now
        elif now - self.last >= 5:
            if self.last:
                sys.stderr.write(f"{self.verb}: {self.stats(r)}\n")
            self.last = now


def _report(report: ImportReport, verb: str = "imported") -> None:
    line = report.summary()
    if verb != "imported":
        line = f"{verb} {report.files} works: {report.updated} done, {len(report.errors)} errors"
    out.print(line, markup=False, highlight=False)
    for e in report.errors:
        print_error(e)
    if report.words and report.seconds:
        rate = report.words / report.seconds
        err.print(f"{report.words:,} words in {report.seconds:.1f} s ({rate:,.0f} words/s)", markup=False)


@app.command("import")
def import_(
    paths: List[Path] = typer.Argument(..., help="Story files, folders and zips (recursively)."),
    library: Optional[str] = LibraryOpt,
    jobs: Optional[int] = JobsOpt,
    batch: int = typer.Option(200, "--batch", help="Works per transaction (a crash loses at most one batch).", min=1),
) -> None:
    """Import stories into the library; safe to re-run, resumes after a crash."""
    with open_library(library, create=True) as lib:
        with ImportProgress("importing") as progress:
            report = lib.import_paths(paths, jobs=jobs, batch_size=batch, progress=progress)
        _report(report)
        if report.new or report.updated:  # the next search would build them: build them while the user waits anyway
            with err.status("preparing the library for search…"):
                lib.prepare_search()
        if report.errors and not report.works:
            raise typer.Exit(2)


@app.command()
def search(
    query: List[str] = typer.Argument(None, help="Words, \"phrases\", prefix*, filters (fandom:btvs words:>5000 …)."),
    library: Optional[str] = LibraryOpt,
    sort: Optional[str] = typer.Option(None, "--sort", "-s", help="relevance | words | title | date | chapters"),
    reverse: bool = typer.Option(False, "--reverse", "-r", help="Reverse the sort order."),
    limit: int = typer.Option(20, "--limit", "-n", help="Works to show.", min=0),
    offset: int = typer.Option(0, "--offset", help="Skip this many works first.", min=0),
    facets: bool = typer.Option(False, "--facets", help="Count ratings, warnings, categories, fandoms, "
                                                         "relationships, characters and tags of the results."),
    as_json: bool = typer.Option(False, "--json", help="Print {total, works, facets} as JSON."),
) -> None:
    """Search the library with archive-style filters."""
    text = " ".join(query or [])
    with open_library(library) as lib:
        result = lib.search(text, sort=sort, reverse=reverse, limit=limit, offset=offset, facets=facets)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]{result.total}[/bold] works" + (f" (showing {offset + 1}–{offset + len(result.works)})"
                                                     if result.works and result.total > len(result.works) else ""))
    for w in result.works:
        _print_row(w)
    for name, values in result.facets.items():
        if values:
            shown = ", ".join(f"{v['value']} ({v['count']})" for v in values[:10])
            out.print(f"[bold]{name:<13}[/bold] {shown}", soft_wrap=True, highlight=False)


_RATING_SHORT = {"General Audiences": "G", "Teen And Up Audiences": "T", "Mature": "M", "Explicit": "E",
                 "Not Rated": "NR"}


def _print_row(w: dict) -> None:
    done = {True: "complete", False: "in progress", None: ""}[w["complete"]]
    by = ", ".join(w["authors"]) or "anonymous"
    title = w["title"] or "(untitled)"
    out.print(f"[dim]{w['id'][:12]}[/dim] [bold]{_esc(title)}[/bold] by {_esc(by)} "
              f"[{_RATING_SHORT.get(w['rating'] or '', 'NR')}] {w['word_count']:,} words, "
              f"{w['chapters']} ch {done}".rstrip(), soft_wrap=True, highlight=False)
    detail = "; ".join(", ".join(w[k]) for k in ("fandoms", "relationships") if w[k])
    if detail:
        out.print(f"             {_esc(detail)}", soft_wrap=True, highlight=False)


def _esc(text: str) -> str:
    from rich.markup import escape
    return escape(text)


@app.command()
def show(
    work_id: str = typer.Argument(..., help="A work id, a source hash, or a unique prefix of one."),
    library: Optional[str] = LibraryOpt,
    as_json: bool = typer.Option(False, "--json", help="The Work as JSON (with `sources`); provenance says "
                                                        "where each field came from."),
    text: bool = typer.Option(False, "--text", help="With the summary, print the story text."),
    original: bool = typer.Option(False, "--original", help="Write the original file, byte-exact."),
    source: Optional[str] = typer.Option(None, "--source", help="With --original: which source (hash prefix)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="With --original: write here, not stdout."),
) -> None:
    """Show one work (or write its original file back out)."""
    from .parse import _print_summary

    with open_library(library) as lib:
        if original:
            data = lib.original(work_id, source)
            if output:
                output.write_bytes(data)
                err.print(f"wrote {len(data)} bytes to {output}", markup=False)
            else:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            return
        work = lib.get(work_id)
        sources = lib.sources(work_id)
        corrections = lib.overrides(work_id)
    if as_json:
        data = work.to_dict()
        data["sources"] = [s.to_dict() for s in sources]
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    _print_summary(work, text)
    out.print(f"[bold]{'Id':<13}[/bold] {work.id}")
    for s in sources:
        mark = "shown" if s.shown else "also"
        out.print(f"[bold]{'Source':<13}[/bold] {mark}: {_esc(s.path)} ({s.format}, {s.word_count:,} words, "
                  f"{s.sha256[:12]})", soft_wrap=True, highlight=False)
    for o in corrections:
        shown = o.value["name"] if isinstance(o.value, dict) else o.value
        out.print(f"[bold]{'Corrected':<13}[/bold] {o.field}: {o.op} {_esc(repr(shown))}", highlight=False)


def _pairs(items: Optional[List[str]], option: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items or []:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            fail(f"{option} {item!r}: write FIELD=VALUE, e.g. {option} rating=Mature")
        pairs.append((name.strip(), value))
    return pairs


@app.command()
def edit(
    work_id: str = typer.Argument(..., help="A work id or a unique prefix."),
    set_: Optional[List[str]] = typer.Option(None, "--set", help="FIELD=VALUE: replace a field (rating=Mature)."),
    add: Optional[List[str]] = typer.Option(None, "--add", help="FIELD=VALUE: add to a list (character=Faith)."),
    remove: Optional[List[str]] = typer.Option(None, "--remove", help="FIELD=VALUE: remove from a list."),
    reset: Optional[List[str]] = typer.Option(None, "--reset", help="FIELD (or all): forget the corrections."),
    library: Optional[str] = LibraryOpt,
) -> None:
    """Correct a work by hand; corrections survive re-imports and reanalyze."""
    with open_library(library) as lib:
        if not (set_ or add or remove or reset):
            for o in lib.overrides(work_id):
                out.print(f"{o.field}: {o.op} {o.value!r}", markup=False)
            return
        work = lib.edit(work_id, set=_pairs(set_, "--set"), add=_pairs(add, "--add"),
                        remove=_pairs(remove, "--remove"), reset=reset)
        changed = sorted({o.field for o in lib.overrides(work_id)})
    out.print(f"{work.id[:12]} {work.title or '(untitled)'}", markup=False)
    for fld in changed:
        value = getattr(work, fld)
        if isinstance(value, list):
            value = ", ".join(getattr(v, "name", v) for v in value)
        out.print(f"  {fld}: {value}", markup=False)


@app.command()
def reanalyze(
    query: List[str] = typer.Argument(None, help="Only works matching this query (default: all)."),
    library: Optional[str] = LibraryOpt,
    jobs: Optional[int] = JobsOpt,
) -> None:
    """Re-read and re-understand works with today's parser and knowledge; corrections are kept."""
    with open_library(library) as lib:
        with ImportProgress("reanalyzing") as progress:
            report = lib.reanalyze(" ".join(query or []) or None, jobs=jobs, progress=progress)
        _report(report, "reanalyzed")
