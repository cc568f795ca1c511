"""`GET /metrics`: Prometheus text (ingest, latency, errors, rejects by reason)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /metrics."""

    @app.get("/metrics", response_class=PlainTextResponse)
    def prom() -> PlainTextResponse:
        worker = deps.worker
        depth = worker.depth if worker else 0
        by_reason = deps.reader.read(Q.rejects.by_reason)
        return PlainTextResponse(deps.metrics.render(depth, by_reason, deps.engine.backlog()),
                                 media_type="text/plain; version=0.0.4")
