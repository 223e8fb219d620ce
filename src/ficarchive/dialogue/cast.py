"""Who can speak: the cast a text is read against.

The cast comes from the fandom knowledge base (canonical tags) or from a
`--characters FILE.json` list (`[{"id", "name", "aliases", "gender"}]`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import TITLE_GENDER


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


def family_name(form: str) -> str | None:
    """The family name of a titled name (`Mrs. Bennet` -> `Bennet`), else None."""
    words = form.split()
    if len(words) < 2 or (words[0] not in TITLE_GENDER and words[0] + "." not in TITLE_GENDER):
        return None
    return words[-1] if words[-1][:1].isupper() else None


def family_counts(cast) -> dict[str, int]:
    """How many cast members carry each family name after a title: a name
    two members share (Mr. and Mrs. Bennet) marks a family in the story."""
    count: dict[str, int] = {}
    for member in cast:
        names = {family_name(form) for form in (member.name or "", *member.aliases)} - {None}
        for name in names:
            count[name] = count.get(name, 0) + 1
    return count
