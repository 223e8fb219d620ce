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

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .cast import family_counts, family_name
from .layout import SENTENCE_END
from .lexicon import CONTINUING_VERBS, KIN_NOUNS, NOUN_GENDER, REPLY_OPENINGS, words_pattern
from .tags import tag_gender as tag_gender_of
from .salience import add_relative

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
FIXED_CUES = frozenset({"name_tag", "narrator_tag", "kin_tag"})


@dataclass
class Slot:
    """One quotation to decide: its candidates and their static features."""
    index: int  # the quotation's place among all quotations
    candidates: list[str]
    features: list[dict[str, float]]
    continues: bool  # the sieve reads it as the same turn as the quotation before
    linked: bool  # little narration since the quotation before
    gap: str = "far"  # what stands between it and the quotation before (see `_gap`)
    goes_on: bool = False  # its tag's verb says the speaker goes on (`he continued`)
    fixed: str | None = None  # an explicit tag already names the speaker
    sieve: str | None = None  # the sieve's own answer
    evidence: list[str] = field(default_factory=list)
    kind: str = "untagged"  # what its own tag tells (see `_tag_kind`)
    after_question: bool = False  # the quotation before, in the same exchange, asks a question
    reply_opening: bool = False  # it opens with a word of reply (`Yes`, `Nothing`, `Of course`)


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
        for g in named:
            named[g].sort()
        self.named_positions = {g: [pos for pos, _ in v] for g, v in named.items()}
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
            if k:
                chains[members[g][k - 1]].append(pos)
        self.chains = {m: sorted(v) for m, v in chains.items()}

    def referent(self, gender: str | None, pos: int) -> str | None:
        """The character of that gender named last before `pos`, outside speech."""
        positions = self.named_positions.get(gender)
        if not positions:
            return None
        k = bisect_left(positions, pos) - 1
        return self.named_members[gender][k] if k >= 0 else None

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    def first_person_near(self, start: int, end: int) -> int:
        return bisect_left(self.first_person, end) - bisect_left(self.first_person, start)


def build_slots(sieve) -> list[Slot]:
    """A slot per quotation, in order; explicit tags are fixed."""
    index = TextIndex(sieve)
    quotes = sieve.quotes
    fixed_count: dict[str, int] = {}
    for q in quotes:
        if q.cue in FIXED_CUES:
            fixed_count[q.speaker] = fixed_count.get(q.speaker, 0) + 1
    total_fixed = sum(fixed_count.values()) or 1
    tagged_share = {c: n / total_fixed for c, n in fixed_count.items()}
    families = family_counts(sieve.cast.values())
    members: dict[str, _Member] = {}
    slots = []
    links = [_linked(sieve, i) for i in range(len(quotes))]
    for i, q in enumerate(quotes):
        goes_on = q.tag is not None and q.tag.verb in CONTINUING_VERBS
        linked = links[i]
        if q.cue in FIXED_CUES:
            slots.append(Slot(i, [q.speaker], [{}], q.continues, linked, _gap(sieve, i, linked),
                              goes_on, q.speaker, q.speaker, list(q.evidence)))
            continue
        candidates = _candidates(sieve, index, i)
        around = _QuoteContext(sieve, index, i, links)
        features = []
        for c in candidates:
            member = members.get(c)
            if member is None:
                member = members[c] = _Member(sieve, index, c, tagged_share, families)
            features.append(_features(index, around, member))
        _add_salience(sieve, q.start, candidates, features)
        slot = Slot(i, candidates, features, q.continues, linked, _gap(sieve, i, linked),
                    goes_on, None, q.speaker, list(q.evidence), _tag_kind(q.tag))
        if linked:
            slot.after_question = _asks(sieve.text, quotes[i - 1])
            slot.reply_opening = _REPLY_OPENING.match(sieve.text, q.start, q.end) is not None
        slots.append(slot)
    return slots


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


def _candidates(sieve, index: TextIndex, i: int) -> list[str]:
    q = sieve.quotes[i]
    lo = bisect_left(index.all_starts, q.start - _NEAR)
    hi = bisect_left(index.all_starts, q.end + _AHEAD)
    found = dict.fromkeys(sieve.mention_ids[lo:hi])  # (ordered: the first mention first)
    for j in range(max(0, i - 4), min(len(sieve.quotes), i + 3)):
        if sieve.quotes[j].speaker:
            found[sieve.quotes[j].speaker] = None
    if sieve.narrator:
        found[sieve.narrator] = None
    if not found or len(sieve.cast) <= _SMALL_CAST:
        for member in sieve.cast:
            found[member] = None
    return list(found)


