"""library/shingle_scan.py, the near-duplicate keys' typed loops, gives what signature.py's numpy
code gives (the keys and shingles an existing library has stored must not change): compiled
(when built) and as plain Python (loaded from its source with Cython hidden)."""
import zlib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.library import shingle_scan, signature

PLAIN = as_python(shingle_scan)
SOURCE = Path(shingle_scan.__file__).with_name("shingle_scan.py")
BUILT = [p for p in SOURCE.parent.iterdir()
         if p.name.startswith("shingle_scan.") and any(p.name.endswith(s) for s in EXTENSION_SUFFIXES)]
TABLE = shingle_scan.crc_table()
_PIECES = st.sampled_from(
    ["the", "She", "x_y", "_", "3", "٣", "²", "Ⅻ", "é", "É", "ß", "İ", "ı", "ǅ", "中文", "𝔘", "\U0001F600", "\u0301",
     "’", "'", "“", "—", "-", ".", " ", "  ", "\n", "\u00a0", "said", "Buffy", "and", "w1"])
_TEXTS = st.text(max_size=60) | st.lists(_PIECES, max_size=50).map("".join)


def numpy_shingles(text: str) -> np.ndarray:
    return signature.shingles(signature.words(text))


def test_the_build_that_exists_is_the_one_imported():
    assert shingle_scan.COMPILED == bool(BUILT), (shingle_scan.__file__, BUILT)
    assert not PLAIN.COMPILED


def test_the_crc_table_is_zlibs():
    for word in ["", "a", "buffy", "straße", "中文", "\U0001F600", "x_1"]:
        got = np.zeros(1, dtype=np.uint64)
        crc = 0xFFFFFFFF
        for byte in word.encode("utf-8"):
            crc = int(TABLE[(crc ^ byte) & 0xFF]) ^ (crc >> 8)
        got[0] = crc ^ 0xFFFFFFFF
        assert got[0] == zlib.crc32(word.encode("utf-8"))


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(1, 8))
def test_shingle_hashes_are_the_numpy_shingles(text, words):
    tokens = signature.words(text)
    codes = np.array([zlib.crc32(t.encode("utf-8")) for t in tokens], dtype=np.uint64)
    k = min(words, len(codes))
    expected = np.zeros(0, dtype=np.uint64)
    if k:
        acc = codes[: len(codes) - k + 1].copy()
        for i in range(1, k):
            acc = ((acc * signature._MULT) ^ codes[i: len(codes) - k + 1 + i]) & signature._MASK
        expected = np.unique(acc)
    for module in (shingle_scan, PLAIN):
        got = module.shingle_hashes(text.lower(), TABLE, words)
        assert got.dtype == np.uint64 and got.tolist() == expected.tolist(), module.COMPILED
    if words == signature.SHINGLE_WORDS:
        assert signature.text_shingles(text).tolist() == numpy_shingles(text).tolist()


def test_every_code_point_reads_as_the_regex_engine_reads_it():
    """Each code point between two words, once: a word character joins them, anything else splits."""
    text = " ".join(f"a{chr(cp)}b" for cp in range(0x3000) if not 0xD800 <= cp < 0xE000)
    for module in (shingle_scan, PLAIN):
        assert module.shingle_hashes(text.lower(), TABLE, 4).tolist() == numpy_shingles(text).tolist()


def test_a_shingle_holds_one_to_eight_words():
    for module in (shingle_scan, PLAIN):
        with pytest.raises(ValueError):
            module.shingle_hashes("a b c", TABLE, 0)
        with pytest.raises(ValueError):
            module.shingle_hashes("a b c", TABLE, 9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=400, unique=True))
def test_minhash_and_sketch_are_numpys(hashes):
    shingle_set = np.array(sorted(hashes), dtype=np.uint64)
    a, b = signature._permutations()
    expected = (signature._fmix32(shingle_set)[:, None] * a + b).min(axis=0)
    bits = 384 if len(hashes) < 300 else 448
    bitmap = np.zeros(bits, dtype=bool)
    bitmap[signature._fmix32(shingle_set) % np.uint32(bits)] = True
    for module in (shingle_scan, PLAIN):
        out = np.empty(signature.NUM_PERM, dtype=np.uint32)
        with np.errstate(over="ignore"):  # as plain Python the uint32 products wrap through numpy's scalars
            module.minhash_into(shingle_set, a, b, out)
        assert out.tolist() == expected.tolist(), module.COMPILED
        packed = np.zeros(bits // 8, dtype=np.uint8)
        module.sketch_into(shingle_set, bits, packed)
        assert packed.tolist() == np.packbits(bitmap, bitorder="little").tolist(), module.COMPILED


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, min_size=0, max_size=300).map("".join))
def test_stored_keys_do_not_depend_on_the_build(text):
    """What a worker stores (shingles, keys, sketch) is the same with the typed loops and without."""
    made = []
    for compiled in (shingle_scan.COMPILED, False):
        original = shingle_scan.COMPILED
        shingle_scan.COMPILED = compiled
        try:
            found = signature.text_shingles(text)
            made.append((signature.to_bytes(found), signature.candidate_keys(text, found), signature.sketch(found)))
        finally:
            shingle_scan.COMPILED = original
    assert made[0] == made[1]


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=0, max_size=400).map("".join), st.integers(1, 40))
def test_the_opening_words_are_the_first_words(text, count):
    lowered = text.lower()
    assert signature._opening_words(lowered, count) == signature.words(text)[:count]


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=0, max_size=400).map("".join), st.integers(0, 40))
def test_first_words_are_the_regex_words(text, count):
    """The typed walk's opening words, compiled and as plain Python, are `\\w+` as the regex engine reads it."""
    for module in (shingle_scan, PLAIN):
        assert module.first_words(text.lower(), count) == signature.words(text)[:count], module.COMPILED


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, min_size=0, max_size=300).map("".join))
def test_shingles_and_keys_lower_the_text_once_with_the_same_answers(text):
    shingle_set, keys = signature.shingles_and_keys(text)
    assert shingle_set.tolist() == signature.text_shingles(text).tolist()
    assert keys == signature.candidate_keys(text, shingle_set)
