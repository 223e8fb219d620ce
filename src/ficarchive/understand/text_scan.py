"""Understanding's passes over a whole story's characters, in typed code
(Cython's pure-Python mode, compiled by `setup.py` like `dialogue/beam.py`):

* `count_words`: how many of a text's words (maximal runs of `\\w` and `'`)
  are one of a few given words: the point-of-view count of pronouns, which
  as two regexes cost about 65 instructions a character;
* `cue_matches`: every content cue (`cues.py`) that starts where a word
  starts, by walking a trie of the cue words from each word start, where an
  Aho-Corasick automaton followed every character (about 150 instructions a
  character: its nodes look their children up one by one).

Each reads the characters with the rules of the code it replaces (`\\w` and
`isalpha` through the same Unicode tables), so the answers are the same.
Where no build was made, the callers keep their regex and automaton (this
file would be slower as plain Python).
"""
from __future__ import annotations

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from ..dialogue import _cython_shim as cython

if cython.compiled:
    from cython.cimports.ficarchive.dialogue.text_chars import char_at
else:
    from ..dialogue.text_chars import char_at

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _word_or_apostrophe(ch: cython.Py_UCS4) -> cython.bint:
    """`[\\w']` as the regex engine reads it in a str pattern."""
    if ord(ch) < 128:
        return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9") or ch == "_" or ch == "'"
    return ch.isalnum()


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _alpha(ch: cython.Py_UCS4) -> cython.bint:
    """`str.isalpha` of one character."""
    if ord(ch) < 128:
        return ("a" <= ch <= "z") or ("A" <= ch <= "Z")
    return ch.isalpha()


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _cjk(ch: cython.Py_UCS4) -> cython.bint:
    """`cues._CJK`: kana, CJK ideographs, Hangul."""
    return ("\u3040" <= ch <= "\u30ff") or ("\u3400" <= ch <= "\u9fff") or ("\uac00" <= ch <= "\ud7af")


@cython.cfunc
@cython.exceptval(-1, check=True)
@cython.boundscheck(False)
@cython.wraparound(False)
def _is_one_of(text: str, start: cython.Py_ssize_t, end: cython.Py_ssize_t, words: tuple,
               fold: cython.bint) -> cython.int:
    """Whether text[start:end] is one of `words`, compared in place; with
    `fold`, an ASCII text's capitals as `str.lower` writes them."""
    w: str
    m: cython.Py_ssize_t
    ch: cython.Py_UCS4
    for w in words:
        if len(w) != end - start:
            continue
        m = 0
        while m < end - start:
            ch = char_at(text, start + m)
            if fold and "A" <= ch <= "Z":
                ch = chr(ord(ch) + 32)
            if ch != w[m]:
                break
            m += 1
        if m == end - start:
            return 1
    return 0


# Words of at most this many ASCII characters are compared packed into an
# integer (a byte a character): comparing a run with each word in turn cost
# about 600 instructions a run.
_PACKED_CHARS = 8
_MAX_PACKED_WORDS = 32


def _packed_keys(words: tuple) -> list:
    keys = []
    for w in words:
        key = 0
        for ch in w:
            key = key * 256 + ord(ch)
        keys.append(key)
    return keys


# Each (words, folded) pair `count_words` was asked about: (shortest,
# longest, packed words, packed folded), or () where they cannot be packed.
# The callers ask about the same few constant tuples: reading them anew cost
# about 15,000 instructions a call, a short text's whole walk over again.
_packings: dict = {}
_MOST_PACKINGS = 64


def _first_letters(words: tuple) -> tuple:
    """The first characters of ASCII words as a set of codes 0-127 in two
    64-bit masks (low: codes 0-63, high: 64-127)."""
    low = high = 0
    for w in words:
        if w:
            code = ord(w[0])
            if code < 64:
                low |= 1 << code
            else:
                high |= 1 << (code - 64)
    return low, high


def _packing(words: tuple, folded: tuple) -> tuple:
    every = words + folded
    if not cython.compiled or len(words) > _MAX_PACKED_WORDS or len(folded) > _MAX_PACKED_WORDS \
            or not all(w.isascii() and len(w) <= _PACKED_CHARS for w in every):
        return ()
    return (min(map(len, every)), max(map(len, every)), _packed_keys(words), _packed_keys(folded),
            _first_letters(words), _first_letters(folded))


# a-z among the codes 64-127 (`_first_letters`' high mask): shifted right by
# 32 they are A-Z, the capitals a folded run may open with.
_LOWER_LETTERS_HIGH: cython.ulonglong = ((1 << 26) - 1) << 33


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _in_mask(low: cython.ulonglong, high: cython.ulonglong, code: cython.uint) -> cython.bint:
    if code < 64:
        return (low >> code) & 1
    return (high >> (code - 64)) & 1


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _holds(keys: cython.p_ulonglong, count: cython.Py_ssize_t, key: cython.ulonglong) -> cython.int:
    k: cython.Py_ssize_t
    for k in range(count):
        if keys[k] == key:
            return 1
    return 0


