"""Statistics: the library (or one search's results) in charts drawn on the server."""
from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import Route

from ...library import Library, QueryError
from ..charts import WORD_BUCKETS, bars, columns
from ..context import WebContext, tag_url

TOP = 10


def _within(query: str, extra: str) -> str:
    return f"{query} {extra}".strip()


def word_histogram(lib: Library, query: str) -> list[tuple[str, int, str]]:
    out = []
    for label, low, high in WORD_BUCKETS:
        words = f"words:{low}..{'' if high is None else high - 1}"
        out.append((label, lib.count(_within(query, words)), "/works?" + urlencode({"q": _within(query, words)})))
    return out


def stats_charts(lib: Library, query: str) -> dict:
    result = lib.search(query, limit=0, facets=True, facet_limit=TOP)
    f = result.facets

    def linked(facet: str, kind: str) -> list[tuple[str, int, str]]:
        return [(v["value"], v["count"], tag_url(kind, v["value"])) for v in f.get(facet, [])]

    ratings = [(v["value"], v["count"], "/works?" + urlencode({"inc": f"rating:{v['value']}"}))
               for v in f.get("rating", [])]
    charts = [
        bars("Works per rating", ratings, css="ratings"),
        bars("Works per fandom", linked("fandom", "fandom")),
        bars("Top relationships", linked("relationship", "relationship")),
        bars("Top characters", linked("character", "character")),
        bars("Works per category", linked("category", "category")),
        columns("Word-count distribution (works per length)", word_histogram(lib, query)),
    ]
    return {"total": result.total, "charts": charts}


def routes(ctx: WebContext) -> list[Route]:
    def stats(request: Request):
        query = (request.query_params.get("q") or "").strip()
        try:
            data = stats_charts(ctx.lib, query)
            error = None
        except QueryError as exc:
            data, error = {"total": 0, "charts": []}, str(exc)
        return ctx.page(request, "stats.html", status_code=400 if error else 200, query=query, error=error,
                        library=ctx.lib.stats() if not query else None, **data)

    return [Route("/stats", stats)]
