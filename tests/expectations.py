"""Compare a parsed Work with the expected-metadata JSON files of ../shared/corpus
and of tests/fixtures. Each compare_* returns a list of human-readable mismatches."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]")


def norm(text: str | None) -> str:
    """Compare text ignoring emphasis marks, quote styles and spacing."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = text.replace("*", "").replace("_", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def tokens(text: str) -> list[str]:
    """Words as the expected files count them: tokens holding a letter or a
    digit (a dash or a mark standing alone between words is not a word)."""
    if _CJK.search(text):
        return [c for c in text if _CJK.match(c)]
    return [t for t in norm(text).split() if any(ch.isalnum() for ch in t)]


def word_count_close(actual: int, expected: int, tolerance: float = 0.02) -> bool:
    return abs(actual - expected) <= max(2, expected * tolerance)


def _body_edges(work) -> tuple[list[str], list[str]]:
    text = "\n\n".join(c.text for c in work.chapters if c.text)
    toks = tokens(text)
    return toks[:40], toks[-40:]


def _starts_with(toks: list[str], expected: str) -> bool:
    want = tokens(expected)
    return toks[: len(want)] == want


def _ends_with(toks: list[str], expected: str) -> bool:
    want = tokens(expected)
    return bool(want) and toks[-len(want):] == want


def compare_common(work, exp: dict, words_key: str, starts_key: str, ends_key: str) -> list[str]:
    problems = []
    if "title" in exp and norm(work.title) != norm(exp["title"]):
        problems.append(f"title {work.title!r} != {exp['title']!r}")
    if "authors" in exp and [norm(a) for a in work.authors] != [norm(a) for a in exp["authors"]]:
        problems.append(f"authors {work.authors} != {exp['authors']}")
    head, tail = _body_edges(work)
    if exp.get(starts_key) and not _starts_with(head, exp[starts_key]):
        problems.append(f"body starts {' '.join(head[:12])!r} != {exp[starts_key][:60]!r}")
    if exp.get(ends_key) and not _ends_with(tail, exp[ends_key]):
        problems.append(f"body ends {' '.join(tail[-12:])!r} != {exp[ends_key][-60:]!r}")
    if exp.get(words_key) is not None and not word_count_close(work.word_count, exp[words_key]):
        problems.append(f"words {work.word_count} != {exp[words_key]}")
    return problems


def _series(work) -> list[tuple[str, int | None]]:
    return [(norm(s.name), s.part) for s in work.series]


def compare_fetched(work, exp: dict) -> list[str]:
    problems = compare_common(work, exp, "body_word_count", "body_first_words", "body_last_words")
    if work.chapters and len(work.chapters) != exp["chapter_count"]:
        problems.append(f"chapters {len(work.chapters)} != {exp['chapter_count']}")
    titles = [c.title for c in work.chapters]
    want_titles = exp.get("chapter_titles") or []
    if any(want_titles) and [norm(t) for t in titles[: len(want_titles)]] != [norm(t) for t in want_titles]:
        problems.append(f"chapter titles {titles[:4]} != {want_titles[:4]}")
    if exp.get("rating") and work.rating != exp["rating"]:
        problems.append(f"rating {work.rating!r} != {exp['rating']!r}")
    if exp.get("series") is not None and _series(work) != [(norm(s["name"]), s["part"]) for s in exp["series"]]:
        problems.append(f"series {work.series} != {exp['series']}")
    if (exp.get("summary") or None) and norm(work.summary) != norm(exp["summary"]):
        problems.append(f"summary {str(work.summary)[:60]!r} != {exp['summary'][:60]!r}")
    if exp.get("gold_source", {}).get("complete") == "structured" or exp.get("complete") is not None:
        if work.complete != exp.get("complete"):
            problems.append(f"complete {work.complete} != {exp.get('complete')}")
    return problems


def compare_seed(work, exp: dict) -> list[str]:
    problems = compare_common(work, exp, "body_words", "body_starts", "body_ends")
    if work.chapters and len(work.chapters) != exp["chapters"]:
        problems.append(f"chapters {len(work.chapters)} != {exp['chapters']}")
    scenes = sum(c.scenes for c in work.chapters)
    if scenes != exp["scenes"]:
        problems.append(f"scenes {scenes} != {exp['scenes']}")
    want_series = exp.get("series")
    if isinstance(want_series, dict):
        want_series = [want_series]
    if want_series is not None and _series(work) != [(norm(s["name"]), s["part"]) for s in want_series or []]:
        problems.append(f"series {work.series} != {want_series}")
    if exp.get("rating_source") == "header":
        if work.rating_raw != exp.get("rating_raw"):
            problems.append(f"rating_raw {work.rating_raw!r} != {exp.get('rating_raw')!r}")
        if work.rating not in exp["rating_allowed"]:
            problems.append(f"rating {work.rating!r} not in {exp['rating_allowed']}")
    if norm(work.summary) != norm(exp.get("summary")):
        problems.append(f"summary {work.summary!r} != {exp.get('summary')!r}")
    if exp.get("disclaimer_contains") and norm(exp["disclaimer_contains"]) not in norm(work.disclaimer):
        problems.append(f"disclaimer {work.disclaimer!r} lacks {exp['disclaimer_contains']!r}")
    notes = norm(" ".join(n.text for n in work.notes))
    for piece in exp.get("notes_contains") or []:
        if norm(piece) not in notes:
            problems.append(f"notes lack {piece!r}")
    for key, value in (exp.get("header_fields") or {}).items():
        if norm(work.header_fields.get(key)) != norm(value):
            problems.append(f"header_fields[{key!r}] {work.header_fields.get(key)!r} != {value!r}")
    if work.complete != exp.get("complete"):
        problems.append(f"complete {work.complete} != {exp.get('complete')}")
    return problems


def compare_fixture(work, exp: dict) -> list[str]:
    """Fixture expectations use the seed keys plus the raw header lists."""
    problems = compare_seed(work, exp)
    for key in ("fandoms", "relationships", "characters", "warnings"):
        if key in exp and sorted(norm(x) for x in getattr(work, key)) != sorted(norm(x) for x in exp[key]):
            problems.append(f"{key} {getattr(work, key)} != {exp[key]}")
    # genres and categories may also be kept as tags; the named tags must be there
    missing = set(norm(x) for x in exp.get("additional_tags") or []) - set(norm(x) for x in work.additional_tags)
    if missing:
        problems.append(f"additional_tags lack {sorted(missing)}")
    if "rating" in exp and work.rating != exp["rating"]:
        problems.append(f"rating {work.rating!r} != {exp['rating']!r}")
    if "rating_raw" in exp and norm(work.rating_raw) != norm(exp["rating_raw"]):
        problems.append(f"rating_raw {work.rating_raw!r} != {exp['rating_raw']!r}")
    titles = exp.get("chapter_titles") or []
    if any(titles) and [norm(c.title) for c in work.chapters] != [norm(t) for t in titles]:
        problems.append(f"chapter titles {[c.title for c in work.chapters]} != {titles}")
    if exp.get("language") and work.language != exp["language"]:
        problems.append(f"language {work.language!r} != {exp['language']!r}")
    return problems
