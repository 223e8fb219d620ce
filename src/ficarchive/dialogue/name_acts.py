"""The original-character finder's walk over a text's capitalised names, in
typed code (Cython's pure-Python mode, compiled by `setup.py` like `beam.py`).

`original_cast` needs two lists from every text: each capitalised name as
`_WORD.findall` finds it, and each name that acts as its `_ACTING` scan finds
it (after a speech verb, after a long gap, or before a possessive or a verb).
The regex engine tries both patterns at every capital, with look-behinds for
240 speech verbs; here one pass over the characters reads each capital once,
with the same rules: the name's readings are tried in the order the engine
backtracks through them (a title's longest rest first, then the bare name;
the second word first, then each shorter first word), and `\\w`, `\\s` are
read through the same Unicode tables as the engine's. Where no build was
made, `original_cast` keeps its regexes and this file is not used (it would
be slower as plain Python); `tests/test_dialogue_original_scan.py` pins the
two together on random text.
"""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

if cython.compiled:
    from cython.cimports.cpython.unicode import PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
    from cython.cimports.ficarchive.dialogue.text_chars import char_at, word_char
else:
    from .text_chars import char_at, word_char

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

# What a reading of a name must be followed by.
_FREE = 0  # `(?![\w-])`: a whole name (`_WORD`)
_BOUNDARY = 1  # `\b`: after a speech verb or a long gap
_CUE = 2  # a possessive, a speech verb, a past tense or one of `acting_words`


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _char(text: str, kind: cython.int, data: cython.p_void, p: cython.Py_ssize_t) -> cython.Py_UCS4:
    """text[p]: compiled, read straight from the string's buffer (`kind` and
    `data` its `PyUnicode_KIND` and `PyUnicode_DATA`, taken once per walk;
    indexing the string checked its bounds and kind at every character)."""
    if cython.compiled:
        return PyUnicode_READ(kind, data, p)
    else:
        return text[p]


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _one_of(ch: cython.Py_UCS4, chars: str) -> cython.bint:
    """`ch in chars` for a few characters, compared in a C loop (`in` on a
    str that is not Latin-1 went through `PyUnicode_FindChar`)."""
    c: cython.Py_UCS4
    for c in chars:
        if c == ch:
            return True
    return False


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _name_char(ch: cython.Py_UCS4) -> cython.bint:
    """`[a-z'’-]`: the letters of a name after its capital."""
    return ("a" <= ch <= "z") or ch == "'" or ch == "\u2019" or ch == "-"


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _capital(ch: cython.Py_UCS4) -> cython.bint:
    return "A" <= ch <= "Z"


