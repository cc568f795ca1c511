"""Push path, auth and metrics for the HTTP API.

Why a separate module: app.py wires routes; the rules that decide what is accepted (token,
size, content type, how many articles, back-pressure) live here; the SQL sandbox has its own
module (sql.py) so tests and the CLI can reuse them.

`Pushes` is how `POST /articles` hands articles to the intake (engine/intake.py) without ever
holding a request thread while it waits: parsing runs in a worker thread, at most
`PARSE_SLOTS` pushes at once (so reads, which share the request threads, always find one
free), and the wait for the acknowledgement is an awaited future on the event loop. A push is
refused at once — 413 when it carries more than `max_push` articles, 429 + Retry-After when
the intake queue or the backlog is full — rather than held.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
from fastapi import HTTPException

from wirewatch.config import DEFAULTS, Settings, env_value
from wirewatch.engine import Engine
from wirewatch.engine.intake import PushJob
from wirewatch.model import Article, RawDocument, Reject

MAX_BODY = DEFAULTS.max_body

JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")
TEXT_TYPES = ("text/plain", "text/html", "application/xhtml+xml")


def load_token(data_dir: Path, log: Any = None, token: str | None = None) -> str:
    """`token` (the `token` setting), else $WIREWATCH_TOKEN, else <data>/token, else a new one
    written 0600 and logged once."""
    given = token or env_value("token")
    if given:
        return given.strip()
    path = Path(data_dir) / "token"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    if log is not None:
        log.warning("generated API token (stored in %s): %s", path, token)
    return token


class Metrics:
    """Counters and a latency histogram rendered as Prometheus text (no extra dependency)."""

    BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted = 0
        self.stored = 0
        self.events = 0
        self.rejects: Counter[str] = Counter()
        self.http_errors: Counter[int] = Counter()  # 4xx answers by status
        self.alerts = 0
        self.hist = [0] * (len(self.BUCKETS) + 1)
        self.lat_sum = 0.0
        self.lat_n = 0
        self.started = time.time()

    def observe(self, seconds: float) -> None:
        with self.lock:
            self.lat_sum += seconds
            self.lat_n += 1
            for i, b in enumerate(self.BUCKETS):
                if seconds <= b:
                    self.hist[i] += 1
                    break
            else:
                self.hist[-1] += 1

    def render(self, queue_depth: int, stored_rejects: dict[str, int],
               backlog: dict[str, Any] | None = None) -> str:
        """`backlog` (engine.backlog()): the inbox replay's progress, as gauges."""
        with self.lock:
            up = max(1e-9, time.time() - self.started)
            lines = [
                "# TYPE wirewatch_articles_accepted_total counter",
                f"wirewatch_articles_accepted_total {self.accepted}",
                "# TYPE wirewatch_articles_stored_total counter",
                f"wirewatch_articles_stored_total {self.stored}",
                "# TYPE wirewatch_events_stored_total counter",
                f"wirewatch_events_stored_total {self.events}",
                "# TYPE wirewatch_ingest_rate gauge",
                f"wirewatch_ingest_rate {self.stored / up:.4f}",
                "# TYPE wirewatch_queue_depth gauge",
                f"wirewatch_queue_depth {queue_depth}",
                "# TYPE wirewatch_inbox_pending gauge",
                f"wirewatch_inbox_pending {(backlog or {}).get('pending', 0)}",
                "# TYPE wirewatch_inbox_replayed_total counter",
                f"wirewatch_inbox_replayed_total {(backlog or {}).get('replayed', 0)}",
                "# TYPE wirewatch_inbox_replaying gauge",
                f"wirewatch_inbox_replaying {int(bool((backlog or {}).get('replaying')))}",
                "# TYPE wirewatch_analysis_latency_seconds histogram",
            ]
            cum = 0
            for b, n in zip(self.BUCKETS, self.hist, strict=False):
                cum += n
                lines.append(f'wirewatch_analysis_latency_seconds_bucket{{le="{b}"}} {cum}')
            lines.append(f'wirewatch_analysis_latency_seconds_bucket{{le="+Inf"}} {self.lat_n}')
            lines.append(f"wirewatch_analysis_latency_seconds_sum {self.lat_sum:.6f}")
            lines.append(f"wirewatch_analysis_latency_seconds_count {self.lat_n}")
            lines.append("# TYPE wirewatch_alerts_fired_total counter")
            lines.append(f"wirewatch_alerts_fired_total {self.alerts}")
            lines.append("# TYPE wirewatch_http_rejects_total counter")
            for status, n in sorted(self.http_errors.items()):
                lines.append(f'wirewatch_http_rejects_total{{status="{status}"}} {n}')
            lines.append("# TYPE wirewatch_rejects_total counter")
            reasons = Counter(stored_rejects)
            for reason, n in sorted(reasons.items()):
                lines.append(f'wirewatch_rejects_total{{reason="{reason}"}} {n}')
        return "\n".join(lines) + "\n"


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


