"""Language of a work: from metadata when stated, else identified from the text
with py3langid (its model ships inside the package; nothing is downloaded)."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import filterfalse

import numpy as np

from ..resources import load_yaml
from . import char_scan

# ISO 639-1 languages fan fiction is commonly written in; restricting the
# identifier to them keeps it from answering with a rare neighbour (Wu for Chinese).
COMMON = [
    "en", "es", "de", "fr", "it", "pt", "nl", "pl", "ru", "uk", "zh", "ja", "ko", "vi", "id", "sv", "no",
    "da", "fi", "cs", "hu", "tr", "el", "he", "ar", "th", "ca", "tl", "ro", "sk", "hr", "sr", "bg", "lt",
    "lv", "et", "sl", "ms", "fa", "hi", "bn", "ta", "la", "eo", "ga", "cy", "eu", "gl", "is", "af",
]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE) if hasattr(LanguageIdentifier, "from_pickled_model") \
        else LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(COMMON)
    # The weights ship as float16, which numpy converts element by element in
    # software on every call; widened once (exactly, 20 MB for these
    # languages) a call costs about a third less and gives the same scores.
    ident.nb_ptc = np.ascontiguousarray(ident.nb_ptc, dtype=np.float32)
    return ident


def language_code(name: str | None) -> str | None:
    """'English' / 'Español' / '中文-普通话 國語' -> ISO 639-1."""
    if not name:
        return None
    table = load_yaml("languages.yaml")
    key = name.strip().lower()
    if key in table:
        return table[key]
    for k in sorted(table, key=len, reverse=True):
        if key.startswith(k):
            return table[k]
    return None


# A story's language shows in its first lines; the identifier's cost grows with
# the sample, and on every story tried 1,500 characters agreed with 4,000.
SAMPLE_CHARS = 1500


def identify(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < 20:
        return None
    if _plainly_english(sample):
        return "en"
    code, _ = _identifier().classify(sample)
    return code


# Most fan fiction is English, and English prose shows it at once: its
# commonest words make up 28-50% of every story's opening here, against 0-10%
# in Spanish, French, German, Dutch, Italian or Portuguese. Such a text needs
# no identifier (which cost more than the rest of parsing a short story); any
# other text goes to it.
_ENGLISH_WORDS = frozenset(
    "the and to of a was he she i you it in that his her had with for on my me is at as but not be they we "
    "him this said so all what there".split())
_ENGLISH_SHARE = 0.2
_MIN_WORDS = 30
_LETTER = re.compile(r"[^\W\d_]")  # a letter: a word character that is no digit and no `_`


class _LetterRuns(dict):
    """A `str.translate` table keeping letters and making every other
    character a space, so that `split()` gives the runs of letters: what
    `re.findall(r"[^\\W\\d_]+")` finds at about half the cost. Each character
    is classified the first time it is met (and remembered within the BMP)."""

    def __missing__(self, code: int) -> int:
        value = code if _LETTER.match(chr(code)) else 32
        if code < 0x10000:
            self[code] = value
        return value


_LETTER_RUNS = _LetterRuns()


def letter_runs(text: str) -> list[str]:
    """The runs of letters in `text`, in order."""
    return text.translate(_LETTER_RUNS).split()


# The same runs found in UTF-8 bytes: ASCII letters and every byte of a
# non-ASCII character kept, other ASCII characters made spaces. `str.translate`
# looks each character up in the table only for all-ASCII text; one curly
# quote sends it down a path that costs about 40 ns a character.
_BYTE_RUNS = bytes(b if chr(b).isascii() and chr(b).isalpha() or b >= 0x80 else 32 for b in range(256))
_ENGLISH_BYTES = frozenset(w.encode() for w in _ENGLISH_WORDS)


def english_counts(text: str) -> tuple[int, int]:
    """(runs of letters, how many of them are among the commonest English
    words) in `text` (lower case): the counts `letter_runs` gives."""
    if text.isascii():
        words = letter_runs(text)
        return len(words), sum(map(_ENGLISH_WORDS.__contains__, words))
    tokens = text.encode("utf-8").translate(_BYTE_RUNS).split()
    # an all-ASCII token is a run; the others are letters and non-ASCII
    # characters (never split inside: every byte of one is kept), read again
    mixed = list(filterfalse(bytes.isascii, tokens))
    runs = len(tokens) - len(mixed)
    english = sum(map(_ENGLISH_BYTES.__contains__, tokens))  # (a mixed token is no English word)
    for token in mixed:
        words = letter_runs(token.decode("utf-8"))
        runs += len(words)
        english += sum(map(_ENGLISH_WORDS.__contains__, words))
    return runs, english


# the same words as the typed count's keys (`char_scan.english_counts`)
_ENGLISH_KEYS = tuple(sorted(map(char_scan.packed, _ENGLISH_WORDS)))
_ENGLISH_LONGEST = max(map(len, _ENGLISH_WORDS))
assert _ENGLISH_LONGEST <= char_scan.MAX_PACKED and len(_ENGLISH_KEYS) <= char_scan.MAX_KEYS and all(w.isascii() and w.isalpha() for w in _ENGLISH_WORDS)


def _plainly_english(sample: str) -> bool:
    # (compiled, the counts read the sample as lower-cased without copying it,
    # where they can: lower-casing text with non-ASCII characters costs as much)
    counts = char_scan.english_counts(sample, _ENGLISH_KEYS, _ENGLISH_LONGEST, True) if char_scan.COMPILED else None
    if counts is None:
        lower = sample.lower()
        counts = char_scan.english_counts(lower, _ENGLISH_KEYS, _ENGLISH_LONGEST) if char_scan.COMPILED \
            else english_counts(lower)
    runs, english = counts
    if runs < _MIN_WORDS:
        return False
    return english >= _ENGLISH_SHARE * runs
