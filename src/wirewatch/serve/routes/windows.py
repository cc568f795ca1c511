"""Counts per time bucket for one dimension and key (`agg_windows`)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /windows."""

    @app.get("/windows")
    def windows(dim: str = Query("all", pattern="^(all|entity|country|event_type|dyad)$"),
                key: str | None = Query(None, max_length=500),
                grain: str = Query("hour", pattern="^(minute|hour|day)$"),
                since: str | None = None, until: str | None = None,
                limit: int = Query(1000, ge=1, le=10_000)) -> JSONResponse:
        """Article/mention/event counts per time bucket for one dimension (and key)."""
        if dim == "all":
            key = "*"
        items = deps.read(Q.windows.series, dim=dim, key=key, grain=grain, since=since,
                          until=until, limit=limit)
        return deps.page("buckets", items, dim=dim, grain=grain)
