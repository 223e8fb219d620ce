"""Where things stand in a text for the speaker ranker's candidates
(`candidates.TextIndex`), in typed code: Cython's pure-Python mode, compiled
by `setup.py` like `beam.py`; plain Python where no build was made.

Each is one pass over the text or the mentions, into flat arrays:
- `sentence_starts`: `layout.SENTENCE_END`'s matches near quotations, read
  character by character (the pattern's look-behinds, for `Mr.` and
  initials, looked at only after a full stop);
- `member_places`: every member's mentions in narration and its first
  mention, grouped by member;
- `pronoun_chains`: narration pronouns (`candidates._PRONOUN`'s words, found
  as whole words), each credited to the member of its gender named last,
  or to nobody after a description (`The old woman came in.`).

They give what the regexes and dicts they replace gave, in the same order
(`tests/test_dialogue_slots_index.py` pins each to its pattern)."""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

if cython.compiled:
    from cython.cimports.cpython import array as c_array
    from cython.cimports.cpython.unicode import PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
    from cython.cimports.libc.string import strlen, strpbrk
    from cython.cimports.ficarchive.dialogue.typed_arrays import _buffer_of, _zeros as zeros
else:
    from .typed_arrays import checked_array as _buffer_of, zeros

from .typed_arrays import longs as filled_longs

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

FAR = 2 ** 62  # as `features.FAR`: no position
# Gender codes as `features.GENDERS`.
_MALE = cython.declare(cython.int, 1)
_FEMALE = cython.declare(cython.int, 2)
_NARRATOR = cython.declare(cython.int, 3)


@cython.cfunc
def _longs(n: cython.Py_ssize_t):
    """`n` zeros as array("q") (cloned in C where built: `typed_arrays.zeros`)."""
    return zeros("q", n)


@cython.cfunc
def _ints(n: cython.Py_ssize_t):
    """`n` zeros as array("i")."""
    return zeros("i", n)


@cython.cfunc
@cython.inline
def _longs_in(values) -> cython.p_longlong:
    """The items of `values`, an array("q"), read in place
    (`typed_arrays._buffer_of`; a text's index took two dozen typed views)."""
    if cython.compiled:
        return cython.cast(cython.p_longlong, _buffer_of(values, 'q'))
    return _buffer_of(values, 'q')


@cython.cfunc
@cython.inline
def _ints_in(values) -> cython.p_int:
    """`_longs_in` for an array("i")."""
    if cython.compiled:
        return cython.cast(cython.p_int, _buffer_of(values, 'i'))
    return _buffer_of(values, 'i')


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _is_word(ch: cython.Py_UCS4) -> cython.bint:
    """A character `\\w` matches (the re module's test for str patterns)."""
    if ch < '\x80':  # ASCII, without the Unicode tables
        return ('a' <= ch <= 'z') or ('A' <= ch <= 'Z') or ('0' <= ch <= '9') or ch == '_'
    return ch.isalnum()


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
@cython.boundscheck(False)
@cython.wraparound(False)
def _char(text: str, kind: cython.int, data: cython.p_void, p: cython.Py_ssize_t) -> cython.Py_UCS4:
    """text[p]: compiled, read straight from the string's buffer (`kind` and
    `data` its `PyUnicode_KIND` and `PyUnicode_DATA`, taken once per scan)."""
    if cython.compiled:
        return PyUnicode_READ(kind, data, p)
    else:
        return text[p]


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(k=cython.Py_ssize_t, start=cython.Py_ssize_t, n=cython.Py_ssize_t)
def _word_before(text: str, p: cython.Py_ssize_t, word: str) -> cython.bint:
    """Does `word` end just before `p`, at a word boundary (`\\bMr` before
    the full stop at p)?"""
    n = len(word)
    start = p - n
    if start < 0:
        return False
    for k in range(n):
        if text[start + k] != word[k]:
            return False
    return start == 0 or not _is_word(text[start - 1])


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(ch=cython.Py_UCS4)
def _abbreviation_before(text: str, p: cython.Py_ssize_t) -> cython.bint:
    """SENTENCE_END's look-behinds at the sentence mark at p: `Mr.`, `Mrs.`,
    `Ms.`, `Dr.`, `St.`, `Mme.`, `Mlle.` or an initial (`J.`) end no sentence."""
    if p == 0:
        return False
    ch = text[p - 1]
    if 'A' <= ch <= 'Z':
        return p == 1 or not _is_word(text[p - 2])
    if ch == 'r':
        return _word_before(text, p, "Mr") or _word_before(text, p, "Dr")
    if ch == 's':
        return _word_before(text, p, "Mrs") or _word_before(text, p, "Ms")
    if ch == 't':
        return _word_before(text, p, "St")
    if ch == 'e':
        return _word_before(text, p, "Mme") or _word_before(text, p, "Mlle")
    return False


