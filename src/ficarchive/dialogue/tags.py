"""Speech tags next to a quotation: `said Buffy`, `Tara asked`, `she said
softly`, `Giles told her`, `said the Rabbit`, `Buffy turned and said, "`.

Each finder looks only at the few words beside the quotation, with compiled
patterns anchored at that spot, so the cost is per quotation, not per word.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .cast import Mention
from .tag_scan import (clause_start as _clause_start, last_word_in as _last_word_in, lead_end as _lead_end,
                       only_space as _only_space, word_end as _word_end)
from .lexicon import (DESCRIBER_STOPS, DESCRIBERS, NOUN_GENDER, PARTITIVES, PRONOUN_GENDER, SPEAKER_PARTS,
                      SPEECH_PARTICIPLES, SPEECH_VERBS, TAG_FILLERS, words_pattern)

_VERB = words_pattern(SPEECH_VERBS)
_FILLER = r"(?:(?:" + words_pattern(TAG_FILLERS) + r"|[a-z]+ly)\s+)"
_SUBJECT_PRONOUNS = ("he", "she", "I", "they", "we", "He", "She", "They", "We")
_SUBJECT_PRONOUN = r"(?:" + "|".join(_SUBJECT_PRONOUNS) + ")"
# The determiners a description opens with, before a verb and after one.
_DETERMINERS = ("The", "the", "An", "an", "A", "a", "His", "his", "Her", "her", "My", "my", "Our", "our",
                "Their", "their", "One", "one")
_DETERMINERS_AFTER_VERB = ("The", "the", "An", "an", "A", "a", "His", "his", "Her", "her", "My", "my",
                           "Our", "our", "Your", "your")
_DESCRIPTION = r"(?:" + "|".join(_DETERMINERS) + r")\s+(?:[\w-]+\s+){0,3}?[\w-]+"
_SUBJECT_WORDS = {"he", "she", "i", "they", "we"}
_PARTITIVE_WORDS = PARTITIVES | {w.capitalize() for w in PARTITIVES}
_DESCRIBER_WORDS = DESCRIBERS | {w.capitalize() for w in DESCRIBERS}
# `the burly Moze`, `the voice of John Reed`, `one of the women`: a
# description that ends in a name (the name must follow; see `_subject_at`).
_DESCRIBED_NAME = re.compile(
    r"(?:(?:[Tt]he\s+)?(?:" + words_pattern(SPEAKER_PARTS) + r")\s+of\s+"
    r"|(?:" + words_pattern(_PARTITIVE_WORDS) + r")\s+of\s+"
    r"|(?:" + words_pattern(_DESCRIBER_WORDS) + r")\s+"
    r"(?:(?!(?:" + words_pattern(DESCRIBER_STOPS) + r")\b)[a-z][\w-]*\s+){0,2})")



def _whole_words(words) -> str:
    """`\b(?:words)` as a pattern that opens on each word's first letter and
    checks the word boundary behind it after that letter: a search then
    skips from one possible first letter to the next (a pattern opening on
    `\b` is tried at every character)."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    return "(?:" + "|".join(re.escape(c) + r"(?<!\w" + re.escape(c) + ")(?:" + words_pattern(rest) + ")"
                            for c, rest in sorted(by_first.items())) + ")"


# What each pattern can open with, as its first whole word (the run of `\w`
# at its place, `tag_scan.word_end`): each alternative it opens with is
# followed by white space or a word boundary, so no other word starts a
# match. A set look is cheaper than the regex's failing try.
_DESCRIBED_WORDS = frozenset({"The", "the"} | SPEAKER_PARTS | _PARTITIVE_WORDS | _DESCRIBER_WORDS)
_PRONOUN_WORDS = frozenset(_SUBJECT_PRONOUNS)  # `_PRONOUN_AT` matches exactly these
_DESCRIPTION_WORDS = frozenset(_DETERMINERS)
_AFTER_VERB_WORDS = frozenset(_DETERMINERS_AFTER_VERB)
_VERB_FIRST_WORDS = frozenset(SPEECH_VERBS | TAG_FILLERS)  # and any `[a-z]+ly` (`_FILLER`): `_ly_word`


def _ly_word(word: str) -> bool:
    """Does `word` read as `_FILLER`'s `[a-z]+ly`?"""
    return len(word) > 2 and word.endswith("ly") and word.isascii() and word.isalpha() and word.islower()


