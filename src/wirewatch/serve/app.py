"""The HTTP service: `wirewatch serve` (what `make run` starts).

One process owns the store. Every write — sample loading, feed items, later pushed articles —
goes through one ingest thread fed by a queue, so there is exactly one writer; HTTP readers use
their own DuckDB cursors and never wait for it.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse

from wirewatch.model import FeedState, article_id
from wirewatch.params import MAX_OFFSET, BadParameter
from wirewatch.serve.encode import jsonable
from wirewatch.serve.push import MAX_BODY, Metrics, load_token
from wirewatch.serve.routes import StreamHub, _hook_engine, add_routes
from wirewatch.serve.sql import MAX_RESULT_BYTES, MEMORY_LIMIT, lock_down
from wirewatch.serve.stories_routes import add_story_routes

log = logging.getLogger("wirewatch.serve")

SAMPLES = resources.files("wirewatch") / "data" / "samples"
DEFAULT_OPML = resources.files("wirewatch") / "data" / "feeds.default.opml"


def sample_paths() -> list[Path]:
    """The sample articles shipped in the package (their README is not an article)."""
    return sorted(Path(str(p)) for p in SAMPLES.iterdir()
                  if p.is_file() and not p.name.endswith(".md"))


_NOTHING = object()


class PushJob:
    """Articles from one POST waiting for the ingest thread. `done` is set once they are all
    acknowledged (in the durable inbox) or the ingest ended; `error` says why it failed."""

    def __init__(self, articles: list[Any], rejects: list[Any]) -> None:
        self.articles = articles
        self.rejects = rejects
        self.ids = {a.id for a in articles}
        self.done = threading.Event()
        self.error: str | None = None

    def __call__(self) -> None:
        raise RuntimeError("run PushJob.merged(engine, [job])")

    @staticmethod
    def merged(engine: Any, group: list[PushJob]) -> Callable[[], None]:
        """One ingest for every job in `group`; each job is released as soon as all of its
        articles are acknowledged (or, for duplicates, when the ingest returns)."""
        waiting = {id(j): set(j.ids) for j in group}
        lock = threading.Lock()

        def ack(batch: list[tuple[int, Any]]) -> None:
            acked = {art.id for _, art in batch}
            with lock:
                for j in group:
                    left = waiting[id(j)]
                    if left:
                        left -= acked
                        if not left:
                            j.done.set()

        def run() -> None:
            engine.on_ack.append(ack)
            try:
                rejects = [r for j in group for r in j.rejects]
                if rejects:
                    engine.store.record_rejects(rejects)
                engine.submit([a for j in group for a in j.articles])
            except Exception as exc:  # noqa: BLE001 - reported to every request
                for j in group:
                    if not j.done.is_set():
                        j.error = repr(exc)
            finally:
                if ack in engine.on_ack:
                    engine.on_ack.remove(ack)
                for j in group:
                    j.done.set()

        return run


class IngestWorker:
    """The one thread that writes: runs ingest jobs (paths or documents) in arrival order."""

    def __init__(self, engine: Any, max_queue: int = 0, max_group: int = 64) -> None:
        self.engine = engine
        self.max_group = max_group
        self.jobs: queue.Queue[Callable[[], Any] | None] = queue.Queue(max_queue)
        self.thread = threading.Thread(target=self._run, name="wirewatch-ingest", daemon=True)
        self.errors = 0

    def start(self) -> None:
        self.thread.start()

    def submit(self, job: Callable[[], Any]) -> None:
        self.jobs.put(job)

    def try_submit(self, job: Callable[[], Any]) -> bool:
        """Non-blocking submit for the push endpoint: False when the queue is full (→ 429)."""
        try:
            self.jobs.put_nowait(job)
        except queue.Full:
            return False
        return True

    def _run(self) -> None:
        held: Any = _NOTHING
        while True:
            job, held = (self.jobs.get() if held is _NOTHING else held), _NOTHING
            if job is None:
                break
            if isinstance(job, PushJob):
                # group commit: pushes that queued up meanwhile go in as one ingest (one inbox
                # fsync, one analysis fan-out, one store transaction)
                group = [job]
                while len(group) < self.max_group:
                    try:
                        nxt = self.jobs.get_nowait()
                    except queue.Empty:
                        break
                    if isinstance(nxt, PushJob):
                        group.append(nxt)
                    else:
                        held = nxt
                        break
                job = PushJob.merged(self.engine, group)
            try:
                job()
            except Exception:  # a bad job must never stop the writer
                self.errors += 1
                log.exception("ingest job failed")

    def stop(self, timeout: float = 30.0) -> None:
        self.jobs.put(None)
        self.thread.join(timeout)

    @property
    def depth(self) -> int:
        return self.jobs.qsize()


def create_app(engine: Any, worker: IngestWorker | None = None,
               on_start: Callable[[], None] | None = None,
               on_stop: Callable[[], None] | None = None, *, token: str | None = None,
               max_body: int = MAX_BODY, ack_timeout: float = 60.0,
               sql_rows: int = 10_000, sql_timeout: float = 5.0,
               sql_max_bytes: int = MAX_RESULT_BYTES, sql_slots: int = 2,
               memory_limit: str = MEMORY_LIMIT, body_timeout: float = 30.0,
               alerts: Any = None) -> FastAPI:
    """The FastAPI app over an engine. `on_start`/`on_stop` wrap the app's lifetime.

    The engine's store is locked down first (serve/sql.py): from here on the process's DuckDB
    reaches no file but the store and changes no setting."""
    lock_down(engine.store.con, memory_limit)

    hub = StreamHub()
    metrics = Metrics()
    if alerts is None:
        from wirewatch.analytics.alerts import Alerts
        alerts = Alerts.from_config()
    _hook_engine(engine, hub, metrics, alerts)

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        hub.loop = asyncio.get_running_loop()
        if on_start:
            on_start()
        try:
            yield
        finally:
            if on_stop:
                on_stop()

    app = FastAPI(title="Wirewatch", version="0.1.0", lifespan=lifespan,
                  description="Live, queryable news events: articles, entities, events.")
    from wirewatch.serve.dashboard import mount_dashboard
    mount_dashboard(app)  # `/` and `/static/`: no API path can be shadowed, so order is free
    queries = engine.store.queries

    from fastapi.exception_handlers import (
        http_exception_handler,
        request_validation_exception_handler,
    )
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def count_http_error(request: Any, exc: StarletteHTTPException) -> Any:
        if 400 <= exc.status_code < 500:
            with metrics.lock:
                metrics.http_errors[exc.status_code] += 1
        return await http_exception_handler(request, exc)

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Any, exc: BadParameter) -> Any:
        return await count_http_error(request, HTTPException(400, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def count_validation_error(request: Any, exc: RequestValidationError) -> Any:
        with metrics.lock:
            metrics.http_errors[422] += 1
        return await request_validation_exception_handler(request, exc)

    @app.get("/health")
    def health() -> dict[str, Any]:
        counts = queries.counts()
        return {"status": "ok", "articles": counts.get("articles", 0),
                "rejects": counts.get("rejects", 0),
                "queue_depth": worker.depth if worker else 0,
                "ingest_errors": worker.errors if worker else 0}

    @app.get("/articles")
    def list_articles(
        q: str | None = None, outlet: str | None = None, language: str | None = None,
        since: str | None = None, until: str | None = None,
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> JSONResponse:
        df = queries.articles(q=q, outlet=outlet, language=language, since=since, until=until,
                              limit=limit, offset=offset)
        items = [jsonable(r) for r in df.drop(columns=["body"], errors="ignore")
                 .to_dict(orient="records")]
        return JSONResponse({"articles": items, "count": len(items), "offset": offset,
                             "feeds": _feeds(queries)})

    @app.get("/articles/{article_id}")
    def get_article(article_id: str) -> JSONResponse:
        doc = queries.article(article_id)
        if doc is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return JSONResponse(jsonable(doc))

    @app.get("/feeds")
    def list_feeds() -> JSONResponse:
        return JSONResponse({"feeds": _feeds(queries)})

    @app.get("/rejects")
    def list_rejects(limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        df = queries.rejects(limit=limit)
        return JSONResponse({"rejects": [jsonable(r) for r in df.to_dict(orient="records")]})

    add_routes(app, engine, worker, hub, metrics, alerts, token=token, max_body=max_body,
               ack_timeout=ack_timeout, sql_rows=sql_rows, sql_timeout=sql_timeout,
               sql_max_bytes=sql_max_bytes, sql_slots=sql_slots, body_timeout=body_timeout)
    add_story_routes(app, queries)
    return app


def _feeds(queries: Any) -> list[dict[str, Any]]:
    return [jsonable(r) for r in queries.feeds().to_dict(orient="records")]


def run_service(*, data_dir: Path, host: str = "127.0.0.1", port: int = 8000,
                opml: Path | None = None, poll_feeds: bool = True, load_samples: bool = True,
                poll_interval: float = 900.0, allow_private: bool = False,
                workers: int = 2, max_queue: int = 64, alerts_path: Path | None = None,
                alert_webhook: str | None = None, broker: Any = None) -> None:
    """Start everything `make run` promises and block until Ctrl-C.

    `broker` (a `BrokerSettings`): also consume the `analyses` topic written by
    `wirewatch worker` processes into the store (engine/distributed.py)."""
    import uvicorn

    from wirewatch.engine.local import LocalEngine
    from wirewatch.sources.feeds import FeedFetcher, FeedPoller, load_opml

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = LocalEngine(Path(data_dir), workers=workers)
    worker = IngestWorker(engine, max_queue=max_queue)
    token = load_token(Path(data_dir), log)
    poller: FeedPoller | None = None
    broker_consumer: Any = None

    def on_start() -> None:
        worker.start()
        if broker is not None:
            from wirewatch.engine.distributed import AnalysisConsumer, writer_sink

            nonlocal broker_consumer
            broker_consumer = AnalysisConsumer(broker, writer_sink(worker, engine))
            broker_consumer.start()
            log.info("consuming analyses from %s (topic %s)", broker.bootstrap,
                     broker.analyses_topic)
        if load_samples and engine.store.queries.counts().get("articles", 0) == 0:
            log.info("empty store: loading the sample articles from %s", SAMPLES)
            worker.submit(lambda: engine.ingest(sample_paths()))
        nonlocal poller
        if poll_feeds:
            with resources.as_file(DEFAULT_OPML) as default_opml:
                feeds = load_opml(Path(opml) if opml else default_opml)
            urls = [url for _, url in feeds]
            log.info("polling %d feeds every %.0f s", len(urls), poll_interval)
            poller = FeedPoller(
                urls, fetcher=FeedFetcher(allow_private=allow_private), interval=poll_interval,
                known=lambda link: bool(engine.store.known_ids([article_id(link, None)])),
                load_state=engine.store.get_feed_state,
                save_state=lambda state: worker.submit(lambda: _save_state(engine, state)),
                on_documents=lambda docs, url: worker.submit(lambda: engine.ingest(docs)),
                on_rejects=lambda rejects: worker.submit(
                    lambda: engine.store.record_rejects(rejects)),
            )
            poller.start()

    def on_stop() -> None:
        if poller:
            poller.stop()
        if broker_consumer is not None:
            broker_consumer.stop()
        worker.stop()
        engine.close()

    from wirewatch.analytics.alerts import Alerts
    alerts = Alerts.from_config(alerts_path, webhook=alert_webhook)
    app = create_app(engine, worker, on_start=on_start, on_stop=on_stop, token=token,
                     alerts=alerts)
    log.info("serving on http://%s:%d (store %s)", host, port, data_dir)
    uvicorn.run(app, host=host, port=port, log_level="info")


def _save_state(engine: Any, state: FeedState) -> None:
    engine.store.put_feed_state(state)
    if state.status == "error":
        log.warning("feed %s: %s", state.url, state.error)

