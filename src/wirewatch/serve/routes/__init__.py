"""HTTP routes, one module per resource. Each module has `add(app, deps)`; a route validates
its parameters, asks the resource's `wirewatch.queries` function on its own cursor
(`Deps.read`) and answers JSON through the one encoder (serve/encode.py). A new resource is
one module here (added to `RESOURCES`) and one in `wirewatch.queries`.

`/health` and the service's lifetime live in serve/app.py; the intake (acknowledge, then store
in the background) in engine/intake.py; `POST /articles` is in articles.py (through
serve/push.py `Pushes`); `POST /read` (read.py) answers the CLI while the service holds the
store.
"""

from __future__ import annotations

from fastapi import FastAPI

from wirewatch.serve.routes import (
    articles,
    clusters,
    corrections,
    dyads,
    entities,
    events,
    exports,
    feeds,
    geo,
    graph,
    metrics,
    quotes,
    read,
    rejects,
    sql,
    stories,
    storylines,
    stream,
    trends,
    windows,
)
from wirewatch.serve.routes.common import Deps

RESOURCES = (articles, feeds, rejects, events, entities, quotes, stories, storylines, clusters,
             dyads, geo, graph, trends, windows, sql, metrics, stream, corrections, read, exports)


def add_routes(app: FastAPI, deps: Deps) -> None:
    """Every resource's routes on `app`."""
    for module in RESOURCES:
        module.add(app, deps)


__all__ = ["Deps", "add_routes"]
