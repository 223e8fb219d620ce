"""Exports: a Work as a file people read (EPUB 3, HTML, plain text, Markdown)
or as data rows (JSON Lines, Parquet; see `data`).

    from ficarchive.export import export_bytes, write_documents
    data = export_bytes(work, "epub")
    paths = write_documents(works, "epub", "out/")   # one file per work, safe names
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import Work
from .epub import epub_bytes
from .filenames import NameAllocator
from .html import html_bytes
from .text import markdown_bytes, text_bytes

DOCUMENT_FORMATS: dict[str, tuple[Callable[[Work], bytes], str]] = {
    "epub": (epub_bytes, "epub"),
    "html": (html_bytes, "html"),
    "txt": (text_bytes, "txt"),
    "md": (markdown_bytes, "md"),
}
DATA_FORMATS = ("jsonl", "parquet")
FORMATS = tuple(DOCUMENT_FORMATS) + DATA_FORMATS


def export_bytes(work: Work, fmt: str) -> bytes:
    return DOCUMENT_FORMATS[fmt][0](work)


def write_documents(works: Iterable[Work], fmt: str, directory: str | Path) -> Iterator[Path]:
    """One file per work in `directory` (created if needed), named from its
    title; yields each path as it is written."""
    render, extension = DOCUMENT_FORMATS[fmt]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    names = NameAllocator()
    for work in works:
        path = directory / names.name(work.title, work.id, extension)
        path.write_bytes(render(work))
        yield path


__all__ = ["FORMATS", "DOCUMENT_FORMATS", "DATA_FORMATS", "export_bytes", "write_documents"]
