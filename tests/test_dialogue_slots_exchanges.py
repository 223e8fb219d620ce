"""What separates each quotation from the one before, and whether a quotation
may open with a word of reply (`slot_index.exchanges`, `may_open_with`,
typed), compiled and as plain Python, each pinned to the definition it
stands for (`candidates._linked` and `_gap`; the `_REPLY_OPENING` pattern)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import candidates, slot_index
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.cast import CastMember
from ficarchive.dialogue.quotes import find_quotes

PURE = as_python(slot_index)
BOTH = (slot_index, PURE)


class _Tag:
    def __init__(self, side: str, pos: int, end: int):
        self.side, self.pos, self.end = side, pos, end


class _Quote:
    def __init__(self, start: int, end: int, tag: _Tag | None, continues: bool):
        self.start, self.end, self.tag, self.continues = start, end, tag, continues


class _Sieve:
    def __init__(self, text: str, quotes: list[_Quote], paragraph_starts: list[int]):
        self.text, self.quotes, self.paragraph_starts = text, quotes, paragraph_starts


# What stands between quotations: white space of several kinds, the marks
# `_gap` strips, words, a tag's full stop.
_BETWEEN = [" ", "  ", "\n", "\t", "\u00a0", "\u2029", "\x1c", ".", ",", ";", ":", "!", "?", "—", "–", "-",
            "said Ann", "she said", "Then he left", "…", "\u2003", "x", "é", "_"]


@st.composite
def _exchanges(draw):
    """A text of quotations (`"…"`) with the pieces above between them, each
    perhaps with a tag after or before it (placed over the pieces, as the
    sieve finds them), perhaps continuing the turn."""
    parts, quotes = [], []
    at = 0
    for _ in range(draw(st.integers(0, 8))):
        between = "".join(draw(st.lists(st.sampled_from(_BETWEEN), max_size=6)))
        parts.append(between)
        at += len(between)
        speech = '"' + draw(st.sampled_from(["Hi.", "Who?", "Yes", "No, no —", "x"])) + '"'
        start = at
        parts.append(speech)
        at += len(speech)
        tag = None
        kind = draw(st.sampled_from(["none", "after", "before"]))
        if kind == "after":
            tag = _Tag("after", at + 1, at + draw(st.integers(0, 12)))
        elif kind == "before":
            tag = _Tag("before", max(0, start - draw(st.integers(0, 12))), start)
        quotes.append(_Quote(start, at, tag, draw(st.booleans())))
    parts.append("".join(draw(st.lists(st.sampled_from(_BETWEEN), max_size=3))))
    text = "".join(parts)
    for q in quotes:  # a tag ends inside the text
        if q.tag is not None:
            q.tag.end = min(q.tag.end, len(text))
    return text, quotes


@settings(max_examples=300, deadline=None)
@given(_exchanges(), st.booleans(), st.integers(0, 60))
def test_exchanges_give_what_linked_and_gap_define(found, paragraphs, reach):
    text, quotes = found
    sieve = _Sieve(text, quotes, [0] if paragraphs else [])
    old_reach = candidates._CONVERSATION_GAP
    candidates._CONVERSATION_GAP = reach
    try:
        links = [candidates._linked(sieve, i) for i in range(len(quotes))]
        gaps = [candidates._gap(sieve, i, linked) for i, linked in enumerate(links)]
    finally:
        candidates._CONVERSATION_GAP = old_reach
    for module in BOTH:
        assert module.exchanges(text, quotes, paragraphs, reach) == (links, gaps)


def test_each_kind_of_gap():
    text = '"Hi," said Ann. "Yes." "No." Ann left. "Oh," he said, "well."'
    starts = [text.index(s) for s in ('"Hi', '"Yes', '"No', '"Oh', '"well')]
    ends = [text.index(s) + len(s) for s in ('"Hi,"', '"Yes."', '"No."', '"Oh,"', '"well."')]
    tags = [_Tag("after", ends[0] + 1, ends[0] + 9), None, None, _Tag("after", ends[3] + 1, ends[3] + 8), None]
    continues = [False, False, False, False, True]
    quotes = [_Quote(s, e, t, c) for s, e, t, c in zip(starts, ends, tags, continues)]
    for module in BOTH:
        assert module.exchanges(text, quotes, False, 40) == (
            [False, True, True, True, True], ["far", "tag_stop", "adjacent", "narration", "tag_runs_on"])
        assert module.exchanges(text, quotes, True, 40)[1] == [
            "far", "adjacent", "adjacent", "narration", "paragraph"]
        assert module.exchanges(text, quotes, False, 5)[0] == [False, True, True, False, True]


_OPENINGS = ["Yes", "yes", "YES", "Of course", "of", "Of Course", "Thank you", "thank", "Nope", "No", "Noo", "I",
             "Why", "Whyever", "Well", "ok", "OK", "Okay", "Oh", "Ah", "Because", "Sure", "surely", "Nothing",
             "Never", "Not", "Nonsense", "ſure", "Yeſ", "K", "yes_", "yes2", "2yes", "Yés", "all right", "All",
             "very well", "Very", "x", "the", "The", "Bye"]
_MARKS = ["", " ", '"', "“", "'", "‘", "—", "_", "__", "...", "(", "\n", "\u00a0", "1", "é"]
_AFTER = ["", " ", ",", "!", "?", "'s", "’s", "'", "’", "-", "_", "x", " course", " you", " right", " well", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MARKS), max_size=3), st.sampled_from(_OPENINGS),
       st.lists(st.sampled_from(_AFTER), max_size=3), st.integers(0, 3), st.integers(0, 3))
def test_may_open_with_is_false_only_where_the_pattern_cannot_match(marks, opening, after, cut_start, cut_end):
    text = "".join(marks) + opening + "".join(after)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    matched = candidates._REPLY_OPENING.match(text, start, end) is not None
    for module in BOTH:
        maybe = module.may_open_with(text, start, end, candidates._REPLY_FIRST_WORDS)
        assert maybe or not matched, (text, start, end)


def test_may_open_with_rules_out_other_ascii_words():
    for module in BOTH:
        assert not module.may_open_with('"What now?"', 0, 11, candidates._REPLY_FIRST_WORDS)
        assert not module.may_open_with('"Go."', 0, 5, candidates._REPLY_FIRST_WORDS)
        assert not module.may_open_with('"..."', 0, 5, candidates._REPLY_FIRST_WORDS)
        assert module.may_open_with('"Yes."', 0, 6, candidates._REPLY_FIRST_WORDS)
        assert module.may_open_with('"Of all things!"', 0, 16, candidates._REPLY_FIRST_WORDS)
        assert module.may_open_with('"Ÿes."', 0, 6, candidates._REPLY_FIRST_WORDS)  # not ASCII: the pattern decides


CAST = [CastMember("ann", "Ann", (), "female"), CastMember("bob", "Bob", (), "male")]


def test_a_reply_after_a_question_is_read_the_same():
    text = ('Ann and Bob stood at the door.\n\n"Is it locked?" asked Ann.\n\n"Yes, of course."\n\n'
            '"Why?"\n\n"Nothing. Go on."\n\n"What then?"')
    slots = run_sieve(text, find_quotes(text), CAST).slots()
    assert [s.gap for s in slots] == ["far", "adjacent", "adjacent", "adjacent", "adjacent"]
    assert slots[0].fixed == "ann"
    assert [s.after_question for s in slots[1:]] == [True, False, True, False]
    assert [s.reply_opening for s in slots[1:]] == [True, True, True, False]
    assert [s.after_asking for s in slots[1:]] == [True, False, False, False]
