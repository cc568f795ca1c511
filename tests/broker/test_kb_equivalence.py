"""Workers get the same knowledge: an article that needs the KB (a bare "Qin" that an earlier
article taught is Qin Gang, China's foreign minister) gets the same analysis document through
the broker path — worker → analyses → the service, which learned the KB and published it to
the `kb` topic — as through the embedded engine."""

from __future__ import annotations

import dataclasses
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from confluent_kafka import Consumer

from wirewatch.analyze import analyze
from wirewatch.engine.distributed import AnalysisWorker
from wirewatch.engine.local import LocalEngine
from wirewatch.model import Analysis, Article, Section
from wirewatch.sources.broker import (
    BrokerSettings,
    ensure_topics,
    kb_messages,
    message_kb_version,
    poll_batch,
    publish_articles,
)

from .helpers import ServiceSide, wait_for

TEACH = Article.build(
    sections=[Section(None, [
        "BEIJING — Chinese Foreign Minister Qin Gang met his Brazilian counterpart in Beijing "
        "on Wednesday, the ministry said. Qin told reporters that the two countries would "
        "deepen their trade ties."])],
    title="China and Brazil talk trade", url="https://example.org/2023/06/14/teach",
    published_at=datetime(2023, 6, 14, tzinfo=UTC))
LATER = Article.build(
    sections=[Section(None, ["Qin said on Monday that relations with Washington must "
                             "improve."])],
    title="Diplomacy update", url="https://example.org/2023/07/03/later",
    published_at=datetime(2023, 7, 3, tzinfo=UTC))


def _embedded(data_dir: Path) -> dict[str, Analysis]:
    """The embedded path: one engine ingests the teaching article, then the later one."""
    stored: dict[str, Analysis] = {}
    with LocalEngine(data_dir, workers=0) as engine:
        engine.on_stored.append(lambda batch: stored.update((a.article.id, a) for a in batch))
        assert engine.ingest([TEACH]).stored == 1
        assert engine.ingest([LATER]).stored == 1
    return stored


def _kb_headers(settings: BrokerSettings) -> dict[str, str | None]:
    """Article id → the KB version its analysis message names (read back from the topic)."""
    consumer = Consumer(settings.client_config(**{
        "group.id": f"check-{uuid.uuid4().hex[:8]}", "auto.offset.reset": "earliest",
        "enable.auto.commit": False}))
    consumer.subscribe([settings.analyses_topic])
    seen: dict[str, str | None] = {}
    try:
        wait_for(lambda: seen.update((m.key().decode(), message_kb_version(m))
                                     for m in poll_batch(consumer, 10, 1.0)) or len(seen) >= 2,
                 30, "both analyses on the topic")
    finally:
        consumer.close()
    return seen


def test_broker_path_codes_like_the_embedded_path(broker_settings: BrokerSettings,
                                                 tmp_path: Path) -> None:
    embedded = _embedded(tmp_path / "embedded")
    assert embedded[LATER.id].to_record() != analyze(LATER).to_record(), \
        "the later article must need the KB, or this test proves nothing"

    settings = dataclasses.replace(broker_settings, kb_interval=0.2)
    ensure_topics(settings)
    worker = AnalysisWorker(settings, batch_size=8)
    thread = threading.Thread(target=worker.run, daemon=True)
    with ServiceSide(settings, tmp_path / "service", kb=True) as service:
        thread.start()
        try:
            assert publish_articles(settings, [TEACH]) == (1, 0)
            wait_for(lambda: service.count("articles") == 1, 90, "the teaching article stored")
            # the service learned Qin Gang; wait until its publisher has sent that KB
            publisher = service.consumer.kb_publisher
            assert publisher is not None
            wait_for(lambda: publisher.generation == service.engine.kb_state()[0], 30,
                     "the learned KB published")
            learned = service.engine.kb_state()[1]
            assert learned is not None
            assert [p["name"] for p in learned["persons"]] == ["Qin Gang"]
            taught = publisher.version
            assert taught == kb_messages(learned)[0]

            assert publish_articles(settings, [LATER]) == (1, 0)
            wait_for(lambda: service.count("articles") == 2, 60, "the later article stored")
        finally:
            worker.stop()
            thread.join(30)
        by_id = {an.article.id: an for an in service.stored}
        assert service.consumer.errors == 0

    # The same analysis documents, lossless form (to_record: to_dict + notes + zone indexes).
    for article in (TEACH, LATER):
        assert by_id[article.id].to_record() == embedded[article.id].to_record(), article.title
    qin = next(e for e in by_id[LATER.id].entities if e.type == "PERSON")
    assert (qin.name, qin.code) == ("Qin Gang", "CHNGOV")

    # Each analysis names the KB it was made with: the empty KB, then the learned one (the
    # later article taught the KB again, so the service has published a newer one since).
    headers = _kb_headers(settings)
    assert headers[TEACH.id] == kb_messages({"version": 1, "persons": []})[0]
    assert headers[LATER.id] == taught == worker.stats.kb_version
    assert worker.stats.kb_updates == 2
