"""Quotations and their speakers for a whole text, in one call: the code path
`ficarchive dialogue` and `bench/speakers.py` share."""
from __future__ import annotations

from pathlib import Path

from ..errors import FicError
from ..ingest import iter_inputs
from ..ingest.decode import NotText, decode
from .attribute import attribute
from .cast import Attribution, CastMember, Mention
from .layout import detect_layout
from .original_cast import find_original_cast
from .quotes import find_quotes


def speakers(text: str, cast: list[CastMember] | None = None,
             mentions: list[Mention] | None = None, evidence: bool = True) -> list[Attribution]:
    """Every quotation in `text` with its speaker (and, unless `evidence` is
    False, why). Without a cast, the text's own recurring, acting names are the cast."""
    layout = detect_layout(text)
    if cast is None:
        cast = find_original_cast(text)
    quotes = find_quotes(text, layout)
    return attribute(text, quotes, cast, mentions, layout, evidence)


def read_raw(path: str | Path) -> str:
    """A file's text exactly as decoded: no header stripping and no newline or
    other normalisation, so offsets point into the file's own characters (a
    byte-order mark is not text and is dropped, as every decoder does)."""
    for item in iter_inputs(path):
        if isinstance(item, FicError):
            raise item
        try:
            _, encoding = decode(item.data)
        except NotText as exc:
            raise FicError(item.path, str(exc)) from None
        if encoding == "utf-8+cp1252":
            text = item.data.decode("utf-8", errors="cp1252_fallback")
        else:
            text = item.data.decode(encoding, errors="replace")
        return text[1:] if text.startswith("\ufeff") else text
    raise FicError(str(path), "no story file here")
