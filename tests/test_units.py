"""Small pieces: rating scales, line shapes, encodings, subjects, series."""
import json
import subprocess
import sys

import pytest

from ficarchive.ingest.decode import decode
from ficarchive.ratings import normalise_rating
from ficarchive.structure import patterns as pat
from ficarchive.structure.apply import parse_series
from ficarchive.structure.build import count_words
from ficarchive.structure.mail import poster_name, subject_title


@pytest.mark.parametrize("raw,rating", [
    ("G", "General Audiences"), ("PG", "General Audiences"), ("K", "General Audiences"), ("K+", "General Audiences"),
    ("PG-13", "Teen And Up Audiences"), ("pg13", "Teen And Up Audiences"), ("T", "Teen And Up Audiences"),
    ("FR13", "Teen And Up Audiences"), ("R", "Mature"), ("M", "Mature"), ("FR15", "Mature"),
    ("NC-17", "Explicit"), ("NC17", "Explicit"), ("MA", "Explicit"), ("X", "Explicit"), ("FR18", "Explicit"),
    ("Adult", "Explicit"), ("R (for language)", "Mature"), ("Teen And Up Audiences", "Teen And Up Audiences"),
    ("Not Rated", "Not Rated"), ("banana", None), (None, None),
])
def test_rating_scales(raw, rating):
    assert normalise_rating(raw) == rating


@pytest.mark.parametrize("line,number,title", [
    ("Chapter 3", 3, None), ("CHAPTER THREE: The Road", 3, "The Road"), ("Part II", 2, None),
    ("Chapter Twenty-One - Home", 21, "Home"), ("Prologue", None, "Prologue"), ("Epilogue: After", None, "After"),
    ("\t4. Into the Woods", 4, "Into the Woods"), ("  CHAPTER 1  ", 1, None),
])
def test_headings(line, number, title):
    h = pat.heading(line)
    assert h is not None and h.number == number and h.title == title


@pytest.mark.parametrize("line", ["Chapter 5 was the best part of the book.", "Part of me wanted to stay.",
                                  "The chapter ended.", "She read the first chapter twice."])
def test_not_headings(line):
    assert pat.heading(line) is None


@pytest.mark.parametrize("line", ["***", "* * *", "~~~", "oOo", "xXx", "-----", "~*~*~", "#", "=====", "o0o", "XxXxX"])
def test_separators(line):
    assert pat.is_separator(line)


@pytest.mark.parametrize("line", ["Oh.", "xx", "Ox", "so", "- she said", "A", "..."])
def test_not_separators(line):
    assert not pat.is_separator(line)


@pytest.mark.parametrize("line,value", [
    ("The End", True), ("THE END", True), ("Fin", True), ("~Fin~", True), ("*END*", True), ("End.", True),
    ("TBC", False), ("To be continued...", False), ("Continued in \"Next\"", False), ("cont.", False),
    ("The end of the road.", None), ("Endless", None),
])
def test_end_markers(line, value):
    assert pat.end_marker(line) is value


def test_decode_cp1252_utf16_mojibake():
    assert decode("“Hi” — she said…".encode("cp1252"))[0] == "“Hi” — she said…"
    assert decode("Olá, mundo\r\nsegunda linha".encode("utf-16"))[0] == "Olá, mundo\nsegunda linha"
    assert decode("itâ€™s fine".encode("utf-8"))[0] == "it’s fine"
    mixed = "café ".encode("utf-8") + "naïve “quote”".encode("cp1252")
    assert decode(mixed)[0] == "café naïve “quote”"


def test_subjects_and_posters():
    assert subject_title('"Fugitive" DrWho/XFiles X-Over (1/3)') == ("Fugitive", (1, 3))
    assert subject_title("Demons, a short story.")[0] == "Demons"
    assert subject_title("REMATCH (1/3)") == ("REMATCH", (1, 3))
    assert subject_title("Repost: Home Is Where The Heart Is")[0] == "Home Is Where The Heart Is"
    assert poster_name("tara@unm.edu (Tara O'Shea)") == "Tara O'Shea"
    assert poster_name('"Jo Bloggs" <jo@example.org>') == "Jo Bloggs"
    assert poster_name("tabron@binah.cc.brandeis.edu") == "tabron@binah.cc.brandeis.edu"


@pytest.mark.parametrize("value,name,part", [
    ("Moonlight, part 4", "Moonlight", 4), ("Part 3 of the Moonlight series", "Moonlight", 3),
    ("Twists and Turns Of Life Series XIII", "Twists and Turns Of Life", 13), ("Harbour Lights #2", "Harbour Lights", 2),
    ("Standalone Saga", "Standalone Saga", None),
])
def test_series(value, name, part):
    s = parse_series(value)
    assert (s.name, s.part) == (name, part)


def test_word_counts():
    assert count_words("one two  three\nfour") == 4
    assert count_words("你好，世界。") == 4


def test_cli_json_contract(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Title: Test Story\nAuthor: Someone\nRating: NC17\n\nShe ran. He followed.\n\n***\n\nThey stopped.\n\nThe End\n")
    out = subprocess.run([sys.executable, "-m", "ficarchive.cli", "parse", str(story), "--json"],
                         capture_output=True, text=True, check=True).stdout
    work = json.loads(out)
    keys = ["id", "source", "title", "authors", "series", "fandoms", "rating", "rating_raw", "warnings", "suggested_warnings", "categories",
            "relationships", "characters", "mentioned_characters", "additional_tags", "summary", "disclaimer", "notes",
            "header_fields", "language", "chapters", "word_count", "complete",
            "dialogue", "character_stats", "pov", "provenance"]
    assert list(work) == keys
    assert work["rating"] == "Explicit" and work["rating_raw"] == "NC17"
    assert work["chapters"][0]["scenes"] == 2 and work["chapters"][0]["text"] == "She ran. He followed.\n\n* * *\n\nThey stopped."
    assert work["complete"] is True and work["word_count"] == 6
    assert set(work["source"]) == {"path", "format", "encoding", "sha256", "size"}
    assert work["id"] == work["source"]["sha256"]
    assert work["provenance"]["rating"]["source"] == "header"
