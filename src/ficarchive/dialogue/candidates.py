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
from .layout import SENTENCE_END
from .lexicon import CONTINUING_VERBS, KIN_NOUNS, NOUN_GENDER, QUESTION_VERBS, REPLY_OPENINGS, words_pattern
from .tags import tag_gender as tag_gender_of
from .features import FAR, FeatureBuilder, Rows, feature_id, gender_code, rows_from_dicts

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
# A sentence opening with a person described by a gendered noun (`The old
# lady pulled`, `His mother sobbed`; not `The man 's wife`): group 1 the
# description, group 2 its noun.
_DESCRIBED_SUBJECT = re.compile(
    r"[\s\"“”‘’']*(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow)[\s,]+)?((?:The|His|Her|My|Our|Their|An?)\s+"
    r"(?:[a-z][\w-]*\s+){0,2}?(" + words_pattern(NOUN_GENDER) + r"))\b(?!\s*['’])")
_DESCRIBED_FIRST = frozenset("THMOABSN \t\n\"“”‘’'")  # what such a sentence can open with (a cheap test first)
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male", "she": "female",
                   "her": "female", "hers": "female", "herself": "female", "i": "narrator", "me": "narrator",
                   "my": "narrator", "myself": "narrator"}
FIXED_CUES = frozenset({"name_tag", "narrator_tag", "kin_tag"})


class Slot:
    """One quotation to decide: its candidates and their static features,
    as typed rows (`features.Rows`, what the search reads) or, where a
    person or the trainer reads them, as dicts (`features`); either one
    given makes the other on demand."""
    __slots__ = ("index", "candidates", "_features", "_rows", "continues", "linked", "gap", "goes_on", "fixed",
                 "sieve", "evidence", "kind", "after_question", "reply_opening", "after_asking")

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
    """Per-text positions every quotation's features read by bisection."""

    def __init__(self, sieve):
        text = sieve.text
        self.sieve = sieve
        quotes = sieve.quotes
        self.sentence_starts = self._sentence_starts(text, quotes)
        self.quote_starts = [q.start for q in quotes]
        self.quote_ends = [q.end for q in quotes]
        self.narration: dict[str, list[int]] = {}  # member -> mention starts outside speech
        self.narration_ends: dict[str, list[int]] = {}
        self.subject: dict[str, list[bool]] = {}
        mentions = sieve.mentions.mentions
        self.all_starts = sieve.mentions.starts
        self.first_named: dict[str, int] = {}  # member -> its first mention, in speech or not
        for m in mentions:
            self.first_named.setdefault(m.id, m.start)
        for m, inside, subject in zip(mentions, sieve.mention_in_quote, sieve.mention_subject):
            if inside:
                continue
            self.narration.setdefault(m.id, []).append(m.start)
            self.narration_ends.setdefault(m.id, []).append(m.end)
            self.subject.setdefault(m.id, []).append(subject)
        self.first_person: list[int] = []
        self._pronoun_chains(sieve, text)

    @staticmethod
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

    def _pronoun_chains(self, sieve, text: str) -> None:
        """Narration pronouns (`he`, `her`) credited to the character of that
        gender named last: a cheap coreference chain that keeps a character
        in view through `He turned. He sighed.` without a name."""
        genders = sieve.genders
        named: dict[str, list[tuple[int, str]]] = {"male": [], "female": []}
        for member, starts in self.narration.items():
            g = genders.get(member)
            if g in named:
                named[g].extend((pos, member) for pos in starts)
        # A description as a sentence's subject (`The woman kissed him.`)
        # takes the pronouns after it from whoever was named before: nobody's
        # (`""`, which no member is called).
        # (Sentences near quotations only, where the features look.)
        match = _DESCRIBED_SUBJECT.match
        for start in self.sentence_starts:
            if text[start:start + 1] not in _DESCRIBED_FIRST:
                continue
            m = match(text, start)
            if m is not None and sieve.mentions.at(m.start(1)) is None:  # (not a member's own description)
                k = bisect_right(self.quote_starts, start) - 1
                if k < 0 or start >= self.quote_ends[k]:
                    named[NOUN_GENDER[m.group(2)]].append((m.start(1), ""))
        for g in named:
            named[g].sort()
        self.named_positions = {g: [pos for pos, _ in v] for g, v in named.items()}  # (and described)
        self.named_members = {g: [m for _, m in v] for g, v in named.items()}
        chains: dict[str, list[int]] = {m: list(v) for m, v in self.narration.items()}
        quote_starts = sieve.quote_starts
        quote_ends = [q.end for q in sieve.quotes]
        n_quotes = len(quote_starts)
        q = -1  # the last quotation starting at or before the pronoun
        # Per gender, how many names of that gender come before the pronoun:
        # pronouns are met in order, so each count only moves forward.
        seen = {"male": 0, "female": 0}
        positions, members = self.named_positions, self.named_members
        for m in _PRONOUN.finditer(text):
            pos = m.start()
            while q + 1 < n_quotes and quote_starts[q + 1] <= pos:
                q += 1
            if q >= 0 and pos < quote_ends[q]:
                continue  # inside speech
            g = _PRONOUN_GENDER[m.group().lower()]
            if g == "narrator":
                self.first_person.append(pos)
                continue
            named_before = positions[g]
            k = seen[g]
            while k < len(named_before) and named_before[k] < pos:
                k += 1
            seen[g] = k
            if k and members[g][k - 1]:
                chains[members[g][k - 1]].append(pos)
        self.chains = {m: sorted(v) for m, v in chains.items()}

    def referent(self, gender: str | None, pos: int) -> str | None:
        """The character of that gender named last before `pos`, outside speech
        (None where a description came after that name)."""
        positions = self.named_positions.get(gender)
        if not positions:
            return None
        k = bisect_left(positions, pos) - 1
        return (self.named_members[gender][k] or None) if k >= 0 else None

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    def first_person_near(self, start: int, end: int) -> int:
        return bisect_left(self.first_person, end) - bisect_left(self.first_person, start)


