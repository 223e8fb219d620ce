"""Tags: every canonical tag by kind with its count, and a page per tag (its
synonyms, its parent fandom, its works)."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ...library import Library, LibraryError, QueryError, TagInfo
from ..context import KIND_FILTERS, KIND_LABELS, WebContext, tag_url
from ..filters import PAGE_SIZE


def find_tag(lib: Library, kind: str, name: str) -> TagInfo | None:
    """The canonical tag `name` spells, itself or as one of its synonyms."""
    folded = name.casefold()
    for info in lib.tags(kind, contains=name):
        if info.name.casefold() == folded:
            return info
    for info in lib.tags(kind):  # a synonym: its canonical name need not contain it
        if any(s.casefold() == folded for s in info.synonyms):
            return info
    return None


def routes(ctx: WebContext) -> list[Route]:
    def index(request: Request):
        kind = request.query_params.get("kind") or None
        contains = (request.query_params.get("contains") or "").strip() or None
        if kind is not None and kind not in KIND_FILTERS:
            raise HTTPException(404, f"No tags of kind {kind!r}.")
        kinds = [kind] if kind else list(KIND_FILTERS)
        groups = [(k, ctx.lib.tags(k, contains=contains, limit=None if kind else 50)) for k in kinds]
        return ctx.page(request, "tags.html", groups=[(k, KIND_LABELS[k], tags) for k, tags in groups if tags],
                        kind=kind, contains=contains or "", kinds=KIND_LABELS)

    def tag(request: Request):
        kind, name = request.path_params["kind"], request.path_params["name"]
        if kind not in KIND_FILTERS:
            raise HTTPException(404, f"No tags of kind {kind!r}.")
        lib = ctx.lib
        info = find_tag(lib, kind, name)
        if info is None:
            raise HTTPException(404, f"There is no {kind} tag {name!r} in this library.")
        if info.name != name:  # a synonym, or another spelling: show the canonical page
            return RedirectResponse(tag_url(kind, info.name), status_code=302)
        page = request.query_params.get("page", "1")
        page = int(page) if page.isdigit() and int(page) > 0 else 1
        query = f'{KIND_FILTERS[kind]}:"{info.name.replace(chr(34), " ")}"'
        try:
            result = lib.search(query, sort="date", limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        except (QueryError, LibraryError) as exc:
            raise HTTPException(400, str(exc)) from None
        pages = max(1, -(-result.total // PAGE_SIZE))
        return ctx.page(request, "tag.html", tag=info, kind=kind, kind_label=KIND_LABELS[kind], works=result.works,
                        total=result.total, page=page, pages=pages, query=query)

    return [Route("/tags", index), Route("/tags/{kind}/{name:path}", tag)]
