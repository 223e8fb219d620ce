"""Kept columns saved in the user's cache folder (library/columns_file.py): a later process maps
them back instead of building them, gives what the SQL path gives, and never uses a file made
from another state of the library."""
from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import bench_library
from ficarchive import Library
from ficarchive.library import columns, columns_file, common_words
from ficarchive.library.db import generation

QUERIES = ["said", "night -rain rating:teen", "\"said nothing\"", "lantern*", "-tag:angst words:>20",
           "author:a", "tag:a said", "complete:yes", "old*"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FICARCHIVE_CACHE", str(folder))
    return folder


@pytest.fixture
def lib_path(tmp_path, monkeypatch):
    # Common words in a small library (library/common_words.py), so that ranking reads the saved
    # bm25 length terms.
    monkeypatch.setattr(common_words, "COMMON_MIN", 10)
    monkeypatch.setattr(common_words, "COMMON_SHARE", 0.2)
    stories = tmp_path / "stories"
    bench_library().write_stories(stories, 40, words=50, seed=5)
    path = tmp_path / "lib" / "library.db"
    with Library(path) as lib:
        lib.import_paths([stories], jobs=1)
    return path


def answers(path, queries=QUERIES) -> list:
    with Library(path, create=False) as lib:
        return [(q, sort, lib.search(q, sort=sort, limit=None, facets=True).to_dict())
                for q in queries for sort in ("relevance", "words", "title")]


def saved(cache) -> list[tuple[str, str]]:
    """(library, part) of each saved file ('' for the base part)."""
    return [(p.name.split(".")[0], p.name.split(".")[1] if p.name.count(".") == 2 else "")
            for p in (cache / "columns").glob("*.columns")]


def no_build(monkeypatch):
    def refuse(self, conn):
        raise AssertionError("built, not loaded")
    monkeypatch.setattr(columns.WorkColumns, "_build", refuse)


def test_saved_on_first_search_and_mapped_back_by_the_next_process(lib_path, cache, monkeypatch):
    monkeypatch.setenv("FICARCHIVE_CACHE", "")
    by_sql = answers(lib_path)  # each connection's first search: the SQL path
    monkeypatch.setenv("FICARCHIVE_CACHE", str(cache))
    with Library(lib_path, create=False) as lib:
        lib.search("said", sort="words")
        assert lib._columns.pks is not None  # built at once, and saved
    assert len(saved(cache)) == 1  # only what that search needed
    with Library(lib_path, create=False) as lib:
        lib.search("author:a said")  # by relevance, with a tag name searched and author links
    assert sorted(part for _, part in saved(cache)) == ["", "norms", "other_links", "tag_names"]
    no_build(monkeypatch)
    monkeypatch.setattr(columns.WorkColumns, "_read_other_links", lambda self, conn: pytest.fail("read, not loaded"))
    monkeypatch.setattr(columns, "_read_tag_names", lambda conn: pytest.fail("read, not loaded"))
    monkeypatch.setattr(common_words, "doc_norms", lambda conn, pks: pytest.fail("read, not loaded"))
    assert answers(lib_path) == by_sql  # every search maps the saved columns


def test_a_change_makes_the_saved_columns_stale(lib_path, cache, monkeypatch):
    answers(lib_path, ["said"])
    with Library(lib_path) as lib:
        work = lib.search("said", limit=1).works[0]
        lib.edit(work["id"], set={"rating": "Explicit" if work["rating"] != "Explicit" else "Mature"})
        edited = lib.get(work["id"]).rating
    built = []
    real_build = columns.WorkColumns._build
    monkeypatch.setattr(columns.WorkColumns, "_build", lambda self, conn: built.append(1) or real_build(self, conn))
    with Library(lib_path, create=False) as lib:
        found = lib.search(f"id:{work['id'][:8]}", facets=["rating"]).facets["rating"]
    assert built == [1] and found == [{"value": edited, "count": 1}]
    with Library(lib_path, create=False) as lib:  # saved again for the new generation
        lib.search("said")
    assert built == [1]


def test_every_change_is_a_new_generation_written_in_a_transaction(lib_path, tmp_path):
    """The saved columns name the generation they were made from, so every write must set a new
    one, and in a transaction (a write outside one would change the library unseen)."""
    more = tmp_path / "more"
    bench_library().write_stories(more, 3, words=40, seed=99)
    with Library(lib_path) as lib:
        outside = []
        lib.conn.set_trace_callback(
            lambda sql: outside.append(sql) if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE",
                                                                                 "REPLACE")) and
            not lib.conn.in_transaction and "temp." not in sql else None)
        work = lib.search("said", limit=1).works[0]["id"]
        tag = lib.tags("freeform")[0].name
        changes = [
            lambda: lib.import_paths([more], jobs=1),
            lambda: lib.edit(work, set={"rating": "Explicit"}),
            lambda: lib.edit(work, add={"freeform": "A Tag Of My Own"}),
            lambda: lib.edit(work, reset=["rating"]),
            lambda: lib.reanalyze(f"id:{work[:8]}", jobs=1),
            lambda: lib.rename_tag(tag, tag + " Renamed", kind="freeform"),
            lambda: lib.add_synonym("My Synonym", tag + " Renamed", kind="freeform"),
            lambda: lib.merge_tags("A Tag Of My Own", tag + " Renamed", kind="freeform"),
        ]
        seen = {generation(lib.conn)}
        for change in changes:
            change()
            now = generation(lib.conn)
            assert now not in seen
            seen.add(now)
        assert outside == []


