"""Who says each quotation: a sieve of cues, from the most to the least reliable.

1. an explicit speech tag beside the quotation naming a cast member
   (`said Buffy`, `Tara asked`, `Buffy turned to him and said, "`), or
   describing one (`said the parson` for Parson Tringham);
2. the same speaker goes on: quotations of one turn (one paragraph, or a
   quotation continued after its own tag: `"No," said Buffy, "never."`);
3. pronoun and description tags (`she said`, `cried his wife`) resolved by
   gender to the character most in view, never the narrator (`I said` is
   the narrator's), never the one spoken to, and in a new turn not the
   one who spoke last (`he continued` is);
4. turn-taking: in a conversation turns alternate, and a name spoken to
   (`"Willow, stop."`) is the likely next speaker and never the speaker;
5. the acting character: a name as the subject of the sentence just before
   the quotation in its paragraph;
6. the character most in view before the quotation.

Each answer carries a confidence and evidence a person can read.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter

from .cast import Attribution, CastMember, Mention, family_counts, family_name
from .candidates import Slot, build_slots
from .conversation import Turns, reason
from .layout import SENTENCE_END, Layout, detect_layout
from .lexicon import BEAT_VERBS, CONTINUING_VERBS, DESCRIBERS, KIN_NOUNS, QUESTION_VERBS, TITLE_GENDER

TITLE_WORDS = {t.rstrip('.') for t in TITLE_GENDER}
from .mentions import cast_index, find_mentions
from .ranker import decode, explain, load_model
from .salience import SalienceIndex
from .sieve_index import mention_places, paragraph_of_each, spoken_to
from .tag_scan import clause_start
from .tags import MentionIndex, Tag, lead_in, tag_after, tag_before, tag_gender as _tag_gender

_WINDOW = 250  # characters of narration on either side a tag may use
_CONVERSATION_GAP = 40  # more narration than this between turns ends a conversation
_SALIENCE_SPAN = 3000  # characters back that still keep a character in view
_SALIENCE_DECAY = 600
_RANKED_CEILING = 0.8  # a ranked guess never reads as sure as a name tag (0.85 and up)
_PRONOUN_REACH = 10_000  # narration pronouns keep the last named character in view this far
_CLOSING = set("\"”’'»")
# A verb of saying as a whole sentence's tag ends its clause (`I added.`,
# `Griffin put in.`, `I said quietly.`); one that goes on (`I returned to
# the window`) tells an action instead.
_VERB_ENDS_CLAUSE = re.compile(r"\s*(?:(?:in|out|up|back|again)\s+)?(?:\w+ly\s+)?[.,;:!?—-]")
_SUBJECT_START = re.compile(r"\s*(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow|[Ss]till|[Aa]t last|[Aa]gain)[\s,]+)?")
_TAG_ENDS = {"", ",", ";", ":", ".", "--", "—", "–", ", --", ", —"}
_PRONOUN_SUBJECT = re.compile(r"(He|She|I|he|she)\b")
_END, _ID = attrgetter("end"), attrgetter("id")
# Titles that are kin words too (Aunt, Uncle, Mother): one may address a
# member by the title alone.
_KIN_TITLES = frozenset(t.lower() for t in TITLE_GENDER) & KIN_NOUNS


@lru_cache(maxsize=256)  # (a canon cast recurs work after work)
def _kin_titles_held(cast: tuple[CastMember, ...]) -> dict[str, str]:
    """Kin title -> the member whose name or alias opens with it, where
    exactly one member's does (`aunt` -> Aunt Polly)."""
    holders: dict[str, set[str]] = {}
    for member in cast:
        c = member.id
        for form in (member.name or "", *member.aliases):
            title = form.split(" ", 1)[0].lower()
            if title in _KIN_TITLES and " " in form:
                holders.setdefault(title, set()).add(c)
    return {title: next(iter(found)) for title, found in holders.items() if len(found) == 1}


@lru_cache(maxsize=32)
def _title_vocative(titles: tuple[str, ...]) -> re.Pattern:
    """A title set off as the one spoken to (`, aunt.`, `, Uncle!`), group 1 the title."""
    return re.compile(r"[,;!?—–-]\s*(" + "|".join(titles) + r")\s*[,.!?;—–-]", re.IGNORECASE)


