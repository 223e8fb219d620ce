"""Fandom-aware understanding: knowledge files, names, fandoms, characters,
relationships, rating, warnings and categories, on short texts written here."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ficarchive.fandom.knowledge import KnowledgeError, default_knowledge, load_knowledge
from ficarchive.fandom.names import NameFinder
from ficarchive.model import Chapter, Source, Work
from ficarchive.understand import understand

from conftest import shared_or_skip

BUFFY = "Buffy the Vampire Slayer"
KB = default_knowledge()


def work_of(text: str, **fields) -> Work:
    text = textwrap.dedent(text).strip()
    work = Work(id="t", source=Source("t.txt", "txt", "utf-8", "0" * 64, len(text)),
                chapters=[Chapter(1, None, text)], word_count=len(text.split()), **fields)
    return understand(work, KB)


# -- the knowledge base --------------------------------------------------------------
def test_shipped_knowledge_is_big_enough():
    assert len(KB.fandoms) >= 26
    buffyverse = [c for c in KB.characters.values() if c.fandom in (BUFFY, "Angel: the Series")]
    assert len(buffyverse) >= 80
    big = [f for f in KB.fandoms.values() if len(f.characters) >= 15]
    assert len(big) >= 26


def _fandom_file(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("body, reason", [
    ("fandom: {name: X, colour: red}\ncharacters: []\n", "unknown key 'colour'"),
    ("fandom: {name: X}\ncharacters: [{tag: A, gender: tall}]\n", "gender is 'tall'"),
    ("fandom: {name: X}\ncharacters: [{tag: A, gender: male}, {tag: A, gender: male}]\n", "defined twice"),
    ("fandom: {name: X}\ncharacters: [{tag: A, gender: male}]\nrelationships: [{shorthand: [A/B], members: [A, B]}]\n",
     "unknown character 'B'"),
    ("fandom: {name: X}\ncharacters: [{tag: A, gender: male}]\nrelationships: [{shorthand: [A], members: [A]}]\n",
     "at least two members"),
    ("fandom: [oops\n", "not valid YAML"),
])
def test_a_broken_knowledge_file_is_a_clear_error_naming_it(tmp_path, body, reason):
    path = _fandom_file(tmp_path, "mine.yaml", body)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge([tmp_path])
    assert str(path) in str(err.value) and reason in str(err.value)


def test_a_user_folder_adds_fandoms_and_replaces_shipped_ones(tmp_path):
    _fandom_file(tmp_path, "tea.yaml", """
        fandom: {name: Teapot Chronicles, abbreviations: [TC], keywords: [Kettleford]}
        characters:
          - {tag: Marigold Thistle, first: Marigold, last: Thistle, gender: female, aliases: [Goldie]}
          - {tag: Oswin Pike, first: Oswin, last: Pike, gender: male}
        relationships:
          - {shorthand: [Marioswin, M/O], members: [Marigold Thistle, Oswin Pike]}
        """)
    _fandom_file(tmp_path, "merlin.yaml", """
        fandom: {name: Merlin (TV)}
        characters:
          - {tag: Merlin (Merlin), first: Merlin, gender: male}
        """)
    kb = load_knowledge([tmp_path])
    assert kb.resolve_fandom("tc") == ["Teapot Chronicles"]
    assert kb.resolve_relationship("Marioswin") == ["Marigold Thistle/Oswin Pike"]
    assert kb.resolve_character("Goldie") == ["Marigold Thistle"]
    assert [c.tag for c in kb.fandoms["Merlin (TV)"].characters] == ["Merlin (Merlin)"]  # replaced whole


def test_replacing_a_fandom_that_others_build_on_is_checked(tmp_path):
    _fandom_file(tmp_path, "buffy.yaml", f"""
        fandom: {{name: {BUFFY}}}
        characters:
          - {{tag: Buffy Summers, first: Buffy, last: Summers, gender: female}}
        """)
    with pytest.raises(KnowledgeError) as err:
        load_knowledge([tmp_path])
    assert "angel_the_series.yaml" in str(err.value) and "unknown character" in str(err.value)


def test_what_people_type_resolves_to_canonical_tags():
    assert KB.resolve_fandom("btvs") == [BUFFY]
    assert KB.resolve_fandom("House M.D") == ["House M.D."]
    assert KB.resolve_relationship("Spuffy") == ["Buffy Summers/Spike (Buffy the Vampire Slayer)"]
    assert KB.resolve_relationship("spike x buffy") == ["Buffy Summers/Spike (Buffy the Vampire Slayer)"]
    assert KB.resolve_relationship("B/W", [BUFFY]) == ["Buffy Summers/Willow Rosenberg"]
    assert KB.resolve_relationship("Mulder & Scully") == ["Fox Mulder & Dana Scully"]
    assert KB.resolve_relationship("Mulder/Scully") == ["Fox Mulder/Dana Scully"]
    assert KB.resolve_character("red", [BUFFY]) == ["Willow Rosenberg"]
    assert KB.resolve_relationship("Nobody/Nothing") == []


# -- names in text ------------------------------------------------------------------
def test_will_you_is_not_willow_but_said_will_is():
    finder = NameFinder(KB)
    text = "Will you stop that? Will nodded at Xander. \"Fine,\" said Will. It will rain."
    hits = [(h.surface, h.start) for h in finder.find(text)]
    assert ("Will", 0) not in hits
    assert ("Will", text.index("Will nodded")) in hits
    assert ("Will", text.index("Will.")) in hits
    assert all(s != "will" for s, _ in hits)


def test_a_nickname_counts_only_when_the_character_who_uses_it_is_there():
    with_spike = work_of("""
        Spike leaned on the crypt door and watched Willow read. Xander walked in.
        "Evening, Red," Spike said. Willow looked up at him and smiled.
        Spike lit a cigarette. Willow turned a page. Spike laughed at her.
        """)
    assert "Willow Rosenberg" in with_spike.character_stats
    without = work_of("""
        Buffy walked past the Bronze with Xander. The sky was red. Red lights blinked.
        "Red is not your colour," Buffy said. Xander laughed. Buffy sighed.
        """)
    assert "Willow Rosenberg" not in without.character_stats


# -- fandoms and characters ---------------------------------------------------------
BUFFY_SCENE = """
    Buffy dropped onto the bench outside Sunnydale High and Willow sat beside her.

    "Giles wants us at the library," Willow said. "He found something about the Hellmouth."

    Buffy groaned. "Of course he did." She watched Xander jog across the lawn, waving a
    donut. Xander sat down on her other side and offered it to Willow.

    "Research party," Xander said. "Bring your own stake."

    They walked to the library together. Giles looked up from a pile of books and
    polished his glasses. "Ah. Good. Buffy, I believe the Master is stirring."

    Buffy sighed. Willow opened a book. Xander ate the donut.
    """


def test_fandom_and_characters_come_from_the_text_with_evidence():
    work = work_of(BUFFY_SCENE)
    assert work.fandoms == [BUFFY]
    p = work.provenance["fandoms"]
    assert p.source == "inferred" and 0 < p.confidence <= 1 and "Willow Rosenberg" in p.evidence[0]
    assert {"Buffy Summers", "Willow Rosenberg", "Xander Harris", "Rupert Giles"} <= set(work.characters)
    assert work.provenance["characters"].source == "inferred"


def test_a_character_only_talked_about_is_mentioned_not_present():
    work = work_of("""
        Buffy sat on the porch steps. Spike sat beside her and lit a cigarette.

        "Dawn would have liked this," Buffy said. "She always liked the stars."

        Spike nodded. "Your sister had taste, pet." He blew smoke at the sky.

        Buffy smiled. She had not thought about Dawn for a whole day.
        """)
    assert {"Buffy Summers", "Spike (Buffy the Vampire Slayer)"} <= set(work.characters)
    assert "Dawn Summers" in work.mentioned_characters
    assert "Dawn Summers" not in work.characters


def test_an_unknown_fandom_yields_original_characters():
    work = work_of("""
        Maren Holt pushed the boat off the shingle. Tobiah Crane caught the rope.

        "Tide's turning," Maren said. "We have an hour."

        Tobiah frowned at the sky. "Less, if the wind holds." He coiled the rope.

        Maren laughed. Maren always laughed at weather. Tobiah did not.
        """)
    assert work.fandoms == []
    assert "no known fandom" in work.provenance["fandoms"].evidence[0]
    names = " ".join(work.characters)
    assert "Maren" in names and "Tobiah" in names


def test_a_crossover_needs_its_own_evidence():
    work = work_of("""
        Mulder leaned over the desk. Scully looked at the photograph and sighed.
        "Another one, Mulder?" Scully asked. Skinner walked in and dropped a file.

        The Doctor stepped out of the TARDIS into the FBI basement. Ace followed him.
        "Professor, it's an office," Ace said. The Doctor smiled at Mulder.
        Scully stared at the blue box. Mulder grinned. The Doctor raised his hat.
        Ace swung her bag of Nitro-9 onto the desk. Ace grinned at Scully.
        "Time Lord," the Doctor said. Ace laughed.
        """)
    assert set(work.fandoms) == {"The X-Files", "Doctor Who"}
    alone = work_of("""
        Mulder leaned over the desk. Scully looked at the photograph and sighed.
        "Another one, Mulder?" Scully asked. Skinner walked in and dropped a file.
        Mulder said a doctor had called. Scully shrugged and read the file.
        """)
    assert alone.fandoms == ["The X-Files"]


# -- relationships and categories ----------------------------------------------------
def test_a_relationship_is_inferred_from_romance_not_from_company():
    work = work_of("""
        Xander and Buffy patrolled the cemetery as they had for years. Xander told a joke.
        Buffy laughed at Xander. Xander and Buffy argued about pizza.

        Spike was waiting at the crypt. Buffy walked up to him and kissed him hard.
        Spike kissed her back, his hand in her hair.

        "I love you," Spike whispered against her lips. Buffy kissed him again.

        Xander and Buffy walked home later. Xander talked about comics. Buffy nodded.
        """)
    assert work.relationships == ["Buffy Summers/Spike (Buffy the Vampire Slayer)"]
    p = work.provenance["relationships"]
    assert p.source == "inferred" and any("kiss" in e for e in p.evidence)
    assert work.categories == ["F/M"]


def test_header_shorthand_is_resolved_and_categories_follow_genders():
    work = work_of(BUFFY_SCENE, relationships=["W/T"], fandoms=["BtVS"])
    assert work.fandoms == [BUFFY]
    assert work.relationships == ["Willow Rosenberg/Tara Maclay"]
    assert work.categories == ["F/F"]


def test_no_romance_is_gen():
    work = work_of(BUFFY_SCENE)
    assert work.relationships == [] and work.categories == ["Gen"]


# -- rating and warnings -------------------------------------------------------------
def test_rating_is_inferred_in_the_archive_vocabulary_with_evidence():
    assert work_of(BUFFY_SCENE).rating == "General Audiences"
    sweary = work_of(BUFFY_SCENE + "\nXander swore. \"Well, shit. That bastard took my donut.\" "
                     "\"Damn it,\" Buffy said. \"Fuck this.\"")
    assert sweary.rating == "Teen And Up Audiences"
    explicit = work_of(BUFFY_SCENE + (
        "\nSpike pushed her against the wall and she moaned. His cock was hard against her thigh; "
        "she undressed him, naked, and his fingers found her clit. He thrust into her and her orgasm "
        "came fast, then his, erection spent. Her nipples ached. She came again with a moan.\n") * 3)
    assert explicit.rating == "Explicit"
    p = explicit.provenance["rating"]
    assert p.source == "inferred" and "sex explicit" in p.evidence[0]


def test_a_stated_rating_is_kept():
    work = work_of(BUFFY_SCENE, rating="Mature", rating_raw="R")
    assert work.rating == "Mature" and "rating" not in work.provenance


def test_header_warnings_map_to_the_archive_and_suggestions_stay_apart():
    stated = work_of(BUFFY_SCENE, warnings=["character death", "angst"])
    assert stated.warnings == ["Major Character Death"] and "angst" in stated.additional_tags
    grim = work_of(BUFFY_SCENE + """
        The vampire tore into the boy and blood sprayed the wall. Buffy stabbed it; the blade
        went through its throat and gore ran down her arm. She stabbed again. The corpse fell.
        Another vampire was beheaded. The torture chamber below was full of mutilated bodies.
        Blood pooled around the corpses and the screaming went on.
        """)
    assert grim.warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert "Graphic Depictions Of Violence" in grim.suggested_warnings
    assert grim.provenance["suggested_warnings"].source == "inferred"


# -- a cast instead of the knowledge base --------------------------------------------
def test_a_characters_file_replaces_the_knowledge_base(tmp_path):
    from ficarchive.dialogue.characters import load_characters
    chars = tmp_path / "c.json"
    chars.write_text(json.dumps([
        {"id": "ann", "name": "Ann Verity", "aliases": ["Annie"], "gender": "female"},
        {"id": "bo", "name": "Bo Lark", "aliases": [], "gender": "male"}]))
    text = "Annie kissed Bo. \"Hello,\" said Bo. Ann Verity kissed him again and Bo laughed. \"Stay,\" Annie said."
    work = Work(id="t", source=Source("t.txt", "txt", "utf-8", "0" * 64, 1),
                chapters=[Chapter(1, None, text)], word_count=len(text.split()))
    understand(work, KB, cast=load_characters(chars))
    assert {"ann", "bo"} <= set(work.characters)
    assert [q.speaker for q in work.dialogue] == ["bo", "ann"]
    assert work.character_stats["ann"].quotes == 1


# -- the command line and the seeds ---------------------------------------------------
def test_parse_json_carries_inferred_fields_with_provenance(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Title: Library Hours\nAuthor: Someone\n\n" + textwrap.dedent(BUFFY_SCENE))
    out = subprocess.run([sys.executable, "-m", "ficarchive.cli", "parse", str(story), "--json"],
                         capture_output=True, text=True, check=True).stdout
    work = json.loads(out)
    assert work["fandoms"] == [BUFFY] and work["provenance"]["fandoms"]["source"] == "inferred"
    assert work["dialogue"] and all({"chapter", "start", "end", "speaker", "confidence"} <= set(q) for q in work["dialogue"])
    q = work["dialogue"][0]
    assert work["chapters"][q["chapter"] - 1]["text"][q["start"]:q["end"]].startswith("\"")
    assert "Willow Rosenberg" in work["character_stats"]


def _first_name(tag: str) -> str:
    return tag.split()[0].lower()


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_seed_expectations_for_fandom_characters_and_relationships(seed):
    shared = shared_or_skip()
    from ficarchive.pipeline import read_path
    source = next((shared / "seeds").glob(f"{seed}_*"))
    expected = json.loads(next((shared / "seeds-expected").glob(f"{seed}_*")).read_text())
    work = next(read_path(source))
    assert set(expected["fandoms_required"]) <= set(work.fandoms) <= set(expected["fandoms_allowed"])
    present = {_first_name(t) for t in work.characters}
    assert set(expected["characters_present"]) <= present
    assert not present & set(expected.get("characters_mentioned") or [])
    pairs = [frozenset(_first_name(m) for m in rel.split("/")) for rel in work.relationships]
    for pair in expected["relationships_required"]:
        assert frozenset(pair) in pairs
    allowed = [frozenset(p) for p in expected["relationships_allowed"]]
    assert all(p in allowed for p in pairs)
    assert work.rating in expected["rating_allowed"]


def test_original_characters_beside_a_known_cast():
    work = work_of("""
        Mulder leaned over the desk. Scully looked at the photograph and sighed.

        Agent Corvina Ashgrove walked in with the file. Ashgrove dropped it on the desk.
        "Third one this month," Ashgrove said. "Same county."

        Scully read it twice. Mulder grinned at Ashgrove. "Tell me about the lights."

        Ashgrove shrugged and sat down. Scully frowned at them both. Mulder took the file
        down to the basement, and Scully followed Mulder with her coffee.
        """)
    assert work.fandoms == ["The X-Files"]
    assert {"Fox Mulder", "Dana Scully"} <= set(work.characters)
    assert any("Ashgrove" in c for c in work.characters)
    assert not any(c in ("Agent", "Third", "Same", "Tell") for c in work.characters + work.mentioned_characters)
