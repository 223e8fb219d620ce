"""Who says each quotation: a sieve of cues, from the most to the least reliable.

1. an explicit speech tag beside the quotation naming a cast member
   (`said Buffy`, `Tara asked`, `Buffy turned to him and said, "`);
2. a pronoun tag (`she said`) resolved to the nearest cast member named
   before it with that gender; `I said` is the narrator's;
3. the same speaker goes on: a quotation continued after its own tag
   (`"No," said Buffy, "never."`) or in the same paragraph;
4. vocatives: `"Willow, stop."` is not Willow's, and the answer likely is;
5. turn-taking: a run of untagged quotations between two speakers alternates;
6. the paragraph's acting character: a name as the subject of the sentence
   just before the quotation in its paragraph (or just after it);
7. the nearest cast member named before the quotation.

Each answer carries a confidence and evidence a person can read.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .cast import Attribution, CastMember, Mention
from .layout import Layout, detect_layout
from .mentions import CastIndex, find_mentions
from .tags import MentionIndex, Tag, tag_after, tag_before

_WINDOW = 250  # characters of narration on either side a tag may use
_CONVERSATION_GAP = 400  # more narration than this between quotations ends a conversation
_CLOSING = set("\"”’'»")
_VOCATIVE_BEFORE = re.compile(r"(?:^|[,!?.;:—–-]|\b(?:[Oo]h|[Hh]ey|[Hh]i|[Dd]ear|[Yy]es|[Nn]o|[Ww]ell|[Mm]y))\s*$")
_VOCATIVE_AFTER = re.compile(r"\s*(?:[,!?.;:—–…-]|$)")
_SENTENCE_BREAK = re.compile(r"[.!?…]['\"”’]?\s+|\n")
_SUBJECT_START = re.compile(r"\s*(?:(?:[Tt]hen|[Bb]ut|[Aa]nd|[Ss]o|[Nn]ow|[Ss]till|[Aa]t last|[Aa]gain)[\s,]+)?")


@dataclass
class _Quote:
    start: int
    end: int
    paragraph: int
    tag: Tag | None = None
    speaker: str | None = None
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
    addressees: set[str] = field(default_factory=set)
    continues: bool = False  # goes on from the previous quotation, same speaker


def attribute(text: str, quotes: list[tuple[int, int]], cast: list[CastMember],
              mentions: list[Mention] | None = None, layout: Layout | None = None) -> list[Attribution]:
    """The speaker of each quotation (a cast id or None), with confidence and evidence."""
    layout = layout or detect_layout(text)
    index = CastIndex(cast)
    if mentions is None:
        mentions = find_mentions(text, index)
    return _Sieve(text, quotes, index, mentions, layout).run()


class _Sieve:
    def __init__(self, text, quotes, index: CastIndex, mentions, layout: Layout):
        self.text = text
        self.layout = layout
        self.cast = index.cast
        self.genders = {m.id: m.gender for m in index.cast.values()}
        self.narrator = next((m.id for m in index.cast.values() if m.narrator), None)
        self.mentions = MentionIndex(sorted(mentions, key=lambda m: m.start))
        self.mention_ends = [m.end for m in self.mentions.mentions]
        paragraphs = layout.paragraphs(text) if layout.paragraph_break is not None else []
        self.paragraph_starts = [p[0] for p in paragraphs]
        self.quotes = [_Quote(s, e, self._paragraph_of(s)) for s, e in sorted(quotes)]
        self.quote_starts = [q.start for q in self.quotes]

    # --- where things are -------------------------------------------------
    def _paragraph_of(self, pos: int) -> int:
        return bisect_right(self.paragraph_starts, pos) - 1 if self.paragraph_starts else 0

    def _inside_quote(self, pos: int) -> bool:
        i = bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quotes[i].start <= pos < self.quotes[i].end

    def _narration_between(self, a: int, b: int) -> str:
        return self.text[a:b]

    # --- the sieve ----------------------------------------------------------
    def run(self) -> list[Attribution]:
        for i, q in enumerate(self.quotes):
            self._find_tag(i, q)
            self._find_addressees(q)
        for i, q in enumerate(self.quotes):
            self._continuation(i, q)
        for q in self.quotes:
            if q.tag is not None:
                self._resolve_tag(q)
        self._propagate_same_speaker()
        self._turn_taking()
        for i, q in enumerate(self.quotes):
            if q.speaker is None:
                self._acting_character(i, q)
        self._turn_taking()
        for i, q in enumerate(self.quotes):
            if q.speaker is None:
                self._nearest_mention(q)
        return [Attribution(q.start, q.end, q.speaker, round(q.confidence, 2), q.evidence) for q in self.quotes]

    def _find_tag(self, i: int, q: _Quote) -> None:
        nxt = self.quotes[i + 1].start if i + 1 < len(self.quotes) else len(self.text)
        prev = self.quotes[i - 1].end if i else 0
        after_end = min(nxt, q.end + _WINDOW)
        before_start = max(prev, q.start - _WINDOW)
        if self.layout.paragraph_break is not None:
            p_start = self.paragraph_starts[q.paragraph] if self.paragraph_starts else 0
            before_start = max(before_start, p_start)
            brk = self.text.find("\n\n", q.end, after_end)
            if brk >= 0:
                after_end = brk
        tag = tag_after(self.text, q.end, after_end, self.mentions)
        if tag is not None:
            tag.evidence = f"'{tag.evidence}' after the quote"
        else:
            tag = tag_before(self.text, before_start, q.start, self.mentions)
            if tag is not None:
                tag.evidence = f"'{tag.evidence}' before the quote"
        q.tag = tag

    def _find_addressees(self, q: _Quote) -> None:
        """Names spoken to: set off by commas or at the edges of the speech."""
        text = self.text
        for m in self.mentions.within(q.start, q.end):
            before = text[max(q.start + 1, m.start - 12):m.start]
            if m.start <= q.start + 2:
                before = ""
            if _VOCATIVE_BEFORE.search(before) and _VOCATIVE_AFTER.match(text, m.end, q.end):
                q.addressees.add(m.id)

    def _continuation(self, i: int, q: _Quote) -> None:
        """Does quotation i go on from quotation i-1 (same speaker)?"""
        if i == 0:
            return
        p = self.quotes[i - 1]
        between = self.text[p.end:q.start]
        if self.layout.paragraph_break is not None:
            if p.paragraph == q.paragraph:
                q.continues = True
            elif p.paragraph + 1 == q.paragraph and self.text[p.end - 1] not in _CLOSING:
                q.continues = True  # a speech over paragraphs that was closed at the break
            return
        # Tokenized text has no paragraphs: the previous quotation's own tag
        # and nothing else between the two means the same speaker goes on.
        if not between.strip():
            q.continues = self.text[p.end - 1] not in _CLOSING
            return
        if p.tag is not None and "after" in p.tag.evidence:
            rest = between
            tag_words = p.tag.evidence.split("'")[1]
            compact = " ".join(rest.split())
            pos = compact.find(tag_words)
            if pos >= 0:
                tail = compact[pos + len(tag_words):]
                q.continues = len(tail) <= 60 and not re.search(r"[.!?]\s+\S.*[.!?]", tail)

    def _resolve_tag(self, q: _Quote) -> None:
        tag = q.tag
        if tag.kind == "mention":
            self._set(q, tag.member, 0.95, tag.evidence)
        elif tag.kind == "pronoun":
            if tag.gender == "narrator":
                if self.narrator:
                    self._set(q, self.narrator, 0.9, tag.evidence + " (the narrator)")
                return
            if tag.gender not in ("male", "female"):
                return
            who = self._recent(tag.pos if tag.pos < q.start else q.start, tag.gender, exclude=q.addressees)
            if who:
                self._set(q, who, 0.8, f"{tag.evidence}; '{tag.subject}' is {self._name(who)}, "
                                       f"the last {tag.gender} character named")
        elif tag.kind == "description":
            who = self._describe(tag.subject)
            if who:
                self._set(q, who, 0.85, tag.evidence)

    def _describe(self, words: str) -> str | None:
        """A description in a tag (`the old man`) matched to a cast member's name."""
        head = words.split()[-1].lower()
        found = None
        for m in self.cast.values():
            for form in (m.name or "", *m.aliases):
                if form and form.split()[-1].lower() == head:
                    if found and found != m.id:
                        return None
                    found = m.id
        return found

    def _propagate_same_speaker(self) -> None:
        for _ in range(2):
            for i, q in enumerate(self.quotes):
                if q.continues and i:
                    p = self.quotes[i - 1]
                    if q.speaker is None and p.speaker is not None:
                        self._set(q, p.speaker, min(p.confidence, 0.85), "the same speaker goes on")
                    elif p.speaker is None and q.speaker is not None:
                        self._set(p, q.speaker, min(q.confidence, 0.85), "the same speaker goes on")

    def _turns(self) -> list[list[int]]:
        """Quotations grouped into turns (a speaker's continuous speech)."""
        turns: list[list[int]] = []
        for i, q in enumerate(self.quotes):
            if q.continues and turns:
                turns[-1].append(i)
            else:
                turns.append([i])
        return turns

    def _turn_taking(self) -> None:
        turns = self._turns()
        speakers = [self._turn_speaker(t) for t in turns]
        for _ in range(2):
            changed = False
            for t, members in enumerate(turns):
                if speakers[t] is not None:
                    continue
                guess, why = self._alternate(turns, speakers, t)
                if guess:
                    for i in members:
                        self._set(self.quotes[i], guess, 0.6, why)
                    speakers[t] = guess
                    changed = True
            if not changed:
                break

    def _turn_speaker(self, turn: list[int]) -> str | None:
        for i in turn:
            if self.quotes[i].speaker:
                return self.quotes[i].speaker
        return None

    def _linked(self, turns, a: int, b: int) -> bool:
        """Are turns a < b in one conversation (little narration between)?"""
        if a < 0 or b >= len(turns):
            return False
        for t in range(a, b):
            end = self.quotes[turns[t][-1]].end
            start = self.quotes[turns[t + 1][0]].start
            if start - end > _CONVERSATION_GAP:
                return False
        return True

    def _alternate(self, turns, speakers, t: int):
        addressed = set()
        for i in turns[t - 1] if t else []:
            addressed |= self.quotes[i].addressees
        own_addressees = set()
        for i in turns[t]:
            own_addressees |= self.quotes[i].addressees
        prev = speakers[t - 1] if t and self._linked(turns, t - 1, t) else None
        if len(addressed) == 1:
            who = next(iter(addressed))
            if who != prev and who not in own_addressees:
                return who, f"addressed by name in the quote before ({self._name(who)})"
        if t >= 2 and prev and speakers[t - 2] and speakers[t - 2] != prev and self._linked(turns, t - 2, t):
            who = speakers[t - 2]
            if who not in own_addressees:
                return who, f"turn-taking: alternates with {self._name(prev)}"
        nxt = speakers[t + 1] if t + 1 < len(turns) and self._linked(turns, t, t + 1) else None
        if t + 2 < len(turns) and nxt and speakers[t + 2] and speakers[t + 2] != nxt and self._linked(turns, t, t + 2):
            who = speakers[t + 2]
            if who not in own_addressees:
                return who, f"turn-taking: alternates with {self._name(nxt)}"
        return None, ""

    def _acting_character(self, i: int, q: _Quote) -> None:
        """The subject of the narration sentence just before the quotation."""
        text = self.text
        prev_end = self.quotes[i - 1].end if i else 0
        start = max(prev_end, q.start - _WINDOW)
        if self.paragraph_starts:
            start = max(start, self.paragraph_starts[q.paragraph])
        if start >= q.start:
            return
        sentence_start = start
        for m in _SENTENCE_BREAK.finditer(text, start, q.start):
            if m.end() < q.start and text[m.end():q.start].strip():
                sentence_start = m.end()
        lead = _SUBJECT_START.match(text, sentence_start, q.start)
        pos = lead.end()
        m = self.mentions.at(pos)
        if m is not None and m.id not in q.addressees:
            sentence = " ".join(text[sentence_start:q.start].split())
            self._set(q, m.id, 0.5, f"{self._name(m.id)} acts in the sentence before: '{sentence[:80]}'")

    def _nearest_mention(self, q: _Quote) -> None:
        who = self._recent(q.start, None, exclude=q.addressees)
        if who:
            self._set(q, who, 0.3, f"nearest character named before the quote: {self._name(who)}")

    def _recent(self, pos: int, gender: str | None, exclude=frozenset()) -> str | None:
        """The last cast member named before `pos`, outside quotations first."""
        i = bisect_left(self.mention_ends, pos + 1) - 1
        fallback = None
        seen = 0
        while i >= 0 and seen < 400:
            m = self.mentions.mentions[i]
            i -= 1
            seen += 1
            if m.id in exclude or m.end > pos:
                continue
            if gender is not None:
                g = self.genders.get(m.id)
                if g is not None and g != gender:
                    continue
                if g is None:
                    if fallback is None:
                        fallback = m.id
                    continue
            if self._inside_quote(m.start):
                if fallback is None:
                    fallback = m.id
                continue
            return m.id
        return fallback

    def _name(self, member_id: str) -> str:
        m = self.cast.get(member_id)
        return (m.name if m and m.name else member_id) or member_id

    def _set(self, q: _Quote, who: str, confidence: float, evidence: str) -> None:
        q.speaker = who
        q.confidence = confidence
        q.evidence.append(evidence)
