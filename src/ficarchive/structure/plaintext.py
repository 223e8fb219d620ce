"""Plain text (and anything turned into text) to a Draft: posts, front, body."""
from __future__ import annotations

from .body import read_body
from .draft import Draft
from .front import read_front
from .lines import Lines
from .mail import all_parts_posted, find_mail_headers, poster_name, subject_title


def parse_plaintext(text: str, fmt: str = "txt", draft: Draft | None = None, front: bool = True,
                    titles: bool = True) -> Draft:
    """Recover the structure of `text` into `draft` (a new one by default).

    With `front=False` the whole text is story (a chapter from HTML/EPUB whose
    metadata came from markup), but chapter notes and end markers are still found.
    With `titles=False` (metadata already known) only header fields and notes
    are looked for at the top, not title or by-lines.
    """
    draft = draft or Draft(fmt)
    lines = Lines(text)
    posts = _posts(lines, draft)
    regions = []
    for index, (lo, hi) in enumerate(posts):
        start = read_front(lines, lo, hi, draft, first_post=index == 0, titles=titles).story_start if front else lo
        regions.append((start, hi))
    read_body(lines, regions, draft)
    draft.segment_source = lines
    return draft


def _posts(lines: Lines, draft: Draft) -> list[tuple[int, int]]:
    """Split at mail headers; each post's headers are metadata."""
    headers = find_mail_headers(lines)
    if not headers:
        return [(0, len(lines))]
    posts = []
    if any(lines.stripped[i] for i in range(0, headers[0].first)):
        posts.append((0, headers[0].first))
    for k, h in enumerate(headers):
        lines.mark(h.first, h.end, "header")
        end = headers[k + 1].first if k + 1 < len(headers) else len(lines)
        posts.append((h.end, end))
    first = headers[0].fields
    for key in ("from", "subject", "newsgroups", "date"):
        if key in first:
            draft.add_header_field(key, first[key])
    if "subject" in first:
        title, part = subject_title(first["subject"])
        draft.set("mail_title", title, "header", f"Subject: {first['subject']}", confidence=0.8)
        if part and len(headers) == 1:
            draft.set("mail_part", part, "header", f"Subject: {first['subject']}")
    subjects = [h.fields.get("subject", "") for h in headers]
    if all_parts_posted(subjects):
        draft.complete, draft.complete_evidence = True, "Subject: " + " / ".join(subjects)
    if "from" in first:
        draft.set("mail_author", poster_name(first["from"]), "header", f"From: {first['from']}", confidence=0.6)
    if "newsgroups" in first:
        draft.set("newsgroups", first["newsgroups"], "header", f"Newsgroups: {first['newsgroups']}")
    return posts
