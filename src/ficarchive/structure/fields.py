"""Labelled header lines (`Rating: PG-13`, `written by - Sam`) and what they mean."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_yaml
from .char_scan import count_tokens


@dataclass
class LabelledLine:
    field: str | None  # canonical field (see data/header_labels.yaml) or None if unknown
    label: str  # lower-cased label as written
    value: str


_LEAD = re.compile(r"[\s*_\[<#]*")


@lru_cache(maxsize=1)
def _known() -> tuple[dict[str, re.Pattern], dict[str, str]]:
    """One pattern per first letter of the labels (the same pattern, cut down to
    the labels a line could start with), and the label -> field table."""
    table: dict[str, str] = {}
    for field, labels in load_yaml("header_labels.yaml").items():
        for label in labels:
            table.setdefault(str(label).lower(), field)
    by_letter: dict[str, list[str]] = {}
    for label in sorted(table, key=len, reverse=True):
        by_letter.setdefault(label[0], []).append(label)
    patterns = {}
    for letter, alternatives in by_letter.items():
        body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alternatives)
        patterns[letter] = re.compile(
            rf"^[\s*_\[<#]*(?P<label>{body})[\s*_\]>]*(?:(?::|=|\s[-–—]\s?|\s?[-–—]\s)\s*|:?\s*$)(?P<value>.*)$",
            re.IGNORECASE,
        )
    return patterns, table


_UNKNOWN = re.compile(r"^[\s*_\[]*(?P<label>[A-Za-z][A-Za-z'’/&.()\- ]{0,28}?)[*_\]]*\s*:\s+(?P<value>\S.*)$")
_NOT_LABELS = {"http", "https", "ftp", "mailto", "note to self", "p.s"}
_PART_LABEL = re.compile(r"^[\s*_]*part[\s*_]*[:=]", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b(?=\s+[A-Z])|\s&\s(?=.*,))\s*")
_PEOPLE_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\+)\s*")
_RELATIONSHIP_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b(?![^/]*&))\s*")


def labelled(line: str, allow_unknown: bool = False) -> LabelledLine | None:
    if not could_be_labelled(line):
        return None
    patterns, table = _known()
    plain = _plain_labelled(line, table)
    if plain is not None:
        return plain or None
    first = line[:1]
    if not first.isalpha():  # (a line that opens with a letter has no lead to skip)
        lead = _LEAD.match(line).end()
        first = line[lead:lead + 1]
    pattern = patterns.get(first.lower())
    m = pattern.match(line) if pattern is not None else None
    if m:
        label, value = m.group("label", "value")
        label = " ".join(label.lower().split())  # (no label opens or closes on a space)
        value = _field_value(line, value)
        field = table[label]
        # "Part 2 of X" and "Part II" are series or chapter lines, not a label.
        if value is None or (field == "part" and not _PART_LABEL.match(line)):
            return None
        # "For all that...": a label word starting a sentence, not a label.
        head = line[: m.start("value") + 1]
        if ":" not in head and "=" not in head and count_tokens(value, 9) > 8:
            return None
        return LabelledLine(field, label, value)
    if allow_unknown and ":" in line:
        m = _UNKNOWN.match(line)
        if m:
            label = m.group("label").strip().lower()
            if label not in _NOT_LABELS and len(label.split()) <= 4 and not label.endswith(" said"):
                return LabelledLine(None, label, m.group("value").strip())
    return None


def could_be_labelled(line: str) -> bool:
    """False where `labelled` finds no label, whatever it is asked: each
    label pattern parts the label from its value by a colon, `=` or a dash,
    or ends the line on the label, which keeps a value only on a colon; an
    unknown label needs a colon. (Most prose paragraphs hold none of these:
    five substring tests in C turn them away before any pattern.)"""
    return ":" in line or "-" in line or "=" in line or "–" in line or "—" in line


def _plain_labelled(line: str, table: dict[str, str]) -> LabelledLine | bool | None:
    """What the patterns make of the commonest header line, `Label: value`
    with a one-word ASCII label that opens the line (the label is then the
    only alternative that matches: none holds `:`; the pattern's value is the
    rest of the line after the colon). False where they make nothing of it,
    None where the line has another shape (the patterns then decide)."""
    colon = line.find(":", 0, _PLAIN_LABEL_LONGEST + 1)
    if colon <= 0 or "\n" in line:
        return None
    label = line[:colon]
    if not (label.isascii() and label.isalpha()):
        return None
    label = label.lower()
    field = table.get(label)
    if field is None or field == "part":
        return None
    value = _field_value(line, line[colon + 1:])
    return False if value is None else LabelledLine(field, label, value)


def _field_value(line: str, raw: str) -> str | None:
    """A label's value as kept (spaces and emphasis marks off its ends), or
    None where it is empty and the line does not end on the label's colon."""
    value = raw.strip().strip("*_").strip()
    return value if value or line.rstrip().endswith(":") else None


_PLAIN_LABEL_LONGEST = 32  # (a longer label, if any, is left to the patterns)


def split_list(value: str) -> list[str]:
    """'Buffy, Willow and Xander; Giles' -> ['Buffy', 'Willow', 'Xander', 'Giles']."""
    value = value.strip()
    if "and" in value or "&" in value:
        return _items(_LIST_SEPARATOR.split(value))
    if "," not in value and ";" not in value:  # (one part, the value itself)
        return _items((value,))
    # only commas and semicolons split: the same parts without the pattern's try at every position
    return [item for part in value.replace(";", ",").split(",") if (item := part.strip().strip(_ITEM_MARKS))]


def split_people(value: str) -> list[str]:
    """Author lists: 'A and B', 'A & B', 'A, B'."""
    value = value.strip()
    # (a value without a separator's characters is one part: no pattern tried at every position)
    return _items(_PEOPLE_SEPARATOR.split(value) if _holds_any(value, _PEOPLE_SEPARATOR_CHARS) else (value,))


def _items(parts) -> list[str]:
    """The parts of a list, spaces and marks off their ends, the empty ones left out."""
    if len(parts) == 1:  # (the commonest: one name, one fandom)
        item = parts[0].strip(_ITEM_MARKS)
        return [item] if item else []
    return [item for part in parts if (item := part.strip(_ITEM_MARKS))]


_ITEM_MARKS = " .*_\"'"


def split_relationships(value: str) -> list[str]:
    """'S/W, B/A; Xander & Anya' -> ['S/W', 'B/A', 'Xander & Anya'] (shorthand kept raw)."""
    value = value.strip()
    parts = _RELATIONSHIP_SEPARATOR.split(value) if _holds_any(value, _RELATIONSHIP_SEPARATOR_CHARS) else [value]
    out = []
    for p in parts:
        p = p.strip(_ITEM_MARKS)
        if p and p.lower() not in ("none", "n/a", "no", "gen", "none really", "not really"):
            out.append(p)
    return out


# What each separator pattern's every match holds one of
_PEOPLE_SEPARATOR_CHARS = (",", ";", "&", "+", "and")
_RELATIONSHIP_SEPARATOR_CHARS = (",", ";", "and")


def _holds_any(value: str, needles: tuple[str, ...]) -> bool:
    return any(map(value.__contains__, needles))
