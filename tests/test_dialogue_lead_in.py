"""A clause that runs into a quotation without a verb of saying (ending in
a colon or a dash) reads its subject pronoun as a pronoun tag
(`tags._lead_in`): the pronoun's gender is the speaker's."""
from ficarchive.dialogue import tags

_NOBODY = tags.MentionIndex([])


def _tag_before(text: str):
    return tags.tag_before(text, 0, text.index('"'), _NOBODY)


def test_a_pronoun_subject_leading_in_with_a_colon_is_a_pronoun_tag():
    tag = _tag_before('Observing his daughter at work, he suddenly addressed her with : "I hope so."')
    assert (tag.kind, tag.subject, tag.gender, tag.verb, tag.side) == ("pronoun", "he", "male", None, "before")
    tag = _tag_before('Then she had a new inspiration -- "Tom!"')
    assert (tag.subject, tag.gender) == ("she", "female")


def test_after_a_subordinate_clause_the_subject_follows_its_comma():
    tag = _tag_before('When even the gate stood open, he put out his hand, calling -- "Take the horse."')
    assert tag.subject == "he"
    # (the pronoun of the `When` clause is not the subject of the rest)
    assert _tag_before('When he paused by the desk, the clerk read the entry : "John."') is None


def test_no_lead_in_without_a_colon_or_dash_or_with_another_subject_first():
    assert _tag_before('He looked at the sky and "Rain," came the answer.') is None
    assert _tag_before('The old sailor glared at him, and he stood up : "Silence!"') is None
