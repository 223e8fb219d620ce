"""Bytes to text: encoding detection, mojibake repair, newline normalisation."""
from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Sequences that UTF-8 read as cp1252/latin-1 leaves behind; ftfy is only run
# when one appears, because it costs far more than the rest of decoding.
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]")
_MOJIBAKE_LEADS = ("\u00c2", "\u00c3", "\u00e2")  # a quick look before the pattern
# control characters that are no layout (tab, newline, form feed, carriage
# return are), as bytes: in UTF-8 each is its own byte and no other
# character's bytes hold one, so they are counted in the encoded text
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, *range(0x0e, 0x20), 0x7f])
_SOMETHING = re.compile(rb"[^ \t\r\n\f\v\x00]")  # a byte that is neither whitespace nor NUL


class NotText(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises NotText for binary data."""
    if not data:
        raise NotText("empty file")
    if _SOMETHING.search(data) is None:  # (found at once in any text, where strip would copy it)
        raise NotText("no text (only whitespace)")
    text, encoding = _decode(data)
    # (text read as plain UTF-8, no mark, nothing replaced, is `data`
    # character for character: its bytes are looked at, not made again)
    plain_utf8 = encoding == "utf-8" and len(data) <= _SAMPLE_CHARS and not data.startswith(codecs.BOM_UTF8)
    if _looks_binary(text, data if plain_utf8 else None):
        raise NotText("binary data, not text")
    if any(lead in text for lead in _MOJIBAKE_LEADS) and _MOJIBAKE_HINT.search(text):
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False,
                             fix_line_breaks=False)
    text = normalise_newlines(text)
    if not text or text.isspace():
        raise NotText("no text (only whitespace)")
    return text, encoding


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufeff" in text[:1]:
        text = text[1:]
    return text


def _decode(data: bytes) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name.replace("-sig", "")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # Mixed encodings: UTF-8 with a few stray cp1252 bytes. Decode each
        # invalid byte on its own as cp1252 rather than guessing one charset.
        return data.decode("utf-8", errors="cp1252_fallback"), "utf-8+cp1252"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        raise NotText("binary data, not text")
    name = best.encoding
    if name in ("ascii", "latin_1", "iso8859_1"):
        name = "cp1252"  # a superset in practice: curly quotes live in 0x80-0x9f
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError):
        return data.decode(name, errors="replace"), name


def _mostly_utf8(data: bytes) -> bool:
    bad = 0
    good = 0
    for match in re.finditer(rb"[\x80-\xff]+", data[:500_000]):
        try:
            match.group().decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    return good > 0 and good * 4 >= bad


def _cp1252_fallback(err: UnicodeDecodeError):
    chunk = err.object[err.start:err.start + 1]
    return chunk.decode("cp1252", errors="replace"), err.start + 1


codecs.register_error("cp1252_fallback", _cp1252_fallback)


_SAMPLE_CHARS = 20_000
_PADDING = "\x00\x1a\r\n"


def _looks_binary(text: str, utf8: bytes | None = None) -> bool:
    """`utf8`: the whole of `text` as UTF-8, when at hand (every character
    counted here is one byte in it, and U+FFFD three)."""
    # old files were padded out to a block with NUL or ^Z bytes: not binary
    if utf8 is not None:
        data = utf8.rstrip(_PADDING.encode())
        if b"\x00" in data:
            return True
        replacement = data.count("\ufffd".encode())
        size = len(text) - (len(utf8) - len(data))  # (the padding stripped is one byte a character)
    else:
        sample = text[:_SAMPLE_CHARS].rstrip(_PADDING)
        if "\x00" in sample:
            return True
        data = sample.encode("utf-8", "surrogatepass")  # (a C loop, where the pattern tried every character)
        replacement = sample.count("\ufffd")
        size = len(sample)
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return (controls + replacement) > max(8, size // 50)
