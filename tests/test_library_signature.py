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


def test_the_shipped_parameters_are_datasketchs():
    """The import reads the permutations and bands from a data file (datasketch brings in scipy);
    they must be what datasketch makes for signature.py's settings, or stored keys stop matching."""
    import importlib.util
    import json
    from pathlib import Path

    tool = Path(__file__).resolve().parents[1] / "tools" / "minhash_params.py"
    spec = importlib.util.spec_from_file_location("minhash_params", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made, shipped = module.params(), json.loads(signature.PARAMS_FILE.read_text())
    made.pop("made_by"), shipped.pop("made_by")
    assert shipped == made
    a, b = signature._permutations()
    assert a.dtype == b.dtype == np.uint32 and a.tolist() == made["a"] and b.tolist() == made["b"]
    assert signature._bands() == (made["bands"], made["rows"])


def test_the_import_path_does_not_load_datasketch():
    import subprocess
    import sys

    code = ("import sys\nfrom ficarchive.library import signature\n"
            "s = signature.text_shingles('one two three four five six')\n"
            "signature.candidate_keys('one two three four five six', s)\n"
            "print('datasketch' in sys.modules, 'scipy' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["False", "False"]


def test_minhash_of_story_shingles_is_datasketchs():
    tokens = signature.words("Buffy came back to the library. " * 3 + "Spike said nothing about the rain at all.")
    shingle_set = signature.shingles(tokens)
    assert np.array_equal(signature.minhash(shingle_set), _datasketch(shingle_set))


def test_word_hashes_are_crc32_whether_cached_or_not():
    import zlib
    words = [f"wort{i}" for i in range(50)] + ["wort1", "café"]
    ids = [signature._CODES[w] for w in words] + [signature._CODES[w] for w in words]
    assert ids == [zlib.crc32(w.encode("utf-8")) for w in words] * 2


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=0, max_size=3000, unique=True),
       st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=3000, unique=True),
       st.integers(min_value=0, max_value=3000))
def test_a_sketch_never_rules_out_a_text_that_contains_enough(mine, theirs, shared):
    """`containment_at_most` is never below the containment itself, whatever the sizes, tested
    alone or beside sketches of other sizes: a true near-duplicate is never ruled out."""
    theirs = sorted(set(theirs) | set(mine[:shared]))
    a, b = np.array(sorted(mine), dtype=np.uint64), np.array(theirs, dtype=np.uint64)
    sketch, small = signature.sketch(b), signature.sketch(b[:100])
    bounds = signature.containment_at_most(a, [sketch, small, sketch])
    assert bounds[0] == bounds[2] == signature.containment_at_most(a, [sketch])[0]
    assert bounds[1] == signature.containment_at_most(a, [small])[0]
    assert bounds[0] >= signature.containment(a, b) and bounds[1] >= signature.containment(a, b[:100])
    if len(b):
        assert signature.containment_at_most(b, [sketch]) == [1.0]
    bits = (len(sketch) - 4) * 8
    assert signature.SKETCH_MIN_BITS <= bits <= signature.SKETCH_MAX_BITS and bits % 64 == 0
    assert bits >= min(len(b), signature.SKETCH_MAX_BITS)


def test_a_sketch_rules_out_stories_that_only_share_sentences():
    """Two 300-word stories with a third of their text in common (an opening disclaimer, stock
    sentences): the bound stays well under the containment a match needs, so the candidate's
    text is never read."""
    rng = np.random.default_rng(7)
    common = [f"w{i}" for i in rng.integers(0, 5000, 100)]
    one = signature.shingles(common + [f"w{i}" for i in rng.integers(0, 5000, 200)])
    two = signature.shingles(common + [f"w{i}" for i in rng.integers(0, 5000, 200)])
    assert signature.containment(one, two) < 0.4
    assert signature.containment_at_most(one, [signature.sketch(two)])[0] < signature.MATCH_CONTAINMENT
