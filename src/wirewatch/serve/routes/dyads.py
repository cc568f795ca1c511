"""Dyads: the cooperation–conflict timeline per actor pair and day (`agg_dyads`)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /dyads, GET /dyads/pairs."""

    @app.get("/dyads")
    def dyads(source: str | None = None, target: str | None = None,
              level: str = Query("country", pattern="^(country|entity)$"),
              since: str | None = None, until: str | None = None, symmetric: bool = False,
              limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        """Per actor pair and day: event count, sum/mean intensity, counts per quad class,
        mean tone."""
        items = deps.read(Q.dyads.timeline, source=source, target=target, level=level,
                          since=since, until=until, symmetric=symmetric, limit=limit)
        return deps.page("dyads", items, level=level)

    @app.get("/dyads/pairs")
    def dyad_pairs(level: str = Query("country", pattern="^(country|entity)$"),
                   since: str | None = None, limit: int = Query(20, ge=1, le=500)
                   ) -> JSONResponse:
        """The busiest actor pairs (the dashboard's default dyad first)."""
        items = deps.read(Q.dyads.top_pairs, level=level, since=since, limit=limit)
        return deps.page("pairs", items, level=level)