@cython.boundscheck(False)
@cython.wraparound(False)
def count_words(text: str, words: tuple, folded: tuple = (), fold: cython.bint = False) -> tuple:
    """How many maximal runs of `[\\w']` in `text` are one of `words` (as many
    as a pattern `w(?<![\\w']w)ORD(?![\\w'])` per word finds), and how many
    are one of `folded` once lower-cased (with `fold`: `text` is ASCII, so
    its lower case has the same runs; else as they stand)."""
    packing = _packings.get((words, folded))
    if packing is None:
        packing = _packing(words, folded)
        if len(_packings) < _MOST_PACKINGS:  # (a caller with ever new words reads them each time)
            _packings[words, folded] = packing
    if not packing:
        return _count_words_one_by_one(text, words, folded, fold)
    shortest: cython.Py_ssize_t = packing[0]
    longest: cython.Py_ssize_t = packing[1]
    exact_keys = cython.declare(cython.ulonglong[32])
    folded_keys = cython.declare(cython.ulonglong[32])
    n_exact: cython.Py_ssize_t = len(words)
    n_folded: cython.Py_ssize_t = len(folded)
    k: cython.Py_ssize_t
    keys: list = packing[2]
    for k in range(n_exact):
        exact_keys[k] = keys[k]
    keys = packing[3]
    for k in range(n_folded):
        folded_keys[k] = keys[k]
    # Only a run of ASCII characters that opens with a letter some word opens
    # with (with `fold`, or its capital) can be one of them: every other run
    # is walked over without packing (a run with other characters, or longer
    # than the words, matches none: the words are ASCII and at most
    # `longest` long).
    first_low: cython.ulonglong = packing[4][0] | packing[5][0]
    first_high: cython.ulonglong = packing[4][1] | packing[5][1]
    if fold:
        first_high |= (packing[5][1] & _LOWER_LETTERS_HIGH) >> 32
    count: cython.Py_ssize_t = 0
    count_folded: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t = 0
    start: cython.Py_ssize_t = -1  # where the run under way began (-1: none)
    packable: cython.bint = False  # the run so far: ASCII, opening as a word does, no longer than the words
    exact: cython.ulonglong = 0  # the run packed as it stands
    lower: cython.ulonglong = 0  # and with capitals folded (with `fold`)
    code: cython.ulonglong
    ch: cython.Py_UCS4
    for ch in text:
        if _word_or_apostrophe(ch):
            if start < 0:
                start = i
                packable = ord(ch) < 128 and _in_mask(first_low, first_high, ord(ch))
                exact = lower = 0
            if packable:
                code = ord(ch)
                if code >= 128 or i - start >= longest:
                    packable = False
                else:
                    exact = exact * 256 + code
                    lower = lower * 256 + (code + 32 if fold and 65 <= code <= 90 else code)
        elif start >= 0:
            if packable and i - start >= shortest:
                count += _holds(exact_keys, n_exact, exact)
                count_folded += _holds(folded_keys, n_folded, lower)
            start = -1
        i += 1
    if start >= 0 and packable and i - start >= shortest:
        count += _holds(exact_keys, n_exact, exact)
        count_folded += _holds(folded_keys, n_folded, lower)
    return count, count_folded


@cython.boundscheck(False)
@cython.wraparound(False)
def _count_words_one_by_one(text: str, words: tuple, folded: tuple = (), fold: cython.bint = False) -> tuple:
    """`count_words`, each run compared with each word in turn (as plain
    Python, and for words that cannot be packed)."""
    every = words + folded
    shortest: cython.Py_ssize_t = min(map(len, every))
    longest: cython.Py_ssize_t = max(map(len, every))
    count: cython.Py_ssize_t = 0
    count_folded: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t = 0
    start: cython.Py_ssize_t = -1  # where the run under way began (-1: none)
    ch: cython.Py_UCS4
    for ch in text:
        if _word_or_apostrophe(ch):
            if start < 0:
                start = i
        elif start >= 0:
            if shortest <= i - start <= longest:
                count += _is_one_of(text, start, i, words, False)
                count_folded += _is_one_of(text, start, i, folded, fold)
            start = -1
        i += 1
    if start >= 0 and shortest <= i - start <= longest:
        count += _is_one_of(text, start, i, words, False)
        count_folded += _is_one_of(text, start, i, folded, fold)
    return count, count_folded


