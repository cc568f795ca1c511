"""The dashboard: a static single-page app served at `/`, its files under `/static/`.

Why a route for `/` plus a `/static` mount instead of a catch-all mount at `/`: API routes
added later (by any module) can never be shadowed by a static file, and the page has one URL.
Front-end packages are copied into `static/vendor/` by `make assets` (from npm); the page works
without them, with a plainer map. `/countries` hands the page the names of data/countries.tsv, so
charts can say "Somalia (SOM)" without a second country table in JavaScript.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from wirewatch import data

STATIC_DIR = Path(__file__).with_name("static")


def mount_dashboard(app: FastAPI) -> None:
    """Serve index.html at `/` and the dashboard's files at `/static/`."""

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/countries")
    def country_names() -> JSONResponse:
        """ISO 3166 alpha-3 code → English name, from data/countries.tsv."""
        names = {iso3: c.name for iso3, c in data.countries().items()}
        return JSONResponse({"countries": names, "count": len(names)},
                            headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
