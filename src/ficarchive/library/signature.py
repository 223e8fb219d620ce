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
set in the longer's must reach `MATCH_CONTAINMENT`. Measured on
tests/fixtures/library and the corpus (test_library.py checks these): the same
text as txt/HTML/EPUB 1.000; a revised archive copy against the list draft
0.956 (Jaccard 0.908); the first two chapters of the draft against the revised
complete story 0.938 (Jaccard 0.481, so only the opening keys find it); an
update against its first part 1.000 (Jaccard 0.534); different stories, a
sequel with the same cast included, at most 0.010.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"  # datasketch's hashing scheme; keys depend on it, so it is pinned
SHINGLE_WORDS = 4
LSH_THRESHOLD = 0.7
OPENING_WORDS = 16
OPENING_WINDOWS = 6
MATCH_CONTAINMENT = 0.8

_WORD = re.compile(r"\w+")
_MASK = np.uint64(0xFFFFFFFF)
_MULT = np.uint64(0x01000193)  # FNV prime: mixes the words of a shingle


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _permutations():
    """datasketch's permutations for NUM_PERM and seed 1, made once per process."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_CODES: dict[str, int] = {}
_MAX_CODES = 200_000  # about a library's vocabulary; past it, a work's new words are hashed for it alone


def _codes(tokens: list[str]) -> dict[str, int]:
    """Each word's 32-bit hash. Kept per process: words repeat across works, and hashing them was
    most of the cost of verifying a near-duplicate candidate."""
    new = set(tokens).difference(_CODES)
    if not new:
        return _CODES
    table = _CODES if len(_CODES) + len(new) <= _MAX_CODES else dict(_CODES)
    for word in new:
        table[word] = zlib.crc32(word.encode("utf-8"))
    return table


def shingles(tokens: list[str]) -> np.ndarray:
    """The distinct 32-bit hashes of every run of SHINGLE_WORDS words."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter(map(_codes(tokens).__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    k = min(SHINGLE_WORDS, len(ids))
    acc = ids[: len(ids) - k + 1].copy()
    for i in range(1, k):
        acc = ((acc * _MULT) ^ ids[i: len(ids) - k + 1 + i]) & _MASK
    return np.unique(acc)


def to_bytes(shingle_set: np.ndarray) -> bytes:
    """A shingle set as little-endian uint32 (its hashes are 32-bit): how workers send it."""
    return shingle_set.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint64)


def candidate_keys(tokens: list[str], shingle_set: np.ndarray) -> list[int]:
    """LSH band keys and the opening keys, as signed 32-bit ints (4 bytes in SQLite; a collision
    only adds a candidate, which is verified on the texts)."""
    keys: list[int] = []
    if len(shingle_set):
        mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_identity, permutations=_permutations(),
                     scheme=SCHEME)
        mh.update_batch(shingle_set.tolist())
        b, r = _bands()
        values = mh.hashvalues.astype("<u4")
        for band in range(b):
            keys.append(_key(b"band%d:" % band + values[band * r:(band + 1) * r].tobytes()))
    for i in range(OPENING_WINDOWS):
        window = tokens[i * OPENING_WORDS:(i + 1) * OPENING_WORDS]
        if len(window) < OPENING_WORDS:
            break
        keys.append(_key(b"open%d:" % i + " ".join(window).encode("utf-8")))
    return keys


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest()[:4], "little", signed=True)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """|A ∩ B| / min(|A|, |B|): 1.0 when the shorter text is inside the longer."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / min(len(a), len(b))