@cython.cfunc
@cython.locals(k=cython.Py_ssize_t, ch=cython.Py_UCS4)
def _sentence_end_at(text: str, kind: cython.int, data: cython.p_void, p: cython.Py_ssize_t,
                     end: cython.Py_ssize_t, out: list) -> cython.Py_ssize_t:
    """`_sentence_ends` at text[p], a line break or a sentence mark: where
    a sentence starts after it, onto `out`; where to read on."""
    ch = _char(text, kind, data, p)
    if ch == '\n':
        out.append(p + 1)  # a line break ends a sentence by itself
    elif not _abbreviation_before(text, p):
        k = p + 1
        if k < end:
            ch = _char(text, kind, data, k)
            if ch == "'" or ch == '"' or ch == '\u201d' or ch == '\u2019' or ch == ')':
                k += 1
        if k < end and _is_space(_char(text, kind, data, k)):
            k += 1
            while k < end and _is_space(_char(text, kind, data, k)):
                k += 1
            if k < end:
                out.append(k)
                return k
    return p + 1


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(p=cython.Py_ssize_t, ch=cython.Py_UCS4, kind=cython.int, data=cython.p_void, base=cython.p_char,
               hit=cython.p_char)
def _sentence_ends(text: str, lo: cython.Py_ssize_t, end: cython.Py_ssize_t, out: list):
    """`SENTENCE_END.finditer(text, lo, end)`'s match ends, onto `out`: a
    line break, or a sentence mark (`.!?…` not after an abbreviation), a
    closing mark perhaps, white space, then something else before `end`."""
    p = lo
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
        if kind == PyUnicode_1BYTE_KIND:
            # One byte a character (no `…`): the C library finds the next
            # line break or mark. (The buffer ends with a NUL, where
            # `strpbrk` stops; so does a NUL in the text, passed over.)
            base = cython.cast(cython.p_char, data)
            while p < end:
                hit = strpbrk(base + p, b"\n.!?")
                if hit == cython.NULL:
                    p += strlen(base + p) + 1
                    continue
                p = hit - base
                if p >= end:
                    break
                p = _sentence_end_at(text, kind, data, p, end, out)
            return
    else:
        kind, data = 0, None
    while p < end:
        ch = _char(text, kind, data, p)
        if ch == '\n' or ch == '.' or ch == '!' or ch == '?' or ch == '\u2026':
            p = _sentence_end_at(text, kind, data, p, end, out)
        else:
            p += 1


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, count=cython.Py_ssize_t, reach=cython.Py_ssize_t, k=cython.Py_ssize_t,
               lo=cython.Py_ssize_t, hi=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t)
def sentence_starts(text: str, quote_starts: list, quote_ends: list, reach) -> list:
    """Sentence starts, found only within `reach` characters of a
    quotation (sorted by start): windows around quotations, merged where
    they touch; each window's own start counts as one, and the text's."""
    n = len(text)
    count = len(quote_starts)
    out: list = [0]
    lo = hi = -1
    for k in range(count + 1):
        if k < count:
            start = quote_starts[k]
            if start - reach <= hi:
                end = quote_ends[k]
                if end + reach > hi:
                    hi = end + reach
                continue
        if hi > lo:
            if lo > 0:
                out.append(lo)
            # (A first window that merged from no window at all starts at -1: at 0.)
            _sentence_ends(text, lo if lo > 0 else 0, hi if hi < n else n, out)
        if k < count:
            start = quote_starts[k]
            lo = start - reach if start > reach else 0
            hi = quote_ends[k] + reach
    return out


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.int, at=cython.Py_ssize_t,
               offsets=cython.p_int, cursor=cython.p_int, starts_out=cython.p_longlong,
               ends_out=cython.p_longlong, subject_out=cython.p_int, first=cython.p_longlong)
