"""Description tags whose determiner is a possessive of the speaker's own
circle (`said my brother`, `exclaimed my brother's wife`, `said my
sister-in-law`), each on a short text written for it."""
from __future__ import annotations

from ficarchive.dialogue import CastMember, find_quotes
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.tags import MentionIndex, tag_after, tag_gender


def _tag(text: str):
    quote_end = text.index("”") + 1
    return tag_after(text, quote_end, len(text), MentionIndex([]))


def test_a_possessive_description_after_the_verb_is_a_description_tag():
    tag = _tag("“ It rains again , ” said my brother .\n")
    assert (tag.kind, tag.subject, tag.verb) == ("description", "my brother", "said")
    assert tag_gender(tag) == "male"


def test_the_noun_after_a_possessive_s_is_the_speaker():
    for text in ("“ Rudi ! ” exclaimed my brother ’s wife , laughing .\n",
                 "“ Rudi ! ” exclaimed our neighbour's wife , laughing .\n"):
        tag = _tag(text)
        assert tag.kind == "description"
        assert tag.subject.endswith("wife")
        assert tag_gender(tag) == "female"


def test_an_in_law_is_of_the_gender_of_the_kin_noun():
    assert tag_gender(_tag("“ Nonsense , ” said my sister-in-law .\n")) == "female"
    assert tag_gender(_tag("“ Nonsense , ” said your father-in-law .\n")) == "male"


def test_an_object_after_the_verb_is_no_possessive_tag():
    # `told my brother`: the one spoken to, not a description of the speaker.
    tag = _tag("“ Go home , ” I told my brother .\n")
    assert tag is None or tag.kind != "description"


def test_a_description_tag_in_text_without_paragraphs_names_the_one_in_view():
    # One sentence per line: a tag that puts its verb first holds after a
    # finished quotation; `my brother's wife` is the woman in view, not the
    # narrator's brother.
    cast = [CastMember("rudi", "Rudi", (), "male"), CastMember("hal", "Hal", (), "male"),
            CastMember("ida", "Ida", (), "female")]
    text = ("At breakfast Hal read the paper and Ida poured the tea .\n"
            "“ Rudi ! ” exclaimed my brother ’s wife .\n"
            "“ Yes ? ” I answered .\n"
            "“ The post is late , ” said my brother .\n")
    sieve = run_sieve(text, find_quotes(text), cast)
    tags = [q.tag for q in sieve.quotes]
    assert [t.kind for t in tags] == ["description", "pronoun", "description"]
    assert [tag_gender(t) for t in tags] == ["female", "narrator", "male"]
    assert sieve.quotes[0].speaker == "ida"
    assert sieve.quotes[2].speaker == "hal"


def test_a_description_cut_at_an_adjective_names_no_member_by_it():
    # `rejoined his young visitor` reads as `his young`: an adjective, which
    # a member's name (`The young lady`) holds too, is no noun to match.
    cast = [CastMember("ned", "Ned", (), "male"), CastMember("lady", "The young lady", (), "female")]
    text = ("Ned set down his cup on the bench .\n"
            "“ You may have one more , ” Ned said .\n"
            "“ I want two , then , ” rejoined his young visitor .\n")
    sieve = run_sieve(text, find_quotes(text), cast)
    last = sieve.quotes[-1]
    assert last.tag.kind == "description"
    assert last.speaker != "lady"
    assert last.cue != "description_tag"


def test_a_description_ending_in_a_member_noun_still_names_it():
    # The same tag with its noun: the one member whose name holds it.
    cast = [CastMember("ned", "Ned", (), "male"), CastMember("lady", "The young lady", (), "female")]
    text = ("Ned set down his cup on the bench .\n"
            "“ You may have one more , ” Ned said .\n"
            "“ I want two , then , ” rejoined the lady .\n")
    sieve = run_sieve(text, find_quotes(text), cast)
    assert (sieve.quotes[-1].speaker, sieve.quotes[-1].cue) == ("lady", "description_tag")
