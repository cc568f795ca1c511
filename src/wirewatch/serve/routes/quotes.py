"""Quotes as stored per article."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /quotes."""

    @app.get("/quotes")
    def list_quotes(speaker: str | None = None, article_id: str | None = None,
                    limit: int = Query(100, ge=1, le=1000),
                    offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        items = deps.read(Q.quotes.quotes, speaker=speaker, article_id=article_id,
                          limit=limit, offset=offset)
        return deps.page("quotes", items, offset=offset)
