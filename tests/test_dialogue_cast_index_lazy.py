"""`CastIndex` builds its forms and description heads only when asked for
them (speaker attribution handed its mentions reads only `cast`), and what it
builds then is what it built before: every member's forms, a member given
twice under one id included."""
from ficarchive.dialogue.cast import CastMember
from ficarchive.dialogue.mentions import CastIndex, cast_index, find_mentions

CAST = [CastMember("ana", "Ana Reyes", ("Mrs. Reyes",), "female"),
        CastMember("guide", "the old guide"),
        CastMember("ana", "Annie")]


def test_cast_only_builds_no_forms():
    index = CastIndex(CAST)
    assert index.cast == {"ana": CAST[2], "guide": CAST[1]}
    assert "forms" not in index.__dict__ and "nominal_heads" not in index.__dict__


def test_forms_of_every_member_when_asked():
    index = CastIndex(CAST)
    assert {"Ana Reyes", "Reyes", "Ana", "Mrs. Reyes", "Annie"} <= set(index.forms)
    assert index.lookup("Annie") == frozenset({"ana"})
    assert index.nominal_heads == {"guide": "guide"}


def test_mentions_through_a_cached_index():
    text = "Annie waved. Later the old guide spoke to Ana Reyes."
    found = find_mentions(text, cast_index(tuple(CAST)))
    assert [(text[m.start:m.end], m.id) for m in found] == [
        ("Annie", "ana"), ("the old guide", "guide"), ("Ana Reyes", "ana")]