def member_places(member_count, members: list, starts: list, ends: list, in_quote: list, subject: list) -> tuple:
    """Mentions (sorted by start; `members` their members as integers) by
    member: each member's mentions outside speech (starts, ends, whether a
    sentence's subject), in text order, flat with offsets per member, and
    each member's first mention anywhere (`FAR` for none)."""
    count = len(members)
    offsets_array = _ints(member_count + 1)
    offsets = _ints_in(offsets_array)
    cursor_array = _ints(member_count + 1)
    cursor = _ints_in(cursor_array)
    first_array = array("q", [FAR]) * member_count
    first = _longs_in(first_array)
    for k in range(count):
        c = members[k]
        if first[c] == FAR:
            first[c] = starts[k]
        if not in_quote[k]:
            offsets[c + 1] += 1
    for c in range(member_count):
        offsets[c + 1] += offsets[c]
        cursor[c] = offsets[c]
    total = offsets[member_count]
    starts_array, ends_array, subject_array = _longs(total), _longs(total), _ints(total)
    if total:
        starts_out, ends_out, subject_out = _longs_in(starts_array), _longs_in(ends_array), _ints_in(subject_array)
        for k in range(count):
            if in_quote[k]:
                continue
            c = members[k]
            at = cursor[c]
            starts_out[at] = starts[k]
            ends_out[at] = ends[k]
            subject_out[at] = 1 if subject[k] else 0
            cursor[c] = at + 1
    return starts_array, ends_array, subject_array, offsets_array, first_array


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(q=cython.Py_ssize_t, length=cython.Py_ssize_t, first=cython.Py_UCS4, second=cython.Py_UCS4,
               g=cython.int)
def _pronoun_word(text: str, kind: cython.int, data: cython.p_void, p: cython.Py_ssize_t,
                  n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The whole word starting at p (a letter after no word character): its
    length times 4, plus its gender code if it is one of
    `candidates._PRONOUN`'s words (he, him, his, himself: male; she, her,
    hers, herself: female; I, me, my, myself: the narrator), else 0."""
    q = p + 1
    while q < n and _is_word(_char(text, kind, data, q)):
        q += 1
    length = q - p
    first = _char(text, kind, data, p)
    g = 0
    if first == 'I':
        if length == 1:
            g = _NARRATOR
    elif length == 1:
        g = 0
    elif first == 'm':
        second = _char(text, kind, data, p + 1)
        if length == 2:
            if second == 'e' or second == 'y':
                g = _NARRATOR
        elif length == 6 and text[p + 1:q] == "yself":
            g = _NARRATOR
    elif first == 'S' or first == 's':
        if length == 3 and _char(text, kind, data, p + 1) == 'h' and _char(text, kind, data, p + 2) == 'e':
            g = _FEMALE
    else:  # H or h
        second = _char(text, kind, data, p + 1)
        if length == 2:
            if second == 'e':
                g = _MALE
        elif length == 3:
            if second == 'i' and (_char(text, kind, data, p + 2) == 's' or _char(text, kind, data, p + 2) == 'm'):
                g = _MALE
            elif second == 'e' and _char(text, kind, data, p + 2) == 'r':
                g = _FEMALE
        elif first == 'h':
            if length == 4 and text[p + 1:q] == "ers":
                g = _FEMALE
            elif length == 7 and text[p + 1:q] == "imself":
                g = _MALE
            elif length == 7 and text[p + 1:q] == "erself":
                g = _FEMALE
    return length * 4 + g


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(ch=cython.Py_UCS4, length=cython.Py_ssize_t, g=cython.int)
def _subject_pronoun_at(text: str, p: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.int:
    """`([Hh]e|[Ss]he|I)\\b` at p: the pronoun's gender code (`I`: the
    narrator's), 0 for none."""
    if p >= n:
        return 0
    ch = text[p]
    if ch == 'I':
        length, g = 1, _NARRATOR
    elif (ch == 'H' or ch == 'h') and p + 1 < n and text[p + 1] == 'e':
        length, g = 2, _MALE
    elif (ch == 'S' or ch == 's') and p + 2 < n and text[p + 1] == 'h' and text[p + 2] == 'e':
        length, g = 3, _FEMALE
    else:
        return 0
    if p + length < n and _is_word(text[p + length]):
        return 0
    return g


# The words `candidates._SUBJECT_PRONOUN` lets open a sentence before its
# pronoun, by first letter (either case): the rest of each.
_OPENER_RESTS: dict = {"T": "hen", "t": "hen", "B": "ut", "b": "ut", "A": "nd", "a": "nd", "S": "o", "s": "o",
                       "N": "ow", "n": "ow"}


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, p=cython.Py_ssize_t, q=cython.Py_ssize_t, k=cython.Py_ssize_t,
               g=cython.int, ch=cython.Py_UCS4, rest=str)
