"""Understanding: what a parsed Work is about, each inferred fact with evidence.

`understand(work)` reads the story text of a Work from the reading core and
fills in what the header did not say: fandoms, characters on the page and
mentioned, relationships, categories, rating, warning suggestions, every
quotation with its speaker, per-character statistics and the point of view.
What the header *did* say is kept, normalised to canonical tags. Each field it
touches gets a provenance entry: `inferred` with a confidence and evidence a
person can read, or `header` with how the value was mapped.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..dialogue.cast import CastMember, Mention
from ..dialogue.mentions import find_mentions
from ..dialogue.original_cast import find_original_cast
from ..dialogue.pipeline import speakers
from ..fandom.characters import cast_of, read_characters, resolve_hits
from ..fandom.fandoms import choose_fandoms
from ..fandom.knowledge import Knowledge, default_knowledge
from ..fandom.names import NameFinder
from ..fandom.originals import original_characters
from ..model import CharacterStats, Provenance, Quote, Work
from .cues import find_cues
from .rating import infer_rating
from .relationships import categories_for, infer_relationships, resolve_header_relationships
from .stats import point_of_view
from .warnings import NOT_USED, map_header_warnings, suggest_warnings

__all__ = ["understand"]

CHAPTER_GAP = "\n\n"
# Presence on the page rests on quotes tagged by name (`said Giles`), not on
# pronoun or turn-taking guesses, which can drift to someone only remembered.
NAMED_TAG_CONFIDENCE = 0.85


@lru_cache(maxsize=4)
def _finder(knowledge: Knowledge) -> NameFinder:
    return NameFinder(knowledge)


def understand(work: Work, knowledge: Knowledge | None = None,
               cast: list[CastMember] | None = None) -> Work:
    """Fill the Work's understood fields in place and return it.

    `cast` (from `--characters FILE.json`) replaces the knowledge base as the
    list of who may appear, for novels and original stories."""
    knowledge = knowledge or default_knowledge()
    prov = work.provenance
    text, cast, mentions = read_cast(work, knowledge, cast)
    genders = {m.id: m.gender for m in cast}

    quotes, said = _dialogue(work, cast, mentions)
    spans = [(q.offset + q.start, q.offset + q.end) for q in quotes]
    reading = read_characters(text, mentions, spans, said)
    _characters(work, knowledge, reading, prov)

    cues = find_cues(text)
    _relationships(work, knowledge, text, mentions, cues, reading, prov)
    _categories(work, knowledge, genders, prov)
    _rating(work, text, cues, prov)
    _warnings(work, text, cues, mentions, reading, prov)

    work.dialogue = [Quote(q.chapter, q.start, q.end, q.speaker, q.confidence) for q in quotes]
    work.character_stats = _stats(work, reading.counts)
    work.pov, pov_evidence = point_of_view(text, spans, reading)
    if work.pov:
        prov["pov"] = Provenance("inferred", 0.7, pov_evidence)
    if work.dialogue:
        attributed = sum(1 for q in work.dialogue if q.speaker)
        prov["dialogue"] = Provenance("inferred", round(sum(q.confidence for q in work.dialogue) / len(work.dialogue), 2),
                                      [f"{len(work.dialogue)} quotations, {attributed} with a speaker"])
    return work


def read_cast(work: Work, knowledge: Knowledge,
              cast: list[CastMember] | None = None) -> tuple[str, list[CastMember], list[Mention]]:
    """The Work's chapters joined, who may speak in them and where each is
    named, as `understand` reads them (it fills the Work's fandoms on the
    way); the trainer of the speaker ranker reads stories through it too."""
    text = CHAPTER_GAP.join(c.text for c in work.chapters)
    hits = _finder(knowledge).find(text) if cast is None else []
    _fandoms(work, knowledge, hits, work.provenance)
    if cast is not None:
        mentions = find_mentions(text, cast)
    elif any(f in knowledge.fandoms for f in work.fandoms):
        known = [f for f in work.fandoms if f in knowledge.fandoms]
        mentions = resolve_hits(hits, knowledge, known)
        cast = cast_of(knowledge, dict.fromkeys(m.id for m in mentions))
        originals = original_characters(text, _known_words(knowledge, known, hits))
        if originals:  # the story's own people beside the canon cast
            mentions = sorted(mentions + find_mentions(text, originals), key=lambda m: m.start)
            cast += originals
    else:  # no known fandom: the text's own recurring, acting names are its cast
        cast = find_original_cast(text)
        mentions = find_mentions(text, cast)
    return text, cast, mentions


def _known_words(knowledge: Knowledge, fandoms: list[str], hits) -> set[str]:
    """Every word of the names these fandoms' universes give the story, and of
    the fandoms' own names."""
    universe, fandom_words = _universe_words(knowledge, tuple(fandoms))
    names = {h.surface for h in hits if any(s.fandom in universe for s in h.senses)}
    return fandom_words.union(*(name.split() for name in names))


