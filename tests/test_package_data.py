"""The YAML data shipped in the package holds words, not YAML 1.1 booleans: unquoted `no`, `yes`,
`on` and `off` read as False/True, so a language code `no` (Norwegian), a warning spelled `no`
or a capitalised `No` among the words that are not names silently went missing."""
from pathlib import Path

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "ficarchive"
DATA_FILES = sorted(p for folder in ("data", "dialogue/data", "library/data") for p in (PACKAGE / folder).glob("*.yaml"))


def _booleans(value, at: str):
    if isinstance(value, bool):
        yield at
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, bool):
                yield f"{at} (key {key})"
            yield from _booleans(item, f"{at}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _booleans(item, f"{at}[{i}]")


def test_the_data_files_are_found():
    assert {p.name for p in DATA_FILES} >= {"languages.yaml", "warnings.yaml", "english.yaml", "filters.yaml"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_no_word_reads_as_a_boolean(path):
    assert list(_booleans(yaml.safe_load(path.read_text("utf-8")), path.name)) == []


def test_norwegian_and_a_bare_no_warning_are_understood():
    from ficarchive.resources import load_yaml

    assert load_yaml("languages.yaml")["norsk"] == "no"
    assert "no" in load_yaml("warnings.yaml")["No Archive Warnings Apply"]
