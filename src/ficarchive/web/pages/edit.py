"""Correcting a work in the browser: the same corrections as `ficarchive edit`
(stored apart, provenance `user`, kept through re-imports and reanalysis).
Only mounted when the server is not read-only; every POST carries a CSRF token."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from ...library import EditError, LibraryError
from ...model import CATEGORIES, RATINGS, Work
from ..context import WebContext, work_url
from ..security import CSRF_FIELD
from .work import load_work

# Form field -> (label, Work field, name `Library.edit` takes)
SCALARS = [("title", "Title", "title"), ("summary", "Summary", "summary"), ("rating", "Rating", "rating"),
           ("complete", "Complete", "complete")]
LISTS = [("authors", "Authors", "author"), ("fandoms", "Fandoms", "fandom"),
         ("relationships", "Relationships", "relationship"), ("characters", "Characters", "character"),
         ("warnings", "Archive warnings", "warning"), ("categories", "Categories", "category"),
         ("additional_tags", "Additional tags", "tag")]
COMPLETE_CHOICES = {"yes": True, "no": False, "unknown": None}


def form_values(work: Work) -> dict[str, str]:
    values = {"title": work.title or "", "summary": work.summary or "", "rating": work.rating or "",
              "complete": {True: "yes", False: "no", None: "unknown"}[work.complete]}
    for fld, _, _ in LISTS:
        values[fld] = "\n".join(getattr(work, fld))
    return values


def _lines(text: str) -> list[str]:
    """One item per line or between commas (archive tags never hold a comma)."""
    items = (part.strip() for line in text.splitlines() for part in line.split(","))
    return list(dict.fromkeys(i for i in items if i))


def changes(work: Work, form) -> dict[str, object]:
    """What the form changes, as `Library.edit(set=...)` takes it: only fields
    whose value differs, so untouched fields keep their provenance."""
    out: dict[str, object] = {}
    current = form_values(work)
    for fld, _, name in SCALARS:
        new = str(form.get(fld, current[fld])).replace("\r\n", "\n").strip()
        if new != current[fld].strip():
            out[name] = new
    for fld, _, name in LISTS:
        if fld == "categories":
            new_items = [c for c in form.getlist("categories") if c in CATEGORIES]
            if "categories_present" not in form:
                continue
        else:
            if fld not in form:
                continue
            new_items = _lines(str(form.get(fld)).replace("\r\n", "\n"))
        if [i.casefold() for i in new_items] != [i.casefold() for i in getattr(work, fld)]:
            out[name] = new_items if new_items else ""
    return out


def routes(ctx: WebContext) -> list[Route]:
    def render(request: Request, work: Work, values: dict, error: str | None = None, status: int = 200,
               overrides=()):
        token = ctx.csrf.token_for(request)
        response = ctx.page(request, "edit.html", status_code=status, work=work, values=values, error=error,
                            scalars=SCALARS, lists=LISTS, ratings=RATINGS, categories=CATEGORIES,
                            complete_choices=COMPLETE_CHOICES, csrf_field=CSRF_FIELD, csrf_token=token,
                            overrides=overrides)
        ctx.csrf.set_cookie(response, token)
        return response

    async def edit(request: Request):
        work_id = request.path_params["work_id"]
        work = await run_in_threadpool(load_work, ctx, work_id)
        overrides = await run_in_threadpool(lambda: ctx.lib.overrides(work.id))
        if request.method == "GET":
            return render(request, work, form_values(work), overrides=overrides)
        form = await request.form()
        if not ctx.csrf.check(request, form):
            raise HTTPException(403, "This form has expired or came from another site; reload it and try again.")
        if form.get("reset_all"):
            await run_in_threadpool(lambda: ctx.lib.edit(work.id, reset=["all"]))
            return RedirectResponse(work_url(work.id) + "?corrected=reset", status_code=303)
        wanted = changes(work, form)
        if not wanted:
            return RedirectResponse(work_url(work.id), status_code=303)
        try:
            await run_in_threadpool(lambda: ctx.lib.edit(work.id, set=wanted))
        except (EditError, LibraryError) as exc:
            values = {k: str(form.get(k, v)) for k, v in form_values(work).items()}
            return render(request, work, values, error=str(exc), status=400, overrides=overrides)
        return RedirectResponse(work_url(work.id) + "?corrected=1", status_code=303)

    async def reanalyze(request: Request):
        work = await run_in_threadpool(load_work, ctx, request.path_params["work_id"])
        form = await request.form()
        if not ctx.csrf.check(request, form):
            raise HTTPException(403, "This form has expired or came from another site; reload it and try again.")
        # In this process (jobs=1): a server must not fork worker pools from its threads.
        await run_in_threadpool(lambda: ctx.lib.reanalyze(f"id:{work.id}", jobs=1))
        return RedirectResponse(work_url(work.id) + "?reanalyzed=1", status_code=303)

    return [Route("/works/{work_id}/edit", edit, methods=["GET", "POST"]),
            Route("/works/{work_id}/reanalyze", reanalyze, methods=["POST"])]
