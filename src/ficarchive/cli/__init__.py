"""The `ficarchive` command line: one module per command family, all on one app."""
from __future__ import annotations

import sys

from .. import __version__
from .app import app, out
from . import parse as _parse  # noqa: F401  (registers its commands)
from . import library as _library  # noqa: F401
from . import tags as _tags  # noqa: F401
from . import export as _export  # noqa: F401
from . import web as _web  # noqa: F401
from . import dialogue as _dialogue  # noqa: F401


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("ficarchive: interrupted\n")
        sys.exit(130)
