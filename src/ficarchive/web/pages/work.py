"""A work: the reading view (whole or one chapter), its metadata with the
evidence behind every inferred tag, and the dialogue view."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ...library import LibraryError
from ...model import Work
from ..charts import bars
from ..context import WORK_ID, WebContext, language_label, tag_url, work_url
from ..evidence import why
from ..render import Span, text_to_html

SPEAKER_COLOURS = 8  # s0..s7 in the stylesheet; quieter speakers share "s-other"

# (label, Work field, tag kind for links or None)
META_FIELDS = [
    ("Rating", "rating", "rating"),
    ("Archive warnings", "warnings", "warning"),
    ("Categories", "categories", "category"),
    ("Fandoms", "fandoms", "fandom"),
    ("Relationships", "relationships", "relationship"),
    ("Characters", "characters", "character"),
    ("Also mentioned", "mentioned_characters", None),
    ("Additional tags", "additional_tags", "freeform"),
    ("Suggested warnings", "suggested_warnings", None),
]


def load_work(ctx: WebContext, work_id: str) -> Work:
    if not WORK_ID.match(work_id):
        raise HTTPException(404, "There is no work with that id.")
    try:
        return ctx.lib.get(work_id)
    except LibraryError as exc:
        raise HTTPException(404, str(exc)) from None


def tag_href(kind: str | None, name: str) -> str | None:
    if kind is None:
        return None
    if kind == "rating":
        from urllib.parse import urlencode
        return "/works?" + urlencode({"inc": f"rating:{name}"})
    return tag_url(kind, name)


def metadata(work: Work) -> list[dict]:
    """The tag block: per field its tags (linked), and the evidence for each
    inferred tag and for the field as a whole."""
    rows = []
    for label, fld, kind in META_FIELDS:
        value = getattr(work, fld)
        items = [value] if isinstance(value, str) else list(value or [])
        if not items:
            continue
        prov = work.provenance.get(fld)
        field_why = why(prov)
        tags = [{"name": name, "href": tag_href(kind, name),
                 "why": why(prov, name) if field_why and field_why.source in ("inferred", "user") else None}
                for name in items]
        rows.append({"label": label, "field": fld, "tags": tags, "why": field_why,
                     "note": "not applied; check the story" if fld == "suggested_warnings" else None})
    return rows


def facts(work: Work) -> list[tuple[str, str, object]]:
    """The stats line: (label, value, evidence or None)."""
    out = []
    if work.language:
        out.append(("Language", language_label(work.language), why(work.provenance.get("language"))))
    out.append(("Words", f"{work.word_count:,}", None))
    total = str(len(work.chapters)) if work.complete else "?"
    out.append(("Chapters", f"{len(work.chapters)}/{total}", None))
    status = {True: "Complete", False: "In progress", None: "Unknown"}[work.complete]
    out.append(("Status", status, why(work.provenance.get("complete"))))
    if work.pov:
        out.append(("Point of view", work.pov, why(work.provenance.get("pov"))))
    return out


@dataclass
class Speaker:
    name: str
    css: str
    quotes: int
    words: int
    mentions: int
    share: float


def speakers(work: Work) -> list[Speaker]:
    """Characters who speak, most words first, with their colour class."""
    stats = [(name, s) for name, s in work.character_stats.items() if s.quotes or s.dialogue_words]
    stats.sort(key=lambda kv: (-kv[1].dialogue_words, -kv[1].quotes, kv[0]))
    total = sum(s.dialogue_words for _, s in stats) or 1
    return [Speaker(name, f"s{i}" if i < SPEAKER_COLOURS else "s-other", s.quotes, s.dialogue_words, s.mentions,
                    s.dialogue_words / total) for i, (name, s) in enumerate(stats)]


def quote_spans(work: Work) -> dict[int, list[Span]]:
    colour = {s.name: s.css for s in speakers(work)}
    spans: dict[int, list[Span]] = defaultdict(list)
    for q in work.dialogue:
        css = "q " + colour.get(q.speaker, "s-other") if q.speaker else "q"
        spans[q.chapter].append(Span(q.start, q.end, q.speaker, css))
    return spans


def chapter_views(work: Work, numbers: list[int]) -> list[dict]:
    spans = quote_spans(work)
    notes_by_chapter: dict[int, list[str]] = defaultdict(list)
    for n in work.notes:
        if n.position == "chapter" and n.chapter is not None:
            notes_by_chapter[n.chapter].append(n.text)
    out = []
    for ch in work.chapters:
        if ch.number not in numbers:
            continue
        notes = list(dict.fromkeys(list(ch.notes) + notes_by_chapter.get(ch.number, [])))
        out.append({"number": ch.number, "title": ch.title, "words": ch.word_count,
                    "html": text_to_html(ch.text, spans.get(ch.number, [])),
                    "notes": [text_to_html(n) for n in notes]})
    return out


def page_context(work: Work) -> dict:
    return {"work": work, "meta": metadata(work), "facts": facts(work),
            "summary": text_to_html(work.summary), "disclaimer": text_to_html(work.disclaimer),
            "begin_notes": [text_to_html(n.text) for n in work.notes if n.position == "beginning"],
            "end_notes": [text_to_html(n.text) for n in work.notes if n.position == "end"],
            "menu": [(c.number, c.title) for c in work.chapters], "speakers": speakers(work),
            "title_why": why(work.provenance.get("title")), "authors_why": why(work.provenance.get("authors")),
            "summary_why": why(work.provenance.get("summary"))}


def routes(ctx: WebContext) -> list[Route]:
    def whole(request: Request):
        work = load_work(ctx, request.path_params["work_id"])
        return ctx.page(request, "work.html", **page_context(work), view="whole", current=None,
                        chapters=chapter_views(work, [c.number for c in work.chapters]), prev=None, next=None)

    def chapter(request: Request):
        work = load_work(ctx, request.path_params["work_id"])
        n = request.path_params["number"]
        numbers = [c.number for c in work.chapters]
        if n not in numbers:
            raise HTTPException(404, f"This work has no chapter {n}.")
        i = numbers.index(n)
        return ctx.page(request, "work.html", **page_context(work), view="chapter", current=n,
                        chapters=chapter_views(work, [n]), prev=numbers[i - 1] if i else None,
                        next=numbers[i + 1] if i + 1 < len(numbers) else None)

    def dialogue(request: Request):
        work = load_work(ctx, request.path_params["work_id"])
        people = speakers(work)
        by_speaker: dict[str | None, list[dict]] = defaultdict(list)
        texts = {c.number: c.text for c in work.chapters}
        for q in work.dialogue:
            text = texts.get(q.chapter, "")[q.start:q.end]
            by_speaker[q.speaker].append({"chapter": q.chapter, "text": text, "confidence": q.confidence})
        chart = bars("Share of the dialogue, in words", [(s.name, s.share, None) for s in people],
                     percent=True, css="dialogue-share")
        mentioned = sorted(((name, s.mentions) for name, s in work.character_stats.items()
                            if not (s.quotes or s.dialogue_words)), key=lambda kv: -kv[1])
        return ctx.page(request, "dialogue.html", work=work, speakers=people, quotes=by_speaker, share_chart=chart,
                        unattributed=by_speaker.get(None, []), mentioned=mentioned,
                        dialogue_why=why(work.provenance.get("dialogue")), multi=len(work.chapters) > 1)

    def chapter_menu(request: Request):
        """The chapter menu's target without script: ?n=3 -> /chapters/3."""
        n = request.query_params.get("n", "")
        work_id = request.path_params["work_id"]
        if not (WORK_ID.match(work_id) and n.isdigit()):
            raise HTTPException(404, "Choose a chapter from the menu.")
        return RedirectResponse(work_url(work_id, int(n)), status_code=302)

    return [Route("/works/{work_id}", whole), Route("/works/{work_id}/chapters/{number:int}", chapter),
            Route("/works/{work_id}/chapters", chapter_menu),
            Route("/works/{work_id}/dialogue", dialogue)]
