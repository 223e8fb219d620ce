"""Near-duplicate detection: the same story from two archives or formats, or an
update with more chapters.

Candidates come from two keys per source, stored in the `lsh` table so the index
lives on disk and memory stays flat however large the library grows:

* MinHash LSH: a `datasketch.MinHash` over the story text's word 4-shingles, cut
  into bands with the (bands, rows) that `datasketch.MinHashLSH` chooses for
  `LSH_THRESHOLD`; each band's hash is a key. Finds reformatted copies.
* the opening: a hash of each of the first `OPENING_WINDOWS` runs of
  `OPENING_WORDS` words. Finds updates (chapters added keep the opening), whose
  Jaccard similarity to the old text can be far below any useful LSH
  threshold, even when a sentence near the start was revised.

A candidate is then verified exactly: containment of the shorter text's shingle
set in the longer's must reach `MATCH_CONTAINMENT`. Before its text is read, a
work's stored sketch (a bitmap of its shingles, `sketch`) bounds that
containment from above: most candidates (stories that merely share an opening
disclaimer or a few sentences) are ruled out without rebuilding their shingles. Measured on
tests/fixtures/library and the corpus (test_library.py checks these): the same
text as txt/HTML/EPUB 1.000; a revised archive copy against the list draft
0.956 (Jaccard 0.908); the first two chapters of the draft against the revised
complete story 0.938 (Jaccard 0.481, so only the opening keys find it); an
update against its first part 1.000 (Jaccard 0.534); different stories, a
sequel with the same cast included, at most 0.010.
"""
from __future__ import annotations

import hashlib
import json
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import shingle_scan

NUM_PERM = 64
SEED = 1
SCHEME = "affine32"  # datasketch's hashing scheme; keys depend on it, so it is pinned
SHINGLE_WORDS = 4
LSH_THRESHOLD = 0.7
OPENING_WORDS = 16
OPENING_WINDOWS = 6
MATCH_CONTAINMENT = 0.8

_WORD = re.compile(r"\w+")
_MASK = np.uint64(0xFFFFFFFF)
_MULT = np.uint64(0x01000193)  # FNV prime: mixes the words of a shingle


PARAMS_FILE = Path(__file__).with_name("data") / "minhash.json"


