"""Knowledge files' parsed YAML is kept in the user's cache, named by the text's hash: a second
load reads it back (the same knowledge), an edited file is parsed again, a damaged or unwritable
cache only means parsing, and FICARCHIVE_CACHE= (empty) turns it off."""
from __future__ import annotations

import textwrap

import pytest

from ficarchive.cache import cache_dir
from ficarchive.fandom import knowledge
from ficarchive.fandom.knowledge import KnowledgeError, load_knowledge

TEA = """
    fandom: {name: Teapot Chronicles, abbreviations: [TC]}
    characters:
      - {tag: Marigold Thistle, first: Marigold, last: Thistle, gender: female, aliases: [Goldie]}
      - {tag: Oswin Pike, first: Oswin, last: Pike, gender: male}
    relationships:
      - {shorthand: [Marioswin], members: [Marigold Thistle, Oswin Pike]}
    """


def _summary(kb) -> list:
    return sorted((f.name, [(c.tag, c.gender, sorted(a.name for a in c.aliases)) for c in f.characters])
                  for f in kb.fandoms.values())


@pytest.fixture
def mine(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tea.yaml").write_text(textwrap.dedent(TEA), encoding="utf-8")
    return folder


def test_a_second_load_reads_the_cache_and_knows_the_same(tmp_path, mine, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("FICARCHIVE_CACHE", str(cache))
    first = load_knowledge([mine])
    kept = sorted(p.name for p in (cache / "knowledge").iterdir())
    assert len(kept) == len(first.fandoms) and all(n.endswith(".marshal") for n in kept)
    parsed = []
    monkeypatch.setattr(knowledge.yaml, "load", lambda *a, **k: parsed.append(1))
    second = load_knowledge([mine])
    assert not parsed and _summary(second) == _summary(first)
    assert second.resolve_relationship("Marioswin") == ["Marigold Thistle/Oswin Pike"]


def test_an_edited_file_is_parsed_again(tmp_path, mine, monkeypatch):
    monkeypatch.setenv("FICARCHIVE_CACHE", str(tmp_path / "cache"))
    load_knowledge([mine])
    (mine / "tea.yaml").write_text(textwrap.dedent(TEA).replace("Goldie", "Mari"), encoding="utf-8")
    kb = load_knowledge([mine])
    assert kb.resolve_character("Mari") == ["Marigold Thistle"] and not kb.resolve_character("Goldie")


def test_a_damaged_cache_is_parsed_past_and_a_broken_file_still_named(tmp_path, mine, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("FICARCHIVE_CACHE", str(cache))
    expected = _summary(load_knowledge([mine]))
    for kept in (cache / "knowledge").iterdir():
        kept.write_bytes(kept.read_bytes()[:7])
    assert _summary(load_knowledge([mine])) == expected
    (mine / "tea.yaml").write_text("fandom: [oops\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        load_knowledge([mine])


def test_no_cache_when_it_is_turned_off_or_cannot_be_written(tmp_path, mine, monkeypatch):
    monkeypatch.setenv("FICARCHIVE_CACHE", "")
    assert cache_dir("knowledge") is None
    expected = _summary(load_knowledge([mine]))
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("FICARCHIVE_CACHE", str(blocked))
    assert _summary(load_knowledge([mine])) == expected
