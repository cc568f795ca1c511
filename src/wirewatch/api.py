"""The public Python API: a thin layer over the local engine and the store's queries.

    import wirewatch
    with wirewatch.open("./wirewatch-data") as ww:
        ww.ingest(["articles/"])
        df = ww.articles(q="Blinken")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from wirewatch.config import DEFAULTS, Settings
from wirewatch.model import Analysis, Reject

DEFAULT_DATA_DIR = str(DEFAULTS.data_dir)


class Wirewatch:
    """One store and the engine that fills it. Holds the DuckDB file while open."""

    def __init__(self, data_dir: str | Path = DEFAULT_DATA_DIR, *,
                 workers: int = DEFAULTS.workers,
                 field_map: dict[str, str] | None = None, max_bytes: int | None = None,
                 allow_private: bool = False) -> None:
        from wirewatch.engine.local import LocalEngine
        from wirewatch.parse import ParseOptions

        options = ParseOptions(field_map=dict(field_map or {}))
        kwargs: dict[str, Any] = {"workers": workers, "parse_options": options}
        if max_bytes is not None:
            kwargs["max_bytes"] = max_bytes
        self.data_dir = Path(data_dir)
        self.allow_private = allow_private
        self.engine = LocalEngine(self.data_dir, **kwargs)

    @property
    def store(self) -> Any:
        return self.engine.store

    def ingest(self, paths: Iterable[str | Path], progress: Callable[..., None] | None = None
               ) -> Any:
        """Ingest files and folders; returns an IngestSummary (accepted, duplicates, rejected)."""
        return self.engine.ingest([Path(p) for p in paths], progress=progress)

    def ingest_feed(self, url: str, progress: Callable[..., None] | None = None) -> Any:
        """Fetch one RSS/Atom feed over HTTP (conditional GET) and ingest its items."""
        return self.engine.ingest_feed(url, allow_private=self.allow_private, progress=progress)

    def articles(self, **filters: Any) -> pd.DataFrame:
        """Stored articles as a DataFrame; filters: q, outlet, language, since, until, limit."""
        return self.store.queries.articles(**filters)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article as its analysis document (see DESIGN.md), or None.

        A unique prefix of an id (at least 6 characters) is accepted, as git accepts hashes.
        """
        doc = self.store.queries.article(article_id)
        if doc is None and len(article_id) >= 6:
            ids = self.sql("SELECT id FROM articles WHERE starts_with(id, ?) LIMIT 2",
                           [article_id])["id"].tolist()
            if len(ids) == 1:
                doc = self.store.queries.article(ids[0])
        return doc

    def rejects(self, limit: int = 100) -> pd.DataFrame:
        return self.store.queries.rejects(limit=limit)

    def feeds(self) -> pd.DataFrame:
        return self.store.queries.feeds()

    def counts(self) -> dict[str, Any]:
        return self.store.queries.counts()

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run SQL against the store (power users; the API's /sql endpoint is read-only)."""
        return self.store.queries.sql(query, params)

    def stories(self, **filters: Any) -> pd.DataFrame:
        """Stories (clusters of articles about one happening), most recently active first;
        filters: q, outlet, since, until, min_articles (default 2), limit, offset."""
        return self.store.queries.stories(**filters)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story: its fields, `articles` and `events` (merged events) as DataFrames.
        A unique id prefix (at least 6 characters) is accepted."""
        return self.store.queries.story(self._resolve("stories", story_id))

    def event_clusters(self, **filters: Any) -> pd.DataFrame:
        """Merged events (one row per real-world event with num_articles, num_sources,
        modality and its history); filters: type, country, modality, story_id, since, until,
        min_sources, limit, offset."""
        return self.store.queries.event_clusters(**filters)

    def event_cluster(self, cluster_id: str) -> dict[str, Any] | None:
        """One merged event with all its reports (`reports` DataFrame)."""
        return self.store.queries.event_cluster(self._resolve("event_clusters", cluster_id))

    def events(self, **filters: Any) -> pd.DataFrame:
        """Events as coded in each article (type, mode, modality, actors, place, date,
        evidence); filters: actor (name contains, or country/actor code; either side),
        source, target (the same, one side), pair ("USA,CHN", either direction), type, mode,
        modality, since, until (the event's date, inclusive), article_id, limit, offset.
        The same query as `wirewatch events` and `GET /events` (store.queries.select_events)."""
        if filters.get("article_id"):
            filters["article_id"] = self._resolve("articles", filters["article_id"])
        return self.store.queries.events(**filters)

    def export(self, format: str, out: str | Path) -> Any:  # noqa: A002
        """Write the store out: `gdelt` (GDELT 2.0 event table, tab-separated), `plover`
        (PLOVER/POLECAT-style JSON lines) or `parquet` (one file per table in folder `out`).
        Returns an `exports.ExportSummary`."""
        from wirewatch.exports import export

        return export(self.store.queries, format, Path(out))

    def _resolve(self, table: str, key: str) -> str:
        """A unique prefix of an id → the id (else `key` unchanged)."""
        if len(key) < 6:
            return key
        ids = self.sql(f"SELECT id FROM {table} WHERE starts_with(id, ?) ORDER BY id LIMIT 2",
                       [key])["id"].tolist()
        return ids[0] if len(ids) == 1 else key

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Wirewatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(data_dir: str | Path = DEFAULT_DATA_DIR, **kwargs: Any) -> Wirewatch:  # noqa: A001
    """Open (creating if needed) the store in `data_dir`."""
    return Wirewatch(data_dir, **kwargs)


def serve(settings: Settings | None = None, *, broker: Any = None, **overrides: Any) -> None:
    """Run the service (sources, workers, the writer, the HTTP API) until Ctrl-C: what
    `wirewatch serve` does. `settings` default to `Settings.from_env()`; `overrides` by setting
    name (None = not given). `broker` (see `broker_settings`): also store what `wirewatch
    worker`s publish."""
    from wirewatch.serve.app import run_service

    base = settings or Settings.from_env()
    run_service(base.with_(**{k: v for k, v in overrides.items() if v is not None}),
                broker=broker)


def analyze_paths(paths: Iterable[str | Path], *, field_map: dict[str, str] | None = None,
                  max_bytes: int | None = None, batch_size: int = 32
                  ) -> Iterator[Analysis | Reject]:
    """Parse and analyse every article found in `paths` without storing anything."""
    from wirewatch.analyze import analyze_batch
    from wirewatch.parse import ParseOptions, parse_document
    from wirewatch.sources.files import iter_documents

    options = ParseOptions(field_map=dict(field_map or {}))
    kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
    batch = []
    for doc in iter_documents([Path(p) for p in paths], **kwargs):
        if isinstance(doc, Reject):
            yield doc
            continue
        for item in parse_document(doc, options):
            if isinstance(item, Reject):
                yield item
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                yield from analyze_batch(batch)
                batch = []
    if batch:
        yield from analyze_batch(batch)


def broker_settings(bootstrap: str, *, config: dict[str, Any] | None = None,
                    articles_topic: str | None = None, analyses_topic: str | None = None,
                    partitions: int | None = None) -> Any:
    """Where the scale-out path's Kafka-compatible broker is (see docs/scale-out.md)."""
    from wirewatch.sources.broker import BrokerSettings

    settings = BrokerSettings(bootstrap, config=dict(config or {}))
    if articles_topic:
        settings.articles_topic = articles_topic
    if analyses_topic:
        settings.analyses_topic = analyses_topic
    if partitions:
        settings.partitions = partitions
    return settings


def publish(settings: Any, paths: Iterable[str | Path] = (), feeds: Iterable[str] = (), *,
            field_map: dict[str, str] | None = None, max_bytes: int | None = None,
            allow_private: bool = False, on_progress: Callable[[int, int], None] | None = None
            ) -> tuple[int, int]:
    """Parse files/feeds and publish the articles to the broker's `articles` topic (keyed by
    article id) for `wirewatch worker`s; returns (articles, rejects) the broker acknowledged."""
    from wirewatch.engine.distributed import publish as _publish
    from wirewatch.parse import ParseOptions

    return _publish(settings, paths, feeds, parse_options=ParseOptions(field_map=dict(
        field_map or {})), max_bytes=max_bytes, allow_private=allow_private,
        on_progress=on_progress)


def run_worker(settings: Any, *, batch_size: int = 32, field_map: dict[str, str] | None = None,
               max_idle: float | None = None, group: str | None = None) -> Any:
    """Be one analysis worker of the fleet until stopped (SIGTERM/Ctrl-C) or idle for
    `max_idle` seconds; returns the worker's WorkerStats."""
    from wirewatch.engine.distributed import WORKER_GROUP, AnalysisWorker
    from wirewatch.parse import ParseOptions

    worker = AnalysisWorker(settings, group=group or WORKER_GROUP, batch_size=batch_size,
                            parse_options=ParseOptions(field_map=dict(field_map or {})))
    worker.install_signal_handlers()
    return worker.run(max_idle=max_idle)
