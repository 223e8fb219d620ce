"""Search results against a plain SQL evaluation of the same query: order, paging, totals and
facets, with and without the per-connection kept columns (columns.WorkColumns)."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from conftest import bench_library
from ficarchive import Library
from ficarchive.library import columns
from ficarchive.library import search as searching
from ficarchive.library.store import unpack_facets
from ficarchive.library.tags import FACET_KINDS



@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Library:
    stories = tmp_path_factory.mktemp("stories")
    bench_library().write_stories(stories, 120, words=60, seed=11)
    library = Library(tmp_path_factory.mktemp("lib") / "library.db")
    library.import_paths([stories], jobs=1)
    yield library
    library.close()


ORDER_SQL = {  # sort -> (column, descending by default), as the library documents them
    "relevance": ("rank", False), "words": ("w.word_count", True), "title": ("w.title_sort", False),
    "date": ("w.date", True), "chapters": ("w.chapters", True),
}


def expected(lib: Library, query: str, sort: str, reverse: bool) -> list[int]:
    """Every match's pk in order, by SQL alone (ORDER BY column, then pk, the same way)."""
    compiled = searching.Compiler(lib.conn, lib._resolve_names).compile(searching.parse(query))
    sql_from, params = compiled.sql_from()
    column, descending = ORDER_SQL[sort]
    if sort == "relevance":
        column = "f.rank"
    if reverse:
        descending = not descending
    way = "DESC" if descending else "ASC"
    return [pk for (pk,) in lib.conn.execute(
        f"SELECT w.pk {sql_from} ORDER BY {column} {way}, w.pk {way}", params)]


def pks_of(lib: Library, result) -> list[int]:
    return [lib._pk(w["id"]) for w in result.works]


QUERIES = ["said", "the", "night -rain", "said rating:teen", "-tag:angst", "words:>20 the", "\"said nothing\"",
           "lantern*", "complete:yes"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "words", "title", "date", "chapters"])
def test_order_and_pages_match_sql(lib, query, sort):
    if sort == "relevance" and not searching.Compiler(lib.conn, None).compile(searching.parse(query)).match:
        return  # no text to rank: the library sorts by date instead (test_relevance_without_text_sorts_by_date)
    for reverse in (False, True):
        want = expected(lib, query, sort, reverse)
        full = lib.search(query, sort=sort, reverse=reverse, limit=None)
        assert full.total == len(want)
        assert pks_of(lib, full) == want
        for offset, limit in ((0, 5), (3, 7), (len(want) - 2, 10), (len(want) + 5, 5)):
            page = lib.search(query, sort=sort, reverse=reverse, limit=limit, offset=max(offset, 0))
            assert pks_of(lib, page) == want[max(offset, 0):max(offset, 0) + limit]
            assert page.total == len(want)


def test_relevance_without_text_sorts_by_date(lib):
    assert pks_of(lib, lib.search("-rain", sort="relevance", limit=None)) == expected(lib, "-rain", "date", False)


def facet_counts_by_sql(lib: Library, query: str) -> tuple[Counter, dict[str, Counter]]:
    compiled = searching.Compiler(lib.conn, lib._resolve_names).compile(searching.parse(query))
    sql_from, params = compiled.sql_from()
    ratings: Counter = Counter()
    by_kind: dict[str, Counter] = {kind: Counter() for kind in FACET_KINDS}
    names = dict(lib.conn.execute("SELECT pk, name FROM tags"))
    for rating, blob in lib.conn.execute(f"SELECT w.rating, w.facet_tags {sql_from}", params):
        ratings[rating or "Not Rated"] += 1
        tags, kinds = unpack_facets(np.frombuffer(blob, dtype="<u4"))
        for tag, kind in zip(tags.tolist(), kinds.tolist()):
            by_kind[FACET_KINDS[kind]][names[tag]] += 1
    return ratings, by_kind


