"""The web app at ``/`` and Swagger UI at ``/docs``, every asset from this
package (``static/``; the vendored libraries in ``static/vendor/``, each with
its licence and version): no CDN, so both work with no network.

The app is plain HTML, CSS and ES modules with no build step, talking only to
the HTTP API (``/v1/...``).  Its scripts and styles are external files, never
inline, so that a strict Content-Security-Policy (``script-src 'self'``)
holds.  Part of the faces layer: imports nothing of the planner.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["STATIC", "ASSETS_PATH", "mount_web"]

STATIC = Path(__file__).resolve().parent / "static"
ASSETS_PATH = "/app"  # where static/ is served; index.html and swagger.html name their assets under it


def mount_web(app: FastAPI) -> None:
    """`/` (the app), `/docs` (Swagger UI on the app's own /openapi.json) and the assets under /app."""
    app.mount(ASSETS_PATH, StaticFiles(directory=STATIC), name="app")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> FileResponse:
        return FileResponse(STATIC / "swagger.html", media_type="text/html")
