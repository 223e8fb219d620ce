"""The quotation finder's typed loops (`dialogue/quote_scan.py`: marks found
and classified, then paired into quotations) are one source run two ways,
built to C or as plain Python: both must find the same quotations, on texts
full of the marks' hard cases (apostrophes, nesting, unclosed and tokenized
quotations, other scripts' letters and digits, odd white space)."""
from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import quote_scan
from ficarchive.dialogue.layout import Layout, detect_layout
from ficarchive.dialogue.quotes import find_quotes


PURE = as_python(quote_scan)
# Pieces that make the marks' cases: every kind of mark, words a mark may
# cling to (an elision, a speech verb, a pronoun), letters and digits of other
# scripts, and every kind of white space and punctuation the rules look at.
PIECES = ['"', "“", "”", "„", "‟", "«", "»", "'", "‘", "’", "‚", "‛", " ", " ", " ", "\t", "\n", "\n\n",
          "\u00a0", "\u2003", ".", ",", "!", "?", ";", "—", "–", "-", "…", "(", ")", "/", "a", "I", "s", "S",
          "n", "N", "x", "é", "ß", "٣", "²", "Ⅻ", "Ann", "said", "he", "she", "asked", "em", "tis", "til",
          "don", "t", "the", "Smiths", "goin", "home", "Yes", "no"]
texts = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
LAYOUTS = [Layout(tokenized=False, paragraph_break=detect_layout("a\n\nb").paragraph_break),
           Layout(tokenized=False, paragraph_break=detect_layout("a\nb\nc\nd\ne\nf\ng\nh\ni").paragraph_break),
           Layout(tokenized=True, paragraph_break=None)]


def _quotes(module, text: str, layout: Layout) -> tuple:
    """What `find_quotes` computes with `module`'s marks and scanner."""
    marks = module.classified_marks(text, layout.tokenized)
    style = module.dialogue_style(text, marks)
    if style is None:
        return marks, style, None
    if layout.tokenized:
        marks = [m for m in marks if m[1] == style]
    return marks, style, module.Scanner(text, layout.tokenized, marks, style).run(layout.paragraphs(text))


@settings(max_examples=1500, deadline=None)
@given(texts, st.sampled_from(LAYOUTS))
def test_compiled_and_plain_find_the_same_marks_and_quotations(text, layout):
    assert _quotes(quote_scan, text, layout) == _quotes(PURE, text, layout)


def test_the_finder_reads_the_marks_it_is_given():
    """The same answers as the rules say, whichever build runs: nested,
    apostrophes, a speech over paragraphs, an unclosed one, a tag that shows
    a closing mark was read as opening."""
    text = ("“Don’t,” said Ann, “call it ‘fine’.”\n\n"
            "\"It's the Smiths' dog,\" he said.\n\n"
            "“One paragraph\n\n“and the next.”\n\n"
            "“Never closed\n\nNarration.")
    quotes = [text[s:e] for s, e in find_quotes(text)]
    assert quotes == ["“Don’t,”", "“call it ‘fine’.”", "\"It's the Smiths' dog,\"",
                      "“One paragraph\n\n“and the next.”", "“Never closed"]
