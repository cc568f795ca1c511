"""Live updates: stored articles, events and fired alerts fan out to `/stream` (server-sent
events); fired alerts are also listed by `/alerts`.

Why together: the engine's `on_stored` hook feeds both the SSE hub and the alert rules (on
their own thread, so the writer never waits for a rule or a webhook); `/stream` is where the
alerts appear live and `/alerts` where they are read back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from dataclasses import asdict, is_dataclass
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.engine import Engine
from wirewatch.model import Article
from wirewatch.serve.encode import jsonable
from wirewatch.serve.push import Metrics, sse
from wirewatch.serve.routes.common import Deps

log = logging.getLogger("wirewatch.serve")


class StreamHub:
    """Fan-out of stored articles/events/alerts to SSE subscribers (one asyncio queue each).
    Publish is called from the writer thread, so it hops onto the event loop."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.subscribers: set[asyncio.Queue[str]] = set()

    def publish(self, message: str) -> None:
        loop = self.loop
        if loop is None or not self.subscribers:
            return
        loop.call_soon_threadsafe(self._fan_out, message)

    def _fan_out(self, message: str) -> None:
        for q in list(self.subscribers):
            # a slow client loses messages, never blocks the writer
            with contextlib.suppress(asyncio.QueueFull):
                q.put_nowait(message)


def hook_engine(engine: Engine, hub: StreamHub, metrics: Metrics, alerts: Any = None) -> None:
    acked: dict[str, float] = {}
    lock = threading.Lock()

    def on_ack(batch: list[tuple[int, Article]]) -> None:
        now = time.monotonic()
        with lock:
            for _, art in batch:
                acked[art.id] = now

    def on_stored(analyses: list[Any]) -> None:
        now = time.monotonic()
        n_events = 0
        batch: list[tuple[str, list[dict[str, Any]]]] = []
        names: set[str] = set()
        for an in analyses:
            art = an.article
            with lock:
                t0 = acked.pop(art.id, None)
            if t0 is not None:
                metrics.observe(now - t0)
            hub.publish(sse("article", {"id": art.id, "title": art.title, "outlet": art.outlet,
                                        "url": art.url,
                                        "published_at": jsonable(art.published_at),
                                        "keypoints": list(getattr(an, "keypoints", []) or []),
                                        "tags": list(getattr(an, "tags", []) or [])}))
            evs = []
            for i, ev in enumerate(getattr(an, "events", []) or []):
                n_events += 1
                evd = {"article_id": art.id, "idx": i, **_event_dict(ev)}
                hub.publish(sse("event", evd))
                evs.append(evd)
            batch.append((art.id, evs))
            names.update(e.name for e in getattr(an, "entities", []) or [])
        with metrics.lock:
            metrics.stored += len(analyses)
            metrics.events += n_events
        if alerts is not None:
            alert_jobs.put((batch, names))

    def run_alerts() -> None:
        """Alert rules off the writer thread: batches that queued up meanwhile are judged
        together, so a burst costs one evaluation, and the writer never waits for rules."""
        while (job := alert_jobs.get()) is not None:
            batch, names = job
            while not alert_jobs.empty():
                more = alert_jobs.get()
                if more is None:
                    alert_jobs.put(None)
                    break
                batch, names = batch + more[0], names | more[1]
            try:
                fired = engine.store.reader.read(alerts.on_stored, batch, names)
            except Exception:  # noqa: BLE001 - alerts must never disturb ingest
                log.exception("alert evaluation failed")
                fired = []
            for al in fired:
                hub.publish(sse("alert", al))
            with metrics.lock:
                metrics.alerts += len(fired)

    alert_jobs: queue.Queue[Any] = queue.Queue()
    if alerts is not None:
        threading.Thread(target=run_alerts, name="wirewatch-alerts", daemon=True).start()

    engine.on_ack.append(on_ack)
    engine.on_stored.append(on_stored)


def _event_dict(ev: Any) -> dict[str, Any]:
    if is_dataclass(ev):
        return jsonable(asdict(ev))
    return dict(ev) if isinstance(ev, dict) else {"repr": repr(ev)}


def add(app: FastAPI, deps: Deps) -> None:
    """GET /stream, GET /alerts."""
    hub = deps.hub

    @app.get("/alerts")
    def list_alerts(limit: int = Query(100, ge=1, le=1000), rule: str | None = None,
                    kind: str | None = Query(None, pattern="^(event|spike|lifecycle)$"),
                    since: str | None = None) -> JSONResponse:
        """Fired alerts (stored), newest first."""
        items = deps.read(Q.alerts.alerts, limit=limit, rule=rule, kind=kind, since=since)
        return deps.page("alerts", items)

    @app.get("/stream")
    async def stream(request: Request, heartbeat: float = Query(15.0, gt=0, le=300)
                     ) -> StreamingResponse:
        """Server-sent events: `article`, `event`, `alert` as they are stored."""
        q: asyncio.Queue[str] = asyncio.Queue(maxsize=10_000)
        hub.loop = asyncio.get_running_loop()
        hub.subscribers.add(q)

        async def gen():  # type: ignore[no-untyped-def]
            try:
                yield ": connected\n\n"
                while not await request.is_disconnected():
                    try:
                        yield await asyncio.wait_for(q.get(), heartbeat)
                    except TimeoutError:
                        yield ": heartbeat\n\n"
            finally:
                hub.subscribers.discard(q)

        return StreamingResponse(gen(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})
