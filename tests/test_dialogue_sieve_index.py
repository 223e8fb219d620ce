"""Where the sieve's mentions and quotations stand (`dialogue/sieve_index.py`),
built to C or run as plain Python, against the plain bisections and the
regex it stands for: a mention inside a quotation, a mention opening its
sentence (`SUBJECT_BEFORE` over the six characters before it), the weight
that follows, a quotation's paragraph."""
from __future__ import annotations

import importlib.util
from bisect import bisect_right
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ficarchive.dialogue import sieve_index

SOURCE = Path(sieve_index.__file__).with_name("sieve_index.py")


def _as_python():
    spec = importlib.util.spec_from_file_location("ficarchive.dialogue._sieve_index_as_python", SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PURE = _as_python()
# What may stand before a name: sentence ends, closing marks (straight single
# after a full stop or not), the joining words and words that merely end
# like them (`band`, `gas`), every kind of white space.
PIECES = [" ", " ", "\n", "\t", "\u2003", ".", "!", "?", "…", ",", '"', "”", "’", "'", "and", "but", "then",
          "when", "as", "while", "band", "gas", "awhile", "the", "said", "x", "é", "Ann"]


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
