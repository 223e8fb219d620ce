"""Near-duplicate keys' loops in typed code (Cython's pure-Python mode, compiled by
`setup.py` like `dialogue/beam.py`), for `signature.py`:

* `shingle_hashes`: a text's words and their 4-shingles in one walk over its
  characters. Each word's code is the CRC-32 of its UTF-8 bytes, computed as the
  characters are read, so no word is made as a string: splitting a 300-word work
  into words, hashing them and rolling the shingles in numpy cost about 140 µs,
  mostly per-word objects and numpy's fixed cost per call on small arrays;
* `first_words`: the opening words the opening keys are made of;
* `minhash_into` and `sketch_into`: the signature and the sketch's bitmap in one
  pass each, instead of numpy's 300 x 64 matrix and its temporaries.

They read and hash exactly as `signature.py`'s numpy code does (a word is `\\w+`
as the regex engine reads a str pattern: `str.isalnum` or `_`; a word's code is
`zlib.crc32` of its UTF-8), so stored keys and shingles do not change; tests run
them compiled and as plain Python against that code. Where no build was made,
`signature.py` keeps its numpy code (this file would be slower as plain Python).
"""
from __future__ import annotations

import numpy as np

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

_MASK32 = cython.declare(cython.uint, 0xFFFFFFFF)
_SHINGLE_MULT = cython.declare(cython.ulonglong, 0x01000193)  # as signature._MULT: mixes a shingle's words
_MOST_WORDS = cython.declare(cython.Py_ssize_t, 8)  # a shingle's words are held in a ring of this many
_FMIX_1 = cython.declare(cython.uint, 0x85EBCA6B)  # the MurmurHash3 finalizer's multipliers
_FMIX_2 = cython.declare(cython.uint, 0xC2B2AE35)


def crc_table() -> np.ndarray:
    """The 256 entries of the reflected CRC-32 (polynomial 0xEDB88320) that `zlib.crc32` uses."""
    table = np.zeros(256, dtype=np.uint32)
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table[n] = c
    return table


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _word_char(ch: cython.Py_UCS4) -> cython.bint:
    if ord(ch) < 128:
        return ("a" <= ch <= "z") or ("0" <= ch <= "9") or ch == "_" or ("A" <= ch <= "Z")
    return ch.isalnum()


@cython.cfunc
@cython.inline
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _crc_byte(crc: cython.uint, byte: cython.uint, table: cython.uint[::1]) -> cython.uint:
    return table[(crc ^ byte) & 0xFF] ^ (crc >> 8)


@cython.cfunc
@cython.exceptval(check=False)
def _crc_char(crc: cython.uint, cp: cython.uint, table: cython.uint[::1]) -> cython.uint:
    """`crc` carried over the character's UTF-8 bytes."""
    if cp < 0x80:
        return _crc_byte(crc, cp, table)
    if cp < 0x800:
        crc = _crc_byte(crc, 0xC0 | (cp >> 6), table)
    elif cp < 0x10000:
        crc = _crc_byte(crc, 0xE0 | (cp >> 12), table)
        crc = _crc_byte(crc, 0x80 | ((cp >> 6) & 0x3F), table)
    else:
        crc = _crc_byte(crc, 0xF0 | (cp >> 18), table)
        crc = _crc_byte(crc, 0x80 | ((cp >> 12) & 0x3F), table)
        crc = _crc_byte(crc, 0x80 | ((cp >> 6) & 0x3F), table)
    return _crc_byte(crc, 0x80 | (cp & 0x3F), table)


