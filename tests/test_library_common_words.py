"""The common words' own index (library/common_words.py): the same results and the same bm25
doubles as FTS5, kept right through imports, edits, tag renames, re-analysis, rollbacks and the
upgrade from schema 6."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import bench_library, common_word_problems
from ficarchive import Library
from ficarchive.library import common_words, db
from ficarchive.library import search as searching


@pytest.fixture()
def small_threshold(monkeypatch):
    """Words in a fifth of the works (and 10 of them) are common, so a test library has some, and
    blocks are small (8 works open, 32 sealed), so that it has both kinds."""
    monkeypatch.setattr(common_words, "COMMON_MIN", 10)
    monkeypatch.setattr(common_words, "COMMON_SHARE", 0.2)
    monkeypatch.setattr(common_words, "OPEN_SHIFT", 3)
    monkeypatch.setattr(common_words, "OPEN", 8)
    monkeypatch.setattr(common_words, "SEALED", 32)


@pytest.fixture()
def lib(tmp_path, small_threshold) -> Library:
    stories = tmp_path / "stories"
    bench_library().write_stories(stories, 90, words=60, seed=5)
    library = Library(tmp_path / "library.db")
    library.import_paths([stories], jobs=1)
    yield library
    library.close()


def _without_index(monkeypatch):
    monkeypatch.setattr(common_words, "lookup", lambda *a, **k: None)


QUERIES = ["said", "the", "said the", "night -said", "-the said", "said rating:teen", "the words:>40 complete:yes",
           "\"said\" tag:angst", "the the", "said -tag:angst -rating:explicit", "sai*", "said*", "saying* the",
           "-sai* the", "th* said", "ta* said", "lantern*", "-ta*", "zyzzyva said"]


def _results(library: Library, query: str, sort, reverse: bool) -> list[dict]:
    pages = []
    for offset in (0, 7):
        library.search(query, sort=sort)  # the kept columns come with a connection's second search
        pages.append(library.search(query, sort=sort, reverse=reverse, limit=7, offset=offset, facets=True).to_dict())
    return pages


@pytest.mark.parametrize("sort", [None, "words", "title"])
def test_common_words_give_the_same_results_as_fts5(lib, monkeypatch, sort):
    common = {t for (t,) in lib.conn.execute("SELECT term FROM common_terms")}
    assert {"said", "the"} <= common  # the index is used below, not bypassed
    used = []
    real = common_words.lookup
    monkeypatch.setattr(common_words, "lookup", lambda *a: used.append(a[1]) or real(*a))
    mine = {(q, r): _results(lib, q, sort, r) for q in QUERIES for r in (False, True)}
    assert used
    _without_index(monkeypatch)
    for (q, r), pages in mine.items():
        assert pages == _results(lib, q, sort, r), q
    assert any(page["total"] for pages in mine.values() for page in pages)


def test_bm25_from_the_index_is_fts5s_to_the_last_bit(lib):
    conn = lib.conn
    pks = np.array([pk for (pk,) in conn.execute("SELECT pk FROM works ORDER BY pk")], dtype=np.int64)
    norms = common_words.doc_norms(conn, pks)
    for words in (["said"], ["the"], ["said", "the"], ["the", "said", "the"]):
        counts = common_words.lookup(conn, [(w, False) for w in words], pks)
        at = np.flatnonzero(np.logical_and.reduce([c > 0 for c in counts]))
        match = " AND ".join(f'"{w}"' for w in words)
        rows = conn.execute(f"SELECT rowid, {searching._BM25} FROM fts WHERE fts MATCH ? ORDER BY rowid",
                            [match]).fetchall()
        assert pks[at].tolist() == [pk for pk, _ in rows]
        assert common_words.bm25(conn, counts, at, norms).tolist() == [rank for _, rank in rows]


def test_which_words_use_the_index(lib):
    pks = np.array([pk for (pk,) in lib.conn.execute("SELECT pk FROM works ORDER BY pk")], dtype=np.int64)
    def lookup(word: str, prefix: bool = False):
        return common_words.lookup(lib.conn, [(word, prefix)], pks)
    assert lookup("Said") is not None          # as FTS5 folds and stems it
    assert lookup("said nothing") is None      # a phrase
    assert lookup("don't") is None             # two tokens
    assert not lookup("zyzzyva")[0].any()      # in no work
    assert lookup("said", prefix=True) is not None
    lib.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.rows USING fts5vocab(main, fts, row)")
    rare = lib.conn.execute("SELECT term FROM temp.rows WHERE term NOT IN (SELECT term FROM common_terms) "
                            "AND term GLOB '[a-z]*' ORDER BY doc DESC LIMIT 1").fetchone()[0]
    assert lookup(rare)[0].any()               # a rare word, read from FTS5's instances of it


def test_the_index_follows_edits_renames_merges_and_reanalysis(lib):
    assert common_word_problems(lib.conn) == []
    works = lib.search("said", limit=3).works
    lib.edit(works[0]["id"], set={"title": "The Said Said Said"})
    lib.edit(works[1]["id"], add={"tag": "the said tag"})
    assert common_word_problems(lib.conn) == []
    tag = lib.conn.execute("SELECT name FROM tags WHERE kind = 'freeform' AND works > 1 LIMIT 1").fetchone()[0]
    lib.rename_tag(tag, "the renamed said", kind="freeform")
    assert common_word_problems(lib.conn) == []
    lib.reanalyze()
    assert common_word_problems(lib.conn) == []
    assert lib.search("said", limit=1).works[0]["title"] == "The Said Said Said"


def test_a_rolled_back_write_leaves_the_index_as_it_was(lib):
    before = lib.conn.execute("SELECT key, counts FROM common_words ORDER BY key").fetchall()
    pk = lib.conn.execute("SELECT min(pk) FROM works").fetchone()[0]
    with pytest.raises(RuntimeError):
        with db.transaction(lib.conn):
            common_words.queue(lib.conn, pk, ("", "", "", "", "said " * 50))
            common_words.flush(lib.conn)
            raise RuntimeError("stop")
    assert lib.conn.execute("SELECT key, counts FROM common_words ORDER BY key").fetchall() == before
    with db.transaction(lib.conn):  # nothing of the rolled-back queue is left to apply
        pass
    assert lib.conn.execute("SELECT key, counts FROM common_words ORDER BY key").fetchall() == before


def test_words_that_become_rare_are_dropped_and_common_ones_added(lib, monkeypatch):
    conn = lib.conn
    before = {t for (t,) in conn.execute("SELECT term FROM common_terms")}
    monkeypatch.setattr(common_words, "COMMON_SHARE", 0.9)
    with db.transaction(conn):
        common_words.rebalance(conn)
    after = {t for (t,) in conn.execute("SELECT term FROM common_terms")}
    assert after < before and after  # only the words in nearly every work stay (half the threshold)
    gone_ids = set(conn.execute("SELECT key >> 32 FROM common_words").fetchall()) - set(
        conn.execute("SELECT id FROM common_terms").fetchall())
    assert not gone_ids
    monkeypatch.setattr(common_words, "COMMON_SHARE", 0.2)
    with db.transaction(conn):
        common_words.rebalance(conn)
    assert {t for (t,) in conn.execute("SELECT term FROM common_terms")} == before
    assert common_word_problems(conn) == []


def test_a_schema_6_library_gets_the_index_when_opened(lib, tmp_path):
    path = Path(lib.conn.execute("PRAGMA database_list").fetchone()[2])
    expected = lib.search("said the", limit=10).to_dict()
    lib.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE common_words")
    conn.execute("DROP TABLE common_terms")
    conn.execute("DELETE FROM meta WHERE key = 'common_words_works'")
    conn.execute("PRAGMA user_version=6")
    conn.close()
    again = Library(path)
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
        assert again.conn.execute("SELECT count(*) FROM common_terms").fetchone()[0] > 0
        assert common_word_problems(again.conn) == []
        assert again.search("said the", limit=10).to_dict() == expected
    finally:
        again.close()


def test_new_works_are_indexed_as_they_are_imported(lib, tmp_path):
    more = tmp_path / "more"
    bench_library().write_stories(more, 30, words=60, seed=9)
    lib.import_paths([more], jobs=1)
    assert common_word_problems(lib.conn) == []


def test_both_kinds_of_block_are_in_use(lib):
    sizes = {len(common_words.decode(blob)) for (blob,) in lib.conn.execute("SELECT counts FROM common_words")}
    assert sizes == {8, 32}
    sealed = int(lib.conn.execute("SELECT value FROM meta WHERE key = 'common_words_sealed'").fetchone()[0])
    assert sealed == lib.conn.execute("SELECT max(pk) FROM works").fetchone()[0] // 32


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([common_words.OPEN, common_words.SEALED]),
       st.dictionaries(st.integers(0, common_words.OPEN - 1), st.integers(1, 100_000), max_size=300))
def test_a_block_reads_back_as_written(size, counts):
    values = np.zeros(size, dtype=np.uint32)
    for offset, count in counts.items():
        values[offset] = count
    assert np.array_equal(common_words.decode(common_words.encode(values)), values)


@given(st.lists(st.integers(0, 2**56 - 1), max_size=40))
def test_varints_decode_as_sqlite_writes_them(numbers):
    def varint(n: int) -> bytes:  # SQLite's format, up to 8 bytes: 7 bits a byte, high bit = more
        groups = [n & 0x7F]
        n >>= 7
        while n:
            groups.append(0x80 | (n & 0x7F))
            n >>= 7
        return bytes(reversed(groups))
    assert common_words.varints(b"".join(varint(n) for n in numbers)).tolist() == numbers


def test_fts5_averages_and_lengths_match_its_own_counts(lib):
    conn = lib.conn
    rows, tokens = common_words.averages(conn)
    assert rows == conn.execute("SELECT count(*) FROM works").fetchone()[0]
    pks = np.array([pk for (pk,) in conn.execute("SELECT pk FROM works ORDER BY pk")], dtype=np.int64)
    lengths = common_words.doc_tokens(conn, pks)
    assert int(lengths.sum()) == tokens
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.all_instances USING fts5vocab(main, fts, instance)")
    per_doc = dict(conn.execute("SELECT doc, count(*) FROM temp.all_instances GROUP BY doc"))
    assert lengths.tolist() == [per_doc.get(int(pk), 0) for pk in pks]
    assert json.dumps(sorted(per_doc)) == json.dumps(pks.tolist())


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\U0010ffff\0"), min_size=1,
               max_size=8), st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\U0010ffff"),
                                    max_size=8))
def test_the_bound_just_below_a_term_keeps_every_term_below_it(term, other):
    bound = common_words._just_below(term).encode()
    assert bound < term.encode()
    if other.encode() < term.encode():
        assert other.encode() <= bound
