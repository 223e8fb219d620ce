"""How the library stores what it imports: a new library's page layout, the full-text index
merged after an import with its freed pages given back, and the works stored before the
dictionary repacked without leaving their pages mostly empty."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import bench_library
from ficarchive import Library
from ficarchive.library import codec



def _write_stories(folder: Path, count: int, words: int) -> None:
    bench_library().write_stories(folder, count, words=words, seed=5)


def _index_blocks(conn: sqlite3.Connection) -> tuple[int, int]:
    return conn.execute("SELECT count(*), sum(length(block)) FROM fts_data").fetchone()


def test_a_new_library_gets_large_pages_and_auto_vacuum(tmp_path):
    with Library(tmp_path / "library.db") as lib:
        assert lib.conn.execute("PRAGMA page_size").fetchone()[0] == 8192
        assert lib.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_library_is_created_while_another_process_reads_the_new_file(tmp_path):
    """A search started just as the first import creates the file holds it open in WAL mode;
    setting the library up must not need the file to itself (it used to VACUUM out of WAL)."""
    path = tmp_path / "library.db"
    reader = sqlite3.connect(str(path), isolation_level=None)
    assert reader.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    try:
        with Library(path) as lib:
            assert lib.conn.execute("PRAGMA user_version").fetchone()[0] > 0
            reader.execute("COMMIT")
            _write_stories(tmp_path / "stories", 3, words=60)
            assert lib.import_paths([tmp_path / "stories"], jobs=1).new == 3
        assert reader.execute("SELECT count(*) FROM works").fetchone()[0] == 3
    finally:
        reader.close()


def test_an_import_merges_the_index_and_gives_the_freed_pages_back(tmp_path):
    _write_stories(tmp_path / "stories", 60, words=80)
    with Library(tmp_path / "library.db") as lib:
        lib.import_paths([tmp_path / "stories"], jobs=1, batch_size=5)  # a segment per 5 works
        conn = lib.conn
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        merged = _index_blocks(conn)
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")  # already one segment: nothing to do
        assert _index_blocks(conn) == merged
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")
        assert lib.search("said", limit=None).total > 0


def test_a_small_import_into_a_larger_library_merges_a_bounded_step(tmp_path):
    _write_stories(tmp_path / "first", 60, words=80)
    _write_stories(tmp_path / "later", 63, words=80)
    later = sorted((tmp_path / "later").iterdir())[60:]  # three stories the library lacks
    with Library(tmp_path / "library.db") as lib:
        lib.import_paths([tmp_path / "first"], jobs=1, batch_size=5)
        report = lib.import_paths(later, jobs=1, batch_size=1)
        assert report.new == 3
        conn = lib.conn
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")
        assert lib.count("") == 63


def test_works_stored_before_the_dictionary_are_repacked_into_full_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(codec, "TRAIN_AT", 40)
    _write_stories(tmp_path / "stories", 80, words=120)
    with Library(tmp_path / "library.db") as lib:
        lib.import_paths([tmp_path / "stories"], jobs=1, batch_size=50)
        conn = lib.conn
        assert conn.execute("SELECT count(*) FROM dictionaries").fetchone()[0] == 1
        heads = {blob[0] for (blob,) in conn.execute("SELECT analysis FROM texts")}
        assert heads == {1}  # every work packed with the dictionary
        try:
            size, unused = conn.execute(
                "SELECT sum(pgsize), sum(unused) FROM dbstat WHERE name = 'texts' AND pagetype = 'leaf'").fetchone()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
        assert unused / size < 0.35  # updated in place, the repacked rows left their pages about 80% empty
        for work in lib.search("", limit=None).works:  # and every one reads back
            assert lib.get(work["id"]).word_count == work["word_count"]
