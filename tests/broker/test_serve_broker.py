"""`wirewatch serve --broker` as a user starts it: a real service process consuming the
`analyses` topic into its store, read back over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from wirewatch.engine.distributed import AnalysisWorker
from wirewatch.sources.broker import BrokerSettings, ensure_topics, publish_articles

from .helpers import wait_for
from .test_worker_failure import _articles


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _count(base: str) -> int:
    try:
        return int(httpx.get(f"{base}/health", timeout=2).json()["articles"])
    except httpx.HTTPError:
        return -1


def test_serve_consumes_analyses_into_its_store(broker_settings: BrokerSettings,
                                                tmp_path: Path) -> None:
    ensure_topics(broker_settings)
    articles = _articles(6)
    port = _free_port()
    cfg = [a for k, v in broker_settings.config.items() for a in ("--kafka-config", f"{k}={v}")]
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "wirewatch.cli", "serve", "--data", str(tmp_path / "data"),
             "--port", str(port), "--no-feeds", "--no-samples", "--workers", "1",
             "--broker", broker_settings.bootstrap,
             "--articles-topic", broker_settings.articles_topic,
             "--analyses-topic", broker_settings.analyses_topic, *cfg],
            stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1",
                 "WIREWATCH_KB_TOPIC": broker_settings.kb_topic})
    base = f"http://127.0.0.1:{port}"
    worker = AnalysisWorker(broker_settings, batch_size=3)
    thread = threading.Thread(target=worker.run, daemon=True)
    try:
        wait_for(lambda: _count(base) == 0, 60, "the service to answer")
        publish_articles(broker_settings, articles)
        thread.start()
        wait_for(lambda: _count(base) >= len(articles), 90, "the analyses in the service")
        listed = httpx.get(f"{base}/articles", params={"limit": 100}, timeout=5).json()
        assert sorted(a["id"] for a in listed["articles"]) == sorted(a.id for a in articles)
        doc = httpx.get(f"{base}/articles/{articles[0].id}", timeout=5).json()
        assert doc["entities"], "the stored analysis has its entities"
        # the service published its KB (to the topic named in its environment) and the
        # worker analysed with it
        assert worker.stats.kb_version is not None
    finally:
        worker.stop()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        thread.join(30)
    assert proc.returncode == 0, log_path.read_text(errors="replace")[-3000:]
    assert "consuming analyses from" in log_path.read_text(errors="replace")
