"""The HTTP service: `wirewatch serve` (what `make run` starts).

One process owns the store. Ingest jobs — sample loading, feed items, pushed articles — run in
arrival order on one intake thread (`IngestWorker`: parse, acknowledge in the inbox, hand to
analysis); every write they cause, and the broker consumer's, runs on the engine's one writer
thread (engine/commit.py). HTTP readers use their own DuckDB cursors and never wait for it.
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

from wirewatch.config import DEFAULTS, Settings
from wirewatch.engine import Engine
from wirewatch.model import FeedState, article_id
from wirewatch.params import MAX_OFFSET, BadParameter
from wirewatch.serve.encode import jsonable
from wirewatch.serve.push import Metrics, load_token
from wirewatch.serve.routes import StreamHub, _hook_engine, add_routes
from wirewatch.serve.sql import lock_down
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

    @staticmethod
    def merged(engine: Engine, group: list[PushJob]) -> Callable[[], None]:
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
            try:
                rejects = [r for j in group for r in j.rejects]
                if rejects:
                    engine.record_rejects(rejects)
                engine.submit([a for j in group for a in j.articles], on_ack=ack)
            except Exception as exc:  # noqa: BLE001 - reported to every request
                for j in group:
                    if not j.done.is_set():
                        j.error = repr(exc)
            finally:
                for j in group:
                    j.done.set()

        return run


class IngestWorker:
    """The intake thread: runs ingest jobs (paths, documents, pushes) in arrival order, merging
    queued pushes into one ingest. It parses and acknowledges; the writes happen on the
    engine's writer thread (engine/commit.py), so there is still exactly one writer."""

    def __init__(self, engine: Engine, max_queue: int = 0,
                 max_group: int = DEFAULTS.max_group) -> None:
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


def create_app(engine: Engine, worker: IngestWorker | None = None,
               on_start: Callable[[], None] | None = None,
               on_stop: Callable[[], None] | None = None, *,
               settings: Settings | None = None, alerts: Any = None,
               **overrides: Any) -> FastAPI:
    """The FastAPI app over an engine. `on_start`/`on_stop` wrap the app's lifetime.
    `settings` (config.py; default: the defaults, no token = no auth) with `overrides` by
    setting name (`token=`, `max_body=`, `sql_timeout=`, …) sets the limits.

    The engine's store is locked down first (serve/sql.py): from here on the process's DuckDB
    reaches no file but the store and changes no setting."""
    settings = (settings or DEFAULTS).with_(**overrides)
    lock_down(engine.store.con, settings.memory_limit)

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

    add_routes(app, engine, worker, hub, metrics, alerts, settings)
    add_story_routes(app, queries)
    return app


def _feeds(queries: Any) -> list[dict[str, Any]]:
    return [jsonable(r) for r in queries.feeds().to_dict(orient="records")]


def run_service(settings: Settings | None = None, *, broker: Any = None) -> None:
    """Start everything `make run` promises and block until Ctrl-C; `settings` (config.py,
    default: `Settings.from_env()`) says where and with which limits.

    `broker` (a `BrokerSettings`): also consume the `analyses` topic written by
    `wirewatch worker` processes into the store (engine/distributed.py)."""
    import uvicorn

    from wirewatch.engine.local import LocalEngine
    from wirewatch.sources.feeds import FeedFetcher, FeedPoller, load_opml

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = settings or Settings.from_env()
    data_dir, allow_private = Path(settings.data_dir), settings.allow_private
    engine = LocalEngine(data_dir, workers=settings.workers, batch_size=settings.batch_size)
    worker = IngestWorker(engine, max_queue=settings.max_queue, max_group=settings.max_group)
    settings = settings.with_(token=load_token(data_dir, log, settings.token))
    poller: FeedPoller | None = None
    broker_consumer: Any = None

    def on_start() -> None:
        worker.start()
        if broker is not None:
            from wirewatch.engine.distributed import AnalysisConsumer, writer_sink

            nonlocal broker_consumer
            broker_consumer = AnalysisConsumer(broker, writer_sink(engine))
            broker_consumer.start()
            log.info("consuming analyses from %s (topic %s)", broker.bootstrap,
                     broker.analyses_topic)
        if settings.load_samples and engine.store.queries.counts().get("articles", 0) == 0:
            log.info("empty store: loading the sample articles from %s", SAMPLES)
            worker.submit(lambda: engine.ingest(sample_paths()))
        nonlocal poller
        if settings.poll_feeds:
            with resources.as_file(DEFAULT_OPML) as default_opml:
                feeds = load_opml(Path(settings.feeds) if settings.feeds else default_opml)
            urls = [url for _, url in feeds]
            log.info("polling %d feeds every %.0f s", len(urls), settings.poll_interval)
            poller = FeedPoller(
                urls, fetcher=FeedFetcher(allow_private=allow_private),
                interval=settings.poll_interval,
                known=lambda link: bool(engine.store.known_ids([article_id(link, None)])),
                load_state=engine.store.get_feed_state,
                save_state=lambda state: worker.submit(lambda: _save_state(engine, state)),
                on_documents=lambda docs, url: worker.submit(lambda: engine.ingest(docs)),
                on_rejects=lambda rejects: worker.submit(lambda: engine.record_rejects(rejects)),
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
    alerts = Alerts.from_config(settings.alerts, webhook=settings.alert_webhook)
    app = create_app(engine, worker, on_start=on_start, on_stop=on_stop, settings=settings,
                     alerts=alerts)
    log.info("serving on http://%s:%d (store %s)", settings.host, settings.port, data_dir)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def _save_state(engine: Engine, state: FeedState) -> None:
    engine.put_feed_state(state)
    if state.status == "error":
        log.warning("feed %s: %s", state.url, state.error)