def subject_pronoun(text: str, start) -> int:
    """`candidates._SUBJECT_PRONOUN.match(text, start)` (a sentence opening
    with a subject pronoun, perhaps after `Then`, `But`, `And`, `So` or
    `Now` and white space or commas) as the pronoun's gender code (`I`:
    the narrator's), 0 where it does not match."""
    n = len(text)
    p = start
    if p >= n:
        return 0
    rest = _OPENER_RESTS.get(text[p])
    if rest is not None:
        q = p + 1
        for k in range(len(rest)):
            if q >= n or text[q] != rest[k]:
                break
            q += 1
        else:
            if q < n and (text[q] == ',' or _is_space(text[q])):
                q += 1
                while q < n and (text[q] == ',' or _is_space(text[q])):
                    q += 1
                g = _subject_pronoun_at(text, q, n)
                if g:
                    return g
    return _subject_pronoun_at(text, p, n)


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(n=cython.Py_ssize_t, p=cython.Py_ssize_t, ch=cython.Py_UCS4, g=cython.int,
               word=cython.Py_ssize_t, q=cython.Py_ssize_t, quote_count=cython.Py_ssize_t, kind=cython.int,
               data=cython.p_void, count=cython.Py_ssize_t, capacity=cython.Py_ssize_t,
               starts=cython.p_longlong, ends=cython.p_longlong, found=cython.p_longlong,
               found_genders=cython.p_int)
@cython.cdivision(True)
def narration_pronouns(text: str, quote_starts: list, quote_ends: list) -> tuple:
    """Every `candidates._PRONOUN` word outside speech, in order: (their
    positions, their gender codes)."""
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    n = len(text)
    quote_count = len(quote_starts)
    starts_array = filled_longs(quote_starts)  # (a zero if there are none)
    ends_array = filled_longs(quote_ends)
    starts, ends = _longs_in(starts_array), _longs_in(ends_array)
    capacity = 256
    positions, genders = _longs(capacity), _ints(capacity)
    found, found_genders = _longs_in(positions), _ints_in(genders)
    count = 0
    q = -1  # the last quotation starting at or before the word
    p = 0
    while p < n:
        ch = _char(text, kind, data, p)
        if not _is_word(ch):
            p += 1
            continue
        # The start of a word: any other word is passed over whole.
        if not (ch == 'I' or ch == 'H' or ch == 'h' or ch == 'S' or ch == 's' or ch == 'm'):
            p += 1
            while p < n and _is_word(_char(text, kind, data, p)):
                p += 1
        else:
            word = _pronoun_word(text, kind, data, p, n)
            g = word % 4
            if g:
                while q + 1 < quote_count and starts[q + 1] <= p:
                    q += 1
                if not (q >= 0 and p < ends[q]):
                    if count == capacity:  # twice the room
                        more_positions, more_genders = _longs(2 * capacity), _ints(2 * capacity)
                        more_positions[:capacity] = positions
                        more_genders[:capacity] = genders
                        positions, genders = more_positions, more_genders
                        found, found_genders = _longs_in(positions), _ints_in(genders)
                        capacity *= 2
                    found[count] = p
                    found_genders[count] = g
                    count += 1
            p += word // 4
    return positions[:count], genders[:count]


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _is_ascii_letter(ch: cython.Py_UCS4) -> cython.bint:
    """`[A-Za-z]`."""
    return ('a' <= ch <= 'z') or ('A' <= ch <= 'Z')


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _is_lower(ch: cython.Py_UCS4) -> cython.bint:
    """An ASCII lower-case letter (`[a-z]`)."""
    return 'a' <= ch <= 'z'


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _is_comma_or_space(ch: cython.Py_UCS4) -> cython.bint:
    """`[\\s,]`."""
    return ch == ',' or _is_space(ch)


# What `candidates._DESCRIBED_SUBJECT` lets open a sentence before the
# description (followed by white space or commas) and what opens the
# description itself (followed by white space).
_CONJUNCTIONS = frozenset({"Then", "then", "But", "but", "And", "and", "So", "so", "Now", "now"})
_DETERMINERS = frozenset({"The", "His", "Her", "My", "Our", "Their", "A", "An"})


@cython.cfunc
@cython.locals(p=cython.Py_ssize_t, q=cython.Py_ssize_t, words=cython.int, ch=cython.Py_UCS4, kind=cython.int,
               data=cython.p_void)
