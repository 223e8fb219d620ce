"""What every page handler shares: the library (a few connections, one per request in
flight), the templates, the static assets, the CSRF guard and the read-only switch."""
from __future__ import annotations

import asyncio
import contextvars
import os
import re
import threading
from contextlib import asynccontextmanager
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ..library import Library
from ..resources import load_yaml
from .render import inline_html, text_to_html
from .security import Csrf
from .static import StaticAssets

WORK_ID = re.compile(r"^[0-9a-fA-F]{4,64}$")
# Tag kind -> the search-language filter that selects works carrying the tag.
KIND_FILTERS = {"fandom": "fandom", "relationship": "relationship", "character": "character",
                "warning": "warning", "category": "category", "freeform": "freeform", "author": "author",
                "series": "series"}
KIND_LABELS = {"fandom": "Fandoms", "relationship": "Relationships", "character": "Characters",
               "warning": "Warnings", "category": "Categories", "freeform": "Additional tags",
               "author": "Authors", "series": "Series"}
RATING_SYMBOLS = {"General Audiences": ("G", "rating-g"), "Teen And Up Audiences": ("T", "rating-t"),
                  "Mature": ("M", "rating-m"), "Explicit": ("E", "rating-e"), "Not Rated": ("NR", "rating-nr")}


class Libraries:
    """A few `Library` objects that requests take in turn, one request at a time each (at most
    `size` at once; the others wait their turn). A Library holds one SQLite connection and, from
    its second search on, every work's kept columns (library/columns.py: about 150 MB and
    seconds to build at a million works), so one per server thread, as it was, built and held
    them up to forty times over, and a request that landed on a fresh thread paid the slow
    path again."""

    def __init__(self, path: str | Path | None, size: int | None = None):
        with Library(path, create=False) as lib:  # fails now, with a clear message, if it is not there
            self.path = lib.path
        self.size = size or max(2, min(4, os.cpu_count() or 2))
        self._idle: list[Library] = []
        self._all: list[Library] = []
        self._lock = threading.Lock()
        self._turns: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self._current: contextvars.ContextVar[Library | None] = contextvars.ContextVar("library", default=None)

    @asynccontextmanager
    async def lend(self):
        """A Library for the request being served (`get` finds it), back to the pool after."""
        loop = asyncio.get_running_loop()
        if self._turns is None or self._turns[0] is not loop:  # a semaphore belongs to one event loop
            self._turns = (loop, asyncio.Semaphore(self.size))
        turns = self._turns[1]
        async with turns:
            with self._lock:
                lib = self._idle.pop() if self._idle else None
            if lib is None:
                lib = Library(self.path, create=False)
                with self._lock:
                    self._all.append(lib)
            token = self._current.set(lib)
            try:
                yield lib
            finally:
                self._current.reset(token)
                with self._lock:
                    self._idle.append(lib)

    def get(self) -> Library:
        """The library of the request being served."""
        lib = self._current.get()
        if lib is None:
            raise RuntimeError("the library is only lent to a request (LibraryPerRequest)")
        return lib

    def close(self) -> None:
        with self._lock:
            for lib in self._all:
                try:
                    lib.close()
                except Exception:  # the process is ending anyway
                    pass
            self._all.clear()
            self._idle.clear()


class LibraryPerRequest:
    """ASGI middleware lending each HTTP request (static files aside) a Library for its whole
    life; handlers reach it through `WebContext.lib` (the context variable follows the request
    into the thread that runs a synchronous handler)."""

    def __init__(self, app, libraries: Libraries):
        self.app, self.libraries = app, libraries

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)
        async with self.libraries.lend():
            await self.app(scope, receive, send)


def tag_url(kind: str, name: str) -> str:
    return f"/tags/{quote(kind, safe='')}/{quote(name, safe='')}"


def work_url(work_id: str, chapter: int | None = None) -> str:
    return f"/works/{work_id}" + (f"/chapters/{chapter}" if chapter else "")


def number(value) -> str:
    return f"{value:,}" if isinstance(value, (int, float)) else ""


@dataclass
class WebContext:
    libraries: Libraries
    read_only: bool = False
    csrf: Csrf = field(default_factory=Csrf)
    static: StaticAssets = field(default_factory=StaticAssets)
    templates: Jinja2Templates = field(init=False)

    def __post_init__(self):
        env = jinja2.Environment(loader=jinja2.PackageLoader("ficarchive.web", "templates"),
                                 autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                 undefined=jinja2.StrictUndefined)
        env.globals.update(static_url=self.static.url, tag_url=tag_url, work_url=work_url,
                           read_only=self.read_only, kind_labels=KIND_LABELS, rating_symbols=RATING_SYMBOLS)
        env.filters["number"] = number
        env.filters["language"] = language_label
        env.filters["story"] = text_to_html
        env.filters["inline"] = inline_html
        self.templates = Jinja2Templates(env=env)

    @property
    def lib(self) -> Library:
        return self.libraries.get()

    def page(self, request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def error(self, request: Request, status_code: int, message: str) -> HTMLResponse:
        return self.page(request, "error.html", status_code=status_code, status=status_code, message=message)


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """ISO 639-1 code -> the first name data/languages.yaml lists for it."""
    names: dict[str, str] = {}
    for name, code in load_yaml("languages.yaml").items():
        if len(str(name)) > 2 and code not in names:
            names[code] = str(name)
    return names


def language_label(code: str | None) -> str:
    if not code:
        return ""
    name = _language_names().get(code)
    return name[:1].upper() + name[1:] if name else code
