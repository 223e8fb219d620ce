"""Line shapes of plain-text fic: chapter headings, scene breaks, end markers,
by-lines, decorated titles and notes. Each function looks at one stripped line."""
from __future__ import annotations

import re
from bisect import bisect_right

from . import char_scan

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": None, "final": None,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_NUM = r"(?:\d{1,3}|[IVXLC]{1,7}|(?:twenty|thirty|forty|fifty)?[\s-]?(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"


def parse_number(token: str | None) -> int | None:
    """'12', 'XIII', 'Three', 'twenty-one', 'Seventh' -> int."""
    if not token:
        return None
    t = token.strip().lower().replace("-", " ")
    if t.isdigit():
        return int(t)
    if re.fullmatch(r"[ivxlc]+", t):
        total, prev = 0, 0
        for ch in reversed(t):
            val = _ROMAN[ch]
            total = total - val if val < prev else total + val
            prev = max(prev, val)
        return total
    words = t.split()
    if words and all(w in NUMBER_WORDS for w in words):
        values = [NUMBER_WORDS[w] for w in words]
        if None in values:
            return None
        return sum(values)
    return None


# "Chapter 3", "CHAPTER THREE: The Road", "Part II - Title", "Chapter 1 (continued)",
# "Prologue", "Epilogue: After", "Interlude", "Ch. 4".
_HEADING = re.compile(
    rf"^[\[(*_#=~\-\s]*(?P<kind>chapter|chap\.?|ch\.|part|book|section|episode|act)\s+(?P<num>{_NUM})\b"
    r"(?:\s*(?:of|/)\s*\w+)?[\])*_#=~\s]*(?:[:.\-–—)]+\s*(?P<title>.*?))?[\s*_#=~]*$",
    re.IGNORECASE,
)
_NAMED_HEADING = re.compile(
    r"^[\[(*_#=~\-\s]*(?P<kind>prologue|epilogue|interlude|afterword|coda|preface|foreword)"
    r"[\])*_#=~\s]*(?:[:.\-–—]+\s*(?P<title>.*?))?[\s*_#=~]*$",
    re.IGNORECASE,
)
# Named parts that are the author's front matter, not story, when chapters follow.
FRONT_MATTER = ("preface", "foreword")
# FanFiction.net downloads list each chapter as a tab-indented "1. Title".
_FFN_HEADING = re.compile(r"^\t(?P<num>\d{1,3})\.\s+(?P<title>\S.*)$")


class Heading:
    __slots__ = ("kind", "number", "title")

    def __init__(self, kind: str, number: int | None, title: str | None):
        self.kind = kind
        self.number = number
        self.title = title or None


def heading(raw_line: str) -> Heading | None:
    """A chapter heading line, or None. `raw_line` keeps its indentation."""
    m = _FFN_HEADING.match(raw_line) if raw_line[:1] == "\t" else None  # (the pattern's first character)
    if m:
        return Heading("chapter", int(m.group("num")), m.group("title").strip())
    line = raw_line.strip()
    if not line or len(line) > 120:
        return None
    m = _HEADING.match(line)
    if m:
        title = (m.group("title") or "").strip(" *_#=~") or None
        if title and (len(title.split()) > 14 or title.endswith((",", ";"))):
            return None
        kind = m.group("kind").lower().rstrip(".")
        number = parse_number(m.group("num"))
        if kind in ("ch", "chap"):
            kind = "chapter"
        if kind == "part" and title is None and not _looks_heading_only(line):
            return None
        return Heading(kind, number, title)
    m = _NAMED_HEADING.match(line)
    if m:
        title = (m.group("title") or "").strip(" *_#=~") or None
        if title and len(title.split()) > 14:
            return None
        # a named part with no title of its own is called by its name
        return Heading(m.group("kind").lower(), None, title or m.group("kind").strip().title())
    return None


def _looks_heading_only(line: str) -> bool:
    return len(line.split()) <= 4


# Scene breaks: lines made only of symbols ("***", "~~~", "- - -", "#", "oOo",
# "xXx", "~*~*~", "<>", "+++"), at least three marks or one centred mark.
_SEPARATOR = re.compile(r"^[\s]*(?:[*~#=_+\-.•·°§^<>|/\\:]|[oO0](?=[\s*~oO0-]|$)|[xX](?=[\s*~xX-]|$))[\s*~#=_+\-.•·°§^<>|/\\:oO0xX]*$")
_SYMBOL_WORD = re.compile(r"^\s*(?:[oO0]{3}|[xX]{3}|OoO|XxX)(?:[\s~*\-]*(?:[oO0]{1,3}|[xX]{1,3}))*\s*$")
_HAS_MARK = re.compile(r"[*~#=_+\-•·°§^<>|]")


def is_separator(raw_line: str) -> bool:
    line = raw_line.strip()
    if not line or len(line) > 80 or line[0] not in _MARK_CHARS:  # (both patterns start with a mark)
        return False
    if _SYMBOL_WORD.match(line):
        return True
    if not _SEPARATOR.match(line):
        return False
    marks = sum(1 for ch in line if not ch.isspace())
    if marks >= 3:
        return bool(_HAS_MARK.search(line)) or line.replace(" ", "").lower() in ("ooo", "xxx", "oooo")
    # a lone "*" or "#" set apart on its own line
    return line in ("*", "#", "+", "§", "~", "* *", "**", "##", "~~")


_END_MARKER = re.compile(
    r"^[\s\[(*_~=\-<>.]*(?P<word>the\s+end|fin|finis|end|owari|kraj|ende|the\s+very\s+end|end\s+of\s+(?:story|fic|part\s+\w+|chapter\s+\w+)|complete[d]?)"
    r"[\s.!\])*_~=\-<>]*$",
    re.IGNORECASE,
)
_TBC_MARKER = re.compile(
    r"^[\s\[(*_~=\-<>.]*(?P<word>t\.?b\.?c\.?|to\s+be\s+continued|continued|cont(?:'d|inued)?\.?|more\s+to\s+come|next:|continued\s+(?:in|next)\b.*|to\s+be\s+concluded|end\s+of\s+part\s+\w+\s+of\s+\w+)"
    r"[\s.!…\])*_~=\-<>]*$",
    re.IGNORECASE,
)


def end_marker(raw_line: str) -> bool | None:
    """True for a closing marker (`The End`, `Fin`), False for a to-be-continued
    marker (`TBC`, `Continued in ...`), None for any other line."""
    line = raw_line.strip()
    if not line or len(line) > 90:
        return None
    if _END_MARKER.match(line):
        word = line.lower()
        if "of part" in word:
            return False
        return True
    if _TBC_MARKER.match(line):
        return False
    return None


# A cheap first look: every heading, scene break, end marker and boilerplate
# line above starts like this (decoration, then a keyword; or a mark; or a
# tab). Lines that do not are plain story and skip the full tests.
_MARK_CHARS = frozenset("*~#=_+-.•·°§^<>|/\\:oO0xX")
_LETTER_MARKS = frozenset("oO0xX")  # (marks that also open words and numbers)
# (`the` opens only `The End` and `The Very End`: prose opens with it too often
# for a space after it to be enough)
# The keywords, grouped by their first letter: the engine tries a caseless
# alternative's first letter only once inside it, so 13 groups cost about
# half what 25 words did. (Only whether a line matches is asked, and the
# keyword ends the pattern: `ende`, `continued` say no more than `end`, `cont`.)
_KEYWORDS = (r"(?:c(?:hap|h\.|oda|omplete|ont)|p(?:art|rologue|reface)|book|section|e(?:pisode|pilogue|nd)|a(?:ct|fterword)|"
             r"interlude|f(?:oreword|in)|t(?:he{gap}(?:very{gap})?end|\.?b\.?c|o{ws})|owari|kraj|more{ws}|next:)")
# As if on the stripped line: spaces then a mark, or a keyword after optional
# brackets and decoration (a keyword ending in a space needs more on its
# line). Nothing in it crosses a newline, so it also runs over a whole text.
_MARKER_LINE_BODY = (
    r"(?:\t|[^\S\n]*(?:(?-i:[" + re.escape("".join(sorted(_MARK_CHARS - _LETTER_MARKS))) + r"])|"
    # a letter or `0` opens a scene break only as `o o`, `oOo`, `x-x`, `o` alone:
    # followed by whitespace, another of them, `*`, `~` or `-`, or nothing
    r"(?-i:[" + "".join(sorted(_LETTER_MARKS)) + r"](?![^\s*~\-" + "".join(sorted(_LETTER_MARKS)) + r"]))|"
    r"(?=[\[(a-z])(?:[\[(](?:(?!\n)[\s\[(*_#=~\-<>.])*)?" + _KEYWORDS.format(ws=r"[^\S\n]+\S", gap=r"[^\S\n]+") + "))"
)
_MARKER_LINE = re.compile(_MARKER_LINE_BODY, re.IGNORECASE)
# led by the newline, a literal the regex engine scans for fast
_MARKER_NEXT_LINE = re.compile("\n" + _MARKER_LINE_BODY, re.IGNORECASE)


def could_be_marker(raw_line: str, stripped: str | None = None) -> bool:
    """False only for lines that no heading, separator or end-marker test accepts."""
    return _MARKER_LINE.match(raw_line) is not None


# The first two letters each keyword of `_KEYWORDS` can open with (caseless; a keyword added
# there adds its opening here, or the first look turns its lines away)
_KEYWORD_OPENINGS = ("ch", "co", "pa", "pr", "bo", "se", "ep", "en", "ac", "af", "in", "fo", "fi",
                     "th", "t.", "tb", "to", "ow", "kr", "mo", "ne")


def _marker_openings() -> bytes:
    """`char_scan.lines_opening_as`'s table (c1 * 128 + c2 -> 1) of the ASCII
    openings (past leading spaces) that `_MARKER_LINE` could match: a mark
    (`o`, `O`, `0`, `x`, `X` among them), a bracket, a control character
    (a tab, or whitespace other than the space the scan skips), or the
    first two letters of a keyword in either case. Every other ASCII
    opening (most prose opens with a letter or a quotation mark) it cannot."""
    table = bytearray(128 * 128)
    openers = {ord(c) for c in _MARK_CHARS if c.isascii()} | {ord("["), ord("(")} | set(range(32)) | {127}
    openers.discard(ord("\n"))  # (a blank line)
    for c1 in openers:
        table[c1 * 128:(c1 + 1) * 128] = b"\x01" * 128
    for pair in _KEYWORD_OPENINGS:
        for first in (pair[0], pair[0].upper()):
            for second in {pair[1], pair[1].upper()}:
                table[ord(first) * 128 + ord(second)] = 1
    return bytes(table)


_MARKER_OPENINGS = _marker_openings()


def marker_lines(text: str, starts: list[int]) -> set[int]:
    """Indices of the lines of `text` (starting at `starts`) for which
    `could_be_marker` holds: one pass over the text, not a call per line
    (compiled, a typed look at each line's opening first, the pattern
    tried only on the lines it lets through)."""
    if char_scan.COMPILED:
        match = _MARKER_LINE.match
        return {i for i in char_scan.lines_opening_as(text, starts, _MARKER_OPENINGS) if match(text, starts[i])}
    found = {bisect_right(starts, m.start() + 1) - 1 for m in _MARKER_NEXT_LINE.finditer(text)}
    if _MARKER_LINE.match(text):
        found.add(0)
    return found


_BYLINE = re.compile(r"^(?:written\s+)?by[:\s]+(?P<name>\S.{0,80})$", re.IGNORECASE)
_TITLE_BY = re.compile(r"^(?P<title>\S.{0,100}?)\s+by\s+(?P<name>[^\s].{0,60})$")
_DECORATED = re.compile(r"^(?P<open>[~*_=#<>\[\]{}|+-]{1,6})\s*(?P<title>[^~*_=#<>\[\]{}|]{1,120}?)\s*(?P<close>[~*_=#<>\[\]{}|+-]{1,6})$")
_EMAILISH = re.compile(r"\S+@\S+\.\w+")
_TITLE_BY_LONGEST = 101 + len(" by ") + 61  # (`_TITLE_BY` with one space for each `\s+`)


def byline(line: str) -> str | None:
    """`by Name` -> 'Name'."""
    line = line.strip()
    if line[:2].lower() != "by" and line[:7].lower() != "written":
        return None  # (what the pattern needs, checked first because it is cheap)
    m = _BYLINE.match(line)
    if not m:
        return None
    name = clean_name(m.group("name"))
    if not name or len(name.split()) > 6 or not looks_like_name(name):
        return None
    return name


_BARE_BY = re.compile(r"^(?:written\s+|an?\s+(?:story|tale|novel|fic)\s+)?by:?$", re.IGNORECASE)


def bare_by(line: str) -> bool:
    """`by` or `Written By` alone on a line, the name on the next (title pages)."""
    line = line.strip()
    # (the pattern ends in `y` or `:`, checked first because it is cheap)
    return line[-1:] in ("y", "Y", ":") and _BARE_BY.match(line) is not None


def title_by(line: str) -> tuple[str, str] | None:
    """`Title by Author` on one line."""
    stripped = line.strip()
    # (at most 101 characters of title, 61 of name and the `by` between:
    # a longer line with single spaces alone between its words is no match)
    if "by" not in stripped or len(stripped) > _TITLE_BY_LONGEST and stripped.isprintable() and "  " not in stripped:
        return None
    m = _TITLE_BY.match(stripped)
    if not m:
        return None
    if line.strip().startswith(('"', "“", "'", "‘")):
        return None
    title = m.group("title").strip(" ~*_\"'")
    name = clean_name(m.group("name"))
    if not title or not name or len(name.split()) > 5 or len(title.split()) > 14 or not looks_like_name(name):
        return None
    if title.endswith((".", ",", "?", "!")) and not title.endswith("..."):
        return None
    return title, name


_PARTICLES = {"de", "van", "von", "der", "la", "le", "di", "da", "del", "du", "the", "of", "and", "&", "st."}


def looks_like_name(name: str) -> bool:
    """A person's name or an online handle, not the rest of a sentence."""
    words = name.split()
    if name.endswith((".", "!", "?", ",")) and not re.search(r"\b[A-Z]\.$", name):
        return False
    if len(words) == 1:
        return True
    return all(w[:1].isupper() or w.lower() in _PARTICLES or not w[:1].isalpha() for w in words)


def decorated_title(line: str) -> str | None:
    """`~Title~`, `**Title**`, `==Title==`, `<< Title >>` -> 'Title'."""
    m = _DECORATED.match(line.strip())
    if not m:
        return None
    title = m.group("title").strip()
    if not title or len(title.split()) > 14 or not any(ch.isalpha() for ch in title):
        return None
    return title


_RULED = re.compile(r"^(?:[-=~*#]{1,3}\s+)?(?P<text>\S.*?)\s+[-=~*#]{3,}$")


def unruled(line: str) -> str:
    """`- THE UNFAIR QUO -----------` -> 'THE UNFAIR QUO' (a title drawn with a rule)."""
    m = _RULED.match(line.strip())
    return m.group("text") if m and any(ch.isalpha() for ch in m.group("text")) else line.strip()


def franchise_banner(line: str) -> str | None:
    """A line that is only a franchise's name (`STAR TREK`), set above a title."""
    from ..resources import load_yaml

    key = " ".join(re.sub(r"[^\w\s]", " ", line.lower().replace("'", "")).split())
    return load_yaml("franchise_banners.yaml").get(key) if 0 < len(key) <= 40 else None


# "Part One through Five of Fifteen", "Parts 6-10 of 15": which posts these are.
_PART_RANGE = re.compile(rf"^parts?\s+{_NUM}(?:\s*(?:-|–|to|through|thru)\s*{_NUM})?\s+(?:of|/)\s+{_NUM}\.?$", re.IGNORECASE)


def part_range(line: str) -> bool:
    return bool(_PART_RANGE.match(line.strip()))


def clean_name(value: str) -> str:
    """Strip e-mail addresses, brackets and decoration from an author name."""
    # (each pattern only where it could match: an address holds `@`, empty
    # brackets open with one of `<([`, and a printable name without two spaces
    # in a row holds no whitespace but single spaces)
    if "@" in value:
        value = _EMAILISH.sub("", value)
    if "<" in value or "(" in value or "[" in value:
        value = _EMPTY_BRACKETS.sub("", value)
    value = value.strip(" \t*_~-=,;:()<>[]\"'")
    return value if value.isprintable() and "  " not in value else _SPACES.sub(" ", value)


_EMPTY_BRACKETS = re.compile(r"[<(\[]\s*[)>\]]")
_SPACES = re.compile(r"\s+")


# Lines that open an author's note, a disclaimer or another aside to readers.
# (Only whether a line matches is asked: the words are grouped by their first
# letter, which the engine tries once for each caseless alternative it enters.)
NOTE_START = re.compile(
    r"^[\s*_\[(]*(?:a(?:\s*/\s*n|\.n\.?|uthor'?s?'?\s*notes?|uthors?\s+notes?)|n(?:otes?|\.b\.?)|p(?:s|\.s\.?)|"
    r"d(?:isclaimer|edication)|thanks?|beta|warnings?|s(?:poilers?|ummary)|feedback|e(?:nd\s+notes?|dit)|chapter\s+notes?)"
    r"\b\s*[:\-.)\]*_]",
    re.IGNORECASE,
)
# What a line NOTE_START matches can open with, among the ASCII characters:
# its lead (whitespace, `*_[(`) or the first letter of one of its words, in
# either case. (Outside ASCII, `ſ` matches `s` caselessly: left to the pattern.)
_NOTE_OPENERS = frozenset("anpdtbwsfec" "ANPDTBWSFEC" "*_[(") | {c for c in map(chr, range(128)) if c.isspace()}


def opens_note(line: str) -> bool:
    """Whether NOTE_START matches the line: an ASCII first character it
    cannot open with (a story line's usual capital) says no before the
    pattern is entered."""
    first = line[:1]
    if first.isascii() and first not in _NOTE_OPENERS:
        return False
    return NOTE_START.match(line) is not None


# Chapter titles that say the "chapter" is an aside to readers, not story
# (site downloads keep hiatus notices and author's notes as chapters).
NOTE_TITLE = re.compile(
    r"^[\s*_\[(]*(?:a\s*/\s*n|a\.n\.?|author'?s?'?\s*notes?|authors?\s+notes?|notes?\s+(?:from|to)\s+(?:the\s+)?(?:author|readers?)|"
    r"hiatus(?:\s+notice)?|on\s+hiatus|important\s+(?:notice|note|announcement))\b",
    re.IGNORECASE,
)
# A sign-off under a note: "~Name", "-- Name", "- Name" on a line of its own.
_SIGN_OFF = re.compile(r"^[*_\s]*(?:~+|-{1,2}|–|—)\s*(?P<name>[^\s~*_\-–—][^~*_]{0,40}?)[\s*_~]*$")


def sign_off(line: str) -> str | None:
    m = _SIGN_OFF.match(line.strip())
    if not m:
        return None
    name = m.group("name").strip()
    # a handle may hold small lower-case words ("Abram in Wonderland")
    if len(name.split()) > 5 or name.endswith((".", "!", "?", ",", ":", ";")) or not name[:1].isupper():
        return None
    return name


# "Copyright on this story by Name", "This story is (c) 1994 Name": a preamble naming the author.
_COPYRIGHT_NAME = r"(?P<name>[A-Z][\w'’\-]*\.?(?:\s+[A-Z][\w'’\-]*\.?){0,3})"
_STORY_COPYRIGHT = re.compile(
    r"(?i:(?:copyright(?:ed)?|\(c\)|©)\s+(?:on|of|for|to)\s+(?:this|the)\s+(?:story|fic|work|piece|tale)\s+(?:is\s+)?(?:held\s+)?(?:by\s+)?"
    r"|(?:this|the)\s+(?:story|fic|work|piece|tale)\s+is\s+(?:copyright(?:ed)?|\(c\)|©)\s*(?:\(c\)|©)?\s*(?:\d{4},?\s*)?(?:by\s+)?)" + _COPYRIGHT_NAME
)


def story_copyright(text: str) -> tuple[str, str] | None:
    """(name, evidence) from a note that says who holds the story's copyright."""
    m = _STORY_COPYRIGHT.search(text)
    return (m.group("name"), m.group(0)) if m else None


# Sentences that speak to readers about the story rather than tell it.
AUTHOR_VOICE = re.compile(
    r"\b(?:I|I'm|I've|I'd|I'll|my|me|mine|we're|you|your|you'll|you're)\b|"
    r"\b(?:fic|fanfic|fanfiction|fan\s+fiction|story|stories|chapter|chapters|review|reviews|reviewers?|feedback|"
    r"disclaimer|disclaim|sue|own|owns|belong|belongs|property|copyright|infringement|author|beta|betas|posted|post|"
    r"archive|spoilers?|season|episode|series|readers?|enjoy|flames?|e-?mail|thanks|thank|comments?|sequel|prequel|"
    r"AU|canon|OOC|rated|rating|update|updates|ficlet|drabble|vignette|crossover|x-over|written|writing|draft|thankyou|thanx|readable|editing)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences with their trailing spaces, so that ''.join(...) == text."""
    out: list[str] = []
    last = 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[last:m.end()])
        last = m.end()
    out.append(text[last:])
    return [s for s in out if s]


class Hinted:
    """A pattern searched for only in text holding one of `hints`: literal
    strings of which every match holds one. Python's regex engine tries a
    word alternation at every position of a text; `str`'s substring search
    turns away text that holds none of the words several times faster."""

    __slots__ = ("pattern", "hints", "ascii_pairs")

    def __init__(self, pattern: re.Pattern, hints: tuple[str, ...]):
        self.pattern = pattern
        self.hints = hints
        # (compiled, ASCII text is read once for all its hints, `char_scan.holds_any_ascii`:
        # only the ASCII hints can be in it, each two characters or more for that read)
        ascii_hints = tuple(h for h in hints if h.isascii())
        typed = char_scan.COMPILED and all(len(h) >= 2 for h in ascii_hints)
        self.ascii_pairs = char_scan.hint_pairs(ascii_hints) if typed else None

    def holds_hint(self, text: str) -> bool:
        if self.ascii_pairs is not None and text.isascii():
            return char_scan.holds_any_ascii(text, *self.ascii_pairs)
        return any(map(text.__contains__, self.hints))

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.holds_hint(text) else None


class CaselessWords:
    """A case-insensitive pattern, searched as its case-sensitive twin over the
    lower-cased text: Python's regex engine runs about 3x faster so on prose.
    The answer is the same, since lower-casing keeps every character's class
    and matches it alike, but for four characters that fold unlike their
    lower case (dotted and dotless i, long s, the Kelvin sign): a text with
    one is searched with the pattern itself. Written in lower case throughout."""

    _UNLIKE = re.compile("[\u0130\u0131\u017f\u212a]")

    def __init__(self, source: str, hints: tuple[str, ...] = ()):
        assert not re.search(r"(?<!\\)[A-Z]", source), "a caseless pattern is written in lower case"
        self.caseless = re.compile(source, re.IGNORECASE)
        # (the hints, in lower case, are looked for in the lower-cased text)
        self.lower = Hinted(re.compile(source), hints) if hints else re.compile(source)

    def found(self, text: str) -> bool:
        if not text.isascii() and self._UNLIKE.search(text):
            return self.caseless.search(text) is not None
        return self.lower.search(text.lower()) is not None


def is_author_voice(text: str) -> bool:
    return bool(AUTHOR_VOICE.search(text))


def is_centred(raw_line: str, width: int = 72) -> bool:
    """A line pushed towards the middle with spaces or tabs."""
    expanded = raw_line.expandtabs(8).rstrip()
    lead = len(expanded) - len(expanded.lstrip())
    body = len(expanded) - lead
    return lead >= 8 and body <= width - 10 and lead >= (width - body) // 2 - 12


def word_count(text: str) -> int:
    return len(text.split())
