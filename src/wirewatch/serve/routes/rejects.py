"""Rejected inputs with their reason codes."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /rejects."""

    @app.get("/rejects")
    def list_rejects(limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        return JSONResponse({"rejects": deps.read(Q.rejects.rejects, limit=limit)})
