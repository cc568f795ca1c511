"""Kafka-compatible topics as a source (and the one place that speaks the wire format).

Why a source: a message on the `articles` topic is bytes somebody else produced, exactly like a
line of a JSONL file, so it becomes a `RawDocument` of kind `json` and goes through the same
parser and field mapping (`parse/records.py`). Messages our own publisher wrote carry the header
`wirewatch-type: article/1` and hold `Article.to_dict()`; the engine reads those back directly
(no re-parse, the id is kept). The client is confluent-kafka (librdkafka); nothing here is a
home-made protocol.

Topics and keys (docs/scale-out.md):
- `articles`: key = article id (or none, for foreign producers); value = JSON.
- `analyses`: key = article id; value = `Analysis.to_record()` JSON (`analysis/1`), or a
  reject (`reject/1`, `Reject.to_dict()`) for input a worker could not use.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from wirewatch.model import Analysis, Article, RawDocument, Reject

log = logging.getLogger(__name__)

ARTICLES_TOPIC = "articles"
ANALYSES_TOPIC = "analyses"
TYPE_HEADER = "wirewatch-type"
ARTICLE_TYPE = "article/1"
ANALYSIS_TYPE = "analysis/1"
REJECT_TYPE = "reject/1"
DEFAULT_PARTITIONS = 12


@dataclass
class BrokerSettings:
    """Where the broker is and how to talk to it.

    `config` is passed to librdkafka as is (security.protocol, sasl.*, session.timeout.ms, ...);
    topic names are settings so that several pipelines (or tests) can share one cluster.
    """

    bootstrap: str
    articles_topic: str = ARTICLES_TOPIC
    analyses_topic: str = ANALYSES_TOPIC
    partitions: int = DEFAULT_PARTITIONS
    replication: int = 1
    config: dict[str, Any] = field(default_factory=dict)

    def client_config(self, **extra: Any) -> dict[str, Any]:
        return {"bootstrap.servers": self.bootstrap, **extra, **self.config}


def parse_config(pairs: Iterable[str]) -> dict[str, str]:
    """`KEY=VALUE` strings (the CLI's --kafka-config) → a librdkafka config dict."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected KEY=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def ensure_topics(settings: BrokerSettings, timeout: float = 30.0) -> None:
    """Create the two topics if they do not exist (an existing topic is left as it is)."""
    admin = AdminClient(settings.client_config())
    wanted = [settings.articles_topic, settings.analyses_topic]
    existing = set(admin.list_topics(timeout=timeout).topics)
    new = [NewTopic(t, num_partitions=settings.partitions,
                    replication_factor=settings.replication)
           for t in wanted if t not in existing]
    if not new:
        return
    for topic, future in admin.create_topics(new, request_timeout=timeout).items():
        try:
            future.result(timeout)
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise
            log.debug("topic %s exists already", topic)


# -- the wire format ---------------------------------------------------------------------------

def _header(msg: Message, name: str) -> str | None:
    for key, value in msg.headers() or []:
        if key == name and value is not None:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


def _dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def article_message(article: Article) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) of one article on the `articles` topic."""
    return (article.id.encode(), _dumps(article.to_dict()),
            [(TYPE_HEADER, ARTICLE_TYPE.encode())])


def analysis_message(analysis: Analysis) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    return (analysis.article.id.encode(), _dumps(analysis.to_record()),
            [(TYPE_HEADER, ANALYSIS_TYPE.encode())])


def reject_message(reject: Reject) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    return (reject.origin.encode()[:200], _dumps(reject.to_dict()),
            [(TYPE_HEADER, REJECT_TYPE.encode())])


def message_origin(msg: Message) -> str:
    return f"kafka:{msg.topic()}/{msg.partition()}@{msg.offset()}"


def read_article_message(msg: Message) -> Article | RawDocument | Reject:
    """One `articles` message → our own Article (fast path), or a RawDocument for the parser
    (a foreign producer's JSON record), or a Reject (an article/1 message that is not one)."""
    origin = message_origin(msg)
    value = msg.value() or b""
    if _header(msg, TYPE_HEADER) == ARTICLE_TYPE:
        try:
            return Article.from_dict(json.loads(value))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            return Reject(origin, "bad_message", f"article/1 message: {type(exc).__name__}: "
                          f"{exc}"[:500])
    key = msg.key()
    hints = {"guid": key.decode("utf-8", "replace")} if key else {}
    return RawDocument(data=value, origin=origin, kind="json", content_type="application/json",
                       hints=hints)


def read_analysis_message(msg: Message) -> Analysis | Reject:
    """One `analyses` message → an Analysis to store, or a Reject to record."""
    origin = message_origin(msg)
    kind = _header(msg, TYPE_HEADER)
    try:
        data = json.loads(msg.value() or b"")
        if kind == ANALYSIS_TYPE:
            return Analysis.from_dict(data)
        if kind == REJECT_TYPE:
            return Reject(origin=data["origin"], reason=data["reason"],
                          detail=data.get("detail") or "")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return Reject(origin, "bad_message", f"{kind}: {type(exc).__name__}: {exc}"[:500])
    return Reject(origin, "bad_message", f"unknown message type {kind!r}")


# -- producing ---------------------------------------------------------------------------------

class DeliveryFailed(RuntimeError):
    """The broker did not acknowledge some messages (they must not be committed as done)."""


class Publisher:
    """A producer that knows when the broker has acknowledged everything it sent.

    `acks=all` + idempotence: a message counts as published only when every in-sync replica has
    it; `confirm()` flushes and raises DeliveryFailed if any message of the round failed.
    Keys are article ids and the partitioner is murmur2 (what Java clients use), so one article
    always lands on the same partition whoever publishes it.
    """

    def __init__(self, settings: BrokerSettings, **extra: Any) -> None:
        self.settings = settings
        cfg = settings.client_config(**{
            "acks": "all", "enable.idempotence": True, "partitioner": "murmur2_random",
            "linger.ms": 5, "compression.type": "lz4", **extra})
        self.producer = Producer(cfg)
        self._lock = threading.Lock()
        self._failed: list[str] = []
        self._too_large: list[bytes] = []
        self.sent = 0

    def _on_delivery(self, err: KafkaError | None, msg: Message) -> None:
        if err is None:
            return
        with self._lock:
            if err.code() == KafkaError.MSG_SIZE_TOO_LARGE:
                self._too_large.append(msg.key() or b"")
            else:
                self._failed.append(f"{msg.topic()}: {err.str()}")

    def send(self, topic: str, key: bytes, value: bytes,
             headers: Sequence[tuple[str, bytes]] = ()) -> None:
        while True:
            try:
                self.producer.produce(topic, value=value, key=key, headers=list(headers),
                                      on_delivery=self._on_delivery)
                break
            except BufferError:  # local queue full: let deliveries drain, then retry
                self.producer.poll(0.5)
            except KafkaException as exc:
                if exc.args[0].code() != KafkaError.MSG_SIZE_TOO_LARGE:
                    raise
                with self._lock:
                    self._too_large.append(key)
                break
        self.sent += 1
        self.producer.poll(0)

    def confirm(self, timeout: float = 60.0) -> list[bytes]:
        """Wait until the broker acknowledged every message sent so far. Returns the keys of
        messages too large for the broker (the caller decides what they become); raises
        DeliveryFailed on any other failure."""
        left = self.producer.flush(timeout)
        with self._lock:
            failed, self._failed = self._failed, []
            too_large, self._too_large = self._too_large, []
        if left:
            failed.append(f"{left} messages not acknowledged within {timeout:.0f} s")
        if failed:
            raise DeliveryFailed("; ".join(failed[:5]))
        return too_large

    def close(self) -> None:
        self.producer.flush(10)


def publish_articles(settings: BrokerSettings, items: Iterable[Article | Reject],
                     on_progress: Callable[[int, int], None] | None = None,
                     batch_size: int = 500) -> tuple[int, int]:
    """Publish articles to the `articles` topic (keyed by id) and rejects to `analyses` (so
    the store records them); returns (articles, rejects) acknowledged by the broker."""
    ensure_topics(settings)
    pub = Publisher(settings)
    articles = rejects = pending = 0
    seen: set[str] = set()
    try:
        for item in items:
            if isinstance(item, Reject):
                pub.send(settings.analyses_topic, *reject_message(item))
                rejects += 1
            else:
                if item.id in seen:
                    continue
                seen.add(item.id)
                key, value, headers = article_message(item)
                pub.send(settings.articles_topic, key, value, headers)
                articles += 1
            pending += 1
            if pending >= batch_size:
                _publish_too_large(pub, settings)
                pending = 0
                if on_progress:
                    on_progress(articles, rejects)
        _publish_too_large(pub, settings)
        if on_progress:
            on_progress(articles, rejects)
    finally:
        pub.close()
    return articles, rejects


def _publish_too_large(pub: Publisher, settings: BrokerSettings) -> None:
    for key in pub.confirm():
        pub.send(settings.analyses_topic, *reject_message(Reject(
            f"kafka:{settings.articles_topic}/{key.decode('utf-8', 'replace')}",
            "too_large_for_broker", "message larger than the broker's message.max.bytes")))
    pub.confirm()


# -- consuming ---------------------------------------------------------------------------------

def make_consumer(settings: BrokerSettings, group: str, topic: str, **extra: Any) -> Consumer:
    """A consumer-group member that commits only by hand (after the work is durable)."""
    cfg = settings.client_config(**{
        "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": False,
        "enable.auto.offset.store": False, **extra})
    consumer = Consumer(cfg)
    consumer.subscribe([topic])
    return consumer


def poll_batch(consumer: Consumer, max_messages: int, timeout: float) -> list[Message]:
    """Up to `max_messages` messages (waits at most `timeout` for the first); errors that are
    only informational (end of partition) are dropped, real ones raised."""
    out = []
    for msg in consumer.consume(num_messages=max_messages, timeout=timeout):
        err = msg.error()
        if err is None:
            out.append(msg)
        elif err.code() == KafkaError._PARTITION_EOF:
            continue
        elif err.fatal():
            raise KafkaException(err)
        else:
            log.warning("consumer: %s", err.str())
    return out


def commit_offsets(consumer: Consumer, messages: Sequence[Message]) -> bool:
    """Commit, per partition, the offset after the last message of the batch. Returns False if
    the commit was refused (the partitions moved to another member in a rebalance: it will
    redo that work, which the idempotent store absorbs)."""
    from confluent_kafka import TopicPartition

    last: dict[tuple[str, int], int] = {}
    for msg in messages:
        tp = (msg.topic(), msg.partition())
        last[tp] = max(last.get(tp, -1), msg.offset())
    if not last:
        return True
    offsets = [TopicPartition(t, p, o + 1) for (t, p), o in last.items()]
    try:
        consumer.commit(offsets=offsets, asynchronous=False)
    except KafkaException as exc:
        log.warning("offset commit refused (%s); the batch will be redelivered", exc)
        return False
    return True


def iter_messages(consumer: Consumer, stop: threading.Event, max_messages: int = 64,
                  timeout: float = 1.0) -> Iterator[list[Message]]:
    """Batches until `stop` is set (empty polls are skipped)."""
    while not stop.is_set():
        batch = poll_batch(consumer, max_messages, timeout)
        if batch:
            yield batch
