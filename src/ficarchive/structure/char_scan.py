"""Parsing's walks over characters, in typed code (Cython's pure-Python mode,
compiled by `setup.py` like `dialogue/beam.py`):

* `english_counts`: the runs of letters of a story's opening and how many
  are among the commonest English words (`language.py`'s check), where
  translating, splitting and looking up every word as a new string cost
  about 180 instructions a character;
* `count_tokens`: how many words `str.split()` would make of a text, where
  making them (a new string each) cost several times more than reading it
  (a one-byte str, ASCII or Latin-1, read as bytes: about half the cost);
* `holds_cjk`: whether a text holds a Chinese, Japanese or Korean character,
  where the regex engine's search over a character class cost about five
  times more.

It reads the characters with the rules of the code it replaces (a letter is
`[^\\W\\d_]` as the regex engine reads it in a str pattern, through the same
Unicode tables), so the answers are the same. Where no build was made, the
callers keep their own code (this file would be slower as plain Python).
"""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND
    from cython.cimports.libc.string import memcmp

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

# `PyUnicode_KIND` of a str whose every character is below 256 (ASCII and
# Latin-1 text): its characters are read as bytes, no kind looked at each time.
ONE_BYTE_KIND = 1

# Words of at most this many ASCII letters are looked up packed into an integer.
MAX_PACKED = 8


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _letter(ch: cython.Py_UCS4) -> cython.bint:
    """`[^\\W\\d_]`: a word character that is no digit and no `_` (`\\w` is
    `str.isalnum` or `_`, `\\d` is `str.isdecimal`)."""
    if ord(ch) < 128:
        return ("a" <= ch <= "z") or ("A" <= ch <= "Z")
    return ch.isalnum() and not ch.isdecimal()


# `_letter` of each character below 256, one byte each (1: a letter), for
# one-byte text (`english_counts`)
ONE_BYTE_LETTERS: bytes = bytes(1 if chr(code).isalnum() and not chr(code).isdecimal() else 0 for code in range(256))


def packed(word: str) -> int:
    """An ASCII word of at most MAX_PACKED characters as one integer (one
    byte a character, the first highest), the key `english_counts` looks up."""
    key = 0
    for ch in word:
        key = key * 256 + ord(ch)
    return key


# The two characters whose lower case is not one non-ASCII character of the
# same class: `İ` (an `i` and a combining dot) and the Kelvin sign (`k`).
# `tests/test_structure_char_scan.py` reads every code point to show it.
UNLIKE_LOWER = ("\u0130", "\u212a")


# (sorted `packed` keys are searched in a C array: making each run a Python
# int to look it up in a set cost more than reading the characters)
MAX_KEYS = 64


