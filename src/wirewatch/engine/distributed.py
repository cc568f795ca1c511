"""The scale-out engine: the same `analyze` as the embedded default, spread over machines.

    wirewatch ingest --to-broker H:P   sources → parse → `articles` topic (key = article id)
    wirewatch worker --broker H:P      `articles` → analyze → `analyses`   (any number, anywhere)
    wirewatch serve  --broker H:P      `analyses` → store (one writer) → analytics → API

Why at-least-once + idempotent writes (docs/scale-out.md): a worker commits its input offsets
only after the broker has acknowledged every analysis of the batch, and the service commits
only after the store transaction. A process killed at any point therefore loses nothing (its
uncommitted messages are redelivered to another group member) and may redo some work; the
store's upsert keyed by article id turns the redone work into a no-op, so every article is
stored exactly once.

Why the KB travels too: `analyze` is a function of (article, KB snapshot), and the KB grows in
the service (it learns from every stored batch). The service publishes its snapshot to the
compacted `kb` topic when it changed, at most every `kb_interval` seconds (`KbPublisher`, run
by `AnalysisConsumer`); each worker reads that topic to its end before every batch
(`KbReader`), so a batch is analysed with the newest KB the broker held when the batch
started, and with the same KB the embedded engine would use. Each analysis message names the
KB version it was made with (header `wirewatch-kb`).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confluent_kafka import Message

from wirewatch.engine import Engine
from wirewatch.engine.local import Analyzer, _safe_analyze, default_analyzer
from wirewatch.model import Analysis, Article, FeedState, RawDocument, Reject
from wirewatch.sources.broker import (
    BrokerSettings,
    DeliveryFailed,
    KbPublisher,
    KbReader,
    KbSource,
    Publisher,
    analysis_message,
    commit_offsets,
    ensure_topics,
    make_consumer,
    message_origin,
    poll_batch,
    publish_articles,
    read_analysis_message,
    read_article_message,
    reject_message,
)

log = logging.getLogger(__name__)

WORKER_GROUP = "wirewatch-workers"
STORE_GROUP = "wirewatch-store"
WORKER_BATCH = 32
# How often a failed publish round is retried before the worker gives up (and exits without
# committing, so another member takes over the batch).
PUBLISH_ATTEMPTS = 5

Sink = Callable[[list[Analysis], list[Reject]], Any]


@dataclass
class WorkerStats:
    messages: int = 0
    articles: int = 0
    rejects: int = 0
    batches: int = 0
    commits_refused: int = 0
    analysis_seconds: float = 0.0
    kb_version: str | None = None  # the KB snapshot of the last batch
    kb_updates: int = 0  # newer snapshots taken from the `kb` topic
    started: float = field(default_factory=time.perf_counter)

    def to_dict(self) -> dict[str, Any]:
        elapsed = time.perf_counter() - self.started
        return {"messages": self.messages, "articles": self.articles, "rejects": self.rejects,
                "batches": self.batches, "commits_refused": self.commits_refused,
                "analysis_seconds": round(self.analysis_seconds, 3),
                "kb_version": self.kb_version, "kb_updates": self.kb_updates,
                "elapsed": round(elapsed, 3)}


# -- publishing (ingest --to-broker) -----------------------------------------------------------

def iter_parsed(paths: Iterable[str | Path] = (), feeds: Iterable[str] = (), *,
                parse_options: Any = None, max_bytes: int | None = None,
                allow_private: bool = False) -> Iterator[Article | Reject]:
    """Files, folders and feed URLs through sources and parse, as the local engine does."""
    from wirewatch.parse import parse_document
    from wirewatch.sources.files import iter_documents

    kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
    paths = [Path(p) for p in paths]
    if paths:
        for doc in iter_documents(paths, **kwargs):
            if isinstance(doc, Reject):
                yield doc
            else:
                yield from parse_document(doc, parse_options)
    for url in feeds:
        from wirewatch.sources.feeds import FeedFetcher

        with FeedFetcher(allow_private=allow_private) as fetcher:
            poll = fetcher.poll(url, FeedState(url=url))
        yield from poll.rejects
        for doc in poll.documents:
            yield from parse_document(doc, parse_options)


def publish(settings: BrokerSettings, paths: Iterable[str | Path] = (),
            feeds: Iterable[str] = (), *, parse_options: Any = None,
            max_bytes: int | None = None, allow_private: bool = False,
            on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Parse files/feeds and publish the articles to the broker; returns (articles, rejects)."""
    items = iter_parsed(paths, feeds, parse_options=parse_options, max_bytes=max_bytes,
                        allow_private=allow_private)
    return publish_articles(settings, items, on_progress=on_progress)