def _may_describe(text: str, first: str, at: cython.Py_ssize_t, n: cython.Py_ssize_t,
                  nouns: dict) -> cython.bint:
    """Can `candidates._DESCRIBED_SUBJECT` match where the sentence's first
    word is `first`, ending at `at`? Its shape, without the regex: a determiner
    (perhaps after a conjunction and white space or commas), white space,
    then one of `nouns` as the first, second or third word (each word before
    it lower-case letters, `-` or `\\w`, then white space). A necessary
    condition: the pattern runs only where this holds."""
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    p = at
    if first in _CONJUNCTIONS and p < n and _is_comma_or_space(_char(text, kind, data, p)):
        while p < n and _is_comma_or_space(_char(text, kind, data, p)):
            p += 1
        q = p
        while q < n and _is_ascii_letter(_char(text, kind, data, q)):
            q += 1
        if text[p:q] not in _DETERMINERS:
            return False
        p = q
    elif first not in _DETERMINERS:
        return False
    if not (p < n and _is_space(_char(text, kind, data, p))):
        return False
    for words in range(3):
        while p < n and _is_space(_char(text, kind, data, p)):
            p += 1
        if not (p < n and _is_lower(_char(text, kind, data, p))):
            return False
        q = p + 1
        while q < n and _is_word(_char(text, kind, data, q)):
            q += 1
        if text[p:q] in nouns:  # (a noun ends at a word boundary: the whole run of word characters)
            return True
        while q < n and (_char(text, kind, data, q) == '-' or _is_word(_char(text, kind, data, q))):
            q += 1
        if not (q < n and _is_space(_char(text, kind, data, q))):
            return False
        p = q
    return False


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, k=cython.Py_ssize_t, start=cython.Py_ssize_t, n=cython.Py_ssize_t,
               ch=cython.Py_UCS4, at=cython.Py_ssize_t, mention_count=cython.Py_ssize_t, openers=frozenset,
               quote_count=cython.Py_ssize_t, lo=cython.Py_ssize_t, kind=cython.int, data=cython.p_void, first=str)
def described_subjects(text: str, sentence_starts: list, pattern, openers: frozenset, noun_gender: dict,
                       mention_starts: list, quote_starts: list, quote_ends: list) -> tuple:
    """Sentences in narration that open with a person described by a
    gendered noun (`pattern`: `candidates._DESCRIBED_SUBJECT`, group 1 the
    description, group 2 its noun; `noun_gender` the noun's gender code),
    not a member's own description (no mention starts there): (where each
    description starts, its gender code), in sentence order. The pattern
    runs only where, after white space and quotation marks, the first word
    is one of `openers` (the words it can open with: `The`, `Then`, ...)."""
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    positions: list = []
    genders: list = []
    n = len(text)
    count = len(sentence_starts)
    mention_count = len(mention_starts)
    quote_count = len(quote_starts)
    for k in range(count):
        start = sentence_starts[k]
        at = start
        while at < n:
            ch = _char(text, kind, data, at)
            if not (_is_space(ch) or ch == '"' or ch == '\u201c' or ch == '\u201d' or ch == '\u2018'
                    or ch == '\u2019' or ch == "'"):
                break
            at += 1
        lo = at
        while at < n and at - lo < 6 and _is_ascii_letter(_char(text, kind, data, at)):
            at += 1
        if at == lo or at - lo > 5:
            continue
        first = text[lo:at]
        if first not in openers or not _may_describe(text, first, at, n, noun_gender):
            continue
        found = pattern.match(text, start)
        if found is None:
            continue
        at = found.start(1)
        lo = bisect_left(mention_starts, at)  # a mention starting at `at`?
        if lo < mention_count and mention_starts[lo] == at:
            continue
        lo = bisect_right(quote_starts, start)  # inside the last quotation starting at or before the sentence?
        if lo > 0 and start < quote_ends[lo - 1]:
            continue
        positions.append(at)
        genders.append(noun_gender[found.group(2)])
    return positions, genders


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, k=cython.Py_ssize_t, c=cython.int, g=cython.int, t=cython.Py_ssize_t,
               i=cython.Py_ssize_t, j=cython.Py_ssize_t, mentioned=cython.Py_ssize_t, described=cython.Py_ssize_t,
               gender=cython.p_int, positions=cython.p_longlong, members_out=cython.p_int,
               found=cython.p_longlong, mentioned_positions=cython.p_longlong, mentioned_members=cython.p_int)
