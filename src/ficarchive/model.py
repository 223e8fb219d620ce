"""The `Work`: the one record every stage reads and writes.

`Work.to_dict()` is the JSON contract of `ficarchive parse --json`; every key is
always present, `None` or empty when unknown.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

RATINGS = (
    "General Audiences",
    "Teen And Up Audiences",
    "Mature",
    "Explicit",
    "Not Rated",
)
CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")
NOTE_POSITIONS = ("beginning", "end", "chapter")
PROVENANCE_SOURCES = ("structured", "header", "inferred", "user")


@dataclass
class Source:
    path: str
    format: str  # txt | html | epub | markdown
    encoding: str | None
    sha256: str
    size: int


@dataclass
class Series:
    name: str
    part: int | None = None


@dataclass
class Note:
    position: str  # beginning | end | chapter
    text: str
    chapter: int | None = None


@dataclass
class Chapter:
    number: int
    title: str | None
    text: str  # story text only; scenes separated by a line "* * *"
    notes: list[str] = field(default_factory=list)
    scenes: int = 1
    word_count: int = 0


@dataclass
class Quote:
    """One quotation: offsets into its chapter's `text`, `end` exclusive."""
    chapter: int
    start: int
    end: int
    speaker: str | None = None  # canonical character tag
    confidence: float = 0.0


@dataclass
class CharacterStats:
    mentions: int = 0
    quotes: int = 0
    dialogue_words: int = 0


@dataclass
class Provenance:
    source: str  # structured | header | inferred | user
    confidence: float
    evidence: list[str] = field(default_factory=list)


@dataclass
class Work:
    id: str
    source: Source
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    rating: str | None = None
    rating_raw: str | None = None
    warnings: list[str] = field(default_factory=list)
    suggested_warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    mentioned_characters: list[str] = field(default_factory=list)
    additional_tags: list[str] = field(default_factory=list)
    summary: str | None = None
    disclaimer: str | None = None
    notes: list[Note] = field(default_factory=list)
    header_fields: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    chapters: list[Chapter] = field(default_factory=list)
    word_count: int = 0
    complete: bool | None = None
    dialogue: list[Quote] = field(default_factory=list)
    character_stats: dict[str, CharacterStats] = field(default_factory=dict)
    pov: str | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All story text, chapters separated by blank lines."""
        return "\n\n".join(c.text for c in self.chapters)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # Key order of the contract, chapters' keys included.
        data["chapters"] = [
            {
                "number": c.number,
                "title": c.title,
                "notes": c.notes,
                "scenes": c.scenes,
                "word_count": c.word_count,
                "text": c.text,
            }
            for c in self.chapters
        ]
        data["notes"] = [
            {"position": n.position, "chapter": n.chapter, "text": n.text} for n in self.notes
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Work":
        data = dict(data)
        data["source"] = Source(**data["source"])
        data["series"] = [Series(**s) for s in data.get("series") or []]
        data["notes"] = [Note(**n) for n in data.get("notes") or []]
        data["chapters"] = [Chapter(**c) for c in data.get("chapters") or []]
        data["dialogue"] = [Quote(**q) for q in data.get("dialogue") or []]
        data["character_stats"] = {
            k: CharacterStats(**v) for k, v in (data.get("character_stats") or {}).items()
        }
        data["provenance"] = {k: Provenance(**v) for k, v in (data.get("provenance") or {}).items()}
        return cls(**data)
