"""The typer application every command module registers itself on."""
from __future__ import annotations

import sys

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


def print_error(e: FicError) -> None:
    """One line on stderr, never a traceback."""
    sys.stderr.write(f"ficarchive: error: {e.path}: {e.reason}\n")