@cython.boundscheck(False)
@cython.wraparound(False)
def english_counts(text: str, keys: tuple, longest: cython.Py_ssize_t, caseless: cython.bint = False):
    """(runs of letters in `text`, how many of them are words whose `packed`
    keys are in `keys` (sorted, at most MAX_KEYS), none of those longer than
    `longest` <= MAX_PACKED characters).

    With `caseless`, the counts of `text.lower()` without making it (a copy
    that cost as much as the count): ASCII capitals are read as small letters,
    and every other character as itself, since its lower case is one
    character of its own class (letter or not), non-ASCII like it, but for
    `UNLIKE_LOWER`: a text holding one of those gives None (lower it first)."""
    if not cython.compiled:  # (as plain Python: the same counts, the simple way)
        if caseless:
            if any(map(text.__contains__, UNLIKE_LOWER)):
                return None
            text = text.lower()
        return _plain_english_counts(text, keys)
    table = cython.declare(cython.ulonglong[64])
    count: cython.Py_ssize_t = len(keys)
    k: cython.Py_ssize_t
    if count > MAX_KEYS:
        raise ValueError(f"at most {MAX_KEYS} keys")
    for k in range(count):
        table[k] = keys[k]
    runs: cython.Py_ssize_t = 0
    found: cython.Py_ssize_t = 0
    length: cython.Py_ssize_t = 0  # of the run of letters under way (0: none)
    key: cython.ulonglong = 0
    ascii_run: cython.bint = True
    ch: cython.Py_UCS4
    if PyUnicode_KIND(text) == ONE_BYTE_KIND:
        # (ASCII and Latin-1 text: each character's class read in a table by
        # its byte, where a str's characters are read through their kind; no
        # character of UNLIKE_LOWER is below 256)
        data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
        letter_table: bytes = ONE_BYTE_LETTERS  # (held here while its bytes are read)
        letters: cython.p_uchar = cython.cast(cython.p_uchar, cython.cast(cython.p_char, letter_table))
        fold: cython.uchar = 0x20 if caseless else 0  # (a letter: | 0x20 lower-cases it)
        size: cython.Py_ssize_t = len(text)
        i: cython.Py_ssize_t
        code: cython.uchar
        for i in range(size):
            code = data[i]
            if letters[code]:
                if length == 0:
                    key = 0
                    ascii_run = True
                length += 1
                if code < 128:
                    key = key * 256 + (code | fold)
                else:
                    ascii_run = False
                continue
            if length:
                runs += 1
                if ascii_run and length <= longest and _sorted_holds(table, count, key):
                    found += 1
                length = 0
    else:
        for ch in text:  # (Cython reads a str's characters in a C loop)
            if _letter(ch):
                if length == 0:
                    key = 0
                    ascii_run = True
                length += 1
                if ord(ch) < 128:
                    key = key * 256 + (ord(ch) | 0x20 if caseless else ord(ch))  # (a letter: | 0x20 lower-cases it)
                else:
                    if caseless and (ch == 0x130 or ch == 0x212A):
                        return None
                    ascii_run = False
                continue
            if length:
                runs += 1
                if ascii_run and length <= longest and _sorted_holds(table, count, key):
                    found += 1
                length = 0
    if length:
        runs += 1
        if ascii_run and length <= longest and _sorted_holds(table, count, key):
            found += 1
    return runs, found


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _sorted_holds(table: cython.p_ulonglong, count: cython.Py_ssize_t, key: cython.ulonglong) -> cython.bint:
    lo: cython.Py_ssize_t = 0
    hi: cython.Py_ssize_t = count
    mid: cython.Py_ssize_t
    while lo < hi:
        mid = (lo + hi) // 2
        if table[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo < count and table[lo] == key


@cython.boundscheck(False)
@cython.wraparound(False)
def count_tokens(text: str, most: cython.Py_ssize_t = 0) -> cython.Py_ssize_t:
    """`len(text.split())`: the runs of non-whitespace characters (whitespace
    as `str.split` reads it); with `most` > 0, counting stops there, so the
    answer is `min(len(text.split()), most)`."""
    if not cython.compiled:
        return len(text.split()) if most <= 0 else min(len(text.split(None, most)), most)
    if PyUnicode_KIND(text) == ONE_BYTE_KIND:
        return _count_one_byte_tokens(cython.cast(cython.p_uchar, PyUnicode_DATA(text)), len(text), most)
    tokens: cython.Py_ssize_t = 0
    in_token: cython.bint = False
    ch: cython.Py_UCS4
    for ch in text:
        if ch.isspace():
            in_token = False
        elif not in_token:
            in_token = True
            tokens += 1
            if tokens == most:
                break
    return tokens


@cython.cfunc
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _count_one_byte_tokens(data: cython.p_uchar, size: cython.Py_ssize_t, most: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """`count_tokens` of a one-byte str's characters (`data`, `size` of them)."""
    tokens: cython.Py_ssize_t = 0
    in_token: cython.bint = False
    i: cython.Py_ssize_t
    for i in range(size):
        if one_byte_space(data[i]):
            in_token = False
        elif not in_token:
            in_token = True
            tokens += 1
            if tokens == most:
                break
    return tokens


@cython.ccall
@cython.inline
@cython.exceptval(check=False)
def one_byte_space(code: cython.uchar) -> cython.bint:
    """`str.isspace` of the character `code` < 256: tab to carriage return,
    the four separators 0x1C to 0x1F, the space, NEL and the no-break space."""
    if code > 32:
        return code == 0x85 or code == 0xA0
    return code == 32 or 9 <= code <= 13 or code >= 28


def _plain_english_counts(text: str, keys: tuple) -> tuple:
    import re
    words = re.findall(r"[^\W\d_]+", text)
    known = set(keys)
    return len(words), sum(1 for w in words if w.isascii() and len(w) <= MAX_PACKED and packed(w) in known)


# The ranges of `build._CJK` (kana, CJK ideographs and extensions A and
# compatibility, Hangul syllables), first and last code point of each.
CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))


