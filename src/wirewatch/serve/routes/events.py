"""Events as coded in each article (queries/events.py, the query the CLI and API ask too)."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /events."""

    @app.get("/events")
    def list_events(actor: str | None = None, source: str | None = None,
                    target: str | None = None, pair: str | None = None,
                    type: str | None = None, mode: str | None = None,  # noqa: A002
                    modality: str | None = None, article_id: str | None = None,
                    since: str | None = None, until: str | None = None,
                    min_confidence: float | None = Query(None, ge=0, le=1),
                    limit: int = Query(100, ge=1, le=1000),
                    offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        """Events filtered as `wirewatch events` filters them (queries/events.py):
        actor (name contains, or country/actor code, either side), source, target, pair,
        PLOVER type, mode, modality, article, the event's date range and min_confidence
        (0 to 1: only events the coder is at least that sure of)."""
        items = deps.read(Q.events.events, actor=actor, source=source, target=target,
                          pair=pair, type=type, mode=mode, modality=modality,
                          article_id=article_id, since=since, until=until,
                          min_confidence=min_confidence, limit=limit, offset=offset)
        return deps.page("events", items, offset=offset)
