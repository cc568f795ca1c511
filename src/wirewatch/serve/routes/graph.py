"""The co-mention graph of the top entities (`agg_cooccur`, `agg_cooccur_day`)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /graph."""

    @app.get("/graph")
    def graph(top: int = Query(50, ge=1, le=500),
              days: int | None = Query(None, ge=1, le=3650)) -> JSONResponse:
        """Top entities by article count and their co-mention weights (shared articles),
        over the last `days` days of data or all time."""
        return JSONResponse(deps.read(Q.graph.co_mentions, top=top, days=days))