# -- the worker --------------------------------------------------------------------------------

class AnalysisWorker:
    """One member of the `wirewatch-workers` consumer group: articles in, analyses out.

    Each batch: read up to `batch_size` messages → read the `kb` topic to its end → parse/
    decode → `analyze` → publish every analysis (and every reject) → wait for the broker's
    acknowledgement → commit the input offsets. Nothing is committed before its output is
    durable on the broker.

    `kb`: analyse with this fixed snapshot instead of following the `kb` topic (as
    `LocalEngine(kb=...)`); `kb_timeout`: the longest a batch waits for the `kb` topic (a
    broker that does not answer in time leaves the worker on the KB it has).
    """

    def __init__(self, settings: BrokerSettings, *, group: str = WORKER_GROUP,
                 batch_size: int = WORKER_BATCH, parse_options: Any = None,
                 analyzer: Analyzer | None = None, kb: Any = None,
                 poll_timeout: float = 1.0, warm: bool = True,
                 kb_timeout: float = 10.0) -> None:
        self.settings = settings
        self.group = group
        self.batch_size = max(1, batch_size)
        self.parse_options = parse_options
        self.analyzer: Analyzer = analyzer or default_analyzer
        self.kb = kb
        self.follow_kb = kb is None
        self.kb_version: str | None = None
        self.kb_timeout = kb_timeout
        self.poll_timeout = poll_timeout
        self.warm = warm and analyzer is None
        self.stats = WorkerStats()
        self.stop_event = threading.Event()

    def run(self, max_idle: float | None = None, max_batches: int | None = None) -> WorkerStats:
        """Consume until stopped (SIGTERM/SIGINT, `stop()`), or until `max_idle` seconds pass
        without a message, or after `max_batches` batches."""
        if self.warm:
            from wirewatch.analyze.pipeline import get_pipeline

            get_pipeline()
        ensure_topics(self.settings)
        kb_reader = KbReader(self.settings) if self.follow_kb else None
        consumer = make_consumer(self.settings, self.group, self.settings.articles_topic)
        publisher = Publisher(self.settings)
        idle_since = time.monotonic()
        self.stats = WorkerStats()
        try:
            while not self.stop_event.is_set():
                messages = poll_batch(consumer, self.batch_size, self.poll_timeout)
                if not messages:
                    if max_idle is not None and time.monotonic() - idle_since > max_idle:
                        break
                    continue
                if kb_reader is not None:
                    self._refresh_kb(kb_reader)
                self._process(messages, publisher)
                if commit_offsets(consumer, messages):
                    self.stats.batches += 1
                    log.info("committed batch %d: %d messages, %d analyses, %d rejects",
                             self.stats.batches, len(messages), self.stats.articles,
                             self.stats.rejects)
                else:
                    self.stats.commits_refused += 1
                idle_since = time.monotonic()
                if max_batches is not None and self.stats.batches >= max_batches:
                    break
        finally:
            consumer.close()  # leaves the group at once: the others rebalance without waiting
            publisher.close()
            if kb_reader is not None:
                kb_reader.close()
        return self.stats

    def _refresh_kb(self, reader: KbReader) -> None:
        """The newest KB snapshot the broker holds becomes `kb` for the next batch."""
        if reader.refresh(self.kb_timeout):
            self.kb, self.kb_version = reader.snapshot, reader.version
            self.stats.kb_updates += 1
            log.info("using KB %s (%d persons)", self.kb_version,
                     len((self.kb or {}).get("persons", [])))
        self.stats.kb_version = self.kb_version

    def stop(self) -> None:
        self.stop_event.set()

    def install_signal_handlers(self) -> None:
        """SIGTERM/SIGINT: finish (and commit) the current batch, then leave the group."""
        def handler(signum: int, _frame: Any) -> None:
            log.info("signal %d: stopping after this batch", signum)
            self.stop()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def analyse_messages(self, messages: list[Message]) -> tuple[list[Analysis], list[Reject]]:
        """Decode (parsing foreign records with the JSONL field mapping) and analyse."""
        from wirewatch.parse import parse_document

        articles: list[Article] = []
        rejects: list[Reject] = []
        seen: set[str] = set()
        for msg in messages:
            item = read_article_message(msg)
            parsed: Iterable[Article | Reject]
            if isinstance(item, RawDocument):
                try:
                    parsed = list(parse_document(item, self.parse_options))
                except Exception as exc:  # noqa: BLE001 - parse never raises; be safe anyway
                    parsed = [Reject(message_origin(msg), "parse_error",
                                     f"{type(exc).__name__}: {exc}"[:500])]
            else:
                parsed = [item]
            for one in parsed:
                if isinstance(one, Reject):
                    rejects.append(one)
                elif one.id not in seen:  # the same article twice in a batch: analyse once
                    seen.add(one.id)
                    articles.append(one)
        started = time.perf_counter()
        analyses = _safe_analyze(self.analyzer, articles, self.kb) if articles else []
        self.stats.analysis_seconds += time.perf_counter() - started
        return analyses, rejects

    def _process(self, messages: list[Message], publisher: Publisher) -> None:
        analyses, rejects = self.analyse_messages(messages)
        topic = self.settings.analyses_topic
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            try:
                for an in analyses:
                    publisher.send(topic, *analysis_message(an, self.kb_version))
                for rej in rejects:
                    publisher.send(topic, *reject_message(rej))
                too_large = publisher.confirm()
                by_id = {an.article.id: an for an in analyses}
                for key in too_large:  # keep the article, say why its analysis is missing
                    an = by_id.get(key.decode("utf-8", "replace"))
                    if an is not None:
                        publisher.send(topic, *analysis_message(Analysis(
                            article=an.article,
                            notes=["analysis too large for the broker; not stored"]),
                            self.kb_version))
                if too_large:
                    publisher.confirm()
                break
            except DeliveryFailed as exc:
                if attempt == PUBLISH_ATTEMPTS:
                    raise
                log.warning("publishing analyses failed (%s); retry %d", exc, attempt)
                time.sleep(min(2.0 ** attempt, 10.0))
        self.stats.messages += len(messages)
        self.stats.articles += len(analyses)
        self.stats.rejects += len(rejects)