@cython.cfunc
@cython.exceptval(-1, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _cue(text: str, end: cython.Py_ssize_t, n: cython.Py_ssize_t, verbs: frozenset,
         acting_words: frozenset) -> cython.int:
    """`\\s*(?:['’]s\\b|\\s+(?:VERB)\\b|\\s+[a-z]+ed\\b|\\s+(?:ACTING_WORD)\\b)` at `end`."""
    w: cython.Py_ssize_t = end
    k: cython.Py_ssize_t
    ch: cython.Py_UCS4
    while w < n and char_at(text, w).isspace():
        w += 1
    if w + 1 < n and (char_at(text, w) == "'" or char_at(text, w) == "\u2019") and char_at(text, w + 1) == "s" \
            and (w + 2 >= n or not word_char(char_at(text, w + 2))):
        return 1
    if w == end:
        return 0
    k = w
    while k < n:  # the word ends where `\b` can hold after it: at its last word character
        ch = char_at(text, k)
        if not word_char(ch):
            break
        if not ("a" <= ch <= "z"):
            return 0  # every cue word is written in [a-z] alone
        k += 1
    if k - w >= 3 and char_at(text, k - 2) == "e" and char_at(text, k - 1) == "d":
        return 1
    if k == w:
        return 0
    word = text[w:k]
    return 1 if (word in verbs or word in acting_words) else 0


@cython.cfunc
@cython.exceptval(-1, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _fits(text: str, end: cython.Py_ssize_t, n: cython.Py_ssize_t, mode: cython.int, verbs: frozenset,
          acting_words: frozenset) -> cython.int:
    """Whether a reading of a name ending at `end` is followed as `mode` asks."""
    after: cython.bint
    if mode == _FREE:
        return 0 if end < n and (word_char(char_at(text, end)) or char_at(text, end) == "-") else 1
    if mode == _BOUNDARY:
        after = end < n and word_char(char_at(text, end))
        return 1 if word_char(char_at(text, end - 1)) != after else 0
    return _cue(text, end, n, verbs, acting_words)


@cython.cfunc
@cython.exceptval(-2, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _word_readings(text: str, r0: cython.Py_ssize_t, n: cython.Py_ssize_t, mode: cython.int, verbs: frozenset,
                   acting_words: frozenset) -> cython.Py_ssize_t:
    """`[a-z'’-]+(?:\\s+[A-Z][a-z'’-]+)?` from `r0`, each reading as the engine
    backtracks (the second word, longest first, then the first word alone,
    longest first): where the first that fits ends, or -1."""
    r1: cython.Py_ssize_t = r0
    w: cython.Py_ssize_t
    r2: cython.Py_ssize_t
    e: cython.Py_ssize_t
    while r1 < n and _name_char(char_at(text, r1)):
        r1 += 1
    if r1 == r0:
        return -1
    w = r1
    while w < n and char_at(text, w).isspace():
        w += 1
    if w > r1 and w < n and _capital(char_at(text, w)):
        r2 = w + 1
        while r2 < n and _name_char(char_at(text, r2)):
            r2 += 1
        e = r2
        while e > w + 1:
            if not _inside_word(text, e, r2) and _fits(text, e, n, mode, verbs, acting_words):
                return e
            e -= 1
    e = r1
    while e > r0:
        if not _inside_word(text, e, r1) and _fits(text, e, n, mode, verbs, acting_words):
            return e
        e -= 1
    return -1


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _inside_word(text: str, e: cython.Py_ssize_t, last: cython.Py_ssize_t) -> cython.bint:
    """Whether a shorter reading ending at `e` (before the word's `last` end)
    cuts the word between a word character and a letter `a`-`z`: no mode
    fits there (not a whole word, no `\\b`, no cue: a cue opens with a space
    or an apostrophe), so `_fits` need not be asked."""
    ch: cython.Py_UCS4
    if e >= last:
        return False
    ch = char_at(text, e)
    return ("a" <= ch <= "z") and word_char(char_at(text, e - 1))


@cython.cfunc
@cython.exceptval(-2, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _name_end(text: str, p: cython.Py_ssize_t, n: cython.Py_ssize_t, mode: cython.int, rests: tuple,
              verbs: frozenset, acting_words: frozenset) -> cython.Py_ssize_t:
    """Where the first reading of a name whose capital is at `p` ends, or -1:
    a title (its rests after the capital, longest first) and a capitalised
    word, else the capital and its word."""
    rest: str
    size: cython.Py_ssize_t
    q: cython.Py_ssize_t
    w: cython.Py_ssize_t
    j: cython.Py_ssize_t
    e: cython.Py_ssize_t
    for rest in rests:
        size = len(rest)
        q = p + 1
        if q + size > n:
            continue
        j = 0
        while j < size and char_at(text, q + j) == rest[j]:
            j += 1
        if j < size:
            continue
        q += size
        w = q
        while w < n and char_at(text, w).isspace():
            w += 1
        if w == q or w >= n or not _capital(char_at(text, w)):
            continue
        e = _word_readings(text, w + 1, n, mode, verbs, acting_words)
        if e >= 0:
            return e
    return _word_readings(text, p + 1, n, mode, verbs, acting_words)


@cython.cfunc
@cython.exceptval(-1, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _verb_before(text: str, p: cython.Py_ssize_t, verbs: frozenset, longest: cython.Py_ssize_t) -> cython.int:
    """A speech verb, a whole word, then one or two spaces before `p`."""
    gap: cython.Py_ssize_t
    e: cython.Py_ssize_t
    s: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for gap in range(1, 3):
        e = p - gap
        if e < 1:
            return 0
        j = e
        while j < p and char_at(text, j).isspace():
            j += 1
        if j < p or not ("a" <= char_at(text, e - 1) <= "z"):
            continue
        s = e - 1
        while s > 0 and word_char(char_at(text, s - 1)) and e - s <= longest:
            s -= 1
        if e - s <= longest and text[s:e] in verbs:
            return 1
    return 0


@cython.boundscheck(False)
@cython.wraparound(False)
def scan_names(text: str, rests_by_capital: tuple, verbs: frozenset, acting_words: frozenset,
               after_speech_verb, longest: cython.Py_ssize_t) -> tuple:
    """(names that act, every name) as `original_cast._acting(text)` and
    `original_cast._WORD.findall(text)` give them. `rests_by_capital[k]`: the
    rests after the capital `chr(65 + k)` of the titles it opens, longest
    first; `after_speech_verb(text, p)`: whether a speech verb stands before
    a long gap before `p`; `longest`: the length of the longest verb (the caller's constant: reading
    240 verbs for it cost as much as a short text's walk)."""
    n: cython.Py_ssize_t = len(text)
    p: cython.Py_ssize_t
    e: cython.Py_ssize_t
    acting_from: cython.Py_ssize_t = 0
    words_from: cython.Py_ssize_t = 0
    before: cython.Py_UCS4
    ch: cython.Py_UCS4
    spoken: cython.bint
    gap: cython.bint
    kind: cython.int
    data: cython.p_void
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    acting = []
    words = []
    for p in range(n):
        ch = _char(text, kind, data, p)
        if not _capital(ch):
            continue
        if p > 0:
            before = char_at(text, p - 1)
            if before == "-" or word_char(before):
                continue
        rests = rests_by_capital[ord(ch) - 65]
        if p >= words_from:
            e = _name_end(text, p, n, _FREE, rests, verbs, acting_words)
            if e >= 0:
                words.append(text[p:e])
                words_from = e
        if p >= acting_from:
            e = -1
            spoken = _verb_before(text, p, verbs, longest) == 1
            gap = (not spoken and p >= 3 and char_at(text, p - 1).isspace() and char_at(text, p - 2).isspace()
                   and char_at(text, p - 3).isspace())
            if spoken or gap:
                e = _name_end(text, p, n, _BOUNDARY, rests, verbs, acting_words)
                if e >= 0 and gap and not after_speech_verb(text, p):
                    e = -1  # a long gap with no speech verb in it: the name acts only by what follows
            if e < 0:
                e = _name_end(text, p, n, _CUE, rests, verbs, acting_words)
            if e >= 0:
                acting.append(text[p:e])
                acting_from = e
    return acting, words


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _matches_ignoring_case(ch: cython.Py_UCS4, letter: cython.Py_UCS4) -> cython.bint:
    """Whether `ch` matches the lower-case ASCII `letter` in a pattern
    compiled with `re.IGNORECASE`: the letter, its capital, or one of the
    four other characters the engine folds to a letter (İ and ı to i, ſ to s,
    the Kelvin sign to k)."""
    if ch == letter or ("A" <= ch <= "Z" and ord(ch) + 32 == ord(letter)):
        return True
    if ord(ch) < 128:
        return False
    if letter == "i":
        return ch == "\u0130" or ch == "\u0131"
    if letter == "s":
        return ch == "\u017f"
    return letter == "k" and ch == "\u212a"


@cython.boundscheck(False)
@cython.wraparound(False)
def pronoun_after(text: str, start: cython.Py_ssize_t, reach: cython.Py_ssize_t, pronouns: tuple,
                  speech_openers: str):
    """(start, end) of the first of `pronouns` (lower-case ASCII words, in
    the order of a regex alternation) as a whole word, ignoring case, in the
    `reach` characters from `start` before any of `speech_openers`: what
    `re.compile(r"\\b(PRONOUN|...)\\b", re.I).search(text, start, stop)` finds,
    `stop` being the first opener in that stretch or its end; None if none."""
    n: cython.Py_ssize_t = len(text)
    stop: cython.Py_ssize_t = min(start + reach, n)
    p: cython.Py_ssize_t
    q: cython.Py_ssize_t
    j: cython.Py_ssize_t
    size: cython.Py_ssize_t
    ch: cython.Py_UCS4
    word: str
    kind: cython.int
    data: cython.p_void
    if cython.compiled:
        kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    else:
        kind, data = 0, None
    # `\b` before a match reads the character before `start` too
    after_word: cython.bint = start > 0 and word_char(char_at(text, start - 1))
    for p in range(start, stop):
        ch = _char(text, kind, data, p)
        if _one_of(ch, speech_openers):
            return None  # (a pronoun is all letters: none can run past the opener)
        if not word_char(ch):
            after_word = False
            continue
        if after_word:
            continue
        after_word = True
        for word in pronouns:
            size = len(word)
            if p + size > stop:
                continue
            j = 0
            while j < size and _matches_ignoring_case(char_at(text, p + j), word[j]):
                j += 1
            if j < size:
                continue
            q = p + size
            if q == stop or not word_char(char_at(text, q)):  # (the stretch ends at `stop`, as `endpos` cuts it)
                return p, q
    return None
