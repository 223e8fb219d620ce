"""Static assets, served from package data by name: a fixed allow-list read
once at start, so no part of a request path ever reaches the file system."""
from __future__ import annotations

import hashlib
from importlib import resources

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

ASSETS = {  # name -> media type
    "style.css": "text/css; charset=utf-8",
    "reader.js": "text/javascript; charset=utf-8",
    "index.js": "text/javascript; charset=utf-8",
    "theme.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


class StaticAssets:
    def __init__(self):
        folder = resources.files(__package__) / "static"
        self.files = {name: (folder / name).read_bytes() for name in ASSETS}
        # A short content hash in each URL lets browsers cache assets for good.
        self.versions = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in self.files.items()}

    def url(self, name: str) -> str:
        return f"/static/{name}?v={self.versions[name]}"

    async def endpoint(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.files:
            return PlainTextResponse("not found", status_code=404)
        return Response(self.files[name], media_type=ASSETS[name],
                        headers={"cache-control": "public, max-age=31536000, immutable"})
