"""A clause that runs into a quotation without a verb of saying (ending in
a colon, comma or dash) tells its speaker's gender by its subject pronoun
(`tags.lead_in`), and the ranker's `lead_in_subject` marks the candidate
of that gender most in view."""
from ficarchive.dialogue import CastMember, find_quotes, tags
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.candidates import build_slots

_NOBODY = tags.MentionIndex([])


def _lead_in(text: str):
    return tags.lead_in(text, 0, text.index('"'), _NOBODY)


def test_a_pronoun_subject_leading_in_with_a_colon_comma_or_dash_tells_a_gender():
    assert _lead_in('Observing his daughter at work, he suddenly addressed her with : "I hope so."') == "male"
    assert _lead_in('Then she had a new inspiration -- "Tom!"') == "female"
    assert _lead_in('She sang, of course, "M\'ama!"') == "female"


def test_after_a_subordinate_clause_the_subject_follows_its_comma():
    assert _lead_in('When even the gate stood open, he put out his hand, calling -- "Take the horse."') == "male"
    # (the pronoun of the `When` clause is not the subject of the rest)
    assert _lead_in('When he paused by the desk, the clerk read the entry : "John."') is None


def test_no_lead_in_without_such_an_end_or_with_another_subject_first():
    assert _lead_in('He looked at the sky, and "Rain," came the answer.') is None
    assert _lead_in('They had in mind a saying of his, namely , "Strike first."') is None
    assert _lead_in('The old sailor glared at him, and he stood up : "Silence!"') is None


def test_the_lead_in_marks_the_candidate_of_its_gender_most_in_view():
    cast = [CastMember("ben", "Mr. Bennet", (), "male"), CastMember("bing", "Mr. Bingley", (), "male"),
            CastMember("liz", "Lizzy", (), "female")]
    text = ("Mr. Bennet sat by the fire. Mr. Bennet read. Lizzy trimmed a hat for Mr. Bingley.\n\n"
            'Observing his daughter, he suddenly addressed her with : "I hope Mr. Bingley will like it."')
    sieve = run_sieve(text, find_quotes(text), cast)
    assert sieve.quotes[0].tag is None and sieve.quotes[0].lead_in == "male"
    slot = build_slots(sieve)[0]
    marked = [c for c, f in zip(slot.candidates, slot.features) if f.get("lead_in_subject")]
    assert marked == ["ben"]
