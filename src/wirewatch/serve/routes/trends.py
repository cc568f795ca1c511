"""Trends: keys spiking against their own trailing baseline (`agg_windows`)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /trends."""

    @app.get("/trends")
    def trends(hours: int = Query(24, ge=2, le=24 * 30), min_support: int = Query(3, ge=1),
               min_history: int = Query(3, ge=1), limit: int = Query(20, ge=1, le=200),
               dim: str = Query("entity", pattern="^(entity|country|event_type|dyad)$"),
               min_z: float | None = None) -> JSONResponse:
        """Keys whose count in the current block (hour; 5 min in a young store) spikes against
        their own trailing baseline (analytics/trends.py)."""
        res = deps.read(Q.trends.trends, dim=dim, hours=hours, min_support=min_support,
                        min_history=min_history, limit=limit, min_z=min_z)
        return JSONResponse({**res, "count": len(res["trends"])})