# After the quotation: leading punctuation, then "said Buffy" / "Buffy said"
# (`tag_scan.lead_end` reads the punctuation as this pattern does).
_LEAD = re.compile(r"[\s,;:!?.…—–-]*")
# What a speaker named first after a quotation can open with, unless a name stands there.
_SUBJECT_FIRST_WORDS = _DESCRIBED_WORDS | _PRONOUN_WORDS | _DESCRIPTION_WORDS
# `went on Syme`: a verb and its particle before the speaker.
_VERB_FIRST = re.compile(r"(?:" + _FILLER + r")*(?P<verb>" + _VERB + r")(?:\s+on\b)?\s+" + _FILLER + r"*")
# A narrator recalls their own words (`I remember asking`) as a tag.
_RECALLED = r"(?:remember|recall)(?:ed)?\s+(?:" + words_pattern(SPEECH_PARTICIPLES) + r")"
_VERB_AFTER_SUBJECT = re.compile(
    r"\s+(?:" + _FILLER + r")*(?:(?:had|has|then|again|also|only)\s+)?(?:" + _VERB + r"|" + _RECALLED + r")\b"
    r"(?!\s+(?:that|whether|if|how|what|nothing)\b)"  # reported speech is not a tag
)
_PRONOUN_AT = re.compile(_SUBJECT_PRONOUN + r"\b")
_DESCRIPTION_AT = re.compile(_DESCRIPTION + r"(?=" + _VERB_AFTER_SUBJECT.pattern + r")")
# `said my brother`, `exclaimed my brother's wife`: a possessive names the
# one it belongs to, and its noun is the speaker.
_DESCRIPTION_AFTER_VERB = re.compile(r"(?:" + "|".join(_DETERMINERS_AFTER_VERB) + r")\s+(?:[\w-]+\s+){0,2}?[\w-]+\b"
                                     r"(?:\s?['’]\s?s\s+[\w-]+\b)?")

# Before the quotation: the clause that leads into it ends with a speech verb
# (and perhaps its object) and a comma, colon or dash.
_INTRO_WORDS = frozenset(SPEECH_VERBS | SPEECH_PARTICIPLES | {v.capitalize() for v in SPEECH_VERBS})
_INTRO_VERB = re.compile(r"(" + _whole_words(_INTRO_WORDS) + r")\b")
# What `tag_scan.last_word_in` needs to find `_INTRO_VERB`'s matches as whole
# words (so every verb must be one word of letters: `_ONE_WORD`).
_INTRO_INITIALS = "".join(sorted({w[0] for w in _INTRO_WORDS}))
_INTRO_SHORTEST = min(map(len, _INTRO_WORDS))
_INTRO_LONGEST = max(map(len, _INTRO_WORDS))
_ONE_WORD = re.compile(r"\w+")
assert all(_ONE_WORD.fullmatch(w) for w in _INTRO_WORDS), "a verb of saying that is not one word"
_INTRO_TAIL = re.compile(r"(?:\s+[A-Za-z][\w.'’-]*){0,5}?\s*[,:;]?\s*(?:--|—|–)?\s*\Z")
_INTRO_REACH = 90
_CLAUSE_LEAD = re.compile(r"[\s,;:—–-]*(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow|[Aa]t last)\s*,?\s+)?")
_DESCRIPTION_START = re.compile(r"(?:[Tt]he|[Hh]is|[Hh]er)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\b")
_ENDS_SENTENCE = re.compile(r"[.!]\s*['\"”’»]\Z")
_SUBORDINATE_START = re.compile(r"(?:[Ww]hen|[Aa]s|[Ww]hile|[Ii]f|[Tt]hough|[Aa]lthough|[Aa]fter|[Bb]efore|[Ss]ince"
                                r"|[Uu]ntil|[Bb]ecause|[Ww]henever)\b")
_LEAD_IN_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
_PRONOUN_SEARCH = re.compile(_whole_words(_SUBJECT_PRONOUNS) + r"\b")
_SPACES = re.compile(r"\s+")
_IN_LAW = re.compile(r"-in-law\b", re.IGNORECASE)  # `sister-in-law`: a sister
_WORD_BREAKS = re.compile(r"[\s-]+")
_HYPHENATED_WORD = re.compile(r"[\w-]+")
_FILLERS_ONLY = re.compile(r"\s+" + _FILLER + r"*(?:(?:had|has|then)\s+)?")


