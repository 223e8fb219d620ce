"""The library commands as a user runs them: import, search, show, edit, reanalyze, tags."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficarchive.cli import app
from ficarchive.library.location import library_file

FIXTURES = Path(__file__).parent / "fixtures" / "library"
runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> tuple[Path, Path]:
    stories = tmp_path_factory.mktemp("stories")
    for p in FIXTURES.iterdir():
        if p.suffix not in (".py", ".gz"):
            shutil.copy(p, stories / p.name)
    (stories / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    db = tmp_path_factory.mktemp("lib") / "fic.db"
    result = run("import", stories, "--library", db, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return db, stories, result


def patrol(db: Path) -> str:
    out = run("search", "title:patrol", "--json", "--library", db)
    return json.loads(out.stdout)["works"][0]["id"]


def test_import_summary_and_one_line_per_error(library):
    _, _, result = library
    first = result.stdout.splitlines()[0]
    assert re.fullmatch(r"imported 10 files: 9 works \(6 new, (\d) updated, (\d) duplicates\), 1 errors", first)
    assert sum(map(int, re.findall(r"(\d) (?:updated|duplicates)", first))) == 3
    errors = result.stderr.splitlines()
    assert errors[0].startswith("ficarchive: error: ") and "broken.epub: " in errors[0]
    assert not any(line.startswith("ficarchive: error: ") for line in errors[1:])
    assert "\x1b[" not in result.output  # not a terminal: no progress bar codes


def test_search_json_and_facets(library):
    db, _, _ = library
    out = run("search", "fandom:btvs -relationship:spuffy", "--facets", "--json", "--library", db)
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert set(data) == {"total", "works", "facets"}
    assert {w["title"] for w in data["works"]} >= {"Chalk and Salt", "Five by Five"}
    assert "The Long Patrol" not in {w["title"] for w in data["works"]}
    assert sum(f["count"] for f in data["facets"]["rating"]) == data["total"]


def test_search_human_output_lists_works(library):
    db, _, _ = library
    out = run("search", "slayer", "--sort", "words", "--library", db)
    assert out.exit_code == 0 and "works" in out.stdout.splitlines()[0]
    assert "Five by Five" in out.stdout


@pytest.mark.parametrize("query, part", [("foo:bar", "foo:"), ("words:>x", "'x'"), ('"open', "unclosed")])
def test_bad_query_is_one_line(library, query, part):
    db, _, _ = library
    out = run("search", query, "--library", db)
    assert out.exit_code == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("ficarchive: error: query: ") and part in out.stderr
    assert "Traceback" not in out.output


def test_show_json_original_and_edit(library, tmp_path):
    db, _, _ = library
    wid = patrol(db)
    shown = json.loads(run("show", wid[:10], "--json", "--library", db).stdout)
    assert shown["id"] == wid and len(shown["sources"]) == 4
    assert shown["provenance"]["rating"]["source"] in ("header", "structured")
    target = tmp_path / "original"
    assert run("show", wid, "--original", "-o", target, "--library", db).exit_code == 0
    source = [s for s in shown["sources"] if s["shown"]][0]
    assert target.read_bytes() == Path(source["path"]).read_bytes()
    raw = runner.invoke(app, ["show", wid, "--original", "--library", str(db)])
    assert raw.stdout_bytes == target.read_bytes()

    out = run("edit", wid, "--set", "rating=Explicit", "--add", "character=Faith", "--library", db)
    assert out.exit_code == 0, out.output
    shown = json.loads(run("show", wid, "--json", "--library", db).stdout)
    assert shown["rating"] == "Explicit" and shown["provenance"]["rating"]["source"] == "user"
    assert "Faith Lehane" in shown["characters"]
    assert run("reanalyze", "title:patrol", "--library", db, "--jobs", "1").exit_code == 0
    assert json.loads(run("show", wid, "--json", "--library", db).stdout)["rating"] == "Explicit"
    human = run("show", wid, "--library", db).stdout
    assert "Corrected" in human and "Explicit" in human

    bad = run("edit", wid, "--set", "rating=spicy", "--library", db)
    assert bad.exit_code == 2 and bad.stderr.startswith("ficarchive: error: ") and "spicy" in bad.stderr
    assert run("edit", wid, "--set", "rating", "--library", db).exit_code == 2
    assert run("show", "ffffffffff", "--library", db).exit_code == 2


def test_tags_commands(library):
    db, _, _ = library
    listed = json.loads(run("tags", "list", "--kind", "fandom", "--json", "--library", db).stdout)
    assert listed[0]["name"] == "Buffy the Vampire Slayer"
    out = run("tags", "synonym", "Slayerverse", "Buffy the Vampire Slayer", "--library", db)
    assert out.exit_code == 0, out.output
    n = json.loads(run("search", "fandom:Slayerverse", "--json", "--library", db).stdout)["total"]
    assert n == listed[0]["works"]
    assert run("tags", "rename", "No Such Tag", "X", "--library", db).exit_code == 2


def test_library_location(tmp_path, monkeypatch):
    monkeypatch.delenv("FICARCHIVE_LIBRARY", raising=False)
    assert library_file(None).name == "library.db" and "ficarchive" in str(library_file(None))
    monkeypatch.setenv("FICARCHIVE_LIBRARY", str(tmp_path / "env"))
    assert library_file(None) == tmp_path / "env" / "library.db"
    assert library_file(tmp_path / "mine.db") == tmp_path / "mine.db"  # --library wins over the variable
    out = run("search", "x", env={"FICARCHIVE_LIBRARY": str(tmp_path / "nothing")})
    assert out.exit_code == 2 and "no library here" in out.stderr
