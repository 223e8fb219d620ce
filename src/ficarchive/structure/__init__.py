"""Structure: one story file's bytes to a `Work` (header, notes, chapters, scenes)."""
from __future__ import annotations

import hashlib
import re

from ..errors import FicError
from ..ingest.decode import NotText, decode
from ..ingest.safezip import UnsafeArchive
from ..model import Source, Work
from .build import build_work, count_words
from .draft import Draft

__all__ = ["parse_bytes", "sniff_format", "count_words"]

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|div|p|meta|title)\b", re.IGNORECASE | re.DOTALL)


def sniff_format(name: str, data: bytes) -> str:
    lowered = name.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06") or lowered.endswith(".epub"):
        return "epub"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if lowered.endswith((".html", ".htm", ".xhtml")) or _HTML_START.match(head):
        return "html"
    if lowered.endswith((".md", ".markdown")) or head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return "markdown"
    return "txt"


def parse_bytes(name: str, data: bytes) -> Work:
    """Parse one story file. Raises FicError with a one-line reason."""
    sha = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(name, data)
    try:
        if fmt == "epub":
            from .epub import parse_epub
            draft = parse_epub(data)
            encoding = "utf-8"
        else:
            text, encoding = decode(data)
            draft = _parse_text(fmt, text)
    except (NotText, UnsafeArchive) as exc:
        raise FicError(name, str(exc)) from None
    except RecursionError:
        raise FicError(name, "markup nested too deeply to read") from None
    if not draft.chapters or not any(ch.finished_scenes() for ch in draft.chapters):
        if fmt == "epub" or not draft.values:
            raise FicError(name, "no story text found")
    return build_work(draft, Source(path=name, format=fmt, encoding=encoding, sha256=sha, size=len(data)))


def _parse_text(fmt: str, text: str) -> Draft:
    if fmt == "html":
        from .html import parse_html_work
        return parse_html_work(text)
    if fmt == "markdown":
        from .markdown import has_front_matter, parse_markdown
        if has_front_matter(text):
            return parse_markdown(text)
    from .plaintext import parse_plaintext
    return parse_plaintext(text, fmt if fmt != "markdown" else "markdown")
