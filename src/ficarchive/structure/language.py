"""Language of a work: from metadata when stated, else identified from the text
with py3langid (its model ships inside the package; nothing is downloaded)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..resources import load_yaml

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
    code, _ = _identifier().classify(sample)
    return code