@pytest.mark.parametrize("query", ["said", "-tag:angst", "the rating:teen", "zzzznothing"])
@pytest.mark.parametrize("row_width", [16, 2])  # 2: most works have entries past the table's rows
def test_facets_match_sql_with_and_without_kept_columns(tmp_path, lib, query, row_width, monkeypatch):
    monkeypatch.setattr(columns, "ROW_WIDTH", row_width)
    ratings, by_kind = facet_counts_by_sql(lib, query)
    fresh = Library(lib.path, create=False)  # its first faceted search reads facets with the hits;
    try:                                      # its second and third use the kept columns
        results = [fresh.search(query, facets=True, facet_limit=1000) for _ in range(3)]
        assert fresh._columns.pks is not None
    finally:
        fresh.close()
    for result in results:
        assert {f["value"]: f["count"] for f in result.facets["rating"]} == dict(ratings)
        for facet, kind in (("fandom", "fandom"), ("character", "character"), ("tag", "freeform"),
                            ("relationship", "relationship"), ("warning", "warning"), ("category", "category")):
            assert {f["value"]: f["count"] for f in result.facets[facet]} == dict(by_kind[kind]), facet


def test_kept_columns_follow_changes_to_the_library(tmp_path, lib):
    other = Library(lib.path, create=False)
    try:
        for _ in range(2):
            before = other.search("said", facets=["rating"], limit=0)
        work = lib.search("said", limit=1).works[0]
        old = work["rating"]
        lib.edit(work["id"], set={"rating": "Explicit" if old != "Explicit" else "General Audiences"})
        after = other.search("said", facets=["rating"], limit=0)  # another connection's commit
        assert after.facets != before.facets
        ratings, _ = facet_counts_by_sql(lib, "said")
        assert {f["value"]: f["count"] for f in after.facets["rating"]} == dict(ratings)
        lib.edit(work["id"], reset=["rating"])
    finally:
        other.close()


FILTER_QUERIES = ["rating:teen,mature", "-rating:explicit said", "complete:unknown", "-complete:yes", "language:en",
                  "-language:en", "words:50..70", "-words:>60", "chapters:1", "-chapters:<2", "source:txt",
                  "-source:story_0001", "title:river", "-title:river", "said -rain", "-fandom:btvs",
                  "tag:nosuchtagatall", "-tag:nosuchtagatall said", "said rating:explicit -tag:angst words:..65",
                  "zzzznothing rating:teen", "author:a", "-author:ad", "character:\"John Watson\" said",
                  "relationship:\"Kara Thrace/Lee Adama\"", "fandom:btvs -character:willow", "tag:a", "-tag:fluff said",
                  "-tag:ost said", "category:f/f"]


@pytest.mark.parametrize("query", FILTER_QUERIES)
@pytest.mark.parametrize("page_in_sql_share", [0.0, 1.1], ids=["page-in-sql", "keys-in-numpy"])
def test_kept_columns_give_what_sql_gives(lib, query, page_in_sql_share, monkeypatch):
    """A connection's first search runs in SQL; from its second on, filters are masks over kept columns.
    By relevance, either path for the page (SQLite orders it, or every hit's bm25 read back)."""
    monkeypatch.setattr(searching, "_PAGE_IN_SQL_SHARE", page_in_sql_share)
    has_text = bool(searching.Compiler(lib.conn, None).compile(searching.parse(query)).match)
    fresh = Library(lib.path, create=False)
    try:
        for sort in (["relevance"] if has_text else []) + ["date", "title", "words"]:
            want = expected(lib, query, sort, False)
            first = fresh.search(query, sort=sort, limit=None, facets=True)
            again = fresh.search(query, sort=sort, limit=None, facets=True)
            assert fresh._columns.pks is not None
            assert pks_of(lib, first) == pks_of(lib, again) == want, sort
            assert first.facets == again.facets
            # A page, either way round: by relevance SQLite orders only the page.
            for reverse in (False, True):
                want = expected(lib, query, sort, reverse)
                page = fresh.search(query, sort=sort, reverse=reverse, limit=3, offset=1)
                assert pks_of(lib, page) == want[1:4] and page.total == len(want), (sort, reverse)
    finally:
        fresh.close()


def test_id_filter_from_kept_columns(lib):
    wid = lib.search("", limit=1).works[0]["id"]
    fresh = Library(lib.path, create=False)
    try:
        for _ in range(2):
            assert [w["id"] for w in fresh.search(f"id:{wid[:6]}").works] == [wid]
            assert wid not in {w["id"] for w in fresh.search(f"-id:{wid[:6]}", limit=None).works}
    finally:
        fresh.close()
