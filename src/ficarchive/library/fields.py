"""What a work's library rows take from its Work: the searchable columns, its tag
names by field and the notes the full-text index reads.

Computed in the import's workers (a small, cheap-to-pickle value) and, for a
work with corrections, from the corrected Work in the writer.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Series, Work
from .tags import TAG_FIELDS


@dataclass(frozen=True)
class Fields:
    title: str | None
    summary: str | None
    rating: str | None
    language: str | None
    word_count: int
    chapters: int
    complete: bool | None
    names: tuple[tuple[str, tuple[str, ...]], ...]  # (Work field, its tag names) in TAG_FIELDS order
    notes: str                                       # the notes' texts as the full-text index reads them

    @classmethod
    def of(cls, work: Work) -> "Fields":
        return cls(
            title=work.title, summary=work.summary, rating=work.rating, language=work.language,
            word_count=work.word_count, chapters=len(work.chapters), complete=work.complete,
            names=tuple([(fld, tag_names(fld, getattr(work, fld))) for fld in TAG_FIELDS]),
            notes="\n\n".join(n.text for n in work.notes),
        )


def tag_names(fld: str, items) -> tuple[str, ...]:
    """A tag field's values as tag names (a series by its name)."""
    if fld == "series":
        return tuple([s.name if isinstance(s, Series) else str(s) for s in items])
    return tuple(map(str, items))