@dataclass(slots=True)
class Tag:
    """Who a speech tag names, before it is resolved to a cast member (slots:
    one is made for every tag found)."""
    kind: str  # "mention" | "pronoun" | "description"
    subject: str  # the words naming the speaker
    evidence: str  # the tag as written
    pos: int  # where the subject starts
    member: str | None = None  # for kind "mention"
    gender: str | None = None  # for kind "pronoun": male | female | narrator | group
    verb: str = ""
    side: str = "after"  # after | before the quotation
    new_sentence: bool = False  # follows a quotation that ended its sentence
    end: int = 0  # where the tag's words end
    verb_first: bool = False  # `said the child`, not `the child said`


class MentionIndex:
    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def at(self, pos: int) -> Mention | None:
        i = bisect_left(self.starts, pos)
        if i < len(self.starts) and self.starts[i] == pos:
            return self.mentions[i]
        return None

    def starts_within(self, start: int, end: int) -> bool:
        """Does a mention start in [start, end)?"""
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def within(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end)
        return self.mentions[i:j]


def _subject_at(text: str, pos: int, end: int, mentions: MentionIndex, verb_first: bool):
    """A speaker named at `pos`: a cast mention, a pronoun or a description."""
    if pos >= end:
        return None  # (no mention, pronoun or description fits in nothing)
    m = mentions.at(pos)
    if m is not None and m.end <= end:
        return "mention", m.end, m.id
    word_stop = _word_end(text, pos, end)
    word = text[pos:word_stop]
    if word in _DESCRIBED_WORDS and mentions.starts_within(pos + 1, end):
        # (a described name ends in a mention: with none after `pos`, none to find)
        described = _DESCRIBED_NAME.match(text, pos, end)
        if described:
            m = mentions.at(described.end())
            if m is not None and m.end <= end:
                return "mention", m.end, m.id
    if word in _PRONOUN_WORDS:
        return "pronoun", word_stop, None  # (`_PRONOUN_AT`'s match)
    if verb_first:
        d = _DESCRIPTION_AFTER_VERB.match(text, pos, end) if word in _AFTER_VERB_WORDS else None
    else:
        d = _DESCRIPTION_AT.match(text, pos, end) if word in _DESCRIPTION_WORDS else None
    if d:
        return "description", d.end(), None
    return None


def tag_after(text: str, start: int, end: int, mentions: MentionIndex) -> Tag | None:
    """A tag right after a quotation (`start` is the quotation's end)."""
    if start >= end:
        return None
    pos = _lead_end(text, start, end)  # (-1: a blank line parts them)
    if pos < 0 or pos >= end:
        return None
    word = text[pos:_word_end(text, pos, end)]
    verb_first = word in _VERB_FIRST_WORDS or (word[-2:] == "ly" and _ly_word(word))
    if not verb_first and word not in _SUBJECT_FIRST_WORDS and mentions.at(pos) is None:
        return None  # no verb, name, pronoun or description starts here
    v = _VERB_FIRST.match(text, pos, end) if verb_first else None
    if v:
        subject = _subject_at(text, v.end(), end, mentions, True)
        if subject:
            kind, s_end, member = subject
            tag = _tag(text, kind, v.end(), s_end, pos, s_end, member, v.group("verb"), "after",
                       _new_sentence(text, start, pos))
            tag.verb_first = True
            return tag
    subject = _subject_at(text, pos, end, mentions, False)
    if subject:
        kind, s_end, member = subject
        verb = _VERB_AFTER_SUBJECT.match(text, s_end, end)
        if verb:
            return _tag(text, kind, pos, s_end, pos, verb.end(), member, _last_word(verb.group()), "after",
                        _new_sentence(text, start, pos))
    return None


def _new_sentence(text: str, start: int, pos: int) -> bool:
    """A quotation that ended its sentence ("Yes." He smiled.) is followed by a
    new sentence, not by a tag that completes it."""
    return text[pos].isupper() and _ENDS_SENTENCE.search(text, max(0, start - 4), start) is not None


