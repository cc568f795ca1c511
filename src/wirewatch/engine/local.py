"""The embedded engine: sources → parse → rejects/duplicates → inbox (ack) → workers → writer.

Why this shape (architecture.md, "Ingest path and exactly-once"): an article is acknowledged
once it is fsync'd in the durable inbox; analysis runs in a pool of worker processes (only when
analysis is real NLP; store-only ingest stays in-process and fast); one writer thread stores
each batch's rows together with the inbox checkpoint in one transaction, strictly in inbox
order, while the calling thread parses the next batch. A crash at any point is repaired by
`replay()` on the next start. Everything streams through a bounded queue of batches, so memory
stays bounded whatever the corpus size.

`ingest` does both halves in the calling thread and returns once stored (the CLI, the Python
API). The service splits them (engine/intake.py): `accept` only acknowledges (parse, dedupe,
inbox), and `replay`, run by the intake's store loop, stores what the inbox holds past the
checkpoint — so a push is answered after one fsync and the start-up replay runs behind an open
port. `backlog()` reports how far that is.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.config import DEFAULTS
from wirewatch.engine import OnAck, OnStored
from wirewatch.engine.commit import Committer
from wirewatch.link.kb import KnowledgeBase
from wirewatch.model import (
    Analysis,
    Article,
    FeedState,
    RawDocument,
    Reject,
    article_id,
    canonical_url,
)
from wirewatch.store.inbox import Inbox
from wirewatch.store.writer import Store

log = logging.getLogger(__name__)

Analyzer = Callable[[list[Article], Any], list[Analysis]]
Progress = Callable[..., None]

BATCH_SIZE = DEFAULTS.batch_size
ACK_CHUNK = 4096  # articles per inbox append in accept(): one fsync acknowledges them all


@dataclass
class IngestSummary:
    """What one ingest did. `articles_per_s` counts every article processed (new + duplicate)."""

    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    stored: int = 0  # rows written to the store during this call (includes replayed records)

    @property
    def processed(self) -> int:
        return self.accepted + self.duplicates

    @property
    def articles_per_s(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates,
                "rejected": self.rejected, "reasons": dict(self.reasons),
                "elapsed": round(self.elapsed, 3), "stored": self.stored,
                "articles_per_s": round(self.articles_per_s, 1)}


def read_paths(paths: Iterable[Path], parse_options: Any = None, max_bytes: int | None = None
               ) -> Iterator[Article | Reject]:
    """Files and folders → Articles and Rejects, streaming: what every ingest of paths reads
    (here, and `remote.Remote.ingest` when a running service owns the store)."""
    from wirewatch.sources.files import iter_documents

    kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
    for doc in iter_documents(paths, **kwargs):
        if isinstance(doc, Reject):
            yield doc
        else:
            yield from parse_safely(doc, parse_options)


def parse_safely(doc: RawDocument, parse_options: Any = None) -> Iterator[Article | Reject]:
    from wirewatch.parse import parse_document

    try:
        yield from parse_document(doc, parse_options)
    except Exception as exc:  # parse promises never to raise; be safe anyway
        log.exception("parser raised on %s", doc.origin)
        yield Reject(origin=doc.origin, reason="parse_error",
                     detail=f"{type(exc).__name__}: {exc}")


def default_analyzer(articles: list[Article], kb: Any = None) -> list[Analysis]:
    from wirewatch.analyze import analyze_batch

    return analyze_batch(articles, kb)


NOT_ANALYSED = "not analysed"


def no_analysis(articles: list[Article], kb: Any = None) -> list[Analysis]:
    """Store-only ingest (benchmarks, bulk loads): an empty analysis marked "not analysed",
    so a later re-analysis can find these articles (`list_contains(notes, 'not analysed')`)."""
    return [Analysis(article=a, notes=[NOT_ANALYSED]) for a in articles]


def _safe_analyze(analyzer: Analyzer, articles: list[Article], kb: Any) -> list[Analysis]:
    """Analyse a batch; an article whose analysis fails is stored with an empty analysis and a
    note (it was acknowledged, so it must be stored; bad input is data, not a crash)."""
    try:
        out = analyzer(articles, kb)
        if len(out) == len(articles):
            return out
        log.error("analyzer returned %d analyses for %d articles", len(out), len(articles))
    except Exception:
        log.exception("batch analysis failed; retrying one article at a time")
    results = []
    for article in articles:
        try:
            results.extend(analyzer([article], kb)[:1] or [Analysis(article=article)])
        except Exception as exc:  # noqa: BLE001 - recorded on the article, never fatal
            results.append(Analysis(article=article,
                                    notes=[f"analysis failed: {type(exc).__name__}: {exc}"]))
    return results


def _worker_init(warm: bool) -> None:
    """Worker initializer: ignore Ctrl-C (the parent decides: it drains and shuts the pool
    down) and build the spaCy pipeline once per process (when analysis is NLP)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not warm:
        return
    try:
        from wirewatch.analyze.pipeline import get_pipeline

        get_pipeline()
    except Exception:
        log.exception("could not warm the analysis pipeline in a worker")


