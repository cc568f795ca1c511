"""A failing feed is feed health, not an article reject: it is logged once, backs off
exponentially (capped), recovers, and `/feeds` shows its health. Against a real HTTP server on
127.0.0.1 that fails a set number of times and then serves a real feed (the guard against
private addresses is switched off with allow_private / --allow-private, as for intranet feeds).
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from _http import free_port, reply, running, serve_process, stop
from wirewatch.model import FeedState
from wirewatch.sources.feeds import FeedFetcher, FeedPoller

RSS = (Path(__file__).parents[1] / "fixtures" / "feeds" / "full.rss").read_bytes()


class Flaky(BaseHTTPRequestHandler):
    """/feed.rss answers 503 while `server.failures_left` > 0, then the feed."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        server = self.server
        server.hits.append(time.monotonic())  # type: ignore[attr-defined]
        with server.lock:  # type: ignore[attr-defined]
            failing = server.failures_left > 0  # type: ignore[attr-defined]
            if failing:
                server.failures_left -= 1  # type: ignore[attr-defined]
        status, body, ctype = ((503, b"down for maintenance", "text/plain") if failing
                               else (200, RSS, "application/rss+xml"))
        reply(self, status, body, ctype)


@pytest.fixture()
def flaky() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    httpd.daemon_threads = True
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/feed.rss"  # type: ignore[attr-defined]
    httpd.hits = []  # type: ignore[attr-defined]
    httpd.lock = threading.Lock()  # type: ignore[attr-defined]
    httpd.failures_left = 3  # type: ignore[attr-defined]
    with running(httpd):
        yield httpd


def _until(predicate, timeout: float, proc: subprocess.Popen | None = None) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_failing_feed_backs_off_logs_once_and_recovers(
        flaky: ThreadingHTTPServer, caplog: pytest.LogCaptureFixture) -> None:
    url = flaky.url  # type: ignore[attr-defined]
    rejects: list = []
    saved: list[FeedState] = []
    delivered: list[str] = []
    poller = FeedPoller([url], interval=0.2, jitter=0.0, max_backoff=0.8,
                        fetcher=FeedFetcher(allow_private=True, timeout=2.0),
                        on_rejects=rejects.extend, save_state=saved.append,
                        on_documents=lambda docs, feed: delivered.append(feed))
    caplog.set_level(logging.DEBUG, logger="wirewatch.sources.feeds")

    def health() -> dict:
        return poller.health()[0]

    poller.start()
    try:
        assert _until(lambda: health()["consecutive_failures"] == 2
                      and health()["next_attempt"] is not None, 5.0), health()
        failing = health()
        assert _until(lambda: health()["status"] == "ok", 10.0), health()
        recovered = health()
    finally:
        assert poller.stop(timeout=3.0)

    # while failing: the error, the count and a next attempt in the future
    assert failing["status"] == "error" and failing["last_ok"] is None
    assert failing["last_error"].startswith("http_error: HTTP 503")
    assert datetime.fromisoformat(failing["next_attempt"]) > \
        datetime.fromisoformat(failing["last_error_at"])
    # recovered: the failure count resets, the last error and its time stay visible
    assert recovered["consecutive_failures"] == 0 and recovered["error"] is None
    assert recovered["last_error"] == failing["last_error"]
    assert recovered["last_ok"] and recovered["last_ok"] > recovered["last_error_at"]
    assert delivered == [url]

    # exponential back-off, capped: 0.4 s, 0.8 s, then 0.8 s again (1.6 s capped at 0.8 s)
    hits = flaky.hits  # type: ignore[attr-defined]
    gaps = [b - a for a, b in zip(hits, hits[1:], strict=False)][:3]
    assert len(gaps) == 3, hits
    for gap, expected in zip(gaps, (0.4, 0.8, 0.8), strict=True):
        assert expected - 0.05 <= gap <= expected + 0.6, gaps

    # feed failures are feed health: no reject, one warning for three failures, one recovery
    assert rejects == []
    assert [s.status for s in saved] == ["error", "error", "error", "ok"]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and url in warnings[0].getMessage()
    assert any("recovered after 3 failed polls" in r.getMessage() for r in caplog.records)


def test_serve_feeds_route_shows_health_and_no_rejects(flaky: ThreadingHTTPServer,
                                                       tmp_path: Path) -> None:
    """`wirewatch serve` as started by a user: the failing feed's health in `/feeds`, logged
    once, no rejects; then it recovers."""
    url = flaky.url  # type: ignore[attr-defined]
    flaky.failures_left = 4  # type: ignore[attr-defined]
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head>'
                    f'<body><outline type="rss" text="Flaky" xmlUrl="{url}"/></body></opml>',
                    encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = serve_process(tmp_path / "data", port, "--feeds", str(opml), "--allow-private",
                             "--no-samples", "--poll-interval", "0.5", "--workers", "1", log=log)
        try:
            def feed() -> dict:
                try:
                    return httpx.get(f"{base}/feeds", timeout=2).json()["feeds"][0]
                except (httpx.HTTPError, IndexError, KeyError):
                    return {}

            assert _until(lambda: feed().get("consecutive_failures", 0) >= 2, 120.0, proc), \
                log_path.read_text(errors="replace")[-3000:]
            failing = feed()
            assert failing["url"] == url and failing["status"] == "error"
            assert failing["last_error"].startswith("http_error") and failing["next_attempt"]
            assert _until(lambda: feed().get("status") == "ok", 60.0, proc), feed()
            recovered = feed()
            assert recovered["consecutive_failures"] == 0 and recovered["last_ok"]
            assert recovered["last_error"].startswith("http_error")
            assert httpx.get(f"{base}/rejects", timeout=5).json()["rejects"] == []
        finally:
            stop(proc)
    text = log_path.read_text(errors="replace")
    failing_lines = [ln for ln in text.splitlines() if "WARNING" in ln and url in ln]
    assert len(failing_lines) == 1, failing_lines
