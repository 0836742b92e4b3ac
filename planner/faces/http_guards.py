"""ASGI middleware that guards the HTTP service whatever its routes:
the Host header and the browser security headers.

- Host: a page on an attacker's domain can make a browser send requests to
  a service on loopback once its name resolves to 127.0.0.1 (DNS rebinding);
  the browser then sends the attacker's name as Host.  A service bound to
  loopback answers only the loopback names; others are configured.
- Headers: the answers are JSON, and any pages served beside them (a web
  app's own HTML, JS and CSS) load from the same origin only.  FastAPI's
  /docs and /redoc pages load Swagger UI and ReDoc from a CDN with inline
  scripts; they get a policy that allows exactly that.
"""

from __future__ import annotations

import ipaddress
import json
import os
from typing import Iterable

__all__ = [
    "LOOPBACK_HOSTS", "CONTENT_SECURITY_POLICY", "HostCheck", "SecurityHeaders", "is_loopback", "allowed_hosts_for",
    "env_allowed_hosts",
]

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Same origin only: a web app's packaged scripts and styles load; inline
# scripts, other origins, plugins and framing do not.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_DOCS_CDN = "https://cdn.jsdelivr.net"
_DOCS_POLICY = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_DOCS_CDN}; style-src 'self' 'unsafe-inline' {_DOCS_CDN}; "
    f"img-src 'self' data: https://fastapi.tiangolo.com; font-src 'self' {_DOCS_CDN} https://fonts.gstatic.com; "
    f"worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
_DOCS_PATHS = ("/docs", "/redoc")
ENV_HOSTS = "PLANNER_ALLOWED_HOSTS"


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def env_allowed_hosts() -> tuple[str, ...] | None:
    """PLANNER_ALLOWED_HOSTS (comma-separated; '*' for any), or None if unset."""
    text = os.environ.get(ENV_HOSTS)
    if text is None:
        return None
    return tuple(part.strip().lower() for part in text.split(",") if part.strip())


def allowed_hosts_for(bind: str, configured: Iterable[str] | None) -> tuple[str, ...]:
    """The Host names a service bound to `bind` answers: those configured,
    else the loopback names when bound to loopback, else any ('*')."""
    if configured:
        return tuple(h.lower() for h in configured)
    return LOOPBACK_HOSTS if is_loopback(bind) else ("*",)


def _host_name(header: str) -> str:
    """'Example.com:8000' -> 'example.com'; '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


async def _send_json(send, status: int, content: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(content).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class HostCheck:
    """Answer 400 to a request whose Host is not allowed ('*' allows any)."""

    def __init__(self, app, allowed: Iterable[str]):
        self.app = app
        self.allowed = {h.lower() for h in allowed}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or "*" in self.allowed:
            return await self.app(scope, receive, send)
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if _host_name(header) not in self.allowed:
            return await _send_json(send, 400, {"detail": [
                {"loc": ["header", "host"], "msg": "this service does not answer to that host name", "type": "bad_host"}]})
        return await self.app(scope, receive, send)


class SecurityHeaders:
    """Add the browser security headers to every answer, errors included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        policy = _DOCS_POLICY if path in _DOCS_PATHS else CONTENT_SECURITY_POLICY
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", policy.encode()),
            (b"cross-origin-resource-policy", b"same-origin"),
        ]

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in extra if h[0] not in names)]}
            await send(message)

        return await self.app(scope, receive, with_headers)
