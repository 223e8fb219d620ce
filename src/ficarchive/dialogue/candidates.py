"""What the text says for and against each possible speaker of a quotation.

For every quotation the sieve left without an explicit tag, each candidate
(a cast member named nearby, a recent speaker, the narrator) gets a few
numeric features: how near and how prominent its mentions are, whether a
pronoun or description tag agrees with its gender, whether it is spoken to
or named in the speech, what the sieve guessed. Features that depend on who
spoke the quotations just before (continuation against reply) are computed
at decoding time (`ranker.py`), from the decoder's own choices.

Everything costly is indexed once per text: sentence starts, each member's
mentions outside speech, first-person narration. Per quotation the work is
a few bisections per candidate.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .cast import family_counts, family_name
from .lexicon import (ANSWERING_VERBS, CONTINUING_VERBS, HEARD_SAYING, HEARING_VERBS, KIN_NOUNS, NOUN_GENDER,
                      PRONOUN_GENDER, QUESTION_VERBS, REPLY_OPENINGS, TAG_FILLERS, words_pattern)
from .tags import tag_gender as tag_gender_of
from .features import FeatureBuilder, Rows, feature_id, gender_code, gender_codes, rows_from_dicts
from . import slot_index

_CONVERSATION_GAP = 40
_PRONOUN_REACH = 10_000  # as `attribute._PRONOUN_REACH`: how far back a subject pronoun's name is looked for
_MALE, _FEMALE = gender_code("male"), gender_code("female")
_SENTENCE_REACH = 600  # characters around a quotation whose sentences are indexed
_SMALL_CAST = 20  # a work's own characters list: every member may speak anywhere
# I, me, my, myself, he, him, his, himself, she, her, hers, herself (He, Him,
# His, She, Her) as whole words: the narration pronouns of the chains,
# found by `slot_index.narration_pronouns` in one typed pass (this pattern
# says which words, and its test holds the two together).
_PRONOUN = re.compile(r"[IHhSsm](?<!\w.)(?:(?<=I)|(?<=m)(?:e|y(?:self)?)|(?<=[Hh])(?:e|i[ms]|er)"
                      r"|(?<=h)(?:imself|ers|erself)|(?<=[Ss])he)\b")
# A sentence opening with a subject pronoun, group 1 the pronoun: what
# `slot_index.subject_pronoun` finds in typed code (its test holds the two together).
_SUBJECT_PRONOUN = re.compile(r"(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow)[\s,]+)?([Hh]e|[Ss]he|I)\b")
# A sentence opening with a person described by a gendered noun (`The old
# lady pulled`, `His mother sobbed`; not `The man 's wife`): group 1 the
# description, group 2 its noun.
_DESCRIBED_SUBJECT = re.compile(
    r"[\s\"“”‘’']*(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow)[\s,]+)?((?:The|His|Her|My|Our|Their|An?)\s+"
    r"(?:[a-z][\w-]*\s+){0,2}?(" + words_pattern(NOUN_GENDER) + r"))\b(?!\s*['’])")
# The words such a sentence can open with (after white space and marks):
# the pattern runs only where one does.
_DESCRIPTION_OPENERS = frozenset({"The", "His", "Her", "My", "Our", "Their", "A", "An",
                                  "Then", "then", "But", "but", "And", "and", "So", "so", "Now", "now"})
_NOUN_GENDER_CODE = {noun: gender_code(g) for noun, g in NOUN_GENDER.items()}
FIXED_CUES = frozenset({"name_tag", "narrator_tag", "kin_tag"})


class Slot:
    """One quotation to decide: its candidates and their static features,
    as typed rows (`features.Rows`, what the search reads) or, where a
    person or the trainer reads them, as dicts (`features`); either one
    given makes the other on demand."""
    __slots__ = ("index", "candidates", "_features", "_rows", "continues", "linked", "gap", "goes_on", "fixed",
                 "sieve", "evidence", "kind", "after_question", "reply_opening", "after_asking", "answers")

    def __init__(self, index: int, candidates: list[str], features: list[dict[str, float]] | None,
                 continues: bool, linked: bool, gap: str = "far", goes_on: bool = False, fixed: str | None = None,
                 sieve: str | None = None, evidence: list[str] | None = None, kind: str = "untagged",
                 after_question: bool = False, reply_opening: bool = False, rows: Rows | None = None):
        self.index = index  # the quotation's place among all quotations
        self.candidates = candidates
        self._features = features
        self._rows = rows
        self.continues = continues  # the sieve reads it as the same turn as the quotation before
        self.linked = linked  # little narration since the quotation before
        self.gap = gap  # what stands between it and the quotation before (see `_gap`)
        self.goes_on = goes_on  # its tag's verb says the speaker goes on (`he continued`)
        self.fixed = fixed  # an explicit tag already names the speaker
        self.sieve = sieve  # the sieve's own answer
        self.evidence = [] if evidence is None else evidence
        self.kind = kind  # what its own tag tells (see `_tag_kind`)
        self.after_question = after_question  # the quotation before, in the same exchange, asks a question
        self.reply_opening = reply_opening  # it opens with a word of reply (`Yes`, `Nothing`, `Of course`)
        self.after_asking = False  # the quotation before, in the same exchange, is tagged as asking (`asked Ann`)
        self.answers = False  # its tag's verb says it answers (`he replied`): not the last speaker's

    @property
    def features(self) -> list[dict[str, float]]:
        """Each candidate's features by name."""
        if self._features is None:
            self._features = self._rows.as_dicts()
        return self._features

    @property
    def rows(self) -> Rows:
        if self._rows is None:
            self._rows = rows_from_dicts(self._features)
        return self._rows

    def __repr__(self) -> str:
        return (f"Slot({self.index}, {self.candidates!r}, {self.features!r}, gap={self.gap!r}, "
                f"kind={self.kind!r}, fixed={self.fixed!r})")


