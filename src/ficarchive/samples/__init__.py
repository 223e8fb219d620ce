"""Sample stories bundled for `ficarchive demo`, written for this project.

Six short works in the formats and header styles the reader understands: a
labelled plain-text header, an unlabelled one, a Usenet post, an archive HTML
download with its tag preface, an EPUB (built from `epub_source/` by
`make_epub.py`) and Markdown with YAML front matter. Original characters, or
fan works clearly labelled as written for this project.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

SUFFIXES = (".txt", ".html", ".epub", ".md")


def stories_dir() -> Path:
    """The folder of sample stories (a real folder: the package is installed unzipped)."""
    return Path(str(resources.files(__name__) / "stories"))


def story_paths() -> list[Path]:
    return sorted(p for p in stories_dir().iterdir() if p.suffix in SUFFIXES)
