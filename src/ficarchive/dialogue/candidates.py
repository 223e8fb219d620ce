"""What the text says for and against each possible speaker of a quotation.

For every quotation the sieve left without an explicit tag, each candidate
(a cast member named nearby, a recent speaker, the narrator) gets a few
numeric features: how near and how prominent its mentions are, whether a
pronoun or description tag agrees with its gender, whether it is spoken to
or named in the speech, what the sieve guessed. Features that depend on who
spoke the quotations just before (continuation against reply) are computed
at decoding time (`ranker.py`), from the decoder's own choices.

Everything is indexed once per text as arrays (`TextIndex`): sentence
starts, each member's mentions outside speech keyed by member and position,
the narration's pronoun chains, first-person narration. What a quotation
offers its candidates is read once per quotation (`_QuoteTable`), and the
features of every (quotation, candidate) pair are computed together,
column by column, into one `FeatureMatrix` (`features.py`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np

from .cast import family_counts, family_name
from .features import COLUMN, COLUMNS, FeatureMatrix, decay, log1p_of
from .layout import SENTENCE_END
from .lexicon import CONTINUING_VERBS, KIN_NOUNS, NOUN_GENDER
from .salience import DECAY as SALIENCE_DECAY, SPAN as SALIENCE_SPAN, salience_at
from .tags import tag_gender as tag_gender_of

_NEAR = 3000  # characters before a quotation in which a named member is a candidate
_AHEAD = 400  # ... and after it
_CONVERSATION_GAP = 40
_SENTENCE_REACH = 600  # characters around a quotation whose sentences are indexed
_SMALL_CAST = 20  # a work's own characters list: every member may speak anywhere
# I, me, my, myself, he, him, his, himself, she, her, hers, herself (He, Him,
# His, She, Her) as whole words: written to open with the first letter and
# look back for the word boundary after it, so the engine skips from one of
# those letters to the next (three times faster than `\b(?:I|me|...)\b`).
_PRONOUN = re.compile(r"[IHhSsm](?<!\w.)(?:(?<=I)|(?<=m)(?:e|y(?:self)?)|(?<=[Hh])(?:e|i[ms]|er)"
                      r"|(?<=h)(?:imself|ers|erself)|(?<=[Ss])he)\b")
_SUBJECT_PRONOUN = re.compile(r"(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow)[\s,]+)?([Hh]e|[Ss]he|I)\b")
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male", "she": "female",
                   "her": "female", "hers": "female", "herself": "female", "i": "narrator", "me": "narrator",
                   "my": "narrator", "myself": "narrator"}
FIXED_CUES = frozenset({"name_tag", "narrator_tag"})

# Genders as small integers for the arrays: no gender is 0; any other
# gender a cast brings gets the next free code.
_NONE, _MALE, _FEMALE, _NARRATOR, _GROUP = 0, 1, 2, 3, 4
_GENDER_CODE = {None: _NONE, "male": _MALE, "female": _FEMALE, "narrator": _NARRATOR, "group": _GROUP}
# What a pronoun's own spelling says (I, He, he, His, ...) as a gender code.
_PRONOUN_CODE = {spelling: _GENDER_CODE[g] for word, g in _PRONOUN_GENDER.items()
                 for spelling in (word, word.capitalize(), word.upper())}


@dataclass
class Slot:
    """One quotation to decide: its candidates and their static features.

    Features are either listed as dicts (`listed`, for slots made by hand)
    or rows of the text's feature matrix (`rows`, as `build_slots` makes
    them); `features` gives them as dicts either way."""
    index: int  # the quotation's place among all quotations
    candidates: list[str]
    listed: list[dict[str, float]]
    continues: bool  # the sieve reads it as the same turn as the quotation before
    linked: bool  # little narration since the quotation before
    gap: str = "far"  # what stands between it and the quotation before (see `_gap`)
    goes_on: bool = False  # its tag's verb says the speaker goes on (`he continued`)
    fixed: str | None = None  # an explicit tag already names the speaker
    sieve: str | None = None  # the sieve's own answer
    evidence: list[str] = field(default_factory=list)
    kind: str = "untagged"  # what its own tag tells (see `_tag_kind`)
    matrix: FeatureMatrix | None = None
    first_row: int = 0  # the row of its first candidate in `matrix`

    @property
    def features(self) -> list[dict[str, float]]:
        if self.matrix is None:
            return self.listed
        return [self.matrix.row(self.first_row + j) for j in range(len(self.candidates))]

    def has(self, j: int, name: str) -> bool:
        """Does candidate j have feature `name`?"""
        if self.matrix is None:
            return name in self.listed[j]
        return self.matrix.has(self.first_row + j, name)


class _CastTable:
    """What each cast member brings to every quotation, whatever the text:
    gathered once per cast (the chapters of a work share theirs)."""

    _last: "_CastTable | None" = None

    def __init__(self, cast: dict, genders: dict[str, str | None]):
        self.cast = cast
        self.ids = tuple(cast)
        self.member_of = {c: k for k, c in enumerate(self.ids)}
        self.genders = _gender_codes(list(self.ids), genders)
        families = family_counts(cast.values())
        members = list(cast.values())
        # Known by title and a family name another member shares (Mrs. Bennet).
        self.family_title = np.array([any(families.get(family_name(form), 0) > 1 for form in (m.name or "", *m.aliases))
                                      for m in members], dtype=bool)
        self.constants = {
            "described_not_named": np.array([bool(m.name) and m.name[:1].islower() for m in members], dtype=float),
            "nameless": np.array([not m.name for m in members], dtype=float),
        }

    @classmethod
    def of(cls, cast: dict, genders: dict[str, str | None]) -> "_CastTable":
        if cls._last is None or cls._last.cast is not cast:
            cls._last = cls(cast, genders)
        return cls._last


def _tagged_share(sieve, members: list[str]) -> np.ndarray:
    """Each member's share of the quotations tagged with a name: who the
    text lets speak, over the whole text."""
    fixed_count: dict[str, int] = {}
    for q in sieve.quotes:
        if q.cue in FIXED_CUES:
            fixed_count[q.speaker] = fixed_count.get(q.speaker, 0) + 1
    total_fixed = sum(fixed_count.values()) or 1
    return np.array([fixed_count.get(c, 0) / total_fixed for c in members])


class TextIndex:
    """Per-text positions every quotation's features read, as arrays; a
    member's positions are keyed `member * span + position`, so one sorted
    array holds every member's in turn and one `searchsorted` finds, for
    each pair, the nearest of that member's."""

    def __init__(self, sieve):
        text = sieve.text
        quotes = sieve.quotes
        self.span = len(text) + 2  # more than any position (or position + 1)
        self.sentence_starts = _sentence_starts(text, quotes)
        self.quote_starts = np.array([q.start for q in quotes], dtype=np.int64)
        self.quote_ends = np.array([q.end for q in quotes], dtype=np.int64)
        members = _CastTable.of(sieve.cast, sieve.genders)
        self.members = list(members.ids)
        self.member_of = dict(members.member_of)
        mentions = sieve.mentions.mentions
        for m in mentions:
            if m.id not in self.member_of:  # mentions brought by the caller may name others
                self.member_of[m.id] = len(self.members)
                self.members.append(m.id)
        extra = len(self.members) - len(members.ids)  # not in the cast: no gender, no name, no family
        self.genders = np.r_[members.genders, np.zeros(extra, dtype=np.int64)]
        self.family_title = np.r_[members.family_title, np.zeros(extra, dtype=bool)]
        self.constants = {name: np.r_[values, np.zeros(extra)] for name, values in members.constants.items()}
        self.is_narrator = np.array([c == sieve.narrator for c in self.members], dtype=bool)
        self.constants["tagged_share"] = _tagged_share(sieve, self.members)
        self._narration(sieve, mentions)
        self._pronoun_chains(sieve, text)

    def _narration(self, sieve, mentions) -> None:
        """Each member's mentions outside speech, by member then position."""
        member = np.array([self.member_of[m.id] for m in mentions], dtype=np.int64)
        start = np.array([m.start for m in mentions], dtype=np.int64)
        end = np.array([m.end for m in mentions], dtype=np.int64)
        self.mention_member, self.mention_end = member, end
        outside = ~np.array(sieve.mention_in_quote, dtype=bool)
        subject = np.array(sieve.mention_subject, dtype=bool)
        member, start, end, subject = member[outside], start[outside], end[outside], subject[outside]
        order = np.argsort(member, kind="stable")  # mentions come by position already
        self.narration_member = member[order]
        self.narration_start = start[order]
        self.narration_end = end[order]
        self.narration_subject = subject[order]
        self.narration_start_key = self.narration_member * self.span + self.narration_start
        self.narration_end_key = self.narration_member * self.span + self.narration_end

    def _pronoun_chains(self, sieve, text: str) -> None:
        """Narration pronouns (`he`, `her`) credited to the character of that
        gender named last: a cheap coreference chain that keeps a character
        in view through `He turned. He sighed.` without a name."""
        # Named mentions in narration, per gender, by position (then by id,
        # for two at one place).
        member, start = self.narration_member, self.narration_start
        gender = self.genders[member]
        rank = np.argsort(np.argsort(np.array(self.members, dtype=object)))  # each member's place by id
        self.named: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for g in (_MALE, _FEMALE):
            mine = gender == g
            order = np.lexsort((rank[member[mine]], start[mine]))
            self.named[g] = (start[mine][order], member[mine][order])
        self.named_lists = {g: (at.tolist(), who.tolist()) for g, (at, who) in self.named.items()}
        found = [(m.start(), _PRONOUN_CODE[m.group()]) for m in _PRONOUN.finditer(text)]
        position = np.array([p for p, _ in found], dtype=np.int64)
        said = np.array([g for _, g in found], dtype=np.int64)
        outside = ~_inside(position, self.quote_starts, self.quote_ends)
        position, said = position[outside], said[outside]
        self.first_person = position[said == _NARRATOR]
        chain_member, chain_position = [member], [start]
        for g, (named_at, named) in self.named.items():
            mine = position[said == g]
            k = np.searchsorted(named_at, mine)  # names of that gender before each pronoun
            chain_member.append(named[k[k > 0] - 1])
            chain_position.append(mine[k > 0])
        chain_member = np.concatenate(chain_member)
        chain_position = np.concatenate(chain_position)
        order = np.lexsort((chain_position, chain_member))
        self.chain_member = chain_member[order]
        self.chain_position = chain_position[order]
        self.chain_key = self.chain_member * self.span + self.chain_position

    def referents(self, gender: int, positions: np.ndarray) -> np.ndarray:
        """The member of that gender named last before each position, outside
        speech (-1 for none)."""
        named_at, named = self.named.get(gender, (None, None))
        if named_at is None or not len(named_at):
            return np.full(len(positions), -1, dtype=np.int64)
        k = np.searchsorted(named_at, positions) - 1
        return np.where(k >= 0, named[np.maximum(k, 0)], -1)

    def referent(self, gender: str | None, pos: int) -> int:
        """`referents` at one position."""
        named_at, named = self.named_lists.get(_GENDER_CODE.get(gender), ((), ()))
        k = bisect_left(named_at, pos) - 1
        return named[k] if k >= 0 else -1

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1


