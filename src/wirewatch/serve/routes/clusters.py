"""Merged events (link/merge.py): one row per real-world event, with its reports."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /event-clusters, GET /event-clusters/{id}."""

    @app.get("/event-clusters")
    def list_event_clusters(
        type: str | None = None, country: str | None = None,  # noqa: A002
        modality: str | None = None, story: str | None = None, since: str | None = None,
        until: str | None = None, min_sources: int = Query(1, ge=1),
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> JSONResponse:
        items = deps.read(Q.clusters.event_clusters, type=type, country=country,
                          modality=modality, story_id=story, since=since, until=until,
                          min_sources=min_sources, limit=limit, offset=offset)
        return deps.page("event_clusters", items, offset=offset)

    @app.get("/event-clusters/{cluster_id}")
    def get_event_cluster(cluster_id: str) -> JSONResponse:
        return deps.one(Q.clusters.event_cluster, cluster_id, "merged event")
