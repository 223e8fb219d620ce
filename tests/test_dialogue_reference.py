"""Who a description, a name or a pronoun beside a quotation refers to: cues
of session 5, each on a short text written for it."""
from __future__ import annotations

from ficarchive.dialogue import CastMember, find_quotes, speakers
from ficarchive.dialogue.attribute import run_sieve

MOZE = CastMember("moze", "Moze", (), "male")
JIM = CastMember("jim", "Jim", (), "male")


def _tags(text, cast):
    sieve = run_sieve(text, find_quotes(text), cast)
    return [(q.tag.kind, q.tag.member) if q.tag else None for q in sieve.quotes]


def test_a_description_that_ends_in_a_name_is_a_name_tag():
    text = ("Jim threw a log on the fire.\n\n\"Fire feels good,\" said the burly Moze.\n\n"
            "\"It does,\" the old Jim said.\n\n\"Who is there?\" cried the voice of Moze from the dark.")
    assert _tags(text, [MOZE, JIM]) == [("mention", "moze"), ("mention", "jim"), ("mention", "moze")]
    assert [a.speaker for a in speakers(text, [MOZE, JIM])] == ["moze", "jim", "moze"]


def test_one_of_a_group_in_a_tag_is_the_group():
    women = CastMember("women", "the women", (), None)
    text = "The fire was low.\n\n\"How delicious!\" cried one of the women."
    assert _tags(text, [women, JIM]) == [("mention", "women")]


def test_a_name_after_a_preposition_in_the_tag_is_not_its_subject():
    # `said the girl to Jim`: Jim is spoken to; the girl speaks.
    text = "Jim sat by the fire.\n\n\"Move over,\" said the girl to Jim."
    assert _tags(text, [MOZE, JIM]) != [("mention", "jim")]


def test_a_described_member_is_found_under_other_words_before_its_head_noun():
    from ficarchive.dialogue import find_mentions

    guide = CastMember("guide", "The guide", (), "male")
    nurse = CastMember("nurse", "the child 's nurse", (), "female")
    text = ("We spoke to our last guide about the river. Our guide nodded. "
            "Then a guide from the village came, and the old nurse laughed.")
    found = [(text[m.start:m.end], m.id) for m in find_mentions(text, [guide, nurse, JIM])]
    # `a guide` is someone new, not the guide already known
    assert found == [("our last guide", "guide"), ("Our guide", "guide"), ("the old nurse", "nurse")]


def test_a_head_noun_two_descriptions_share_names_neither():
    from ficarchive.dialogue import find_mentions

    doctor = CastMember("doc", "the doctor", (), "male")
    young = CastMember("young", "the young doctor", (), "male")
    text = "The tall doctor waited. The young doctor spoke."
    assert [(text[m.start:m.end], m.id) for m in find_mentions(text, [doctor, young])] == [("The young doctor", "young")]


def test_a_word_for_anyone_finds_no_described_member_under_other_words():
    from ficarchive.dialogue import find_mentions

    lady = CastMember("lady", "the young lady", (), "female")
    text = "The old lady sat. The young lady spoke."
    assert [(text[m.start:m.end], m.id) for m in find_mentions(text, [lady])] == [("The young lady", "lady")]


def test_a_speaker_not_yet_named_is_marked_so():
    text = ("Jim sat by the fire. A small boy came up the path.\n\n"
            "\"Give me a log,\" he said.\n\n\"Who are you?\" asked Jim.\n\n\"I am Tod,\" said Tod.")
    tod = CastMember("tod", "Tod", (), "male")
    slot = run_sieve(text, find_quotes(text), [JIM, tod]).slots()[0]
    features = dict(zip(slot.candidates, slot.features))
    assert features["tod"].get("unnamed_yet") == 1.0
    assert "unnamed_yet" not in features["jim"]