class TextIndex:
    """Per-text positions every quotation's features read by bisection, as
    flat arrays (`slot_index.py`, typed): members as integers in the
    order `names` gives them (the cast, whoever is named, whoever speaks,
    the narrator)."""

    def __init__(self, sieve):
        text = sieve.text
        self.sieve = sieve
        self._hearing_words = None
        names = list(dict.fromkeys([*sieve.cast, *sieve.mention_ids,
                                    *(q.speaker for q in sieve.quotes if q.speaker)]))
        if sieve.narrator and sieve.narrator not in names:
            names.append(sieve.narrator)
        self.names = names
        self.ids = ids = {name: k for k, name in enumerate(names)}
        self.genders = gender_codes(names, sieve.genders)
        self.quote_starts = sieve.quote_starts
        self.quote_ends = sieve.quote_ends
        self.sentence_starts = slot_index.sentence_starts(text, self.quote_starts, self.quote_ends, _SENTENCE_REACH)
        self.all_starts = sieve.mentions.starts
        self.mention_members = [ids[c] for c in sieve.mention_ids]
        # Each member's mentions in narration (flat, `narration_offsets`
        # per member) and its first mention, in speech or not.
        (self.narration_starts, self.narration_ends, self.narration_subject, self.narration_offsets,
         self.first_named) = slot_index.member_places(len(names), self.mention_members, self.all_starts,
                                                      sieve.mention_ends, sieve.mention_in_quote,
                                                      sieve.mention_subject)
        self._pronoun_chains(sieve, text)

    def _pronoun_chains(self, sieve, text: str) -> None:
        """Narration pronouns (`he`, `her`) credited to the character of that
        gender named last: a cheap coreference chain that keeps a character
        in view through `He turned. He sighed.` without a name."""
        # A description as a sentence's subject (`The woman kissed him.`)
        # takes the pronouns after it from whoever was named before: nobody
        # (member -1). (Sentences near quotations only, where the features look.)
        described = slot_index.described_subjects(text, self.sentence_starts, _DESCRIBED_SUBJECT, _DESCRIPTION_OPENERS,
                                                  _NOUN_GENDER_CODE,
                                                  self.all_starts, self.quote_starts, self.quote_ends)
        (self.male_positions, self.male_members, self.female_positions,
         self.female_members) = slot_index.named_by_gender(self.names, self.genders, self.mention_members,
                                                           self.all_starts, sieve.mention_in_quote, *described)
        pronouns = slot_index.narration_pronouns(text, self.quote_starts, self.quote_ends)
        self.chain_positions, self.chain_offsets, self.first_person = slot_index.pronoun_chains(
            len(self.names), self.narration_starts, self.narration_offsets, self.male_positions, self.male_members,
            self.female_positions, self.female_members, *pronouns)

    @property
    def chains(self) -> dict[str, list[int]]:
        """Each member named in narration: its pronoun chain's positions."""
        starts, offsets = self.chain_positions, self.chain_offsets
        return {c: starts[offsets[k]:offsets[k + 1]].tolist() for k, c in enumerate(self.names)
                if self.narration_offsets[k + 1] > self.narration_offsets[k]}

    def referent(self, gender: str | None, pos: int) -> str | None:
        """The character of that gender named last before `pos`, outside speech
        (None where a description came after that name)."""
        found = self.referent_id(gender_code(gender), pos)
        return self.names[found] if found >= 0 else None

    def referent_id(self, gender: int, pos: int) -> int:
        """`referent` by gender code (`features.GENDERS`), as a member integer (-1: none)."""
        if gender == _MALE:
            positions, members = self.male_positions, self.male_members
        elif gender == _FEMALE:
            positions, members = self.female_positions, self.female_members
        else:
            return -1
        k = bisect_left(positions, pos) - 1
        return members[k] if k >= 0 else -1

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    @property
    def hearing_words(self) -> list[int]:
        """Where a verb of hearing stands, in order."""
        if self._hearing_words is None:
            # (What every verb has in it, found by `str.find`: a small share
            # of the cost of a regex scan over the whole text.)
            text = self.sieve.text
            found = []
            for core in _HEARING_CORES:
                at = text.find(core)
                while at >= 0:
                    start = end = at
                    while start > 0 and text[start - 1].isalpha():
                        start -= 1
                    while end < len(text) and text[end].isalpha():
                        end += 1
                    if text[start:end] in HEARING_VERBS:  # (not `heart`, `hearth`)
                        found.append(start)
                    at = text.find(core, end)
            if len(_HEARING_CORES) > 1:
                found.sort()
            self._hearing_words = found
        return self._hearing_words

    def quotes_near_hearing(self) -> set[int]:
        """The quotations with a verb of hearing within `_LISTENER_REACH`
        characters (the only ones `_listener` need read)."""
        starts, ends = self.quote_starts, self.quote_ends
        near = set()
        for at in self.hearing_words:
            j = bisect_right(starts, at + _LISTENER_REACH) - 1
            while j >= 0 and ends[j] + _LISTENER_REACH > at:
                near.add(j)
                j -= 1
        return near

    def first_person_near(self, start: int, end: int) -> int:
        return bisect_left(self.first_person, end) - bisect_left(self.first_person, start)


