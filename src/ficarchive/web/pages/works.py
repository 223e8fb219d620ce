"""The works index: archive-style blurbs, the search box and the filter sidebar."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ...library import QueryError
from ..context import WebContext
from ..filters import FACET_FILTERS, FACET_LABELS, PAGE_SIZE, SORTS, FilterState

FACET_LIMIT = 12


def facet_groups(state: FilterState, facets: dict[str, list[dict]]) -> list[dict]:
    """Sidebar groups: each value with its count and whether it is included or
    excluded; chosen values stay listed even when no result carries them."""
    out = []
    for facet in FACET_FILTERS:
        values = [dict(v) for v in facets.get(facet, [])]
        seen = {v["value"].casefold() for v in values}
        for kind, chosen in (("inc", state.include), ("exc", state.exclude)):
            for f, value in chosen:
                if f == facet and value.casefold() not in seen:
                    values.insert(0, {"value": value, "count": 0})
                    seen.add(value.casefold())
        for v in values:
            v["included"] = (facet, v["value"]) in state.include
            v["excluded"] = (facet, v["value"]) in state.exclude
            v["key"] = f"{facet}:{v['value']}"
        if values:
            out.append({"facet": facet, "label": FACET_LABELS[facet], "entries": values})
    return out


def routes(ctx: WebContext) -> list[Route]:
    def index(request: Request):
        state = FilterState.from_params(request.query_params)
        error = None
        try:
            result = ctx.lib.search(state.query(), sort=state.sort, limit=PAGE_SIZE, offset=state.offset,
                                    facets=True, facet_limit=FACET_LIMIT)
        except QueryError as exc:
            error = str(exc)
            result = None
        total = result.total if result else 0
        pages = max(1, -(-total // PAGE_SIZE))
        return ctx.page(request, "works.html", status_code=400 if error else 200, state=state, error=error,
                        works=result.works if result else [], total=total, page=state.page, pages=pages,
                        groups=facet_groups(state, result.facets if result else {}), sorts=SORTS,
                        first=state.offset + 1, last=state.offset + (len(result.works) if result else 0))

    def home(request: Request):
        return RedirectResponse("/works", status_code=302)

    return [Route("/", home), Route("/works", index)]
