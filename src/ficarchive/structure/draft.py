"""`Draft`: what the format readers recover, before it becomes a `Work`.

Each reader (plain text, HTML, EPUB, Markdown) fills a Draft; `build_work`
turns any Draft into the Work contract, so the rules for word counts, ratings,
languages and provenance live in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Segment

SCENE_BREAK = "* * *"
# how far a field is trusted by where it was read (0.7 elsewhere)
_CONFIDENCE = {"structured": 1.0, "header": 0.95}


@dataclass
class ChapterDraft:
    number: int | None = None  # as numbered in its heading
    title: str | None = None
    notes: list[str] = field(default_factory=list)  # chapter notes, beginning then end
    scenes: list[list[str]] = field(default_factory=lambda: [[]])  # paragraphs per scene

    def add_paragraph(self, text: str) -> None:
        self.scenes[-1].append(text)

    def scene_break(self) -> None:
        if self.scenes[-1]:
            self.scenes.append([])

    def finished_scenes(self) -> list[list[str]]:
        return [s for s in self.scenes if s]

    def text(self) -> str:
        return f"\n\n{SCENE_BREAK}\n\n".join("\n\n".join(s) for s in self.finished_scenes())


@dataclass
class Draft:
    format: str
    # field -> (value, source, confidence, evidence)
    values: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, tuple[str, float, list[str]]] = field(default_factory=dict)
    header_fields: dict[str, str] = field(default_factory=dict)
    notes_begin: list[str] = field(default_factory=list)
    notes_end: list[str] = field(default_factory=list)
    chapters: list[ChapterDraft] = field(default_factory=list)
    complete: bool | None = None
    complete_evidence: str | None = None
    # the labelled lines of the last text read; segments are built only when asked
    segment_source: object = field(default=None, repr=False)

    @property
    def segments(self) -> list[Segment]:
        return self.segment_source.segments() if self.segment_source is not None else []

    def set(self, name: str, value, source: str, evidence: str | None = None,
            confidence: float | None = None, replace: bool = False) -> None:
        """Record a field unless already known (first, most specific source wins)."""
        if not value and value in (None, "", []):  # (a value that is there is none of these: no comparisons)
            return
        if name in self.values and not replace:
            return
        self.values[name] = value
        if confidence is None:
            confidence = _CONFIDENCE.get(source, 0.7)
        self.provenance[name] = (source, confidence, [evidence] if evidence else [])

    def extend(self, name: str, values: list, source: str, evidence: str | None = None) -> None:
        """Add list values (authors, tags) keeping order and dropping repeats."""
        values = list(filter(None, values))  # (the empty ones dropped, in C)
        if not values:
            return
        current = self.values.get(name)
        if current is None:  # (the commonest case: nothing seen yet)
            if len(values) == 1:  # (and one value: no repeat to drop, the list kept as it is)
                self.values[name] = values
            else:
                current = self.values[name] = []
                _append_new(current, values, set())
        else:
            _append_new(current, values, {v.lower() if isinstance(v, str) else v for v in current})
        if name not in self.provenance:
            self.provenance[name] = (source, _CONFIDENCE.get(source, 0.7),
                                     [evidence] if evidence else [])

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    def add_header_field(self, label: str, value: str) -> None:
        self.add_flat_header_field(collapse(label.lower()), collapse(value))

    def add_flat_header_field(self, label: str, value: str) -> None:
        """`add_header_field` of a lower-case label and a value already collapsed."""
        if not label or not value:
            return
        if label in self.header_fields:
            if value not in self.header_fields[label]:
                self.header_fields[label] += " " + value
        else:
            self.header_fields[label] = value


def _append_new(current: list, values: list, seen: set) -> None:
    """Append to `current` each of `values` whose key (a str lower-cased) is
    not in `seen`, the keys of those already there."""
    for v in values:
        key = v.lower() if isinstance(v, str) else v
        if key not in seen:
            current.append(v)
            seen.add(key)


def collapse(text: str) -> str:
    """Runs of whitespace made one space, and none at the ends."""
    # Most text is that already: printable (so no whitespace but the space,
    # every other one being a control or separator character), no two spaces
    # in a row, none at the ends. Looking costs far less than splitting it
    # into words and joining them again.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())
