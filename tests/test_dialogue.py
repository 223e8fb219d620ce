"""Quotations and who says them: every cue on short texts written for these
tests, the traps, the command, and a regression floor on LitBank's dev half."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shared_or_skip
from ficarchive.cli import app
from ficarchive.dialogue import CastMember, Mention, attribute, find_mentions, find_original_cast, find_quotes, speakers
from ficarchive.dialogue.characters import cast_from_json
from ficarchive.dialogue.scoring import SpeakerResolver, match_spans, score_work
from ficarchive.errors import FicError

BUFFY = CastMember("Buffy", "Buffy Summers", ("Buffy",), "female")
WILLOW = CastMember("Willow", "Willow Rosenberg", ("Will", "Red"), "female")
TARA = CastMember("Tara", "Tara Maclay", (), "female")
GILES = CastMember("Giles", "Rupert Giles", ("Giles",), "male")
SPIKE = CastMember("Spike", "Spike", (), "male")
XANDER = CastMember("Xander", "Xander Harris", (), "male")
CAST = [BUFFY, WILLOW, TARA, GILES, SPIKE, XANDER]


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text)]


def who(text: str, cast=CAST) -> list[str | None]:
    return [a.speaker for a in speakers(text, cast)]


# --- finding quotations --------------------------------------------------------
def test_curly_and_straight_double_quotes():
    assert quoted("“Hello,” she said. \"Bye.\"") == ["“Hello,”", "\"Bye.\""]


def test_apostrophes_are_not_single_quotes():
    text = "'I don't want 'em,' she said. 'The Smiths' dog bit me.'"
    assert quoted(text) == ["'I don't want 'em,'", "'The Smiths' dog bit me.'"]


def test_apostrophes_in_double_quoted_dialogue_open_nothing():
    text = "Rock 'n' roll was the Smiths' thing.\n\n\"Sure,\" said Xander."
    assert quoted(text) == ["\"Sure,\""]


def test_nested_quotes_belong_to_the_outer_one():
    text = "“He said ‘run’ and I ran,” Buffy said."
    assert quoted(text) == ["“He said ‘run’ and I ran,”"]


def test_missing_closing_mark_closes_at_paragraph_end():
    text = "\"I never finished this one.\n\nThe room was quiet."
    assert quoted(text) == ["\"I never finished this one."]


def test_quote_running_over_paragraphs():
    text = "\"First part of a long speech.\n\n\"And the second part,\" Giles said.\n\nBuffy sighed."
    assert quoted(text) == ["\"First part of a long speech.\n\n\"And the second part,\""]


def test_dash_led_dialogue():
    text = "— Where are you going? — asked Ana.\n\n— Home.\n\nShe left."
    assert quoted(text) == ["— Where are you going?", "— Home."]


def test_tokenized_text_one_sentence_per_line():
    text = "“ Come here , ” said Willow .\n“ Why ? ”\nXander did n't move .\n"
    assert quoted(text) == ["“ Come here , ”", "“ Why ? ”"]


# --- finding the cast in the text ------------------------------------------------
def test_will_you_is_not_willow():
    text = "Will you stop that? Buffy asked. Later Will smiled at her."
    found = [(text[m.start:m.end], m.id) for m in find_mentions(text, CAST)]
    assert found == [("Buffy", "Buffy"), ("Will", "Willow")]


def test_surnames_first_names_and_titles():
    cast = [CastMember("pett", "Mr. Peter Pett", (), "male"), CastMember("mrs", "Mrs. Pett", (), "female")]
    text = "Mr Pett sat. Peter frowned. Pett was tired."
    found = [(text[m.start:m.end], m.id) for m in find_mentions(text, cast)]
    # `Pett` alone names both of them, so it names neither
    assert found == [("Mr Pett", "pett"), ("Peter", "pett")]


# --- speakers ------------------------------------------------------------------------
@pytest.mark.parametrize("text, speaker", [
    ("\"We should go,\" said Buffy.", "Buffy"),
    ("\"Is it late?\" Tara asked.", "Tara"),
    ("\"I know,\" Buffy said softly.", "Buffy"),
    ("\"Sit down,\" Giles told her.", "Giles"),
    ("Giles took off his glasses and said, \"Oh dear.\"", "Giles"),
    ("Xander looked at the book. Willow said: \"Read it.\"", "Willow"),
])
def test_explicit_tags(text, speaker):
    assert who(text) == [speaker]


def test_description_tag_names_a_cast_member():
    rabbit = CastMember("Rabbit-4", "the Rabbit", (), None)
    alice = CastMember("Alice-1", "Alice", (), "female")
    text = "Alice followed.\n\n\"Oh my ears and whiskers!\" said the Rabbit."
    assert who(text, [alice, rabbit]) == ["Rabbit-4"]


def test_pronoun_tag_resolved_by_gender():
    text = "Giles and Buffy walked into the library.\n\n\"It's closed,\" she said."
    result = speakers(text, CAST)
    assert result[0].speaker == "Buffy"
    assert "she said" in result[0].evidence[0]


def test_pronoun_tag_after_a_two_person_exchange():
    text = ("Spike leaned on the crypt door. Xander kept his distance.\n\n"
            "\"You again,\" said Spike.\n\n"
            "\"Me again,\" said Xander.\n\n"
            "\"Get lost,\" he said.")
    # a new turn: "he" is the other man, not the one who just spoke
    assert who(text) == ["Spike", "Xander", "Spike"]


def test_he_continued_is_the_same_speaker():
    text = ("Spike and Xander argued.\n\n\"You again,\" said Spike.\n\n"
            "\"Me again,\" said Xander.\n\n\"And another thing,\" he continued.")
    assert who(text)[-1] == "Xander"


def test_vocative_names_the_next_speaker_and_never_the_speaker():
    text = ("Buffy and Willow sat in the library.\n\n"
            "\"Willow, stop.\"\n\n"
            "\"Stop what?\"")
    result = who(text)
    assert result[0] != "Willow"
    assert result[1] == "Willow"


def test_nickname_only_one_character_uses():
    text = "Spike grinned at her.\n\n\"Hey, Red,\" Spike said.\n\n\"Don't call me that.\""
    result = speakers(text, CAST)
    assert result[0].speaker == "Spike"
    assert result[1].speaker == "Willow"  # the one called Red answers


def test_turn_taking_alternates_in_untagged_runs():
    text = ("\"Hi,\" said Tara.\n\n\"Hello,\" said Willow.\n\n"
            "\"Nice day.\"\n\n\"Very nice.\"\n\n\"Shall we walk?\"")
    assert who(text) == ["Tara", "Willow", "Tara", "Willow", "Tara"]


def test_same_paragraph_is_the_same_speaker():
    text = "\"I'm done,\" said Buffy. \"Really done.\"\n\n\"Okay,\" said Xander."
    assert who(text) == ["Buffy", "Buffy", "Xander"]


def test_acting_character_before_the_quote():
    text = "Willow was at the window.\n\nGiles closed the book. \"We have work to do.\""
    result = speakers(text, CAST)
    assert result[0].speaker == "Giles"
    assert any("acts" in line for line in result[0].evidence)


def test_first_person_narrator():
    me = CastMember("I-1", None, (), None, narrator=True)
    text = "\"Where were you?\" Tara asked.\n\n\"Out,\" I said."
    assert who(text, [me, TARA]) == ["Tara", "I-1"]


def test_quote_with_missing_closing_mark_still_gets_its_speaker():
    text = "Buffy stood up. \"I'm going home, she said.\n\nWillow watched her go.\n\n\"Wait,\" said Willow."
    result = speakers(text, CAST)
    assert [text[r.start:r.end] for r in result] == ["\"I'm going home, she said.", "\"Wait,\""]
    assert [r.speaker for r in result] == ["Buffy", "Willow"]


def test_attribute_takes_mentions_from_elsewhere():
    text = "\"Go,\" said the Slayer."
    start = text.index("the Slayer")
    mentions = [Mention(start, start + len("the Slayer"), "Buffy")]  # a matcher that knows "the Slayer"
    quotes = find_quotes(text)
    assert [a.speaker for a in attribute(text, quotes, CAST, mentions)] == ["Buffy"]


def test_unknown_cast_original_characters():
    text = ("Mara closed the door. Mara's hands shook and she sat.\n\n"
            "\"You're late,\" said Tobin.\n\n\"I know,\" Mara said. Tobin turned away; he was angry.\n\n"
            "\"Again,\" Tobin muttered.")
    cast = find_original_cast(text)
    by_id = {m.id: m for m in cast}
    assert set(by_id) == {"Mara", "Tobin"}
    assert by_id["Mara"].gender == "female" and by_id["Tobin"].gender == "male"
    assert who(text, None) == ["Tobin", "Mara", "Tobin"]


def test_no_cast_at_all_still_lists_quotes():
    text = "\"Hello there,\" someone said."
    assert who(text, []) == [None]


# --- characters files, scoring ----------------------------------------------------------------
def test_characters_file_format_and_narrator():
    cast = cast_from_json([{"id": "I-2", "name": None, "aliases": [], "gender": None},
                           {"id": "Douglas-8", "name": "Douglas", "aliases": ["Doug"], "gender": "male"}])
    assert cast[0].narrator and not cast[1].narrator
    assert cast[1].aliases == ("Doug",)
    with pytest.raises(FicError):
        cast_from_json([{"name": "no id"}])


def test_scoring_matches_by_overlap_and_resolves_names():
    characters = [{"id": "A-1", "name": "Alice", "aliases": ["Al"]}, {"id": "B-2", "name": "Bob", "aliases": ["Al"]}]
    resolver = SpeakerResolver(characters)
    assert resolver.resolve("alice") == "A-1" and resolver.resolve("Al") is None and resolver.resolve("B-2") == "B-2"
    assert match_spans([(0, 10), (20, 30)], [(2, 10), (21, 24), (18, 29)]) == {0: 0, 1: 2}
    gold = [{"start": 0, "end": 10, "speaker": "A-1"}, {"start": 20, "end": 30, "speaker": "B-2"}]
    pred = [{"start": 0, "end": 10, "speaker": "Alice"}, {"start": 20, "end": 30, "speaker": "Al"}]
    score = score_work(gold, pred, characters)
    assert (score.gold, score.matched, score.correct) == (2, 2, 1)


# --- the command ----------------------------------------------------------------------------------
def test_command_raw_json_offsets_point_into_the_file(tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_bytes("Title: Not stripped\r\n\r\n“Hello,” said Buffy.\r\n".encode("utf-8"))
    chars = tmp_path / "chars.json"
    chars.write_text(json.dumps([{"id": "B-1", "name": "Buffy", "aliases": [], "gender": "female"}]))
    result = CliRunner().invoke(app, ["dialogue", str(story), "--characters", str(chars), "--raw", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = story.read_bytes().decode("utf-8")
    assert rows == [{"start": text.index("“"), "end": text.index("”") + 1, "speaker": "B-1"}]


def test_command_reads_works_per_chapter(tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_text("Title: Dawn\nAuthor: Someone\n\n\"Come on,\" said Mara. Mara left.\n\n"
                     "\"Wait for me,\" Tobin called. Tobin ran after her.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["dialogue", str(story), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["speaker"] for r in rows] == ["Mara", "Tobin"]
    assert set(rows[0]) == {"chapter", "start", "end", "speaker", "confidence"}


def test_command_bad_characters_file_is_one_line(tmp_path: Path):
    bad = tmp_path / "chars.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(app, ["dialogue", str(bad), "--characters", str(bad), "--raw"])
    assert result.exit_code == 2
    assert "ficarchive: error:" in result.output and "Traceback" not in result.output


# --- the ranker's cues -------------------------------------------------------------------------------
def test_pronoun_tag_after_a_quote_is_the_one_in_view_before_not_one_named_after():
    text = ("Spike leaned back and lit a cigarette.\n\n"
            "\"Giles is gone,\" Buffy said. \"Xander too.\"\n\n"
            "\"I'm sorry, Buffy.\" He said softly. Did Giles know? He could not ask her.")
    assert who(text) == ["Buffy", "Buffy", "Spike"]


def test_pronoun_chain_keeps_the_last_named_man_in_view():
    text = ("Xander had waited for hours, and Xander hated waiting. Then Spike walked in. "
            "He looked around the room and frowned.\n\n\"Who did this?\" he asked.")
    assert who(text) == ["Spike"]


def test_untagged_reply_goes_to_the_one_spoken_to_with_readable_evidence():
    text = "\"Tara, are you coming?\" Willow asked.\n\n\"In a minute.\""
    result = speakers(text, CAST)
    assert [a.speaker for a in result] == ["Willow", "Tara"]
    assert result[1].evidence and "Tara Maclay:" in result[1].evidence[-1]
    assert 0 < result[1].confidence < 0.9  # a guess, below an explicit tag


def test_ranker_weights_are_data_with_their_provenance():
    from ficarchive.dialogue.ranker import load_model

    model = load_model()
    assert "LitBank" in model["trained_on"] and "CC BY 4.0" in model["trained_on"]
    assert model["weights"] and all(isinstance(w, float) for w in model["weights"].values())
    assert 0 < model["leave_one_work_out_accuracy"] <= model["in_sample_accuracy"] + 0.05


# --- LitBank regression floor -------------------------------------------------------------------------
# The ranker was fitted on this half, so this is in-sample (measured 0.793); the honest estimate is the
# leave-one-work-out figure in the model file (0.763). A guard, not the goal.
LITBANK_FLOOR = 0.76


def test_litbank_dev_half_stays_above_the_floor():
    folder = shared_or_skip().parent / "litbank-quotes"
    if not folder.is_dir():
        pytest.skip("../shared/litbank-quotes is not present next to the checkout")
    from ficarchive.dialogue.characters import load_characters
    from ficarchive.dialogue.pipeline import read_raw
    from ficarchive.dialogue.scoring import Score

    total = Score()
    for path in sorted(folder.glob("*.txt")):
        work = path.name[:-4]
        characters = json.loads((folder / f"{work}.characters.json").read_text(encoding="utf-8"))
        gold = [json.loads(line) for line in (folder / f"{work}.quotes.jsonl").read_text().splitlines() if line]
        found = speakers(read_raw(path), load_characters(folder / f"{work}.characters.json"))
        pred = [{"start": a.start, "end": a.end, "speaker": a.speaker} for a in found]
        total.add(score_work(gold, pred, characters))
    assert total.recall >= 0.95
    assert total.accuracy >= LITBANK_FLOOR


# --- fast patterns match what the plain ones do ---------------------------------------------------------
# The patterns are written for speed (tries of shared prefixes, a first letter before a look back); each
# must find exactly what the obvious way of writing it finds. The plain forms live here as the reference.
from hypothesis import given, settings, strategies as st  # noqa: E402

_LETTERS = st.text(alphabet="abAB. -", min_size=1, max_size=5)
_TEXTS = st.text(alphabet="abAB. -'\n", max_size=60)


def _spans(pattern, text):
    import re
    return [(m.span(), m.groups()) for m in re.finditer(pattern, text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_LETTERS, min_size=1, max_size=8), _TEXTS)
def test_word_trie_matches_the_longest_first_alternation(words, text):
    import re
    from ficarchive.dialogue.lexicon import words_pattern

    flat = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    for context in ("(?:{})", "(?<![\\w-])(?:{})(?![\\w-])", "(?:{})(?=b)", "((?:{})\\s*)A"):
        assert _spans(context.format(words_pattern(words)), text) == _spans(context.format(flat), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ana", "Ana Reyes", "Ana-Lu", "Bo", "Bob", "Mr. Bo"]), min_size=1, max_size=3),
       st.lists(st.sampled_from(["Ana", "Reyes", "Bo", "b", " ", "-", ".", "Mr", "x"]), max_size=12).map("".join))
def test_name_occurrences_match_the_plain_pattern(names, text):
    import re
    from ficarchive.dialogue.lexicon import words_pattern
    from ficarchive.dialogue.original_cast import _names_pattern

    plain = re.compile(r"(?<![\w-])(?:" + words_pattern(names) + r")(?![\w-])")
    assert [m.span() for m in _names_pattern(frozenset(names)).finditer(text)] == \
           [m.span() for m in plain.finditer(text)]


_PROSE = st.lists(st.sampled_from(["Mr.", "Mrs.", "Dr", "St.", "A.", "Ana", "Reyes", "said", "walked", "was",
                                   "Mr", "Señor", "Mme", "he", ".", "!", "?", "…", "\"", "'s", "\n", "-", "x"]),
                  max_size=14)
_SEPARATORS = st.lists(st.sampled_from(["", " ", "  ", "\n"]), min_size=14, max_size=14)
_PROSE = st.tuples(_PROSE, _SEPARATORS).map(lambda p: "".join(w + sep for w, sep in zip(*p)))


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_sentence_ends_and_acting_names_match_their_plain_patterns(text):
    from ficarchive.dialogue import original_cast
    from ficarchive.dialogue.layout import SENTENCE_END
    from ficarchive.dialogue.lexicon import SPEECH_VERBS, words_pattern

    plain_end = (r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMme)(?<!\bMlle)(?<!\b[A-Z])"
                 r"[.!?…]['\"”’)]?\s+(?=\S)|\n")
    assert _spans(SENTENCE_END.pattern, text) == _spans(plain_end, text)
    name = (r"(?:(?:" + words_pattern(original_cast._TITLES) + r")\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?")
    verb = words_pattern(SPEECH_VERBS)
    plain_acts = (r"(?<![\w-])(" + name + r")(?=\s*(?:['’]s\b|\s+(?:" + verb + r")\b|\s+[a-z]+ed\b|"
                  r"\s+(?:was|had|did|could|would|smiled|nodded|looked|turned|sat|stood)\b))"
                  r"|(?:\b(?:" + verb + r")\s+)(" + name + r")\b")
    import re
    acting = original_cast._acting(text)
    assert acting == [a or b for a, b in re.findall(plain_acts, text)]
    assert _spans(original_cast._WORD.pattern, text) == _spans(r"(?<![\w-])(" + name + r")(?![\w-])", text)
    from ficarchive.dialogue.candidates import _PRONOUN
    assert _spans(_PRONOUN.pattern, text + " I me my myself He him His himself She her hers herself sheer Ime") == \
        _spans(r"\b(?:I|me|my|myself|[Hh]e|[Hh]im|[Hh]is|himself|[Ss]he|[Hh]er|hers|herself)\b",
               text + " I me my myself He him His himself She her hers herself sheer Ime")


def test_hostile_names_still_make_patterns():
    # A 3,000-letter name and 1,000 names each one letter longer than the last: the word trie
    # would nest too deep for the regex compiler, so these fall back to the flat list.
    long_name = "Z" + "a" * 3000
    text = f"{long_name} said hello. {long_name} turned. " + " ".join(
        f"X{'a' * i} walked. X{'a' * i} smiled." for i in range(1, 1000))
    cast = find_original_cast(text)
    assert any(m.name == long_name for m in cast) and len(cast) > 900
    assert find_mentions(text, cast)


def test_without_evidence_the_same_speakers_and_confidences():
    # Understanding asks for no evidence: the answers must not depend on it.
    text = ("\"Where is everyone?\" Buffy asked.\n\n"
            "\"At the Bronze,\" Willow said. \"Xander wanted to dance.\"\n\n"
            "\"Of course he did.\"\n\n"
            "\"And Giles?\"\n\n"
            "She shrugged. \"Library. Books.\"\n\n"
            "Giles came in. \"I heard that.\"")
    full = speakers(text, CAST)
    bare = speakers(text, CAST, evidence=False)
    assert [(a.start, a.end, a.speaker, a.confidence) for a in bare] == \
        [(a.start, a.end, a.speaker, a.confidence) for a in full]
    assert all(a.evidence for a in full if a.speaker)
    assert not any(a.evidence for a in bare)
    assert [a.speaker for a in full][:2] == ["Buffy", "Willow"]


def test_less_common_verbs_of_saying_tag_their_speaker():
    # (`speech_verbs`: verbs found tagging quotations in the development half and the corpus)
    text = ("Buffy and Willow sat in the library. Xander came in.\n\n"
            "\"Try the stacks,\" advised Willow.\n\n"
            "\"Patrol first,\" Buffy proposed.\n\n"
            "\"Or lunch,\" Xander interjected.")
    assert who(text) == ["Willow", "Buffy", "Xander"]
