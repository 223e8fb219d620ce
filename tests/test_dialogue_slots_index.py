"""Where the speaker ranker's candidates read the text (`dialogue/slot_index.py`,
typed: sentence starts near quotations, members' mentions in narration, the
narration pronouns and their chains), compiled and as plain Python, each
pinned to the pattern or plain loop it stands for."""
from __future__ import annotations

from array import array
import re
from bisect import bisect_left, bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import candidates, slot_index
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.cast import CastMember
from ficarchive.dialogue.layout import SENTENCE_END
from ficarchive.dialogue.lexicon import NOUN_GENDER
from ficarchive.dialogue.quotes import find_quotes

PURE = as_python(slot_index)
BOTH = (slot_index, PURE)


# Text made of what the scans look at: sentence marks, abbreviations,
# initials, closing marks, white space of several kinds, the pronouns and
# words that only start like them, quotation marks, other letters.
_PIECES = ["Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Mme.", "Mlle.", "xMr.", "J.", "jR.", "é.", "_.", ".", "!", "?",
           "…", "\n", " ", "  ", "\t", "\u00a0", "\u2029", "'", '"', "”", "’", ")", "“", "I", "me", "my", "myself",
           "Me", "He", "he", "him", "Him", "his", "His", "himself", "Himself", "her", "Her", "hers", "herself",
           "she", "She", "sheer", "Ime", "mee", "I_", "I2", "Ié", "héé", "his'", "hers.", "The old woman", "His mother",
           "Then, the boy", "But her father", "and His aunt", "So, The man", "A woman", "An old lady", "Their",
           "Theirs", "now My uncle", "Thé", "a", "Ann", "word", "x", "-", ",", "?", "—", "»", "«", "–", "\r",
           "\x00", "\x00. "]  # (a NUL: where the one-byte scan's C library search stops)
_texts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _windows_reference(text: str, quotes: list[tuple[int, int]], reach: int) -> list[int]:
    """Sentence starts as the plain loop found them: SENTENCE_END in windows."""
    starts = [0]
    lo = hi = -1
    for q in [*quotes, None]:
        if q is not None and q[0] - reach <= hi:
            hi = max(hi, q[1] + reach)
            continue
        if hi > lo:
            if lo > 0:
                starts.append(lo)
            starts.extend(m.end() for m in SENTENCE_END.finditer(text, lo, min(hi, len(text))))
        if q is not None:
            lo, hi = max(0, q[0] - reach), q[1] + reach
    return starts


@st.composite
def _text_and_quotes(draw):
    text = draw(_texts)
    marks = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    quotes = [(a, b) for a, b in zip(marks[::2], marks[1::2]) if b > a]
    return text, quotes


@settings(max_examples=400, deadline=None)
@given(_text_and_quotes(), st.integers(0, 30))
def test_sentence_starts_are_the_patterns(case, reach):
    text, quotes = case
    expected = _windows_reference(text, quotes, reach)
    for module in BOTH:
        found = module.sentence_starts(text, [a for a, _ in quotes], [b for _, b in quotes], reach)
        assert list(found) == expected, module.COMPILED


def test_sentence_starts_by_hand():
    text = 'He met Mr. Gray. "Hello!" Then J. R. left.\n\nShe sat.'
    whole = [(0, len(text))]
    found = slot_index.sentence_starts(text, [0], [len(text)], 600)
    assert found == _windows_reference(text, whole, 600)
    assert text.index("Hello") - 1 in found and text.index("Mr.") + 4 not in found  # not after `Mr.`
    assert text.index("R. left") not in found and text.index("She") in found


_PRONOUN_CODE = {"he": 1, "him": 1, "his": 1, "himself": 1, "she": 2, "her": 2, "hers": 2, "herself": 2,
                 "i": 3, "me": 3, "my": 3, "myself": 3}