def build_slots(sieve) -> list[Slot]:
    """A slot per quotation, in order; explicit tags are fixed."""
    quotes = sieve.quotes
    text = sieve.text
    fixed_count: dict[str, int] = {}
    for q in quotes:
        if q.cue in FIXED_CUES:
            fixed_count[q.speaker] = fixed_count.get(q.speaker, 0) + 1
    total_fixed = sum(fixed_count.values()) or 1
    tagged_share = {c: n / total_fixed for c, n in fixed_count.items()}
    # Each quotation's link to the one before and what separates them (see `_linked`, `_gap`).
    links, gaps = slot_index.exchanges(text, quotes, bool(sieve.paragraph_starts), _CONVERSATION_GAP)
    index = builder = hearing = None  # made for the first quotation to rank: many short texts have none
    turn_gender = sieve.turn_gender
    slots = []
    for i, q in enumerate(quotes):
        tag = q.tag
        goes_on = tag is not None and tag.verb in CONTINUING_VERBS
        linked = links[i]
        if q.cue in FIXED_CUES:
            slots.append(Slot(i, [q.speaker], [{}], q.continues, linked, gaps[i],
                              goes_on, q.speaker, q.speaker, list(q.evidence)))
            continue
        if builder is None:
            index = TextIndex(sieve)
            builder = _feature_builder(sieve, index, tagged_share, links)
        # The sieve's in-view score of each candidate, relative to the best's, is a feature too.
        in_view = sieve._salience_scores(q.start)
        if tag is None and q.turn not in turn_gender:  # (most: nothing to read but the sieve's cue)
            sieve_feature = _SIEVE_FEATURES.get(q.cue) if q.cue else -1
            if sieve_feature is None:
                sieve_feature = _sieve_feature(q.cue)
            candidates, rows = builder.quote(i, in_view, *_NO_TAG_CUES, sieve_feature)
        else:
            candidates, rows = builder.quote(i, in_view, *_quote_cues(sieve, index, q, in_view))
        if q.lead_in is not None:
            rows = _lead_in_subject(sieve, q.lead_in, candidates, rows, in_view)
        # Whoever is said to hear it is no candidate, nor whoever it speaks
        # to (`"I don't know, aunt."`; in the development half the one
        # spoken to spoke 5 of 102 such quotations: self-introductions, a
        # name inside a quotation within it), unless they are all there is.
        if hearing is None:
            hearing = index.quotes_near_hearing()
        listener = _listener(sieve, index, i) if i in hearing else None
        hearers = q.addressees if listener is None else {*q.addressees, listener}
        if hearers and not hearers.isdisjoint(candidates) and not hearers.issuperset(candidates):
            kept = [j for j, c in enumerate(candidates) if c not in hearers]
            candidates = [candidates[j] for j in kept]
            rows = rows.subset(kept)
        slot = Slot(i, candidates, None, q.continues, linked, gaps[i],
                    goes_on, None, q.speaker, list(q.evidence), _tag_kind(tag), rows=rows)
        slot.answers = _answers(tag) and not (i and _reported_between(text, quotes[i - 1].end, q.start))
        if linked:
            before = quotes[i - 1]
            slot.after_question = slot_index.asks(text, before.start, before.end)
            slot.reply_opening = (slot_index.may_open_with(text, q.start, q.end, _REPLY_FIRST_WORDS)
                                  and _REPLY_OPENING.match(text, q.start, q.end) is not None)
            slot.after_asking = before.tag is not None and before.tag.verb in QUESTION_VERBS
        slots.append(slot)
    return slots