@cython.boundscheck(False)
@cython.wraparound(False)
def holds_cjk(text: str) -> cython.bint:
    """Whether a character of `text` lies in one of `CJK_RANGES`."""
    if not cython.compiled:
        return any(lo <= ord(ch) <= hi for ch in text for lo, hi in CJK_RANGES)
    ch: cython.Py_UCS4
    for ch in text:
        if ch < 0x3040:  # (below every range: nearly every character)
            continue
        if ch <= 0x30FF or 0x3400 <= ch <= 0x4DBF or 0x4E00 <= ch <= 0x9FFF or 0xF900 <= ch <= 0xFAFF \
                or 0xAC00 <= ch <= 0xD7AF:
            return True
    return False


def hint_pairs(hints: tuple) -> tuple:
    """What `holds_any_ascii` reads `hints` (ASCII, two characters or more)
    by: the hints as bytes sorted, and a 65536-byte table that gives, for
    each pair of characters a hint opens with (the first's code times 256
    plus the second's), 1 + the index of the first hint opening so."""
    assert all(h.isascii() and len(h) >= 2 for h in hints) and len(hints) < 255
    ordered = tuple(sorted(h.encode("ascii") for h in hints))
    table = bytearray(65536)
    for k in reversed(range(len(ordered))):
        table[ordered[k][0] * 256 + ordered[k][1]] = k + 1
    return ordered, bytes(table)


@cython.boundscheck(False)
@cython.wraparound(False)
def holds_any_ascii(text: str, hints: tuple, table: bytes) -> cython.bint:
    """Whether the ASCII `text` holds one of `hints` (`hint_pairs`, as
    `any(map(text.__contains__, hints))` says), in one pass: a look in
    `table` at each position, the hints compared only where a pair of them
    opens, where a substring search for each hint read the text again."""
    if not cython.compiled:
        return any(hint in text for hint in map(bytes.decode, hints))
    data: cython.p_uchar = cython.cast(cython.p_uchar, PyUnicode_DATA(text))
    pairs: cython.p_uchar = cython.cast(cython.p_uchar, cython.cast(cython.p_char, table))
    size: cython.Py_ssize_t = len(text)
    p: cython.Py_ssize_t
    k: cython.Py_ssize_t
    count: cython.Py_ssize_t = len(hints)
    start: cython.int
    hint: bytes
    chars: cython.p_uchar
    length: cython.Py_ssize_t
    for p in range(size - 1):
        start = pairs[data[p] * 256 + data[p + 1]]
        if start == 0:
            continue
        for k in range(start - 1, count):
            hint = hints[k]
            chars = cython.cast(cython.p_uchar, cython.cast(cython.p_char, hint))
            if chars[0] != data[p] or chars[1] != data[p + 1]:
                break  # (past the hints that open with this pair)
            length = len(hint)
            if length <= size - p and memcmp(data + p, chars, length) == 0:
                return True
    return False


@cython.boundscheck(False)
@cython.wraparound(False)
def lines_opening_as(text: str, starts: list, table: bytes) -> list:
    """The indices of the lines of `text` (line i starting at `starts[i]`)
    whose opening `table` lets through, in order: past the line's leading
    spaces (U+0020 only), its first two characters c1, c2 (c2 is U+0000 at the
    end of the text) are let through where either is not ASCII or
    `table[c1 * 128 + c2]` is not 0; a line that is empty or only spaces
    never is. (A cheap first look for `patterns.marker_lines`, where the
    regex engine's try at every line start cost about 2,000 instructions.)"""
    found = []
    size: cython.Py_ssize_t = len(text)
    count: cython.Py_ssize_t = len(starts)
    i: cython.Py_ssize_t
    p: cython.Py_ssize_t
    c1: cython.Py_UCS4
    c2: cython.Py_UCS4
    for i in range(count):
        p = starts[i]
        while p < size and text[p] == " ":
            p += 1
        if p == size:
            continue
        c1 = text[p]
        if c1 == "\n":
            continue
        c2 = text[p + 1] if p + 1 < size else "\0"
        if ord(c1) >= 128 or ord(c2) >= 128 or table[ord(c1) * 128 + ord(c2)]:
            found.append(i)
    return found
