"""Who can speak: the cast a text is read against.

The cast comes from the fandom knowledge base (canonical tags) or from a
`--characters FILE.json` list (`[{"id", "name", "aliases", "gender"}]`).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CastMember:
    id: str  # canonical tag, or the id given in a characters file
    name: str | None = None
    aliases: tuple[str, ...] = ()
    gender: str | None = None  # "male" | "female" | None
    narrator: bool = False  # the first-person narrator: "I said" is theirs


@dataclass(frozen=True)
class Mention:
    """A place in the text that names a cast member."""
    start: int
    end: int
    id: str


@dataclass
class Attribution:
    """A quotation and who says it; offsets into the text that was read."""
    start: int
    end: int
    speaker: str | None = None
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
