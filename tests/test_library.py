"""The library: import, search, facets, synonyms, corrections, tags, duplicates, originals."""
from __future__ import annotations

import gzip
import json
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import tag_link_problems
from ficarchive import Library
from ficarchive.library import EditError, LibraryError, QueryError
from ficarchive.library import codec, signature
from ficarchive.library.db import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures" / "library"
STYLES = Path(__file__).parent / "fixtures" / "styles"
PATROL_FILES = ["long_patrol.epub", "long_patrol.html", "long_patrol.txt", "long_patrol_ch1-2.txt"]
SPUFFY = "Buffy Summers/Spike (Buffy the Vampire Slayer)"


@pytest.fixture(scope="module")
def stories(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stories")
    for p in FIXTURES.iterdir():
        if p.suffix not in (".py", ".gz"):
            shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture(scope="module")
def lib(tmp_path_factory, stories) -> Library:
    library = Library(tmp_path_factory.mktemp("lib") / "library.db")
    report = library.import_paths([stories, STYLES], jobs=1)
    library.first_report = report
    yield library
    library.close()


def ids(result) -> set[str]:
    return {w["id"] for w in result.works}


def wrong_tag_counts(lib: Library) -> list[tuple]:
    """Tags whose kept count of works differs from the works linking them, and links by tag that
    disagree with the works' tag lists."""
    return tag_link_problems(lib.conn)


def titles(result) -> set[str]:
    return {w["title"] for w in result.works}


def patrol_id(lib: Library) -> str:
    found = lib.search('title:"the long patrol"').works
    assert len(found) == 1
    return found[0]["id"]


# -- import ---------------------------------------------------------------------

def test_import_counts_every_file_and_merges_the_patrol_sources(lib):
    r = lib.first_report
    story_files = len([p for p in FIXTURES.iterdir() if p.suffix not in (".py", ".gz")]) + len(
        [p for p in STYLES.iterdir() if p.is_file() and not p.name.startswith(".")
         and not p.name.endswith((".json", ".py"))])
    assert r.files == story_files
    assert not r.errors
    assert r.works == r.files
    assert r.new == r.files - 3  # the three other Long Patrol files joined the first
    assert r.updated + r.duplicates == 3
    assert lib.count("") == r.new
    assert r.summary().startswith(f"imported {r.files} files: {r.works} works ({r.new} new, ")


def test_same_story_in_three_formats_and_an_update_is_one_work(lib, stories):
    wid = patrol_id(lib)
    sources = lib.sources(wid)
    assert sorted(Path(s.path).name for s in sources) == sorted(PATROL_FILES)
    shown = [s for s in sources if s.shown]
    assert len(shown) == 1
    assert shown[0].word_count == max(s.word_count for s in sources)  # the longer text wins
    work = lib.get(wid)
    assert len(work.chapters) == 4
    assert work.id == shown[0].sha256 == work.source.sha256
    # the work knows what any source stated: the EPUB has no pairing, the others do
    assert SPUFFY in work.relationships
    assert work.authors == ["nightjar_writes"]
    # any source's hash finds the work
    for s in sources:
        assert lib.resolve_id(s.sha256) == wid


def test_originals_come_back_byte_exact(lib, stories):
    for summary in lib.search("", limit=None).works:
        for s in lib.sources(summary["id"]):
            data = lib.original(summary["id"], s.sha256)
            assert hashlib.sha256(data).hexdigest() == s.sha256
            assert data == Path(s.path).read_bytes()


def test_reimport_is_idempotent(lib, stories):
    before = (lib.count(""), lib.stats()["sources"])
    r = lib.import_paths([stories, STYLES], jobs=1)
    assert r.new == 0 and r.updated == 0 and r.duplicates == r.files and not r.errors
    assert (lib.count(""), lib.stats()["sources"]) == before


def test_an_update_arriving_later_replaces_the_text(tmp_path):
    first, later = tmp_path / "a", tmp_path / "b"
    first.mkdir(), later.mkdir()
    shutil.copy(FIXTURES / "long_patrol_ch1-2.txt", first)
    shutil.copy(FIXTURES / "long_patrol.txt", later)
    with Library(tmp_path / "lib.db") as lib:
        assert lib.import_paths([first], jobs=1).new == 1
        wid = lib.search("").works[0]["id"]
        lib.edit(wid, set={"rating": "Explicit"})
        r = lib.import_paths([later], jobs=1)
        assert (r.new, r.updated, r.duplicates) == (0, 1, 0)
        assert lib.count("") == 1
        work = lib.get(wid)
        assert len(work.chapters) == 4 and work.complete is True
        assert work.rating == "Explicit" and work.provenance["rating"].source == "user"
        for s in lib.sources(wid):  # the first part is still there, readable
            assert lib.original(wid, s.sha256) == Path(s.path).read_bytes()


def _sketches(lib: Library) -> list[tuple[int, bytes | None, bytes]]:
    """Each work's kept sketch and the sketch of its stored text."""
    out = []
    for pk, body, sketch in lib.conn.execute("SELECT pk, body, sketch FROM texts ORDER BY pk"):
        text = "\n".join(json.loads(codec.unpack(lib.conn, body)))
        out.append((pk, sketch, signature.sketch(signature.shingles(signature.words(text)))))
    return out


def test_every_kept_sketch_is_the_sketch_of_its_works_text(lib):
    """A sketch made from an older text could rule a true near-duplicate out: after imports,
    updates (the Long Patrol's longer versions) and corrections, each one matches the text."""
    found = _sketches(lib)
    assert len(found) == lib.count("")
    for pk, kept, made in found:
        assert kept == made, pk


def test_a_rewritten_text_loses_a_stale_sketch_and_gets_its_own(tmp_path):
    with Library(tmp_path / "lib.db") as lib:
        lib.import_paths([FIXTURES / "long_patrol_ch1-2.txt", FIXTURES / "chalk_and_salt.txt"], jobs=1)
        lib.conn.execute("UPDATE texts SET sketch = zeroblob(52)")  # as if stale
        lib.reanalyze("")  # rewrites each text from its original: the sketch is made again
        assert all(kept == made for _, kept, made in _sketches(lib))
        # A library from before sketches (schema 4): the candidate is verified on its text, and
        # its sketch kept from then on.
        lib.conn.execute("UPDATE texts SET sketch = NULL")
        r = lib.import_paths([FIXTURES / "long_patrol.txt"], jobs=1)
        assert (r.new, r.updated) == (0, 1) and lib.count("") == 2
        (pk,) = lib.conn.execute("SELECT pk FROM works WHERE title = 'The Long Patrol'").fetchone()
        assert [(p, kept == made) for p, kept, made in _sketches(lib) if kept is not None] == [(pk, True)]


def test_sketches_change_no_placement(tmp_path, stories, monkeypatch):
    """With sketches ruling candidates out or with every candidate verified on its text, the
    same files make the same works."""
    def placements(path):
        with Library(path) as lib:
            lib.import_paths([stories, STYLES], jobs=1)
            return sorted(lib.conn.execute("SELECT s.path, w.title FROM sources s JOIN works w ON w.pk = s.work"))
    with_sketches = placements(tmp_path / "a.db")
    monkeypatch.setattr(signature, "containment_at_most", lambda shingle_set, sketches: [1.0] * len(sketches))
    assert placements(tmp_path / "b.db") == with_sketches


def _back_to_schema_5(c: sqlite3.Connection) -> None:
    """A library's tag links as schema 5 kept them: a row per link with its position, and an index by tag."""
    import struct

    c.execute("CREATE TABLE work_tags (work INTEGER NOT NULL REFERENCES works(pk) ON DELETE CASCADE, "
              "tag INTEGER NOT NULL REFERENCES tags(pk), position INTEGER NOT NULL, PRIMARY KEY (work, tag)) "
              "WITHOUT ROWID")
    c.execute("CREATE INDEX work_tags_tag ON work_tags(tag, work)")
    for work, blob in c.execute("SELECT work, tags FROM work_tag_lists").fetchall():
        tags = struct.unpack(f"<{len(blob) // 4}I", blob)
        c.executemany("INSERT INTO work_tags VALUES (?, ?, ?)", [(work, t, i) for i, t in enumerate(tags)])
    c.execute("DROP TABLE work_tag_lists")
    c.execute("DROP TABLE tag_works")
    c.execute("PRAGMA user_version=5")


def test_a_schema_5_library_is_upgraded(tmp_path, stories):
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        lib.import_paths([stories], jobs=1)
        lib.edit(lib.search("", limit=1).works[0]["id"], add={"freeform": ["Quillfeather Zephyr"]})
        before = lib.search("", limit=None, facets=True)
        works = [lib.get(w["id"]) for w in before.works]
        lists = lib.conn.execute("SELECT work, tags FROM work_tag_lists ORDER BY work").fetchall()
        links = lib.conn.execute("SELECT tag, work FROM tag_works").fetchall()
        hits = lib.count("zephyr"), lib.count("said")
    c = sqlite3.connect(db)
    _back_to_schema_5(c)
    c.commit()
    c.close()
    with Library(db) as lib:
        c = lib.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert c.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'work_tags%'").fetchone()[0] == 0
        assert c.execute("SELECT work, tags FROM work_tag_lists ORDER BY work").fetchall() == lists
        assert c.execute("SELECT tag, work FROM tag_works").fetchall() == links
        assert tag_link_problems(c) == []
        assert lib.search("", limit=None, facets=True) == before
        assert [lib.get(w["id"]) for w in before.works] == works
        assert (lib.count("zephyr"), lib.count("said")) == hits == (1, hits[1])
        lib.rename_tag("Quillfeather Zephyr", "Quillfeather")  # the rows un-index with the listed tags
        c.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
        assert lib.count("quillfeather") == 1 and lib.count("zephyr") == 0


def test_a_schema_4_library_is_upgraded(tmp_path, stories):
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        lib.import_paths([stories], jobs=1)
        before = lib.search("", limit=None).works
    c = sqlite3.connect(db)  # back to schema 4: no sketches
    _back_to_schema_5(c)
    c.execute("ALTER TABLE texts DROP COLUMN sketch")
    c.execute("PRAGMA user_version=4")
    c.commit()
    c.close()
    with Library(db) as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert lib.conn.execute("SELECT count(*) FROM texts WHERE sketch IS NOT NULL").fetchone()[0] == 0
        assert lib.search("", limit=None).works == before
        r = lib.import_paths([FIXTURES / "long_patrol.txt"], jobs=1)
        assert r.duplicates == 1 and lib.count("") == len(before)


def test_near_duplicate_threshold_separates_copies_from_other_stories():
    """The measured figures quoted in signature.py and the README."""
    from ficarchive.parse import parse_file

    def shingles(name):
        return signature.shingles(signature.words(parse_file(FIXTURES / name).text))

    patrol = {name: shingles(name) for name in PATROL_FILES}
    for a in PATROL_FILES:
        for b in PATROL_FILES:
            assert signature.containment(patrol[a], patrol[b]) >= 0.93
    others = ["the_morning_after.txt", "chalk_and_salt.txt", "five_by_five.md", "gate_room_blues.txt",
              "wip_fragment.txt"]
    for other in others:
        assert signature.containment(shingles(other), patrol["long_patrol.txt"]) <= 0.05
    assert signature.MATCH_CONTAINMENT == 0.8


def test_the_sequel_with_the_same_cast_stays_its_own_work(lib):
    assert titles(lib.search("author:nightjar_writes")) == {"The Long Patrol", "The Morning After"}


# -- search -----------------------------------------------------------------------

def test_free_text_words_phrases_prefixes_and_negation(lib):
    assert titles(lib.search('"war memorial"')) == {"The Long Patrol"}
    assert "The Long Patrol" in titles(lib.search("memor*"))
    assert "Chalk and Salt" in titles(lib.search("linoleum"))
    assert "The Long Patrol" not in titles(lib.search("rain -fledgling", limit=None))
    assert lib.search("zzzyzzx").total == 0


def test_title_outranks_body(lib):
    # "chalk" is Chalk and Salt's title; other works may use the word in their text
    assert lib.search("chalk", sort="relevance").works[0]["title"] == "Chalk and Salt"


def test_filters_resolve_what_people_type(lib):
    spuffy = ids(lib.search("relationship:spuffy"))
    assert spuffy and spuffy == ids(lib.search('relationship:"B/S"')) == ids(
        lib.search(f'relationship:"{SPUFFY}"'))
    assert titles(lib.search("relationship:spuffy")) >= {"The Long Patrol", "The Morning After"}
    assert "Chalk and Salt" in titles(lib.search("character:red fandom:btvs"))
    assert titles(lib.search("fandom:sg1")) == {"Gate Room Blues"}
    assert "Five by Five" in titles(lib.search('relationship:"Buffy/Faith"'))


def test_excluding_a_synonym_excludes_the_canonical_tag(lib):
    everything = ids(lib.search("", limit=None))
    excluded = ids(lib.search("-relationship:spuffy", limit=None))
    assert excluded == everything - ids(lib.search("relationship:spuffy", limit=None))
    assert ids(lib.search('-relationship:"B/S"', limit=None)) == excluded


def test_numeric_and_state_filters(lib):
    long_ones = lib.search("words:>600", limit=None).works
    assert long_ones and all(w["word_count"] > 600 for w in long_ones)
    ranged = lib.search("words:100..300", limit=None).works
    assert ranged and all(100 <= w["word_count"] <= 300 for w in ranged)
    assert all(w["chapters"] >= 4 for w in lib.search("chapters:>=4", limit=None).works)
    done = lib.search("complete:yes", limit=None).works
    assert done and all(w["complete"] is True for w in done)
    assert all(w["complete"] is not True for w in lib.search("-complete:yes", limit=None).works)
    assert titles(lib.search("source:epub")) >= {"The Long Patrol"}
    assert all(w["rating"] == "Teen And Up Audiences" for w in lib.search("rating:teen", limit=None).works)
    assert lib.search("rating:pg-13", limit=None).total == lib.search("rating:teen", limit=None).total
    assert lib.search("language:english").total == lib.search("language:en").total > 0


def test_the_issue_example_query_runs(lib):
    lib.search("slayer rating:explicit relationship:spuffy -character:angel words:>5000 complete:yes")


def test_facets_count_the_result_set(lib):
    result = lib.search("fandom:btvs", facets=True, limit=None)
    assert set(result.facets) == {"rating", "warning", "category", "fandom", "relationship", "character", "tag"}
    assert sum(f["count"] for f in result.facets["rating"]) == result.total
    fandoms = {f["value"]: f["count"] for f in result.facets["fandom"]}
    assert fandoms["Buffy the Vampire Slayer"] == result.total
    rels = {f["value"]: f["count"] for f in result.facets["relationship"]}
    assert rels[SPUFFY] == len([w for w in result.works if SPUFFY in w["relationships"]])
    everything = lib.search("", facets=["fandom"])
    assert {f["value"]: f["count"] for f in everything.facets["fandom"]}["Buffy the Vampire Slayer"] >= result.total


@pytest.mark.parametrize("query", ["said", "", "-fandom:btvs", "the complete:yes"])
def test_facets_agree_with_the_works_they_count(lib, query):
    """Every facet, counted from the works' own tag lists; a small facet_limit keeps the
    largest values, ties in name order."""
    result = lib.search(query, facets=True, facet_limit=1000, limit=None)
    assert result.total > 0
    fields = {"warning": "warnings", "category": "categories", "fandom": "fandoms",
              "relationship": "relationships", "character": "characters", "tag": "additional_tags"}
    for facet, fld in fields.items():
        expected: dict[str, int] = {}
        for w in result.works:
            for value in w[fld]:
                expected[value] = expected.get(value, 0) + 1
        assert {f["value"]: f["count"] for f in result.facets[facet]} == expected, facet
        ranked = sorted(expected.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        top = lib.search(query, facets=[facet], facet_limit=3).facets[facet]
        assert [(f["value"], f["count"]) for f in top] == ranked[:3], facet


def test_sorting_and_paging(lib):
    words = [w["word_count"] for w in lib.search("", sort="words", limit=None).works]
    assert words == sorted(words, reverse=True)
    assert [w["word_count"] for w in lib.search("", sort="words", reverse=True, limit=None).works] == sorted(words)
    page1 = lib.search("", sort="title", limit=5)
    page2 = lib.search("", sort="title", limit=5, offset=5)
    assert page1.total == page2.total == lib.count("")
    assert not ids(page1) & ids(page2)


def test_search_json_keys(lib):
    work = lib.search("title:patrol").works[0]
    issue_keys = ["id", "title", "authors", "fandoms", "rating", "warnings", "categories", "relationships",
                  "characters", "additional_tags", "summary", "word_count", "chapters", "complete"]
    assert list(work)[:len(issue_keys)] == issue_keys
    assert work["authors"] == ["nightjar_writes"] and work["chapters"] == 4


@pytest.mark.parametrize("query, named", [
    ("foo:bar", "foo:"),
    ("words:>lots", "lots"),
    ("words:..", "words:.."),
    ('"unclosed phrase', "unclosed"),
    ("rating:spicy", "rating:spicy"),
    ("complete:maybe", "complete:maybe"),
    ("category:X/Y", "category:X/Y"),
    ("language:klingonese", "language:klingonese"),
    ("fandom:", "fandom:"),
    ("id:xyz", "id:xyz"),
])
def test_bad_queries_name_the_bad_part(lib, query, named):
    with pytest.raises(QueryError) as info:
        lib.search(query)
    assert named in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_sort_is_an_error(lib):
    with pytest.raises(QueryError, match="popularity"):
        lib.search("", sort="popularity")


def test_iter_works_streams_full_works(lib):
    works = list(lib.iter_works("fandom:btvs"))
    assert len(works) == lib.count("fandom:btvs")
    assert all(w.chapters and w.chapters[0].text for w in works)


# -- corrections ------------------------------------------------------------------

def test_corrections_survive_reanalyze_and_show_as_user(tmp_path, stories):
    with Library(tmp_path / "lib.db") as lib:
        lib.import_paths([stories], jobs=1)
        wid = patrol_id(lib)
        lib.edit(wid, set={"rating": "Explicit", "title": "The Longest Patrol"},
                 add={"relationship": "Buffy/Faith"}, remove={"character": "Willow"})
        for when in ("edited", "reanalyzed"):
            work = lib.get(wid)
            assert work.title == "The Longest Patrol", when
            assert work.rating == "Explicit"
            assert "Buffy Summers/Faith Lehane" in work.relationships and SPUFFY in work.relationships
            assert not any(c.startswith("Willow") for c in work.characters)
            for fld in ("rating", "title", "relationships", "characters"):
                assert work.provenance[fld].source == "user"
            assert lib.search('rating:explicit title:"longest patrol"').total == 1
            assert wid in ids(lib.search('relationship:"B/F" fandom:btvs'))
            assert wrong_tag_counts(lib) == [], when
            if when == "edited":
                report = lib.reanalyze()
                assert report.updated == lib.count("") and not report.errors
        lib.edit(wid, reset=["rating"])
        assert lib.get(wid).rating == "Mature"
        assert lib.get(wid).provenance["rating"].source != "user"


def test_a_later_add_cancels_an_earlier_remove(tmp_path, stories):
    with Library(tmp_path / "lib.db") as lib:
        lib.import_paths([stories / "chalk_and_salt.txt"], jobs=1)
        wid = lib.search("").works[0]["id"]
        lib.edit(wid, remove={"tag": "Magic"}, add={"tag": "Witchcraft"})
        lib.edit(wid, add={"tag": "Magic"}, remove={"tag": "Witchcraft"})
        work = lib.get(wid)
        assert "Magic" in work.additional_tags and "Witchcraft" not in work.additional_tags
        assert len(lib.overrides(wid)) == 2


@pytest.mark.parametrize("kwargs, named", [
    ({"set": {"rating": "spicy"}}, "spicy"),
    ({"set": {"flavour": "x"}}, "flavour"),
    ({"add": {"rating": "Mature"}}, "rating"),
    ({"set": {"category": "Q/Q"}}, "Q/Q"),
    ({"set": {"complete": "perhaps"}}, "perhaps"),
])
def test_bad_edits_name_the_bad_part(lib, kwargs, named):
    with pytest.raises(EditError, match=named.replace("/", ".")):
        lib.edit(patrol_id(lib), **kwargs)


def test_unknown_and_ambiguous_ids(lib):
    with pytest.raises(LibraryError, match="no such work"):
        lib.get("abcdef0123")
    with pytest.raises(LibraryError, match="no such work"):
        lib.get("a" * 65)
    wid = patrol_id(lib)
    assert lib.resolve_id(wid[:7]) == lib.resolve_id(wid.upper()) == wid
    assert {w["id"] for w in lib.search(f"id:{wid[:5]}").works} == {wid}
    with pytest.raises(LibraryError, match="hexadecimal"):
        lib.get("not-an-id")


# -- tags -------------------------------------------------------------------------

def test_rename_merge_and_synonym_apply_to_every_work(tmp_path, stories):
    with Library(tmp_path / "lib.db") as lib:
        lib.import_paths([stories], jobs=1)
        before = ids(lib.search("relationship:spuffy"))
        lib.add_synonym("Spander Not", SPUFFY, kind="relationship")
        assert ids(lib.search('relationship:"Spander Not"')) == before
        assert not ids(lib.search('-relationship:"Spander Not"', limit=None)) & before

        n = lib.rename_tag(SPUFFY, "Spike/Buffy Summers", kind="relationship")
        assert n == len(before)
        assert ids(lib.search('relationship:"Spike/Buffy Summers"')) == before
        assert ids(lib.search(f'relationship:"{SPUFFY}"')) == before  # the old name is a synonym now
        work = lib.get(next(iter(before)))
        assert "Spike/Buffy Summers" in work.relationships and SPUFFY not in work.relationships
        assert before <= ids(lib.search('"spike buffy summers"'))  # the full-text index follows the rename
        listed = {t.name: t for t in lib.tags("relationship")}
        assert SPUFFY in listed["Spike/Buffy Summers"].synonyms

        faith = ids(lib.search('relationship:"Buffy Summers/Faith Lehane"'))
        lib.merge_tags("Buffy Summers/Faith Lehane", "Spike/Buffy Summers", kind="relationship")
        assert ids(lib.search('relationship:"Spike/Buffy Summers"')) == before | faith
        assert ids(lib.search('relationship:"Buffy Summers/Faith Lehane"')) == before | faith
        assert "Buffy Summers/Faith Lehane" not in {t.name for t in lib.tags("relationship")}
        assert wrong_tag_counts(lib) == []
        # the rename is kept for works imported later
        r = lib.import_paths([FIXTURES / "long_patrol.txt"], jobs=1)
        assert r.duplicates == 1
        assert wrong_tag_counts(lib) == []


def test_the_import_tag_cache_stays_bounded_and_right(tmp_path):
    """A pile with a new tag per work (authors) must not grow the import's memory: the cache
    empties at its limit and still gives each name its one tag."""
    from ficarchive.library.tags import TagCache

    with Library(tmp_path / "lib.db") as lib:
        cache = TagCache(lib.conn, limit=10)
        ids = [cache.canonical_id("author", f"writer{i}") for i in range(35)]
        assert len(cache._ids) <= 10 and len(set(ids)) == 35
        assert [cache.canonical_id("author", f"Writer{i}") for i in range(35)] == ids  # same tags again
        assert cache.names(ids) == [f"writer{i}" for i in range(35)] and len(cache._names) <= 35
        assert cache.names(ids[:5]) == [f"writer{i}" for i in range(5)] and len(cache._names) <= 35
        assert lib.conn.execute("SELECT count(*) FROM tags WHERE kind = 'author'").fetchone()[0] == 35


def test_the_import_tag_cache_knows_the_names_it_created(tmp_path):
    """A tag the cache created is named as given without reading it back; one it found is named
    as stored, whatever the case asked for."""
    from ficarchive.library.tags import TagCache

    with Library(tmp_path / "lib.db") as lib:
        cache = TagCache(lib.conn)
        ids = [cache.canonical_id("author", name) for name in ("Ann", "bob")]
        statements: list[str] = []
        lib.conn.set_trace_callback(statements.append)
        assert cache.names(ids) == ["Ann", "bob"] and statements == []
        lib.conn.set_trace_callback(None)
        other = TagCache(lib.conn)
        assert other.names([other.canonical_id("author", "ANN")]) == ["Ann"]


def test_tags_list_has_counts_and_parent_fandoms(lib):
    assert wrong_tag_counts(lib) == []
    tags = lib.tags("character")
    assert tags == sorted(tags, key=lambda t: -t.works)
    spike = [t for t in tags if t.name == "Spike (Buffy the Vampire Slayer)"]
    assert spike and spike[0].fandom == "Buffy the Vampire Slayer"
    with pytest.raises(LibraryError):
        lib.tags("flavour")


# -- the corpus ---------------------------------------------------------------------

def test_corpus_imports_and_its_two_format_story_is_one_work(tmp_path):
    from conftest import shared_or_skip
    corpus = shared_or_skip()
    with Library(tmp_path / "lib.db") as lib:
        r = lib.import_paths([corpus], jobs=2)
        assert not r.errors and r.files >= 30
        found = lib.search("source:fire_and_feather").works
        assert len(found) == 1
        assert {Path(s.path).suffix for s in lib.sources(found[0]["id"])} == {".epub", ".html"}
        assert lib.count("") == r.new
        assert lib.search("fandom:btvs", facets=True).total > 0


def _old_library(tmp_path: Path, schema: int = 2) -> Path:
    """A schema-2 (or 3) library made by the release of that schema from the fixtures: every
    fixture story imported, `linoleum`'s work corrected (rating Mature, tag Chalk Dust, then
    renamed Chalk Dust Everywhere)."""
    db = tmp_path / "old.db"
    db.write_bytes(gzip.decompress((FIXTURES / f"schema{schema}.db.gz").read_bytes()))
    return db


def _old_ids(db: Path) -> dict[str, str]:
    """Each work's id by its title, as the old library has them."""
    c = sqlite3.connect(db)
    try:
        return dict(c.execute("SELECT title, id FROM works"))
    finally:
        c.close()


def _check_upgraded(db: Path) -> None:
    ids_before = _old_ids(db)
    with Library(db) as lib:
        c = lib.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every work keeps its id (its shown source), hashes are 32 bytes, tag counts stay right.
        assert {w["title"]: w["id"] for w in lib.search("", limit=None).works} == ids_before
        assert c.execute("SELECT count(*) FROM sources WHERE shown").fetchone()[0] == 6
        assert c.execute("SELECT count(*) FROM sources WHERE length(sha) != 32").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
        assert tag_link_problems(c) == []
        c.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
        assert (lib.count(""), c.execute("SELECT count(*) FROM sources").fetchone()[0]) == (6, 9)
        found = lib.search("linoleum", facets=True)
        assert found.total == 1
        work = lib.get(found.works[0]["id"])
        assert work.rating == "Mature" and work.provenance["rating"].source == "user"
        assert "Chalk Dust Everywhere" in work.additional_tags
        assert {"value": "Chalk Dust Everywhere", "count": 1} in found.facets["tag"]
        assert lib.count('tag:"chalk dust"') == 1  # the old name is a synonym
        assert lib.original(found.works[0]["id"]) == (FIXTURES / "chalk_and_salt.txt").read_bytes()
        patrol = lib.search("source:long_patrol.epub").works[0]["id"]
        assert len(lib.sources(patrol)) == 4
        for s in lib.sources(patrol):
            assert lib.original(patrol, s.sha256) == (FIXTURES / Path(s.path).name).read_bytes()
        # Near-duplicate keys still find the work: the same story again joins it.
        r = lib.import_paths([FIXTURES / "long_patrol.txt"], jobs=1)
        assert r.duplicates == 1 and lib.count("") == 6
        # Renames after the upgrade keep the full-text index right.
        lib.rename_tag("Chalk Dust Everywhere", "Chalk")
        assert lib.count("chalk") == 1 and lib.count("everywhere") == 0
        c.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")


def test_a_schema_2_library_is_upgraded(tmp_path):
    _check_upgraded(_old_library(tmp_path))


def test_a_schema_3_library_is_upgraded(tmp_path):
    _check_upgraded(_old_library(tmp_path, schema=3))


def test_a_schema_1_library_is_upgraded(tmp_path):
    db = _old_library(tmp_path)
    c = sqlite3.connect(db)  # back to schema 1: the blobs lived in `works`
    c.execute("ALTER TABLE works ADD COLUMN analysis BLOB")
    c.execute("ALTER TABLE works ADD COLUMN body BLOB")
    c.execute("UPDATE works SET analysis = (SELECT analysis FROM texts t WHERE t.pk = works.pk), "
              "body = (SELECT body FROM texts t WHERE t.pk = works.pk)")
    c.execute("DROP TABLE texts")
    c.execute("PRAGMA user_version=1")
    c.commit()
    c.close()
    _check_upgraded(db)
