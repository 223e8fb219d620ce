"""EPUB (archive and FanFicFare downloads): OPF metadata, the title/preface
page, chapters in spine order. The archive is checked before it is opened."""
from __future__ import annotations

import io
import re
import warnings
import zipfile

from ..ingest.safezip import UnsafeArchive, check_archive, check_member_name, open_zip, read_member
from ..model import Series
from .apply import apply_categories, apply_labelled
from .draft import ChapterDraft, Draft, collapse
from .html import _chapter_heading, _fill_chapter, _labelled_blockquotes, read_tag_list
from .htmltext import node_text, parse_html, strip_noise, to_text
from .plaintext import parse_plaintext

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XMLISH = (".opf", ".xhtml", ".html", ".htm", ".ncx", ".xml", ".svg")
_RATING_TAGS = {"general audiences", "teen and up audiences", "mature", "explicit", "not rated"}
_WARNING_TAGS = {"no archive warnings apply", "creator chose not to use archive warnings",
                 "graphic depictions of violence", "major character death", "rape/non-con", "underage",
                 "underage sex", "choose not to use archive warnings"}
_CATEGORY_TAGS = {"f/f", "f/m", "gen", "m/m", "multi", "other"}
_SKIP_SUBJECTS = {"fanworks", "fanfiction", "fan fiction"}
_TAG_LIST = re.compile(r"<dl\b[^>]*\bclass=[\"'][^\"']*\btags\b", re.IGNORECASE)


def check_epub(data: bytes) -> zipfile.ZipFile:
    """Refuse hostile or broken EPUBs before any XML parser sees them."""
    zf = open_zip(data)
    check_archive(zf)
    names = zf.namelist()
    if "META-INF/container.xml" not in names:
        raise UnsafeArchive("not an EPUB (no META-INF/container.xml)")
    for info in zf.infolist():
        why = check_member_name(info.filename)
        if why:
            raise UnsafeArchive(f"member {info.filename!r}: {why}")
        if info.filename.lower().endswith(_XMLISH):
            blob = read_member(zf, info)
            if _ENTITY.search(blob[:20000]):
                raise UnsafeArchive(f"member {info.filename!r} declares XML entities (refused: entity expansion attack)")
    bad = zf.testzip()
    if bad:
        raise UnsafeArchive(f"member {bad!r} is damaged (CRC mismatch)")
    return zf


def parse_epub(data: bytes) -> Draft:
    check_epub(data)
    from ebooklib import epub  # imported late: it is only needed for EPUBs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
        except UnsafeArchive:
            raise
        except Exception as exc:  # ebooklib raises bare exceptions of many kinds
            raise UnsafeArchive(f"not a readable EPUB ({type(exc).__name__}: {exc})") from None
    draft = Draft("epub")
    docs = []
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None:
            continue
        try:
            html = item.get_content().decode("utf-8", errors="replace")
        except Exception:
            continue
        docs.append((item.get_name(), html))
    for name, html in docs:
        _read_document(draft, name, html)
    _read_opf(draft, book, preface_tags=any(_TAG_LIST.search(html) for _, html in docs))
    return draft


def _read_document(draft: Draft, name: str, html: str) -> None:
    tree = parse_html(html)
    strip_noise(tree)
    body = tree.body
    if body is None:
        return
    lowered = name.lower()
    if tree.css_first("dl.tags") is not None:
        read_tag_list(draft, tree.css_first("dl.tags"))
    if tree.css_first("#preface") is not None and tree.css_first("#chapters .heading, h2.heading") is None:
        h1 = tree.css_first("h1")
        if h1 is not None:
            draft.set("title", node_text(h1), "structured", f"<h1>{node_text(h1)}</h1>")
        authors = [node_text(a) for a in tree.css(".byline a")]
        draft.extend("authors", authors, "structured", "byline")
        _labelled_blockquotes(draft, tree.css_first("#preface div") or body, begin=True)
        return
    afterword = tree.css_first("#afterword") or tree.css_first("#endnotes")
    if afterword is not None:
        quote = afterword.css_first("blockquote")
        if quote is not None:
            draft.notes_end.append(to_text(quote))
        afterword.decompose()
        if tree.css_first("h2.heading") is None:
            return
    if re.search(r"(title_?page|titlepage|cover|toc|nav|contents|information|info)\.x?html?$", lowered) and not tree.css_first("h2.heading"):
        _read_title_page(draft, to_text(body))
        return
    _read_chapter(draft, name, tree, body)