@settings(max_examples=400, deadline=None)
@given(_text_and_quotes())
def test_narration_pronouns_are_the_patterns(case):
    text, quotes = case
    starts, ends = [a for a, _ in quotes], [b for _, b in quotes]
    expected = []
    for m in candidates._PRONOUN.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < ends[k]:
            continue
        expected.append((m.start(), _PRONOUN_CODE[m.group().lower()]))
    for module in BOTH:
        positions, genders = module.narration_pronouns(text, starts, ends)
        assert list(zip(positions, genders)) == expected, module.COMPILED


def test_narration_pronouns_of_a_long_text():
    text = "He said I saw her; “she knew him,” his sister said, and Sheila hummed. " * 300
    starts = [m.start() for m in re.finditer("“", text)]
    ends = [m.end() for m in re.finditer("”", text)]
    expected = [(m.start(), _PRONOUN_CODE[m.group().lower()]) for m in candidates._PRONOUN.finditer(text)
                if not any(a <= m.start() < b for a, b in zip(starts, ends))]
    assert len(expected) == 1200  # (more than the first room for 256)
    for module in BOTH:
        assert list(zip(*module.narration_pronouns(text, starts, ends))) == expected, module.COMPILED


_NOUN_CODE = {noun: {"male": 1, "female": 2}[g] for noun, g in NOUN_GENDER.items()}


@settings(max_examples=300, deadline=None)
@given(_text_and_quotes(), st.data())
def test_described_subjects_are_the_patterns(case, data):
    text, quotes = case
    starts, ends = [a for a, _ in quotes], [b for _, b in quotes]
    sentences = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=12))))
    mentions = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=6))))
    expected = []
    for s in sentences:
        m = candidates._DESCRIBED_SUBJECT.match(text, s)
        if m is None or m.start(1) in mentions:
            continue
        k = bisect_right(starts, s) - 1
        if k < 0 or s >= ends[k]:
            expected.append((m.start(1), _NOUN_CODE[m.group(2)]))
    for module in BOTH:
        found = module.described_subjects(text, sentences, candidates._DESCRIBED_SUBJECT,
                                          candidates._DESCRIPTION_OPENERS, _NOUN_CODE, mentions, starts, ends)
        assert list(zip(*found)) == expected, module.COMPILED


def _chains_reference(names, genders, mentions, described, pronouns):
    """The plain loops the typed ones replace: (pos, name) pairs sorted per
    gender, pronouns credited to the last named of theirs."""
    narration: dict[str, list[int]] = {}
    for start, member, inside in mentions:
        if not inside:
            narration.setdefault(names[member], []).append(start)
    named = {1: [], 2: []}
    for name, starts in narration.items():
        g = genders[names.index(name)]
        if g in named:
            named[g].extend((pos, name) for pos in starts)
    for pos, g in described:
        named[g].append((pos, ""))
    for g in named:
        named[g].sort()
    chains = {m: list(v) for m, v in narration.items()}
    first_person = []
    for pos, g in pronouns:
        if g == 3:
            first_person.append(pos)
            continue
        k = bisect_left([p for p, _ in named[g]], pos)
        if k and named[g][k - 1][1]:
            chains[named[g][k - 1][1]].append(pos)
    return named, {m: sorted(v) for m, v in chains.items()}, first_person


@st.composite
def _people(draw):
    count = draw(st.integers(0, 5))
    names = [f"m{k}" for k in draw(st.permutations(range(count)))]
    genders = draw(st.lists(st.sampled_from([0, 1, 2]), min_size=count, max_size=count))
    places = sorted(draw(st.lists(st.integers(0, 200), max_size=25)))  # (ties: two names at one place)
    mentions = [(pos, draw(st.integers(0, count - 1)), draw(st.booleans())) for pos in places] if count else []
    taken = {pos for pos, _, _ in mentions}
    described = sorted((pos, draw(st.sampled_from([1, 2])))
                       for pos in set(draw(st.lists(st.integers(0, 200), max_size=4))) - taken)
    pronouns = sorted({pos: draw(st.sampled_from([1, 2, 3]))
                       for pos in draw(st.lists(st.integers(0, 220), max_size=25))}.items())
    return names, genders, mentions, described, pronouns


