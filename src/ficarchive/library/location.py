"""Where the library lives: `--library PATH`, else `$FICARCHIVE_LIBRARY`, else the
platform's user data folder. A path ending in .db/.sqlite (or an existing file)
is the database itself; any other path is a folder holding `library.db`."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV = "FICARCHIVE_LIBRARY"
DB_NAME = "library.db"


def library_file(path: str | os.PathLike | None = None) -> Path:
    chosen = path if path not in (None, "") else os.environ.get(ENV) or None
    if chosen is None:
        return Path(platformdirs.user_data_dir("ficarchive")) / DB_NAME
    p = Path(chosen).expanduser()
    if p.suffix.lower() in (".db", ".sqlite", ".sqlite3") or p.is_file():
        return p
    return p / DB_NAME
