"""The front of a plain-text story: header fields, title and by-line, author's
notes and prose preambles, up to the line where the story itself begins."""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as pat
from .apply import apply_labelled, parse_series
from .char_scan import count_tokens
from .draft import Draft, collapse
from .fields import labelled
from .lines import Lines

_COPYRIGHT = re.compile(r"^\s*(?:\(c\)|©|copyright)\s*(?:\(c\)|©)?\s*(?:copyright\s+)?(?:\d{4}[\s,\-–]*)*(?:by\s+)?(?P<name>[^\d,.(]{2,60}?)?[\s.,]*(?:\d{4})?[\s.]*$", re.IGNORECASE)
_SERIES_LINE = re.compile(
    r"^(?:(?P<name1>.{2,80}?)\s+series\s*[,:\-]?\s*(?:part\s+|#|no\.?\s*|book\s+)?(?P<num1>[IVXLC]{1,7}|\d{1,3})"
    r"|(?:part|book|story|installment)\s+(?P<num2>\w+)\s+(?:of|in)\s+(?:the\s+)?(?P<name2>.{2,80}?)(?:\s+series|\s+saga|\s+cycle|\s+arc)?"
    r"|(?P<name3>.{2,80}?)\s+(?:series|saga|cycle|arc)?,?\s*(?:part|book)\s+(?P<num3>[IVXLC]{1,7}|\d{1,3}|\w+))\s*[.:]?$",
    re.IGNORECASE,
)


# What every form above must have at one end: a part/book/story word at the
# start, or at the end (read backwards) a number or a word after part/book.
_SERIES_HEAD = re.compile(r"(?:part|book|story|installment)", re.IGNORECASE)
_SERIES_TAIL_REVERSED = re.compile(r"[.:]?\s*(?:[IVXLC]|\d|\w+\s+(?:trap|koob))", re.IGNORECASE)


def _series_line(s: str) -> re.Match | None:
    # (the pattern tries every start of a name up to 80 characters: prose
    # is turned away here far faster, by its ends or by its words. An ASCII
    # line is lower-cased cheaply, and its words turn away more than its
    # ends do, for less than copying it backwards: they are asked first.
    # Any other line is lower-cased slowly: only where its ends let it by.)
    if s.isascii():
        if not _has_series_word(s.lower()):
            return None
        if not _series_head(s) and not (_could_end_series(s) and _SERIES_TAIL_REVERSED.match(s[::-1])):
            return None
        return _SERIES_LINE.match(s)
    if not _series_head(s) and not (_could_end_series(s) and _SERIES_TAIL_REVERSED.match(s[::-1])):
        return None
    if not _has_series_word(s.lower()):
        return None
    return _SERIES_LINE.match(s)


def _has_series_word(low: str) -> bool:
    """Every form of `_SERIES_LINE` holds one of these words or starts with
    story or installment (`low`: the line lower-cased)."""
    return "series" in low or "part" in low or "book" in low or low.startswith(("story", "installment"))


def _series_head(s: str) -> bool:
    """`_SERIES_HEAD` matches `s`: never where `s` opens with an ASCII
    character that is none of the words' first letters (only the `i` of
    installment has non-ASCII kin under IGNORECASE: `İ`, `ı`)."""
    first = s[:1]
    if first.isascii() and first not in _SERIES_HEAD_FIRST:
        return False
    return _SERIES_HEAD.match(s) is not None


_SERIES_HEAD_FIRST = frozenset("pPbBsSiI")


def _could_end_series(s: str) -> bool:
    """False where `_SERIES_TAIL_REVERSED` cannot match `s` reversed: each of
    its forms opens with `[.:]?`, spaces, then a word character, so a line
    ending in anything else (a quote, `!`, `?`) is turned away uncopied."""
    end = s[-1:]
    if end in (".", ":"):
        end = s[-2:-1]
    return not end or end.isspace() or end.isalnum() or end == "_"


