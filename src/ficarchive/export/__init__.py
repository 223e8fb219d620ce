"""Exports: a Work as a file people read (EPUB 3, HTML, plain text, Markdown)
or as data rows (JSON Lines, Parquet; see `data`).

    from ficarchive.export import export_bytes, write_documents
    data = export_bytes(work, "epub")
    paths = write_documents(works, "epub", "out/")   # one file per work, safe names
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import Work
from .filenames import NameAllocator

# format -> (module, renderer, file extension). A renderer's module is imported when first used,
# so that a command that exports nothing (every `ficarchive search`) loads no lxml or pyarrow.
DOCUMENT_FORMATS: dict[str, tuple[str, str, str]] = {
    "epub": ("epub", "epub_bytes", "epub"),
    "html": ("html", "html_bytes", "html"),
    "txt": ("text", "text_bytes", "txt"),
    "md": ("text", "markdown_bytes", "md"),
}
DATA_FORMATS = ("jsonl", "parquet")
FORMATS = tuple(DOCUMENT_FORMATS) + DATA_FORMATS


def renderer(fmt: str) -> Callable[[Work], bytes]:
    module, function, _ = DOCUMENT_FORMATS[fmt]
    return getattr(import_module(f".{module}", __name__), function)


def export_bytes(work: Work, fmt: str) -> bytes:
    return renderer(fmt)(work)


def write_documents(works: Iterable[Work], fmt: str, directory: str | Path) -> Iterator[Path]:
    """One file per work in `directory` (created if needed), named from its
    title; yields each path as it is written."""
    render, extension = renderer(fmt), DOCUMENT_FORMATS[fmt][2]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    names = NameAllocator()
    for work in works:
        path = directory / names.name(work.title, work.id, extension)
        path.write_bytes(render(work))
        yield path


__all__ = ["FORMATS", "DOCUMENT_FORMATS", "DATA_FORMATS", "export_bytes", "renderer", "write_documents"]