def test_a_restored_copy_never_meets_the_columns_of_a_later_state(lib_path, cache, tmp_path):
    backup = tmp_path / "backup.db"
    with Library(lib_path) as lib:
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(lib_path, backup)
        found = lib.search("said", limit=1).works[0]
        work = found["id"]
        lib.edit(work, set={"rating": "Explicit" if found["rating"] != "Explicit" else "Mature"})
        before = lib.get(work).rating
    answers(lib_path, ["said"])  # saved for the edited state
    shutil.copyfile(backup, lib_path)
    for extra in ("-wal", "-shm"):
        lib_path.with_name(lib_path.name + extra).unlink(missing_ok=True)
    with Library(lib_path, create=False) as lib:
        restored = lib.get(work).rating
        assert restored != before
        assert lib.search(f"id:{work[:8]}", facets=["rating"]).facets["rating"] == [{"value": restored, "count": 1}]


def test_a_damaged_file_or_no_folder_means_building(lib_path, cache, tmp_path, monkeypatch):
    expected = answers(lib_path, ["said", "author:a"])
    for kept in (cache / "columns").glob("*.columns"):
        whole = kept.read_bytes()
        for damage in (whole[:300], whole[:-64], b"", b"not columns at all"):
            kept.write_bytes(damage)
            assert answers(lib_path, ["said", "author:a"]) == expected
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FICARCHIVE_CACHE", str(blocked))
    assert answers(lib_path, ["said", "author:a"]) == expected


def test_each_library_has_its_own_file(lib_path, cache, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    with Library(other) as lib:
        lib.import_paths([bench_library().write_stories(tmp_path / "few", 2, words=30, seed=3)[0]], jobs=1)
        assert lib.search("", facets=True).total == 1
    answers(lib_path, ["said"])
    with Library(other, create=False) as lib:
        assert lib.search("the").total <= 1
    assert len({library for library, _ in saved(cache)}) == 2
    assert columns_file.load(None, {}) is None


def test_a_schema_7_library_gets_a_generation(lib_path):
    with Library(lib_path) as lib:
        lib.conn.execute("DELETE FROM meta WHERE key = 'generation'")
        lib.conn.execute("PRAGMA user_version=7")
    with Library(lib_path) as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == 8
        assert generation(lib.conn) is not None


def test_a_file_saved_in_another_format_is_built_again(lib_path, cache, monkeypatch):
    expected = answers(lib_path, ["author:a", "said"])
    monkeypatch.setattr(columns, "SAVED_FORMAT", columns.SAVED_FORMAT + 1)  # a later ficarchive's fields
    built = []
    real_build = columns.WorkColumns._build
    monkeypatch.setattr(columns.WorkColumns, "_build", lambda self, conn: built.append(1) or real_build(self, conn))
    assert answers(lib_path, ["author:a", "said"]) == expected
    assert len(built) == 1


@given(st.lists(st.text(alphabet="abAB d", max_size=6), max_size=12), st.text(alphabet="abAB d", min_size=1, max_size=3))
def test_lines_containing_finds_what_a_plain_search_finds(names, text):
    joined = ("\n".join(names) + "\n").encode("utf-8")
    starts = np.concatenate(([0], np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 10) + 1))[:len(names)]
    found = columns._lines_containing(np.frombuffer(joined, dtype=np.uint8), starts,
                                      np.frombuffer(text.encode("utf-8"), dtype=np.uint8))
    assert found.tolist() == [i for i, name in enumerate(names) if text in name]


def test_a_part_made_after_a_change_is_not_saved_as_the_older_generation(lib_path, cache):
    with Library(lib_path) as lib:
        lib.search("said", sort="words")
        kept = lib._columns
        with Library(lib_path) as other:  # another process's commit, within this search
            work = other.search("said", limit=1).works[0]["id"]
            other.edit(work, add={"author": "A Later Author"})
        assert "a later author" in bytes(kept._tag_names(lib.conn)[0]).decode()  # read from the later state
    assert "tag_names" not in {part for _, part in saved(cache)}


def test_an_import_leaves_the_columns_saved_for_the_next_search(tmp_path, cache, monkeypatch):
    stories = tmp_path / "stories"
    bench_library().write_stories(stories, 12, words=40, seed=8)
    path = tmp_path / "cli.db"
    subprocess.run([sys.executable, "-m", "ficarchive.cli", "import", "--library", str(path), "--jobs", "1",
                    str(stories)], check=True, capture_output=True)
    assert [part for _, part in saved(cache)] == [""]
    no_build(monkeypatch)
    with Library(path, create=False) as lib:
        assert lib.search("the", sort="words").total > 0
    with Library(path, create=False) as lib:  # nothing new: nothing to prepare, and no cache: False
        monkeypatch.setenv("FICARCHIVE_CACHE", "")
        assert lib.prepare_search() is False