def build_slots(sieve) -> list[Slot]:
    """A slot per quotation, in order; explicit tags are fixed."""
    quotes = sieve.quotes
    fixed_count: dict[str, int] = {}
    for q in quotes:
        if q.cue in FIXED_CUES:
            fixed_count[q.speaker] = fixed_count.get(q.speaker, 0) + 1
    total_fixed = sum(fixed_count.values()) or 1
    tagged_share = {c: n / total_fixed for c, n in fixed_count.items()}
    links = [_linked(sieve, i) for i in range(len(quotes))]
    index = builder = None  # made for the first quotation to rank: many short texts have none
    slots = []
    for i, q in enumerate(quotes):
        goes_on = q.tag is not None and q.tag.verb in CONTINUING_VERBS
        linked = links[i]
        if q.cue in FIXED_CUES:
            slots.append(Slot(i, [q.speaker], [{}], q.continues, linked, _gap(sieve, i, linked),
                              goes_on, q.speaker, q.speaker, list(q.evidence)))
            continue
        if builder is None:
            index = TextIndex(sieve)
            builder = _feature_builder(sieve, index, tagged_share, links)
        # The sieve's in-view score of each candidate, relative to the best's, is a feature too.
        candidates, rows = builder.quote(i, sieve._salience_scores(q.start), *_quote_cues(sieve, index, q, builder))
        slot = Slot(i, candidates, None, q.continues, linked, _gap(sieve, i, linked),
                    goes_on, None, q.speaker, list(q.evidence), _tag_kind(q.tag), rows=rows)
        if linked:
            slot.after_question = _asks(sieve.text, quotes[i - 1])
            slot.reply_opening = _REPLY_OPENING.match(sieve.text, q.start, q.end) is not None
            before = quotes[i - 1].tag
            slot.after_asking = before is not None and before.verb in QUESTION_VERBS
        slots.append(slot)
    return slots


