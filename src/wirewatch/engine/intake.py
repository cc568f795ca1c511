"""The intake: one bounded queue in front of the engine for everything the service ingests
(pushes, feed items, the samples), and the store loop behind it.

Why two threads, and why the inbox between them. An article is acknowledged once it is in the
durable inbox (architecture.md, "Ingest path and exactly-once"); storing it means analysis and
the one writer, which can take minutes under load. When one thread did both, each push held a
request thread until its group was *stored*, 80 pushers starved every read of request threads,
and a 100,000-article push waited 89 s. So:

- the **intake thread** only acknowledges: it takes queued jobs in arrival order, merges the
  pushes that queued up meanwhile into one `engine.accept` (drop duplicates → one inbox append,
  one fsync: the 202 for every request in the group) and releases each request;
- the **store loop** stores what the inbox holds past the store's checkpoint
  (`engine.replay()`: screening, analysis workers, the one writer thread of engine/commit.py,
  strictly in inbox order). The same loop replays the inbox a crash left behind, in the
  background after start, so the port opens at once; and it finds records another process
  appended (polling every `POLL` seconds).

Back-pressure: `try_submit` (pushes) refuses when `max_queue` jobs wait or when the backlog —
articles acknowledged but not yet stored, plus those queued — would pass `max_pending`; the
service answers 429 with Retry-After. `submit` (samples, feeds) waits for room instead.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from wirewatch.config import DEFAULTS
from wirewatch.engine import Engine

log = logging.getLogger(__name__)

POLL = 2.0  # seconds between looks at the inbox for records another process appended
# The store loop's first turn (the start-up replay) waits this long, or until a job arrives:
# it imports and opens the link step (seconds of CPU under the GIL), which would otherwise
# slow the port's opening and the first answers.
START_DELAY = 1.0
RETRY_PAUSE = 5.0  # seconds before the store loop retries after a failed write

_NOTHING = object()


class PushJob:
    """Articles from one POST waiting for the intake thread. `done` is set once they are all
    acknowledged (in the durable inbox) or the attempt ended; `error` says why it failed.
    Callbacks added with `add_done_callback` run once, on the intake thread, when it is done
    (the HTTP route uses one to wake its event loop instead of holding a thread)."""

    def __init__(self, articles: list[Any], rejects: list[Any]) -> None:
        self.articles = articles
        self.rejects = rejects
        self.done = threading.Event()
        self.error: str | None = None
        self._callbacks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def add_done_callback(self, fn: Callable[[], None]) -> None:
        with self._lock:
            if not self.done.is_set():
                self._callbacks.append(fn)
                return
        fn()

    def finish(self, error: str | None = None) -> None:
        with self._lock:
            if self.done.is_set():
                return
            self.error = error
            self.done.set()
            callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            try:
                fn()
            except Exception:
                log.exception("push callback failed")


class Intake:
    """The intake thread and the store loop over one engine (see the module docstring)."""

    def __init__(self, engine: Engine, max_queue: int = DEFAULTS.max_queue,
                 max_group: int = DEFAULTS.max_group,
                 max_pending: int = DEFAULTS.max_pending) -> None:
        self.engine = engine
        self.max_group = max_group
        self.max_pending = max_pending
        self.jobs: queue.Queue[Callable[[], Any] | PushJob | None] = queue.Queue(max_queue)
        self.thread = threading.Thread(target=self._run, name="wirewatch-intake", daemon=True)
        self.store_thread = threading.Thread(target=self._store_loop, name="wirewatch-store",
                                             daemon=True)
        self.errors = 0
        self._queued_articles = 0
        self._count_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False

    def start(self) -> None:
        self.thread.start()
        self.store_thread.start()

    # -- handing work in ---------------------------------------------------------------------

    def submit(self, job: Callable[[], Any] | PushJob) -> None:
        """Queue a job, waiting for room (samples, feed items: nobody is waiting on them)."""
        self._count(job, +1)
        self.jobs.put(job)

    def try_submit(self, job: Callable[[], Any] | PushJob) -> bool:
        """Queue a job without waiting: False when the queue is full or a push would take the
        backlog past `max_pending` (→ 429)."""
        n = len(job.articles) if isinstance(job, PushJob) else 0
        with self._count_lock:
            if n and self.backlog() + self._queued_articles + n > self.max_pending:
                return False
            try:
                self.jobs.put_nowait(job)
            except queue.Full:
                return False
            self._queued_articles += n
        return True

    def backlog(self) -> int:
        """Articles acknowledged and not yet stored."""
        return int(self.engine.backlog()["pending"])

    @property
    def depth(self) -> int:
        return self.jobs.qsize()

    def progress(self) -> dict[str, Any]:
        """Queue depth and replay progress, for /health and /metrics."""
        return {"queue_depth": self.depth, "queued_articles": self._queued_articles,
                **self.engine.backlog()}

    # -- the intake thread -------------------------------------------------------------------

    def _count(self, job: Any, sign: int) -> None:
        if isinstance(job, PushJob):
            with self._count_lock:
                self._queued_articles += sign * len(job.articles)

    def _run(self) -> None:
        held: Any = _NOTHING
        while True:
            job, held = (self.jobs.get() if held is _NOTHING else held), _NOTHING
            if job is None:
                break
            if isinstance(job, PushJob):
                # group commit: pushes that queued up meanwhile are acknowledged together
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
                self._accept(group)
            else:
                try:
                    job()
                except Exception:  # a bad job must never stop the intake
                    self.errors += 1
                    log.exception("ingest job failed")
            self._wake.set()

    def _accept(self, group: list[PushJob]) -> None:
        error: str | None = None
        try:
            rejects = [r for j in group for r in j.rejects]
            if rejects:
                self.engine.record_rejects(rejects, wait=False)
            self.engine.accept([a for j in group for a in j.articles])
        except Exception as exc:  # noqa: BLE001 - reported to every request
            self.errors += 1
            log.exception("acknowledging %d pushes failed", len(group))
            error = repr(exc)
        finally:
            for j in group:
                self._count(j, -1)
                j.finish(error)

    # -- the store loop ----------------------------------------------------------------------

    def _store_loop(self) -> None:
        self._wake.wait(START_DELAY)  # then the first turn: the start-up replay
        while not self._stopping:
            self._wake.clear()
            try:
                self.engine.replay()
            except Exception:  # the records stay in the inbox; try again in a while
                self.errors += 1
                log.exception("storing acknowledged articles failed; retrying in %.0f s",
                              RETRY_PAUSE)
                self._wake.wait(RETRY_PAUSE)
                continue
            self._wake.wait(POLL)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop taking jobs (those queued are acknowledged first) and stop the store loop;
        what is acknowledged and not stored stays in the inbox (engine.close() ends a
        running replay after its batch; the next start replays the rest)."""
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout)
        self._stopping = True
        self._wake.set()
        if self.store_thread.is_alive():
            self.store_thread.join(0.5)
