"""Entities across articles (from the `agg_entities` aggregate)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /entities."""

    @app.get("/entities")
    def list_entities(q: str | None = None, type: str | None = None,  # noqa: A002
                      country: str | None = None, limit: int = Query(100, ge=1, le=1000),
                      offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        """Entities across articles with aliases, roles and mention counts."""
        items = deps.read(Q.entities.entities, q=q, type=type, country=country, limit=limit,
                          offset=offset)
        return deps.page("entities", items, offset=offset)