_DISCLAIMER_WORDS = pat.Hinted(re.compile(
    r"disclaim|\bowns\b|don'?t\s+sue|do\s+not\s+sue|(?:don'?t|do\s+not|never)\s+own|own\s+(?:none|nothing)|belongs?\s+to|property\s+of|"
    r"no\s+(?:copyright\s+)?infringement|not\s+mine|borrowed|no\s+money|not\s+making\s+(?:any\s+)?(?:money|profit)",
), hints=("disclaim", "own", "sue", "belong", "property", "infringement", "mine", "borrowed", "money", "profit"))
# (matched against lower-cased text: far faster than re.IGNORECASE on long blocks)
_NOTE_WORDS = pat.Hinted(re.compile(
    r"\b(?:fic|fanfic|fan\s?fiction|story|chapter|review|feedback|comments?|e-?mail|flames?|beta|archive|"
    r"distribution|redistribution|publication|post(?:ed|ing)?|repost(?:ed|ing)?|spoilers?|takes\s+place|set\s+(?:after|before|during|in)|"
    r"disclaimers?|disclaim|copyright|infringement|sue|enjoy|author|writer|sequel|prequel|rated|dedicated|written\s+for)\b",
), hints=("fic", "story", "chapter", "review", "feedback", "comment", "mail", "flame", "beta", "archive", "distribution",
          "publication", "post", "spoiler", "place", "set", "disclaim", "copyright", "infringement", "sue", "enjoy",
          "author", "writer", "sequel", "prequel", "rated", "dedicated", "written"))  # lower-cased text, as above
_ZONE_LINES = 160


_COPYRIGHT_START = re.compile(r"^\s*(?:\(c\)|©|copyright)", re.IGNORECASE)
_COPYRIGHT_FIRST = ("(", "©", "c", "C")  # how a stripped line it matches opens


def _disclaims(text: str) -> bool:
    return _DISCLAIMER_WORDS.search(text.lower()) is not None


def _copyright_line(line: str) -> str:
    return re.sub(r"\s*all rights reserved\.?.*$", "", line, flags=re.IGNORECASE)


@dataclass(slots=True)
class Block:
    first: int
    end: int
    kind: str  # fields | title | separator | note | maybe_note | prose | heading | copyright
    byline: bool = False  # (a title block) it names its author (a flag: no dict made for every block)


@dataclass
class Front:
    story_start: int  # first line of the story region
    runin: tuple[int, int] | None = None  # (line, offset) where a note runs into the story


