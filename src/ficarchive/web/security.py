"""Headers every response carries, and the edit forms' guard against cross-site requests.

The Content-Security-Policy allows nothing but this server's own stylesheet,
scripts and images: no inline script or style, no remote image, no framing.
Story text is escaped and sanitised before it is shown; the policy is the
second wall if that ever fails.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import Request

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    # same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on
    # form posts, and the CSRF check needs the real origin.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
CSRF_COOKIE = "ficarchive_csrf"
CSRF_FIELD = "csrf_token"


class SecurityHeaders:
    """ASGI middleware adding `HEADERS` to every HTTP response (errors included)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Csrf:
    """Double-submit tokens, signed: the form carries the same token as a
    SameSite=Strict cookie, and the token is an HMAC of a nonce under this
    server's secret, so a token planted from elsewhere does not verify."""

    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self.secret, nonce.encode(), hashlib.sha256).hexdigest()

    def token_for(self, request: Request) -> str:
        """The request's token if it carries a valid one, else a new one (set it with `set_cookie`)."""
        current = request.cookies.get(CSRF_COOKIE, "")
        if self.valid(current):
            return current
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str) -> bool:
        nonce, _, mac = (token or "").partition(".")
        return bool(nonce and mac) and hmac.compare_digest(mac, self._sign(nonce))

    def check(self, request: Request, form) -> bool:
        sent = str(form.get(CSRF_FIELD) or "")
        cookie = request.cookies.get(CSRF_COOKIE, "")
        return self.valid(sent) and hmac.compare_digest(sent, cookie) and same_origin(request)

    @staticmethod
    def set_cookie(response, token: str) -> None:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


def same_origin(request: Request) -> bool:
    """A browser's Origin header, when sent, must name this server."""
    origin = request.headers.get("origin")
    if origin is None:  # not sent by older browsers for same-origin posts; the token still guards
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")
