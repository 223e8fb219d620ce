"""One self-contained HTML page per work: the stylesheet inline, nothing
fetched, laid out like the archives' HTML downloads (preface, `#chapters`,
`#afterword`), so ficarchive reads the page back into the same work."""
from __future__ import annotations

from ..model import Work
from .chapters import afterword_div, chapter_parts, heading
from .epub import stylesheet
from .preface import preface_div
from .xhtml import document, element, serialise


def html_bytes(work: Work) -> bytes:
    def inline_css(head):
        element(head, "style", stylesheet().decode("utf-8"))

    root, body = document(work.title or "Untitled", work.language, inline_css, epub=False)
    preface_div(body, work, endnotes_href="#endnotes")
    titled = [(c, heading(work, c)) for c in work.chapters]
    if sum(1 for _, h in titled if h) > 1:
        nav = element(body, "nav", id="toc")
        element(nav, "p", "Contents", class_="label")
        ol = element(nav, "ol")
        for chapter, label in titled:
            if label:
                element(element(ol, "li"), "a", label, href=f"#chapter-{chapter.number}")
    chapters = element(body, "div", id="chapters", class_="userstuff")
    for chapter in work.chapters:
        chapter_parts(chapters, work, chapter, anchor=f"chapter-{chapter.number}")
    afterword_div(body, work)
    return serialise(root, xml_declaration=False)
