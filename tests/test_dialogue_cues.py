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



def _slots(text, cast):
    from ficarchive.dialogue.attribute import run_sieve

    return run_sieve(text, find_quotes(text), cast).slots()


def test_a_question_before_and_a_word_of_reply_are_read_per_quotation():
    from ficarchive.dialogue import CastMember

    cast = [CastMember("ann", "Ann", (), "female"), CastMember("bob", "Bob", (), "male")]
    text = ("Ann looked up from the map .\n\" Where is the ford ? \" she asked .\n\" Of course you would ask . \"\n"
            "\" Nothing matters now . \"\n\" It is north , \" said Bob .\n\" North ! \"\n")
    slots = _slots(text, cast)
    assert [(s.after_question, s.reply_opening) for s in slots] == [
        (False, False), (True, True), (False, True), (False, False), (False, False)]


def test_reply_cues_weigh_against_the_last_speaker_going_on():
    from ficarchive.dialogue.candidates import Slot
    from ficarchive.dialogue.ranker import decode

    # After `"...," said Ann.` the same speaker going on is likely, unless
    # the quotation before asked and this one opens with a word of reply.
    weights = {"spoke_last_tag_stop": 1.0, "spoke_last_after_question": -2.0, "spoke_two_back_reply_opening": 2.0}
    tagged = Slot(0, ["ann"], [{}], False, False, "far", False, "ann")
    plain = Slot(1, ["ann", "bob"], [{}, {}], False, True, "tag_stop", False, None)
    answer = Slot(1, ["ann", "bob"], [{}, {}], False, True, "tag_stop", False, None,
                  after_question=True, reply_opening=True)
    assert decode([tagged, plain], weights)[1][0] == "ann"
    decoded = decode([tagged, answer], weights)
    assert decoded[1][0] == "bob"
    assert decode([Slot(0, ["bob"], [{}], False, False, "far", False, "bob"), tagged,
                   Slot(2, ["ann", "bob"], [{}, {}], False, True, "tag_stop", False, None,
                        reply_opening=True)], weights)[2][0] == "bob"


def test_a_pronoun_tag_knows_who_is_most_in_view_and_who_was_last_a_subject():
    from ficarchive.dialogue import CastMember

    cast = [CastMember("tom", "Tom", (), "male"), CastMember("bob", "Bob", (), "male")]
    # Tom is named most and is the last subject; Bob is named last, in passing.
    text = ("Tom walked in . Tom sat down by the fire and Tom lit his pipe .\n"
            "Tom looked at the coat of Bob .\n\" It is cold , \" he said .\n")
    slot = _slots(text, cast)[0]
    features = dict(zip(slot.candidates, slot.features))
    assert "tag_refers" in features["bob"] and "tag_refers" not in features["tom"]
    assert "tag_most_in_view" in features["tom"] and "tag_most_in_view" not in features["bob"]
    assert "tag_last_subject" in features["tom"] and "tag_last_subject" not in features["bob"]


def test_a_kin_tag_decides_like_a_name_tag():
    from ficarchive.dialogue import CastMember

    # `said his wife` with one titled woman of the family: the ranker does not
    # reweigh it (turn-taking would give the quotation to the last-but-one speaker).
    cast = [CastMember("pa", "Mr. Hale", (), "male"), CastMember("ma", "Mrs. Hale", (), "female"),
            CastMember("nell", "Nell", (), "female")]
    text = ("Mr. Hale folded his paper .\n\" Is it raining , Nell ? \" asked Mr. Hale .\n\" A little . \"\n"
            "\" Then nobody goes out , \" said his wife .\n")
    slots = _slots(text, cast)
    assert [s.fixed for s in slots] == ["pa", None, "ma"]


