"""JSON Lines and Parquet exports: one row per work with every field, a
stable schema, a quotations table, batches; and `ficarchive export` from
files and from the library (a query exports exactly the search's works)."""
from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from test_export_helpers import STYLES, fixture_works
from ficarchive.export.data import QUOTE_SCHEMA, ParquetSink, quote_rows, work_row, work_schema, write_rows
from ficarchive.model import Chapter, CharacterStats, Provenance, Quote, Source, Work

FIXTURE_WORKS = fixture_works()
COLUMNS = [
    "id", "source_path", "source_format", "source_encoding", "source_sha256", "source_size", "title", "authors",
    "series", "fandoms", "rating", "rating_raw", "warnings", "suggested_warnings", "categories", "relationships", "characters",
    "mentioned_characters", "additional_tags", "summary", "disclaimer", "notes", "header_fields", "language",
    "complete", "pov", "chapter_count", "chapters", "word_count", "quote_count", "character_stats", "provenance",
]


def quoted_work() -> Work:
    text = 'She waited. "Come in," said Ann. "No," Bo said.'
    return Work(id="cd" * 32, source=Source("q.txt", "txt", "utf-8", "cd" * 32, 50), title="Q",
                chapters=[Chapter(1, None, text, word_count=9)], word_count=9,
                dialogue=[Quote(1, 12, 22, "Ann", 0.9), Quote(1, 33, 38, None, 0.2)],
                character_stats={"Ann": CharacterStats(3, 1, 2), "Bo": CharacterStats(1, 0, 0)},
                provenance={"title": Provenance("header", 0.95, ["Title: Q"])})


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ficarchive.cli", *args], capture_output=True, text=True, env=env)


def test_schema_column_names_and_order_are_stable():
    assert work_schema().names == COLUMNS
    assert work_schema(with_text=True).names == COLUMNS + ["text"]
    assert QUOTE_SCHEMA.names == ["work_id", "chapter", "start", "end", "speaker", "confidence", "text"]


def test_parquet_reads_back_as_the_works(tmp_path):
    path = tmp_path / "works.parquet"
    assert write_rows(iter(FIXTURE_WORKS), "parquet", path, with_text=True) == (len(FIXTURE_WORKS), 0)
    table = pq.read_table(path)
    assert table.schema.equals(work_schema(with_text=True))
    rows = table.to_pylist()
    for work, row in zip(FIXTURE_WORKS, rows, strict=True):
        data = work.to_dict()
        for key in ("id", "title", "authors", "fandoms", "rating", "rating_raw", "warnings", "categories",
                    "relationships", "characters", "additional_tags", "summary", "disclaimer", "language",
                    "complete", "word_count", "notes", "series"):
            assert row[key] == data[key], key
        assert dict(row["header_fields"]) == work.header_fields
        assert {k: v for k, v in row["provenance"]} == data["provenance"]
        assert row["source_sha256"] == work.source.sha256 and row["chapter_count"] == len(work.chapters)
        assert [c["word_count"] for c in row["chapters"]] == [c.word_count for c in work.chapters]
        assert row["text"] == work.text