class _QuoteContext:
    """What every candidate's features read about one quotation, found once
    per quotation rather than once per candidate."""

    def __init__(self, sieve, index: TextIndex, i: int, links: list[bool]):
        quotes = sieve.quotes
        q = quotes[i]
        self.quote = q
        self.start, self.end = q.start, q.end
        self.untagged = q.tag is None
        sentence = index.sentence_of(q.start)
        end_sentence = index.sentence_of(q.end - 1)
        starts = index.sentence_starts
        # Where the sentence before the quotation's starts, and where the one
        # after the sentence it ends in ends: a name between is "in the
        # sentence before" or "after".
        self.sentence_before_start = starts[max(0, sentence - 1)]
        self.sentence_after_end = starts[end_sentence + 2] if end_sentence + 2 < len(starts) else math.inf
        self.prev_end = quotes[i - 1].end if i else 0
        self.next_start = quotes[i + 1].start if i + 1 < len(quotes) else len(sieve.text)
        self.referents = {g: index.referent(g, q.start) for g in ("male", "female")}
        self.addressees = q.addressees
        self.named = {m.id for m in sieve.mentions.within(q.start, q.end)}
        self.addressed_before = quotes[i - 1].addressees if i else ()
        self.addressed_after = quotes[i + 1].addressees if i + 1 < len(quotes) else ()
        # Explicitly tagged speakers of the next quotations: alternation backwards.
        self.tagged_next: list[tuple[str, str]] = []
        for step, name in ((1, "next_tagged"), (2, "next2_tagged")):
            j = i + step
            if j < len(quotes) and quotes[j].cue in FIXED_CUES and links[j]:
                self.tagged_next.append((name, quotes[j].speaker))
        # Tags that tell only a gender or a person.
        self.tag_gender = (tag_gender_of(q.tag) if q.tag is not None else None) or sieve.turn_gender.get(q.turn)
        self.tag_referent = self.tag_in_view = self.tag_subject = None
        if self.tag_gender in ("male", "female"):
            self.tag_referent = index.referent(self.tag_gender, q.tag.pos if q.tag is not None else q.start)
            # Besides the last named, the one of that gender most in view,
            # and the last named as a sentence's subject.
            self.tag_in_view = _most_in_view_of(sieve, q.start, self.tag_gender)
            self.tag_subject = sieve._last_named(min(q.tag.pos, q.start) if q.tag is not None else q.start,
                                                 self.tag_gender, ())
        # A pronoun subject in the sentences right before and after the quotation.
        self.pronoun_before = _pronoun_subject(sieve, index, q.start, -1)
        self.pronoun_after = _pronoun_subject(sieve, index, q.end, +1) if q.tag is None else None
        self.first_person_before = bool(index.first_person_near(q.start - 300, q.start))
        self.sieve_feature = "sieve_" + q.cue if q.cue else None
        self.description = _description_head(q.tag)
        self.description_gender = NOUN_GENDER.get(self.description) if self.description else None


class _Member:
    """What a candidate brings to every quotation, gathered once per text."""
    __slots__ = ("id", "gender", "narrator", "starts", "ends", "subject", "chain", "constant", "family_title",
                 "first_named")

    def __init__(self, sieve, index: TextIndex, c: str, tagged_share: dict[str, float],
                 families: dict[str, int]):
        self.id = c
        self.gender = sieve.genders.get(c)
        self.narrator = c == sieve.narrator
        self.starts = index.narration.get(c, ())
        self.ends = index.narration_ends.get(c, ())
        self.subject = index.subject.get(c, ())
        self.chain = index.chains.get(c)
        self.first_named = index.first_named.get(c, math.inf)
        # Features that hold for this candidate wherever it is.
        member = sieve.cast.get(c)
        # Known by title and a family name another member shares (Mrs. Bennet).
        self.family_title = member is not None and any(
            families.get(family_name(form), 0) > 1 for form in (member.name or "", *member.aliases))
        self.constant: list[tuple[str, float]] = []
        if member is not None and member.name and member.name[:1].islower():
            self.constant.append(("described_not_named", 1.0))
        if member is not None and not member.name:
            self.constant.append(("nameless", 1.0))
        # Who the text lets speak under a name tag, over the whole text.
        if c in tagged_share:
            self.constant.append(("tagged_share", tagged_share[c]))


