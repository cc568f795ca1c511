"""The public Python API: a thin layer over the local engine and the read side
(`wirewatch.queries`, whose rows it hands back as DataFrames).

    import wirewatch
    with wirewatch.open("./wirewatch-data") as ww:
        ww.ingest(["articles/"])
        df = ww.articles(q="Blinken")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wirewatch import queries as Q  # noqa: N812 - the read side, one module per resource
from wirewatch.config import DEFAULTS, Settings
from wirewatch.model import Analysis, Reject

if TYPE_CHECKING:  # pandas is imported when a DataFrame is made: `wirewatch serve` and the
    import pandas as pd  # CLI start a second sooner without it (docs/architecture.md)

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

    @classmethod
    def of(cls, engine: Any) -> Wirewatch:
        """The API over an engine that is already open (benchmarks, tools that drive a
        `LocalEngine` themselves); `close()` closes the engine."""
        ww = cls.__new__(cls)
        ww.data_dir, ww.allow_private, ww.engine = Path(engine.store.data_dir), False, engine
        return ww

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

    def read(self, query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Any `wirewatch.queries` function on a fresh reader cursor, its rows as they come."""
        return self.store.reader.read(query, *args, **kwargs)

    def articles(self, **filters: Any) -> pd.DataFrame:
        """Stored articles as a DataFrame; filters: q, outlet, language, since, until, limit,
        offset (queries/articles.py, as `GET /articles` and `wirewatch articles`)."""
        return frame(self.read(Q.articles.articles, search=self.store.reader.search,
                               **filters))

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article as its analysis document (see DESIGN.md), or None.

        A unique prefix of an id (at least 6 characters) is accepted, as git accepts hashes.
        """
        return self.read(Q.articles.article, self.resolve("articles", article_id))

    def rejects(self, limit: int = 100, **filters: Any) -> pd.DataFrame:
        return frame(self.read(Q.rejects.rejects, limit=limit, **filters))

    def feeds(self) -> pd.DataFrame:
        return frame(self.read(Q.feeds.feeds))

    def counts(self) -> dict[str, Any]:
        return self.read(Q.counts.counts)

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run SQL against the store (power users; the API's /sql endpoint is read-only)."""
        with self.store.reader.reading() as cur:
            return cur.execute(query, params or []).df()

    def stories(self, **filters: Any) -> pd.DataFrame:
        """Stories (clusters of articles about one happening), most recently active first;
        filters: q, outlet, since, until, min_articles (default 2), limit, offset."""
        return frame(self.read(Q.stories.stories, **filters))

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story: its fields, `articles` and `events` (merged events) as DataFrames.
        A unique id prefix (at least 6 characters) is accepted."""
        return _frames(self.read(Q.stories.story, self.resolve("stories", story_id)),
                       "articles", "events")

    def storylines(self, **filters: Any) -> pd.DataFrame:
        """Storylines (stories that continue one another over weeks), most recently active
        first; filters: q, since, until, min_stories (default 2), limit, offset."""
        return frame(self.read(Q.storylines.storylines, **filters))

    def storyline(self, storyline_id: str) -> dict[str, Any] | None:
        """One storyline: its fields and `stories` (a DataFrame, first seen first: its
        timeline). A unique id prefix (at least 6 characters) is accepted."""
        return _frames(self.read(Q.storylines.storyline,
                                 self.resolve("storylines", storyline_id)), "stories")

    def rebuild_storylines(self) -> int:
        """Recompute every storyline (and every story's source count) from the stored
        stories, on the writer thread; returns the number of storylines."""
        linker = self.engine.linker
        if linker is None:
            raise RuntimeError("this engine was opened without the link step")
        return self.engine.commit.run(self.store.maintain, linker.rebuild_storylines)

    def event_clusters(self, **filters: Any) -> pd.DataFrame:
        """Merged events (one row per real-world event with num_articles, num_sources,
        modality and its history); filters: type, country, modality, story_id, since, until,
        min_sources, limit, offset."""
        return frame(self.read(Q.clusters.event_clusters, **filters))

    def event_cluster(self, cluster_id: str) -> dict[str, Any] | None:
        """One merged event with all its reports (`reports` DataFrame)."""
        return _frames(self.read(Q.clusters.event_cluster,
                                 self.resolve("event_clusters", cluster_id)), "reports")

    def events(self, **filters: Any) -> pd.DataFrame:
        """Events as coded in each article (type, mode, modality, actors, place, date,
        evidence); filters: actor (name contains, or country/actor code; either side),
        source, target (the same, one side), pair ("USA,CHN", either direction), type, mode,
        modality, since, until (the event's date, inclusive), article_id, min_confidence
        (0 to 1: only events the coder is at least that sure of, e.g. 0.8), limit, offset.
        The same query as `wirewatch events` and `GET /events` (queries/events.py)."""
        if filters.get("article_id"):
            filters["article_id"] = self.resolve("articles", filters["article_id"])
        return frame(self.read(Q.events.events, **filters))

    def entities(self, **filters: Any) -> pd.DataFrame:
        """Entities across articles (aliases, roles, counts); filters: q, type, country,
        limit, offset (as `GET /entities`)."""
        return frame(self.read(Q.entities.entities, **filters))

    def quotes(self, **filters: Any) -> pd.DataFrame:
        """Quotes; filters: speaker, article_id, limit, offset (as `GET /quotes`)."""
        return frame(self.read(Q.quotes.quotes, **filters))

    # -- analyst corrections (corrections.py) ---------------------------------------------

    def correct(self, kind: str, target: str, changes: dict[str, Any], who: str = "cli",
                reason: str | None = None) -> list[dict[str, Any]]:
        """Correct an event (`<article_id>:<idx>`), entity (its id) or quote
        (`<article_id>:<idx>`): `changes` as a PATCH body. Returns the audit records."""
        from wirewatch.corrections import Corrector

        body = {**changes, **({"reason": reason} if reason else {})}
        return Corrector(self.engine).patch(kind, target, body, who)

    def undo_correction(self, correction_id: str, who: str = "cli") -> dict[str, Any]:
        """Undo one correction (the machine's value comes back everywhere)."""
        from wirewatch.corrections import Corrector

        return Corrector(self.engine).undo(correction_id, who)

    def corrections(self, **filters: Any) -> pd.DataFrame:
        """The corrections, newest first; filters: kind, target, article_id, active, who,
        limit, offset (as `GET /corrections`)."""
        from wirewatch.corrections import listing

        return frame(self.read(listing, **filters))

    def export_corrections(self, out: str | Path) -> dict[str, int]:
        """Write the event and quote corrections as annotations (training data) to `out`."""
        from wirewatch.corrections import export

        return self.read(export, Path(out))

    def reanalyze(self, since: Any = None, ids: Iterable[str] | None = None,
                  progress: Callable[..., None] | None = None) -> int:
        """Recode stored articles with the current model and KB, keeping corrections."""
        return self.engine.reanalyze(since=since, ids=ids, progress=progress)

    def export(self, format: str, out: str | Path) -> Any:  # noqa: A002
        """Write the store out: `gdelt` (GDELT 2.0 event table, tab-separated), `plover`
        (PLOVER/POLECAT-style JSON lines) or `parquet` (one file per table in folder `out`).
        Returns an `exports.ExportSummary`."""
        from wirewatch.exports import export

        return export(self.store.reader, format, Path(out))

    def resolve(self, table: str, key: str) -> str:
        """A unique prefix (at least 6 characters) of an id in `table` → the id (else `key`
        unchanged), as git accepts hashes."""
        return self.read(Q.articles.resolve, table, key)

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Wirewatch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def frame(rows: Any) -> pd.DataFrame:
    """Rows of `wirewatch.queries` as a DataFrame (with their columns even when empty)."""
    import pandas as pd

    return pd.DataFrame.from_records(list(rows), columns=getattr(rows, "columns", None))


def _frames(doc: dict[str, Any] | None, *parts: str) -> dict[str, Any] | None:
    """A document whose `parts` (rows) become DataFrames."""
    if doc is not None:
        for part in parts:
            doc[part] = frame(doc[part])
    return doc


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