@settings(max_examples=400, deadline=None)
@given(_people())
def test_pronoun_chains_are_the_plain_loops(case):
    names, genders, mentions, described, pronouns = case
    named, chains, first_person = _chains_reference(names, genders, mentions, described, pronouns)
    starts = [pos for pos, _, _ in mentions]
    members = [member for _, member, _ in mentions]
    inside = [flag for _, _, flag in mentions]
    for module in BOTH:
        narration, _, _, offsets, first = module.member_places(len(names), members, starts, starts, inside, inside)
        assert list(first) == [next((pos for pos, m, _ in mentions if m == c), module.FAR) for c in range(len(names))]
        male, male_members, female, female_members = module.named_by_gender(
            names, array("i", genders), members, starts, inside, [p for p, _ in described],
            [g for _, g in described])
        for g, positions, who in ((1, male, male_members), (2, female, female_members)):
            assert list(zip(positions, [names[m] if m >= 0 else "" for m in who])) == named[g], module.COMPILED
        chain, chain_offsets, found_first_person = module.pronoun_chains(
            len(names), narration, offsets, male, male_members, female, female_members,
            array("q", [p for p, _ in pronouns]), array("i", [g for _, g in pronouns]))
        assert list(found_first_person) == first_person
        assert {names[c]: list(chain[chain_offsets[c]:chain_offsets[c + 1]]) for c in range(len(names))
                if offsets[c + 1] > offsets[c]} == chains, module.COMPILED


def test_a_text_index_reads_a_story():
    ann, bob = CastMember("ann", "Ann", (), "female"), CastMember("bob", "Bob", (), "male")
    text = ('Ann came in. She sat down. Bob stood by the door; he smiled at her.\n\n'
            '"Tea?" she asked. The old man nodded. He said nothing. I watched them.\n\n"No," said Bob.')
    sieve = run_sieve(text, find_quotes(text), [ann, bob])
    index = candidates.TextIndex(sieve)
    # (A tag's pronoun is narration: `she asked` is Ann's too.)
    assert index.chains["ann"] == [0, text.index("She sat"), text.index("her."), text.index("she asked")]
    # Not `He said`: the old man's, whom the narration has not named.
    assert index.chains["bob"] == [text.index("Bob stood"), text.index("he smiled"), text.rindex("Bob")]
    assert index.referent("male", text.index("He said")) is None and index.referent("female", len(text)) == "ann"
    assert list(index.first_person) == [text.index("I watched")]
    assert list(index.sentence_starts) == _windows_reference(text, [(q.start, q.end) for q in sieve.quotes], 600)


@settings(max_examples=300, deadline=None)
@given(_texts, st.data())
def test_a_question_is_what_stripping_the_edges_leaves(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text) + 2))
    expected = text[start:end].rstrip(" \t\n\"'”’»“‘«—–-").endswith("?")
    for module in BOTH:
        assert module.asks(text, start, end) == expected, module.COMPILED


@st.composite
def _mentions(draw):
    count = draw(st.integers(1, 5))
    genders = array("i", draw(st.lists(st.sampled_from([0, 1, 2]), min_size=count, max_size=count)))
    size = draw(st.integers(0, 30))
    ends = draw(st.lists(st.integers(0, 400), min_size=size, max_size=size))
    if draw(st.booleans()):
        ends.sort()  # (the sieve's mention ends are sorted unless mentions nest)
    members = draw(st.lists(st.integers(0, count - 1), min_size=size, max_size=size))
    inside = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    subject = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    return genders, ends, members, inside, subject


@settings(max_examples=300, deadline=None)
@given(_mentions(), st.integers(-5, 450), st.sampled_from([1, 2]), st.sampled_from([0, 50, 10_000]))
def test_the_last_named_subject_is_the_sieves_walk(case, pos, gender, reach):
    genders, ends, members, inside, subject = case
    expected = -1
    i = bisect_left(ends, pos + 1) - 1  # `attribute._Sieve._last_named`, over integers
    while i >= 0:
        if pos - ends[i] > reach:
            break
        if genders[members[i]] == gender and not inside[i] and subject[i]:
            expected = members[i]
            break
        i -= 1
    for module in BOTH:
        assert module.last_named_subject(ends, members, inside, subject, genders, pos, gender, reach) == expected


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "nobody"]), st.sampled_from([0.0, 0.5, 1.0, 2.5])),
       st.lists(st.sampled_from([0, 1, 2]), min_size=4, max_size=4), st.sampled_from([1, 2]))
