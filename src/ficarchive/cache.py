"""The user's cache folder: data ficarchive can always make again (parsed knowledge, a library's
kept columns), kept so that a command need not make it every time.

`FICARCHIVE_CACHE` names the folder; set and empty, nothing is cached. Else the platform's user
cache folder (`platformdirs`)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(part: str) -> Path | None:
    """The folder for one kind of cached data (not made yet), or None: caching is off."""
    env = os.environ.get("FICARCHIVE_CACHE")
    if env is not None:
        return Path(env) / part if env else None
    try:
        import platformdirs
    except ImportError:
        return None
    return Path(platformdirs.user_cache_dir("ficarchive")) / part