def named_by_gender(names: list, member_gender, members: list, starts: list, in_quote: list,
                    described_positions: list, described_genders: list) -> tuple:
    """Where a man and where a woman is named in narration, in text order
    (ties by name, as sorting (position, name) pairs gives): for each of
    male and female, (positions, members), a description (`The old woman`,
    from `described_subjects`) as member -1."""
    gender = _ints_in(member_gender)
    count = len(members)
    out = []
    for g in (_MALE, _FEMALE):
        mentioned = 0
        for k in range(count):
            if not in_quote[k] and gender[members[k]] == g:
                mentioned += 1
        found_positions = []
        for t in range(len(described_positions)):
            if described_genders[t] == g:
                found_positions.append(described_positions[t])
        found_positions.sort()
        described = len(found_positions)
        found_array = array("q", found_positions) if described else None
        if described:
            found = _longs_in(found_array)
        position_array, member_array = _longs(mentioned + described), _ints(mentioned + described)
        if mentioned + described:
            positions, members_out = _longs_in(position_array), _ints_in(member_array)
            t = 0
            for k in range(count):
                if not in_quote[k] and gender[members[k]] == g:
                    positions[t] = starts[k]
                    members_out[t] = members[k]
                    t += 1
            for t in range(1, mentioned):
                if positions[t] == positions[t - 1] and members_out[t] != members_out[t - 1]:
                    # Two names at one place (rare): sorted by name, as the pairs sort.
                    pairs = sorted([(positions[i], names[members_out[i]], members_out[i]) for i in range(mentioned)])
                    for i in range(mentioned):
                        positions[i] = pairs[i][0]
                        members_out[i] = pairs[i][2]
                    break
            if described:
                # Merge the descriptions in (before a name at the same place: `""` sorts first).
                mentioned_positions_array = position_array[:mentioned]  # (copies: the merge writes over the originals)
                mentioned_members_array = member_array[:mentioned]
                mentioned_positions = _longs_in(mentioned_positions_array)
                mentioned_members = _ints_in(mentioned_members_array)
                i = j = t = 0
                while t < mentioned + described:
                    if j < described and (i >= mentioned or found[j] <= mentioned_positions[i]):
                        positions[t] = found[j]
                        members_out[t] = -1
                        j += 1
                    else:
                        positions[t] = mentioned_positions[i]
                        members_out[t] = mentioned_members[i]
                        i += 1
                    t += 1
        out.append(position_array)
        out.append(member_array)
    return tuple(out)


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(member_count=cython.Py_ssize_t, pronoun_count=cython.Py_ssize_t, k=cython.Py_ssize_t,
               c=cython.int, g=cython.int, pos=cython.longlong, seen_male=cython.Py_ssize_t,
               seen_female=cython.Py_ssize_t, male_count=cython.Py_ssize_t, female_count=cython.Py_ssize_t,
               credited=cython.Py_ssize_t, first_count=cython.Py_ssize_t, total=cython.Py_ssize_t,
               i=cython.Py_ssize_t, i_end=cython.Py_ssize_t, j=cython.Py_ssize_t, j_end=cython.Py_ssize_t,
               t=cython.Py_ssize_t,
               narration=cython.p_longlong, narration_offsets=cython.p_int,
               male_positions=cython.p_longlong, male_members=cython.p_int,
               female_positions=cython.p_longlong, female_members=cython.p_int,
               pronouns=cython.p_longlong, pronoun_genders=cython.p_int,
               credit_position=cython.p_longlong, credit_member=cython.p_int,
               credit_offsets=cython.p_int, credit_cursor=cython.p_int, by_member=cython.p_longlong,
               chains=cython.p_longlong, chain_offsets=cython.p_int, first_person=cython.p_longlong)
