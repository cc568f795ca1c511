"""The scale-out path end to end on a real broker: `ingest --to-broker` → worker → analyses
topic → the service's single writer → DuckDB."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from confluent_kafka import Producer
from typer.testing import CliRunner

from _store_helpers import Ask as _Ask
from wirewatch.analyze import analyze_batch
from wirewatch.cli import app
from wirewatch.engine.distributed import AnalysisWorker
from wirewatch.model import Article, RawDocument
from wirewatch.parse import parse_document
from wirewatch.sources.broker import BrokerSettings, ensure_topics

from .helpers import ServiceSide, wait_for

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "wirewatch" / "data" / "samples" / \
    "samples.jsonl"
FOREIGN = {"link": "https://foreign.example/2025/01/02/ministers-meet",
           "headline": "Foreign ministers meet in Geneva",
           "content": "GENEVA — The foreign ministers of France and Germany met in Geneva on "
                      "Thursday to discuss trade.\n\nThey agreed to meet again in March."}


def _parsed(data: bytes, kind: str = "jsonl") -> list[Article]:
    items = parse_document(RawDocument(data=data, origin="test", kind=kind))
    return [a for a in items if isinstance(a, Article)]


def test_publish_analyse_store(broker_settings: BrokerSettings, tmp_path: Path) -> None:
    ensure_topics(broker_settings)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "a record without any text"}\n{not json\n', encoding="utf-8")
    cfg = [arg for k, v in broker_settings.config.items() for arg in ("--kafka-config", f"{k}={v}")]
    topics = ["--articles-topic", broker_settings.articles_topic,
              "--analyses-topic", broker_settings.analyses_topic]
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), str(bad), "--to-broker",
                                      broker_settings.bootstrap, *topics, *cfg])
    assert result.exit_code == 0, result.output
    assert "15" in result.output  # articles published

    # A foreign producer: plain JSONL-style records, no wirewatch header; one is garbage.
    producer = Producer(broker_settings.client_config())
    producer.produce(broker_settings.articles_topic, json.dumps(FOREIGN).encode())
    producer.produce(broker_settings.articles_topic, b"\x00\xffnot json at all")
    assert producer.flush(10) == 0
    del producer  # closed now, not after the session's broker is gone

    expected = {a.id for a in _parsed(SAMPLES.read_bytes())}
    expected |= {a.id for a in _parsed(json.dumps(FOREIGN).encode(), "json")}
    assert len(expected) == 16

    worker = AnalysisWorker(broker_settings, batch_size=8)
    thread = threading.Thread(target=worker.run, daemon=True)
    with ServiceSide(broker_settings, tmp_path / "data") as service:
        thread.start()
        try:
            wait_for(lambda: service.count("articles") >= 16 and service.count("rejects") >= 3,
                     90, "16 articles and 3 rejects stored")
            ids = {r[0] for r in service.sql("SELECT id FROM articles")}
            assert ids == expected
            assert service.count("analyses") == 16
            reasons = sorted(r[0] for r in service.sql("SELECT reason FROM rejects"))
            assert reasons == ["bad_json", "binary", "no_text"], reasons
            assert {an.article.id for an in service.stored} == expected  # on_stored hooks ran
            # the link step ran in the same transactions (stories of broker-fed articles)
            story_ids = {r[0] for r in service.sql("SELECT article_id FROM story_articles")}
            assert story_ids and story_ids <= expected

            # The distributed path stores what the embedded path would analyse.
            article = next(a for a in _parsed(SAMPLES.read_bytes()) if "Otieno" in a.body)
            local = analyze_batch([article])[0]
            doc = _Ask(service.engine.store).article(article.id)
            assert local.entities, "the sample should have entities"
            assert sorted((e["name"], e["type"]) for e in doc["entities"]) == \
                sorted((e.name, e.type) for e in local.entities)
            assert [e["type"] for e in doc["events"]] == [e.type for e in local.events]

            # Publishing the same articles again changes nothing in the store (idempotent).
            received = service.consumer.received
            result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--to-broker",
                                              broker_settings.bootstrap, *topics, *cfg])
            assert result.exit_code == 0, result.output
            wait_for(lambda: service.consumer.received >= received + 15, 60,
                     "the republished analyses")
            assert service.count("articles") == 16
            assert service.count("analyses") == 16
            assert service.consumer.errors == 0
        finally:
            worker.stop()
            thread.join(30)
    assert not thread.is_alive()
    assert worker.stats.articles >= 31 and worker.stats.rejects == 1
