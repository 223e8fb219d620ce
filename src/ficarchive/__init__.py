"""ficarchive: an archive engine for fan fiction."""
__version__ = "0.1.0"


def __getattr__(name: str):
    # `from ficarchive import Library` without loading SQLite and the pool for every command.
    if name == "Library":
        from .library import Library
        return Library
    raise AttributeError(f"module 'ficarchive' has no attribute {name!r}")
