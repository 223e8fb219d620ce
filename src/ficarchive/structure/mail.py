"""Usenet and mailing-list posts: mail headers are metadata, signatures are not story."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .lines import Lines
from .patterns import clean_name

_HEADER_LINE = re.compile(
    r"^(?:From |Article:?\s*\d+ of |(?i:From|Path|Newsgroups|Subject|Date|Message-ID|Organization|Organisation|Lines|"
    r"NNTP-Posting-Host|Sender|Reply-To|Followup-To|Summary|Keywords|Distribution|Approved|References|Expires|Xref|"
    r"X-[\w-]+|Mime-Version|MIME-Version|Content-Type|Content-Transfer-Encoding|To|Cc|Status|Return-Path|Received|"
    r"In-Reply-To|Precedence|List-[\w-]+|Mailing-List|Delivered-To|Errors-To|User-Agent|Injection-Info|"
    r"NNTP-Posting-Date|X-Trace|X-Complaints-To|Originator|Posted-Date|Post-Date|Resent-[\w-]+):)",
)  # header names are case-insensitive (`Nntp-Posting-Host:`)
_KEY_HEADERS = re.compile(r"^(?:From:|From |Newsgroups:|Subject:|Path:|Article:?\s*\d+ of )")
_KEY_FIRST = frozenset("FNSPA")
_SIGNATURE = re.compile(r"^--\s?$")


@dataclass
class MailHeader:
    first: int
    end: int  # line after the block
    fields: dict[str, str] = field(default_factory=dict)


def find_mail_headers(lines: Lines) -> list[MailHeader]:
    """Every block of mail/news headers in the text (a file may hold many posts).
    A block starts after a blank line and holds only header lines."""
    found: list[MailHeader] = []
    raw = lines.raw
    n = len(raw)
    resume = 0  # (lines of a block found are not looked at again)
    for i in _key_header_candidates(lines):
        if i < resume or (i > 0 and lines.stripped[i - 1]) or not _KEY_HEADERS.match(raw[i]):
            continue
        j = i
        count = key = 0
        while j < n and lines.stripped[j]:
            if _HEADER_LINE.match(raw[j]):
                count += 1
                key += bool(_KEY_HEADERS.match(raw[j]))
            elif not (raw[j][:1] in (" ", "\t") and j > i):  # not a folded header line
                break
            j += 1
        if count >= 2 and key >= 1 and (j >= n or not lines.stripped[j]):
            found.append(MailHeader(i, j, _fields(raw[i:j])))
            resume = j
    return found


# Where a key header may open a line, found in one pass over the text (led by
# the newline, a literal the regex engine scans for fast); `\s*` may run on
# past a line's end here, so each candidate is tested again on its own line.
_KEY_HEADER_NEXT_LINE = re.compile(r"\n(?=From:|From |Newsgroups:|Subject:|Path:|Article:?\s*\d+ of )")


def _key_header_candidates(lines: Lines) -> list[int]:
    """Indices, in order, of every line `_KEY_HEADERS` could match (and some it does not)."""
    starts = lines.starts
    found = [bisect_right(starts, m.start() + 1) - 1 for m in _KEY_HEADER_NEXT_LINE.finditer(lines.text)]
    return [0] + found if lines.raw and lines.raw[0][:1] in _KEY_FIRST else found


def _fields(block: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    last = None
    for line in block:
        if line[:1] in (" ", "\t") and last:
            fields[last] += " " + line.strip()
            continue
        m = re.match(r"^([\w-]+):\s*(.*)$", line)
        if m:
            last = m.group(1).lower()
            fields.setdefault(last, m.group(2).strip())
    return fields


def poster_name(from_value: str) -> str | None:
    """`user@host (Real Name)` or `Real Name <user@host>` -> 'Real Name';
    a bare address stays an address (sometimes all we know of an author)."""
    m = re.search(r"\(([^()]+)\)", from_value)
    if m and clean_name(m.group(1)):
        return clean_name(m.group(1))
    m = re.match(r'^\s*"?([^"<]+?)"?\s*<[^>]+>', from_value)
    if m and clean_name(m.group(1)):
        return clean_name(m.group(1))
    m = re.search(r"[\w.+-]+@[\w.-]+", from_value)
    return m.group(0) if m else (clean_name(from_value) or None)


_SUBJECT_NOISE = [
    re.compile(r"^\s*(?:re|fwd?|repost|new|story|fic|fanfic|part)\s*:\s*", re.IGNORECASE),
    re.compile(r"^\s*\[[^\]]{1,40}\]\s*"),  # [list-name] / [FIC]
    re.compile(r"^\s*(?:[A-Z0-9]{2,6})\s+(?:story|fic|fanfic)\s*:\s*", re.IGNORECASE),  # "DS9 Story:"
]
_SUBJECT_TAIL = [
    re.compile(r"\s*[(\[]\s*\d+[a-z]?\s*(?:/|of)\s*\d+\s*[)\]]\s*$", re.IGNORECASE),  # (1/3), [2 of 5]
    re.compile(r"\s*[(\[][^)\]]*(?:rated|rating|long|repost|pg|nc-?17|r\b|g\b)[^)\]]*[)\]]\s*$", re.IGNORECASE),
    re.compile(r",?\s+an?\s+(?:short\s+)?(?:story|ficlet|vignette|fic|drabble)\.?\s*$", re.IGNORECASE),
    re.compile(r"\s+(?:part|pt\.?)\s*\d+\s*(?:/|of)\s*\d+\s*$", re.IGNORECASE),
    re.compile(r"\s+\d+\s*[-/]\s*\d+\s*/\s*\d+\s*(?:repost)?\s*$", re.IGNORECASE),
]


def subject_title(subject: str) -> tuple[str | None, tuple[int, int] | None]:
    """Title and (part, of) from a Subject line: `"Fugitive" DrWho/XFiles X-Over (1/3)`."""
    part = None
    m = re.search(r"[(\[]\s*(\d+)[a-z]?\s*(?:/|of)\s*(\d+)\s*[)\]]", subject)
    if m:
        part = (int(m.group(1)), int(m.group(2)))
    s = subject
    for pattern in _SUBJECT_NOISE:
        s = pattern.sub("", s)
    for _ in range(3):
        for pattern in _SUBJECT_TAIL:
            s = pattern.sub("", s)
    quoted = re.match(r'^\s*["“]([^"”]{1,100})["”]', s)
    if quoted:
        return quoted.group(1).strip(), part
    s = s.strip(" .,:;-\"'")
    return (s or None), part


_PART_SPAN = re.compile(r"\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*(?:/|of)\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:/|of)\s*(\d{1,3})\b", re.IGNORECASE)


def subject_parts(subject: str) -> tuple[int, int, int] | None:
    """`STTUQ 6-10/15` -> (6, 10, 15); `Demons (2/3)` -> (2, 2, 3)."""
    for m in _PART_SPAN.finditer(subject):
        if m.group(1):
            first, last, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            first = last = int(m.group(4))
            total = int(m.group(5))
        if 1 <= first <= last <= total:
            return first, last, total
    return None


def all_parts_posted(subjects: list[str]) -> bool:
    """The posts' Subjects number their parts and between them cover 1..N."""
    spans = [subject_parts(s) for s in subjects]
    if len(spans) < 2 or any(sp is None for sp in spans) or len({sp[2] for sp in spans}) != 1:
        return False
    covered = {n for first, last, _ in spans for n in range(first, last + 1)}
    return covered == set(range(1, spans[0][2] + 1))


