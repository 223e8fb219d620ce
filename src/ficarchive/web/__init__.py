"""The web reader: browse, filter, read and correct a library in a browser.

    from ficarchive.web import create_app
    app = create_app("~/fic", read_only=False)   # a Starlette ASGI app

Pages (web/pages/, one module each): the works index (`/works`, blurbs,
search, facet sidebar), a work (`/works/{id}`, `/works/{id}/chapters/{n}`,
`/works/{id}/dialogue`), corrections (`/works/{id}/edit`, absent when
read-only), statistics (`/stats`), tags (`/tags`, `/tags/{kind}/{name}`) and
the JSON API (`/api/…`, described by `/api/openapi.json`).

Safety: story text is escaped and rebuilt as markup here (render.py), then
sanitised with nh3; templates auto-escape; every response carries a strict
Content-Security-Policy (security.py); forms that change anything carry a
CSRF token; static files come from a fixed allow-list of package data.
"""
from .app import create_app

__all__ = ["create_app"]
