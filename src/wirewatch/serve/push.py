"""Push path, auth and metrics for the HTTP API.

Why a separate module: app.py wires routes; the rules that decide what is accepted (token,
size, content type) live here; the SQL sandbox has its own module (sql.py) so tests and the CLI can reuse them.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from wirewatch.config import DEFAULTS, env_value

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

    def render(self, queue_depth: int, stored_rejects: dict[str, int]) -> str:
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