def _lead_in_subject(sieve, gender: str, candidates: list[str], rows: Rows, in_view: dict[str, float]) -> Rows:
    """The rows with `lead_in_subject` on the candidate of the lead-in
    clause's gender most in view (`he suddenly addressed her with : "`:
    Mr. Bennet, not Mr. Bingley, the last man named), if any has that gender."""
    genders = sieve.genders
    best = -1
    for j, c in enumerate(candidates):
        if genders.get(c) == gender and (best < 0 or in_view.get(c, 0.0) > in_view.get(candidates[best], 0.0)):
            best = j
    if best < 0:
        return rows
    return rows.with_feature(best, "lead_in_subject", 1.0)


# Whoever hears a quotation said (`Mary heard her say`, `I heard one of
# them cry`, `were the next words Margaret heard`) is not its speaker: the
# hearer, a name or a subject pronoun, in group 1 or 2; a few words may
# stand between the verb of hearing and what is heard (`her aunt 's voice`).
_HEARER = r"(\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*|\b[hs]he)"
_HEARING = "(?:" + words_pattern(HEARING_VERBS) + ")"
_HEARS = re.compile(
    _HEARER + r"\s+(?:(?:had|could|did|" + words_pattern(TAG_FILLERS) + r")\s+)*" + _HEARING
    + r"\b(?:\s+[\w'’]+){0,4}?\s+(?:" + words_pattern(HEARD_SAYING) + r")\b"
    r"|\bwords\s+" + _HEARER + r"\s+" + _HEARING + r"\b")
