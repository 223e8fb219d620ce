"""How works and originals are packed into the library: zstd-compressed bytes
and JSON. Originals come back byte-exact; the codec is stored with each one."""
from __future__ import annotations

import json
import zlib
from typing import Any

import zstandard

CODEC = "zstd"
_LEVEL = 3
_compressor: zstandard.ZstdCompressor | None = None
_decompressor: zstandard.ZstdDecompressor | None = None


def compress(data: bytes) -> bytes:
    global _compressor
    if _compressor is None:  # one per process: pool workers build their own
        _compressor = zstandard.ZstdCompressor(level=_LEVEL)
    return _compressor.compress(data)


def decompress(blob: bytes, codec: str = CODEC) -> bytes:
    global _decompressor
    if codec == "zlib":
        return zlib.decompress(blob)
    if codec != CODEC:
        raise ValueError(f"unknown codec {codec!r}")
    if _decompressor is None:
        _decompressor = zstandard.ZstdDecompressor()
    return _decompressor.decompress(blob)


def pack_json(value: Any) -> bytes:
    return compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def unpack_json(blob: bytes) -> Any:
    return json.loads(decompress(blob))
