"""Geo: events and mentions per country and place, with coordinates (`agg_geo`)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /geo."""

    @app.get("/geo")
    def geo(limit: int = Query(300, ge=1, le=5000)) -> JSONResponse:
        """Events per country and place with lat/lon; per country also entity mentions."""
        items = deps.read(Q.geo.places, limit=limit)
        return JSONResponse({"places": items, "count": len(items),
                             "countries": deps.read(Q.geo.countries)})