@lru_cache(maxsize=1)
def _params() -> dict:
    """datasketch's permutations and LSH bands for these settings, as `tools/minhash_params.py`
    wrote them (importing datasketch would bring in scipy: a second of CPU per import worker)."""
    params = json.loads(PARAMS_FILE.read_text())
    settings = {"num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME, "threshold": LSH_THRESHOLD}
    if any(params.get(k) != v for k, v in settings.items()):
        raise RuntimeError(f"{PARAMS_FILE} was made for other settings than {settings}: "
                           "run tools/minhash_params.py")
    return params


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The permutations (a, b as uint32)."""
    params = _params()
    return np.array(params["a"], dtype=np.uint32), np.array(params["b"], dtype=np.uint32)


def _bands() -> tuple[int, int]:
    """(bands, rows per band) `datasketch.MinHashLSH` chooses for LSH_THRESHOLD."""
    params = _params()
    return params["bands"], params["rows"]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_CRC_TABLE = shingle_scan.crc_table()


def text_shingles(text: str) -> np.ndarray:
    """`shingles(words(text))`: in one typed walk where it was built."""
    return _lowered_shingles(text.lower())


def shingles_and_keys(text: str) -> tuple[np.ndarray, list[int]]:
    """`text_shingles(text)` and `candidate_keys(text, those shingles)`, the text lowered once."""
    lowered = text.lower()
    shingle_set = _lowered_shingles(lowered)
    return shingle_set, _lowered_keys(lowered, shingle_set)


def _lowered_shingles(lowered: str) -> np.ndarray:
    if shingle_scan.COMPILED:
        return shingle_scan.shingle_hashes(lowered, _CRC_TABLE, SHINGLE_WORDS)
    return shingles(_WORD.findall(lowered))


_MAX_CODES = 200_000  # about a library's vocabulary; past it, new words are hashed each time they come


class _Codes(dict):
    """Each word's 32-bit hash, kept per process: words repeat across works, and hashing them was
    most of the cost of verifying a near-duplicate candidate. A miss hashes the word (a dict
    subclass's `__missing__`, so hits stay a plain C lookup)."""

    def __missing__(self, word: str) -> int:
        code = zlib.crc32(word.encode("utf-8"))
        if len(self) < _MAX_CODES:
            self[word] = code
        return code


_CODES = _Codes()


def shingles(tokens: list[str]) -> np.ndarray:
    """The distinct 32-bit hashes of every run of SHINGLE_WORDS words."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter(map(_CODES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    k = min(SHINGLE_WORDS, len(ids))
    acc = ids[: len(ids) - k + 1].copy()
    for i in range(1, k):
        acc *= _MULT
        acc ^= ids[i: len(ids) - k + 1 + i]
        acc &= _MASK
    return np.unique(acc)


def to_bytes(shingle_set: np.ndarray) -> bytes:
    """A shingle set as little-endian uint32 (its hashes are 32-bit): how workers send it."""
    return shingle_set.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)


def candidate_keys(text: str, shingle_set: np.ndarray) -> list[int]:
    """LSH band keys and the opening keys of `text` with these shingles (`text_shingles(text)`), as
    signed 32-bit ints (4 bytes in SQLite; a collision only adds a candidate, which is verified on
    the texts)."""
    return _lowered_keys(text.lower(), shingle_set)


_OPENING_PREFIXES = tuple(b"open%d:" % i for i in range(OPENING_WINDOWS))


@lru_cache(maxsize=1)
def _band_prefixes() -> tuple[bytes, ...]:
    return tuple(b"band%d:" % band for band in range(_bands()[0]))


def _lowered_keys(lowered: str, shingle_set: np.ndarray) -> list[int]:
    keys: list[int] = []
    if len(shingle_set):
        r = _bands()[1] * 4  # a band's bytes: its rows' uint32 values
        values = minhash(shingle_set).astype("<u4").tobytes()  # (sliced as bytes: numpy slices cost more)
        keys = [_key(prefix + values[band * r:(band + 1) * r]) for band, prefix in enumerate(_band_prefixes())]
    tokens = _opening_words(lowered, OPENING_WINDOWS * OPENING_WORDS)
    for i, prefix in enumerate(_OPENING_PREFIXES):
        window = tokens[i * OPENING_WORDS:(i + 1) * OPENING_WORDS]
        if len(window) < OPENING_WORDS:
            break
        keys.append(_key(prefix + " ".join(window).encode("utf-8")))
    return keys


def _opening_words(lowered: str, count: int) -> list[str]:
    """`words(text)[:count]`, read from a stretch of the text long enough to hold them (the stretch's
    last word may be cut at its end, so one more word than wanted must be in it); in a typed walk
    where it was built."""
    if shingle_scan.COMPILED:
        return shingle_scan.first_words(lowered, count)
    end = 8 * count
    while True:
        found = _WORD.findall(lowered, 0, end)
        if len(found) > count or end >= len(lowered):
            return found[:count]
        end *= 2


def minhash(shingle_set: np.ndarray) -> np.ndarray:
    """The MinHash signature (uint32, NUM_PERM values) `datasketch.MinHash.update_batch` gives for
    these hashes with the identity hash function and the "affine32" scheme, in one numpy pass:
    each hash pre-mixed with the MurmurHash3 finalizer, then every permutation a*h+b (uint32,
    wrapping) and the minimum per permutation. datasketch makes a Python call per value first,
    which was most of its cost; tests check the two agree."""
    a, b = _permutations()
    if shingle_scan.COMPILED:
        out = np.empty(NUM_PERM, dtype=np.uint32)
        shingle_scan.minhash_into(shingle_set, a, b, out)
        return out
    return (_fmix32(shingle_set)[:, None] * a + b).min(axis=0)


def _fmix32(shingle_set: np.ndarray) -> np.ndarray:
    """The hashes through the MurmurHash3 finalizer (uint32): every bit depends on every other."""
    hv = shingle_set.astype(np.uint32)
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return hv


SKETCH_MIN_BITS = 384
SKETCH_MAX_BITS = 1 << 16


def sketch(shingle_set: np.ndarray) -> bytes:
    """How many shingles the set has (4 bytes) and a bitmap with one bit set per shingle, of at
    least as many bits as there are shingles (so at most about 63% of them are set), a multiple of
    64 from 384 (48 bytes, 2.5% of a 300-word work's raw text) to 65,536."""
    n = len(shingle_set)
    bits = min(max(SKETCH_MIN_BITS, -(-n // 64) * 64), SKETCH_MAX_BITS)
    if shingle_scan.COMPILED:
        packed = np.zeros(bits // 8, dtype=np.uint8)
        shingle_scan.sketch_into(shingle_set, bits, packed)
    else:
        bitmap = np.zeros(bits, dtype=bool)
        bitmap[_fmix32(shingle_set) % np.uint32(bits)] = True
        packed = np.packbits(bitmap, bitorder="little")
    return n.to_bytes(4, "little") + packed.tobytes()


def containment_at_most(shingle_set: np.ndarray, sketches: list[bytes]) -> list[float]:
    """For each sketch, a bound on `containment(shingle_set, the set it was made from)`: the
    shingles whose bit is set there (never fewer than the true intersection, since a shingle in
    both sets has its bit set) over the same denominator, divided the same way, so the bound is
    never below the containment itself. Sketches of one size are tested together, as a matrix."""
    out = [0.0] * len(sketches)
    if not len(shingle_set):
        return out
    mixed = _fmix32(shingle_set)
    by_size: dict[int, list[int]] = {}
    for i, made in enumerate(sketches):
        by_size.setdefault(len(made), []).append(i)
    for size, which in by_size.items():
        rows = np.frombuffer(b"".join(sketches[i] for i in which), dtype=np.uint8).reshape(len(which), size)
        counts = rows[:, :4].copy().view("<u4")[:, 0]
        at = mixed % np.uint32((size - 4) * 8)
        bits = rows[:, 4 + (at >> np.uint32(3))] & (np.uint8(1) << (at & np.uint32(7)).astype(np.uint8))
        for i, shared, n in zip(which, np.count_nonzero(bits, axis=1).tolist(), counts.tolist()):
            out[i] = shared / min(len(shingle_set), n) if n else 0.0
    return out


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest()[:4], "little", signed=True)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """|A ∩ B| / min(|A|, |B|): 1.0 when the shorter text is inside the longer."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / min(len(a), len(b))
