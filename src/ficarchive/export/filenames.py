"""File names built from titles that are safe on Windows, macOS and Linux.

Titles are untrusted: a name never carries a path separator, a character
Windows refuses (`<>:"/\\|?*`), a control character, a reserved device name
(`CON`, `NUL`, `COM1`…), a leading dot (hidden file) or a trailing dot or space
(Windows drops them), and it stays well under the 255-byte limit of common
file systems once an extension and a collision suffix are added.
"""
from __future__ import annotations

import re
import unicodedata

MAX_STEM_BYTES = 120
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]')
_SPACES = re.compile(r"\s+")
# Windows device names, reserved with any extension and in any case;
# `COM¹` and friends count too.
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)


def safe_stem(title: str | None, fallback: str = "untitled") -> str:
    """A file name stem (no extension) for a title."""
    text = unicodedata.normalize("NFC", title or "")
    text = _FORBIDDEN.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" .")
    text = _truncate(text, MAX_STEM_BYTES).rstrip(" .")
    if not text:
        text = fallback
    if _RESERVED.match(text.split(".")[0].rstrip(" ")):
        text = f"{text}_"
    return text


def _truncate(text: str, limit: int) -> str:
    """Cut to `limit` UTF-8 bytes on a character boundary, never between a
    letter and its combining marks."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    if cut and len(cut) < len(text) and unicodedata.combining(text[len(cut)]):
        cut = cut[:-1]
    return cut


class NameAllocator:
    """Unique file names within one export: two works with the same title get
    the second one's short id appended, so names stay stable across runs.
    Comparison ignores case, as Windows and macOS file systems do."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def name(self, title: str | None, work_id: str, extension: str) -> str:
        stem = safe_stem(title)
        candidates = [stem, f"{stem} ({work_id[:8]})", f"{stem} ({work_id[:16]})"]
        for candidate in candidates:
            if self._take(f"{candidate}.{extension}"):
                return f"{candidate}.{extension}"
        n = 2
        while not self._take(f"{stem} ({work_id[:8]}-{n}).{extension}"):
            n += 1
        return f"{stem} ({work_id[:8]}-{n}).{extension}"

    def _take(self, name: str) -> bool:
        key = name.casefold()
        if key in self._used:
            return False
        self._used.add(key)
        return True