_HEARING_CORES = ("hear",) if all("hear" in verb for verb in HEARING_VERBS) else tuple(HEARING_VERBS)
_LISTENER_REACH = 160  # characters of narration before or after a quotation read for its hearer
_LEAD_IN = re.compile(r"[\s.!?:,;—–-]*\Z")  # what ends the sentence leading into a quotation
_SENTENCE_AFTER = re.compile(r"\S[\s\"“”‘’']*.*?[.!?]", re.DOTALL)  # the sentence after one (past its own mark)


def _listener(sieve, index: TextIndex, i: int) -> str | None:
    """The member said to hear quotation i in the sentence of narration
    right before or after it (no other quotation between), or None."""
    text = sieve.text
    quotes = sieve.quotes
    q = quotes[i]
    lo = max(q.start - _LISTENER_REACH, sieve.quote_ends[i - 1] if i else 0)
    hi = min(q.end + _LISTENER_REACH, sieve.quote_starts[i + 1] if i + 1 < len(quotes) else len(text))
    hearing = index.hearing_words
    k = bisect_left(hearing, lo)
    if k == len(hearing) or hearing[k] >= hi:
        return None
    # The sentence before: back to the sentence end before the one that
    # leads into the quotation (`He heard her speak.`); the one after: to its end.
    lead_in = _LEAD_IN.search(text, lo, q.start).start()
    before = max(text.rfind(".", lo, lead_in), text.rfind("!", lo, lead_in), text.rfind("?", lo, lead_in)) + 1
    after = _SENTENCE_AFTER.search(text, q.end, hi)
    # (A sentence between two quotations reads for both: `"A," were the next
    # words Mary heard. "B."`; one who overhears is seldom the one to reply.)
    for a, b in ((max(lo, before), q.start), (q.end, after.end() if after else hi)):
        for found in _HEARS.finditer(text, a, b):
            group = 1 if found.group(1) else 2
            hearer, at = found.group(group), found.start(group)
            if hearer == "I":
                return sieve.narrator
            gender = PRONOUN_GENDER.get(hearer.lower())
            if gender is not None:
                return index.referent(gender, at)
            k = bisect_left(index.all_starts, at)  # a member's name (`When Mary heard`: in the words)
            if k < len(index.all_starts) and index.all_starts[k] < at + len(hearer):
                return index.names[index.mention_members[k]]
    return None


def _feature_builder(sieve, index: TextIndex, tagged_share: dict[str, float], links: list[bool]) -> FeatureBuilder:
    """Every member of the text (`index.names`) with its narration mentions
    and pronoun chain as flat arrays, and what every quotation reads of the
    text (`FeatureBuilder.index_text`)."""
    names = index.names

    def prepare(c: str) -> tuple[bool, list[tuple[str, float]]]:
        """What a candidate brings wherever it is: known by title and a family
        name another member shares (Mrs. Bennet), and its constant features."""
        member = sieve.cast.get(c)
        family_title = False
        if member is not None:
            # (The cast's families are counted only for a member with a title.)
            own = [name for name in map(family_name, (member.name or "", *member.aliases)) if name is not None]
            family_title = bool(own) and not _shared_families(sieve.cast).isdisjoint(own)
        constant: list[tuple[str, float]] = []
        if member is not None and member.name and member.name[:1].islower():
            constant.append(("described_not_named", 1.0))
        if member is not None and not member.name:
            constant.append(("nameless", 1.0))
        # Who the text lets speak under a name tag, over the whole text.
        if c in tagged_share:
            constant.append(("tagged_share", tagged_share[c]))
        return family_title, constant

    narrator = index.ids[sieve.narrator] if sieve.narrator else -1
    # (The index's arrays as they are: the builder copies them whole.)
    builder = FeatureBuilder(names, index.genders, narrator, index.first_named, index.narration_starts,
                             index.narration_ends, index.narration_subject, index.narration_offsets,
                             index.chain_positions, index.chain_offsets, prepare)
    ids = index.ids
    quotes = sieve.quotes
    addressees, addressee_offsets = [], [0]
    for q in quotes:
        addressees += [ids[a] for a in q.addressees]
        addressee_offsets.append(len(addressees))
    builder.index_text(
        index.sentence_starts, index.all_starts, index.mention_members,
        index.male_positions, index.male_members, index.female_positions, index.female_members, index.first_person,
        index.quote_starts, index.quote_ends, [ids[q.speaker] if q.speaker else -1 for q in quotes],
        [q.cue in FIXED_CUES for q in quotes], links, addressees, addressee_offsets, sieve.text,
        len(sieve.cast), len(sieve.cast) <= _SMALL_CAST, slot_index.subject_pronoun)
    return builder


