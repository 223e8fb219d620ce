"""The speech-tag finder's cheaper tests find what the plain patterns found:
the whole-word searches that open on a letter (`_INTRO_VERB`,
`_PRONOUN_SEARCH`) match where `\\b(?:words)\\b` matched, and each subject
pattern is only skipped where it could not match (its opening word)."""
import re

from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.dialogue import tag_scan, tags
from ficarchive.dialogue.cast import Mention
from ficarchive.dialogue.lexicon import SPEECH_PARTICIPLES, SPEECH_VERBS, words_pattern

_PIECES = st.sampled_from(
    ["said", "Said", "asked", "says", "saying", "replied", "he", "He", "she", "She", "I", "they", "They", "we", "We",
     "the", "The", "an", "A", "his", "Her", "my", "Our", "one", "both", "all of", "voice of", "the voice of",
     "little", "old", "poor", "sadly", "quickly", "Sadly", "ly", "fly", "xly", "oddly3", "éely", "voices", "Their", "your", "then", "had", "x", "_", "3", "é", "-", "'", "’", " ", "  ",
     "\n", ". ", ", ", "—", "\"", "“", "Buffy", "Will", "Mrs.", "unsaid", "resaid", "sheer", "ahe"])
_TEXT = st.lists(_PIECES, max_size=25).map("".join) | st.text(max_size=40)

_PLAIN_INTRO = re.compile(
    r"\b(" + words_pattern(SPEECH_VERBS | SPEECH_PARTICIPLES | {v.capitalize() for v in SPEECH_VERBS}) + r")\b")
_PLAIN_PRONOUNS = re.compile(r"\b(?:he|she|I|they|we|He|She|They|We)\b")
_WORD = re.compile(r"\w*")
PURE = as_python(tag_scan)


def _spans(pattern, text, pos):
    return [(m.span(), m.groups()) for m in pattern.finditer(text, pos)]


@settings(max_examples=2000, deadline=None)
@given(_TEXT, st.integers(0, 45))
def test_whole_word_searches_find_what_the_boundary_patterns_found(text, pos):
    pos = min(pos, len(text))
    assert _spans(tags._INTRO_VERB, text, pos) == _spans(_PLAIN_INTRO, text, pos)
    assert [m.span() for m in tags._PRONOUN_SEARCH.finditer(text, pos)] == \
        [m.span() for m in _PLAIN_PRONOUNS.finditer(text, pos)]


@settings(max_examples=2000, deadline=None)
@given(_TEXT)
def test_a_subject_pattern_matches_only_after_its_opening_words(text):
    for pattern, words in ((tags._DESCRIBED_NAME, tags._DESCRIBED_WORDS),
                           (tags._PRONOUN_AT, tags._PRONOUN_WORDS),
                           (tags._DESCRIPTION_AT, tags._DESCRIPTION_WORDS),
                           (tags._DESCRIPTION_AFTER_VERB, tags._AFTER_VERB_WORDS),
                           (tags._VERB_FIRST, tags._VERB_FIRST_WORDS)):
        for pos in range(len(text)):
            for end in (len(text), (pos + len(text)) // 2):
                word = text[pos:tag_scan.word_end(text, pos, end)]
                found = pattern.match(text, pos, end)
                if found:
                    assert word in words or (pattern is tags._VERB_FIRST and tags._ly_word(word)), \
                        (pattern.pattern[:60], text[pos:end])
                if pattern is tags._PRONOUN_AT:  # read by the word alone
                    assert (found.end() if found else None) == (pos + len(word) if word in words else None)


@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_a_word_ends_where_the_regex_word_ends(text):
    for module in (tag_scan, PURE):
        for pos in range(len(text) + 1):
            for end in (len(text), (pos + len(text)) // 2):
                assert module.word_end(text, pos, end) == _WORD.match(text, pos, end).end(), module.COMPILED


def test_tags_read_as_before():
    text = '"Hi," said Buffy. "No." She turned. The old man said, "Go." "Well," he replied quietly.'
    index = tags.MentionIndex([])
    after = tags.tag_after(text, text.index(",") + 1, text.index("Buffy") + 5, index)
    assert after is None  # no cast: the name is nobody
    pronoun = tags.tag_after(text, text.index('" he') + 1, len(text), index)
    assert (pronoun.kind, pronoun.subject, pronoun.gender, pronoun.verb) == ("pronoun", "he", "male", "replied")
    before = tags.tag_before(text, text.index("She"), text.index('"Go'), index)
    assert (before.kind, before.subject, before.side) == ("description", "The old man", "before")


@settings(max_examples=2000, deadline=None)
@given(_TEXT)
def test_a_described_name_is_never_empty(text):
    # `_subject_at` tries `_DESCRIBED_NAME` only where a mention starts after
    # `pos`: the mention it looks for stands at the match's end, so the match
    # must hold at least one character.
    for pos in range(len(text) + 1):
        found = tags._DESCRIBED_NAME.match(text, pos)
        assert found is None or found.end() > pos


def test_mentions_starting_within_a_span():
    index = tags.MentionIndex([Mention(3, 6, "ann"), Mention(10, 13, "bob")])
    assert index.starts_within(0, 4) and index.starts_within(3, 4) and index.starts_within(4, 11)
    assert not index.starts_within(0, 3) and not index.starts_within(4, 10) and not index.starts_within(11, 99)
    assert not tags.MentionIndex([]).starts_within(0, 99)
