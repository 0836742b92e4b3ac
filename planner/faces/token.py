"""The API token: required when `planner serve` listens beyond this machine.

A pure ASGI middleware checks ``Authorization: Bearer <token>`` on the API
(``/v1/...``) only; the app's own files, ``/docs``, ``/openapi.json`` and
``/healthz`` stay open, since they carry no data and the app must load to ask
for the token.
"""

from __future__ import annotations

import hmac
import ipaddress
import json

__all__ = ["TokenGuard", "is_loopback", "PROTECTED_PREFIX"]

PROTECTED_PREFIX = "/v1/"


def is_loopback(host: str) -> bool:
    """Whether an address to listen on reaches this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


class TokenGuard:
    """Answer 401 to API requests without the bearer token."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope.get("path", "").startswith(PROTECTED_PREFIX):
            return await self.app(scope, receive, send)
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        scheme, _, token = given.partition(b" ")
        # compare_digest: the time taken does not tell how much of a guess was right.
        if scheme.lower() == b"bearer" and hmac.compare_digest(token.strip(), self.token):
            return await self.app(scope, receive, send)
        body = json.dumps({"detail": [{"loc": ["header", "authorization"], "msg": "a bearer token is required (planner serve --token)",
                                       "type": "unauthorized"}]}).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"www-authenticate", b"Bearer")]})
        await send({"type": "http.response.body", "body": body})