# -- the service side: analyses → store --------------------------------------------------------

class AnalysisConsumer:
    """The service's member of `wirewatch-store`: reads `analyses`, hands each batch to `sink`
    (which returns once the batch is durably stored) and only then commits the offsets.

    It also publishes the service's KB to the `kb` topic for the workers (`KbPublisher`:
    when it changed, at most every `settings.kb_interval` seconds, between batches), from
    `kb_source` — by default the sink's own (`writer_sink(engine)` knows the engine's KB), so
    the service that stores the analyses is the one that teaches the workers."""

    def __init__(self, settings: BrokerSettings, sink: Sink, *, group: str = STORE_GROUP,
                 batch_size: int = 256, poll_timeout: float = 0.5,
                 kb_source: KbSource | None = None) -> None:
        self.settings = settings
        self.sink = sink
        self.group = group
        self.batch_size = batch_size
        self.poll_timeout = poll_timeout
        self.kb_source: KbSource | None = (kb_source if kb_source is not None
                                           else getattr(sink, "kb_state", None))
        self.kb_publisher: KbPublisher | None = None
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None
        self.stored = 0
        self.received = 0
        self.errors = 0

    def start(self) -> None:
        ensure_topics(self.settings)
        self.thread = threading.Thread(target=self.run, name="wirewatch-broker", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout)
            self.thread = None

    def run(self) -> None:
        consumer = make_consumer(self.settings, self.group, self.settings.analyses_topic)
        if self.kb_source is not None:
            self.kb_publisher = KbPublisher(self.settings, self.kb_source)
        try:
            while not self.stop_event.is_set():
                self._publish_kb()
                try:
                    messages = poll_batch(consumer, self.batch_size, self.poll_timeout)
                except Exception:  # the service must outlive a broker hiccup; keep polling
                    self.errors += 1
                    log.exception("polling %s failed", self.settings.analyses_topic)
                    self.stop_event.wait(1.0)
                    continue
                if not messages:
                    continue
                self.received += len(messages)
                analyses: list[Analysis] = []
                rejects: list[Reject] = []
                for msg in messages:
                    item = read_analysis_message(msg)
                    (rejects if isinstance(item, Reject) else analyses).append(item)
                try:
                    written = self.sink(analyses, rejects)
                except Exception:
                    # not committed: the batch comes back after a restart (or a rebalance)
                    self.errors += 1
                    log.exception("storing a batch of analyses failed; not committing")
                    self.stop_event.wait(1.0)
                    _rewind(consumer, messages)
                    continue
                self.stored += len(written or [])
                commit_offsets(consumer, messages)
        finally:
            consumer.close()
            if self.kb_publisher is not None:
                self.kb_publisher.close()

    def _publish_kb(self) -> None:
        if self.kb_publisher is None:
            return
        try:
            self.kb_publisher.tick()
        except Exception:  # workers keep the previous KB; the next tick tries again
            self.errors += 1
            log.exception("publishing the KB to %s failed", self.settings.kb_topic)