def test_jsonl_rows_are_the_same_rows(tmp_path):
    path = tmp_path / "works.jsonl"
    write_rows(iter(FIXTURE_WORKS[:5]), "jsonl", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [work_row(w) for w in FIXTURE_WORKS[:5]]
    assert list(json.loads(lines[0])) == COLUMNS


def test_quotes_table_has_every_quotation_with_its_text(tmp_path):
    work = quoted_work()
    for fmt in ("jsonl", "parquet"):
        works, quotes = tmp_path / f"w.{fmt}", tmp_path / f"q.{fmt}"
        assert write_rows(iter([work]), fmt, works, quotes) == (1, 2)
        rows = (pq.read_table(quotes).to_pylist() if fmt == "parquet"
                else [json.loads(line) for line in quotes.read_text().splitlines()])
        assert rows == [
            {"work_id": work.id, "chapter": 1, "start": 12, "end": 22, "speaker": "Ann", "confidence": 0.9,
             "text": '"Come in,"'},
            {"work_id": work.id, "chapter": 1, "start": 33, "end": 38, "speaker": None, "confidence": 0.2,
             "text": '"No,"'},
        ]
    row = pq.read_table(tmp_path / "w.parquet").to_pylist()[0]
    assert dict(row["character_stats"]) == {"Ann": {"mentions": 3, "quotes": 1, "dialogue_words": 2},
                                            "Bo": {"mentions": 1, "quotes": 0, "dialogue_words": 0}}
    assert row["quote_count"] == 2


def test_parquet_is_written_a_batch_at_a_time(tmp_path):
    path = tmp_path / "batched.parquet"
    sink = ParquetSink(path, work_schema(), batch_rows=7)
    for work in FIXTURE_WORKS:
        sink.add(work_row(work))
    sink.close()
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == len(FIXTURE_WORKS)
    assert meta.num_row_groups == -(-len(FIXTURE_WORKS) // 7)
    assert [quote_rows(w) for w in []] == []


def test_cli_exports_files_in_every_format(tmp_path):
    story = STYLES / "03_labelled_blocks_series_roman.txt"
    for fmt in ("epub", "html", "txt", "md"):
        run = run_cli("export", str(story), "--format", fmt, "-o", str(tmp_path / fmt), "--no-analyse")
        assert run.returncode == 0, run.stderr
        written = [p for p in (tmp_path / fmt).iterdir()]
        assert len(written) == 1 and written[0].suffix == f".{fmt}"
        assert run.stdout.strip() == str(written[0])
    run = run_cli("export", str(story), "--format", "jsonl", "--no-analyse")
    assert json.loads(run.stdout)["title"] == FIXTURE_WORKS[2].title


def test_cli_one_line_errors(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    run = run_cli("export", str(bad), "--format", "epub", "-o", str(tmp_path / "out"))
    assert run.returncode == 2 and run.stderr.startswith(f"ficarchive: error: {bad}:")
    assert "Traceback" not in run.stderr
    run = run_cli("export", str(STYLES), "--format", "parquet")
    assert run.returncode == 2 and "needs an output file" in run.stderr
    run = run_cli("export", str(STYLES), "--format", "pdf")
    assert run.returncode == 2 and "'pdf' is not one of" in run.stderr


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from ficarchive.library import Library

    path = tmp_path_factory.mktemp("lib") / "library.db"
    with Library(path) as lib:
        lib.import_paths([STYLES], jobs=1)
    return path


@pytest.mark.parametrize("query", ["fandom:sherlock", "rating:mature", "lantern", "complete:yes"])
def test_query_export_holds_exactly_the_search_results(library, tmp_path, query):
    from ficarchive.library import Library

    with Library(library, create=False) as lib:
        expected = {w["id"] for w in lib.search(query, limit=None).works}
    out = tmp_path / "q.parquet"
    run = run_cli("export", query, "--format", "parquet", "-o", str(out), "--library", str(library))
    assert run.returncode == 0, run.stderr
    assert set(pq.read_table(out, columns=["id"]).column("id").to_pylist()) == expected


def test_library_export_by_id_and_parquet_matches_the_library(library, tmp_path):
    from ficarchive.library import Library

    with Library(library, create=False) as lib:
        works = list(lib.iter_works(None))
    out = tmp_path / "all.parquet"
    assert run_cli("export", "", "--format", "parquet", "-o", str(out), "--library", str(library)).returncode == 0
    rows = {r["id"]: r for r in pq.read_table(out).to_pylist()}
    assert set(rows) == {w.id for w in works}
    for work in works:
        row = rows[work.id]
        assert (row["title"], row["authors"], row["fandoms"], row["characters"], row["word_count"]) == \
            (work.title, work.authors, work.fandoms, work.characters, work.word_count)
        assert dict(row["character_stats"]).keys() == work.character_stats.keys()
    one = works[0]
    run = run_cli("export", one.id[:12], "--format", "epub", "-o", str(tmp_path / "one"), "--library", str(library))
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "one").iterdir())) == 1


def test_reimported_exports_are_recognised_as_the_same_works(tmp_path):
    from ficarchive.export import write_documents
    from ficarchive.library import Library

    originals = [STYLES / "03_labelled_blocks_series_roman.txt", STYLES / "19_ao3_download.html",
                 STYLES / "11_chapter_words_prologue_epilogue.txt"]
    with Library(tmp_path / "lib.db") as lib:
        lib.import_paths(originals, jobs=1)
        before = {w.id: w for w in lib.iter_works(None)}
        assert len(before) == 3
        for fmt in ("epub", "html", "md"):
            list(write_documents(before.values(), fmt, tmp_path / fmt))
            lib.import_paths([tmp_path / fmt], jobs=1)
        after = list(lib.iter_works(None))
        assert len(after) == 3
        for work in after:
            assert len(lib.sources(work.id)) == 4  # the original and its three exports