def _feature_builder(sieve, index: TextIndex, tagged_share: dict[str, float], links: list[bool]) -> FeatureBuilder:
    """Every member of the text (the cast, whoever is named or speaks) with
    its narration mentions and pronoun chain as flat arrays, and what every
    quotation reads of the text (`FeatureBuilder.index_text`)."""
    names = list(dict.fromkeys([*sieve.cast, *sieve.mention_ids, *(q.speaker for q in sieve.quotes if q.speaker)]))
    if sieve.narrator and sieve.narrator not in names:
        names.append(sieve.narrator)
    starts: list[int] = []
    ends: list[int] = []
    subject: list[bool] = []
    chains: list[int] = []
    mention_offsets, chain_offsets = [0], [0]
    narration, narration_ends, subjects, every_chain = index.narration, index.narration_ends, index.subject, index.chains
    for c in names:
        found = narration.get(c)
        if found:
            starts += found
            ends += narration_ends[c]
            subject += subjects[c]
        mention_offsets.append(len(starts))
        chain = every_chain.get(c)
        if chain:
            chains += chain
        chain_offsets.append(len(chains))
    genders = [gender_code(sieve.genders.get(c)) for c in names]
    first_named = [index.first_named.get(c, FAR) for c in names]
    families = family_counts(sieve.cast.values())

    def prepare(c: str) -> tuple[bool, list[tuple[str, float]]]:
        """What a candidate brings wherever it is: known by title and a family
        name another member shares (Mrs. Bennet), and its constant features."""
        member = sieve.cast.get(c)
        family_title = member is not None and any(
            families.get(family_name(form), 0) > 1 for form in (member.name or "", *member.aliases))
        constant: list[tuple[str, float]] = []
        if member is not None and member.name and member.name[:1].islower():
            constant.append(("described_not_named", 1.0))
        if member is not None and not member.name:
            constant.append(("nameless", 1.0))
        # Who the text lets speak under a name tag, over the whole text.
        if c in tagged_share:
            constant.append(("tagged_share", tagged_share[c]))
        return family_title, constant

    narrator = names.index(sieve.narrator) if sieve.narrator else -1
    builder = FeatureBuilder(names, genders, narrator, first_named, starts, ends, subject, mention_offsets,
                             chains, chain_offsets, prepare)
    ids = builder.ids
    quotes = sieve.quotes
    addressees, addressee_offsets = [], [0]
    for q in quotes:
        addressees += [ids[a] for a in q.addressees]
        addressee_offsets.append(len(addressees))
    builder.index_text(
        index.sentence_starts, index.all_starts, [ids[c] for c in sieve.mention_ids],
        index.named_positions["male"], [ids.get(c, -1) for c in index.named_members["male"]],
        index.named_positions["female"], [ids.get(c, -1) for c in index.named_members["female"]], index.first_person,
        index.quote_starts, index.quote_ends, [ids[q.speaker] if q.speaker else -1 for q in quotes],
        [q.cue in FIXED_CUES for q in quotes], links, addressees, addressee_offsets, sieve.text,
        len(sieve.cast), len(sieve.cast) <= _SMALL_CAST, _SUBJECT_PRONOUN)
    return builder


_QUOTE_EDGE = " \t\n\"'”’»“‘«—–-"
_REPLY_OPENING = re.compile(r"[\W_]*(?:" + words_pattern(REPLY_OPENINGS) + r")\b(?!['’]\w)", re.IGNORECASE)


def _asks(text: str, q) -> bool:
    """Does the quotation end with a question mark (`"Who is it?"`)?"""
    return text[q.start:q.end].rstrip(_QUOTE_EDGE).endswith("?")


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


def _quote_cues(sieve, index: TextIndex, q, builder: FeatureBuilder) -> tuple:
    """What a quotation's own tag tells, for `FeatureBuilder.quote` (which
    finds the rest in typed code: where things are, the pronoun opening the
    sentence before or after, `_SUBJECT_PRONOUN`): members as the builder's
    integers (-1 for nobody), genders as `features.GENDERS` codes (0 for none)."""
    member = builder.ids.get
    tag = q.tag
    # Tags that tell only a gender or a person.
    tag_gender = (tag_gender_of(tag) if tag is not None else None) or sieve.turn_gender.get(q.turn)
    tag_referent = tag_in_view = tag_subject = -1
    if tag_gender in ("male", "female"):
        tag_referent = member(index.referent(tag_gender, tag.pos if tag is not None else q.start), -1)
        # Besides the last named, the one of that gender most in view, and
        # the last named as a sentence's subject.
        tag_in_view = member(_most_in_view_of(sieve, q.start, tag_gender), -1)
        tag_subject = member(sieve._last_named(min(tag.pos, q.start) if tag is not None else q.start,
                                               tag_gender, ()), -1)
    # `said her mother`: a kin noun, for a member known by a shared family name.
    description = _description_head(tag)
    kin_description = description is not None and description in KIN_NOUNS
    description_gender = gender_code(NOUN_GENDER.get(description) if description else None)
    return (tag is None, gender_code(tag_gender), tag_referent, tag_in_view, tag_subject, kin_description,
            description_gender, feature_id("sieve_" + q.cue) if q.cue else -1)


def _most_in_view_of(sieve, pos: int, gender: str) -> str | None:
    """The character of that gender most in view at `pos`."""
    best, best_score = None, 0.0
    for member, score in sieve._salience_scores(pos).items():
        if score > best_score and sieve.genders.get(member) == gender:
            best, best_score = member, score
    return best
