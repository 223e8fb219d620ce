"""Draft -> Work: one place for the rules every format shares."""
from __future__ import annotations

import re

from ..model import Chapter, Note, Provenance, Series, Source, Work
from ..ratings import normalise_rating
from .draft import SCENE_BREAK, Draft, collapse
from . import char_scan
from .char_scan import count_tokens
from .language import identify, language_code

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


_CJK_RUN = re.compile(_CJK.pattern + "+")
_NOT_ALNUM = re.compile(r"[^\w\s]+")  # (with `_` made punctuation first: neither letter nor digit)


def _has_cjk(text: str) -> bool:
    # isascii() is free (a flag on the string); the typed scan reads the rest
    # faster than the pattern's search (as plain Python, far slower)
    if text.isascii():
        return False
    return char_scan.holds_cjk(text) if char_scan.COMPILED else _CJK.search(text) is not None


def count_words(text: str) -> int:
    """Whitespace-separated tokens; in Chinese, Japanese and Korean text each
    ideograph or syllable counts as a word, as the archives count them."""
    rest, runs = _CJK_RUN.subn(" ", text)
    if not runs:
        return count_tokens(text)
    cjk_chars = len(text) - len(rest) + runs  # (each run became one space)
    # the rest: tokens with a letter or digit (not the CJK punctuation left
    # over), i.e. the tokens still there once everything else is deleted
    return cjk_chars + len(_NOT_ALNUM.sub("", rest.replace("_", "!")).split())


_RATED = re.compile(r"\b(?:rated|rating)\W{0,3}(?P<a>NC-?17|PG-?13|PG|G|R|X|MA|FR\d\d|T|M)\b|\b(?P<b>NC-?17|PG-13|FR1[358])\b")


def _rating_in_prose(draft: Draft, prov: dict) -> str | None:
    """A rating said in passing: a Subject `(Rated PG)`, a note `The Content is NC-17`."""
    for text in [draft.header_fields.get("subject", "")] + draft.notes_begin + [draft.get("disclaimer") or ""]:
        m = _RATED.search(text or "")
        if m:
            raw = m.group("a") or m.group("b")
            prov["rating_raw"] = Provenance("header", 0.7, [collapse(text[max(0, m.start() - 60): m.end() + 20])])
            return raw
    return None


def _ffn_category_is_fandom(work: Work, draft: Draft, prov: dict) -> None:
    """FanFiction.net downloads write the fandom under `Category:`."""
    category = draft.header_fields.get("category")
    if not category or work.fandoms:  # (asked first: most works have no category, or a fandom)
        return
    site = " ".join(draft.header_fields.get(k, "") for k in ("publisher", "story url", "source", "url"))
    if "fanfiction.net" in site.lower():
        work.fandoms = [c.strip() for c in re.split(r"\s*(?:\+|,|&)\s*", category) if c.strip()]
        work.additional_tags = [t for t in work.additional_tags if t not in work.fandoms]
        prov["fandoms"] = Provenance("header", 0.9, [f"Category: {category} (fanfiction.net)"])


def _opening(chapters: list[Chapter]) -> str:
    """The start of the story text (what Work.text begins with), enough to identify its language."""
    out, size = [], 0
    for ch in chapters:
        out.append(ch.text)
        size += len(ch.text) + 2
        if size >= 4000:
            break
    return "\n\n".join(out)[:4000]


def build_work(draft: Draft, source: Source) -> Work:
    work = Work(id=source.sha256, source=source)
    prov: dict[str, Provenance] = {}

    def take(field: str, key: str | None = None) -> object:
        key = key or field
        if key in draft.values:
            src, conf, ev = draft.provenance.get(key, ("header", 0.9, []))
            prov[field] = Provenance(src, conf, list(ev))
            return draft.values[key]
        return None

    work.title = take("title") or take("title", "mail_title")
    work.authors = list(take("authors") or take("authors", "authors_contact") or take("authors", "authors_copyright") or [])
    if not work.authors and draft.get("mail_author"):
        work.authors = [take("authors", "mail_author")]
    work.series = [Series(s.name, s.part) for s in (take("series") or [])]
    part = draft.get("part")
    if work.series and work.series[0].part is None and part is not None:
        work.series[0].part = part
    for name in ("fandoms", "warnings", "categories", "relationships", "characters", "additional_tags"):
        setattr(work, name, list(take(name) or []))
    _ffn_category_is_fandom(work, draft, prov)
    work.rating_raw = take("rating_raw") or _rating_in_prose(draft, prov)
    work.rating = take("rating") or (normalise_rating(work.rating_raw) if work.rating_raw else None)
    if work.rating and "rating" not in prov and "rating_raw" in prov:
        prov["rating"] = prov["rating_raw"]
    work.summary = take("summary")
    work.disclaimer = take("disclaimer")

    opening = "".join(p for c in draft.chapters[:3] for s in c.scenes[:1] for p in s[:20])
    cjk = _has_cjk(opening)
    for number, ch in enumerate(draft.chapters, 1):
        text = ch.text()
        scenes = ch.finished_scenes()
        if cjk:  # (the `* * *` between scenes holds no letter, so is no word here)
            words = count_words(text)
        else:  # the text's tokens less the three of each `* * *` between scenes
            words = count_tokens(text) - count_tokens(SCENE_BREAK) * max(0, len(scenes) - 1)
        work.chapters.append(Chapter(
            number=number, title=ch.title, text=text, notes=list(ch.notes),
            scenes=max(1, len(scenes)), word_count=words,
        ))
        work.notes.extend(Note("chapter", n, number) for n in ch.notes)
    begin = [n.strip() for n in draft.notes_begin if n.strip()]
    if begin:
        work.notes.insert(0, Note("beginning", "\n\n".join(begin)))
    end = [n.strip() for n in draft.notes_end if n.strip()]
    if end:
        work.notes.append(Note("end", "\n\n".join(end)))
    work.word_count = sum(c.word_count for c in work.chapters)
    work.header_fields = dict(draft.header_fields)

    work.complete = draft.complete
    if work.complete is None and draft.get("mail_part"):
        part_no, total = draft.get("mail_part")
        work.complete = False if part_no < total else None
    if work.complete is not None:
        prov["complete"] = Provenance("header" if draft.format in ("txt", "markdown") else "structured", 0.9,
                                      [draft.complete_evidence] if draft.complete_evidence else [])

    stated = language_code(draft.get("language_raw"))
    if stated:
        work.language = stated
        take("language", "language_raw")
    else:
        work.language = identify(_opening(work.chapters))
        if work.language:
            prov["language"] = Provenance("inferred", 0.9, ["language identified from the story text"])
    work.provenance = prov
    return work
