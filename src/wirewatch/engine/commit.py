"""The one writer: the thread that writes to the store, and the steps of storing a batch.

Why one thread for every write (DESIGN rule 3): DuckDB writes from one connection, exactly-once
ingest needs batches checkpointed in inbox order, and the link step and the KB keep memory that
must see batches one at a time. So every write — inbox batches, analyses from the broker,
rejects, feed states — is a function handed to `Committer.submit`, run in arrival order on
one thread; nothing else calls the store's write methods while an engine is open. Callers
that need the result wait on the returned Future (`Committer.run`).

`Committer.store_batch` is the sequence every analysed batch goes through, whatever its
source: drop ids already stored (so the KB learns each article once) → teach the KB →
`Store.write(link=…)` (rows, link step, aggregates and checkpoint in one transaction) →
`on_stored` hooks (SSE, alerts) after the commit.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from wirewatch.engine import OnStored
from wirewatch.model import Analysis
from wirewatch.store.writer import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
KbChanges = tuple[list[str], list[dict[str, Any]]]
Learn = Callable[[list[Analysis]], KbChanges | None]
LinkStep = Callable[[Any, list[Analysis]], bool | None]  # True: it wrote analysis rows

_STOP = object()


class Committer:
    """Runs write jobs in order on one thread (started on first use).

    `max_pending` bounds the queue: a caller blocks while it is full, which bounds memory
    (acknowledged batches wait here with their analyses). `learn` and `link` are the engine's
    KB and link steps; `on_stored` callbacks run after each commit, on this thread.
    """

    def __init__(self, store: Store, *, max_pending: int = 0, learn: Learn | None = None,
                 link: LinkStep | None = None) -> None:
        self.store = store
        self.learn = learn
        self.link = link
        self.on_stored: list[OnStored] = []
        self.stored_total = 0
        # Batches take a slot of `max_pending` (so waiting analyses stay bounded); small jobs
        # (rejects, feed states) do not, so they never wait for room behind a backlog.
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._room = threading.Semaphore(max_pending) if max_pending > 0 else None
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    # -- handing work to the writer ----------------------------------------------------------

    def submit(self, fn: Callable[..., T], *args: Any, bounded: bool = True) -> Future[T]:
        """Queue `fn(*args)` for the writer thread; blocks while `max_pending` bounded jobs
        wait. `bounded=False`: a small job that never waits for room (it still runs in order)."""
        future: Future[T] = Future()
        if self.on_writer_thread():  # a job handing more work to itself: run it now
            _run(future, fn, args)
            return future
        self._ensure_thread()
        slot = bounded and self._room is not None
        if slot:
            self._room.acquire()  # type: ignore[union-attr]
        self._jobs.put((future, fn, args, slot))
        return future

    def run(self, fn: Callable[..., T], *args: Any, timeout: float | None = None,
            bounded: bool = True) -> T:
        """`fn(*args)` on the writer thread; returns its result (or raises its error)."""
        return self.submit(fn, *args, bounded=bounded).result(timeout)

    def join(self) -> None:
        """Wait until every job queued so far has run."""
        if self._thread is not None and not self.on_writer_thread():
            self._jobs.join()

    def on_writer_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        thread = self._thread
        if thread is not None and not self.on_writer_thread():
            self._jobs.put(_STOP)
            thread.join()
            self._thread = None

    @property
    def depth(self) -> int:
        return self._jobs.qsize()

    # -- the steps of storing one batch (run on the writer thread) ---------------------------

    def store_batch(self, analyses: Sequence[Analysis], inbox_seq: int | None = None
                    ) -> list[Analysis]:
        """Drop known ids → teach the KB → write (+ link, aggregates, checkpoint) → notify.
        Returns the analyses newly stored. With nothing new, only the checkpoint moves."""
        known = self.store.known_ids(an.article.id for an in analyses)
        fresh = [an for an in analyses if an.article.id not in known]
        changes = self.learn(fresh) if self.learn is not None and fresh else None
        written = set(self.store.write(fresh, inbox_seq, kb_changes=changes, link=self.link))
        done = [an for an in fresh if an.article.id in written]
        self.stored_total += len(written)
        for callback in self.on_stored if done else []:
            try:
                callback(done)
            except Exception:
                log.exception("on_stored callback failed")
        return done

    # -- the thread --------------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="wirewatch-writer",
                                                daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is _STOP:
                    return
                future, fn, args, slot = job
                try:
                    _run(future, fn, args)
                finally:
                    if slot:
                        self._room.release()  # type: ignore[union-attr]
            finally:
                self._jobs.task_done()


def _run(future: Future[Any], fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        future.set_result(fn(*args))
    except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
        future.set_exception(exc)