_SHARED_FAMILIES: dict[int, tuple[dict, frozenset]] = {}  # id(cast) -> (the cast, its shared family names)


def _shared_families(cast: dict) -> frozenset:
    """The family names after a title that two or more members of a cast
    carry (Mr. and Mrs. Bennet): a member known by one is known by a title
    and a family name another member shares. Kept per cast: every chapter of
    a work, and every work read against the same cast, share one
    (`mentions.cast_index`); each member is asked only once it is a
    candidate (`_feature_builder`'s `prepare`)."""
    kept = _SHARED_FAMILIES.get(id(cast))
    if kept is None or kept[0] is not cast:
        if len(_SHARED_FAMILIES) >= 64:
            _SHARED_FAMILIES.clear()
        shared = frozenset(name for name, count in family_counts(cast.values()).items() if count > 1)
        kept = _SHARED_FAMILIES[id(cast)] = (cast, shared)
    return kept[1]


_REPLY_OPENING = re.compile(r"[\W_]*(?:" + words_pattern(REPLY_OPENINGS) + r")\b(?!['’]\w)", re.IGNORECASE)
# The first words of those (`of` for `of course`): the pattern runs only
# where a quotation may open with one (`slot_index.may_open_with`).
_REPLY_FIRST_WORDS = frozenset(words.split()[0].lower() for words in REPLY_OPENINGS)


_WORD = re.compile(r"[A-Za-z]+")


def _description_head(tag) -> str | None:
    """The head noun of a description tag (`her mother` -> `mother`)."""
    if tag is None or tag.kind != "description":
        return None
    words = _WORD.findall(tag.subject)
    return words[-1].lower() if words else None


# Speech reported in the narration (`Mr. Bennet replied that he had not.`):
# a turn of its own, so the quotation after it may answer it, spoken by the
# one who spoke the last quotation.
_REPORTED_SPEECH = re.compile(r"\b(?:%s)\s+that\b" % "|".join(sorted(ANSWERING_VERBS | {"said", "says"})))


def _reported_between(text: str, start: int, end: int) -> bool:
    """Does the narration text[start:end] report speech (`he replied that`)?"""
    return _REPORTED_SPEECH.search(text, start, end) is not None


def _answers(tag) -> bool:
    """Does the tag's verb say its quotation answers (`he replied`)? `returned`
    only before its subject (`returned she`): `I returned to the window` moves."""
    if tag is None or tag.verb not in ANSWERING_VERBS:
        return False
    return tag.verb_first or not tag.verb.startswith("return")


def _tag_kind(tag) -> str:
    """What the quotation's own tag tells of its speaker: nothing (no tag),
    a gender (`she said`), a person other than he or she (`I said` with no
    known narrator, `they cried`), or a description (`said the parson`)."""
    if tag is None:
        return "untagged"
    if tag.kind == "pronoun":
        return "pronoun_tag" if tag.gender in ("male", "female") else "person_tag"
    return tag.kind + "_tag"


def _linked(sieve, i: int) -> bool:
    """Is quotation i part of the same exchange as quotation i-1? (The
    definition: `slot_index.exchanges` computes it with `_gap` for every
    quotation in one typed pass, and a test holds the two together.)"""
    if i == 0:
        return False
    p, q = sieve.quotes[i - 1], sieve.quotes[i]
    end = p.tag.end if p.tag is not None and p.tag.side == "after" else p.end
    start = q.start
    if q.tag is not None and q.tag.side == "before":
        start = min(start, q.tag.pos)
    return start - end <= _CONVERSATION_GAP