@lru_cache(maxsize=64)
def _universe_words(knowledge: Knowledge, fandoms: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """These fandoms' universes, and every word of their names, abbreviations
    and keywords: the same for every story of the fandom, so found once."""
    universe = frozenset(u for f in fandoms for u in knowledge.universe(f))
    words = set()
    for u in universe:
        f = knowledge.fandoms[u]
        for name in (f.name, *f.abbreviations, *f.keywords):
            words.update(name.split())
    return universe, frozenset(words)


# -- fields ------------------------------------------------------------------------
def _fandoms(work: Work, knowledge: Knowledge, hits, prov) -> None:
    if work.fandoms:
        canonical, mapped = [], []
        for raw in work.fandoms:
            found = knowledge.resolve_fandom(raw)
            name = found[0] if found else raw
            if name not in canonical:
                canonical.append(name)
            if found and name != raw:
                mapped.append(f"'{raw}' → {name}")
        work.fandoms = canonical
        if mapped and "fandoms" in prov:
            prov["fandoms"].evidence.extend(mapped)
        return
    chosen = choose_fandoms(hits, knowledge)
    work.fandoms = [g.name for g in chosen]
    if chosen:
        confidence = round(min(0.97, 0.6 + chosen[0].score / 60), 2)
        prov["fandoms"] = Provenance("inferred", confidence, [g.evidence() for g in chosen])
    else:
        prov["fandoms"] = Provenance("inferred", 0.3, ["no known fandom's characters or places found in the text"])


def _dialogue(work: Work, cast: list[CastMember], mentions: list[Mention]):
    """Quotations per chapter, offsets into that chapter's text; and how many
    each character speaks under a name tag. Quotes are returned with offsets into the joined
    text for the character reading, chapter-relative in the Work."""
    out, said = [], Counter()
    for ch, offset, local in chapter_mentions(work, mentions):
        for a in speakers(ch.text, cast, local, evidence=False):  # (the Work keeps no quotation's evidence)
            out.append(_GlobalQuote(ch.number, a.start, a.end, a.speaker, a.confidence, offset))
            if a.speaker and a.confidence >= NAMED_TAG_CONFIDENCE:
                said[a.speaker] += 1
    return out, said


def chapter_mentions(work: Work, mentions: list[Mention]):
    """(chapter, its offset in the joined text, its mentions with offsets
    into the chapter's own text) for each chapter of the Work."""
    offset = 0
    by_start = sorted(mentions, key=lambda m: m.start)
    i = 0
    for ch in work.chapters:
        end = offset + len(ch.text)
        local = []
        while i < len(by_start) and by_start[i].start < end:
            m = by_start[i]
            if m.start >= offset:  # (the first chapter's mentions stand as they are: a Mention is frozen)
                local.append(m if not offset else Mention(m.start - offset, m.end - offset, m.id))
            i += 1
        yield ch, offset, local
        offset = end + len(CHAPTER_GAP)


class _GlobalQuote:
    __slots__ = ("chapter", "start", "end", "speaker", "confidence", "offset")

    def __init__(self, chapter, start, end, speaker, confidence, offset):
        self.chapter, self.start, self.end = chapter, start, end
        self.speaker, self.confidence, self.offset = speaker, confidence, offset


def _characters(work: Work, knowledge: Knowledge, reading, prov) -> None:
    if work.characters:  # the header's list stands; resolve its spellings
        stated = []
        for raw in work.characters:
            found = knowledge.resolve_character(raw, work.fandoms)
            name = found[0] if len(found) == 1 else raw
            if name not in stated:
                stated.append(name)
        work.characters = stated
        work.mentioned_characters = [t for t in reading.on_page + reading.mentioned if t not in stated]
    else:
        work.characters = list(reading.on_page)
        work.mentioned_characters = list(reading.mentioned)
        if work.characters:
            prov["characters"] = Provenance("inferred", 0.75, [reading.evidence[t] for t in work.characters][:12])
    if work.mentioned_characters:
        prov["mentioned_characters"] = Provenance(
            "inferred", 0.6, [reading.evidence.get(t, t) for t in work.mentioned_characters][:12])


def _relationships(work: Work, knowledge: Knowledge, text, mentions, cues, reading, prov) -> None:
    if work.relationships:
        work.relationships, mapped = resolve_header_relationships(work.relationships, knowledge, work.fandoms)
        if mapped and "relationships" in prov:
            prov["relationships"].evidence.extend(mapped)
        return
    eligible = set(reading.on_page) | {t for t in reading.mentioned if reading.counts[t] >= 3}
    pairs = infer_relationships(text, mentions, cues, eligible, {t for t in eligible if t in knowledge.characters})
    work.relationships = [knowledge.relationship_tag(list(p.members), False) if all(
        m in knowledge.characters for m in p.members) else "/".join(p.members) for p in pairs]
    if pairs:
        evidence = []
        for tag, p in zip(work.relationships, pairs):
            evidence.append(f"{tag}: romance weight {p.romance:.0f} over {p.together} shared paragraphs")
            evidence += [f"  “{e}”" for e in p.examples]
        prov["relationships"] = Provenance("inferred", pairs[0].confidence, evidence)


def _categories(work: Work, knowledge: Knowledge, genders, prov) -> None:
    if work.categories:
        return
    work.categories = categories_for(work.relationships, knowledge, genders)
    basis = ", ".join(work.relationships) or "no romantic relationship"
    prov["categories"] = Provenance("inferred", 0.7, [f"from {basis} and the characters' genders"])


def _rating(work: Work, text, cues, prov) -> None:
    if work.rating and work.rating != "Not Rated":
        return
    rating, confidence, evidence = infer_rating(text, cues, work.word_count)
    work.rating = rating
    prov["rating"] = Provenance("inferred", confidence, evidence)


def _warnings(work: Work, text, cues, mentions, reading, prov) -> None:
    main = set(reading.on_page)
    suggestions = suggest_warnings(text, cues, work.word_count, mentions, main)
    work.suggested_warnings = list(suggestions)
    if suggestions:
        prov["suggested_warnings"] = Provenance(
            "inferred", 0.5, [f"{tag}: “{s}”" for tag, lines in suggestions.items() for s in lines])
    if work.warnings:
        mapped, rest = map_header_warnings(work.warnings)
        work.warnings = mapped or [NOT_USED]
        for tag in rest:
            if tag not in work.additional_tags:
                work.additional_tags.append(tag)
        return
    work.warnings = [NOT_USED]
    prov["warnings"] = Provenance("inferred", 1.0, ["no warnings stated; suggestions are listed apart"])


def _stats(work: Work, counts: Counter) -> dict[str, CharacterStats]:
    stats = {tag: CharacterStats(mentions=n) for tag, n in counts.items()}
    chapters = {c.number: c.text for c in work.chapters}
    for q in work.dialogue:
        if q.speaker:
            s = stats.setdefault(q.speaker, CharacterStats())
            s.quotes += 1
            s.dialogue_words += len(chapters[q.chapter][q.start:q.end].split())
    return stats
