"""The typer application every command module registers itself on."""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from ..errors import FicError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="ficarchive: read any pile of fan fiction into clean, structured works.",
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


CHARACTERS_HELP = ("A characters file [{id, name, aliases, gender}] "
                   "to read the text against instead of the fandom knowledge.")


def cast_or_exit(characters: Path | None):
    """The cast in a `--characters` file, or a one-line error and exit 2."""
    if characters is None:
        return None
    from ..dialogue.characters import load_characters
    try:
        return load_characters(characters)
    except FicError as exc:
        print_error(exc)
        raise typer.Exit(2)


def print_error(e: FicError) -> None:
    """One line on stderr, never a traceback."""
    sys.stderr.write(f"ficarchive: error: {e.path}: {e.reason}\n")
