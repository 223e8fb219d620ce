"""Why a field says what it says: provenance evidence grouped per tag.

Evidence lines name the tag they explain (`Tara Maclay: named 16×, speaks
12×`); an indented line continues the line above it (the quoted sentences
under a relationship), so lines are grouped before they are matched.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Provenance

SOURCE_TEXT = {"structured": "from the file's own metadata", "header": "from the story's header",
               "inferred": "inferred from the text", "user": "corrected by hand"}


@dataclass
class Why:
    source: str
    confidence: float
    lines: list[list[str]]  # groups: a line and its indented continuation lines
    specific: bool  # True when the lines name this tag, False when they are the whole field's

    @property
    def source_text(self) -> str:
        return SOURCE_TEXT.get(self.source, self.source)

    @property
    def percent(self) -> str:
        return f"{self.confidence:.0%}"

    @property
    def inferred(self) -> bool:
        return self.source == "inferred"


def groups(evidence: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for line in evidence:
        if out and line[:1].isspace():
            out[-1].append(line.strip())
        else:
            out.append([line.strip()])
    return out


def why(provenance: Provenance | None, tag: str | None = None) -> Why | None:
    """The evidence for a whole field, or for one of its tags when `tag` is given."""
    if provenance is None:
        return None
    all_groups = groups(list(provenance.evidence))
    if tag is None:
        return Why(provenance.source, provenance.confidence, all_groups, False)
    keys = {tag.casefold(), tag.split(" (")[0].casefold()}
    mine = [g for g in all_groups if any(k in g[0].casefold() for k in keys)]
    return Why(provenance.source, provenance.confidence, mine or all_groups, bool(mine))