def _inside(positions: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which positions fall inside a quotation (`starts` sorted)."""
    k = np.searchsorted(starts, positions, side="right") - 1
    return (k >= 0) & (positions < ends[np.maximum(k, 0)]) if len(starts) else np.zeros(len(positions), bool)


def _gender_codes(members: list[str], genders: dict[str, str | None]) -> np.ndarray:
    codes = dict(_GENDER_CODE)
    for c in members:
        codes.setdefault(genders.get(c), len(codes))
    return np.array([codes[genders.get(c)] for c in members], dtype=np.int64)


def _sentence_starts(text: str, quotes) -> list[int]:
    """Sentence starts, found only near quotations (no scan of the whole
    text); a window's own start counts as one, so sentence distances are
    only meaningful within `_SENTENCE_REACH` of a quotation."""
    starts = [0]
    lo = hi = -1
    for q in [*quotes, None]:
        if q is not None and q.start - _SENTENCE_REACH <= hi:
            hi = max(hi, q.end + _SENTENCE_REACH)
            continue
        if hi > lo:
            if lo > 0:
                starts.append(lo)
            starts.extend(m.end() for m in SENTENCE_END.finditer(text, lo, min(hi, len(text))))
        if q is not None:
            lo, hi = max(0, q.start - _SENTENCE_REACH), q.end + _SENTENCE_REACH
    return starts


def build_slots(sieve) -> list[Slot]:
    """A slot per quotation, in order; explicit tags are fixed; the others'
    candidates share one feature matrix."""
    index = TextIndex(sieve)
    quotes = sieve.quotes
    links = [_linked(sieve, i) for i in range(len(quotes))]
    slots = []
    ranked: list[int] = []
    for i, q in enumerate(quotes):
        goes_on = q.tag is not None and q.tag.verb in CONTINUING_VERBS
        gap = _gap(sieve, i, links[i])
        if q.cue in FIXED_CUES:
            slots.append(Slot(i, [q.speaker], [{}], q.continues, links[i], gap,
                              goes_on, q.speaker, q.speaker, list(q.evidence)))
            continue
        ranked.append(i)
        slots.append(Slot(i, _candidates(sieve, i), [], q.continues, links[i], gap,
                          goes_on, None, q.speaker, list(q.evidence), _tag_kind(q.tag)))
    if ranked:
        _fill_matrix(sieve, index, [slots[i] for i in ranked], links)
    return slots


def _fill_matrix(sieve, index: TextIndex, slots: list[Slot], links: list[bool]) -> None:
    sizes = [len(s.candidates) for s in slots]
    first_rows = np.cumsum([0, *sizes[:-1]])
    matrix = FeatureMatrix(np.zeros((len(COLUMNS), sum(sizes))))
    for slot, first in zip(slots, first_rows.tolist()):
        slot.matrix, slot.first_row = matrix, first
    table = _QuoteTable(sieve, index, [s.index for s in slots], links)
    pairs = _Pairs(index, table, slots, sizes)
    values = matrix.values
    _mention_features(values, index, table, pairs)
    _gender_features(values, index, table, pairs)
    _member_features(values, sieve, index, pairs)
    _sparse_features(values, table, slots, first_rows.tolist())
    _salience_features(values, sieve, index, table, slots, pairs, first_rows, sizes)


class _QuoteTable:
    """What every candidate's features read about each ranked quotation,
    as arrays over those quotations (sets spoken to and named stay lists)."""

    def __init__(self, sieve, index: TextIndex, chosen: list[int], links: list[bool]):
        quotes = sieve.quotes
        n = len(quotes)
        qs = [quotes[i] for i in chosen]
        at = np.array(chosen, dtype=np.int64)
        self.start = index.quote_starts[at]
        self.end = index.quote_ends[at]
        self.untagged = np.array([q.tag is None for q in qs], dtype=bool)
        # Where the sentence before the quotation's starts, and where the one
        # after the sentence it ends in ends: a name between is "in the
        # sentence before" or "after".
        sentence_starts = np.array(index.sentence_starts, dtype=np.int64)
        sentence = np.searchsorted(sentence_starts, self.start, side="right") - 1
        end_sentence = np.searchsorted(sentence_starts, self.end - 1, side="right") - 1
        self.sentence_before_start = sentence_starts[np.maximum(sentence - 1, 0)]
        after = end_sentence + 2
        self.sentence_after_end = np.where(after < len(sentence_starts),
                                           sentence_starts[np.minimum(after, len(sentence_starts) - 1)],
                                           index.span)
        self.prev_end = np.where(at > 0, index.quote_ends[np.maximum(at - 1, 0)], 0)
        self.next_start = np.where(at + 1 < n, index.quote_starts[np.minimum(at + 1, n - 1)], len(sieve.text))
        self.referent = {g: index.referents(g, self.start) for g in (_MALE, _FEMALE)}
        # Tags that tell only a gender or a person, and whom a gender points back to.
        genders = [(tag_gender_of(q.tag) if q.tag is not None else None) or sieve.turn_gender.get(q.turn)
                   for q in qs]
        self.tag_gender = np.array([_GENDER_CODE.get(g, -1) for g in genders], dtype=np.int64)
        self.tag_referent = np.full(len(qs), -1, dtype=np.int64)
        for g in (_MALE, _FEMALE):
            mine = np.flatnonzero(self.tag_gender == g)
            if len(mine):
                where = np.array([qs[k].tag.pos if qs[k].tag is not None else qs[k].start for k in mine.tolist()],
                                 dtype=np.int64)
                self.tag_referent[mine] = index.referents(g, where)
        # A pronoun subject in the sentences right before and after the quotation.
        self.pronoun_before = _pronoun_subjects(sieve, index, [q.start for q in qs], -1)
        self.pronoun_after = _pronoun_subjects(sieve, index, [q.end if q.tag is None else None for q in qs], +1)
        first_person = index.first_person
        self.first_person_before = (np.searchsorted(first_person, self.start)
                                    > np.searchsorted(first_person, self.start - 300))
        self.sieve_column = np.array([COLUMN["sieve_" + q.cue] if q.cue else -1 for q in qs], dtype=np.int64)
        heads = [_description_head(q.tag) for q in qs]
        self.kin_description = np.array([h is not None and h in KIN_NOUNS for h in heads], dtype=bool)
        self.description_gender = np.array([_GENDER_CODE[NOUN_GENDER.get(h)] if h else _NONE for h in heads],
                                           dtype=np.int64)
        # Who is spoken to or named in the speech and around it, and who the
        # next quotations are tagged for (few: kept as they are).
        self.addressees = [q.addressees for q in qs]
        self.named = [{m.id for m in sieve.mentions.within(q.start, q.end)} for q in qs]
        self.addressed_before = [quotes[i - 1].addressees if i else () for i in chosen]
        self.addressed_after = [quotes[i + 1].addressees if i + 1 < n else () for i in chosen]
        self.tagged_next = []
        for i in chosen:
            found = []
            for step, name in ((1, "next_tagged"), (2, "next2_tagged")):
                j = i + step
                if j < n and quotes[j].cue in FIXED_CUES and links[j]:
                    found.append((name, quotes[j].speaker))
            self.tagged_next.append(found)


class _Pairs:
    """Every (quotation, candidate) pair: which ranked quotation (`quote`,
    an index into the `_QuoteTable`) and which member, row by row."""

    def __init__(self, index: TextIndex, table: _QuoteTable, slots: list[Slot], sizes: list[int]):
        member_of = index.member_of
        self.quote = np.repeat(np.arange(len(slots)), sizes)
        self.member = np.array([member_of[c] for s in slots for c in s.candidates], dtype=np.int64)
        self.gender = index.genders[self.member] if len(self.member) else np.zeros(0, np.int64)
        self.start = table.start[self.quote]
        self.end = table.end[self.quote]
        self.key = self.member * index.span


def _mention_features(values, index: TextIndex, table: _QuoteTable, pairs: _Pairs) -> None:
    """Mentions in narration just before and after the quotation, and the
    pronoun chain."""
    if len(index.narration_member):
        _mention_before(values, index, table, pairs)
        _mention_after(values, index, table, pairs)
    if len(index.chain_member):
        _chain(values, index, pairs)


def _mention_before(values, index: TextIndex, table: _QuoteTable, pairs: _Pairs) -> None:
    """The candidate's nearest mention before the quotation."""
    col, q = COLUMN, pairs.quote
    k = np.searchsorted(index.narration_end_key, pairs.key + pairs.start + 1) - 1
    rows = np.flatnonzero((k >= 0) & (index.narration_member[np.maximum(k, 0)] == pairs.member))
    k = k[rows]
    d = pairs.start[rows] - index.narration_end[k]
    values[col["before_near"], rows] = decay(d, 400)
    starts = index.narration_start[k]
    in_sentence = (d < _SENTENCE_REACH) & (starts >= table.sentence_before_start[q[rows]])
    values[col["before_sentence"], rows[in_sentence]] = 1.0
    values[col["before_subject"], rows[in_sentence & index.narration_subject[k]]] = 1.0
    values[col["before_since_last_quote"], rows[starts >= table.prev_end[q[rows]]]] = 1.0


def _mention_after(values, index: TextIndex, table: _QuoteTable, pairs: _Pairs) -> None:
    """The candidate's nearest mention after the quotation, in the narration
    before the next one; past a tag, narration is no cue."""
    col, q = COLUMN, pairs.quote
    untagged = np.flatnonzero(table.untagged[q])
    k = np.searchsorted(index.narration_start_key, pairs.key[untagged] + pairs.end[untagged])
    last = len(index.narration_member) - 1
    kk = np.minimum(k, last)
    found = (k <= last) & (index.narration_member[kk] == pairs.member[untagged])
    found &= index.narration_start[kk] < table.next_start[q[untagged]]
    rows, k = untagged[found], k[found]
    starts = index.narration_start[k]
    d = starts - pairs.end[rows]
    values[col["after_near"], rows] = decay(d, 200)
    subject = (d < _SENTENCE_REACH) & (starts < table.sentence_after_end[q[rows]]) & index.narration_subject[k]
    values[col["after_subject"], rows[subject]] = 1.0


def _chain(values, index: TextIndex, pairs: _Pairs) -> None:
    """In view through the pronoun chain: how near its last link, and how
    many links in the 1,000 characters before the quotation."""
    k = np.searchsorted(index.chain_key, pairs.key + pairs.start) - 1
    rows = np.flatnonzero((k >= 0) & (index.chain_member[np.maximum(k, 0)] == pairs.member))
    k = k[rows]
    start = pairs.start[rows]
    values[COLUMN["chain_near"], rows] = decay(start - index.chain_position[k], 300)
    recent = np.searchsorted(index.chain_key, pairs.key[rows] + np.maximum(start - 1000, 0))
    values[COLUMN["chain_recent"], rows] = log1p_of(k + 1 - recent)


def _gender_features(values, index: TextIndex, table: _QuoteTable, pairs: _Pairs) -> None:
    """Whether the candidate's gender fits the last name of that gender, the
    quotation's own tag, and pronouns opening the sentences around it."""
    col, q, gender, member = COLUMN, pairs.quote, pairs.gender, pairs.member
    narrator = index.is_narrator[member]
    for g in (_MALE, _FEMALE):
        last = (gender == g) & (table.referent[g][q] == member)
        values[col["last_named_of_gender"], last] = 1.0
    said = table.tag_gender[q]
    third = (said == _MALE) | (said == _FEMALE)
    values[col["tag_gender_agrees"], third & (gender == said)] = 1.0
    values[col["tag_gender_unknown"], third & (gender == _NONE)] = 1.0
    values[col["tag_gender_clashes"], third & (gender != said) & (gender != _NONE)] = 1.0
    values[col["tag_third_person_narrator"], third & narrator] = 1.0
    values[col["tag_refers"], third & (table.tag_referent[q] == member)] = 1.0
    first = said == _NARRATOR
    values[col["tag_first_person_narrator"], first & narrator] = 1.0
    values[col["tag_first_person_other"], first & ~narrator] = 1.0
    values[col["tag_group_ungendered"], (said == _GROUP) & (gender == _NONE)] = 1.0
    described = table.description_gender[q]
    kin = table.kin_description[q] & index.family_title[member] & ((described == _NONE) | (described == gender))
    values[col["description_kin_family"], kin] = 1.0
    for name, (pronoun, referent) in (("pronoun_before", table.pronoun_before),
                                      ("pronoun_after", table.pronoun_after)):
        said, referent = pronoun[q], referent[q]
        values[col[name + "_first_person"], (said == _NARRATOR) & narrator] = 1.0
        third = ((said == _MALE) | (said == _FEMALE)) & ~narrator
        agrees = third & (gender == said)
        values[col[name + "_agrees"], agrees] = 1.0
        values[col[name + "_refers"], agrees & (referent == member)] = 1.0
        values[col[name + "_clashes"], third & (gender != said) & (gender != _NONE)] = 1.0
    values[col["narrator"], narrator] = 1.0
    values[col["narrator_first_person_before"], narrator & table.first_person_before[q]] = 1.0


def _member_features(values, sieve, index: TextIndex, pairs: _Pairs) -> None:
    """What a candidate brings wherever it is, and whether the sieve chose it."""
    for name, per_member in index.constants.items():
        values[COLUMN[name]] = per_member[pairs.member]


def _sparse_features(values, table: _QuoteTable, slots: list[Slot], first_rows: list[int]) -> None:
    """Spoken to or named in the speech, spoken to around it, tagged next;
    and the sieve's own answer (a few pairs each: set one by one)."""
    col = COLUMN
    for k, (slot, first) in enumerate(zip(slots, first_rows)):
        here, named = table.addressees[k], table.named[k]
        before, after, tagged = table.addressed_before[k], table.addressed_after[k], table.tagged_next[k]
        if not (here or named or before or after or tagged or slot.sieve):
            continue
        for j, c in enumerate(slot.candidates):
            r = first + j
            if c in here:
                values[col["addressed_here"], r] = 1.0
            elif c in named:
                values[col["named_in_quote"], r] = 1.0
            if c in before:
                values[col["addressed_before"], r] = 1.0
            if c in after:
                values[col["addressed_after"], r] = 1.0
            for name, speaker in tagged:
                if speaker == c:
                    values[col[name], r] = 1.0
            if c == slot.sieve and table.sieve_column[k] >= 0:
                values[table.sieve_column[k], r] = 1.0


def _salience_features(values, sieve, index: TextIndex, table: _QuoteTable, slots: list[Slot], pairs: _Pairs,
                       first_rows: np.ndarray, sizes: list[int]) -> None:
    """The sieve's in-view score, relative to the best candidate's."""
    scores = _in_view(sieve, index, table, slots, pairs)
    if not len(scores):
        return
    nonempty = np.array(sizes) > 0
    best = np.zeros(len(slots))
    best[nonempty] = np.maximum.reduceat(scores, first_rows[nonempty])
    best = best[pairs.quote]
    rows = np.flatnonzero((scores > 0) & (best > 0))
    values[COLUMN["salience"], rows] = scores[rows] / best[rows]
    values[COLUMN["most_in_view"], rows[scores[rows] == best[rows]]] = 1.0


def _in_view(sieve, index: TextIndex, table: _QuoteTable, slots: list[Slot], pairs: _Pairs) -> np.ndarray:
    """Each pair's candidate's salience at its quotation (the sieve's
    `_salience_scores`), for all pairs at once."""
    if not sieve._ends_sorted:  # overlapping mentions: the sieve's own reckoning, quotation by quotation
        found = []
        for slot, start in zip(slots, table.start.tolist()):
            in_view = sieve._salience_scores(start)
            found.extend([in_view.get(c, 0.0) for c in slot.candidates])
        return np.array(found)
    members = len(index.members)
    keys, scores = salience_at(table.start, index.mention_end, index.mention_member,
                               np.array(sieve.mention_weights), members, SALIENCE_SPAN, SALIENCE_DECAY)
    if not len(keys):
        return np.zeros(len(pairs.member))
    wanted = pairs.quote * members + pairs.member
    k = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[k] == wanted, scores[k], 0.0)