def _rewind(consumer: Any, messages: list[Message]) -> None:
    """Seek each partition back to the batch's first offset, so the batch is retried."""
    from confluent_kafka import TopicPartition

    first: dict[tuple[str, int], int] = {}
    for msg in messages:
        tp = (msg.topic(), msg.partition())
        first[tp] = min(first.get(tp, msg.offset()), msg.offset())
    for (topic, partition), offset in first.items():
        try:
            consumer.seek(TopicPartition(topic, partition, offset))
        except Exception:  # noqa: BLE001 - partition moved away: its new owner redoes it
            log.warning("could not rewind %s/%d", topic, partition)


class WriterSink:
    """A sink that stores each batch on the engine's one writer thread (engine/commit.py) with
    the steps every batch goes through — rejects recorded, known ids dropped, KB, link, one
    transaction, `on_stored` hooks (SSE, alerts) — and waits for the commit, so the broker
    consumer commits its offsets only after the transaction. `kb_state` is the engine's KB
    (generation, snapshot), which `AnalysisConsumer` publishes to the workers."""

    def __init__(self, engine: Engine, timeout: float = 300.0) -> None:
        self.engine = engine
        self.timeout = timeout
        self.kb_state: KbSource | None = getattr(engine, "kb_state", None)

    def __call__(self, analyses: list[Analysis], rejects: list[Reject]) -> list[str]:
        return self.engine.store_analyses(analyses, rejects, timeout=self.timeout)


def writer_sink(engine: Engine, timeout: float = 300.0) -> WriterSink:
    """The sink `serve --broker` gives its AnalysisConsumer (see WriterSink)."""
    return WriterSink(engine, timeout)
