"""HTTP routes beyond the basics: push, events/entities/quotes/dyads/trends/graph/geo, SQL,
SSE stream, metrics.

Why: the push endpoint must parse in the request thread (cheap), hand articles to the single
writer thread, and answer only once they are in the durable inbox; readers use their own cursors.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import queue
import threading
import time
from typing import Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wirewatch.analytics import alerts as alerts_mod
from wirewatch.analytics import dyads as dyads_mod
from wirewatch.analytics import entities, records
from wirewatch.analytics import geo as geo_mod
from wirewatch.analytics import graph as graph_mod
from wirewatch.analytics import trends as trends_mod
from wirewatch.analytics import windows as windows_mod
from wirewatch.config import Settings
from wirewatch.engine import Engine
from wirewatch.model import Article, RawDocument, Reject
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.encode import jsonable
from wirewatch.serve.push import (
    JSON_TYPES,
    TEXT_TYPES,
    Metrics,
    sse,
)
from wirewatch.serve.sql import SqlRefused, SqlSandbox

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


def _hook_engine(engine: Engine, hub: StreamHub, metrics: Metrics, alerts: Any = None) -> None:
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
                                        "published_at": _iso(art.published_at),
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
            cur = engine.store.queries.cursor()
            try:
                fired = alerts.on_stored(cur, batch, names)
            except Exception:  # noqa: BLE001 - alerts must never disturb ingest
                log.exception("alert evaluation failed")
                fired = []
            finally:
                cur.close()
            for al in fired:
                hub.publish(sse("alert", al))
            with metrics.lock:
                metrics.alerts += len(fired)

    alert_jobs: queue.Queue[Any] = queue.Queue()
    if alerts is not None:
        threading.Thread(target=run_alerts, name="wirewatch-alerts", daemon=True).start()

    engine.on_ack.append(on_ack)
    engine.on_stored.append(on_stored)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _event_dict(ev: Any) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass
    if is_dataclass(ev):
        return json.loads(json.dumps(asdict(ev), default=str))
    return dict(ev) if isinstance(ev, dict) else {"repr": repr(ev)}


def add_routes(app: FastAPI, engine: Engine, worker: Any, hub: StreamHub, metrics: Metrics,
               alerts: Any, settings: Settings) -> None:
    """Push, annotations, analytics, SQL, metrics and stream routes, limited by `settings`
    (token, body size and time, acknowledgement time, SQL limits)."""
    queries = engine.store.queries
    token, max_body, body_timeout = settings.token, settings.max_body, settings.body_timeout
    ack_timeout = settings.ack_timeout
    sandbox = SqlSandbox(queries.cursor, max_rows=settings.sql_rows,
                         timeout=settings.sql_timeout, max_bytes=settings.sql_max_bytes,
                         slots=settings.sql_slots)
    bearer = HTTPBearer(auto_error=False)

    def auth(cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if token is None:
            return
        if cred is None or cred.scheme.lower() != "bearer" or not hmac.compare_digest(
                cred.credentials.encode(), token.encode()):
            raise HTTPException(401, "missing or invalid bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    @app.post("/articles", status_code=202, dependencies=[Depends(auth)])
    async def post_articles(request: Request) -> JSONResponse:
        """Push one article or a batch (JSON/JSONL with the JSONL field names), or raw
        text/HTML. Answers once the articles are in the durable inbox."""
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body:
            raise HTTPException(413, f"body larger than {max_body} bytes")
        if ctype not in JSON_TYPES + TEXT_TYPES:
            raise HTTPException(415, f"unsupported content type {ctype!r}; use JSON, text or HTML")
        body = bytearray()
        deadline = time.monotonic() + body_timeout
        chunks = request.stream().__aiter__()
        while True:
            try:  # a client that stalls mid-body holds a connection for body_timeout at most
                chunk = await asyncio.wait_for(chunks.__anext__(),
                                               max(0.0, deadline - time.monotonic()))
            except StopAsyncIteration:
                break
            except TimeoutError as exc:
                raise HTTPException(408, f"request body not received within {body_timeout:g} s"
                                    ) from exc
            body.extend(chunk)
            if len(body) > max_body:
                raise HTTPException(413, f"body larger than {max_body} bytes")
        data = bytes(body)
        if not data.strip():
            raise HTTPException(400, "empty body")
        kind = {"text/plain": "txt", "text/html": "html", "application/xhtml+xml": "html",
                "application/json": "json"}.get(ctype, "jsonl")
        if kind == "json":
            try:
                parsed = json.loads(data)
            except (ValueError, UnicodeDecodeError, RecursionError) as err:
                raise HTTPException(400, f"malformed JSON: {err}") from err
            if not isinstance(parsed, dict | list) or (isinstance(parsed, list) and not all(
                    isinstance(x, dict) for x in parsed)):
                raise HTTPException(422, "expected an object or an array of objects")
        articles, rejects = await run_in_threadpool(_parse, engine, data, kind, ctype)
        if not articles:
            raise HTTPException(422, {"error": "no article found",
                                      "rejects": [{"reason": r.reason, "detail": r.detail}
                                                  for r in rejects]})
        if worker is None:
            raise HTTPException(503, "no ingest worker")
        from wirewatch.serve.app import PushJob
        job = PushJob(articles, rejects)
        if not worker.try_submit(job):
            raise HTTPException(429, "ingest queue full", headers={"Retry-After": "1"})
        ok = await run_in_threadpool(job.done.wait, ack_timeout)
        if not ok:
            raise HTTPException(503, "not acknowledged in time", headers={"Retry-After": "5"})
        if job.error:
            raise HTTPException(503, f"ingest failed: {job.error}")
        with metrics.lock:
            metrics.accepted += len(articles)
        return JSONResponse({"ids": [a.id for a in articles], "accepted": len(articles),
                             "rejected": [{"reason": r.reason, "detail": r.detail}
                                          for r in rejects]}, status_code=202)

    def read(fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one analytics query on its own cursor; a bad parameter is a 400, not a 500."""
        cur = queries.cursor()
        try:
            return jsonable(fn(cur, *args, **kwargs))
        except (ValueError, duckdb.ConversionException, duckdb.InvalidInputException) as err:
            raise HTTPException(400, str(err).splitlines()[0][:300]) from err
        finally:
            cur.close()

    @app.get("/events")
    def list_events(actor: str | None = None, source: str | None = None,
                    target: str | None = None, pair: str | None = None,
                    type: str | None = None, mode: str | None = None,  # noqa: A002
                    modality: str | None = None, article_id: str | None = None,
                    since: str | None = None, until: str | None = None,
                    limit: int = Query(100, ge=1, le=1000),
                    offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        """Events filtered as `wirewatch events` filters them (store/queries.select_events):
        actor (name contains, or country/actor code, either side), source, target, pair,
        PLOVER type, mode, modality, article and the event's date range."""
        items = read(records.events, actor=actor, source=source, target=target, pair=pair,
                     type=type, mode=mode, modality=modality, article_id=article_id,
                     since=since, until=until, limit=limit, offset=offset)
        return JSONResponse({"events": items, "count": len(items), "offset": offset})

    @app.get("/entities")
    def list_entities(q: str | None = None, type: str | None = None,  # noqa: A002
                      country: str | None = None, limit: int = Query(100, ge=1, le=1000),
                      offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        """Entities across articles with aliases, roles and mention counts."""
        items = read(entities.entities, q=q, type=type, country=country, limit=limit,
                     offset=offset)
        return JSONResponse({"entities": items, "count": len(items), "offset": offset})

    @app.get("/quotes")
    def list_quotes(speaker: str | None = None, article_id: str | None = None,
                    limit: int = Query(100, ge=1, le=1000),
                    offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        items = read(records.quotes, speaker=speaker, article_id=article_id, limit=limit,
                     offset=offset)
        return JSONResponse({"quotes": items, "count": len(items), "offset": offset})

    @app.get("/dyads")
    def dyads(source: str | None = None, target: str | None = None,
              level: str = Query("country", pattern="^(country|entity)$"),
              since: str | None = None, until: str | None = None, symmetric: bool = False,
              limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        """Per actor pair and day: event count, sum/mean intensity, counts per quad class,
        mean tone."""
        items = read(dyads_mod.timeline, source=source, target=target, level=level,
                     since=since, until=until, symmetric=symmetric, limit=limit)
        return JSONResponse({"dyads": items, "count": len(items), "level": level})

    @app.get("/dyads/pairs")
    def dyad_pairs(level: str = Query("country", pattern="^(country|entity)$"),
                   since: str | None = None, limit: int = Query(20, ge=1, le=500)
                   ) -> JSONResponse:
        """The busiest actor pairs (the dashboard's default dyad first)."""
        items = read(dyads_mod.top_pairs, level=level, since=since, limit=limit)
        return JSONResponse({"pairs": items, "count": len(items), "level": level})

    @app.get("/geo")
    def geo(limit: int = Query(300, ge=1, le=5000)) -> JSONResponse:
        """Events per country and place with lat/lon; per country also entity mentions."""
        items = read(geo_mod.places, limit=limit)
        return JSONResponse({"places": items, "count": len(items),
                             "countries": read(geo_mod.countries)})

    @app.get("/graph")
    def graph(top: int = Query(50, ge=1, le=500),
              days: int | None = Query(None, ge=1, le=3650)) -> JSONResponse:
        """Top entities by article count and their co-mention weights (shared articles),
        over the last `days` days of data or all time."""
        return JSONResponse(read(graph_mod.co_mentions, top=top, days=days))

    @app.get("/trends")
    def trends(hours: int = Query(24, ge=2, le=24 * 30), min_support: int = Query(3, ge=1),
               min_history: int = Query(3, ge=1), limit: int = Query(20, ge=1, le=200),
               dim: str = Query("entity", pattern="^(entity|country|event_type|dyad)$"),
               min_z: float | None = None) -> JSONResponse:
        """Keys whose count in the current block (hour; 5 min in a young store) spikes against
        their own trailing baseline (analytics/trends.py)."""
        res = read(trends_mod.spikes, dim=dim, hours=hours, min_support=min_support,
                   min_history=min_history, limit=limit, min_z=min_z)
        return JSONResponse({**res, "count": len(res["trends"])})

    @app.get("/windows")
    def windows(dim: str = Query("all", pattern="^(all|entity|country|event_type|dyad)$"),
                key: str | None = Query(None, max_length=500),
                grain: str = Query("hour", pattern="^(minute|hour|day)$"),
                since: str | None = None, until: str | None = None,
                limit: int = Query(1000, ge=1, le=10_000)) -> JSONResponse:
        """Article/mention/event counts per time bucket for one dimension (and key)."""
        if dim == "all":
            key = "*"
        items = read(windows_mod.series, dim=dim, key=key, grain=grain, since=since,
                     until=until, limit=limit)
        return JSONResponse({"buckets": items, "count": len(items), "dim": dim,
                             "grain": grain})

    @app.get("/alerts")
    def list_alerts(limit: int = Query(100, ge=1, le=1000), rule: str | None = None,
                    kind: str | None = Query(None, pattern="^(event|spike|lifecycle)$"),
                    since: str | None = None) -> JSONResponse:
        """Fired alerts (stored), newest first."""
        items = read(alerts_mod.stored, limit=limit, rule=rule, kind=kind, since=since)
        return JSONResponse({"alerts": items, "count": len(items)})

    @app.get("/sql")
    def sql_endpoint(q: str = Query(..., max_length=20_000),
                     limit: int = Query(1000, ge=1, le=100_000),
                     _: None = Depends(auth)) -> JSONResponse:
        """Read-only SQL over the store in the sandbox of serve/sql.py (docs/api.md)."""
        try:
            result = sandbox.run(q, limit)
        except SqlRefused as err:
            headers = {"Retry-After": "1"} if err.status == 503 else None
            raise HTTPException(err.status, err.message, headers=headers) from err
        return Response(result.body, media_type="application/json")

    @app.get("/metrics", response_class=PlainTextResponse)
    def prom() -> PlainTextResponse:
        depth = worker.depth if worker else 0
        cur = queries.cursor()
        try:
            by_reason = dict(cur.execute("SELECT reason, count(*) FROM rejects GROUP BY 1"
                                         ).fetchall())
        finally:
            cur.close()
        return PlainTextResponse(metrics.render(depth, by_reason),
                                 media_type="text/plain; version=0.0.4")

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


def _parse(engine: Engine, data: bytes, kind: str, ctype: str
           ) -> tuple[list[Article], list[Reject]]:
    from wirewatch.parse import parse_document
    doc = RawDocument(data=data, origin="http", kind=kind, content_type=ctype)
    opts = engine.parse_options
    articles: list[Article] = []
    rejects: list[Reject] = []
    for item in parse_document(doc, opts):
        (rejects if isinstance(item, Reject) else articles).append(item)
    return articles, rejects
