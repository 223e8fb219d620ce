"""Walk files, folders and zip archives, yielding each story file's bytes.

Errors are yielded, not raised, so one bad member never stops a batch.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import FicError
from .safezip import UnsafeArchive, ZipLimits, check_archive, check_member_name, open_zip, read_member

STORY_SUFFIXES = {".txt", ".text", ".htm", ".html", ".xhtml", ".epub", ".md", ".markdown", ".zip", ""}


@dataclass(frozen=True)
class Limits:
    max_file_size: int = 256 * 1024 * 1024  # a single story file
    max_zip_depth: int = 3
    zip: ZipLimits = ZipLimits()


@dataclass
class RawInput:
    path: str  # what the user sees: a file path, or `archive.zip!member/name.txt`
    data: bytes
    mtime: float | None = None


def iter_inputs(path: str | os.PathLike, limits: Limits = Limits()) -> Iterator[RawInput | FicError]:
    p = Path(path)
    if p.is_dir():
        yield from _walk_dir(p, limits)
    else:
        yield from _read_file(p, limits, explicit=True)


def _walk_dir(root: Path, limits: Limits) -> Iterator[RawInput | FicError]:
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in STORY_SUFFIXES:
                continue
            yield from _read_file(Path(dirpath) / name, limits, explicit=False)


def _read_file(p: Path, limits: Limits, explicit: bool) -> Iterator[RawInput | FicError]:
    shown = str(p)
    try:
        size = p.stat().st_size
        if size > limits.max_file_size:
            yield FicError(shown, f"file is {size} bytes, over the {limits.max_file_size}-byte limit for one story")
            return
        data = p.read_bytes()
        mtime = p.stat().st_mtime
    except FileNotFoundError:
        yield FicError(shown, "no such file or folder")
        return
    except IsADirectoryError:
        yield FicError(shown, "is a folder")
        return
    except PermissionError:
        yield FicError(shown, "permission denied")
        return
    except OSError as exc:
        yield FicError(shown, f"cannot read ({exc.strerror or exc})")
        return
    yield from _expand(shown, data, mtime, limits, depth=0)


def _expand(shown: str, data: bytes, mtime: float | None, limits: Limits, depth: int) -> Iterator[RawInput | FicError]:
    if shown.lower().endswith(".epub") or not _is_plain_zip(data):
        yield RawInput(shown, data, mtime)
        return
    if depth >= limits.max_zip_depth:
        yield FicError(shown, "zip archives nested too deeply")
        return
    try:
        zf = open_zip(data)
        check_archive(zf, limits.zip)
    except UnsafeArchive as exc:
        yield FicError(shown, str(exc))
        return
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            member = f"{shown}!{info.filename}"
            why = check_member_name(info.filename)
            if why:
                yield FicError(member, f"refused: {why}")
                continue
            base = info.filename.rsplit("/", 1)[-1]
            if base.startswith(".") or "__MACOSX/" in info.filename or Path(base).suffix.lower() not in STORY_SUFFIXES:
                continue
            try:
                blob = read_member(zf, info, limits.zip)
            except UnsafeArchive as exc:
                yield FicError(member, str(exc))
                continue
            when = None
            try:
                when = datetime.datetime(*info.date_time).timestamp()
            except (ValueError, OverflowError):
                pass
            yield from _expand(member, blob, when, limits, depth + 1)


def _is_plain_zip(data: bytes) -> bool:
    """A zip that is not an EPUB (EPUBs are stories in their own right)."""
    if not data.startswith(b"PK\x03\x04") and not data.startswith(b"PK\x05\x06"):
        return False
    if data[30:58] == b"mimetypeapplication/epub+zip":
        return False
    try:
        zf = open_zip(data)
    except UnsafeArchive:
        return True  # let the zip path report the damage
    names = set(zf.namelist())
    return not ("META-INF/container.xml" in names or "mimetype" in names)