@cython.boundscheck(False)
@cython.wraparound(False)
def shingle_hashes(lowered: str, table: cython.uint[::1], words: cython.Py_ssize_t) -> np.ndarray:
    """The distinct hashes (uint64, below 2**32, sorted) of every run of `words` words, as
    `signature.shingles(signature.words(text))` gives them: a text of fewer words gives one hash
    of them all, and none for no words. `lowered`: the text lowered (as `signature.words` reads
    it); `table`: `crc_table()`."""
    if words < 1 or words > _MOST_WORDS:
        raise ValueError(f"a shingle is 1 to {_MOST_WORDS} words")
    out_array = np.empty(len(lowered) // 2 + 1, dtype=np.uint64)  # a word and its gap: 2 characters
    out: cython.ulonglong[::1] = out_array
    ring: cython.ulonglong[::1] = np.zeros(_MOST_WORDS, dtype=np.uint64)
    seen: cython.Py_ssize_t = 0  # words read
    made: cython.Py_ssize_t = 0  # hashes written
    in_word: cython.bint = False
    crc: cython.uint = 0
    ch: cython.Py_UCS4
    i: cython.Py_ssize_t
    h: cython.ulonglong
    for ch in lowered + " ":  # (a space ends the last word)
        if _word_char(ch):
            if not in_word:
                in_word = True
                crc = _MASK32
            if ord(ch) < 0x80:  # (one byte, here: a call would copy the table's view at every character)
                crc = table[(crc ^ ord(ch)) & 0xFF] ^ (crc >> 8)
            else:
                crc = _crc_char(crc, ord(ch), table)
            continue
        if not in_word:
            continue
        in_word = False
        ring[seen % _MOST_WORDS] = (crc ^ _MASK32) & _MASK32
        seen += 1
        if seen >= words:
            h = ring[(seen - words) % _MOST_WORDS]
            for i in range(seen - words + 1, seen):
                h = ((h * _SHINGLE_MULT) ^ ring[i % _MOST_WORDS]) & _MASK32
            out[made] = h
            made += 1
    if 0 < seen < words:
        h = ring[0]
        for i in range(1, seen):
            h = ((h * _SHINGLE_MULT) ^ ring[i]) & _MASK32
        out[made] = h
        made += 1
    hashes = out_array[:made]
    hashes.sort()  # (numpy's sort, then the repeats dropped in place: np.unique costs 10x more here)
    kept: cython.Py_ssize_t = 1 if made else 0
    for i in range(1, made):
        if out[i] != out[kept - 1]:
            out[kept] = out[i]
            kept += 1
    return out_array[:kept].copy()  # (not a view: the spare room goes)


@cython.boundscheck(False)
@cython.wraparound(False)
def first_words(lowered: str, count: cython.Py_ssize_t) -> list:
    """The first `count` words of `lowered` as `signature.words` reads them (`\\w+`), without
    the regex engine, which tries its pattern at every character of the stretch it is given."""
    out = []
    n: cython.Py_ssize_t = len(lowered)
    i: cython.Py_ssize_t
    start: cython.Py_ssize_t = -1  # where the word being read began, or -1 between words
    if count <= 0:
        return out
    for i in range(n):
        if _word_char(lowered[i]):
            if start < 0:
                start = i
        elif start >= 0:
            out.append(lowered[start:i])
            start = -1
            if len(out) == count:
                return out
    if start >= 0:
        out.append(lowered[start:])
    return out


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _fmix32(h: cython.uint) -> cython.uint:
    """The MurmurHash3 finalizer, as signature._fmix32."""
    h ^= h >> 16
    h = (h * _FMIX_1) & _MASK32
    h ^= h >> 13
    h = (h * _FMIX_2) & _MASK32
    return h ^ (h >> 16)


@cython.boundscheck(False)
@cython.wraparound(False)
def minhash_into(shingle_set: cython.ulonglong[::1], a: cython.uint[::1], b: cython.uint[::1],
                 out: cython.uint[::1]) -> None:
    """`out[p]`: the least `a[p] * fmix32(h) + b[p]` (uint32, wrapping) over the set's hashes `h`
    (at least one), as signature.minhash computes it with numpy."""
    n: cython.Py_ssize_t = shingle_set.shape[0]
    perms: cython.Py_ssize_t = out.shape[0]
    i: cython.Py_ssize_t
    p: cython.Py_ssize_t
    mixed_array = np.empty(n, dtype=np.uint32)
    mixed: cython.uint[::1] = mixed_array
    for i in range(n):
        mixed[i] = _fmix32(shingle_set[i] & _MASK32)
    ap: cython.uint
    bp: cython.uint
    least: cython.uint
    value: cython.uint
    for p in range(perms):  # (a permutation at a time: the inner loop is a plain min the compiler vectorises)
        ap, bp, least = a[p], b[p], _MASK32
        for i in range(n):
            value = (ap * mixed[i] + bp) & _MASK32  # (as plain Python: numpy's uint32, wrapping too)
            least = value if value < least else least
        out[p] = least


@cython.boundscheck(False)
@cython.wraparound(False)
def sketch_into(shingle_set: cython.ulonglong[::1], bits: cython.uint, out: cython.uchar[::1]) -> None:
    """Set bit `fmix32(h) % bits` of `out` (bytes, least significant bit first; zeroed) for every
    hash `h` of the set, as signature.sketch does with numpy."""
    n: cython.Py_ssize_t = shingle_set.shape[0]
    i: cython.Py_ssize_t
    at: cython.uint
    for i in range(n):
        at = _fmix32(shingle_set[i] & _MASK32) % bits
        out[at >> 3] |= 1 << (at & 7)
