"""HTTP routes for stories and merged events (link/): read-only views over the store.

Why a module of its own: the read routes in `routes.py` change often; stories are registered
from `app.py` with one call, `add_story_routes(app, queries)`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse

from wirewatch.params import MAX_OFFSET
from wirewatch.serve.encode import jsonable


def _records(df: Any) -> list[dict[str, Any]]:

    return [jsonable(r) for r in df.to_dict(orient="records")]


def _doc(doc: dict[str, Any]) -> dict[str, Any]:

    return {k: (_records(v) if hasattr(v, "to_dict") else jsonable(v)) for k, v in doc.items()}


def add_story_routes(app: FastAPI, queries: Any) -> None:
    """GET /stories, /stories/{id}, /event-clusters, /event-clusters/{id}."""

    @app.get("/stories")
    def list_stories(
        q: str | None = None, outlet: str | None = None, since: str | None = None,
        until: str | None = None, min_articles: int = Query(2, ge=1),
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> JSONResponse:
        try:
            df = queries.stories(q=q, outlet=outlet, since=since, until=until,
                                 min_articles=min_articles, limit=limit, offset=offset)
        except ValueError as exc:  # a malformed date
            raise HTTPException(400, f"bad parameter: {exc}") from exc
        items = _records(df)
        return JSONResponse({"stories": items, "count": len(items), "offset": offset})

    @app.get("/stories/{story_id}")
    def get_story(story_id: str) -> JSONResponse:
        doc = queries.story(story_id)
        if doc is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return JSONResponse(_doc(doc))

    @app.get("/event-clusters")
    def list_event_clusters(
        type: str | None = None, country: str | None = None,  # noqa: A002
        modality: str | None = None, story: str | None = None, since: str | None = None,
        until: str | None = None, min_sources: int = Query(1, ge=1),
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> JSONResponse:
        try:
            df = queries.event_clusters(type=type, country=country, modality=modality,
                                        story_id=story, since=since, until=until,
                                        min_sources=min_sources, limit=limit, offset=offset)
        except ValueError as exc:
            raise HTTPException(400, f"bad parameter: {exc}") from exc
        items = _records(df)
        return JSONResponse({"event_clusters": items, "count": len(items), "offset": offset})

    @app.get("/event-clusters/{cluster_id}")
    def get_event_cluster(cluster_id: str) -> JSONResponse:
        doc = queries.event_cluster(cluster_id)
        if doc is None:
            raise HTTPException(404, f"no merged event {cluster_id!r}")
        return JSONResponse(_doc(doc))
