"""Cues added for speaker accuracy, each on a short text written for it."""
from __future__ import annotations

from ficarchive.dialogue import find_quotes


def test_tokenized_single_quote_after_a_speech_verb_opens_a_speech():
    # One sentence per line, every mark split off: `said ' Poor` opens, while
    # `goin ' home` stays an elision.
    text = ("The ladies all said ' Poor child ! '\non hearing the news , and the dog barked .\n"
            "' Hush , Tiny ! '\nsaid she .\nThey were goin ' home .\n")
    assert [text[s:e] for s, e in find_quotes(text)] == ["' Poor child ! '", "' Hush , Tiny ! '"]
