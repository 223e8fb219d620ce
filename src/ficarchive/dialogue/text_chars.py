"""One character of a str, as the typed modules read it: compiled, they
cimport `char_at` (and `word_char`, the regex engine's `\\w`) from `text_chars.pxd` (read straight from the string's
buffer, no bounds or kind checked: indexing a str in typed code did both at
every character); in plain Python, this."""


def char_at(text: str, p: int) -> str:
    """text[p] (the caller keeps `p` within the text)."""
    return text[p]


def word_char(ch: str) -> bool:
    """What the regex engine's `\\w` matches in a str pattern."""
    return ch == "_" or ch.isalnum()
