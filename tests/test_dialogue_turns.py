"""Turn and reference cues for text without paragraph breaks (one sentence
per line, tokens split by spaces), each on a short text written for it."""
from __future__ import annotations

from ficarchive.dialogue import CastMember, find_quotes
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.candidates import TextIndex
from ficarchive.dialogue.tags import MentionIndex, tag_after

ANN = CastMember("ann", "Ann", (), "female")
BOB = CastMember("bob", "Bob", (), "male")
GRAY = CastMember("gray", "Mrs. Gray", (), "female")
NARRATOR = CastMember("me", "Kit", (), "male", narrator=True)


def _sieve(text, cast):
    return run_sieve(text, find_quotes(text), cast)


def test_a_tag_that_puts_its_verb_first_holds_after_a_finished_quotation():
    # Without paragraphs a new sentence after `!` may be narration (`He
    # smiled .`), but narration never puts the verb before its subject.
    text = ("Ann came in late .\n\" You are late ! \" said Bob .\n"
            "\" The train was slow ! \" exclaimed the tired woman .\n\" Well . \"\nHe smiled .\n")
    sieve = _sieve(text, [ANN, BOB])
    tags = [q.tag for q in sieve.quotes]
    assert tags[1] is not None and tags[1].kind == "description" and tags[1].verb_first
    assert tags[2] is None  # `He smiled .` is a beat, not a tag


def test_i_with_a_verb_of_saying_holds_after_a_finished_quotation():
    text = "Bob shook his head .\n\" It is over ! \" cried Bob .\n\" Good heavens ! \" I added .\n"
    sieve = _sieve(text, [BOB, NARRATOR])
    last = sieve.quotes[-1]
    assert last.tag is not None and last.tag.gender == "narrator"
    assert last.speaker == "me"


def test_went_on_names_the_speaker_after_it():
    text = "\" I tell you , \" went on Bob with passion , \" it is so . \""
    mentions = MentionIndex([m for m in _sieve(text, [BOB]).mentions.mentions])
    tag = tag_after(text, text.index(" went"), len(text), mentions)
    assert tag is not None and tag.member == "bob" and tag.verb == "went"


def test_after_a_tag_that_asks_the_other_one_answers():
    asked = "\" Is it locked ? \" asked Ann .\n\" Yes . \"\n"
    sieve = _sieve(asked, [ANN, BOB])
    assert not sieve.quotes[1].continues
    slot = sieve.slots()[1]
    assert slot.after_asking and slot.gap == "tag_stop"
    # A tag that only says goes on: the same speaker most often goes on.
    said = "\" It is locked , \" said Ann .\n\" Come round the back . \"\n"
    sieve = _sieve(said, [ANN, BOB])
    assert sieve.quotes[1].continues and not sieve.slots()[1].after_asking


def test_a_described_subject_takes_the_pronouns_after_it_from_the_name_before():
    # `The old woman` is someone the narration has not named: the `She`
    # after her is not Ann's, and neither is the tag's `she`.
    text = ("Ann sat by the fire .\nShe was reading .\nThe old woman came in from the yard .\n"
            "She put down a basket .\n\" Tea ? \" she said .\n\" Yes , \" said Ann .\n")
    sieve = _sieve(text, [ANN, GRAY])
    index = TextIndex(sieve)
    tea = text.index("\" Tea")
    assert index.referent("female", text.index("She was")) == "ann"
    assert index.referent("female", tea) is None
    chain = index.chains["ann"]
    assert text.index("She was") in chain and text.index("She put") not in chain
    # A member's own description is a name, not a new person.
    named = CastMember("nurse", "the old woman", (), "female")
    index = TextIndex(_sieve(text, [ANN, named]))
    assert index.referent("female", tea) == "nurse"


def test_i_with_a_verb_that_goes_on_after_a_finished_quotation_is_narration():
    # `I returned to the window` tells an action: not a tag, so the quotation
    # is not the narrator's; `Bob put in .` still is a tag.
    text = ("\" Where is it ? \" asked Bob .\n\" Here . \"\n\" Show it . \"\nI returned to the window .\n"
            "\" Ten years ! \"\nBob put in .\n")
    sieve = _sieve(text, [BOB, NARRATOR])
    assert sieve.quotes[2].tag is None
    assert sieve.quotes[3].tag is not None and sieve.quotes[3].tag.member == "bob"


def test_i_after_a_quotation_that_calls_the_narrator_is_not_its_tag():
    # `"..., Kit ?" I told him .`: the narrator is the one spoken to.
    text = "Bob pointed at the river .\n\" What does he say , Kit ? \"\nI told him .\n"
    sieve = _sieve(text, [BOB, NARRATOR])
    quote = sieve.quotes[0]
    assert "me" in quote.addressees and quote.tag is None and quote.speaker != "me"


def test_a_semicolon_ends_the_clause_before_a_tag_verb():
    # `I hid ; but Ann came and said --`: the verb's subject is Ann, not `I`.
    text = "I wished he might not find me ; but Ann just put her head in , and said at once -- \" She is here . \"\n"
    sieve = _sieve(text, [ANN, NARRATOR])
    tag = sieve.quotes[0].tag
    assert tag is not None and tag.member == "ann"


def test_a_narrator_recalling_their_own_words_is_a_tag():
    text = "Bob looked up .\n\" Nothing touches it . \"\n\" For sheer terror ? \"\nI remember asking .\n"
    sieve = _sieve(text, [BOB, NARRATOR])
    last = sieve.quotes[-1]
    assert last.tag is not None and last.tag.gender == "narrator" and last.tag.verb == "asking"
    assert last.speaker == "me"
