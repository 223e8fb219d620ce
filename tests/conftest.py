import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from expectations import SHARED  # noqa: E402

# Tests never write to the user's cache folder (and a search's first run takes the SQL path);
# the tests of the caches point FICARCHIVE_CACHE at a folder of their own.
os.environ["FICARCHIVE_CACHE"] = ""


def shared_or_skip() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not present next to the checkout")
    return SHARED


def as_python(module):
    """A typed module's own source run by the interpreter, whatever `import` picks (its C build
    where one was made): the path a machine without a build takes."""
    import importlib.util

    package, name = module.__name__.rsplit(".", 1)
    source = Path(module.__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"{package}._{name}_as_python", source)
    plain = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plain)
    return plain


def bench_library():
    """bench/library.py as a module: its generator of stories writes test libraries."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_library", Path(__file__).resolve().parent.parent / "bench"
                                                  / "library.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def common_word_problems(conn) -> list[tuple]:
    """Where the common words' index disagrees with the full-text index: a work's weighted count
    of a common word, or a word's kept number of works."""
    from ficarchive.library import common_words

    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_instances USING fts5vocab(main, fts, instance)")
    pks = np.array([pk for (pk,) in conn.execute("SELECT pk FROM works ORDER BY pk")], dtype=np.int64)
    problems = []
    for term, works in conn.execute("SELECT term, works FROM common_terms").fetchall():
        (mine,) = common_words.term_counts(conn, [term], pks)
        theirs = np.zeros(len(pks), dtype=np.uint32)
        for pk, count in conn.execute(f"SELECT doc, sum({common_words._WEIGHT_SQL}) FROM temp.check_instances "
                                      "WHERE term = ? GROUP BY doc", (term,)):
            theirs[np.searchsorted(pks, pk)] = count
        problems += [("count", term, int(pk)) for pk in pks[mine != theirs]]
        if works != np.count_nonzero(theirs):
            problems.append(("works", term, works, int(np.count_nonzero(theirs))))
    return problems


def tag_link_problems(conn) -> list[tuple]:
    """What is wrong with a library's tag links: a work without a tag list, a link by tag that
    no list has or the other way round, a tag whose kept count differs from its links."""
    import struct

    problems = [("no list", pk) for (pk,) in conn.execute(
        "SELECT pk FROM works WHERE pk NOT IN (SELECT work FROM work_tag_lists)")]
    listed = set()
    for work, blob in conn.execute("SELECT work, tags FROM work_tag_lists"):
        tags = struct.unpack(f"<{len(blob) // 4}I", blob)
        if len(set(tags)) != len(tags):
            problems.append(("tag twice", work))
        listed.update((tag, work) for tag in tags)
    linked = set(conn.execute("SELECT tag, work FROM tag_works"))
    problems += [("listed, not linked", link) for link in sorted(listed - linked)]
    problems += [("linked, not listed", link) for link in sorted(linked - listed)]
    problems += [("count", name, works, real) for name, works, real in conn.execute(
        "SELECT name, works, (SELECT count(*) FROM tag_works WHERE tag = t.pk) AS real FROM tags t "
        "WHERE works != real")]
    return problems
