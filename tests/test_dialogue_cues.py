"""Cues added for speaker accuracy, each on a short text written for it."""
from __future__ import annotations

from ficarchive.dialogue import find_quotes


def test_tokenized_single_quote_after_a_speech_verb_opens_a_speech():
    # One sentence per line, every mark split off: `said ' Poor` opens, while
    # `goin ' home` stays an elision.
    text = ("The ladies all said ' Poor child ! '\non hearing the news , and the dog barked .\n"
            "' Hush , Tiny ! '\nsaid she .\nThey were goin ' home .\n")
    assert [text[s:e] for s, e in find_quotes(text)] == ["' Poor child ! '", "' Hush , Tiny ! '"]


def test_her_mother_is_the_titled_member_of_the_family_when_the_daughter_has_no_surname():
    from ficarchive.dialogue import CastMember, speakers

    cast = [CastMember("pa", "Mr. Hale", (), "male"), CastMember("ma", "Mrs. Hale", (), "female"),
            CastMember("nell", "Nell", (), "female"), CastMember("dot", "Dot", (), "female"),
            CastMember("vi", "Mrs. Grey", (), "female")]
    text = ("Mrs. Grey had gone home. Mr. Hale read his paper while Dot sewed.\n\n"
            "\"When is the fair, Nell?\" asked Dot.\n\n\"Tomorrow.\"\n\n"
            "\"Then we must bake tonight,\" cried her mother.")
    assert [a.speaker for a in speakers(text, cast)] == ["dot", "nell", "ma"]

