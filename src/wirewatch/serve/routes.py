"""HTTP routes beyond the basics: push, events/entities/quotes/dyads/trends/graph/geo, SQL,
SSE stream, metrics.

Why: the push endpoint must parse in the request thread (cheap), hand articles to the single
writer thread, and answer only once they are in the durable inbox; readers use their own cursors.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.serve.push import JSON_TYPES, TEXT_TYPES, Metrics, check_sql, run_sql, sse


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


def _hook_engine(engine: Any, hub: StreamHub, metrics: Metrics, alerts: Any = None) -> None:
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
            for i, ev in enumerate(getattr(an, "events", []) or []):
                n_events += 1
                evd = _event_dict(ev)
                hub.publish(sse("event", {"article_id": art.id, "idx": i, **evd}))
                if alerts is not None:
                    for al in alerts.check(art.id, evd):
                        hub.publish(sse("alert", al))
        with metrics.lock:
            metrics.stored += len(analyses)
            metrics.events += n_events

    if hasattr(engine, "on_ack"):
        engine.on_ack.append(on_ack)
    if hasattr(engine, "on_stored"):
        engine.on_stored.append(on_stored)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _event_dict(ev: Any) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass
    if is_dataclass(ev):
        return json.loads(json.dumps(asdict(ev), default=str))
    return dict(ev) if isinstance(ev, dict) else {"repr": repr(ev)}


def add_routes(app: FastAPI, engine: Any, worker: Any, hub: StreamHub, metrics: Metrics,
               alerts: Any = None, *,
               token: str | None, max_body: int, ack_timeout: float, sql_rows: int,
               sql_timeout: float) -> None:
    from wirewatch.serve.app import _jsonable

    queries = engine.store.queries
    bearer = HTTPBearer(auto_error=False)

    def auth(cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if token is None:
            return
        if cred is None or cred.scheme.lower() != "bearer" or cred.credentials != token:
            raise HTTPException(401, "missing or invalid bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    def rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cur = queries.cursor()
        try:
            res = cur.execute(sql, params)
            cols = [d[0] for d in res.description]
            return [_jsonable(dict(zip(cols, r, strict=False))) for r in res.fetchall()]
        finally:
            cur.close()

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
        async for chunk in request.stream():
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
            except (ValueError, UnicodeDecodeError) as err:
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
        done = threading.Event()
        result: dict[str, Any] = {}

        def ack(_batch: Any) -> None:
            done.set()

        def job() -> None:
            engine.on_ack.append(ack)
            try:
                if rejects:
                    engine.store.record_rejects(rejects)
                engine.submit(articles)
            except Exception as exc:  # noqa: BLE001 - reported to the request
                result["error"] = repr(exc)
            finally:
                if ack in engine.on_ack:
                    engine.on_ack.remove(ack)
                done.set()

        if not worker.try_submit(job):
            raise HTTPException(429, "ingest queue full", headers={"Retry-After": "1"})
        ok = await run_in_threadpool(done.wait, ack_timeout)
        if not ok:
            raise HTTPException(503, "not acknowledged in time", headers={"Retry-After": "5"})
        if "error" in result:
            raise HTTPException(503, f"ingest failed: {result['error']}")
        with metrics.lock:
            metrics.accepted += len(articles)
        return JSONResponse({"ids": [a.id for a in articles], "accepted": len(articles),
                             "rejected": [{"reason": r.reason, "detail": r.detail}
                                          for r in rejects]}, status_code=202)

    @app.get("/events")
    def list_events(actor: str | None = None, source: str | None = None,
                    target: str | None = None, type: str | None = None,  # noqa: A002
                    modality: str | None = None, article_id: str | None = None,
                    since: str | None = None, until: str | None = None,
                    limit: int = Query(100, ge=1, le=1000),
                    offset: int = Query(0, ge=0)) -> JSONResponse:
        """Events filtered by actor (name/code/country on either side), pair (source+target),
        PLOVER type, modality and date range (ISO dates compared as text)."""
        where, params = ["1=1"], []
        for side, val in (("source", source), ("target", target)):
            if val:
                where.append(f"len(list_filter({side}, lambda x: x.country = ? OR x.code = ? "
                             "OR x.name ILIKE ?)) > 0")
                params += [val, val, val]
        if actor:
            where.append("len(list_filter(list_concat(source, target), lambda x: x.country = ? OR "
                         "x.code = ? OR x.name ILIKE ?)) > 0")
            params += [actor] * 3
        for col, val in (("e.type", type), ("modality", modality), ("article_id", article_id)):
            if val:
                where.append(f"{col} = ?")
                params.append(val.upper() if col == "e.type" else val)
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ?")
            params.append(until)
        sql = (f"SELECT e.* FROM events e WHERE {' AND '.join(where)} "
               "ORDER BY date DESC NULLS LAST, article_id, idx LIMIT ? OFFSET ?")
        items = rows(sql, [*params, limit, offset])
        return JSONResponse({"events": items, "count": len(items), "offset": offset})

    @app.get("/entities")
    def list_entities(q: str | None = None, type: str | None = None,  # noqa: A002
                      country: str | None = None, limit: int = Query(100, ge=1, le=1000),
                      offset: int = Query(0, ge=0)) -> JSONResponse:
        """Entities across articles with aliases, roles and mention counts."""
        where, params = ["1=1"], []
        if q:
            where.append("e.name ILIKE ?")
            params.append(f"%{q}%")
        if type:
            where.append("e.type = ?")
            params.append(type.upper())
        if country:
            where.append("e.country = ?")
            params.append(country.upper())
        sql = f"""
            WITH m AS (SELECT article_id, entity_id, count(*) AS n FROM mentions GROUP BY 1, 2)
            SELECT e.name, any_value(e.type) AS type, any_value(e.country) AS country,
                   any_value(e.sector) AS sector, any_value(e.code) AS code,
                   list_distinct(flatten(list(e.aliases))) AS aliases,
                   list_distinct(flatten(list(CAST(e.roles AS JSON[])))) AS roles,
                   count(DISTINCT e.article_id) AS articles, coalesce(sum(m.n), 0) AS mentions
            FROM entities e LEFT JOIN m USING (article_id, entity_id)
            WHERE {' AND '.join(where)}
            GROUP BY e.name ORDER BY mentions DESC, e.name LIMIT ? OFFSET ?"""
        items = rows(sql, [*params, limit, offset])
        return JSONResponse({"entities": items, "count": len(items), "offset": offset})

    @app.get("/quotes")
    def list_quotes(speaker: str | None = None, article_id: str | None = None,
                    limit: int = Query(100, ge=1, le=1000),
                    offset: int = Query(0, ge=0)) -> JSONResponse:
        where, params = ["1=1"], []
        if speaker:
            where.append("speaker ILIKE ?")
            params.append(f"%{speaker}%")
        if article_id:
            where.append("article_id = ?")
            params.append(article_id)
        items = rows(f"SELECT * FROM quotes WHERE {' AND '.join(where)} "
                     "ORDER BY article_id, idx LIMIT ? OFFSET ?", [*params, limit, offset])
        return JSONResponse({"quotes": items, "count": len(items), "offset": offset})

    @app.get("/dyads")
    def dyads(source: str | None = None, target: str | None = None,
              level: str = Query("country", pattern="^(country|entity)$"),
              limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        """Per actor pair and day: event count, sum/mean intensity, counts per quad class."""
        key = "country" if level == "country" else "name"
        where, params = [f"s.{key} IS NOT NULL", f"t.{key} IS NOT NULL"], []
        if source:
            where.append(f"s.{key} = ?")
            params.append(source)
        if target:
            where.append(f"t.{key} = ?")
            params.append(target)
        sql = f"""SELECT s.{key} AS source, t.{key} AS target,
                         left(e.date, 10) AS day, count(*) AS events,
                         sum(e.intensity) AS sum_intensity, avg(e.intensity) AS mean_intensity,
                         histogram(e.quad) AS quads
                  FROM events e, LATERAL (SELECT unnest(e.source) AS s) a,
                       LATERAL (SELECT unnest(e.target) AS t) b
                  WHERE {' AND '.join(where)}
                  GROUP BY 1, 2, 3 ORDER BY day DESC, events DESC LIMIT ?"""
        items = rows(sql, [*params, limit])
        return JSONResponse({"dyads": items, "count": len(items), "level": level})

    @app.get("/geo")
    def geo(limit: int = Query(300, ge=1, le=5000)) -> JSONResponse:
        """Events per country and place with lat/lon."""
        items = rows("""SELECT location_country AS country, location_name AS place,
                               avg(location_lat) AS lat, avg(location_lon) AS lon,
                               count(*) AS events
                        FROM events WHERE location_country IS NOT NULL
                        GROUP BY 1, 2 ORDER BY events DESC LIMIT ?""", [limit])
        return JSONResponse({"places": items, "count": len(items)})

    @app.get("/graph")
    def graph(top: int = Query(50, ge=1, le=500)) -> JSONResponse:
        """Top entities by article count and their co-mention weights (shared articles)."""
        nodes = rows("""SELECT name, any_value(type) AS type, count(DISTINCT article_id) AS w
                        FROM entities GROUP BY name ORDER BY w DESC, name LIMIT ?""", [top])
        names = [n["name"] for n in nodes]
        edges = rows("""WITH t AS (SELECT DISTINCT article_id, name FROM entities
                                   WHERE list_contains(?, name))
                        SELECT a.name AS source, b.name AS target, count(*) AS weight
                        FROM t a JOIN t b ON a.article_id = b.article_id AND a.name < b.name
                        GROUP BY 1, 2 ORDER BY weight DESC LIMIT 2000""", [names])
        return JSONResponse({"nodes": nodes, "edges": edges})

    @app.get("/trends")
    def trends(hours: int = Query(24, ge=1, le=24 * 30), min_support: int = Query(3, ge=1),
               min_history: int = Query(3, ge=0), limit: int = Query(20, ge=1, le=200)
               ) -> JSONResponse:
        """Entities whose mentions in the last hour spike against their own trailing hourly
        baseline (robust z: (x − median) / (1.4826·MAD + 1)); +1 and `min_history` baseline
        hours keep a fresh store calm instead of flagging everything new."""
        items = rows("""
            WITH h AS (
              SELECT e.name, date_trunc('hour', coalesce(a.published_at, a.fetched_at)) AS hr,
                     count(*) AS n
              FROM entities e JOIN articles a ON a.id = e.article_id
              WHERE coalesce(a.published_at, a.fetched_at) >= now() - to_hours(?)
              GROUP BY 1, 2),
            last AS (SELECT max(hr) AS hr FROM h),
            cur AS (SELECT name, n FROM h, last WHERE h.hr = last.hr),
            base AS (SELECT name, median(n) AS med, mad(n) AS mad, count(*) AS hrs
                     FROM h, last WHERE h.hr < last.hr GROUP BY name)
            SELECT cur.name, cur.n AS current, coalesce(base.med, 0) AS baseline,
                   (cur.n - coalesce(base.med, 0)) / (1.4826 * coalesce(base.mad, 0) + 1) AS z
            FROM cur LEFT JOIN base USING (name)
            WHERE cur.n >= ? AND coalesce(base.hrs, 0) >= ?
            ORDER BY z DESC LIMIT ?""", [hours, min_support, min_history, limit])
        return JSONResponse({"trends": items, "count": len(items)})

    @app.get("/alerts")
    def list_alerts(limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        items = list(alerts.recent)[:limit] if alerts is not None else []
        return JSONResponse({"alerts": _jsonable(items), "count": len(items)})

    @app.get("/sql")
    def sql_endpoint(q: str = Query(..., max_length=20_000),
                     limit: int = Query(1000, ge=1, le=100_000),
                     _: None = Depends(auth)) -> JSONResponse:
        """Read-only SQL over the store: one SELECT/WITH/EXPLAIN/DESCRIBE/SHOW, no file access,
        row and time limits."""
        reason = check_sql(q)
        if reason:
            raise HTTPException(400, f"query rejected: {reason}")
        try:
            cols, data, truncated = run_sql(queries, q, min(limit, sql_rows), sql_timeout)
        except Exception as err:  # noqa: BLE001 - a bad query is the caller's error
            msg = str(err)
            status = 408 if "nterrupt" in msg else 400
            raise HTTPException(status, f"query failed: {msg[:500]}") from err
        return JSONResponse({"columns": cols, "rows": _jsonable(data), "truncated": truncated})

    @app.get("/metrics", response_class=PlainTextResponse)
    def prom() -> PlainTextResponse:
        depth = worker.depth if worker else 0
        by_reason = queries.counts().get("rejects_by_reason", {})
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


def _parse(engine: Any, data: bytes, kind: str, ctype: str) -> tuple[list[Article], list[Reject]]:
    from wirewatch.parse import parse_document
    doc = RawDocument(data=data, origin="http", kind=kind, content_type=ctype)
    opts = getattr(engine, "parse_options", None)
    articles: list[Article] = []
    rejects: list[Reject] = []
    for item in parse_document(doc, opts):
        (rejects if isinstance(item, Reject) else articles).append(item)
    return articles, rejects