def test_whoever_is_said_to_hear_a_quotation_is_not_a_candidate_for_it():
    from ficarchive.dialogue import CastMember

    cast = [CastMember("mary", "Mary", (), "female"), CastMember("ma", "Mrs. Lennox", (), "female"),
            CastMember("tom", "Tom", (), "male")]
    text = ("Mary sat on the stairs and Mrs. Lennox stood in the hall with Tom .\n"
            "\" Is it so very bad ? \"\nMary heard her say .\n"
            "Tom went out .\nMary waited .\nShe heard one voice say :\n\" What a dreadful day . \"\n"
            "\" Go to bed , \" were the next words Mary heard .\n"
            "She stood up and went in .\n\" I am not tired . \"\n")
    slots = _slots(text, cast)
    assert ["mary" in s.candidates for s in slots] == [False, False, False, True]
    assert all(s.candidates for s in slots)


def test_the_hearer_is_read_only_in_the_sentence_next_to_the_quotation():
    from ficarchive.dialogue import CastMember

    cast = [CastMember("phil", "Philip", (), "male"), CastMember("emma", "Emma", (), "female")]
    # `He heard voices` two sentences back says nothing of who speaks; `He
    # heard her speak.` right before does.
    text = ("Philip went down .\nHe heard the sound of voices in the study .\nHe paused .\n"
            "\" I will go in . \"\nEmma knocked at the door .\nHe heard her speak .\n\" Philip is here . \"\n")
    slots = _slots(text, cast)
    assert ["phil" in s.candidates for s in slots] == [True, False]


def test_only_verbs_of_hearing_send_a_quotation_to_be_read_for_its_hearer():
    from ficarchive.dialogue import CastMember
    from ficarchive.dialogue.attribute import run_sieve
    from ficarchive.dialogue.candidates import TextIndex

    cast = [CastMember("ann", "Ann", (), "female"), CastMember("bob", "Bob", (), "male")]
    text = ("Ann sat by the hearth with her heart in her mouth .\n\" Who is there ? \"\n" + "Bob waited .\n" * 40
            + "Bob overheard her say :\n\" Nobody . \"\n")
    index = TextIndex(run_sieve(text, find_quotes(text), cast))
    assert [text[at:at + 9] for at in index.hearing_words] == ["overheard"]
    assert index.quotes_near_hearing() == {1}


def test_a_kin_title_spoken_alone_addresses_the_one_member_known_by_it():
    from ficarchive.dialogue import CastMember
    from ficarchive.dialogue.attribute import run_sieve

    text = ("Aunt Polly looked round the room . Tom stood by the closet .\n"
            "\" What have you been doing in there ? \"\n\" I do n't know , aunt . \"\n"
            "\" Look behind you , Aunt ! \"\n")
    polly = [CastMember("tom", "Tom", (), "male"), CastMember("polly", "Aunt Polly", (), "female")]
    sieve = run_sieve(text, find_quotes(text), polly)
    assert [set(q.addressees) for q in sieve.quotes] == [set(), {"polly"}, {"polly"}]
    # Two aunts: the title alone names neither.
    aunts = [*polly, CastMember("sally", "Aunt Sally", (), "female")]
    sieve = run_sieve(text, find_quotes(text), aunts)
    assert [set(q.addressees) for q in sieve.quotes] == [set(), set(), set()]


def test_whoever_a_quotation_speaks_to_is_not_a_candidate_for_it():
    from ficarchive.dialogue import CastMember

    cast = [CastMember("tom", "Tom", (), "male"), CastMember("polly", "Aunt Polly", (), "female"),
            CastMember("sid", "Sid", (), "male")]
    text = ("Aunt Polly looked round the room . Tom stood by the closet and Sid sat by the fire .\n"
            "\" What have you been doing in there ? \"\n\" I do n't know , aunt . \"\n"
            "Sid laughed .\n\" You know well enough , Tom . \"\n")
    slots = _slots(text, cast)
    assert ["polly" in s.candidates for s in slots] == [True, False, True]
    assert ["tom" in s.candidates for s in slots] == [True, True, False]
    # Unless the one spoken to is the only candidate there is.
    lone = [CastMember("tom", "Tom", (), "male")]
    slots = _slots("Tom came in .\n\" Well , Tom ! \"\n", lone)
    assert [s.candidates for s in slots] == [["tom"]]