def test_the_most_in_view_is_the_first_best_of_the_gender(scores, genders, gender):
    ids = {"a": 0, "b": 1, "c": 2, "d": 3}
    best, best_score = -1, 0.0
    for name, score in scores.items():
        if score > best_score and name in ids and genders[ids[name]] == gender:
            best, best_score = ids[name], score
    for module in BOTH:
        assert module.most_in_view(scores, ids, array("i", genders), gender) == best


def test_the_pronoun_reach_is_the_sieves():
    import importlib
    attribute = importlib.import_module("ficarchive.dialogue.attribute")  # (the package exports a function by that name)
    assert candidates._PRONOUN_REACH == attribute._PRONOUN_REACH


_OPENING_PIECES = ["Then", "then", "But", "but", "And", "and", "So", "so", "Now", "now", "Thence", "Sob", "He", "he",
                   "She", "she", "I", "Her", "Hem", "Shed", "It", "I'", "I_", "Ié", "ha", "T", "S", " ", ",", ", ",
                   "\n", "\u00a0", "\t", ".", "x", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_OPENING_PIECES), max_size=8).map("".join), st.integers(0, 6))
def test_the_subject_pronoun_is_the_pattern(text, start):
    found = candidates._SUBJECT_PRONOUN.match(text, start)
    expected = 0 if found is None else {"h": 1, "s": 2, "i": 3}[found.group(1)[0].lower()]
    for module in BOTH:
        assert module.subject_pronoun(text, start) == expected, (module.COMPILED, text, start)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["The", "His", "Her", "A", "An", "Their", "Then", "And", "but", "Now,",
                                 "the", "old", "tall-ish", "lady", "man", "boy's", "woman-like", "girls",
                                 "father", "Ann", "x_y", "é", ",", ".", "'", "\u201c"]), max_size=8),
       st.lists(st.sampled_from([" ", "  ", "\n", ", ", "\t", ""]), min_size=8, max_size=8))
def test_described_subjects_of_likely_openings(words, gaps):
    """The check that spares the pattern (a determiner, then a gendered noun
    within three words) never spares a sentence it matches."""
    text = "".join(word + gap for word, gap in zip(words, gaps))
    sentences = list(range(len(text)))
    expected = []
    for s in sentences:
        m = candidates._DESCRIBED_SUBJECT.match(text, s)
        if m is not None:
            expected.append((m.start(1), _NOUN_CODE[m.group(2)]))
    for module in BOTH:
        found = module.described_subjects(text, sentences, candidates._DESCRIBED_SUBJECT,
                                          candidates._DESCRIPTION_OPENERS, _NOUN_CODE, [], [], [])
        assert list(zip(*found)) == expected, (text, module.COMPILED)


def test_typed_scans_refuse_arrays_of_another_type():
    """The scans read their arrays through pointers: an array of another type is refused, not misread
    (and refused alike in plain Python, `typed_arrays.checked_array`)."""
    for module in BOTH:
        with pytest.raises(TypeError):
            module.most_in_view({"a": 1.0}, {"a": 0}, array("q", [1]), 1)


def test_sentence_starts_of_one_byte_text_with_a_nul():
    """A text of one byte a character is searched by the C library, which stops at a NUL: one in the
    text is passed over."""
    text = "He left. \x00She sat. Then\x00 Mr. Gray. Ann came!\n\x00Bob."
    assert max(map(ord, text)) < 256
    for module in BOTH:
        assert module.sentence_starts(text, [0], [len(text)], 600) == _windows_reference(text, [(0, len(text))], 600)
