"""HTML fic: archive downloads (tag preface), archive work pages, eFiction
printable pages, saved posts and generic pages."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from .apply import apply_labelled, apply_status
from .draft import ChapterDraft, Draft, collapse
from .fields import labelled
from .htmltext import node_text, parse_html, strip_noise, to_text
from .patterns import heading
from .plaintext import parse_plaintext

# archive tag-list labels -> header labels apply_labelled understands
_AO3_LABELS = {
    "rating": "rating", "ratings": "rating", "archive warning": "warnings", "archive warnings": "warnings",
    "category": "category", "categories": "category", "fandom": "fandom", "fandoms": "fandom",
    "relationship": "relationship", "relationships": "relationship", "character": "characters",
    "characters": "characters", "additional tags": "tags", "freeform": "tags", "language": "language",
}
_LIST_FIELDS = {"warnings", "categories", "fandoms", "relationships", "characters", "additional_tags"}


def parse_html_work(html: str) -> Draft:
    tree = parse_html(html)
    if tree.css_first("dl.work.meta"):
        return _ao3_work_page(tree)
    if tree.css_first("#preface dl.tags") or tree.css_first("dl.tags"):
        return _ao3_download(tree)
    if tree.css_first("#pagetitle") and tree.css_first("span.label"):
        return _efiction(tree)
    return _generic(tree)


# --------------------------------------------------------------- archive download

def _ao3_download(tree) -> Draft:
    draft = Draft("html")
    dl = tree.css_first("#preface dl.tags") or tree.css_first("dl.tags")
    read_tag_list(draft, dl)
    meta = tree.css_first("#preface .meta") or tree.css_first("#preface") or tree.body
    h1 = meta.css_first("h1") if meta else None
    title = node_text(h1) or node_text(tree.css_first("#preface p.message b"))
    draft.set("title", title, "structured", f"<h1>{title}</h1>")
    authors = [node_text(a) for a in (meta.css(".byline a[rel=author]") if meta else [])] or \
        [node_text(a) for a in tree.css(".byline a")]
    draft.extend("authors", _split_pseuds(authors), "structured", "byline")
    _labelled_blockquotes(draft, meta, begin=True)
    chapters_root = tree.css_first("#chapters")
    if chapters_root is not None:
        _download_chapters(draft, chapters_root)
    after = tree.css_first("#endnotes")
    if after is not None:
        quote = after.css_first("blockquote")
        if quote is not None:
            draft.notes_end.append(to_text(quote))
    return draft


def read_tag_list(draft: Draft, dl: LexborNode | None) -> None:
    """`<dl class="tags"><dt>Rating:</dt><dd>...</dd>...` (downloads and EPUB prefaces)."""
    if dl is None:
        return
    label = None
    for node in _children(dl):
        if node.tag == "dt":
            label = node_text(node).rstrip(":").strip().lower()
        elif node.tag == "dd" and label:
            _apply_tag_field(draft, label, node)
            label = None


def _apply_tag_field(draft: Draft, label: str, dd: LexborNode) -> None:
    links = [node_text(a) for a in dd.css("a")]
    if label in ("series",):
        _apply_series_text(draft, dd)
        return
    if label == "stats":
        _apply_stats(draft, node_text(dd))
        return
    if label in ("collections",):
        draft.add_header_field(label, ", ".join(links) or node_text(dd))
        return
    mapped = _AO3_LABELS.get(label)
    values = links or [node_text(dd)]
    if mapped is None:
        draft.add_header_field(label, ", ".join(values))
        return
    hit = labelled(f"{mapped}: x")
    field = hit.field if hit else None
    if field in _LIST_FIELDS or (field == "categories"):
        draft.add_header_field(label, ", ".join(values))
        if field == "categories":
            from .apply import apply_categories
            apply_categories(draft, values, "structured", f"{label}: {', '.join(values)}")
        else:
            draft.extend(field, values, "structured", f"{label}: {', '.join(values)[:200]}")
    else:
        apply_labelled(draft, field, label, ", ".join(values), "structured")


def _apply_series_text(draft: Draft, node: LexborNode) -> None:
    text = re.sub(r"\s*(?:[←→]\s*)?(?:Previous|Next)\s+Work\s*(?:[←→])?\s*", " ", node_text(node)).strip()
    found = []
    for m in re.finditer(r"Part\s+(\d+)\s+of\s+(.+?)(?=\s*(?:Part\s+\d+\s+of|←|→|$))", text):
        from ..model import Series
        found.append(Series(m.group(2).strip(" ,.\u2190\u2192"), int(m.group(1))))
    if found:
        draft.set("series", found, "structured", f"series: {text[:200]}")
    draft.add_header_field("series", text)


def _apply_stats(draft: Draft, text: str) -> None:
    draft.add_header_field("stats", text)
    for m in re.finditer(r"([A-Z][a-z]+):\s*(\S+)", text):
        draft.add_header_field(m.group(1), m.group(2))
    m = re.search(r"Chapters:\s*(\d+)\s*/\s*(\d+|\?)", text)
    if m:
        done, total = m.group(1), m.group(2)
        draft.complete = total != "?" and int(done) >= int(total)
        draft.complete_evidence = f"Chapters: {done}/{total}"
    m = re.search(r"Published:\s*(\d{4}-\d{2}-\d{2})", text)
    if m:
        draft.set("published", m.group(1), "structured", f"Published: {m.group(1)}")


def _labelled_blockquotes(draft: Draft, scope: LexborNode | None, begin: bool) -> None:
    """`<p>Summary</p><blockquote>` and `<p>Notes</p><blockquote>` pairs."""
    if scope is None:
        return
    label = None
    for node in _children(scope):
        if node.tag == "p" and not node.css_first("a") and len(node_text(node)) < 30:
            label = node_text(node).rstrip(":").lower()
        elif node.tag == "blockquote" and label:
            text = to_text(node)
            if label == "summary":
                draft.set("summary", collapse(to_text(node, emphasis=False)), "structured", "Summary")
            elif "note" in label:
                (draft.notes_begin if begin else draft.notes_end).append(text)
            label = None


def _download_chapters(draft: Draft, root: LexborNode) -> None:
    pending: ChapterDraft | None = None
    end_notes_for: ChapterDraft | None = None
    for node in _children(root):
        classes = (node.attributes.get("class") or "").split()
        if node.tag == "div" and "meta" in classes and node.css_first("h2.heading"):
            pending = ChapterDraft()
            h = node_text(node.css_first("h2.heading"))
            pending.number, pending.title = _chapter_heading(h)
            _chapter_meta(node, pending)
        elif node.tag == "div" and "userstuff" in classes:
            chapter = pending or ChapterDraft()
            _fill_chapter(draft, chapter, to_text(node))
            draft.chapters.append(chapter)
            end_notes_for, pending = chapter, None
        elif node.tag == "div" and "meta" in classes and end_notes_for is not None:
            quote = node.css_first("blockquote")
            if quote is not None:
                end_notes_for.notes.append(to_text(quote))


def _chapter_meta(node: LexborNode, chapter: ChapterDraft) -> None:
    label = None
    for child in _children(node):
        if child.tag == "p":
            label = node_text(child).lower()
        elif child.tag == "blockquote" and label and "note" in label:
            chapter.notes.append(to_text(child))


def _chapter_heading(text: str) -> tuple[int | None, str | None]:
    text = collapse(text)
    m = re.match(r"^(?:Chapter\s+)?(\d+)\s*[:.]\s*(.*)$", text, re.IGNORECASE)
    if m:
        return int(m.group(1)), (m.group(2).strip() or None)
    h = heading(text)
    if h:
        return h.number, h.title
    return None, text or None


def _fill_chapter(draft: Draft, chapter: ChapterDraft, text: str) -> None:
    """Chapter text from markup still carries inline author's notes, scene
    breaks and end markers: read it as plain text without a header."""
    sub = parse_plaintext(text, draft.format, Draft(draft.format), front=False)
    notes_before = list(chapter.notes)
    chapter.notes = notes_before
    for k, ch in enumerate(sub.chapters):
        chapter.notes.extend(ch.notes)
        if k == 0:
            chapter.scenes = ch.scenes
        else:
            chapter.scene_break()
            chapter.scenes.extend(ch.scenes)
    chapter.notes.extend(sub.notes_begin + sub.notes_end)
    if sub.complete is not None and draft.complete is None:
        draft.complete, draft.complete_evidence = sub.complete, sub.complete_evidence


# --------------------------------------------------------------- archive work page

def _ao3_work_page(tree) -> Draft:
    draft = Draft("html")
    meta = tree.css_first("dl.work.meta")
    for dd in meta.css("dd"):
        classes = (dd.attributes.get("class") or "").split()
        if not classes:
            continue
        kind = classes[0]
        label = {"rating": "rating", "warning": "archive warning", "category": "category", "fandom": "fandom",
                 "relationship": "relationship", "character": "character", "freeform": "additional tags",
                 "language": "language", "series": "series", "collections": "collections"}.get(kind)
        if label:
            _apply_tag_field(draft, label, dd)
    stats = meta.css_first("dl.stats")
    if stats is not None:
        _apply_stats(draft, node_text(stats))
    title = node_text(tree.css_first("h2.title")) or node_text(tree.css_first("h2.heading"))
    draft.set("title", title, "structured", f"<h2 class=title>{title}</h2>")
    byline = tree.css_first("h3.byline")
    if byline is not None:
        names = [node_text(a) for a in byline.css("a[rel=author]")] or [node_text(byline)]
        draft.extend("authors", _split_pseuds(names), "structured", "byline")
    preface = tree.css_first("#workskin .preface") or tree.css_first(".preface.group")
    if preface is not None:
        summary = preface.css_first(".summary blockquote")
        if summary is not None:
            draft.set("summary", collapse(to_text(summary, emphasis=False)), "structured", "Summary")
        notes = preface.css_first(".notes blockquote")
        if notes is not None:
            draft.notes_begin.append(to_text(notes))
    chapters = tree.css("#chapters > div.chapter") or [tree.css_first("#chapters")]
    for node in chapters:
        if node is None:
            continue
        chapter = ChapterDraft()
        h = node.css_first("h3.title")
        if h is not None:
            chapter.number, chapter.title = _chapter_heading(node_text(h))
        for nb in node.css(".chapter.preface .notes blockquote, .preface .notes blockquote"):
            chapter.notes.append(to_text(nb))
        article = node.css_first("div.userstuff")
        if article is None:
            continue
        for landmark in article.css("h3.landmark"):
            landmark.decompose()
        _fill_chapter(draft, chapter, to_text(article))
        for nb in node.css(".end.notes blockquote"):
            chapter.notes.append(to_text(nb))
        draft.chapters.append(chapter)
    end = tree.css_first("#work_endnotes blockquote")
    if end is not None:
        draft.notes_end.append(to_text(end))
    return draft


# --------------------------------------------------------------- eFiction

def _efiction(tree) -> Draft:
    draft = Draft("html")
    strip_noise(tree)
    title_box = tree.css_first("#pagetitle")
    links = title_box.css("a")
    if links:
        draft.set("title", node_text(links[0]), "structured", node_text(title_box))
        draft.extend("authors", [node_text(a) for a in links[1:]], "structured", node_text(title_box))
    else:
        m = re.match(r"^(.*?)\s+by\s+(.*)$", node_text(title_box))
        if m:
            draft.set("title", m.group(1), "structured", node_text(title_box))
            draft.extend("authors", [m.group(2)], "structured", node_text(title_box))
    for span in tree.css("span.label"):
        label = node_text(span).rstrip(":").strip()
        value = _label_value(span)
        if label.lower() == "story notes":
            parent = span.parent
            draft.notes_begin.append(collapse(node_text(parent)[len(node_text(span)):]) if parent else value)
            continue
        if label.lower() == "categories":
            label = "fandom"  # eFiction archives file stories under their fandoms
        if label.lower() in ("completed", "complete"):
            apply_status(draft, "complete" if value.lower().startswith("y") else "in progress", "structured",
                         f"{label}: {value}")
            draft.add_header_field(label, value)
            continue
        hit = labelled(f"{label}: {value}")
        if label.lower() == "chapter notes":
            continue
        apply_labelled(draft, hit.field if hit else None, label.lower(), value, "structured")
    titles = tree.css(".chaptertitle")
    if titles:
        _efiction_chapters(draft, titles)
    else:
        for node in tree.css("#footer, .copyright, #pagetitle"):
            node.decompose()
        for div in tree.css("div.content"):
            if div.css_first("span.label"):
                div.decompose()
        parse_plaintext(to_text(tree.body), "html", draft, front=False)
    return draft


def _efiction_chapters(draft: Draft, titles: list[LexborNode]) -> None:
    """Each chapter: a `.chaptertitle` (`Title by Author`), then `.notes` and
    `.chapter` siblings up to the next title."""
    for head in titles:
        text = node_text(head)
        m = re.match(r"^(.*?)\s+by\s+.*$", text)
        chapter = ChapterDraft(title=(m.group(1) if m else text) or None)
        body_text = ""
        node = head.next
        while node is not None and "chaptertitle" not in (node.attributes.get("class") or "" if node.tag != "-text" else ""):
            classes = (node.attributes.get("class") or "") if node.tag not in ("-text", "_comment", "-comment") else ""
            if "notes" in classes.split():
                note = re.sub(r"^Chapter (?:End )?Notes:\s*", "", node_text(node), flags=re.IGNORECASE)
                chapter.notes.append(note)
            elif "chapter" in classes.split():
                body_text += to_text(node) + "\n\n"
            node = node.next
        _fill_chapter(draft, chapter, body_text)
        draft.chapters.append(chapter)


def _label_value(span: LexborNode) -> str:
    """Text after a `<span class="label">` up to the next label or line break."""
    parts = []
    node = span.next
    while node is not None:
        if node.tag == "br" or (node.tag == "span" and "label" in (node.attributes.get("class") or "")):
            break
        parts.append(node_text(node) if node.tag != "-text" else (node.text_content or ""))
        node = node.next
    return collapse(" ".join(parts))


# --------------------------------------------------------------- generic pages

_CONTENT_SELECTORS = ("article .entry-content", ".entry-content", ".post-content", ".postbody", ".post_body",
                      ".message-content", ".storytext", "#storytext", "#story", ".story", "article", "main",
                      "#content", ".content")


def _generic(tree) -> Draft:
    draft = Draft("html")
    page_title = node_text(tree.css_first("title"))
    strip_noise(tree)
    for selector in ("nav", "header", "footer", "aside", ".nav", ".navigation", ".menu", ".sidebar",
                     ".signature", ".comments", "#comments", ".breadcrumb"):
        for n in tree.css(selector):
            n.decompose()
    root = None
    for selector in _CONTENT_SELECTORS:
        candidates = tree.css(selector)
        if candidates:
            root = max(candidates, key=lambda n: len(node_text(n)))
            if len(node_text(root)) > 200:
                break
            root = None
    root = root or tree.body or tree.root
    text = to_text(root)
    parse_plaintext(text, "html", draft)
    if "title" not in draft.values and page_title:
        draft.set("title", page_title, "header", "<title>", confidence=0.5)
    return draft


def _split_pseuds(names: list[str]) -> list[str]:
    out = []
    for n in names:
        n = collapse(n)
        if n and n.lower() not in ("anonymous",) or n == "Anonymous":
            out.append(n)
    return out


def _children(node: LexborNode):
    child = node.child
    while child is not None:
        if child.tag not in ("-text", "_comment", "-comment"):
            yield child
        child = child.next