def pronoun_chains(member_count, narration_array, narration_offsets_array, male_positions_array, male_members_array,
                   female_positions_array, female_members_array, pronouns_array, pronoun_genders_array) -> tuple:
    """Each member's pronoun chain: its mentions in narration (flat with
    offsets, from `member_places`) and the narration pronouns of its gender
    (from `narration_pronouns`) where it is the one of that gender named
    last before them (`named_by_gender`; nobody's after a description), in
    text order, flat with offsets per member; and the first-person
    pronouns (`I`, `me`) in narration. (The arrays as those give them, read
    through pointers: `_longs_in`.)"""
    pronoun_count = len(pronouns_array)
    male_count = len(male_positions_array)
    female_count = len(female_positions_array)
    pronouns = _longs_in(pronouns_array)
    pronoun_genders = _ints_in(pronoun_genders_array)
    male_positions = _longs_in(male_positions_array)
    male_members = _ints_in(male_members_array)
    female_positions = _longs_in(female_positions_array)
    female_members = _ints_in(female_members_array)
    narration_offsets = _ints_in(narration_offsets_array)
    total = narration_offsets[member_count]
    narration = _longs_in(narration_array)
    credit_position_array = _longs(pronoun_count + 1)
    credit_member_array = _ints(pronoun_count + 1)
    first_person_array = _longs(pronoun_count + 1)
    credit_position = _longs_in(credit_position_array)
    credit_member = _ints_in(credit_member_array)
    first_person = _longs_in(first_person_array)
    credit_offsets_array = _ints(member_count + 1)
    credit_offsets = _ints_in(credit_offsets_array)
    credited = first_count = 0
    # Per gender, how many names of that gender come before the pronoun:
    # pronouns are met in order, so each count only moves forward.
    seen_male = seen_female = 0
    for k in range(pronoun_count):
        pos = pronouns[k]
        g = pronoun_genders[k]
        if g == _NARRATOR:
            first_person[first_count] = pos
            first_count += 1
            continue
        c = -1
        if g == _MALE:
            while seen_male < male_count and male_positions[seen_male] < pos:
                seen_male += 1
            if seen_male:
                c = male_members[seen_male - 1]
        else:
            while seen_female < female_count and female_positions[seen_female] < pos:
                seen_female += 1
            if seen_female:
                c = female_members[seen_female - 1]
        if c >= 0:
            credit_position[credited] = pos
            credit_member[credited] = c
            credit_offsets[c + 1] += 1
            credited += 1
    # The credited pronouns grouped by member, in order.
    for c in range(member_count):
        credit_offsets[c + 1] += credit_offsets[c]
    credit_cursor_array = array("i", credit_offsets_array)
    credit_cursor = _ints_in(credit_cursor_array)
    by_member_array = _longs(credited + 1)
    by_member = _longs_in(by_member_array)
    for k in range(credited):
        c = credit_member[k]
        by_member[credit_cursor[c]] = credit_position[k]
        credit_cursor[c] += 1
    # Each member's mentions and pronouns, merged.
    chain_offsets_array = _ints(member_count + 1)
    chain_offsets = _ints_in(chain_offsets_array)
    chains_array = _longs(total + credited)
    chains = _longs_in(chains_array)
    t = 0
    for c in range(member_count):
        i, i_end = narration_offsets[c], narration_offsets[c + 1]
        j, j_end = credit_offsets[c], credit_offsets[c + 1]
        while i < i_end or j < j_end:
            if j >= j_end or (i < i_end and narration[i] <= by_member[j]):
                chains[t] = narration[i]
                i += 1
            else:
                chains[t] = by_member[j]
                j += 1
            t += 1
        chain_offsets[c + 1] = t
    return chains_array, chain_offsets_array, first_person_array[:first_count]


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(pos=cython.longlong, gender=cython.int, reach=cython.longlong,
               i=cython.Py_ssize_t, c=cython.int, genders=cython.p_int)
def last_named_subject(ends: list, members: list, in_quote: list, subject: list, member_gender, pos, gender,
                       reach) -> int:
    """The member of gender code `gender` last named as a sentence's subject
    in narration before `pos` (-1: none within `reach`), walking back from
    the last mention ending at or before it (`ends` as the sieve keeps
    them: the same bisection over them as `attribute._Sieve._last_named`)."""
    if not len(member_gender):
        return -1
    genders = _ints_in(member_gender)
    i = bisect_right(ends, pos) - 1
    while i >= 0:
        if pos - ends[i] > reach:
            return -1
        c = members[i]
        if genders[c] == gender and not in_quote[i] and subject[i]:
            return c
        i -= 1
    return -1


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(gender=cython.int, best=cython.int, best_score=cython.double, score=cython.double, c=cython.int,
               genders=cython.p_int, scores=dict, ids=dict)
def most_in_view(scores, ids, member_gender, gender) -> int:
    """The member of gender code `gender` with the highest in-view score in
    `scores` ({name: score}, the first met among equals; -1: none above 0)."""
    if not len(member_gender):
        return -1
    genders = _ints_in(member_gender)
    best = -1
    best_score = 0.0
    for name, value in scores.items():
        score = value
        if score > best_score:
            c = ids.get(name, -1)
            if c >= 0 and genders[c] == gender:
                best, best_score = c, score
    return best


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, j=cython.Py_ssize_t, ch=cython.Py_UCS4)
def asks(text: str, start, end) -> cython.bint:
    """Does the quotation text[start:end] end with a question mark, its
    closing marks, dashes and white space left off (`"Who is it?"`)?"""
    j = (end if end < len(text) else len(text)) - 1
    while j >= start:
        ch = text[j]
        if not (ch == ' ' or ch == '\t' or ch == '\n' or ch == '"' or ch == "'" or ch == '\u201d' or ch == '\u2019'
                or ch == '\u00bb' or ch == '\u201c' or ch == '\u2018' or ch == '\u00ab' or ch == '\u2014'
                or ch == '\u2013' or ch == '-'):
            return ch == '?'
        j -= 1
    return False


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _is_space(ch: cython.Py_UCS4) -> cython.bint:
    """`str.isspace` of one character, ASCII without the Unicode tables."""
    if ch < '\x80':
        return ch == ' ' or ('\t' <= ch <= '\r') or ('\x1c' <= ch <= '\x1f')
    return ch.isspace()


