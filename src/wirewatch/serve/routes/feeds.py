"""Polled feeds: their stored state (conditional GET, last status) and, while the service
polls them, the poller's health."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /feeds."""

    @app.get("/feeds")
    def list_feeds() -> JSONResponse:
        return JSONResponse({"feeds": feeds_with_health(app, deps)})


def feeds_with_health(app: FastAPI, deps: Deps) -> list[dict[str, Any]]:
    """The stored feed states, with the running poller's health (last error, consecutive
    failures, next attempt) merged in by URL."""
    rows = {r["url"]: r for r in deps.read(Q.feeds.feeds)}
    poller = getattr(app.state, "feed_poller", None)
    for health in poller.health() if poller is not None else []:
        stored = rows.setdefault(health["url"], {})
        stored.update({k: v for k, v in health.items() if k not in stored or v is not None})
    return sorted(rows.values(), key=lambda r: r["url"])
