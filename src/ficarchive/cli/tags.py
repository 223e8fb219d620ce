"""`ficarchive tags`: canonical tags, synonyms, and renames applied to every work at once."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from .app import app, out
from .library import LibraryOpt, open_library

tags_app = typer.Typer(help="List, rename, merge and add synonyms to tags across the library.",
                       no_args_is_help=True)
app.add_typer(tags_app, name="tags")
KindOpt = typer.Option(None, "--kind", "-k", help="fandom | relationship | character | warning | category | "
                                                  "freeform | author | series")


@tags_app.command("list")
def list_(
    kind: Optional[str] = KindOpt,
    contains: Optional[str] = typer.Option(None, "--contains", help="Only tags whose name contains this."),
    limit: int = typer.Option(50, "--limit", "-n", help="How many (0 for all).", min=0),
    as_json: bool = typer.Option(False, "--json"),
    library: Optional[str] = LibraryOpt,
) -> None:
    """Tags in use, most used first, with their synonyms."""
    with open_library(library) as lib:
        found = lib.tags(kind, contains=contains, limit=limit or None)
    if as_json:
        sys.stdout.write(json.dumps([t.to_dict() for t in found], ensure_ascii=False) + "\n")
        return
    for t in found:
        extra = f"  (also: {', '.join(t.synonyms)})" if t.synonyms else ""
        parent = f"  [{t.fandom}]" if t.fandom else ""
        out.print(f"{t.works:>7}  {t.kind:<12} {t.name}{parent}{extra}", markup=False, highlight=False)


@tags_app.command()
def rename(old: str, new: str, kind: Optional[str] = KindOpt, library: Optional[str] = LibraryOpt) -> None:
    """Rename a tag on every work (the old name stays as a synonym)."""
    with open_library(library) as lib:
        n = lib.rename_tag(old, new, kind=kind)
    out.print(f"renamed {old!r} to {new!r} on {n} works", markup=False)


@tags_app.command()
def merge(name: str, into: str, kind: Optional[str] = KindOpt, library: Optional[str] = LibraryOpt) -> None:
    """Merge a tag into another on every work; the first becomes a synonym of the second."""
    with open_library(library) as lib:
        n = lib.merge_tags(name, into, kind=kind)
    out.print(f"merged {name!r} into {into!r} ({n} works)", markup=False)


@tags_app.command()
def synonym(name: str, canonical: str, kind: Optional[str] = KindOpt, library: Optional[str] = LibraryOpt) -> None:
    """Make NAME mean CANONICAL in searches, edits and future imports."""
    with open_library(library) as lib:
        n = lib.add_synonym(name, canonical, kind=kind)
    out.print(f"{name!r} now means {canonical!r}" + (f" ({n} works merged)" if n else ""), markup=False)
