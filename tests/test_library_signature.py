"""Near-duplicate signatures: the numpy MinHash gives datasketch's values, so keys stored by
earlier releases still find the same stories."""
from __future__ import annotations

import numpy as np
from datasketch import MinHash
from hypothesis import given, settings, strategies as st

from ficarchive.library import signature


def _datasketch(shingle_set: np.ndarray) -> np.ndarray:
    mh = MinHash(num_perm=signature.NUM_PERM, seed=1, hashfunc=lambda v: v, scheme=signature.SCHEME)
    mh.update_batch(shingle_set.tolist())
    return mh.hashvalues.astype(np.uint32)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=1, max_size=400, unique=True))
def test_minhash_is_datasketchs(values):
    shingle_set = np.array(sorted(values), dtype=np.uint64)
    assert np.array_equal(signature.minhash(shingle_set), _datasketch(shingle_set))


def test_minhash_of_story_shingles_is_datasketchs():
    tokens = signature.words("Buffy came back to the library. " * 3 + "Spike said nothing about the rain at all.")
    shingle_set = signature.shingles(tokens)
    assert np.array_equal(signature.minhash(shingle_set), _datasketch(shingle_set))


def test_word_hashes_are_crc32_whether_cached_or_not():
    import zlib
    words = [f"wort{i}" for i in range(50)] + ["wort1", "café"]
    ids = [signature._CODES[w] for w in words] + [signature._CODES[w] for w in words]
    assert ids == [zlib.crc32(w.encode("utf-8")) for w in words] * 2
