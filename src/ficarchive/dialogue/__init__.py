"""Quotations and who says them.

`find_quotes(text)` finds every quotation; `attribute(text, quotes, cast)`
names each one's speaker with a confidence and readable evidence;
`find_mentions(text, cast)` is where the cast is named (the fandom matcher
may pass its own); `find_original_cast(text)` makes a cast from the text's
own character names; `speakers(text, cast)` does it all.
"""
from .attribute import attribute
from .cast import Attribution, CastMember, Mention
from .mentions import find_mentions
from .original_cast import find_original_cast
from .pipeline import speakers
from .quotes import find_quotes

__all__ = ["Attribution", "CastMember", "Mention", "attribute", "find_mentions",
           "find_original_cast", "find_quotes", "speakers"]