def _worker_task(analyzer: Analyzer, articles: list[Article], kb: Any) -> list[Analysis]:
    return _safe_analyze(analyzer, articles, kb)


@dataclass
class _Pending:
    """One acknowledged batch on its way to the writer (inbox seqs first..last)."""

    first: int
    last: int
    articles: list[Article]
    futures: list[Future[list[Analysis]]] = field(default_factory=list)
    analyses: list[Analysis] | None = None
    # Near-duplicate copies (id → original id): stored, not analysed (link/linker.py).
    copies: dict[str, str] = field(default_factory=dict)

    @property
    def to_analyse(self) -> list[Article]:
        return [a for a in self.articles if a.id not in self.copies]


def attach_analytics(store: Store) -> None:
    """Keep the analytics aggregates in step with every stored batch (same transaction), and
    build them once for a store written before they existed."""
    from wirewatch.analytics import aggregates

    def build_if_missing(con: Any) -> None:
        if aggregates.needs_rebuild(con):
            log.info("building analytics aggregates for an existing store")
            aggregates.rebuild(con)

    if not store.read_only:
        store.batch_hooks.append(aggregates.hook)
        store.maintain(build_if_missing)


class LocalEngine:
    """One machine: parse in the calling thread, analyse in worker processes (when analysis is
    NLP), and store from the one writer thread (`self.commit`, engine/commit.py), so parsing
    the next batch overlaps writing this one. Every write of this engine — inbox batches,
    broker analyses, rejects, feed states — runs on that thread.

    `workers`: analysis processes; `analyze=False`: store-only (no NLP); `analyzer`: any
    picklable `f(articles, kb) -> list[Analysis]` (tests, alternative pipelines); `use_pool`:
    force the process pool on/off (default: on when analysis is real NLP); `link`: run the
    link step (near-duplicates, stories, merged events; see link/linker.py); `batch_size`:
    articles per inbox append / store transaction. Hooks: `on_ack` (called with
    [(seq, Article)] after the inbox fsync) and `on_stored` (called with the stored
    Analysis batch, from the writer thread).
    """

    def __init__(self, data_dir: str | Path, workers: int = DEFAULTS.workers,
                 parse_options: Any = None,
                 max_bytes: int | None = None, *, batch_size: int = BATCH_SIZE,
                 analyzer: Analyzer | None = None, kb: Any = None,
                 analyze: bool = True, use_pool: bool | None = None,
                 warm_pipeline: bool | None = None,
                 replay_on_open: bool = True, inbox_segment_bytes: int | None = None,
                 link: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.workers = max(0, int(workers))
        self.parse_options = parse_options
        self.max_bytes = max_bytes
        self.batch_size = max(1, int(batch_size))
        self.analyzer: Analyzer = analyzer or (default_analyzer if analyze else no_analysis)
        self.kb = kb
        self.knowledge: KnowledgeBase | None = None  # grows from the stream when kb is None
        self._kb_lock = threading.Lock()
        self._kb_snapshot: dict[str, Any] | None = None
        self._kb_generation = 0  # moves whenever the KB learns (kb_state, for the broker)
        # the default analyzer is spaCy NLP: worth a process pool and a warm pipeline
        heavy = analyze and analyzer is None
        self.use_pool = (self.workers > 0 and heavy) if use_pool is None else bool(use_pool)
        self.warm_pipeline = heavy if warm_pipeline is None else warm_pipeline
        self.on_ack: list[OnAck] = []

        self.store = Store(self.data_dir)
        # The link step is opened on first use (`_ensure_linker`): importing it (spaCy,
        # datasketch) and rebuilding its memory takes seconds, and the service must open its
        # port at once and do that in the background, with the replay.
        self.linker: Any = None
        self._want_link = link
        self._linker_lock = threading.Lock()
        attach_analytics(self.store)
        if kb is None and analyze:
            self.knowledge = KnowledgeBase.from_rows(self.store.kb_rows())
        from wirewatch import corrections

        corrections.attach(self)  # re-applied on every write; the KB's analyst pins
        inbox_kwargs = {"segment_bytes": inbox_segment_bytes} if inbox_segment_bytes else {}
        self.inbox = Inbox(self.data_dir / "inbox", **inbox_kwargs)
        self._lock = threading.RLock()
        self._pool: ProcessPoolExecutor | None = None
        # The one writer. Its queue holds acknowledged batches in inbox order (bounded).
        self.commit = Committer(self.store, max_pending=2 + (2 * self.workers if self.use_pool
                                                             else 0),
                                learn=self._learn, link=self._link_batch)
        self.on_stored: list[OnStored] = self.commit.on_stored
        self._writer_error: BaseException | None = None
        self._ids_lock = threading.Lock()
        self._inflight: set[str] = set()  # acknowledged, not yet stored
        self._written = self.store.checkpoint()
        self.inbox.ensure_floor(self._written)
        # Replay progress (`backlog()`): the highest seq acknowledged here or seen in the inbox,
        # articles stored by replay() so far, and whether a replay is running.
        self._last_acked = self.inbox.last_seq()
        self.replayed_total = 0
        self._replaying = False
        self._replay_from = 0  # stored total when the running replay began
        self._progress_lock = threading.Lock()
        self._closing = False
        if replay_on_open:
            self._ensure_linker()
        self.replayed = self.replay() if replay_on_open else 0

    # -- public ------------------------------------------------------------------------------

    def ingest(self, sources: Iterable[Any] | str | Path,
               progress: Progress | None = None, on_ack: OnAck | None = None
               ) -> IngestSummary:
        """Ingest paths (files/folders), RawDocuments, Articles or Rejects, in any mix.
        Returns when everything accepted is stored. `on_ack` is called, like the engine's
        `on_ack` hooks, for this call's batches only (after their inbox fsync)."""
        with self._lock:
            self._check_writer()
            self._ensure_linker()
            summary = IngestSummary()
            started = time.perf_counter()
            stored_before = self._stored_total
            seen: set[str] = set()
            batch: list[Article] = []
            rejects: list[Reject] = []
            reject_writes: list[Future[int]] = []
            for item in self._items(sources):
                if isinstance(item, Reject):
                    rejects.append(item)
                    summary.rejected += 1
                    summary.reasons[item.reason] += 1
                    if len(rejects) >= self.batch_size:
                        reject_writes.append(self.commit.submit(self.store.record_rejects,
                                                                rejects))
                        rejects = []
                    continue
                batch.append(item)
                if len(batch) >= self.batch_size:
                    self._accept(batch, summary, seen, on_ack)
                    batch = []
                    summary.stored = self._stored_total - stored_before
                    self._report(progress, summary, started)
            if rejects:
                reject_writes.append(self.commit.submit(self.store.record_rejects, rejects))
            if batch:
                self._accept(batch, summary, seen, on_ack)
            self._drain()
            for written in reject_writes:
                written.result()
            summary.stored = self._stored_total - stored_before
            summary.elapsed = time.perf_counter() - started
            self._report(progress, summary, started)
            self.inbox.compact(self._written)
            return summary

    def submit(self, articles: Iterable[Article], on_ack: OnAck | None = None
               ) -> IngestSummary:
        """Store already-parsed articles; returns once stored."""
        return self.ingest(list(articles), on_ack=on_ack)

    def accept(self, sources: Iterable[Any] | str | Path, on_ack: OnAck | None = None
               ) -> IngestSummary:
        """Only the first half of `ingest`: parse, drop duplicates and append to the inbox
        (the acknowledgement); `replay()` stores the records later, in inbox order. Returns
        as soon as everything new is durable. Why: the service answers a push once it is in
        the inbox, without waiting for analysis (engine/intake.py); takes no engine lock, so
        it runs while a replay holds one. Rejects are handed to the writer, not waited for."""
        summary = IngestSummary()
        started = time.perf_counter()
        seen: set[str] = set()
        batch: list[Article] = []
        rejects: list[Reject] = []
        for item in self._items(sources):
            if isinstance(item, Reject):
                rejects.append(item)
                summary.rejected += 1
                summary.reasons[item.reason] += 1
            else:
                batch.append(item)
                if len(batch) >= ACK_CHUNK:
                    self._ack(batch, summary, seen, on_ack)
                    batch = []
        if batch:
            self._ack(batch, summary, seen, on_ack)
        if rejects:
            self.record_rejects(rejects, wait=False)
        summary.elapsed = time.perf_counter() - started
        return summary

    def backlog(self) -> dict[str, Any]:
        """Replay progress for /health and /metrics: `pending` = acknowledged here (or found
        in the inbox at open or by a replay) and not yet stored; `replayed` = stored by
        replay() since open; `replaying` = a replay is running. Cheap: no I/O."""
        with self._progress_lock:
            replaying = self._replaying
            replayed = self.replayed_total + (
                self._stored_total - self._replay_from if replaying else 0)
        return {"pending": max(0, self._last_acked - self._written),
                "replayed": replayed, "replaying": replaying}

    def record_rejects(self, rejects: Iterable[Reject], wait: bool = True) -> int:
        """Store rejected inputs (on the writer thread); returns how many. `wait=False`:
        queue them without waiting (they never wait for room behind queued batches)."""
        items = list(rejects)
        if not items:
            return 0
        if not wait:
            self.commit.submit(self.store.record_rejects, items, bounded=False)
            return len(items)
        return self.commit.run(self.store.record_rejects, items, bounded=False)

    def put_feed_state(self, state: FeedState, wait: bool = True) -> None:
        """Remember a feed's state (on the writer thread); `wait=False`: queue it only."""
        future = self.commit.submit(self.store.put_feed_state, state, bounded=False)
        if wait:
            future.result()

    def ingest_feed(self, url: str, allow_private: bool = False,
                    progress: Progress | None = None) -> IngestSummary:
        """Poll one feed with its remembered state (conditional GET), ingest the items, and
        remember the new state."""
        from wirewatch.sources.feeds import FeedFetcher

        def known(link: str) -> bool:
            return bool(canonical_url(link)) and bool(
                self.store.known_ids([article_id(link, None)]))

        with self._lock:
            state = self.store.get_feed_state(url) or FeedState(url=url)
            poll = FeedFetcher(allow_private=allow_private).poll(url, state, known=known)
            summary = self.ingest([*poll.rejects, *poll.documents], progress=progress)
            poll.state.articles_accepted = (poll.state.articles_accepted or 0) + summary.accepted
            self.put_feed_state(poll.state)
            return summary

    def replay(self) -> int:
        """Store inbox records past the checkpoint (after a crash, after a failed write, or
        appended by another process while we own the store). Cheap when there is nothing to
        do. Returns how many articles were newly stored."""
        with self._lock:
            if self._closing:
                return 0
            self._ensure_linker()
            self._drain(raise_error=False)
            if self._writer_error is not None:  # retry from what is durably stored
                self.commit.run(self._reset_after_error)
            last = self.inbox.last_seq()
            self._last_acked = max(self._last_acked, last)
            if last <= self._written:
                return 0
            log.info("replaying inbox records %d..%d", self._written + 1, last)
            before = self._stored_total
            with self._progress_lock:
                self._replaying, self._replay_from = True, before
            try:
                for records in self.inbox.read(after=self._written, until=last,
                                               batch_size=self.batch_size):
                    if self._closing:  # the rest stays in the inbox for the next start
                        break
                    arts = [a for _, a in records]
                    with self._ids_lock:
                        self._inflight.update(a.id for a in arts)
                    self._dispatch(_Pending(records[0][0], records[-1][0], arts))
                self._drain()
            finally:
                with self._progress_lock:
                    self._replaying = False
                    self.replayed_total += self._stored_total - before
            self.inbox.compact(self._written)
            return self._stored_total - before

    def store_analyses(self, analyses: list[Analysis], rejects: Iterable[Reject] = (),
                       timeout: float | None = None) -> list[str]:
        """Store analyses made elsewhere (the broker path, engine/distributed.py) on the writer
        thread with the same steps as inbox batches (`Committer.store_batch`), but no inbox:
        the broker is the durable acknowledgement. Delivery there is at-least-once; ids
        already stored are dropped. Returns once committed, with the ids newly stored."""
        rejects = list(rejects)
        if analyses:
            self._ensure_linker()

        def job() -> list[str]:
            if rejects:
                self.store.record_rejects(rejects)
            if not analyses:
                return []
            return sorted(an.article.id for an in self.commit.store_batch(analyses))

        return self.commit.run(job, timeout=timeout)

    @property
    def _stored_total(self) -> int:
        return self.commit.stored_total

    def close(self) -> None:
        """Stop: a running replay stops after its current batch, analyses in flight are
        abandoned (their batches, unstored, stay in the inbox for the next open), what is
        analysed is stored; then the store closes."""
        self._closing = True
        if self._pool is not None:
            self._stop_pool(self._pool)
        with self._lock:
            try:
                self._drain(raise_error=False)
            finally:
                self.commit.close()
                if self._pool is not None:
                    self._stop_pool(self._pool)
                    self._pool = None
                self.inbox.close()
                self.store.close()

    @staticmethod
    def _stop_pool(pool: ProcessPoolExecutor) -> None:
        """Stop the analysis workers now, rather than wait minutes for a batch in flight: on
        close its batch is left to the inbox (ProcessPoolExecutor has no public way to stop
        running workers before Python 3.14)."""
        processes = getattr(pool, "_processes", None)
        workers = list(processes.values()) if isinstance(processes, dict) else []
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join(5)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the pipeline ------------------------------------------------------------------------

    def _items(self, sources: Iterable[Any] | str | Path) -> Iterator[Article | Reject]:
        """Flatten the input into Articles and Rejects, streaming (paths go through sources
        and parse; runs of consecutive paths are handed to `iter_documents` together)."""
        if isinstance(sources, (str, Path, RawDocument, Article, Reject)):
            sources = [sources]
        paths: list[Path] = []
        for item in sources:
            if isinstance(item, (str, Path)):
                paths.append(Path(item))
                continue
            if paths:
                yield from self._from_paths(paths)
                paths = []
            if isinstance(item, (Article, Reject)):
                yield item
            elif isinstance(item, RawDocument):
                yield from self._parse(item)
            else:
                yield Reject(origin=repr(item)[:200], reason="unsupported_input",
                             detail=f"cannot ingest a {type(item).__name__}")
        if paths:
            yield from self._from_paths(paths)

    def _from_paths(self, paths: list[Path]) -> Iterator[Article | Reject]:
        return read_paths(paths, self.parse_options, self.max_bytes)

    def _parse(self, doc: RawDocument) -> Iterator[Article | Reject]:
        return parse_safely(doc, self.parse_options)

    def _accept(self, batch: list[Article], summary: IngestSummary, seen: set[str],
                on_ack: OnAck | None = None) -> None:
        """Drop duplicates, append the rest to the inbox (the ack), hand them to analysis."""
        acked = self._ack(batch, summary, seen, on_ack)
        if acked:
            self._dispatch(_Pending(acked[0][0], acked[-1][0], [a for _, a in acked]))

    def _ack(self, batch: list[Article], summary: IngestSummary, seen: set[str],
             on_ack: OnAck | None = None) -> list[tuple[int, Article]]:
        """Drop duplicates, append the rest to the inbox in one fsync: the acknowledgement.
        Returns [(seq, article)] appended (marked in flight until stored)."""
        fresh: list[Article] = []
        with self._ids_lock:  # claimed in flight at once: two callers never ack one id twice
            for article in batch:
                if article.id in seen or article.id in self._inflight:
                    summary.duplicates += 1
                    continue
                seen.add(article.id)
                fresh.append(article)
            self._inflight.update(a.id for a in fresh)
        try:
            known = self.store.known_ids(a.id for a in fresh)
            if known:
                summary.duplicates += len(known)
                with self._ids_lock:
                    self._inflight.difference_update(known)
                fresh = [a for a in fresh if a.id not in known]
            seqs = self.inbox.append(fresh)
        except BaseException:
            with self._ids_lock:
                self._inflight.difference_update(a.id for a in fresh)
            raise
        if not fresh:
            return []
        self._last_acked = max(self._last_acked, seqs[-1])
        summary.accepted += len(fresh)
        acked = list(zip(seqs, fresh, strict=True))
        for callback in [*self.on_ack, *([on_ack] if on_ack else [])]:
            callback(acked)
        return acked

    def _open_linker(self) -> None:
        """(Re)build the link step's memory from the store (on open, after a failed write)."""
        if self.linker is None:
            return
        cur = self.store.reader.cursor()
        try:
            self.linker.open(cur)
        finally:
            cur.close()

    def _dispatch(self, pending: _Pending) -> None:
        """Start the batch's analysis (worker processes, or here) and queue it for the writer;
        blocks while the queue is full, which bounds memory. Near-duplicate copies are found
        first and not analysed (they reuse their original's analysis)."""
        if self.linker is not None:
            pending.copies = {cid: orig for cid, (orig, _) in
                              self.linker.screen(pending.articles).items()}
        todo = pending.to_analyse
        if not todo:
            pending.analyses = []
        elif self.use_pool:
            size = max(16, math.ceil(len(todo) / max(1, self.workers)))
            for attempt in (1, 2):
                pool = self._get_pool()
                kb = self._current_kb()
                try:
                    pending.futures = [pool.submit(_worker_task, self.analyzer,
                                                   todo[i:i + size], kb)
                                       for i in range(0, len(todo), size)]
                    break
                except BrokenProcessPool:  # a worker died (e.g. killed): start a fresh pool
                    log.warning("analysis worker pool broke; restarting it")
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
                    if attempt == 2:
                        raise
        else:
            pending.analyses = _safe_analyze(self.analyzer, todo, self._current_kb())
        self.commit.submit(self._write_job, pending)
        self._check_writer()

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, self.workers), mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init, initargs=(self.warm_pipeline,))
        return self._pool

    def _drain(self, raise_error: bool = True) -> None:
        """Wait until the writer has stored every queued batch."""
        self.commit.join()
        if raise_error:
            self._check_writer()

    def _check_writer(self) -> None:
        if self._writer_error is not None:
            error = self._writer_error
            self.commit.run(self._reset_after_error)
            raise RuntimeError(
                f"storing a batch failed ({type(error).__name__}: {error}); the acknowledged "
                "articles are safe in the inbox and will be stored by replay()") from error

    def _ensure_linker(self) -> None:
        """Build the link step and its memory, once, before the first batch is screened or
        stored (`ingest`, `replay`, `store_analyses` call it)."""
        if not self._want_link or self.linker is not None:
            return
        with self._linker_lock:
            if self.linker is None:
                from wirewatch.link.linker import Linker

                linker = Linker()
                cur = self.store.reader.cursor()
                try:
                    linker.open(cur)
                finally:
                    cur.close()
                self.linker = linker

    def _link_batch(self, con: Any, analyses: list[Analysis]) -> bool:
        """The link step inside `Store.write`'s transaction (nothing when it is off); True
        when it wrote analysis rows of the batch (`Linker.link`)."""
        return self.linker is not None and self.linker.link(con, analyses)

    def _reset_after_error(self) -> None:
        """On the writer thread: forget in-memory state a failed write may have spoiled."""
        self._writer_error = None
        self._open_linker()
        self._written = self.store.checkpoint()
        with self._ids_lock:
            self._inflight.clear()

    def _write_job(self, pending: _Pending) -> None:
        """On the writer thread: store one acknowledged batch, strictly in inbox order. After
        a failure it stores nothing more (the checkpoint must not pass the failed batch) until
        replay()."""
        if self._writer_error is not None or self._closing:
            return  # closing: the rest stays in the inbox, the checkpoint before it
        try:
            self._write(pending)
        except BaseException as exc:  # noqa: BLE001 - reported to the ingesting thread
            if self._closing:
                log.info("closing: inbox records %d..%d left for the next start",
                         pending.first, pending.last)
            else:
                log.exception("writer failed on inbox records %d..%d", pending.first,
                              pending.last)
            self._writer_error = exc

    def _write(self, pending: _Pending) -> None:
        analyses = pending.analyses
        if analyses is None:
            analyses = []
            todo = pending.to_analyse
            size = math.ceil(len(todo) / len(pending.futures))
            for i, future in enumerate(pending.futures):
                try:
                    analyses.extend(future.result())
                except Exception:
                    if self._closing:  # close() stopped the workers: leave it to the inbox
                        raise
                    log.exception("worker failed; analysing that batch in-process")
                    chunk = todo[i * size:(i + 1) * size]
                    analyses.extend(_safe_analyze(self.analyzer, chunk, self._current_kb()))
        if pending.first > self._written + 1:
            self._fill_gap(pending.first - 1)
        if pending.copies:
            from wirewatch.link.linker import DUPLICATE_NOTE

            analyses = analyses + [
                Analysis(article=a, notes=[f"{DUPLICATE_NOTE}{pending.copies[a.id]}"])
                for a in pending.articles if a.id in pending.copies]
        written = {an.article.id for an in self.commit.store_batch(analyses, pending.last)}
        if self.linker is not None:
            self.linker.forget([a.id for a in pending.articles if a.id not in written])
        self._written = max(self._written, pending.last)
        with self._ids_lock:
            self._inflight.difference_update(a.id for a in pending.articles)

    def _current_kb(self) -> Any:
        """What analysis gets as `kb`: the fixed one given, else a snapshot of the knowledge
        learned so far (rebuilt only after the KB changed)."""
        if self.knowledge is None:
            return self.kb
        with self._kb_lock:
            if self._kb_snapshot is None:
                self._kb_snapshot = self.knowledge.snapshot()
            return self._kb_snapshot

    def kb_state(self) -> tuple[int, dict[str, Any] | None]:
        """(generation, snapshot) of what analysis gets as `kb`: the generation moves whenever
        the KB learns, so the broker path (engine/distributed.py) republishes the snapshot to
        the workers only when it changed. Safe from any thread."""
        if self.knowledge is None:
            return 0, self.kb
        with self._kb_lock:
            if self._kb_snapshot is None:
                self._kb_snapshot = self.knowledge.snapshot()
            return self._kb_generation, self._kb_snapshot

    def reanalyze(self, since: Any = None, ids: Iterable[str] | None = None,
                  progress: Progress | None = None) -> int:
        """Recode stored articles (published or, undated, fetched on/after `since`, or the
        given `ids`; all when neither) with the current analyzer, model and KB, and replace
        their analysis rows (`Store.write(replace=True)`: aggregates move by -old/+new in the
        same transaction, and `corrections.amend` re-applies the analysts' corrections there
        before anything is counted). The link step re-files their events under merged events
        and their terms in their stories there too (`Linker.relink`); near-duplicate copies
        keep their original's rows. Returns how many articles were recoded."""
        from functools import partial

        from wirewatch import params as params_mod

        where, args = ["id NOT IN (SELECT article_id FROM article_links)"], []
        if since is not None:
            where.append("coalesce(published_at, fetched_at) >= ?")
            args.append(params_mod.when(since, "since"))
        chosen = None if ids is None else list(ids)
        if chosen is not None:
            where.append("id IN (SELECT unnest(CAST(? AS VARCHAR[])))")
            args.append(chosen)
        sql = f"SELECT * FROM articles WHERE {' AND '.join(where)} ORDER BY rowid"
        done = 0
        self._ensure_linker()
        relink = None if self.linker is None else partial(self.linker.relink,
                                                         hooks=self.store.batch_hooks)
        with self._lock:
            self._drain()
            cur = self.store.reader.cursor()
            try:
                result = cur.execute(sql, args)
                names = [d[0] for d in result.description]
                while rows := result.fetchmany(self.batch_size):
                    arts = [Article.from_dict(dict(zip(names, r, strict=True))) for r in rows]
                    analyses = _safe_analyze(self.analyzer, arts, self._current_kb())
                    self.commit.run(lambda a=analyses: self.store.write(a, None, True,
                                                                        relink=relink))
                    done += len(arts)
                    if progress is not None:
                        progress(done)
            finally:
                cur.close()
                if relink is not None:  # the link step's memory as a fresh open builds it
                    self.commit.run(self._open_linker)
        return done

    def teach_kb(self, fn: Callable[[KnowledgeBase], Any]
                 ) -> tuple[list[str], list[dict[str, Any]]] | None:
        """Change the KB outside a batch (analyst corrections, corrections.py): `fn(kb)` under
        the KB lock; the snapshot is rebuilt and the generation moves. Returns the rows to
        persist (None without a learning KB)."""
        if self.knowledge is None:
            return None
        with self._kb_lock:
            fn(self.knowledge)
            self._kb_snapshot = None
            self._kb_generation += 1
            return self.knowledge.take_changed_rows()

    def reopen_linker(self) -> None:
        """Rebuild the link step's memory from the store (after corrections moved merged
        events). On the writer thread."""
        self._open_linker()

    def _learn(self, analyses: list[Analysis]) -> tuple[list[str], list[dict[str, Any]]] | None:
        """Teach the KB from a batch about to be stored; returns the rows to persist with it."""
        if self.knowledge is None:
            return None
        with self._kb_lock:
            learned = sum(self.knowledge.learn(an) for an in analyses)
            if learned:
                self._kb_snapshot = None
                self._kb_generation += 1
            return self.knowledge.take_changed_rows()

    def _fill_gap(self, until: int) -> None:
        """Records another process appended between ours: store them first (in-process), so
        the checkpoint never jumps over an unstored record."""
        for records in self.inbox.read(after=self._written, until=until,
                                       batch_size=self.batch_size):
            analyses = _safe_analyze(self.analyzer, [a for _, a in records], self._current_kb())
            self.commit.store_batch(analyses, records[-1][0])
        self._written = max(self._written, until)

    @staticmethod
    def _report(progress: Progress | None, summary: IngestSummary, started: float) -> None:
        if progress is None:
            return
        detail = (f"{summary.accepted:,} new, {summary.duplicates:,} duplicate, "
                  f"{summary.rejected:,} rejected")
        try:
            progress(summary.processed, detail=detail, summary=summary,
                     elapsed=time.perf_counter() - started)
        except Exception:
            log.exception("progress callback failed")

