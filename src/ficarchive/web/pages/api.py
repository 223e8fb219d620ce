"""The JSON API under /api/: search, one work, facets, tags and library
figures, as described by /api/openapi.json (web/openapi.yaml)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ...library import LibraryError, QueryError
from ...resources import parse_yaml
from ..context import KIND_FILTERS, WORK_ID, WebContext

MAX_LIMIT = 200


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    text = (resources.files("ficarchive.web") / "openapi.yaml").read_text("utf-8")
    from ... import __version__
    doc = parse_yaml(text)
    doc["info"]["version"] = __version__
    return doc


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def routes(ctx: WebContext) -> list[Route]:
    def search(request: Request):
        p = request.query_params
        try:
            limit = _int(request, "limit", 20, 0, MAX_LIMIT)
            offset = _int(request, "offset", 0, 0, 10**9)
            facets = p.get("facets") in ("1", "true", "yes")
            result = ctx.lib.search(p.get("q", ""), sort=p.get("sort") or None,
                                    reverse=p.get("reverse") in ("1", "true", "yes"),
                                    limit=limit, offset=offset, facets=facets)
        except (QueryError, ValueError) as exc:
            return _error(400, str(exc))
        return JSONResponse(result.to_dict())

    def facets(request: Request):
        try:
            limit = _int(request, "limit", 20, 1, MAX_LIMIT)
            result = ctx.lib.search(request.query_params.get("q", ""), limit=0, facets=True, facet_limit=limit)
        except (QueryError, ValueError) as exc:
            return _error(400, str(exc))
        return JSONResponse({"total": result.total, "facets": result.facets})

    def work(request: Request):
        work_id = request.path_params["work_id"]
        if not WORK_ID.match(work_id):
            return _error(404, "not a work id (4 to 64 hexadecimal characters)")
        lib = ctx.lib
        try:
            data = lib.get(work_id).to_dict()
            data["sources"] = [s.to_dict() for s in lib.sources(work_id)]
        except LibraryError as exc:
            return _error(404, str(exc))
        if request.query_params.get("text") in ("0", "false", "no"):
            for ch in data["chapters"]:
                ch["text"] = None
        return JSONResponse(data)

    def tags(request: Request):
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in KIND_FILTERS:
            return _error(400, f"unknown kind {kind!r} (kinds: {', '.join(KIND_FILTERS)})")
        try:
            limit = _int(request, "limit", 100, 1, 10_000)
        except ValueError as exc:
            return _error(400, str(exc))
        found = ctx.lib.tags(kind, contains=request.query_params.get("contains") or None, limit=limit)
        return JSONResponse({"tags": [t.to_dict() for t in found]})

    def stats(request: Request):
        data = ctx.lib.stats()
        data.pop("path", None)  # where the library lives on disk is not the API's business
        return JSONResponse(data)

    def openapi(request: Request):
        return JSONResponse(openapi_document())

    return [Route("/api/search", search), Route("/api/facets", facets), Route("/api/works/{work_id}", work),
            Route("/api/tags", tags), Route("/api/stats", stats), Route("/api/openapi.json", openapi),
            Route("/api", openapi), Route("/api/", openapi)]
