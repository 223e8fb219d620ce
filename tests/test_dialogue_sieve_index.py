"""Where the sieve's mentions and quotations stand (`dialogue/sieve_index.py`),
built to C or run as plain Python, against the plain bisections and the
regex it stands for: a mention inside a quotation, a mention opening its
sentence (`SUBJECT_BEFORE` over the six characters before it), the weight
that follows, a quotation's paragraph."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import sieve_index


PURE = as_python(sieve_index)
# What may stand before a name: sentence ends, closing marks (straight single
# after a full stop or not), the joining words and words that merely end
# like them (`band`, `gas`, `éas`: word characters beyond ASCII, and a
# combining mark that is none) or begin like them (`whiles`), every kind of
# white space.
PIECES = [" ", " ", "\n", "\t", "\u2003", ".", "!", "?", "…", ",", '"', "”", "’", "'", "and", "but", "then",
          "when", "as", "while", "band", "gas", "awhile", "the", "said", "x", "é", "Ann", "But", "Then", "now",
          "Now", "so", "So", "yet", "Yet", "know", "also", "row", "sand", "_and", "3so", "éas", "AND", "whiles",
          "yet_", "so3", "\u0301so", "٣as"]


def _reference(text: str, starts: list[int], quotes: list[tuple[int, int]]):
    quote_starts = [s for s, _ in quotes]
    in_quote, subject, weights = [], [], []
    for pos in starts:
        i = bisect_right(quote_starts, pos) - 1
        inside = i >= 0 and quotes[i][0] <= pos < quotes[i][1]
        opens = pos == 0 or bool(sieve_index.SUBJECT_BEFORE.search(text[max(0, pos - 6):pos]))
        in_quote.append(inside)
        subject.append(opens)
        weights.append((2.0 if opens else 1.0) * (0.5 if inside else 1.0))
    return in_quote, subject, weights


@st.composite
def _texts(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))
    starts = sorted(draw(st.lists(st.integers(0, len(text) - 1), max_size=12)))
    bounds = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10)))
    quotes = sorted((a, b) for a, b in zip(bounds[::2], bounds[1::2]))
    return text, starts, quotes


@settings(max_examples=1500, deadline=None)
@given(_texts())
def test_mention_places_are_the_bisections_and_the_regex(case):
    text, starts, quotes = case
    expected = _reference(text, starts, quotes)
    for module in (sieve_index, PURE):
        got = module.mention_places(text, starts, [s for s, _ in quotes], [e for _, e in quotes])
        assert got == expected, module.COMPILED
        assert [type(v) for v in got[0] + got[1]] == [bool] * (2 * len(starts))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(0, 500), max_size=20), st.lists(st.integers(0, 500), max_size=20))
def test_paragraph_of_each_is_the_bisection(starts, paragraph_starts):
    starts, paragraph_starts = sorted(starts), sorted(set(paragraph_starts))
    expected = [bisect_right(paragraph_starts, s) - 1 if paragraph_starts else 0 for s in starts]
    for module in (sieve_index, PURE):
        assert module.paragraph_of_each(starts, paragraph_starts) == expected, module.COMPILED


def test_a_name_after_a_full_stop_or_a_joining_word_opens_its_clause():
    text = 'It rained. Ann ran and Bob hid, "Cat" said. The band Dan.'
    starts = [text.index(name) for name in ("Ann", "Bob", "Cat", "Dan")]
    quote = text.index('"Cat"')
    in_quote, subject, weights = sieve_index.mention_places(text, starts, [quote], [quote + 5])
    assert in_quote == [False, False, True, False]
    assert subject == [True, True, True, False]
    assert weights == [2.0, 2.0, 1.0, 1.0]


def test_a_capitalised_joining_word_opening_a_sentence_leaves_its_name_the_subject():
    text = "It rained. But Ann ran. Now Bob hid. So Cy sat. Yet Di sang. The snow Ed. I know Flo."
    starts = [text.index(name) for name in ("Ann", "Bob", "Cy", "Di", "Ed", "Flo")]
    subject = sieve_index.mention_places(text, starts, [], [])[1]
    assert subject == [True, True, True, True, False, False]
    assert PURE.mention_places(text, starts, [], [])[1] == subject


def _spoken_to_reference(text: str, mentions: list[tuple[int, int]], quotes: list[tuple[int, int]]):
    """The sieve's first reading: per quotation, the mentions it holds, by bisection and regexes."""
    starts = [s for s, _ in mentions]
    found = []
    for i, (qs, qe) in enumerate(quotes):
        for k in range(bisect_left(starts, qs), bisect_left(starts, qe)):
            ms, me = mentions[k]
            if ms <= qs + 2:
                if not text[me:qe].strip(" ,.!?;:—–-\n\"'”’“‘"):
                    continue
                before = ""
            else:
                before = text[max(qs + 1, ms - 12):ms]
            if sieve_index.VOCATIVE_BEFORE.search(before) and sieve_index.VOCATIVE_AFTER.match(text, me, qe):
                found.append((i, k))
    return found


VOCATIVE_PIECES = ['"', "“", "”", "'", " ", " ", "\n", "\u2003", ",", "!", "?", ".", "—", "…", "-", "Oh", "oh",
                   "Hey", "Hi", "Dear", "dear", "Yes", "No", "Well", "My", "my", "Bob", "Ann", "x", "so", "Dan"]


@st.composite
def _speeches(draw):
    text = "".join(draw(st.lists(st.sampled_from(VOCATIVE_PIECES), min_size=1, max_size=40)))
    names = sorted({i for i in range(len(text)) if text[i] in "BAD"})
    mentions = [(s, min(s + draw(st.integers(1, 4)), len(text))) for s in names]  # a name ends inside the text
    bounds = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10)))
    quotes = sorted((a, b) for a, b in zip(bounds[::2], bounds[1::2]))
    return text, mentions, quotes


@settings(max_examples=1500, deadline=None)
@given(_speeches())
def test_names_spoken_to_are_the_regexes(case):
    text, mentions, quotes = case
    expected = _spoken_to_reference(text, mentions, quotes)
    for module in (sieve_index, PURE):
        got = module.spoken_to(text, [s for s, _ in mentions], [e for _, e in mentions],
                               [s for s, _ in quotes], [e for _, e in quotes])
        assert got == expected, module.COMPILED


def test_a_name_set_off_by_commas_is_spoken_to_and_a_lone_name_answers():
    text = '"Well, Ann, come." "Bob!" "Dear Dan." "So Ann said."'
    mentions = [(text.index(n), text.index(n) + 3) for n in ("Ann", "Bob", "Dan")]
    mentions.append((text.rindex("Ann"), text.rindex("Ann") + 3))
    quotes, pos = [], 0
    while (start := text.find('"', pos)) >= 0:
        end = text.index('"', start + 1) + 1
        quotes.append((start, end))
        pos = end
    got = sieve_index.spoken_to(text, [s for s, _ in mentions], [e for _, e in mentions],
                                [s for s, _ in quotes], [e for _, e in quotes])
    assert got == [(0, 0), (2, 2)]
