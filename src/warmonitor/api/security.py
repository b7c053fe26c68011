"""What every response carries and every request must pass.

One ASGI middleware: the Host allow-list (a localhost server must not be readable through
DNS rebinding), the hardened header set on every answer, no server banner, and HEAD
answered as GET without a body. Plus the bearer-token check for writes and the URL
filter that keeps ``javascript:``/``data:`` links out of pages.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script or style anywhere: everything comes from our own /static.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
_DROPPED = {b"server", *(name for name, _ in SECURITY_HEADERS)}


def host_name(host_header: str) -> str:
    """The name part of a Host header: "[::1]:8000" -> "::1", "Example.org:80" -> "example.org"."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if "*" not in self.allowed and host not in self.allowed:
            await _refuse_host(host, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _DROPPED]
                message = {**message, "headers": kept + list(SECURITY_HEADERS)}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_hardened)


async def _refuse_host(host: str, send: Send) -> None:
    body = json.dumps(
        {"detail": f"host {host!r} is not allowed; add it to serve.allowed_hosts"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def configured_token(token_env: str) -> str | None:
    """The write token from the environment; None (writes refused) when unset or empty."""
    token = os.environ.get(token_env, "").strip()
    return token or None


def token_ok(authorization: str | None, expected: str | None) -> bool:
    """Whether an ``Authorization: Bearer TOKEN`` header carries the token (constant time)."""
    if not expected or not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def safe_url(value: Any) -> str | None:
    """A URL fit for an href: http(s) only; anything else (javascript:, data:, ...) is None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\x00\r\n\t"):
        return None
    return url
