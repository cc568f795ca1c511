"""The dashboard: a static single-page app served at `/`, its files under `/static/`.

Why a route for `/` plus a `/static` mount instead of a catch-all mount at `/`: API routes
added later (by any module) can never be shadowed by a static file, and the page has one URL.
Front-end packages are copied into `static/vendor/` by `make assets` (from npm); the page works
without them, with a plainer map.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).with_name("static")


def mount_dashboard(app: FastAPI) -> None:
    """Serve index.html at `/` and the dashboard's files at `/static/`."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
