"""Every fixture style parses into the fields its .expected.json names."""
import json
from pathlib import Path

import pytest

from expectations import FIXTURES, compare_fixture
from ficarchive.parse import parse_file

STYLES = sorted(p for p in (FIXTURES / "styles").iterdir() if p.name.endswith(".expected.json"))


def test_there_are_enough_styles():
    assert len(STYLES) >= 25


@pytest.mark.parametrize("expected_path", STYLES, ids=lambda p: p.name.replace(".expected.json", ""))
def test_fixture_style(expected_path: Path):
    story = expected_path.with_name(expected_path.name.replace(".expected.json", ""))
    work = parse_file(story)
    problems = compare_fixture(work, json.loads(expected_path.read_text(encoding="utf-8")))
    assert not problems, "\n".join(problems)
