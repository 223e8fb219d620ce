"""Silver training examples for the speaker ranker: name-tagged quotations
with their tags taken out.

A quotation whose name tag follows it and closes its sentence (`"Hi," Jo
said. She sat.`) is right about its speaker almost always. Written again
without the tag (`"Hi." She sat.`), it is a quotation with no tag whose
speaker is known: an example of what the ranker's other cues (turn-taking,
vocatives, who is in view) must decide. Only every other such quotation of a
text loses its tag (`phase` says which), so turns keep anchors as in real
text. The texts are read at training time and never stored.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.cast import CastMember, Mention
from ficarchive.dialogue.layout import detect_layout
from ficarchive.dialogue.quotes import find_quotes
from ficarchive.dialogue.scoring import match_spans

_CLOSING_MARKS = frozenset('"”’\'')
_OPENING_MARKS = frozenset('"“‘\'')
# What may stand between a quotation and its tag's last word: words, spaces,
# a comma, the full stop of a title (`Mr. Bennet`), one line break; nothing
# that ends a sentence or opens another quotation.
_TAG_WORDS = re.compile(r"[^!?;:\"“”‘’\n]*(?:\n[^!?;:\"“”‘’\n]*)?")
# After the tag's words: the rest of its sentence (`, laying down her fork .`),
# ending in a full stop that is not a title's ...
_SENTENCE_REST = re.compile(r"[^.!?;:\"“”‘’\n]{0,120}?(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)\.(?=\s|$)")
# ... or the same speech going on (`"Mamma," said Elizabeth, "that we`).
_SPEECH_GOES_ON = re.compile(r"[ \t]*[,;:]?[ \t]*[\"“‘']")
_SPEECH_END = frozenset(".!?…-—")


def tag_cut(text: str, q) -> list[tuple[int, int, str]] | None:
    """How to write quotation `q` (the sieve's) without the name tag after
    it, as edits (start, end, what stands there instead), in order: `"Hi,"
    said Jo, smiling. She sat.` -> `"Hi." She sat.`; `"Mamma," said
    Elizabeth, "that we` -> `"Mamma, that we`. None where it has no such
    tag, or the cut would not leave whole sentences."""
    tag = q.tag
    if q.cue != "name_tag" or tag is None or tag.side != "after" or tag.kind != "mention":
        return None
    if q.end - q.start < 3 or text[q.end - 1] not in _CLOSING_MARKS:
        return None
    if _TAG_WORDS.fullmatch(text, q.end, tag.end) is None:
        return None
    inner = q.end - 2  # the last character inside the closing mark
    while inner > q.start and text[inner].isspace():
        inner -= 1
    if text[inner] != "," and text[inner] not in _SPEECH_END:
        return None
    goes_on = _SPEECH_GOES_ON.match(text, tag.end)
    if goes_on:
        start, after = q.end - 1, goes_on.end()
        if text[start - 1].isspace():
            start -= 1  # (tokenized text: `“ Mamma , ” said Elizabeth , “ that` -> `“ Mamma , that`)
        return [(start, after, "" if after == len(text) or text[after].isspace() else " ")]
    rest = _SENTENCE_REST.match(text, tag.end)
    if rest is None:
        return None
    edits = [(inner, inner + 1, ".")] if text[inner] == "," else []
    return edits + [(q.end, rest.end(), "")]


_TAG_LEAD = re.compile(r"[\s,]*")
_PRONOUNS = {"male": "he", "female": "she"}


def tag_pronoun(text: str, q, gender: str | None) -> list[tuple[int, int, str]] | None:
    """How to write quotation `q`'s name tag after it as a pronoun tag
    (`"Hi," said Jo.` -> `"Hi," she said.`), as `tag_cut`'s edits: where it
    has such a tag and the speaker's gender is known, else None."""
    tag = q.tag
    if gender not in _PRONOUNS or tag_cut(text, q) is None:
        return None
    subject_end = tag.pos + len(tag.subject)
    if not tag.verb_first:
        return [(tag.pos, subject_end, _PRONOUNS[gender])]
    start = _TAG_LEAD.match(text, q.end).end()
    verb = text[start:tag.pos].strip()
    return [(start, subject_end, f"{_PRONOUNS[gender]} {verb}")]


class Edits:
    """A text rewritten by edits (start, end, what stands there instead),
    given in order and apart; `at` maps an offset of the old text to the new one."""

    def __init__(self, text: str):
        self.text = text
        self.edits: list[tuple[int, int, str]] = []

    def add(self, edits: list[tuple[int, int, str]]) -> None:
        self.edits.extend(edits)

    def result(self) -> str:
        out, last = [], 0
        for start, end, new in self.edits:
            out.append(self.text[last:start])
            out.append(new)
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def at(self, pos: int) -> int:
        """The new offset of `pos` (a position inside an edit goes to where the edit starts)."""
        shift = 0
        for start, end, new in self.edits:
            if pos < end or (pos == end and start == end):
                return pos + shift if pos <= start else start + shift
            shift += len(new) - (end - start)
        return pos + shift

    def inside(self, pos: int) -> bool:
        """Whether `pos` lies in a stretch an edit rewrote."""
        k = bisect_right(self.edits, (pos, float("inf"), "")) - 1
        return k >= 0 and self.edits[k][0] <= pos < self.edits[k][1]


class SilverText:
    """One text with every other name tag `tag_cut` can take out taken out
    (or, with `pronouns`, written as a pronoun tag by `tag_pronoun`): its slots,
    the tagged speaker of each stripped quotation as the trainable label
    (`trained`), and who spoke each slot as the turn features read it
    (`previous`: the given `history` spans where they match, else the
    stripped label, else the sieve's answer)."""

    def __init__(self, text: str, cast: list[CastMember], mentions: list[Mention] | None = None,
                 history: list[tuple[int, int, str | None]] | None = None, phase: int = 1,
                 owner: int = -1, weight: float = 1.0, pronouns: bool = False):
        self.owner, self.weight = owner, weight
        layout = detect_layout(text)
        sieve = run_sieve(text, find_quotes(text, layout), cast, mentions, layout)
        gender = {m.id: m.gender for m in cast}
        cuts = [(q, cut) for q in sieve.quotes
                for cut in [tag_pronoun(text, q, gender.get(q.speaker)) if pronouns else tag_cut(text, q)] if cut]
        cuts = cuts[phase::2]
        chosen = [q for q, _ in cuts]
        history = history or []
        if history:  # a stripped quotation whose tag the gold labels contradict teaches nothing true
            gold = match_spans([(s, e) for s, e, _ in history], [(q.start, q.end) for q in chosen])
            wrong = {j for i, j in gold.items() if history[i][2] != chosen[j].speaker}
            chosen = [q for j, q in enumerate(chosen) if j not in wrong]
        self.stripped = len(chosen)
        self.slots = []
        self.trained: dict[int, str] = {}
        self.previous: list[str | None] = []
        if not chosen:
            return
        edits = Edits(text)
        kept = set(map(id, chosen))
        for q, cut in cuts:
            if id(q) in kept:
                edits.add(cut)
        silver = self.text = edits.result()
        if mentions is not None:
            mentions = [Mention(edits.at(m.start), edits.at(m.end), m.id) for m in mentions
                        if not edits.inside(m.start)]
        layout = detect_layout(silver)
        sieve = run_sieve(silver, find_quotes(silver, layout), cast, mentions, layout)
        self.slots = sieve.slots()
        spans = [(q.start, q.end) for q in sieve.quotes]
        stripped = match_spans([(edits.at(q.start), edits.at(q.end)) for q in chosen], spans)
        self.trained = {j: chosen[i].speaker for i, j in stripped.items()}
        known = dict(self.trained)
        if history:
            matched = match_spans([(edits.at(s), edits.at(e)) for s, e, _ in history], spans)
            known.update((j, history[i][2]) for i, j in matched.items())
        self.previous = [known.get(k, s.sieve) for k, s in enumerate(self.slots)]