class _Quote:
    """One quotation as the sieve reads it (slots, not a dataclass: thousands
    are made per text)."""
    __slots__ = ("start", "end", "paragraph", "tag", "speaker", "confidence", "evidence", "addressees",
                 "continues", "turn", "cue", "lead_in")

    def __init__(self, start: int, end: int, paragraph: int):
        self.start = start
        self.end = end
        self.paragraph = paragraph
        self.tag: Tag | None = None
        self.speaker: str | None = None
        self.confidence = 0.0
        self.evidence: list[str] = []
        # Names spoken to; most quotations have none, so all of those share
        # one empty set (never changed: `address` gives a quotation its own
        # set when it finds one).
        self.addressees: set[str] | frozenset[str] = _NOBODY
        self.continues = False  # the same turn as the quotation before
        self.turn = 0
        self.cue = ""  # which sieve step named the speaker
        self.lead_in: str | None = None  # untagged: the gender of a clause's subject running into it (`tags.lead_in`)

    def address(self, member: str) -> None:
        """`member` is spoken to."""
        if self.addressees is _NOBODY:
            self.addressees = set()
        self.addressees.add(member)

    def __repr__(self) -> str:
        return f"_Quote({self.start}, {self.end}, speaker={self.speaker!r}, cue={self.cue!r})"


_NOBODY: frozenset[str] = frozenset()


def attribute(text: str, quotes: list[tuple[int, int]], cast: list[CastMember],
              mentions: list[Mention] | None = None, layout: Layout | None = None,
              evidence: bool = True) -> list[Attribution]:
    """The speaker of each quotation (a cast id or None), with confidence and
    evidence (`evidence=False`: the same speakers and confidences, without it)."""
    if not cast and not mentions:
        # Nobody to name: the sieve names nobody and the ranker has no
        # candidate, so each quotation is nobody's, as they would say (a third
        # of short works name no known character).
        return [Attribution(start, end, None, 0.0, [explain({}, None)] if evidence else [])
                for start, end in sorted(quotes)]
    sieve = run_sieve(text, quotes, cast, mentions, layout)
    return sieve.ranked(load_model()["weights"], evidence)


def run_sieve(text: str, quotes: list[tuple[int, int]], cast: list[CastMember],
              mentions: list[Mention] | None = None, layout: Layout | None = None) -> "_Sieve":
    """The sieve's reading of the text, before the ranker decides the quotations
    it has no explicit tag for (the training script starts from here too)."""
    layout = layout or detect_layout(text)
    if mentions is None:
        index = cast_index(tuple(cast))
        members = index.cast
        mentions = find_mentions(text, index)
    else:
        # (the compiled index serves only to find mentions: a work's own cast
        # given with its mentions would build one per work for nothing)
        members = _members_by_id(tuple(cast))
    sieve = _Sieve(text, quotes, members, mentions, layout)
    sieve.run()
    return sieve


@lru_cache(maxsize=256)
def _members_by_id(cast: tuple[CastMember, ...]) -> dict[str, CastMember]:
    """id -> member, one dict per cast (as `cast_index` keeps one): callers
    keep what they read of a cast by that dict (`candidates._family_titles`),
    so every chapter of a work must be handed the same one. Never changed."""
    return {m.id: m for m in cast}


def _surnames(member: CastMember) -> set[str]:
    """The last capitalised word of each of a member's names (`Bennet`)."""
    out = set()
    for form in (member.name or "", *member.aliases):
        words = [w for w in form.split() if w[:1].isupper() and w.rstrip(".") not in TITLE_WORDS]
        if words:
            out.add(words[-1])
    return out


