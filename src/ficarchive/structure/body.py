"""The story region of a plain-text fic: chapters, chapter notes, scene breaks,
end markers, end notes, and paragraphs rebuilt from hard-wrapped lines."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

from . import patterns as pat
from .char_scan import count_tokens
from .draft import ChapterDraft, Draft
from .lines import Lines
from .front import runin_split
from .mail import find_signature, is_bare_signature, is_padding

_BOILERPLATE = re.compile(r"^(?:end\s+file\.?|-+\s*end\s+of\s+(?:file|post|message)\s*-+|\[?end\s+of\s+(?:file|post|message)\]?)$", re.IGNORECASE)
_FOOTER_SHAPE = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")


@dataclass
class _Chapter:
    draft: ChapterDraft
    heading_only: bool = True  # no story line seen yet
    # (line index, blank lines before it, scene break before it)
    items: list[tuple[int, int, bool]] = field(default_factory=list)
    pending_break: bool = False
    note_blocks: list[tuple[int, int]] = field(default_factory=list)
    notes_only: bool = False  # titled as an author's note or a hiatus notice
    front_matter: bool = False  # a Foreword or Preface heading


def read_body(lines: Lines, regions: list[tuple[int, int]], draft: Draft) -> None:
    """Fill draft.chapters from the story regions (one per post)."""
    footers = _running_footers(lines, regions)
    chapters: list[_Chapter] = []
    for index, (lo, hi) in enumerate(regions):
        hi = _trim_tail(lines, lo, hi, draft)
        starts_with_heading = _first_is_heading(lines, lo, hi)
        if index > 0 and not starts_with_heading and chapters and not chapters[-1].heading_only:
            chapters.append(_Chapter(ChapterDraft()))
        _walk(lines, lo, hi, chapters, draft, footers)
    for ch in chapters:
        _chapter_end_notes(lines, ch)
    chapters = [c for c in chapters if c.items or c.draft.notes or not c.heading_only]
    if len(chapters) > 1 and chapters[0].front_matter:
        _front_matter_to_notes(lines, chapters.pop(0), draft)
    _reorder(chapters)
    _build_paragraphs(lines, chapters)
    for number, ch in enumerate(chapters, 1):
        for i, _, _ in ch.items:
            lines.chapter[i] = number
        draft.chapters.append(ch.draft)


def _front_matter_to_notes(lines: Lines, ch: _Chapter, draft: Draft) -> None:
    """A Foreword or Preface before the first chapter speaks to the reader:
    it is a note at the beginning, not a chapter."""
    paragraphs: list[list[str]] = []
    for i, blanks, _ in ch.items:
        lines.mark(i, i + 1, "note")
        if blanks or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(lines.stripped[i])
    texts = ch.draft.notes + ["\n".join(p) for p in paragraphs]
    draft.notes_begin.append("\n\n".join(t for t in texts if t))


def _first_is_heading(lines: Lines, lo: int, hi: int) -> bool:
    for i in range(lo, hi):
        if lines.stripped[i]:
            return pat.heading(lines.raw[i]) is not None
    return False


def _walk(lines: Lines, lo: int, hi: int, chapters: list[_Chapter], draft: Draft, footers: set[str]) -> None:
    raw, stripped, marks = lines.raw, lines.stripped, lines.maybe_marker
    expect_title = False
    expect_notes = not chapters
    blanks = 0
    i = lo
    while i < hi:
        s = stripped[i]
        if not s:
            blanks += 1
            i += 1
            continue
        maybe_marker = i in marks
        if not maybe_marker and chapters and not chapters[-1].heading_only \
                and not (footers and _DIGIT.search(s) and _footer_key(s) in footers):
            # the common case: a run of plain lines in a chapter already under way
            # is story (the tests below would say the same, at a higher cost)
            cur = chapters[-1]
            items, kinds, brk = cur.items, lines.kind, cur.pending_break
            while True:
                kinds[i] = "body"
                items.append((i, blanks, brk))
                brk = False
                blanks = 0
                i += 1
                while i < hi and not stripped[i]:
                    blanks += 1
                    i += 1
                if i >= hi or i in marks or (footers and _DIGIT.search(stripped[i]) and _footer_key(stripped[i]) in footers):
                    break
            cur.pending_break = False
            expect_title = expect_notes = False
            continue
        h = pat.heading(raw[i]) if maybe_marker and _isolated(lines, i, lo, hi) else None
        if h is not None:
            cur = chapters[-1] if chapters else None
            if cur and cur.heading_only and not cur.items and (
                cur.draft.number == h.number or cur.draft.number is None or h.number is None
            ) and not cur.draft.notes:
                # a doubled heading ("Chapter 1" twice; "1. Title" then "Chapter 1: Title")
                cur.draft.number = cur.draft.number or h.number
                cur.draft.title = cur.draft.title or h.title
            else:
                chapters.append(_Chapter(ChapterDraft(number=h.number, title=h.title), front_matter=h.kind in pat.FRONT_MATTER))
            lines.mark(i, i + 1, "heading")
            i += 1
            # a by-line under the heading (round robins: each part its author)
            j = _next_nonblank(lines, i, hi)
            if j is not None and pat.byline(stripped[j]):
                draft.extend("authors", [pat.byline(stripped[j])], "header", stripped[j])
                lines.mark(j, j + 1, "heading")
                i = j + 1
            title = chapters[-1].draft.title
            chapters[-1].notes_only = bool(title and pat.NOTE_TITLE.match(title))
            expect_title = title is None
            expect_notes = True
            blanks = 0
            continue
        if not chapters:
            chapters.append(_Chapter(ChapterDraft()))
        cur = chapters[-1]
        # only the top of a chapter needs its blocks measured
        block_end = _block_end(lines, i, hi) if cur.heading_only and (expect_notes or expect_title or cur.notes_only) else i + 1
        if cur.notes_only and not pat.is_separator(raw[i]):
            _take_note(lines, i, block_end, cur, draft)
            i = block_end
            blanks = 0
            continue
        if expect_notes and cur.heading_only and _is_note_block(lines, i, block_end, in_run=bool(cur.note_blocks)):
            _take_note(lines, i, block_end, cur, draft)
            split = runin_split(lines, block_end)
            if split is not None and not _is_note_block(lines, *_next_block(lines, block_end, hi), in_run=True):
                # the note runs on into the story's first sentence
                line, offset = split
                lines.splits[line] = (offset, "note", "body")
                story = lines.raw[line][offset:].strip()
                if cur.draft.notes[-1].endswith(story):
                    cur.draft.notes[-1] = cur.draft.notes[-1][: -len(story)].rstrip()
                lines.kind[line] = "body"
                cur.items.append((line, 0, False))
                cur.heading_only = False
                expect_notes = expect_title = False
            i = block_end
            blanks = 0
            continue
        if expect_title and cur.heading_only and _is_chapter_title(lines, i, block_end):
            cur.draft.title = stripped[i].strip(" *_~#=")
            lines.mark(i, i + 1, "heading")
            expect_title = False
            i += 1
            blanks = 0
            continue
        if maybe_marker and pat.is_separator(raw[i]):
            lines.mark(i, i + 1, "separator")
            cur.pending_break = True
            i += 1
            blanks = 0
            continue
        if (maybe_marker and _BOILERPLATE.match(s)) or (footers and _DIGIT.search(s) and _footer_key(s) in footers):
            lines.mark(i, i + 1, "boilerplate")
            i += 1
            continue
        marker = pat.end_marker(raw[i]) if maybe_marker else None
        if marker is not None and _closes_part(lines, i, hi):
            lines.mark(i, i + 1, "end")
            _set_complete(draft, marker, s)
            i += 1
            blanks = 0
            continue
        lines.kind[i] = "body"  # (chapter numbers are set once chapters are final)
        cur.items.append((i, blanks, cur.pending_break))
        cur.pending_break = False
        cur.heading_only = False
        expect_title = expect_notes = False
        blanks = 0
        i += 1


def _isolated(lines: Lines, i: int, lo: int, hi: int) -> bool:
    """Headings stand alone: a blank (or the region's edge) above, or a shouting/centred line."""
    above = i == lo or not lines.stripped[i - 1]
    if above:
        return True
    s = lines.stripped[i]
    return s.isupper() or pat.is_centred(lines.raw[i])


def _next_nonblank(lines: Lines, i: int, hi: int) -> int | None:
    while i < hi:
        if lines.stripped[i]:
            return i
        i += 1
    return None


def _next_block(lines: Lines, i: int, hi: int) -> tuple[int, int]:
    j = _next_nonblank(lines, i, hi)
    if j is None:
        return hi - 1, hi
    return j, _block_end(lines, j, hi)


def _block_end(lines: Lines, i: int, hi: int) -> int:
    while i < hi and lines.stripped[i]:
        i += 1
    return i


_DISCLAIMER_NOTE = re.compile(r"^[\s*_]*disclaimers?[\s*_]*[:\-][\s*_]*(.+)$", re.IGNORECASE | re.DOTALL)
_STRONG_META = pat.CaselessWords(
    r"\b(?:reviews?|reviewers?|review!|fic|fanfic|fanfiction|fan\s+fiction|disclaimer|a/n|beta(?:'d|ed)?|"
    r"updates?|updating|nanowrimo|cliffhanger|favou?rites?|follows?|kudos|readers?)\b",
    hints=("review", "fic", "disclaimer", "a/n", "beta", "updat", "nanowrimo", "cliffhanger", "fav", "follow", "kudos",
           "reader"),
)
_WEAK_META = pat.CaselessWords(r"\b(?:story|chapter|chapters|read|reading|post|posted|posting|sue|own|enjoy|sorry|thanks|thank)\b",
                               hints=("story", "chapter", "read", "post", "sue", "own", "enjoy", "sorry", "thank"))
_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|my|me|you|your|you're|you'll|y'all|guys)\b")


def _holds_quote(text: str) -> bool:
    """A straight or curly double quotation mark anywhere in the text (three
    C scans, where a character class was tried at every position)."""
    return '"' in text or "“" in text or "”" in text


_REPLY_LABEL = re.compile(r"^[*_]*[\w.\- ]{1,24}:[*_]*\s")


def _is_note_block(lines: Lines, a: int, b: int, in_run: bool = False) -> bool:
    """An aside to readers: `A/N: ...`, a bold note, reviewer replies, `Review!`."""
    first = lines.stripped[a]
    if pat.opens_note(first):
        return True
    text = " ".join(lines.stripped[a:b])
    if first.startswith(("**", "__")) and text.rstrip().endswith(("**", "__")) and pat.is_author_voice(text):
        return True
    if in_run and (b - a == 1 and pat.sign_off(first) or _wholly_bold(text)):
        return True  # the note's sign-off, or more of a run of notes set in bold
    if _holds_quote(text):
        return False
    if _NOTICE.found(text):
        return True  # a copyright or distribution notice
    words = count_tokens(text)
    if in_run and _REPLY_LABEL.match(first):
        return True
    if _STRONG_META.found(text) and (_PERSON.search(text) or words <= 15):
        return True
    if in_run and _WEAK_META.found(text) and (_PERSON.search(text) or words <= 10):
        return True
    return False


def _wholly_bold(text: str) -> bool:
    inner = text.strip(" \"'“”‘’")
    return len(inner) > 4 and inner.startswith(("**", "__")) and inner.endswith(("**", "__"))


def _take_note(lines: Lines, a: int, b: int, cur: _Chapter, draft: Draft) -> None:
    lines.mark(a, b, "note")
    cur.note_blocks.append((a, b))
    text = _strip_bold("\n".join(lines.stripped[a:b]))
    cur.draft.notes.append(text)
    m = _DISCLAIMER_NOTE.match(text)
    if m:
        draft.set("disclaimer", " ".join(m.group(1).split()), "header", text[:200], confidence=0.9)
    named = pat.story_copyright(" ".join(text.split()))
    if named:
        draft.extend("authors_copyright", [named[0]], "header", named[1])


def _strip_bold(text: str) -> str:
    """Notes are kept without the bold that marks them off in the source."""
    return re.sub(r"\*\*|__", "", text).strip()


def _is_chapter_title(lines: Lines, a: int, b: int) -> bool:
    if b - a != 1:
        return False
    s = lines.stripped[a].strip(" *_~#=")
    words = s.split()
    if not words or len(words) > 9 or s.endswith((".", ",", ";", "?", "!", '"', "”", ":")) or s.startswith(('"', "“", "'")):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps / len(words) >= 0.6 and caps >= 1


def _closes_part(lines: Lines, i: int, hi: int) -> bool:
    """An end marker closes a part when only headings, notes or nothing follow."""
    j = _next_nonblank(lines, i + 1, hi)
    return j is None or pat.heading(lines.raw[j]) is not None or pat.opens_note(lines.stripped[j])


def _set_complete(draft: Draft, marker: bool, evidence: str) -> None:
    if marker:
        draft.complete, draft.complete_evidence = True, evidence
    elif draft.complete is not True:
        draft.complete, draft.complete_evidence = False, evidence


def _trim_tail(lines: Lines, lo: int, hi: int, draft: Draft) -> int:
    """Label what closes a post (signature, end marker, end notes); return the
    end of the story lines."""
    sig = find_signature(lines, lo, hi)
    if sig is not None:
        lines.mark(sig, hi, "boilerplate")
        hi = sig
    blocks = lines.blocks(lo, hi)
    hi = _trim_padding_and_sig(lines, blocks, hi)
    blocks = [(a, b) for a, b in blocks if a < hi]
    if not blocks:
        return hi
    total = None  # words in the post, counted only if the tail gets long
    after = 0
    # the lines worth an end-marker test, so that a block's other lines are only counted
    candidates = lines.markers_between(lo, hi)
    # an end marker near the end, with only a little (notes, a signature,
    # footnotes) after it
    for k in range(len(blocks) - 1, max(-1, len(blocks) - 40), -1):
        a, b = blocks[k]
        for i in reversed(candidates[bisect_left(candidates, a):bisect_left(candidates, b)]):
            marker = pat.end_marker(lines.raw[i])
            if marker is not None:
                _after_marker(lines, i + 1, hi, draft)
                lines.mark(i, i + 1, "end")
                _set_complete(draft, marker, lines.stripped[i])
                return i
        after += sum(map(count_tokens, lines.stripped[a:b]))
        if after > 120:
            if total is None:
                total = sum(map(count_tokens, lines.stripped[blocks[0][0]:blocks[-1][1]]))
            if after > max(120, total * 0.15):
                break
    note_from = None
    for k in range(len(blocks) - 1, max(-1, len(blocks) - 8), -1):
        a, b = blocks[k]
        if _BOILERPLATE.match(lines.stripped[a]) and b - a == 1:
            lines.mark(a, b, "boilerplate")
            hi = a
            continue
        if _is_end_note(lines, k, blocks):
            note_from = k
            continue
        break
    if note_from is not None:
        a = blocks[note_from][0]
        _after_marker(lines, a, hi, draft)
        for x, _ in blocks[note_from:]:
            name = pat.byline(lines.stripped[x])
            if name and not draft.get("authors"):
                draft.extend("authors", [name], "header", lines.stripped[x])
        return a
    return hi


def _trim_padding_and_sig(lines: Lines, blocks: list[tuple[int, int]], hi: int) -> int:
    """Trailing padding bytes, and a signature block without its `-- ` line,
    are boilerplate; return the new end of the post."""
    sig_seen = False
    for a, b in reversed(blocks[1:]):
        stripped = lines.stripped[a:b]
        if all(is_padding(s) for s in stripped):
            pass
        elif not sig_seen and is_bare_signature(stripped):
            sig_seen = True
        else:
            break
        lines.mark(a, b, "boilerplate")
        hi = a
    return hi


# Rights and distribution notices: notes to readers wherever they stand.
_NOTICE = pat.CaselessWords(
    r"public\s+domain|all\s+rights\s+reserved|(?:is|are)\s+(?:the\s+)?(?:property|copyright)\s+of|"
    r"copyright(?:ed)?\s+(?:\(c\)\s*)?(?:\d{4}|by)\b|©|\(c\)\s*\d{4}|"
    r"(?:do\s+not|don'?t)\s+(?:remove|archive|distribute|redistribute|repost|alter)\b|"
    r"(?:may|can)\s+be\s+(?:freely\s+)?(?:archived|distributed|redistributed|reposted|copied)\b|this\s+notice",
    hints=("public", "reserved", "property", "copyright", "©", "(c)", "remove", "archive", "distribute", "repost",
           "alter", "copied", "notice"),
)


def _is_end_note(lines: Lines, k: int, blocks: list[tuple[int, int]]) -> bool:
    a, b = blocks[k]
    if pat.opens_note(lines.stripped[a]):
        return True
    if k == 0:
        return False
    text = " ".join(lines.stripped[a:b])
    if b - a <= 8 and (pat.byline(lines.stripped[a]) or _NOTICE.found(text) and not _holds_quote(text)):
        return True  # a closing credit ("Written by ...") or a rights notice
    gap = a - blocks[k - 1][1]
    if gap <= 2:  # (never wider than the usual gap + 1, which is 2 at least: the count below is not needed)
        return False
    others = Counter(blocks[x][0] - blocks[x - 1][1] for x in range(1, len(blocks)) if x != k)
    usual = others.most_common(1)[0][0] if others else 1
    return gap > max(usual, 1) + 1 and b - a <= 4 and pat.is_author_voice(text) and count_tokens(text, 60) < 60


def _after_marker(lines: Lines, a: int, hi: int, draft: Draft) -> None:
    """What follows the end marker: end notes to the reader, or a signature
    (name, date) that is boilerplate."""
    for x, y in lines.blocks(a, hi):
        text = "\n".join(lines.stripped[x:y])
        if all(len(s.split()) <= 5 for s in lines.stripped[x:y]) and not pat.opens_note(lines.stripped[x]) \
                and not pat.is_author_voice(text):
            lines.mark(x, y, "boilerplate")
        else:
            lines.mark(x, y, "note")
            draft.notes_end.append(_strip_bold(text))


def _chapter_end_notes(lines: Lines, ch: _Chapter) -> None:
    """Note blocks closing a chapter's text are chapter notes, not story."""
    taken: list[str] = []
    while ch.items:
        last = ch.items[-1][0]
        first = last
        while first > 0 and lines.stripped[first - 1] and lines.kind[first - 1] == "body":
            first -= 1
        remaining = [it for it in ch.items if it[0] < first]
        if not remaining or not _is_note_block(lines, first, last + 1, in_run=bool(taken)):
            break  # never turn a whole chapter into a note by this rule
        ch.items = remaining
        lines.mark(first, last + 1, "note")
        taken.append(_strip_bold("\n".join(lines.stripped[first:last + 1])))
    ch.draft.notes.extend(reversed(taken))


def _footer_key(s: str) -> str:
    return _FOOTER_SHAPE.sub("#", s.lower())


def _running_footers(lines: Lines, regions: list[tuple[int, int]]) -> set[str]:
    """Short lines that repeat with a changing number (`Name - 12`): page footers."""
    stripped = lines.stripped
    numbered = [i for lo, hi in regions for i in range(lo, hi) if 0 < len(stripped[i]) < 60 and _DIGIT.search(stripped[i])]
    if len(numbered) < 3:  # (no key can be counted three times: none is made)
        return set()
    keyed = [(i, _footer_key(stripped[i])) for i in numbered]
    counts = Counter(key for _, key in keyed)
    frequent = {k for k, v in counts.items() if v >= 3 and any(c.isalpha() for c in k)}
    if not frequent:
        return frequent
    # headings are no footers: the keys that may be are counted again without them
    counts = Counter(key for i, key in keyed if key in frequent and pat.heading(lines.raw[i]) is None)
    return {k for k, v in counts.items() if v >= 3}


def _reorder(chapters: list[_Chapter]) -> None:
    """Parts posted out of order (1-5, 11-15, 6-10) go back into story order
    when every chapter's heading numbers it and the numbers are 1..N."""
    numbers = [c.draft.number for c in chapters]
    if len(numbers) > 1 and all(n is not None for n in numbers) and sorted(numbers) == list(range(1, len(numbers) + 1)) \
            and numbers != sorted(numbers):
        chapters.sort(key=lambda c: c.draft.number)


# ---------------------------------------------------------------- paragraphs

def _build_paragraphs(lines: Lines, chapters: list[_Chapter]) -> None:
    items = [it for ch in chapters for it in ch.items]
    if not items:
        return
    gaps = _tally(map(itemgetter(1), islice(items, 1, None)))  # blank lines before each line but the first
    usual_gap = max(gaps, key=gaps.__getitem__) if gaps else 1  # (the first seen of the commonest, as most_common)
    total_gaps = sum(gaps.values()) or 1
    wide = sum(v for g, v in gaps.items() if g >= max(1, 2 * usual_gap))
    # extra blank lines are scene breaks only where the spacing is otherwise
    # regular and they are the exception
    wide_sizes = {g for g in gaps if g >= max(1, 2 * usual_gap)}
    blank_breaks = gaps.get(usual_gap, 0) * 3 >= total_gaps * 2 and wide * 3 <= total_gaps and len(wide_sizes) <= 1
    # each line's width (no trailing space) and indent, tabs as 8 columns
    raws = [lines.raw[i] for i, _, _ in items]
    expanded = [r.expandtabs(8) if "\t" in r else r for r in raws]
    widths = [len(r.rstrip()) for r in expanded]
    style = _wrap_style(items, widths, expanded, joined=gaps.get(0, 0))
    if usual_gap == 0 and not (style.wrapped and style.indented):
        blank_breaks = False  # lines as paragraphs (verse): a blank line is a stanza, not a scene
    threshold = max(1, 2 * usual_gap)
    texts = _line_texts(lines, items)
    at = 0  # position of the line in `items`, `texts`, `widths` and `style.indents`
    if not style.wrapped:  # every line is a paragraph
        for ch in chapters:
            for k, (i, blanks, brk) in enumerate(ch.items):
                if brk or (k > 0 and blank_breaks and blanks >= threshold):
                    ch.draft.scene_break()
                ch.draft.add_paragraph(texts[at])
                at += 1
        return
    for ch in chapters:
        para: list[str] = []
        prev_len = 0
        for k, (i, blanks, brk) in enumerate(ch.items):
            text = texts[at]
            # a break is a gap clearly wider than the usual one: twice it, or any blank where none is usual
            scene_break = brk or (k > 0 and blank_breaks and blanks >= threshold)
            if k == 0:
                new_para = True
            elif scene_break or blanks > 0:
                new_para = True
            elif not style.wrapped:
                new_para = True
            else:
                new_para = (style.indented and style.indents[at] > style.base_indent) or prev_len < style.short_line
            if new_para and para:
                ch.draft.add_paragraph(" ".join(para))
                para = []
            if scene_break:
                ch.draft.scene_break()
            para.append(text)
            prev_len = widths[at]
            at += 1
        if para:
            ch.draft.add_paragraph(" ".join(para))


def _tally(values) -> dict:
    """How many times each value comes, in the order first seen: a Counter's
    counts, without what building one and asking it costs on a short story."""
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


_RUN_OF_SPACES = re.compile(r"[ \t][ \t]+")  # (a class first, which the regex engine scans for fast)


def _line_texts(lines: Lines, items: list[tuple[int, int, bool]]) -> list[str]:
    """Each story line's text: stripped (from where a note split off it, if
    one did), runs of spaces and tabs made one space."""
    splits, stripped, raw = lines.splits, lines.stripped, lines.raw
    texts = [raw[i][splits[i][0]:].strip() if i in splits else stripped[i] for i, _, _ in items]
    return [_RUN_OF_SPACES.sub(" ", t) if "  " in t or "\t" in t else t for t in texts]


@dataclass
class _WrapStyle:
    wrapped: bool
    indented: bool
    base_indent: int
    short_line: int
    indents: list[int] = field(default_factory=list)  # each line's, when wrapped


def _wrap_style(items: list[tuple[int, int, bool]], widths: list[int], expanded: list[str], joined: int) -> _WrapStyle:
    """`joined`: how many lines follow the line before with no blank line between."""
    if len(widths) < 4:
        return _WrapStyle(False, False, 0, 0)
    ordered = sorted(widths)
    width = ordered[int(len(ordered) * 0.9)]
    # consecutive non-blank lines (a paragraph broken over lines) are the mark of wrapping
    wrapped = width <= 100 and joined / len(items) > 0.3
    if not wrapped:
        return _WrapStyle(False, False, 0, int(width * 0.6))
    indents = [len(r) - len(r.lstrip()) for r in expanded]
    base = min(indents)
    deeper = sum(1 for ind in indents if ind > base)
    indented = 0.05 < deeper / len(items) < 0.7
    return _WrapStyle(True, indented, base, int(width * 0.6), indents)
