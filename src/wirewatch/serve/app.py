"""The HTTP service: `wirewatch serve` (what `make run` starts).

One process owns the store. Ingest jobs — sample loading, feed items, pushed articles — go
through one bounded intake (engine/intake.py: acknowledged in the inbox in arrival order, then
stored in the background by the store loop, which also replays the inbox after a crash, so the
port opens at once); every write, and the broker consumer's, runs on the engine's one writer
thread (engine/commit.py). HTTP readers use their own DuckDB cursors and never wait for it, and
a push never holds a request thread while it waits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException

from wirewatch import queries as Q  # noqa: N812
from wirewatch.config import DEFAULTS, Settings
from wirewatch.engine import Engine
from wirewatch.engine.intake import Intake, PushJob  # noqa: F401 - PushJob: known here too
from wirewatch.model import FeedState, article_id
from wirewatch.params import BadParameter
from wirewatch.serve.push import Metrics, load_token
from wirewatch.serve.routes import Deps, add_routes
from wirewatch.serve.routes.stream import StreamHub, hook_engine
from wirewatch.serve.sql import lock_down

log = logging.getLogger("wirewatch.serve")

SAMPLES = resources.files("wirewatch") / "data" / "samples"
DEFAULT_OPML = resources.files("wirewatch") / "data" / "feeds.default.opml"


def sample_paths() -> list[Path]:
    """The sample articles shipped in the package (their README is not an article)."""
    return sorted(Path(str(p)) for p in SAMPLES.iterdir()
                  if p.is_file() and not p.name.endswith(".md"))


# The intake lives in the engine (engine/intake.py); tests and benchmarks know it by this name.
IngestWorker = Intake


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
    hook_engine(engine, hub, metrics, alerts)

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
        """Up, what is stored, and the intake: `replay` = articles acknowledged and not yet
        stored (`pending`; after a crash, the inbox being replayed in the background) and
        stored by replay since start (`replayed`)."""
        counts = engine.store.reader.read(Q.counts.headline)
        backlog = engine.backlog()
        return {"status": "ok", "articles": counts.get("articles", 0),
                "rejects": counts.get("rejects", 0),
                "queue_depth": worker.depth if worker else 0,
                "ingest_errors": worker.errors if worker else 0,
                "replay": {"pending": backlog["pending"], "replayed": backlog["replayed"],
                           "running": backlog["replaying"]}}

    add_routes(app, Deps(engine, worker, hub, metrics, alerts, settings))
    return app


def run_service(settings: Settings | None = None, *, broker: Any = None) -> None:
    """Start everything `make run` promises and block until Ctrl-C; `settings` (config.py,
    default: `Settings.from_env()`) says where and with which limits.

    `broker` (a `BrokerSettings`): also consume the `analyses` topic written by
    `wirewatch worker` processes into the store (engine/distributed.py)."""
    import uvicorn

    from wirewatch import remote
    from wirewatch.engine.local import LocalEngine
    from wirewatch.sources.feeds import FeedFetcher, FeedPoller, load_opml

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = settings or Settings.from_env()
    data_dir, allow_private = Path(settings.data_dir), settings.allow_private
    # No replay here: the intake's store loop replays the inbox in the background, so the
    # port opens (and /health answers) while it runs.
    engine = LocalEngine(data_dir, workers=settings.workers, batch_size=settings.batch_size,
                         replay_on_open=False)
    worker = Intake(engine, max_queue=settings.max_queue, max_group=settings.max_group,
                    max_pending=settings.max_pending)
    settings = settings.with_(token=load_token(data_dir, log, settings.token))
    poller: FeedPoller | None = None
    broker_consumer: Any = None

    def on_start() -> None:
        worker.start()
        remote.announce(data_dir, settings.host, settings.port)  # CLI reads come here
        if broker is not None:
            from wirewatch.engine.distributed import AnalysisConsumer, writer_sink

            nonlocal broker_consumer
            broker_consumer = AnalysisConsumer(broker, writer_sink(engine))
            broker_consumer.start()
            log.info("consuming analyses from %s (topic %s)", broker.bootstrap,
                     broker.analyses_topic)
        if (settings.load_samples and engine.backlog()["pending"] == 0
                and engine.store.reader.read(Q.counts.counts)["articles"] == 0):
            log.info("empty store: loading the sample articles from %s", SAMPLES)
            worker.submit(lambda: engine.accept(sample_paths()))
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
                on_documents=lambda docs, url: worker.submit(lambda: engine.accept(docs)),
                on_rejects=lambda rejects: worker.submit(
                    lambda: engine.record_rejects(rejects, wait=False)),
            )
            poller.start()
            app.state.feed_poller = poller  # /feeds shows its health

    def on_stop() -> None:
        if poller:
            poller.stop()
        if broker_consumer is not None:
            broker_consumer.stop()
        remote.withdraw(data_dir)
        worker.stop()
        engine.close()

    from wirewatch.analytics.alerts import Alerts
    alerts = Alerts.from_config(settings.alerts, webhook=settings.alert_webhook)
    app = create_app(engine, worker, on_start=on_start, on_stop=on_stop, settings=settings,
                     alerts=alerts)
    log.info("serving on http://%s:%d (store %s)", settings.host, settings.port, data_dir)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def _save_state(engine: Engine, state: FeedState) -> None:
    engine.put_feed_state(state, wait=False)  # the poller logs a failing feed (once, not every poll)

