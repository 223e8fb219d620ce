"""Put a labelled value (from a text header, HTML tag list, OPF or YAML) into a Draft."""
from __future__ import annotations

import re

from ..model import Series
from .draft import Draft, collapse
from .fields import split_list, split_people, split_relationships
from .patterns import clean_name, parse_number

_CATEGORY_WORDS = {
    "f/f": "F/F", "femslash": "F/F", "f/m": "F/M", "m/f": "F/M", "het": "F/M", "gen": "Gen",
    "general": "Gen", "m/m": "M/M", "slash": "M/M", "multi": "Multi", "other": "Other",
}
_COMPLETE_WORDS = re.compile(r"^\s*(?:complete[d]?|yes|finished|done|oneshot|one-shot|one shot)\b", re.IGNORECASE)
_INCOMPLETE_WORDS = re.compile(r"^\s*(?:in[\s-]?progress|wip|work in progress|incomplete|no|ongoing|on hiatus|hiatus|abandoned|unfinished)\b", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_SERIES_PART = [
    re.compile(r"^(?:part|book|story|no\.?|#)\s*(?P<num>\w+)\s+(?:of|in)\s+(?:the\s+)?(?P<name>.+?)(?:\s+series)?$", re.IGNORECASE),
    re.compile(r"^(?P<name>.+?)[\s,:;\-–(]+(?:part|book|story|no\.?|#|vol\.?|volume)\s*(?P<num>[\w]+)\)?$", re.IGNORECASE),
    re.compile(r"^(?P<name>.+?)\s+series\s+(?P<num>[IVXLC]+|\d+)$", re.IGNORECASE),
    re.compile(r"^(?P<name>.+?)\s*[#(]\s*(?P<num>\d+)\)?$"),
]


def parse_series(value: str) -> Series | None:
    value = collapse(value).strip(" .\"'*_")
    if not value or value.lower() in ("none", "n/a", "no", "standalone", "stand-alone"):
        return None
    for pattern in _SERIES_PART:
        m = pattern.match(value)
        if m:
            num = parse_number(m.group("num"))
            if num is not None:
                return Series(m.group("name").strip(" ,.:;-\"'"), num)
    return Series(value, None)


def apply_labelled(draft: Draft, field: str | None, label: str, value: str, source: str) -> None:
    value = value.strip()
    flat = collapse(value)
    draft.add_flat_header_field(collapse(label.lower()), flat)
    if not field or not value:
        return
    evidence = f"{label}: {flat[:200]}"
    if field == "title":
        draft.set("title", flat.strip(" \"'*_~"), source, evidence)
    elif field == "authors":
        names = [clean_name(n) for n in split_people(value)] or [value]
        # `Author: user@host (Handle)` is how to reach the poster; a by-line
        # on the title page, when there is one, names the author
        key = "authors_contact" if source == "header" and "@" in value and _EMAIL.search(value) else "authors"
        draft.extend(key, [n for n in names if n], source, evidence)
    elif field == "series":
        series = parse_series(value)
        if series:
            draft.set("series", [series], source, evidence)
    elif field == "part":
        num = parse_number(re.split(r"\s*(?:of|/)\s*", value.strip(), maxsplit=1)[0])
        if num is not None:
            draft.set("part", num, source, evidence)
    elif field == "fandoms":
        draft.extend("fandoms", split_list(value), source, evidence)
    elif field == "relationships":
        draft.extend("relationships", split_relationships(value), source, evidence)
    elif field == "characters":
        draft.extend("characters", split_list(value), source, evidence)
    elif field == "rating":
        draft.set("rating_raw", flat, source, evidence)
    elif field == "warnings":
        items = [w for w in split_list(value) if w.lower() not in ("none", "n/a", "no")]
        draft.extend("warnings", items, source, evidence)
    elif field == "categories":
        apply_categories(draft, split_list(value), source, evidence)
    elif field in ("genre", "additional_tags"):
        draft.extend("additional_tags", split_list(value), source, evidence)
    elif field == "summary":
        draft.set("summary", flat, source, evidence)
    elif field == "disclaimer":
        draft.set("disclaimer", flat, source, evidence)
    elif field == "notes":
        draft.notes_begin.append(value)
    elif field == "status":
        apply_status(draft, value, source, evidence)
    elif field == "language":
        draft.set("language_raw", flat, source, evidence)


def apply_categories(draft: Draft, items: list[str], source: str, evidence: str | None) -> None:
    cats, other = [], []
    for item in items:
        mapped = _CATEGORY_WORDS.get(item.strip().lower())
        (cats if mapped else other).append(mapped or item)
    draft.extend("categories", cats, source, evidence)
    draft.extend("additional_tags", other, source, evidence)


def apply_status(draft: Draft, value: str, source: str, evidence: str | None) -> None:
    if _INCOMPLETE_WORDS.match(value):
        draft.complete, draft.complete_evidence = False, evidence
    elif _COMPLETE_WORDS.match(value):
        draft.complete, draft.complete_evidence = True, evidence
