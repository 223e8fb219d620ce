"""What every page handler shares: the library (one connection per thread),
the templates, the static assets, the CSRF guard and the read-only switch."""
from __future__ import annotations

import re
import threading
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
    """One `Library` per thread: a Library holds one SQLite connection, and the
    server answers requests from a pool of threads."""

    def __init__(self, path: str | Path | None):
        with Library(path, create=False) as lib:  # fails now, with a clear message, if it is not there
            self.path = lib.path
        self._local = threading.local()
        self._all: list[Library] = []
        self._lock = threading.Lock()
        self._generation = 0  # bumped by close(): a thread's connection from before is reopened

    def get(self) -> Library:
        lib = getattr(self._local, "lib", None)
        if lib is None or self._local.generation != self._generation:
            lib = Library(self.path, create=False)
            self._local.lib, self._local.generation = lib, self._generation
            with self._lock:
                self._all.append(lib)
        return lib

    def close(self) -> None:
        with self._lock:
            self._generation += 1
            for lib in self._all:
                try:
                    lib.close()
                except Exception:  # a connection owned by another thread: the process is ending anyway
                    pass
            self._all.clear()


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