@cython.cfunc
@cython.inline
def _is_stop_or_dash(ch: cython.Py_UCS4) -> cython.bint:
    """One of `.,;:!?—–-` (what `candidates._gap` strips to find nothing but marks)."""
    return (ch == '.' or ch == ',' or ch == ';' or ch == ':' or ch == '!' or ch == '?' or ch == '\u2014'
            or ch == '\u2013' or ch == '-')


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, i=cython.Py_ssize_t, reach=cython.longlong,
               start=cython.longlong, end=cython.longlong, p_end=cython.longlong, q_start=cython.longlong,
               after_tag=cython.bint, paragraphs=cython.bint, continues=cython.bint,
               lo=cython.Py_ssize_t, hi=cython.Py_ssize_t, k=cython.Py_ssize_t, ch=cython.Py_UCS4,
               first=cython.Py_ssize_t, last=cython.Py_ssize_t, only_marks=cython.bint, blank=cython.bint,
               links=list, gaps=list)
def exchanges(text: str, quotes: list, paragraphs_known, reach) -> tuple:
    """For each quotation (the sieve's, in order, with their tags): is it part
    of the same exchange as the one before (at most `reach` characters from
    the end of that one, or of its tag after it, to its start or the start
    of its own tag before it), and what separates the two (`candidates._gap`
    names the kinds: `far` where not linked). `paragraphs_known`: the text
    has paragraph breaks (the sieve's turns hold)."""
    count = len(quotes)
    paragraphs = paragraphs_known
    links = [False] * count
    gaps = ["far"] * count
    end = 0
    p_end = 0
    after_tag = False
    for i in range(count):
        q = quotes[i]
        q_start = q.start
        tag = q.tag
        start = q_start
        if tag is not None and tag.side == "before" and tag.pos < start:
            start = tag.pos
        if i and start - end <= reach:
            links[i] = True
            continues = q.continues
            # What stands between the quotation before (or its tag after it)
            # and this one, white space left off: its first and last characters.
            lo = end
            hi = q_start if q_start < len(text) else len(text)
            first = lo
            while first < hi and _is_space(text[first]):
                first += 1
            last = hi - 1
            while last >= first and _is_space(text[last]):
                last -= 1
            if paragraphs:
                if continues:
                    gaps[i] = "paragraph"
                else:
                    only_marks = True
                    for k in range(first, last + 1):
                        if not _is_stop_or_dash(text[k]):
                            only_marks = False
                            break
                    gaps[i] = "adjacent" if only_marks else "narration"
            else:
                # Nothing at all between the quotations themselves?
                blank = True
                for k in range(p_end, hi):
                    if not _is_space(text[k]):
                        blank = False
                        break
                if blank:
                    gaps[i] = "paragraph" if continues else "adjacent"
                elif after_tag and (last < first or text[last] == '.' or text[last] == '!' or text[last] == '?'):
                    gaps[i] = "tag_stop"
                elif after_tag and continues:
                    gaps[i] = "tag_runs_on"
                else:
                    gaps[i] = "narration"
        p_end = q.end
        after_tag = tag is not None and tag.side == "after"
        end = tag.end if after_tag else p_end
    return links, gaps


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(start=cython.Py_ssize_t, end=cython.Py_ssize_t, at=cython.Py_ssize_t, k=cython.Py_ssize_t,
               ch=cython.Py_UCS4, ascii_letters=cython.bint, first_words=frozenset)
def may_open_with(text: str, start, end, first_words: frozenset) -> cython.bint:
    """Could a pattern `[\\W_]*(?:WORDS)\\b...` (case-insensitive, words of
    ASCII letters and spaces) match text[start:end]? False only where it
    cannot: the first run of word characters after the marks is all ASCII
    letters and, lower-cased, not one of `first_words` (the words' first
    words); a word can only start there and end at a word boundary, so
    the run itself would be its first word."""
    if end > len(text):
        end = len(text)
    at = start
    while at < end and (text[at] == '_' or not _is_word(text[at])):
        at += 1
    if at == end:
        return False  # no word at all: nothing to match
    k = at
    ascii_letters = True
    while k < end and _is_word(text[k]):
        ch = text[k]
        if not (('a' <= ch <= 'z') or ('A' <= ch <= 'Z')):
            ascii_letters = False
        k += 1
    if not ascii_letters:
        return True
    return text[at:k].lower() in first_words