def _read_title_page(draft: Draft, text: str) -> None:
    """FanFicFare-style title pages: `Title by Author` then `Label: value` lines."""
    sub = parse_plaintext(text, "epub", Draft("epub"))
    for key in ("title", "authors", "summary", "rating_raw", "fandoms", "relationships", "characters",
                "warnings", "additional_tags", "series", "categories", "language_raw"):
        if key in sub.values:
            src, conf, ev = sub.provenance[key]
            if isinstance(sub.values[key], list):
                draft.extend(key, sub.values[key], "structured", ev[0] if ev else None)
            else:
                draft.set(key, sub.values[key], "structured", ev[0] if ev else None)
    for k, v in sub.header_fields.items():
        draft.add_header_field(k, v)
    if sub.complete is not None and draft.complete is None:
        draft.complete, draft.complete_evidence = sub.complete, sub.complete_evidence


def _read_chapter(draft: Draft, name: str, tree, body) -> None:
    head = tree.css_first("h2.heading") or tree.css_first("h1, h2, h3")
    number = title = None
    if head is not None and len(node_text(head)) < 200:
        number, title = _chapter_heading(node_text(head))
        head.decompose()
    elif draft.chapters and re.search(r"_split_\d+\.x?html?$", name):
        # calibre splits long chapters over several files
        chapter = draft.chapters[-1]
        _fill_continued(draft, chapter, to_text(body))
        return
    chapter = ChapterDraft(number=number, title=title)
    for p in tree.css("p"):
        label = node_text(p).lower()
        if label in ("chapter notes", "chapter summary", "chapter end notes", "notes", "end notes"):
            quote = p.next
            while quote is not None and quote.tag in ("-text",):
                quote = quote.next
            if quote is not None and quote.tag == "blockquote":
                chapter.notes.append(to_text(quote))
                quote.decompose()
            p.decompose()
    for node in tree.css(".endnote-link"):
        node.decompose()
    text = to_text(body)
    if not text.strip() and not chapter.notes:
        return
    _fill_chapter(draft, chapter, text)
    draft.chapters.append(chapter)


def _fill_continued(draft: Draft, chapter: ChapterDraft, text: str) -> None:
    extra = ChapterDraft()
    _fill_chapter(draft, extra, text)
    chapter.notes.extend(extra.notes)
    for k, scene in enumerate(extra.finished_scenes()):
        if k:
            chapter.scene_break()
        chapter.scenes[-1].extend(scene)


def _read_opf(draft: Draft, book, preface_tags: bool = False) -> None:
    def dc(name: str) -> list[str]:
        return [collapse(str(v[0])) for v in book.get_metadata("DC", name) if v and v[0]]

    title = dc("title")
    if title:
        draft.set("title", title[0], "structured", f"dc:title: {title[0]}")
    draft.extend("authors", dc("creator"), "structured", "dc:creator")
    desc = dc("description")
    if desc:
        text = collapse(to_text(parse_html(desc[0]).body, emphasis=False)) if "<" in desc[0] else desc[0]
        draft.set("summary", text, "structured", "dc:description")
    lang = dc("language")
    if lang:
        draft.set("language_raw", lang[0], "structured", f"dc:language: {lang[0]}")
    subjects = [s for s in dc("subject") if s.lower() not in _SKIP_SUBJECTS]
    if subjects and not preface_tags and "rating_raw" not in draft.values:
        # Without a preface tag list, sort the flat subject list by vocabulary.
        for s in subjects:
            low = s.lower()
            if low in _RATING_TAGS:
                apply_labelled(draft, "rating", "rating", s, "structured")
            elif low in _WARNING_TAGS:
                draft.extend("warnings", [s], "structured", f"dc:subject: {s}")
            elif low in _CATEGORY_TAGS:
                apply_categories(draft, [s], "structured", f"dc:subject: {s}")
            elif "/" in s and "fandoms" in draft.values:
                draft.extend("relationships", [s], "structured", f"dc:subject: {s}")
            else:
                draft.extend("additional_tags", [s], "structured", f"dc:subject: {s}")
    metas = {}
    for value, attrs in book.get_metadata("OPF", "meta"):  # ebooklib files every <meta> under "meta"
        if attrs and attrs.get("name"):
            metas[attrs["name"]] = attrs.get("content")
        elif attrs and attrs.get("property"):
            metas.setdefault(attrs["property"], value)
    series = metas.get("calibre:series") or metas.get("belongs-to-collection")
    if series and "series" not in draft.values:
        index = metas.get("calibre:series_index") or metas.get("group-position")
        try:
            part = int(float(index)) if index else None
        except ValueError:
            part = None
        draft.set("series", [Series(series, part)], "structured", f"calibre:series: {series}")