def read_front(lines: Lines, lo: int, hi: int, draft: Draft, first_post: bool = True, titles: bool = True) -> Front:
    """Label the front of [lo, hi) and record what it says into `draft`."""
    zone_end = min(hi, lo + max(_ZONE_LINES, (hi - lo) // 4))
    labels = _Labels(lines)
    # a scene break stands apart from the lines around it (every one is a maybe_marker line)
    rules = [i for i in lines.markers_between(lo, zone_end) if pat.is_separator(lines.raw[i])]
    blocks = [_classify(lines, a, b, labels) for a, b in lines.blocks(lo, zone_end, apart=rules)]
    if not blocks:
        return Front(hi)
    if titles:
        blocks = _merge_split_bylines(lines, blocks)
        _promote_titles(lines, blocks)
    else:
        for b in blocks:
            if b.kind == "title":
                b.kind = "prose"
    start_idx = _story_start(lines, blocks, more_below=zone_end < hi)
    start_line = blocks[start_idx].first if start_idx < len(blocks) else zone_end
    # A single-block front that looks like a title but is the story's first
    # line (a very short story) stays story.
    for b in blocks[:start_idx]:
        _record(lines, b, draft, first_post, labels)
    front = Front(start_line)
    if start_idx > 0:
        last = blocks[start_idx - 1]
        single = last.end - last.first == 1
        split = runin_split(lines, last.end) if last.kind in ("note", "fields") and single else None
        if split is not None:
            front.runin = split
            front.story_start = last.end - 1
            line, offset = split
            lines.splits[line] = (offset, "note", "body")
            lines.kind[line] = "body"
            story_part = lines.raw[line][offset:].strip()
            if draft.notes_begin and draft.notes_begin[-1].endswith(story_part):
                draft.notes_begin[-1] = draft.notes_begin[-1][: -len(story_part)].rstrip()
    return front


class _Labels(dict):
    """Line index -> what `labelled` makes of the line (unknown labels
    allowed), each line read once: classifying a block and recording its
    fields ask about the same lines."""

    def __init__(self, lines: Lines):
        super().__init__()
        self.stripped = lines.stripped

    def __missing__(self, i: int):
        self[i] = hit = labelled(self.stripped[i], allow_unknown=True)
        return hit


def _classify(lines: Lines, a: int, b: int, labels: _Labels) -> Block:
    stripped = lines.stripped[a:b]
    first = stripped[0]
    if a in lines.maybe_marker:  # (a part range, heading, end marker or scene break always is)
        raw0 = lines.raw[a]
        if b - a == 1 and pat.part_range(first):
            return Block(a, b, "part")
        if pat.heading(raw0):
            return Block(a, b, "heading")
        if b - a == 1 and pat.end_marker(raw0) is not None:
            return Block(a, b, "end")
        if all(pat.is_separator(s) for s in stripped):
            return Block(a, b, "separator")
    first_label = labels[a]  # a known label, or else an unknown one
    if first_label and first_label.field is not None and first_label.field != "part":
        return Block(a, b, "fields")
    if b - a == 1:  # (a paragraph: no more labels to count, one line to look at)
        unknown_labels = 1 if first_label else 0
        if ("@" in first or "http" in first) and not pat.byline(first):
            return Block(a, b, "maybe_note")
    else:
        unknown_labels = bool(first_label) + sum(1 for i in range(a + 1, min(b, a + 8)) if labels[i])
        if unknown_labels >= 2 and unknown_labels * 2 >= min(len(stripped), 8):
            return Block(a, b, "fields")
        if _is_contact(stripped) and not any(pat.byline(x) for x in stripped):
            return Block(a, b, "maybe_note")
    # (a one-line block, the commonest, goes straight to its own test)
    if _is_title_line(lines.raw[a], first) if b - a == 1 else len(stripped) <= 6 and _is_title_block(lines.raw[a:b], stripped):
        return Block(a, b, "title", any(pat.byline(x) or pat.bare_by(x) or pat.title_by(x) for x in stripped))
    if len(stripped) <= 4 and first[:1] in _COPYRIGHT_FIRST and _COPYRIGHT_START.match(first) and _COPYRIGHT.match(_copyright_line(first)):
        return Block(a, b, "copyright")
    if pat.opens_note(first) or (first.startswith(("**", "__")) and pat.is_author_voice(" ".join(stripped))):
        return Block(a, b, "note")
    if unknown_labels == 1 and first_label:
        return Block(a, b, "maybe_note")
    # maybe_note or prose: told apart only where the story's start depends on it
    return Block(a, b, "text")


def _resolve(lines: Lines, block: Block) -> None:
    """Settle a `text` block as `maybe_note` (it reads like a note) or `prose`."""
    if block.kind == "text":
        stripped = lines.stripped[block.first:block.end]
        text = " ".join(stripped)
        low = text.lower()  # (`_disclaims` of the same text, lower-cased once)
        noteish = _NOTE_WORDS.search(low) or _DISCLAIMER_WORDS.search(low) is not None or _is_contact(stripped)
        block.kind = "maybe_note" if noteish else "prose"


def _title_like(s: str) -> bool:
    words = count_tokens(s, 13)  # (a thirteenth word is enough to say no)
    return 0 < words <= 12 and not (s.endswith((".", ",", ";", "!", "?", ":")) and not s.endswith("...")) \
        and not s.startswith(('"', "“", "'"))


def _merge_split_bylines(lines: Lines, blocks: list[Block]) -> list[Block]:
    """`by` on a line of its own, the name in the next block (centred title pages)."""
    out: list[Block] = []
    skip = False
    for k, b in enumerate(blocks):
        if skip:
            skip = False
            continue
        last = lines.stripped[b.end - 1]
        # (`bare_by` needs a last `y` or `:`, which lower-casing neither makes nor unmakes)
        if last[-1:] in ("y", "Y", ":") and pat.bare_by(last.lower()) and k + 1 < len(blocks) and blocks[k + 1].end - blocks[k + 1].first == 1:
            first = b.first
            if out and out[-1].kind == "title" and b.end - b.first == 1:
                first = out.pop().first  # the title above belongs with it
            out.append(Block(first, blocks[k + 1].end, "title", byline=True))
            skip = True
        else:
            out.append(b)
    return out


def _promote_titles(lines: Lines, blocks: list[Block]) -> None:
    """A lone short line right above a by-line, a series line, header fields or
    a chapter heading is a title, however plain it looks."""
    for k in range(len(blocks) - 1):
        b, nxt = blocks[k], blocks[k + 1]
        if b.kind not in ("prose", "maybe_note", "text") or b.end - b.first > 2:
            continue
        if b.end - b.first == 2 and nxt.kind != "heading":
            continue
        # (what follows is asked first: it rules out most blocks at once)
        if not (nxt.kind in ("fields", "heading") or (nxt.kind == "title" and k == 0) or
                (nxt.kind == "title" and pat.byline(lines.stripped[nxt.first]))):
            continue
        if all(_title_like(x) for x in lines.stripped[b.first:b.end]):
            b.kind = "title"


def _is_contact(stripped: list[str]) -> bool:
    """A short block of a name and an address, a signature on a preamble."""
    return len(stripped) <= 3 and any("@" in s or "http" in s for s in stripped)


def _is_title_block(raw: list[str], stripped: list[str]) -> bool:
    if len(stripped) == 1:
        return _is_title_line(raw[0], stripped[0])
    if any(pat.byline(s) or pat.bare_by(s) for s in stripped):
        return True
    if len(stripped) <= 3 and any(_series_line(s) for s in stripped[1:]):
        return True
    # more than 18 words in all: no line need be split past its 20th word to tell
    if sum(count_tokens(s, 19) for s in stripped) > 18:
        return False
    return _centred_or_capitals(raw, stripped)


# What a by-line (`by`, `written by`) opens with: no other character lower-cases to b or w.
_BYLINE_FIRST = ("b", "B", "w", "W")
# What a line that opens with decoration starts with (`decorated_title`).
_DECORATION = frozenset("~*_=#<>[]{}|+-")


def _is_title_line(raw: str, s: str) -> bool:
    """`_is_title_block` of a one-line block, the commonest block (a
    paragraph): each test only where the cheap look it starts with lets
    it through."""
    if s[:1] in _BYLINE_FIRST and (s[:2].lower() == "by" or s[:7].lower() == "written") and pat.byline(s):
        return True
    if s[-1:] in ("y", "Y", ":") and pat.bare_by(s):
        return True
    if "by" in s and pat.title_by(s):
        return True
    if s[:1] in _DECORATION and pat.decorated_title(s):
        return True
    if _series_line(s):
        return True
    if count_tokens(s, 19) > 18:
        return False
    return _centred_or_capitals([raw], [s])


def _centred_or_capitals(raw: list[str], stripped: list[str]) -> bool:
    if all(pat.is_centred(r) or pat.is_separator(s) for r, s in zip(raw, stripped)):
        return True
    if stripped[-1].endswith(("?", "!")):
        return False
    text = "".join(stripped)
    if text.isascii():  # letters and capitals counted on bytes, in C
        data = text.encode("ascii")
        letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
        capitals = len(data) - len(data.translate(None, _ASCII_CAPITALS))
        return letters > 0 and capitals / letters > 0.8
    # (a fifth of the line in ASCII small letters already keeps capitals to
    # 80% of the letters at most; UTF-8 holds ASCII letters only as themselves)
    data = text.encode("utf-8", "surrogatepass")
    if (len(data) - len(data.translate(None, _ASCII_SMALL))) * 5 >= len(text):
        return False
    letters = "".join(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) / len(letters) > 0.8


_ASCII_CAPITALS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_SMALL = _ASCII_CAPITALS.lower()
_ASCII_LETTERS = _ASCII_CAPITALS + _ASCII_SMALL


def _story_start(lines: Lines, blocks: list[Block], more_below: bool) -> int:
    """Index of the block where the story begins."""
    header_kinds = ("fields", "title", "separator", "note", "copyright", "part")
    candidate = next((k for k, b in enumerate(blocks) if b.kind not in header_kinds), len(blocks))

    def kind(b: Block) -> str:
        # a `text` block is read for note words only when a rule asks: that
        # reading costs most, and a long prose block is usually never asked about
        _resolve(lines, b)
        return b.kind

    if candidate < len(blocks) and blocks[candidate].kind == "heading":
        return candidate
    # notes to the reader right above the first chapter heading are a preamble
    k = candidate
    while k < len(blocks) and k - candidate < 6 and kind(blocks[k]) in ("maybe_note", "note", "separator", "copyright"):
        k += 1
    if candidate < k < len(blocks) and blocks[k].kind == "heading":
        return k
    # A title with a by-line further down, after prose that reads like notes to
    # the reader: that prose is a preamble, and the story follows the title.
    titles = [k for k in range(candidate, len(blocks)) if blocks[k].kind == "title"]
    strong = [k for k in titles if blocks[k].byline]
    if strong and all(b.kind not in ("heading", "end") for b in blocks[candidate:strong[0]]):
        start = _skip_header_run(blocks, strong[0])
        # a credit closing a short story ("Written by ...") opens nothing
        if start < len(blocks) or more_below:
            return start
    if titles and titles[0] - candidate <= 6:
        between = blocks[candidate:titles[0]]
        if between and all(kind(b) in ("maybe_note", "note", "fields", "separator", "copyright") or (b.kind == "prose" and _short(b)) for b in between) \
                and any(b.kind in ("maybe_note", "note") for b in between):
            return _skip_header_run(blocks, titles[0])
    # A separator rule after a preamble: the story starts below it.
    sep = next((k for k in range(candidate, min(len(blocks), candidate + 12)) if blocks[k].kind == "separator"), None)
    if sep is not None:
        between = blocks[candidate:sep]
        if all(kind(b) in ("maybe_note", "note", "copyright", "title") for b in between):
            return _skip_header_run(blocks, sep)
    return candidate


def _short(block: Block) -> bool:
    return block.end - block.first <= 2


def _skip_header_run(blocks: list[Block], k: int) -> int:
    while k < len(blocks) and blocks[k].kind in ("title", "separator", "fields", "copyright", "note", "part"):
        k += 1
    return k


def _record(lines: Lines, block: Block, draft: Draft, first_post: bool, labels: _Labels) -> None:
    a, b = block.first, block.end
    stripped = lines.stripped[a:b]
    source = "header"
    if block.kind == "fields":
        lines.mark(a, b, "header")
        _record_fields(lines, a, b, draft, source, labels)
    elif block.kind == "title":
        lines.mark(a, b, "title")
        _record_title_block(lines, a, b, draft, first_post)
    elif block.kind == "separator":
        lines.mark(a, b, "separator")
    elif block.kind == "part":
        lines.mark(a, b, "header")
        if first_post:
            draft.add_header_field("parts", stripped[0])
    elif block.kind == "copyright":
        lines.mark(a, b, "header")
        m = _COPYRIGHT.match(_copyright_line(stripped[0]))
        name = pat.clean_name(m.group("name") or "") if m else ""
        if name and len(name.split()) <= 5:
            draft.extend("authors_copyright", [name], source, stripped[0])
    else:  # note, maybe_note, prose before a title: a preamble to the reader
        lines.mark(a, b, "note")
        text = "\n".join(stripped)
        draft.notes_begin.append(text)
        if _disclaims(text):
            sentences = [s.strip() for s in pat.split_sentences(collapse(text)) if _disclaims(s)]
            draft.set("disclaimer", " ".join(sentences), source, sentences[0][:200] if sentences else None, confidence=0.7)
        named = pat.story_copyright(collapse(text))
        if named:
            draft.extend("authors_copyright", [named[0]], source, named[1])


def _record_fields(lines: Lines, a: int, b: int, draft: Draft, source: str, labels: _Labels) -> None:
    current = None  # [field, label, [values]]
    entries = []
    for i in range(a, b):
        line = lines.stripped[i]
        hit = labels[i]
        if hit and (hit.field is not None or current is None or current[0] not in ("notes", "summary", "disclaimer")):
            current = [hit.field, hit.label, [hit.value] if hit.value else []]
            entries.append(current)
        elif current is not None:
            current[2].append(line)
        else:
            current = ["notes", "note", [line]]
            entries.append(current)
    for field_name, label, values in entries:
        joiner = "\n" if field_name == "notes" else " "
        value = joiner.join(values)
        if field_name in ("notes",):
            lines.mark(a, b, "note")
        apply_labelled(draft, field_name, label, value, source)


def _record_title_block(lines: Lines, a: int, b: int, draft: Draft, first_post: bool) -> None:
    stripped = [s for s in lines.stripped[a:b] if s]
    k = 0
    title_set = False
    while k < len(stripped):
        s = pat.unruled(stripped[k])
        ev = s[:200]
        if pat.is_separator(s):
            k += 1
            continue
        banner = pat.franchise_banner(s) if len(stripped) > 1 else None
        if banner:
            draft.extend("fandoms", [banner], "header", ev)
            k += 1
            continue
        field = labelled(s)
        if field is not None and field.field not in ("authors", "part"):
            apply_labelled(draft, field.field, field.label, field.value, "header")
            k += 1
            continue
        name = pat.byline(s)
        if pat.bare_by(s) and k + 1 < len(stripped):
            name = pat.clean_name(stripped[k + 1])
            k += 1
        if name:
            draft.extend("authors", [name], "header", ev)
            k += 1
            continue
        tb = pat.title_by(s)
        if tb and not title_set:
            draft.set("title", tb[0], "header", ev)
            draft.extend("authors", [tb[1]], "header", ev)
            title_set = True
            k += 1
            continue
        m = _series_line(s)
        if m and (title_set or k > 0 or len(stripped) == 1):
            name_ = m.group("name1") or m.group("name2") or m.group("name3")
            num = pat.parse_number(m.group("num1") or m.group("num2") or m.group("num3"))
            if name_ and num is not None:
                series = parse_series(f"{name_.strip()} part {num}")
                if series:
                    draft.set("series", [series], "header", ev)
                    k += 1
                    continue
        if "@" in s or s.lower().startswith(("http", "www.")):
            draft.add_header_field("contact", s)
            k += 1
            continue
        if not title_set and first_post:
            title = pat.decorated_title(s) or s
            title = re.sub(r"\s*[(\[]\s*\d+[a-z]?\s*(?:/|of)\s*\d+\s*[)\]]\s*$", "", title)
            draft.set("title", collapse(title).strip(" \"'*_~"), "header", ev, confidence=0.85)
            title_set = True
        else:
            draft.add_header_field("subtitle", s)
        k += 1


def runin_split(lines: Lines, block_end: int) -> tuple[int, int] | None:
    """An author's note whose last line goes on into the story's first
    sentences: `A/N: I hated the finale. Buffy stared at their hands.`"""
    i = block_end - 1
    line = lines.raw[i]
    sentences = pat.split_sentences(line)
    if len(sentences) < 2:
        return None
    # first sentence from which no sentence speaks to the reader
    cut = None
    for k in range(len(sentences) - 1, 0, -1):
        if pat.is_author_voice(sentences[k]) or pat.opens_note(sentences[k]):
            break
        cut = k
    if cut is None:
        return None
    if not pat.is_author_voice("".join(sentences[:cut])):
        return None
    rest = "".join(sentences[cut:]).strip(" \t*_")
    if rest.startswith("(") and rest.endswith(")"):
        return None  # a closing aside in brackets belongs to the note
    offset = sum(len(s) for s in sentences[:cut])
    return i, offset