def _features(index: TextIndex, around: _QuoteContext, member: _Member) -> dict[str, float]:
    q_start, q_end = around.start, around.end
    c, gender, narrator = member.id, member.gender, member.narrator
    starts, ends = member.starts, member.ends
    f: dict[str, float] = {}
    # The nearest mention before the quotation, in narration.
    k = bisect_left(ends, q_start + 1) - 1
    if k >= 0:
        d = q_start - ends[k]
        f["before_near"] = math.exp(-d / 400)
        if d < _SENTENCE_REACH and starts[k] >= around.sentence_before_start:
            f["before_sentence"] = 1.0
            if member.subject[k]:
                f["before_subject"] = 1.0
        if starts[k] >= around.prev_end:
            f["before_since_last_quote"] = 1.0
    # The nearest mention after it, in the narration before the next quotation.
    if around.untagged:  # past a tag, narration is no cue
        k = bisect_left(starts, q_end)
        if k < len(starts) and starts[k] < around.next_start:
            d = starts[k] - q_end
            f["after_near"] = math.exp(-d / 200)
            if d < _SENTENCE_REACH and starts[k] < around.sentence_after_end and member.subject[k]:
                f["after_subject"] = 1.0
    # Not named yet: known so far only as `he`, `the child` or `a voice`.
    if member.first_named >= q_start and not narrator:
        f["unnamed_yet"] = 1.0
    # In view through the pronoun chain.
    chain = member.chain
    if chain:
        k = bisect_left(chain, q_start) - 1
        if k >= 0:
            f["chain_near"] = math.exp(-(q_start - chain[k]) / 300)
            f["chain_recent"] = math.log1p(k + 1 - bisect_left(chain, q_start - 1000))
    if gender is not None and around.referents.get(gender) == c:
        f["last_named_of_gender"] = 1.0
    # Spoken to or named in the speech itself, or spoken to around it.
    if c in around.addressees:
        f["addressed_here"] = 1.0
    elif c in around.named:
        f["named_in_quote"] = 1.0
    if c in around.addressed_before:
        f["addressed_before"] = 1.0
    if c in around.addressed_after:
        f["addressed_after"] = 1.0
    for name, speaker in around.tagged_next:
        if speaker == c:
            f[name] = 1.0
    tag_gender = around.tag_gender
    if tag_gender is not None:
        if tag_gender in ("male", "female"):
            if gender == tag_gender:
                f["tag_gender_agrees"] = 1.0
            elif gender is None:
                f["tag_gender_unknown"] = 1.0
            else:
                f["tag_gender_clashes"] = 1.0
            if narrator:
                f["tag_third_person_narrator"] = 1.0
            if around.tag_referent == c:
                f["tag_refers"] = 1.0
            if around.tag_in_view == c:
                f["tag_most_in_view"] = 1.0
            if around.tag_subject == c:
                f["tag_last_subject"] = 1.0
        elif tag_gender == "narrator":
            f["tag_first_person_" + ("narrator" if narrator else "other")] = 1.0
        elif tag_gender == "group" and gender is None:
            f["tag_group_ungendered"] = 1.0
    head = around.description
    if head is not None:
        if head in KIN_NOUNS and member.family_title and around.description_gender in (gender, None):
            f["description_kin_family"] = 1.0  # `said her mother` for Mrs. Bennet
    if around.pronoun_before is not None:
        _pronoun_features(around.pronoun_before, c, gender, narrator, f, "pronoun_before")
    if around.pronoun_after is not None:
        _pronoun_features(around.pronoun_after, c, gender, narrator, f, "pronoun_after")
    # The narrator.
    if narrator:
        f["narrator"] = 1.0
        if around.first_person_before:
            f["narrator_first_person_before"] = 1.0
    for name, value in member.constant:
        f[name] = value
    if around.sieve_feature is not None and around.quote.speaker == c:
        f[around.sieve_feature] = 1.0
    return f


def _pronoun_subject(sieve, index, pos, direction) -> tuple[str, str | None] | None:
    """`He turned.` just before (or after) the quotation: the pronoun's gender
    (or `narrator` for `I`) and the character of that gender named last."""
    if direction < 0:
        s = index.sentence_of(pos - 1) if pos else -1
        if s < 0 or index.sentence_starts[s] >= pos:
            return None
        start = index.sentence_starts[s]
        if sieve._inside_quote(start):
            return None
    else:
        s = index.sentence_of(pos)
        start = index.sentence_starts[s] if index.sentence_starts[s] >= pos else None
        if start is None:
            s += 1
            if s >= len(index.sentence_starts):
                return None
            start = index.sentence_starts[s]
        if sieve._inside_quote(start) or start - pos > 6:
            return None
    m = _SUBJECT_PRONOUN.match(sieve.text, start)
    if not m:
        return None
    said = _PRONOUN_GENDER[m.group(1).lower()]
    return said, (index.referent(said, start) if said != "narrator" else None)


def _pronoun_features(found: tuple[str, str | None], c, gender, narrator, f, name) -> None:
    """The candidate of that gender most in view is likely the one who speaks."""
    said, referent = found
    if said == "narrator":
        if narrator:
            f[name + "_first_person"] = 1.0
        return
    if narrator:
        return
    if gender == said:
        f[name + "_agrees"] = 1.0
        if referent == c:
            f[name + "_refers"] = 1.0
    elif gender is not None:
        f[name + "_clashes"] = 1.0


def _most_in_view_of(sieve, pos: int, gender: str) -> str | None:
    """The character of that gender most in view at `pos`."""
    best, best_score = None, 0.0
    for member, score in sieve._salience_scores(pos).items():
        if score > best_score and sieve.genders.get(member) == gender:
            best, best_score = member, score
    return best


def _add_salience(sieve, pos: int, candidates: list[str], features: list[dict[str, float]]) -> None:
    """The sieve's in-view score, relative to the best candidate's."""
    add_relative(sieve._salience_scores(pos), candidates, features)  # typed code, `salience.py`