class _Sieve:
    def __init__(self, text: str, quotes, cast: dict[str, CastMember], mentions, layout: Layout):
        self.text = text
        self.cast = cast  # id -> member
        self.genders = {m.id: m.gender for m in cast.values()}
        self.narrator = next((m.id for m in cast.values() if m.narrator), None)
        self.mentions = MentionIndex(sorted(mentions, key=attrgetter("start")))
        paragraphs = layout.paragraphs(text) if layout.paragraph_break is not None else []
        self.paragraph_starts = [p[0] for p in paragraphs]
        quotes = sorted(quotes)
        self.quote_starts = [s for s, _ in quotes]
        self.quote_ends = [e for _, e in quotes]
        self.quotes = [_Quote(s, e, p) for (s, e), p in
                       zip(quotes, paragraph_of_each(self.quote_starts, self.paragraph_starts))]
        # Per mention, in parallel lists read by every salience query: its
        # end, who, whether in speech, whether a sentence's subject, and how
        # much it keeps its character in view (`sieve_index.mention_places`).
        mentions = self.mentions.mentions
        self.mention_ends = list(map(_END, mentions))
        self.mention_ids = list(map(_ID, mentions))
        self.mention_in_quote, self.mention_subject, self.mention_weights = mention_places(
            text, self.mentions.starts, self.quote_starts, self.quote_ends)
        self._ends_sorted = self.mention_ends == sorted(self.mention_ends)  # (timsort: one pass when they are)
        self._salience = SalienceIndex(self.mention_ends, self.mention_ids, self.mention_weights,
                                       self.mention_in_quote, _SALIENCE_DECAY) if self._ends_sorted and mentions else None
        # (no mentions: nobody is in view, which the plain loop finds at once)
        self._salience_cache: dict[tuple[int, bool], dict[str, float]] = {}
        self.turns: list[list[int]] = []
        self.turn_speakers: list[str | None] = []  # each turn's speaker so far, by turn
        self.turn_best: list[int] = []  # ... and the quotation it comes from (-1 for none)
        self.turn_links: list[bool] = []  # `_linked`, by turn
        self.turn_gender: dict[int, str] = {}  # turns whose unresolved tag still tells a gender
        self._name_words: dict[str, set[str]] | None = None

    def run(self) -> None:
        self._find_addressees()
        find_tag, find_continuation = self._find_tag, self._find_continuation
        for i, q in enumerate(self.quotes):
            find_tag(i, q)
            find_continuation(i, q)
        self._group_turns()
        if self.narrator is None:
            self.narrator = self._infer_narrator()
        for q in self.quotes:
            if q.tag is not None:
                self._resolve_named(q)
        self._spread_within_turns()
        speakers = self.turn_speakers  # (kept up to date by `_set`)
        for t, members in enumerate(self.turns):
            if speakers[t] is None:
                self._resolve_gendered_tag(t, members)
                self._spread_turn(t)
        for t, members in enumerate(self.turns):
            if speakers[t] is None:
                self._acting_character(members[0])
        self._spread_within_turns()
        self._turn_taking()
        for t, members in enumerate(self.turns):
            if speakers[t] is None:
                self._most_in_view(t, members)
        self._spread_within_turns()

    def sieve_answers(self) -> list[Attribution]:
        """The sieve's own answers, before any ranking."""
        return [Attribution(q.start, q.end, q.speaker, round(q.confidence, 2), q.evidence) for q in self.quotes]

    def slots(self) -> list[Slot]:
        return build_slots(self)

    def ranked(self, weights: dict[str, float], evidence: bool = True) -> list[Attribution]:
        """Explicit tags as the sieve read them; every other quotation to the
        ranker's best candidate, with the features that spoke for it (unless
        `evidence` is False: understanding keeps no quotation's evidence, and
        weighing and wording the winner's reasons was a tenth of the ranking)."""
        out = []
        slots = self.slots()
        for slot, (who, confidence, features) in zip(slots, decode(slots, weights, reasons=evidence)):
            q = self.quotes[slot.index]
            if slot.fixed is not None:
                out.append(Attribution(q.start, q.end, q.speaker, round(q.confidence, 2),
                                       q.evidence if evidence else []))
                continue
            if not evidence:
                out.append(Attribution(q.start, q.end, who, round(min(confidence, _RANKED_CEILING), 2), []))
                continue
            evidence_ = explain(features, self._name(who) if who else None)
            reasons = [*q.evidence, evidence_] if q.speaker == who and q.evidence else [evidence_]
            out.append(Attribution(q.start, q.end, who, round(min(confidence, _RANKED_CEILING), 2), reasons))
        return out

    # --- cues found in the text -------------------------------------------
    def _find_addressees(self) -> None:
        """Names spoken to: set off by commas or at the edges of the speech
        (`sieve_index.spoken_to`, over every quotation at once)."""
        quotes, ids = self.quotes, self.mention_ids
        for i, k in spoken_to(self.text, self.mentions.starts, self.mention_ends, self.quote_starts,
                              self.quote_ends):
            quotes[i].address(ids[k])
        self._find_title_addressees()

    def _find_title_addressees(self) -> None:
        """A kin title spoken alone (`"I don't know, aunt."`) addresses the
        one member known by that title (Aunt Polly): the speaker is someone
        else, most likely answering them."""
        addressed = _kin_titles_held(tuple(self.cast.values()))
        if not addressed:
            return
        pattern = _title_vocative(tuple(sorted(addressed)))
        text = self.text
        for q, start, end in zip(self.quotes, self.quote_starts, self.quote_ends):
            for found in pattern.finditer(text, start, end):
                q.address(addressed[found.group(1).lower()])

    def _find_tag(self, i: int, q: _Quote) -> None:
        # (`min` and `max` written out: this runs for every quotation)
        text, quotes, starts = self.text, self.quotes, self.paragraph_starts
        after_end = quotes[i + 1].start if i + 1 < len(quotes) else len(text)
        if q.end + _WINDOW < after_end:
            after_end = q.end + _WINDOW
        if starts:
            # the end of the paragraph the quotation ends in (it may span several)
            k = bisect_right(starts, q.end - 1)
            if k < len(starts) and starts[k] < after_end:
                after_end = starts[k]
        tag = tag_after(text, q.end, after_end, self.mentions)
        if tag is not None and self._trust_after(q, tag):
            tag.evidence = f"'{tag.evidence}' after the quote"
            q.tag = tag
            return
        before_start = self._narration_start(i, q)
        if i:
            last = quotes[i - 1].tag
            if last is not None and last.side == "after" and last.end > before_start:
                before_start = last.end  # that tag is the last quote's
        tag = tag_before(text, before_start, q.start, self.mentions)
        if tag is not None and not (tag.kind == "mention" and tag.member in q.addressees):
            tag.evidence = f"'{tag.evidence}' before the quote"
            q.tag = tag
        elif tag is None:
            q.lead_in = lead_in(text, before_start, q.start, self.mentions)

    def _narration_start(self, i: int, q: _Quote) -> int:
        """How far back from quotation i narration may lead into it: the last
        quotation's end, the window, the paragraph's start, whichever is
        nearest (`max` written out: this runs for every quotation)."""
        start = q.start - _WINDOW
        if i:
            end = self.quotes[i - 1].end
            if end > start:
                start = end
        elif start < 0:
            start = 0
        if self.paragraph_starts:
            paragraph = self.paragraph_starts[q.paragraph]
            if paragraph > start:
                start = paragraph
        return start

    def _trust_after(self, q: _Quote, tag: Tag) -> bool:
        if tag.kind == "mention" and tag.member in q.addressees:
            return False  # "Joseph!" Joseph mumbled: the one called answers
        if tag.new_sentence and not self.paragraph_starts:
            # Without paragraphs a new sentence after a finished quotation may
            # open the next paragraph (`"Yes." He smiled.`): a name or `I`
            # with a verb of saying holds, and any tag that puts its verb
            # first (`exclaimed my brother's wife`), which narration never does.
            if tag.verb_first:
                return True
            return ((tag.kind == "mention" or tag.gender == "narrator") and tag.verb not in BEAT_VERBS
                    and _VERB_ENDS_CLAUSE.match(self.text, tag.end) is not None)
        return True

    def _find_continuation(self, i: int, q: _Quote) -> None:
        """Does quotation i go on from quotation i-1 (the same turn)?"""
        if i == 0:
            return
        p = self.quotes[i - 1]
        if self.paragraph_starts:
            if p.paragraph == q.paragraph:
                q.continues = True
            elif p.paragraph + 1 == q.paragraph and self.text[p.end - 1] not in _CLOSING:
                q.continues = True  # a speech over paragraphs, closed at the break
            return
        # Without paragraphs (tokenized text): the previous quotation's own tag
        # and little else between the two means the same speaker goes on.
        between = self.text[p.end:q.start]
        if not between.strip():
            q.continues = self.text[p.end - 1] not in _CLOSING
        elif p.tag is not None and p.tag.side == "after":
            # `"A," said X, "b"` goes on; `"A," said X. "B"` mostly does; after
            # more narration than the tag it is as likely a reply.
            tail = self.text[p.tag.end:q.start].strip()
            own = q.tag is not None and q.tag.side == "after" and q.tag.verb not in CONTINUING_VERBS
            # A tag whose sentence runs on into the quotation (`said Basil,
            # looking at him, "every..."`) always goes on.
            runs_on = tail[-1:] in ",;:-—" and not SENTENCE_END.search(tail)
            # `"Is it locked?" asked Ann. "Yes."`: after a tag that asks, the other one answers.
            answered = p.tag.verb in QUESTION_VERBS and not runs_on and tail[-1:] != ","
            q.continues = (tail in _TAG_ENDS or runs_on) and not own and not answered

    def _group_turns(self) -> None:
        turns = self.turns
        members: list[int] = []
        for i, q in enumerate(self.quotes):
            if not (q.continues and turns):
                members = []
                turns.append(members)
            members.append(i)
            q.turn = len(turns) - 1
        self.turn_speakers = [None] * len(self.turns)
        self.turn_best = [-1] * len(self.turns)
        # Whether each turn goes on the conversation of the one before: the
        # tags are all found by now, so it is read once.
        self.turn_links = [self._reads_as_linked(t) for t in range(len(self.turns))]

    def _infer_narrator(self) -> str | None:
        """Who `I` is, when the cast does not say: the name the other party
        calls out in the turns around the narrator's own (`"Jane, be quiet."`)."""
        votes: dict[str, int] = {}
        # Only turns with a tag of the narrator's own (`I said`) count.
        narrating = sorted({q.turn for q in self.quotes
                            if q.tag is not None and q.tag.gender == "narrator" and q.tag.kind == "pronoun"})
        for t in narrating:
            neighbours = []
            if self._linked(t):
                neighbours.append(t - 1)
            if t + 1 < len(self.turns) and self._linked(t + 1):
                neighbours.append(t + 1)
            for u in neighbours:
                for i in self.turns[u]:
                    for a in self.quotes[i].addressees:
                        votes[a] = votes.get(a, 0) + 1
        if not votes:
            return None
        best = max(votes, key=votes.get)
        return best if list(votes.values()).count(votes[best]) == 1 else None

    # --- resolving ----------------------------------------------------------
    def _resolve_named(self, q: _Quote) -> None:
        tag = q.tag
        if tag.gender == "narrator" and self.narrator in q.addressees:
            # `"What does he say, Van?" I told him.`: the narrator is the one
            # spoken to, so `I ...` is narration, not this quotation's tag.
            q.tag = None
            return
        if tag.kind == "mention":
            self._set(q, tag.member, 0.95, tag.evidence, "name_tag")
        elif tag.kind == "pronoun" and tag.gender == "narrator" and self.narrator:
            self._set(q, self.narrator, 0.9, tag.evidence + " (the narrator)", "narrator_tag")
        elif tag.kind == "description":
            who = self._describe(tag.subject)
            if who:
                self._set(q, who, 0.85, f"{tag.evidence}; that is {self._name(who)}", "description_tag")

    def _describe(self, words: str) -> str | None:
        """A description in a tag (`the parson`) matched to the one cast member
        whose name or alias holds its head noun."""
        if self._name_words is None:
            # Each lower-cased word of a name or alias, with who bears it: read once per text.
            self._name_words = {}
            for m in self.cast.values():
                for form in (m.name or "", *m.aliases):
                    for word in form.lower().split():
                        self._name_words.setdefault(word, set()).add(m.id)
        head = words.split()[-1].lower()
        if head in DESCRIBERS:
            return None  # an adjective, not a noun (`rejoined his young interlocutor`): not `the young lady`
        found = self._name_words.get(head, ())
        return next(iter(found)) if len(found) == 1 else None

    def _resolve_gendered_tag(self, t: int, members: list[int]) -> None:
        """`she said`, `cried his wife`: the character of that gender most in
        view; never the narrator nor the one spoken to; in a new turn not the
        last speaker, unless the verb says the speaker goes on."""
        quotes = self.quotes
        for i in members:  # the turn's first tagged quotation
            if quotes[i].tag is not None:
                q = quotes[i]
                break
        else:
            return
        tag = q.tag
        gender = _tag_gender(tag)
        if gender not in ("male", "female"):
            return
        confidence = 0.8 if tag.kind == "pronoun" else 0.7
        self.turn_gender[t] = gender
        exclude = set(q.addressees)
        if self.narrator:
            exclude.add(self.narrator)
        if tag.kind == "description":
            kin = self._kin(tag, gender, exclude)
            if kin:
                self._set(q, kin, confidence, f"{tag.evidence}; that is {self._name(kin)}, "
                                              f"who shares a family name with the one it belongs to", "kin_tag")
                return
        previous = self._turn_speaker(t - 1) if t and self._linked(t) else None
        if previous and self.genders.get(previous) == gender and previous not in exclude:
            if tag.verb in CONTINUING_VERBS:
                self._set(q, previous, confidence, f"{tag.evidence}; '{tag.subject}' goes on: "
                                                   f"{self._name(previous)}, who spoke last", "gendered_tag")
                return
            exclude.add(previous)  # a new turn: the other one answers
        pos = min(tag.pos, q.start)
        # A pronoun in narration points to someone the narration has in view:
        # names spoken inside quotations do not count.
        who = self._last_named(pos, gender, exclude) if tag.kind == "pronoun" else None
        who = who or self._salient(pos, gender, exclude, self._participants(t), narration_only=True)
        if who is None and previous and self.genders.get(previous) == gender and previous not in q.addressees:
            who = previous  # nobody else of that gender in view: the same one goes on
        if who:
            self._set(q, who, confidence, f"{tag.evidence}; '{tag.subject}' is {self._name(who)}, "
                                          f"the {gender} character most in view", "gendered_tag")

    def _kin(self, tag: Tag, gender: str, exclude) -> str | None:
        """`his wife`, `her father`: of that gender, the one cast member who
        shares a family name with the character the possessive points to."""
        owner_word = tag.subject.split()[0].lower()
        owner_gender = {"his": "male", "her": "female"}.get(owner_word)
        if owner_gender is None:
            return None
        owner = self._salient(tag.pos, owner_gender, {self.narrator}, {})
        if owner is not None:
            surnames = _surnames(self.cast[owner])
            found = [m.id for m in self.cast.values()
                     if m.id != owner and m.gender == gender and m.id not in exclude and surnames & _surnames(m)]
            if len(found) == 1:
                return found[0]
        if tag.subject.split()[-1].lower() not in KIN_NOUNS:
            return None
        # The owner goes by a first name only (`Lizzy`): a mother or a wife is
        # then the one member of that gender known by title and a family name
        # another member shares (Mrs. Bennet beside Mr. Bennet).
        families = family_counts(self.cast.values())
        found = [m.id for m in self.cast.values()
                 if m.gender == gender and m.id not in exclude and m.id != owner
                 and any(families.get(family_name(f), 0) > 1 for f in (m.name or "", *m.aliases))]
        return found[0] if len(found) == 1 else None

    def _participants(self, t: int) -> dict[str, float]:
        """Who speaks or is spoken to in the turns before turn t, in the same
        conversation: a head start in view. Not later turns: a pronoun points
        back, so someone first named after it is not its referent."""
        found: dict[str, float] = {}
        lo = t
        while lo > max(0, t - 4) and self._linked(lo):
            lo -= 1
        for u in range(lo, t + 1):
            if u != t and self._turn_speaker(u):
                found[self._turn_speaker(u)] = 1.0
            for i in self.turns[u]:
                for a in self.quotes[i].addressees:
                    found[a] = 1.0
        return found

    def _salient(self, pos: int, gender: str | None, exclude, bonus: dict[str, float],
                 narration_only: bool = False) -> str | None:
        """The character most in view at `pos`: named often and lately, as the
        subject of a sentence above all (speech counts half)."""
        scores = self._salience_scores(pos, narration_only)
        if bonus:
            scores = dict(scores)
            for member, extra in bonus.items():
                scores[member] = scores.get(member, 0.0) + extra
        best, best_score = None, 0.0
        for member, score in scores.items():
            if member in exclude:
                continue
            g = self.genders.get(member)
            if gender is not None and g != gender:
                if g is not None:
                    continue
                score *= 0.3  # unknown gender: possible, not likely
            if score > best_score:
                best, best_score = member, score
        return best

    def _last_named(self, pos: int, gender: str, exclude) -> str | None:
        """The character of that gender last named as a sentence's subject in
        the narration before `pos`: what a subject pronoun most often points
        back to (an object or a name in passing seldom starts a chain)."""
        ends, ids, in_quote, subject = self.mention_ends, self.mention_ids, self.mention_in_quote, self.mention_subject
        i = bisect_left(ends, pos + 1) - 1
        while i >= 0:
            if pos - ends[i] > _PRONOUN_REACH:
                return None
            who = ids[i]
            if self.genders.get(who) == gender and who not in exclude and not in_quote[i] and subject[i]:
                return who
            i -= 1
        return None

    def _salience_scores(self, pos: int, narration_only: bool = False) -> dict[str, float]:
        """How much in view each character is at `pos`: mentions before it,
        fading with distance. Asked for the same place by several cues, so
        kept; callers must not change the dict they get."""
        key = (pos, narration_only)
        scores = self._salience_cache.get(key)
        if scores is not None:
            return scores
        scores = {}
        ends, ids, weights, in_quote = self.mention_ends, self.mention_ids, self.mention_weights, self.mention_in_quote
        exp = math.exp
        i = bisect_left(ends, pos + 1) - 1
        if self._salience is not None:
            # Mentions from the nearest back to the first beyond reach,
            # summed in typed code (`salience.py`).
            lo = bisect_left(ends, pos - _SALIENCE_SPAN, 0, i + 1)
            scores = self._salience.scores(i, lo, pos, narration_only)
        else:
            while i >= 0:
                distance = pos - ends[i]
                if distance > _SALIENCE_SPAN:
                    break
                if not (narration_only and in_quote[i]):
                    who = ids[i]
                    scores[who] = scores.get(who, 0.0) + weights[i] * exp(-distance / _SALIENCE_DECAY)
                i -= 1
        self._salience_cache[key] = scores
        return scores

    def _turn_taking(self) -> None:
        """Untagged turns of a conversation named by who speaks around them
        (`conversation.py`, typed: people and genders as small integers)."""
        if None not in self.turn_speakers:
            return  # (every turn named already: nothing to fill)
        number: dict[str | None, int] = {}  # a person's id -> its place in `people`
        people: list[str] = []
        codes: dict[str | None, int] = {None: 0}  # a gender -> a small integer, 0 for none
        speakers, linked, offsets, addressees, turn_gender = [], [], [0], [], []
        quotes = self.quotes
        turn_speakers, links, gendered = self.turn_speakers, self.turn_links, self.turn_gender
        for t, members in enumerate(self.turns):
            who = turn_speakers[t]
            if who is not None:
                if who not in number:
                    number[who] = len(people)
                    people.append(who)
                speakers.append(number[who])
            else:
                speakers.append(-1)
            linked.append(t > 0 and links[t])  # (`_linked`)
            spoken_to = None
            for i in members:
                if quotes[i].addressees:
                    if spoken_to is None:
                        spoken_to = set()
                    spoken_to |= quotes[i].addressees
            if spoken_to is not None:
                for a in spoken_to:
                    if a not in number:
                        number[a] = len(people)
                        people.append(a)
                    addressees.append(number[a])
            offsets.append(len(addressees))
            turn_gender.append(codes.setdefault(gendered.get(t), len(codes)) if gendered else 0)
        if not people:
            return  # nobody speaks or is spoken to: no rule of turn-taking names anyone
        member_gender = [codes.setdefault(self.genders.get(who), len(codes)) for who in people]
        found = Turns(speakers, linked, offsets, addressees, turn_gender, member_gender).fill()
        for t, who, rule, by in found:
            who = people[who]
            why = reason(rule, people[by] if by >= 0 else None)
            for i in self.turns[t]:
                if quotes[i].speaker is None:
                    self._set(quotes[i], who, 0.6, why.replace(who, self._name(who)), "turn_taking")

    def _acting_character(self, i: int) -> None:
        """The subject of the narration sentence just before the quotation."""
        q = self.quotes[i]
        text = self.text
        start = self._narration_start(i, q)
        if start >= q.start:
            return
        # (after the last sentence end with more than white space after it)
        sentence_start = clause_start(text, start, q.start, True)
        pos = _SUBJECT_START.match(text, sentence_start, q.start).end()
        who = None
        m = self.mentions.at(pos)
        if m is not None:
            who = m.id
        else:
            word = _PRONOUN_SUBJECT.match(text, pos, q.start)
            if word and word.group(1).lower() == "i":
                who = self.narrator
            elif word:
                exclude = set(q.addressees) | {self.narrator}
                who = self._salient(pos, "male" if word.group(1).lower() == "he" else "female", exclude, {})
        if who and who not in q.addressees and who != self._previous_speaker(q.turn) and self._fits(q.turn, who):
            sentence = " ".join(text[sentence_start:q.start].split())[:80]
            self._set(q, who, 0.5, f"{self._name(who)} acts in the sentence before: '{sentence}'", "acting")

    def _most_in_view(self, t: int, members: list[int]) -> None:
        q = self.quotes[members[0]]
        previous = self._previous_speaker(t)
        # (read only: the quotation's own set serves where nobody is added)
        exclude = q.addressees | {previous} if previous else q.addressees
        who = self._salient(q.start, self.turn_gender.get(t), exclude, {})
        if who:
            self._set(q, who, 0.3, f"the character most in view before the quote: {self._name(who)}", "in_view")

    # --- turns ----------------------------------------------------------------
    def _linked(self, t: int) -> bool:
        """Is turn t part of the same conversation as turn t-1?"""
        return t > 0 and self.turn_links[t]

    def _reads_as_linked(self, t: int) -> bool:
        if t <= 0:
            return False
        last = self.quotes[self.turns[t - 1][-1]]
        first = self.quotes[self.turns[t][0]]
        end = last.tag.end if last.tag is not None and last.tag.side == "after" else last.end
        start = first.start
        if first.tag is not None and first.tag.side == "before":
            start = min(start, first.tag.pos)
        # A tag is not narration; what narration is left must be short.
        return start - end <= _CONVERSATION_GAP

    def _previous_speaker(self, t: int) -> str | None:
        return self._turn_speaker(t - 1) if t and self._linked(t) else None

    def _turn_speaker(self, t: int) -> str | None:
        return self.turn_speakers[t]

    def _best_in_turn(self, t: int) -> None:
        """Turn t's speaker: that of its surest quotation with one (the first
        of the surest), kept in `turn_speakers` and `turn_best`."""
        best = -1
        quotes = self.quotes
        for i in self.turns[t]:
            q = quotes[i]
            if q.speaker and (best < 0 or q.confidence > quotes[best].confidence):
                best = i
        self.turn_best[t] = best
        self.turn_speakers[t] = quotes[best].speaker if best >= 0 else None

    def _spread_within_turns(self) -> None:
        speakers = self.turn_speakers
        for t, members in enumerate(self.turns):
            if len(members) > 1 and speakers[t] is not None:
                self._spread_turn(t)

    def _spread_turn(self, t: int) -> None:
        members = self.turns[t]
        if len(members) < 2:
            return
        who = self._turn_speaker(t)
        if who is None:
            return
        # (The turn's speaker comes from its surest quotation: none of theirs is surer.)
        confidence = self.quotes[self.turn_best[t]].confidence
        if confidence > 0.85:
            confidence = 0.85
        for i in members:
            q = self.quotes[i]
            if q.speaker is None and who not in q.addressees:
                self._set(q, who, confidence, "the same speaker goes on", "same_turn")

    def _name(self, member_id: str) -> str:
        m = self.cast.get(member_id)
        return m.name if m and m.name else member_id

    def _fits(self, t: int, who: str) -> bool:
        """May `who` speak turn t, given the gender its own tag tells?"""
        gender = self.turn_gender.get(t)
        return gender is None or self.genders.get(who) in (gender, None)

    def _set(self, q: _Quote, who: str, confidence: float, evidence: str, cue: str) -> None:
        q.speaker = who
        q.cue = cue
        q.confidence = confidence
        q.evidence.append(evidence)
        self._best_in_turn(q.turn)