def pronoun_counts(narration: str, first: tuple, third: tuple) -> tuple:
    """(runs of `narration` in `first`, runs of its lower case in `third`),
    in one pass where its lower case has the same runs and no new ASCII words
    (`lowers_in_place`: its capitals folded as they are compared), else two.
    `third`: ASCII words."""
    if narration.isascii() or lowers_in_place(narration):
        return count_words(narration, first, third, True)
    return count_words(narration, first)[0], count_words(narration.lower(), third)[0]


def lowers_in_place(text: str) -> cython.bint:
    """Whether `text.lower()` is `text` with its ASCII capitals folded and
    every other character turned into one character that is not ASCII and is
    `[\\w']` exactly where the original is (`É` to `é`; not `İ`, which lowers
    to two, nor the Kelvin sign, which lowers to `k`): then its lower case has
    the same runs in the same places, and a run that holds another character
    is no ASCII word either way. (`str.lower` reads a character's context only
    for a final sigma, which is one such character whichever it becomes.)"""
    ch: cython.Py_UCS4
    low: str
    for ch in text:
        if ord(ch) < 128:
            continue
        low = str(ch).lower()  # (the full mapping, as `str.lower` reads it; not the one-character table)
        if len(low) != 1 or ord(low[0]) < 128 or _word_or_apostrophe(low[0]) != _word_or_apostrophe(ch):
            return False
    return True


@cython.boundscheck(False)
@cython.wraparound(False)
def cue_matches(lower: str, trie) -> list:
    """Every (end, start, senses, whole) of a cue word in `lower` (a lower-cased
    text) that starts a word (no letter before it) or starts on a CJK
    character, in the order an Aho-Corasick automaton reports them: by end,
    then longest first; `whole`: no letter follows it. `trie` is `CueTrie`."""
    found: list = []
    n: cython.Py_ssize_t = len(lower)
    i: cython.Py_ssize_t = -1
    k: cython.Py_ssize_t
    node: cython.Py_ssize_t
    code: cython.int
    at: cython.int
    ch: cython.Py_UCS4
    c: cython.Py_UCS4
    letter_before: cython.bint = False
    whole: cython.bint
    width: cython.Py_ssize_t = trie.width
    moves: cython.int[:] = trie.moves
    ends: cython.int[:] = trie.ends
    ascii_codes: cython.int[:] = trie.ascii_codes
    other_codes: dict = trie.other_codes
    other_low: cython.Py_UCS4 = trie.other_low
    other_high: cython.Py_UCS4 = trie.other_high
    senses: list = trie.senses
    for ch in lower:
        i += 1
        if letter_before and not _cjk(ch):
            letter_before = _alpha(ch)
            continue
        letter_before = _alpha(ch)
        node = 0  # the root
        k = i
        c = ch
        while True:
            if ord(c) < 128:
                code = ascii_codes[ord(c)]
            elif other_low <= c <= other_high:
                code = other_codes.get(c, -1)
            else:
                code = -1
            if code < 0:
                break
            node = moves[node * width + code]
            if node == 0:
                break
            k += 1
            at = ends[node]
            if at >= 0:
                whole = _cjk(ch) or k >= n or not _alpha(char_at(lower, k))
                found.append((k, i, senses[at], whole))
            if k >= n:
                break
            c = char_at(lower, k)
    found.sort()
    return found


class CueTrie:
    """Cue words as a trie in flat arrays: `moves[node * width + code]` is
    the next node (0: none; the root is 0), `ends[node]` the index in
    `senses` of the word ending there (or -1); characters are numbered by
    `ascii_codes` (below 128) and `other_codes` (from `other_low` to
    `other_high`)."""

    def __init__(self, words: dict):
        from array import array

        alphabet = sorted({ch for word in words for ch in word})
        codes = {ch: c for c, ch in enumerate(alphabet)}
        self.width = max(1, len(alphabet))
        moves = [0] * self.width
        ends = [-1]
        self.senses = []
        for word, senses in words.items():
            if not word:
                continue  # (an automaton finds no empty word)
            node = 0
            for ch in word:
                at = node * self.width + codes[ch]
                if not moves[at]:
                    moves[at] = len(ends)
                    moves.extend([0] * self.width)
                    ends.append(-1)
                node = moves[at]
            ends[node] = len(self.senses)
            self.senses.append(senses)
        self.moves = array("i", moves)
        self.ends = array("i", ends)
        self.ascii_codes = array("i", [codes.get(chr(c), -1) for c in range(128)])
        self.other_codes = {ch: c for ch, c in codes.items() if ord(ch) >= 128}
        # the range they lie in (the curly quotes of most texts lie outside it)
        self.other_low = min(self.other_codes, default="\x80")
        self.other_high = max(self.other_codes, default="\x80")
