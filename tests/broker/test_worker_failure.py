"""At-least-once + idempotent writes: SIGKILL one of two workers mid-stream; every article
must still end up stored exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wirewatch.engine import distributed
from wirewatch.engine.distributed import AnalysisWorker
from wirewatch.model import Article, RawDocument
from wirewatch.parse import parse_document
from wirewatch.sources.broker import BrokerSettings, ensure_topics, publish_articles

from .helpers import ServiceSide, wait_for
from .test_broker_pipeline import SAMPLES

N_ARTICLES = 60


def _articles(n: int) -> list[Article]:
    """n distinct articles: the samples, each republished under its own URL and title."""
    records = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    lines = []
    for i in range(n):
        rec = dict(records[i % len(records)])
        rec["url"] = f"{rec['url']}?edition={i}"
        rec["title"] = f"{rec['title']} ({i})"
        lines.append(json.dumps(rec))
    doc = RawDocument(data="\n".join(lines).encode(), origin="test", kind="jsonl")
    out = [a for a in parse_document(doc) if isinstance(a, Article)]
    assert len({a.id for a in out}) == n
    return out


def _start_worker(settings: BrokerSettings, log: Path) -> subprocess.Popen[bytes]:
    cfg = [arg for k, v in settings.config.items() for arg in ("--kafka-config", f"{k}={v}")]
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "wirewatch.cli", "worker", "--broker", settings.bootstrap,
             "--articles-topic", settings.articles_topic,
             "--analyses-topic", settings.analyses_topic, "--kb-topic", settings.kb_topic,
             "--batch-size", "2", *cfg],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_killed_worker_loses_and_duplicates_nothing(broker_settings: BrokerSettings,
                                                    tmp_path: Path) -> None:
    ensure_topics(broker_settings)
    articles = _articles(N_ARTICLES)
    logs = [tmp_path / "victim.log", tmp_path / "survivor.log"]
    workers = [_start_worker(broker_settings, log) for log in logs]
    try:
        with ServiceSide(broker_settings, tmp_path / "data") as service:
            assert publish_articles(broker_settings, articles) == (N_ARTICLES, 0)
            # Kill the victim once it has committed work of its own, while articles remain.
            wait_for(lambda: "committed batch" in logs[0].read_text(errors="replace"), 90,
                     "the victim worker to commit a batch")
            time.sleep(0.3)  # into its next batch: analysing or publishing, not committed
            workers[0].send_signal(signal.SIGKILL)
            assert workers[0].wait(10) == -signal.SIGKILL
            stored_at_kill = service.count("articles")
            assert stored_at_kill < N_ARTICLES, "the stream finished before the kill"

            wait_for(lambda: service.count("articles") >= N_ARTICLES, 90,
                     "every article to be stored by the surviving worker")
            ids = [r[0] for r in service.sql("SELECT id FROM articles")]
            assert sorted(ids) == sorted(a.id for a in articles)  # each exactly once
            assert service.count("analyses") == N_ARTICLES
            # no analysis row was written twice for an article (idempotent upserts)
            assert service.sql("SELECT count(*) FROM (SELECT article_id, entity_id, count(*) "
                               "AS n FROM entities GROUP BY ALL HAVING n > 1)")[0][0] == 0
            assert service.consumer.errors == 0
            # the survivor did the victim's share after the rebalance
            assert "committed batch" in logs[1].read_text(errors="replace")
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in workers:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
    assert workers[1].returncode == 0, logs[1].read_text(errors="replace")[-2000:]


def test_crash_between_publish_and_commit_is_absorbed(broker_settings: BrokerSettings,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The deterministic version of the race above: a worker dies after the broker has
    acknowledged a batch's analyses but before it commits the batch's offsets. The batch is
    analysed and published again by the next worker; the store keeps one copy."""
    ensure_topics(broker_settings)
    articles = _articles(12)
    publish_articles(broker_settings, articles)

    def crash(*_: object) -> bool:
        raise RuntimeError("worker died before committing")

    with ServiceSide(broker_settings, tmp_path / "data") as service:
        with monkeypatch.context() as patch:
            patch.setattr(distributed, "commit_offsets", crash)
            first = AnalysisWorker(broker_settings, batch_size=4)
            with pytest.raises(RuntimeError, match="before committing"):
                first.run(max_idle=60)
        assert first.stats.articles == 4  # published, never committed
        wait_for(lambda: service.count("articles") >= 4, 60, "the first batch to be stored")

        second = AnalysisWorker(broker_settings, batch_size=4)
        second.run(max_idle=8)
        assert second.stats.articles == 12  # the uncommitted batch was redelivered
        wait_for(lambda: service.consumer.received >= 16, 60, "all 16 analyses")
        assert service.count("articles") == 12
        assert service.count("analyses") == 12
        assert sorted(r[0] for r in service.sql("SELECT id FROM articles")) == \
            sorted(a.id for a in articles)
