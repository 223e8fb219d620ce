"""The typed walks behind `tags.tag_before` and `tags.tag_after`
(`dialogue/tag_scan.py`), built to C or run as plain Python, against the
regexes they stand for: where the last sentence before a quotation opens
(`layout.SENTENCE_END`'s matches, as `tag_before` and the sieve's
acting-character cue read them), the last verb of saying near its end
(`tags._INTRO_VERB`'s last match), and the punctuation after a quotation
(`tags._LEAD`)."""
from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import tag_scan, tags
from ficarchive.dialogue.layout import SENTENCE_END

PURE = as_python(tag_scan)
# Marks, closing marks, titles (and near misses) before a mark, white space
# of several kinds, verbs of saying (every one) and words that hold one, word
# characters beyond ASCII and characters that are none.
PIECES = [".", "!", "?", "…", "\n", " ", "  ", "\t", "\u2003", "\u00a0", "\x1c", "'", '"', "”", "’", ")", "(",
          "Mr", "Mrs", "Ms", "Dr", "St", "Mme", "Mlle", "J", "aMr", "xJ", "_Mr", "é", "Éd", "٣", "_", "3", "中", "。",
          "Mr. ", "Mrs! ", "Ms.' ", "Dr.) ", "St? ", "Mme… ", "Mlle. ", "J. ", "Q.\" ", "ÉMr. ", "_Mlle. ", "xSt. ",
          " Mr. ", "a. ", "b.) ", "c.] ", "d?’ ", "e!\n", "f.\n\n", "g.\t", "é. ",
          "unsaid", "said_", "saidé", "says3", "_said", "3said", "he", "She", "Buffy", "went", ",", ":", "—", "-",
          "\u0301", "𝔘"]
SENTENCES = st.lists(st.sampled_from(PIECES), max_size=20).map("".join) | st.text(max_size=40)
CLAUSES = st.lists(st.sampled_from(PIECES) | st.sampled_from(sorted(tags._INTRO_WORDS)), max_size=20).map("".join)


def _regex_clause_start(text, start, end, text_after_break):
    opened = start
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() < end and (not text_after_break or text[m.end():end].strip()):
            opened = m.end()
    return opened


def _window(text, data):
    start = data.draw(st.integers(0, len(text)))
    return start, data.draw(st.integers(start, len(text)))


@settings(max_examples=3000, deadline=None)
@given(SENTENCES, st.data())
def test_the_clause_opens_after_the_last_sentence_end_the_regex_finds(text, data):
    start, end = _window(text, data)
    for text_after_break in (False, True):
        expected = _regex_clause_start(text, start, end, text_after_break)
        for module in (tag_scan, PURE):
            assert module.clause_start(text, start, end, text_after_break) == expected, (module.COMPILED,
                                                                                        text_after_break)


def _regex_last_verb(text, lo, start, end):
    clause = text[start:end]
    found = None
    for m in tags._INTRO_VERB.finditer(clause, lo - start):
        found = (start + m.start(1), start + m.end(1))
    return found


@settings(max_examples=3000, deadline=None)
@given(CLAUSES, st.data())
def test_the_last_verb_is_the_regexes_last_match(text, data):
    start, end = _window(text, data)
    lo = data.draw(st.integers(start, end))
    expected = _regex_last_verb(text, lo, start, end)
    for module in (tag_scan, PURE):
        found = module.last_word_in(text, lo, start, end, tags._INTRO_WORDS, tags._INTRO_INITIALS,
                                    tags._INTRO_SHORTEST, tags._INTRO_LONGEST)
        assert found == expected, module.COMPILED
        assert module.only_space(text, start, end) == (not text[start:end].strip())


def test_a_clause_and_its_verb():
    text = 'He left. Mr. Smith, turning to her, said softly, "Go." Then J. Doe replied: "No."'
    quote = text.index('"Go')
    start = tag_scan.clause_start(text, 0, quote)
    assert text[start:quote] == 'Mr. Smith, turning to her, said softly, '
    verb = tag_scan.last_word_in(text, start, start, quote, tags._INTRO_WORDS, tags._INTRO_INITIALS,
                                 tags._INTRO_SHORTEST, tags._INTRO_LONGEST)
    assert text[verb[0]:verb[1]] == "said"
    reply = text.index('"No')
    assert text[tag_scan.clause_start(text, quote, reply):reply] == 'Then J. Doe replied: '


LEADS = st.lists(st.sampled_from(["\n", "\n", " ", "\t", "\u2003", "\u00a0", "\x1c", "\r", ",", ";", ":", "!", "?",
                                  ".", "…", "—", "–", "-", "'", "”", "said", "Buffy", "中", "_", "\u0301"]),
                 max_size=20).map("".join)


@settings(max_examples=3000, deadline=None)
@given(LEADS | st.text(max_size=30), st.data())
def test_the_lead_is_the_regexes_and_a_blank_line_in_it_is_seen(text, data):
    start, end = _window(text, data)
    pos = tags._LEAD.match(text, start, end).end()
    expected = -1 if text.find("\n\n", start, pos) >= 0 else pos
    for module in (tag_scan, PURE):
        assert module.lead_end(text, start, end) == expected, module.COMPILED
