"""`wirewatch serve` as a user starts it: a real process on 127.0.0.1, real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from _http import stop


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def service(tmp_path: Path):  # noqa: ANN201
    dead_port = _free_port()  # nothing listens here: the feed is unreachable
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        f'<outline type="rss" text="Dead feed" xmlUrl="http://127.0.0.1:{dead_port}/rss"/>'
        '<outline type="rss" text="Private feed" xmlUrl="http://10.255.255.1/rss"/>'
        "</body></opml>", encoding="utf-8")
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirewatch.cli", "serve", "--data", str(tmp_path / "data"),
         "--port", str(port), "--feeds", str(opml), "--workers", "1"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, proc, tmp_path / "serve.log"
    finally:
        stop(proc)
        log.close()


def _wait(predicate, timeout: float, proc: subprocess.Popen | None = None) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        try:
            if predicate():
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def test_first_start_loads_samples_and_reports_feed_health(service) -> None:  # noqa: ANN001
    base, proc, log_path = service
    sample_count = sum(1 for _ in Path(__file__).resolve().parents[2].joinpath(
        "src/wirewatch/data/samples").glob("*.txt"))
    assert _wait(lambda: httpx.get(f"{base}/health", timeout=2).json()["articles"]
                 >= sample_count, 240, proc), log_path.read_text(errors="replace")[-3000:]
    health = httpx.get(f"{base}/health", timeout=5).json()
    assert health["status"] == "ok"

    listing = httpx.get(f"{base}/articles", params={"limit": 5}, timeout=5).json()
    assert listing["count"] == 5
    first = listing["articles"][0]
    assert first["title"] and first["id"]

    def feeds_failed() -> bool:
        feeds = httpx.get(f"{base}/feeds", timeout=5).json()["feeds"]
        return len(feeds) == 2 and all(f["status"] == "error" for f in feeds)

    assert _wait(feeds_failed, 60, proc), httpx.get(f"{base}/feeds", timeout=5).text
    feeds = {f["url"]: f for f in httpx.get(f"{base}/articles", timeout=5).json()["feeds"]}
    private = next(f for url, f in feeds.items() if "10.255.255.1" in url)
    assert "private" in (private["error"] or "")

    detail = httpx.get(f"{base}/articles/{first['id']}", timeout=5).json()
    assert detail["article"]["id"] == first["id"]
    assert httpx.get(f"{base}/articles/doesnotexist", timeout=5).status_code == 404
    assert proc.poll() is None, "the service must survive unreachable feeds"