def find_signature(lines: Lines, lo: int, hi: int) -> int | None:
    """Start of a trailing `-- ` signature within the last lines of [lo, hi)."""
    nonblank = 0
    for i in range(hi - 1, lo - 1, -1):
        if lines.stripped[i]:
            nonblank += 1
            if nonblank > 12:
                return None
        if lines.raw[i][:2] == "--" and _SIGNATURE.match(lines.raw[i]):  # (what the pattern needs, cheaply first)
            return i
    return None


_OLD_NETWORK = r"\.(?:bitnet|uucp)\b"  # (a BITNET or UUCP host's suffix)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\w+(?:![\w.-]+){2,}|" + _OLD_NETWORK, re.IGNORECASE)
_OLD_NETWORK_ADDRESS = re.compile(_OLD_NETWORK, re.IGNORECASE)


def gives_address(line: str) -> bool:
    """Whether `_ADDRESS` finds an address in the line. Its first form needs
    an `@`, its second a `!`: a line with neither (two C scans) can hold only
    the third, whose search skips from `.` to `.`, where the whole pattern
    tried its word classes at every position."""
    if "@" in line or "!" in line:
        return _ADDRESS.search(line) is not None
    return _OLD_NETWORK_ADDRESS.search(line) is not None
_COLUMNS = re.compile(r"\S[ \t]{3,}\S")


def is_padding(stripped_line: str) -> bool:
    """NUL or ^Z bytes that old files were padded out with: no text at all."""
    return not any(ch.isprintable() and not ch.isspace() for ch in stripped_line)


def is_bare_signature(stripped: list[str]) -> bool:
    """A .sig with no `-- ` line above it: a short block that gives an address
    and is laid out in columns or drawn in ASCII art, not written in sentences."""
    if len(stripped) > 10 or not any(map(gives_address, stripped)):
        return False
    laid_out = sum(1 for s in stripped if _COLUMNS.search(s) or _symbol_share(s) >= 0.3)
    return laid_out * 2 >= len(stripped)


def _symbol_share(s: str) -> float:
    marks = sum(1 for ch in s if not ch.isalnum() and not ch.isspace())
    return marks / max(1, sum(1 for ch in s if not ch.isspace()))