PARSE_SLOTS = 4  # pushes parsed at once; the other request threads stay free for reads


class Pushes:
    """The way in for `POST /articles` (see the module docstring). `worker` is the service's
    intake (engine/intake.py), or None (no ingest: 503)."""

    def __init__(self, engine: Engine, worker: Any, settings: Settings) -> None:
        self.engine = engine
        self.worker = worker
        self.max_push = settings.max_push
        self.ack_timeout = settings.ack_timeout
        self.limiter = anyio.CapacityLimiter(PARSE_SLOTS)

    async def parse(self, data: bytes, kind: str, ctype: str
                    ) -> tuple[list[Article], list[Reject]]:
        """Check and parse a body in a worker thread (JSON is checked there too: a large
        body would stall the event loop). 400/422 for malformed input, 413 beyond max_push."""
        return await anyio.to_thread.run_sync(self._parse, data, kind, ctype,
                                              limiter=self.limiter)

    def _parse(self, data: bytes, kind: str, ctype: str) -> tuple[list[Article], list[Reject]]:
        if kind == "json":
            try:
                parsed = json.loads(data)
            except (ValueError, UnicodeDecodeError, RecursionError) as err:
                raise HTTPException(400, f"malformed JSON: {err}") from err
            if not isinstance(parsed, dict | list) or (isinstance(parsed, list) and not all(
                    isinstance(x, dict) for x in parsed)):
                raise HTTPException(422, "expected an object or an array of objects")
            self._check_count(len(parsed) if isinstance(parsed, list) else 1)
        elif kind == "jsonl":
            self._check_count(sum(1 for line in data.splitlines() if line.strip()))
        from wirewatch.parse import parse_document

        doc = RawDocument(data=data, origin="http", kind=kind, content_type=ctype)
        articles: list[Article] = []
        rejects: list[Reject] = []
        for item in parse_document(doc, self.engine.parse_options):
            (rejects if isinstance(item, Reject) else articles).append(item)
        self._check_count(len(articles))
        return articles, rejects

    def _check_count(self, n: int) -> None:
        if n > self.max_push:
            raise HTTPException(413, f"{n:,} articles in one request; at most {self.max_push:,}"
                                     " (the max_push setting): split the batch")

    async def hand_in(self, articles: list[Article], rejects: list[Reject]) -> None:
        """Queue the articles for the intake and wait, on the event loop, until they are in
        the durable inbox. 429 + Retry-After when the intake is full; 503 when not
        acknowledged within ack_timeout or the acknowledgement failed."""
        if self.worker is None:
            raise HTTPException(503, "no ingest worker")
        job = PushJob(articles, rejects)
        loop = asyncio.get_running_loop()
        acked: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            loop.call_soon_threadsafe(lambda: acked.done() or acked.set_result(None))

        if not self.worker.try_submit(job):
            if self.worker.jobs.full():
                raise HTTPException(429, "ingest queue full", headers={"Retry-After": "1"})
            raise HTTPException(429, "too many articles waiting to be stored (the max_pending "
                                "setting); retry later", headers={"Retry-After": "5"})
        job.add_done_callback(wake)
        try:
            await asyncio.wait_for(acked, self.ack_timeout)
        except TimeoutError as exc:
            raise HTTPException(503, "not acknowledged in time",
                                headers={"Retry-After": "5"}) from exc
        if job.error:
            raise HTTPException(503, f"ingest failed: {job.error}")
