"""The application factory: routes from each page module, security headers,
error pages, and (optionally) a Host check against DNS rebinding."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from .context import Libraries, LibraryPerRequest, WebContext
from .pages import api, edit, stats, tags, work, works
from .security import Csrf, SecurityHeaders

log = logging.getLogger("ficarchive.web")
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


def create_app(library: str | Path | None = None, *, read_only: bool = False,
               allowed_hosts: list[str] | None = None, csrf_secret: bytes | None = None) -> Starlette:
    """The web reader for the library at `library` (a folder or .db file; None:
    $FICARCHIVE_LIBRARY, else the user data folder). Raises LibraryError when
    there is no library there. `read_only` leaves the edit pages out entirely;
    `allowed_hosts` (when given) rejects requests for any other Host."""
    ctx = WebContext(Libraries(library), read_only=read_only, csrf=Csrf(csrf_secret))
    routes = works.routes(ctx) + work.routes(ctx) + stats.routes(ctx) + tags.routes(ctx) + api.routes(ctx)
    if not read_only:
        routes += edit.routes(ctx)
    routes.append(Route("/static/{name}", ctx.static.endpoint))

    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        if exc.status_code == 405:
            return PlainTextResponse("method not allowed", status_code=405)
        return ctx.error(request, exc.status_code, str(exc.detail))

    async def server_error(request: Request, exc: Exception):
        log.exception("error serving %s", request.url.path)
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": "internal error"}, status_code=500)
        return ctx.error(request, 500, "Something went wrong on the server; the log says what.")

    @asynccontextmanager
    async def lifespan(app):
        yield
        ctx.libraries.close()

    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    middleware.append(Middleware(LibraryPerRequest, libraries=ctx.libraries))  # innermost: refused hosts take none
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error, Exception: server_error})
    app.state.web = ctx
    return app
