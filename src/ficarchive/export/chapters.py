"""Chapters and the afterword, laid out as the archives' downloads do:
`#chapters` > `.meta` (heading `h2.heading` and `<p>Chapter Notes</p>`
blockquotes) then `.userstuff` with the story text; the work's end notes in
`#afterword` > `#endnotes`."""
from __future__ import annotations

from ..model import Chapter, Work
from .preface import labelled, notes_at
from .xhtml import element, story


def heading(work: Work, chapter: Chapter) -> str | None:
    """`Chapter 2: Title`; a work of one untitled chapter without notes has
    no heading (the readers find chapter notes under a heading)."""
    if chapter.title:
        return f"Chapter {chapter.number}: {chapter.title}"
    if len(work.chapters) > 1 or chapter.notes:
        return f"Chapter {chapter.number}"
    return None


def toc_label(work: Work, chapter: Chapter) -> str:
    return heading(work, chapter) or work.title or "Untitled"


def chapter_parts(chapters_div, work: Work, chapter: Chapter, anchor: str | None = None) -> None:
    """The chapter's `.meta` (heading, notes) and `.userstuff` (text), appended
    to `#chapters` as siblings, where the readers look for them."""
    title = heading(work, chapter)
    if title:
        meta = element(chapters_div, "div", class_="meta group")
        h2 = element(meta, "h2", title, class_="heading")
        if anchor:
            h2.set("id", anchor)
        for note in chapter.notes:
            labelled(meta, "Chapter Notes", note)
    story(element(chapters_div, "div", class_="userstuff"), chapter.text)


def afterword_div(parent, work: Work):
    """`#afterword` with the end notes, or None when the work has none."""
    notes = notes_at(work, "end")
    if not notes:
        return None
    div = element(parent, "div", id="afterword")
    end = element(element(div, "div", class_="meta"), "div", id="endnotes")
    labelled(end, "End Notes", "\n\n".join(notes))
    return div
