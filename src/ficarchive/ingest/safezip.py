"""Zip archives (plain zips and EPUBs) opened with limits, so that a hostile
archive is refused instead of filling memory or writing outside its folder."""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 20_000
    max_member_size: int = 256 * 1024 * 1024
    max_total_size: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, per member


class UnsafeArchive(ValueError):
    pass


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(f"not a readable zip archive ({exc})") from None
    except (OSError, ValueError, EOFError) as exc:
        raise UnsafeArchive(f"truncated or damaged zip archive ({exc})") from None


def check_member_name(name: str) -> str | None:
    """Return why a member name is unsafe, or None."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    parts = posixpath.normpath(name.replace("\\", "/")).split("/")
    if ".." in parts:
        return "path escapes the archive ('..')"
    return None


def check_archive(zf: zipfile.ZipFile, limits: ZipLimits = ZipLimits()) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeArchive(f"too many members ({len(infos)} > {limits.max_members})")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_size:
        raise UnsafeArchive(f"expands to {total} bytes, over the {limits.max_total_size}-byte limit (zip bomb?)")


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits = ZipLimits()) -> bytes:
    """Read one member, refusing it when it is (or turns out to be) too large."""
    if info.file_size > limits.max_member_size:
        raise UnsafeArchive(f"member {info.filename!r} is {info.file_size} bytes, over the limit")
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio and info.file_size > 1_000_000:
        raise UnsafeArchive(f"member {info.filename!r} compresses {info.file_size // info.compress_size}:1 (zip bomb?)")
    # Declared sizes can lie: read in chunks and stop past the limit.
    out = bytearray()
    cap = min(limits.max_member_size, max(info.file_size, 0) + 1)
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                out += chunk
                if len(out) > cap:
                    raise UnsafeArchive(f"member {info.filename!r} is larger than it declares (zip bomb?)")
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(f"member {info.filename!r} is damaged ({exc})") from None
    except (OSError, EOFError, ValueError) as exc:
        raise UnsafeArchive(f"member {info.filename!r} is truncated or damaged ({exc})") from None
    return bytes(out)
