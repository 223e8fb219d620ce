"""The real stories in ../shared/corpus: all parse, and the expected fields match."""
import json

import pytest

from conftest import shared_or_skip
from expectations import SHARED, compare_fetched, compare_seed
from ficarchive.errors import FicError
from ficarchive.parse import parse_file, parse_path

FETCHED = sorted((SHARED / "fetched-expected").glob("*.json")) if SHARED.is_dir() else []
SEEDS = sorted((SHARED / "seeds-expected").glob("*.json")) if SHARED.is_dir() else []

# Shapes not yet read right, each a known gap named in the closing note.
# strict: once one passes, the test fails until it is removed from this list.
KNOWN_GAPS = {
    # The file has 12 headed parts (PROLOGUE, CHAPTER 1-10, EPILOGUE); the expected
    # chapter_count says 11 although its own body_last_words and word count
    # (21,730; 20,942 without the Epilogue) include the Epilogue's text.
    "textfiles_startrek_homeiswh.txt": "expected chapter_count 11 leaves out the EPILOGUE that its body text includes",
    # All four two-blank-line gaps in this file look the same (every other gap
    # is one blank line); only their meaning tells the pause from the 3 breaks.
    "000_0d10bc9583ea89eb": "one dramatic pause (two blank lines) is laid out exactly like its three scene breaks",
}


def _mark(name):
    if name in KNOWN_GAPS:
        return pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True))
    return name


def test_every_corpus_file_parses_without_error():
    root = shared_or_skip()
    errors = [r for folder in ("fetched", "seeds") for r in parse_path(root / folder) if isinstance(r, FicError)]
    assert not errors, errors


@pytest.mark.parametrize("name", [_mark(p.name[:-5]) for p in FETCHED])
def test_fetched_fields(name):
    root = shared_or_skip()
    work = parse_file(root / "fetched" / name)
    problems = compare_fetched(work, json.loads((root / "fetched-expected" / f"{name}.json").read_text()))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", [_mark(p.name[:-5]) for p in SEEDS])
def test_seed_fields(name):
    root = shared_or_skip()
    work = parse_file(root / "seeds" / f"{name}.txt")
    problems = compare_seed(work, json.loads((root / "seeds-expected" / f"{name}.json").read_text()))
    assert not problems, "\n".join(problems)
