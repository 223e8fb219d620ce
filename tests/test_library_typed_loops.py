"""library/typed_loops.py, one source run two ways (built to C at install, or plain Python with
numpy): the build that exists is the one imported, and both count and add the same."""
from __future__ import annotations


import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.library import typed_loops


PURE = as_python(typed_loops)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.integers(0, 6), st.integers(1, 30), st.sampled_from([np.uint16, np.int32]), st.data())
def test_compiled_and_numpy_count_the_same(works, width, codes, dtype, data):
    cells = data.draw(st.lists(st.integers(0, codes - 1), min_size=works * width, max_size=works * width))
    rows = np.array(cells, dtype=dtype).reshape(works, width)
    at = np.array(sorted(data.draw(st.sets(st.integers(0, works - 1)))), dtype=np.int64)
    expected = np.bincount(rows[at].ravel(), minlength=codes)
    for module in (typed_loops, PURE):
        counted = module.count_rows(rows, at, codes)
        assert counted.dtype == np.int64 and counted.tolist() == expected.tolist(), module.COMPILED


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([8, 64, 4096]), st.integers(0, 100), st.integers(1, 9000), st.data())
def test_compiled_and_numpy_add_a_block_the_same(size, start, length, data):
    import zstandard

    from ficarchive.library import common_words

    counts = data.draw(st.dictionaries(st.integers(0, size - 1), st.integers(1, 1000), max_size=size))
    values = np.zeros(size, dtype=np.uint32)
    for offset, count in counts.items():
        values[offset] = count
    parts = common_words._parts(common_words.encode(values), zstandard.ZstdDecompressor().decompress)
    base = np.arange(length, dtype=np.uint32)
    expected = base.copy()
    end = min(length, start + size)
    if end > start:
        expected[start:end] += values[:end - start]
    for module in (typed_loops, PURE):
        out = base.copy()
        module.add_block(out, start, *parts)
        assert out.tolist() == expected.tolist(), module.COMPILED


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 20_000)), min_size=1, max_size=60), st.data())
def test_compiled_and_numpy_score_bm25_to_the_same_bits(works, data):
    count = np.array([c for c, _ in works], dtype=np.uint32)
    length = np.array([n for _, n in works], dtype=np.int64)
    at = np.array(sorted(data.draw(st.sets(st.integers(0, len(works) - 1)))), dtype=np.int64)
    idf = data.draw(st.floats(1e-6, 12.0))
    avgdl = data.draw(st.floats(1.0, 5_000.0))
    start = data.draw(st.lists(st.floats(0.0, 30.0), min_size=len(at), max_size=len(at)))
    scores = []
    for module in (typed_loops, PURE):
        score = np.array(start, dtype=np.float64)
        module.add_bm25(score, count, at, module.length_norms(length, avgdl, 1.2, 0.75), idf, 1.2)
        scores.append(score.tolist())
    expected = [s + idf * ((float(count[i]) * (1.2 + 1.0)) / (float(count[i]) + 1.2 * (1 - 0.75 + 0.75 * float(length[i])
                                                                                          / avgdl)))
                for s, i in zip(start, at)]
    assert scores[0] == scores[1] == expected