def _pronoun_subjects(sieve, index: TextIndex, positions: list[int | None], direction: int):
    """(gender code, referent) arrays of `_pronoun_subject` at each position
    (0 and -1 where there is none)."""
    said = np.zeros(len(positions), dtype=np.int64)
    referent = np.full(len(positions), -1, dtype=np.int64)
    for k, pos in enumerate(positions):
        if pos is None:
            continue
        found = _pronoun_subject(sieve, index, pos, direction)
        if found is not None:
            said[k] = _GENDER_CODE[found[0]]
            if found[1] is not None:
                referent[k] = found[1]
    return said, referent


_WORD = re.compile(r"[A-Za-z]+")


def _description_head(tag) -> str | None:
    """The head noun of a description tag (`her mother` -> `mother`)."""
    if tag is None or tag.kind != "description":
        return None
    words = _WORD.findall(tag.subject)
    return words[-1].lower() if words else None


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
    """Is quotation i part of the same exchange as quotation i-1?"""
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


def _candidates(sieve, i: int) -> list[str]:
    """Members named near the quotation (in order), the speakers of the
    quotations around it, the narrator; every member in a small cast."""
    q = sieve.quotes[i]
    starts = sieve.mentions.starts
    lo = bisect_left(starts, q.start - _NEAR)
    hi = bisect_left(starts, q.end + _AHEAD)
    found = dict.fromkeys(sieve.mention_ids[lo:hi])
    for j in range(max(0, i - 4), min(len(sieve.quotes), i + 3)):
        if sieve.quotes[j].speaker:
            found[sieve.quotes[j].speaker] = None
    if sieve.narrator:
        found[sieve.narrator] = None
    if not found or len(sieve.cast) <= _SMALL_CAST:
        found.update(dict.fromkeys(sieve.cast))
    return list(found)


def _pronoun_subject(sieve, index: TextIndex, pos, direction) -> tuple[str, int | None] | None:
    """`He turned.` just before (or after) the quotation: the pronoun's gender
    (or `narrator` for `I`) and the member of that gender named last."""
    sentence_starts = index.sentence_starts
    if direction < 0:
        s = index.sentence_of(pos - 1) if pos else -1
        if s < 0 or sentence_starts[s] >= pos:
            return None
        start = sentence_starts[s]
        if sieve._inside_quote(start):
            return None
    else:
        s = index.sentence_of(pos)
        start = sentence_starts[s] if sentence_starts[s] >= pos else None
        if start is None:
            s += 1
            if s >= len(sentence_starts):
                return None
            start = sentence_starts[s]
        if sieve._inside_quote(start) or start - pos > 6:
            return None
    m = _SUBJECT_PRONOUN.match(sieve.text, start)
    if not m:
        return None
    said = _PRONOUN_GENDER[m.group(1).lower()]
    if said == "narrator":
        return said, None
    referent = index.referent(said, start)
    return said, (referent if referent >= 0 else None)