def tag_before(text: str, start: int, end: int, mentions: MentionIndex) -> Tag | None:
    """A clause leading into a quotation (`end` is the quotation's start)."""
    if start >= end:
        return None  # half of all calls: the quotation opens its paragraph
    # (a line break right before the quotation does not end the clause)
    clause_start = _clause_start(text, start, end)
    if _only_space(text, clause_start, end):
        return None
    # The verb stands within a few words of the quotation: look only there
    # (`_INTRO_VERB`'s last match there, found from the end back).
    verb = _last_word_in(text, max(clause_start, end - _INTRO_REACH), clause_start, end, _INTRO_WORDS,
                         _INTRO_INITIALS, _INTRO_SHORTEST, _INTRO_LONGEST)
    if verb is None:
        return None
    verb_start, verb_end = verb
    if not _INTRO_TAIL.match(text, verb_end, end):
        return None
    verb_word = text[verb_start:verb_end]
    after = _SPACES.match(text, verb_end, end)
    if after:
        subject = _subject_at(text, after.end(), end, mentions, True)
        if subject and subject[0] != "description":
            kind, s_end, member = subject
            return _tag(text, kind, after.end(), s_end, verb_start, s_end, member, verb_word, "before")
    candidates = [("mention", m.start, m.end, m.id) for m in mentions.within(clause_start, verb_start)]
    lead = _CLAUSE_LEAD.match(text, clause_start, verb_start)
    described = _DESCRIPTION_START.match(text, lead.end(), verb_start)
    if described and mentions.at(lead.end()) is None:
        head_end = _head_noun_end(text, described.start(), described.end())
        if head_end:
            candidates.append(("description", described.start(), head_end, None))
    for p in _PRONOUN_SEARCH.finditer(text, clause_start, verb_start):
        candidates.append(("pronoun", p.start(), p.end(), None))
    # A semicolon or colon closes a clause (`I hid ; but Eliza came and
    # said`): the verb's subject stands after the last one, where any does.
    clause_break = max(text.rfind(";", clause_start, verb_start), text.rfind(":", clause_start, verb_start))
    if clause_break >= 0 and any(c[1] > clause_break for c in candidates):
        candidates = [c for c in candidates if c[1] > clause_break]
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[1])
    # "Jane said": the name right before the verb; else the clause's subject,
    # its first name ("Elizabeth, turning to her sister, said").
    chosen = candidates[0]
    for c in candidates:
        if _FILLERS_ONLY.fullmatch(text, c[2], verb_start):
            chosen = c
    kind, s_start, s_end, member = chosen
    return _tag(text, kind, s_start, s_end, s_start, verb_end, member, verb_word, "before")


def lead_in(text: str, start: int, end: int, mentions: MentionIndex) -> str | None:
    """The gender of the subject of a clause that runs into a quotation
    without a verb of saying (`end` is the quotation's start; `he suddenly
    addressed her with : "`, `he began to pipe up his song : "`): where the
    clause ends in a colon, comma or dash and its first person is `he` or `she`
    (no name or description before), that pronoun's gender; else None."""
    last = end - 1  # (its end, read back from the quotation)
    while last >= start and text[last].isspace():
        last -= 1
    if last < start or not (text[last] in ":,—" or text.startswith("--", last - 1)):
        return None
    clause_start = _clause_start(text, start, end)
    lead = _CLAUSE_LEAD.match(text, clause_start, end).end()
    if _DESCRIPTION_START.match(text, lead, end):
        return None
    # A clause opening with `When`, `As`, ...: the subject comes after the
    # first comma (`When he paused, the clerk read :` is the clerk's).
    main = lead
    if _SUBORDINATE_START.match(text, lead, end):
        main = text.find(",", lead, end) + 1
        if not main:
            return None
    pronoun = _LEAD_IN_PRONOUN.search(text, main, end)
    if pronoun is None or mentions.within(clause_start, pronoun.start()):
        return None
    return PRONOUN_GENDER.get(pronoun.group().lower())


def tag_gender(tag: Tag) -> str | None:
    """The gender a pronoun or description tag tells (`she`, `his wife`), or
    `narrator`/`group` for `I`/`they`."""
    if tag.kind == "pronoun":
        return tag.gender
    if tag.kind == "description":
        return NOUN_GENDER.get(_WORD_BREAKS.split(_IN_LAW.sub("", tag.subject))[-1].lower())
    return None


def _head_noun_end(text: str, start: int, end: int) -> int | None:
    """Where `the old lady reached` ends as a person: after its last word
    that names a kind of person (`lady`), if any does."""
    for m in reversed(list(_HYPHENATED_WORD.finditer(text[start:end]))[1:]):
        if m.group().split("-")[-1].lower() in NOUN_GENDER:
            return start + m.end()
    return None


def _last_word(s: str) -> str:
    return s.split()[-1] if s.split() else ""


def _tag(text, kind, s_start, s_end, e_start, e_end, member, verb, side, new_sentence=False) -> Tag:
    subject = text[s_start:s_end]
    evidence = " ".join(text[e_start:e_end].split())
    gender = None
    if kind == "pronoun":
        word = subject.lower()
        if word in _SUBJECT_WORDS:
            gender = PRONOUN_GENDER.get(word)
    return Tag(kind, subject, evidence, s_start, member, gender, verb, side, new_sentence, e_end)
