"""Storylines (link/storylines.py): stories that continue one another, read-only."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /storylines, GET /storylines/{id} (its stories on a timeline)."""

    @app.get("/storylines")
    def list_storylines(
        q: str | None = None, since: str | None = None, until: str | None = None,
        min_stories: int = Query(2, ge=1), limit: int = Query(50, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> JSONResponse:
        items = deps.read(Q.storylines.storylines, q=q, since=since, until=until,
                          min_stories=min_stories, limit=limit, offset=offset)
        return JSONResponse({"storylines": items, "count": len(items), "offset": offset})

    @app.get("/storylines/{storyline_id}")
    def get_storyline(storyline_id: str) -> JSONResponse:
        doc = deps.read(Q.storylines.storyline, storyline_id)
        if doc is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        return JSONResponse(doc)