def _gap(sieve, i: int, linked: bool) -> str:
    """What separates quotation i from the one before: `paragraph` (the same
    paragraph, where paragraphs are known), `tag_runs_on` (`"A," said X,
    "b"`), `tag_stop` (`"A," said X. "B"`: without paragraphs, the same
    speaker or a reply), `adjacent` (nothing: a new paragraph in text
    without paragraph breaks), `narration` (a little), `far` (more)."""
    if i == 0 or not linked:
        return "far"
    p, q = sieve.quotes[i - 1], sieve.quotes[i]
    after_tag = p.tag is not None and p.tag.side == "after"
    between = sieve.text[p.tag.end if after_tag else p.end:q.start].strip()
    if sieve.paragraph_starts:  # paragraphs known: the sieve's turns hold
        if q.continues:
            return "paragraph"
        return "adjacent" if not between.strip(".,;:!?—–-") else "narration"
    if not sieve.text[p.end:q.start].strip():
        return "paragraph" if q.continues else "adjacent"
    if after_tag:
        if between[-1:] in (".", "!", "?") or not between:
            return "tag_stop"
        if q.continues:
            return "tag_runs_on"
    return "narration"


# `_quote_cues` of a quotation with no tag in a turn whose tags tell no gender, but the sieve's cue.
_NO_TAG_CUES = (True, 0, -1, -1, -1, False, 0)


def _quote_cues(sieve, index: TextIndex, q, in_view: dict[str, float]) -> tuple:
    """What a quotation's own tag tells, for `FeatureBuilder.quote` (which
    finds the rest in typed code: where things are, the pronoun opening the
    sentence before or after, `_SUBJECT_PRONOUN`): members as the builder's
    integers (-1 for nobody), genders as `features.GENDERS` codes (0 for none).
    `in_view`: the sieve's in-view scores at the quotation."""
    tag = q.tag
    sieve_feature = _sieve_feature(q.cue)
    if tag is None and q.turn not in sieve.turn_gender:  # (most: nothing to read; `build_slots` does without the call)
        return (*_NO_TAG_CUES, sieve_feature)
    # Tags that tell only a gender or a person.
    tag_gender = (tag_gender_of(tag) if tag is not None else None) or sieve.turn_gender.get(q.turn)
    code = gender_code(tag_gender)
    tag_referent = tag_in_view = tag_subject = -1
    if tag_gender in ("male", "female"):
        tag_referent = index.referent_id(code, tag.pos if tag is not None else q.start)
        # Besides the last named, the one of that gender most in view, and
        # the last named as a sentence's subject (`attribute._Sieve._last_named`).
        tag_in_view = slot_index.most_in_view(in_view, index.ids, index.genders, code)
        tag_subject = slot_index.last_named_subject(
            sieve.mention_ends, index.mention_members, sieve.mention_in_quote, sieve.mention_subject, index.genders,
            min(tag.pos, q.start) if tag is not None else q.start, code, _PRONOUN_REACH)
    # `said her mother`: a kin noun, for a member known by a shared family name.
    description = _description_head(tag)
    kin_description = description is not None and description in KIN_NOUNS
    description_gender = gender_code(NOUN_GENDER.get(description) if description else None)
    return (tag is None, code, tag_referent, tag_in_view, tag_subject, kin_description,
            description_gender, sieve_feature)


_SIEVE_FEATURES: dict[str, int] = {}  # a sieve step's cue -> its feature's id


def _sieve_feature(cue: str) -> int:
    """The id of the feature `sieve_<cue>` (the sieve's own answer, by the step that gave it); -1 for none."""
    if not cue:
        return -1
    found = _SIEVE_FEATURES.get(cue)
    if found is None:
        found = _SIEVE_FEATURES[cue] = feature_id("sieve_" + cue)
    return found
