"""The works index's filter state: URL parameters <-> a library query.

Every state is a plain GET URL, so any view of the index can be bookmarked
and shared:

    q=slayer              free text in the search language (`ficarchive search`)
    inc=fandom:Stargate   a tag every work must carry (repeatable)
    exc=character:Spike   a tag no work may carry (repeatable)
    words_from=1000  words_to=5000  complete=1  sort=words  page=2
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

# Facet (as the library counts them) -> the search-language filter that selects it.
FACET_FILTERS = {"rating": "rating", "warning": "warning", "category": "category", "fandom": "fandom",
                 "relationship": "relationship", "character": "character", "tag": "freeform"}
FACET_LABELS = {"rating": "Ratings", "warning": "Warnings", "category": "Categories", "fandom": "Fandoms",
                "relationship": "Relationships", "character": "Characters", "tag": "Additional tags"}
SORTS = {"relevance": "Best match", "date": "Date added", "words": "Word count", "title": "Title",
         "chapters": "Chapters"}
PAGE_SIZE = 20


@dataclass(frozen=True)
class FilterState:
    q: str = ""
    include: tuple[tuple[str, str], ...] = ()
    exclude: tuple[tuple[str, str], ...] = ()
    words_from: int | None = None
    words_to: int | None = None
    complete: bool = False
    sort: str | None = None
    page: int = 1
    problems: list[str] = field(default_factory=list, compare=False)

    @classmethod
    def from_params(cls, params) -> "FilterState":
        """From request query parameters (a multi-dict); bad parts are dropped and named in `problems`."""
        problems: list[str] = []

        def pairs(name: str) -> tuple[tuple[str, str], ...]:
            out = []
            for raw in params.getlist(name):
                facet, sep, value = raw.partition(":")
                if not sep or facet not in FACET_FILTERS or not value.strip():
                    problems.append(f"ignored {name}={raw!r} (write facet:value, facets: {', '.join(FACET_FILTERS)})")
                elif (facet, value.strip()) not in out:
                    out.append((facet, value.strip()))
            return tuple(out)

        def number(name: str) -> int | None:
            raw = (params.get(name) or "").strip().replace(",", "")
            if not raw:
                return None
            if not raw.isdigit():
                problems.append(f"ignored {name}={raw!r} (a whole number of words)")
                return None
            return int(raw)

        sort = params.get("sort") or None
        if sort is not None and sort not in SORTS:
            problems.append(f"ignored sort={sort!r} (sorts: {', '.join(SORTS)})")
            sort = None
        page = params.get("page") or "1"
        return cls(q=(params.get("q") or "").strip(), include=pairs("inc"), exclude=pairs("exc"),
                   words_from=number("words_from"), words_to=number("words_to"),
                   complete=params.get("complete") in ("1", "on", "yes", "true"), sort=sort,
                   page=max(1, int(page)) if page.isdigit() else 1, problems=problems)

    # -- to the library --------------------------------------------------------------
    def query(self) -> str:
        """The search-language query this state means."""
        parts = [self.q] if self.q else []
        ratings = [v for f, v in self.include if f == "rating"]
        if ratings:  # a work has one rating: several included ratings mean any of them
            parts.append(f'rating:"{",".join(_quotable(r) for r in ratings)}"')
        parts += [f'{FACET_FILTERS[f]}:"{_quotable(v)}"' for f, v in self.include if f != "rating"]
        parts += [f'-{FACET_FILTERS[f]}:"{_quotable(v)}"' for f, v in self.exclude]
        if self.words_from is not None or self.words_to is not None:
            low = "" if self.words_from is None else str(self.words_from)
            high = "" if self.words_to is None else str(self.words_to)
            parts.append(f"words:{low}..{high}")
        if self.complete:
            parts.append("complete:yes")
        return " ".join(parts)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    # -- to URLs ------------------------------------------------------------------------
    def params(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        out += [("inc", f"{f}:{v}") for f, v in self.include]
        out += [("exc", f"{f}:{v}") for f, v in self.exclude]
        if self.words_from is not None:
            out.append(("words_from", str(self.words_from)))
        if self.words_to is not None:
            out.append(("words_to", str(self.words_to)))
        if self.complete:
            out.append(("complete", "1"))
        if self.sort:
            out.append(("sort", self.sort))
        if self.page > 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, path: str = "/works", **changes) -> str:
        state = replace(self, **changes) if changes else self
        query = urlencode(state.params())
        return path + ("?" + query if query else "")

    def page_url(self, page: int) -> str:
        return self.url(page=page)

    def with_include(self, facet: str, value: str) -> str:
        return self.url(include=self.include + ((facet, value),), page=1)

    def without(self, kind: str, facet: str, value: str) -> str:
        """The URL with one included or excluded tag taken off."""
        if kind == "inc":
            return self.url(include=tuple(p for p in self.include if p != (facet, value)), page=1)
        return self.url(exclude=tuple(p for p in self.exclude if p != (facet, value)), page=1)

    @property
    def active(self) -> bool:
        return bool(self.q or self.include or self.exclude or self.words_from is not None
                    or self.words_to is not None or self.complete)


def _quotable(value: str) -> str:
    # The search language has no escape for a quote inside a quoted value; a tag
    # spelled with one is matched by the rest of its name.
    return value.replace('"', " ").strip()
