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
- `kb` (compacted, one partition): key = `kb/<part>`; value = a piece of the service's KB
  snapshot (`kb/1`: canonical JSON, zlib, cut into parts below the broker's message limit).
  The snapshot is plain data (link/kb.py makes it); this module never looks inside it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import (
    OFFSET_BEGINNING,
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, NewTopic

from wirewatch.config import Settings
from wirewatch.model import Analysis, Article, RawDocument, Reject

log = logging.getLogger(__name__)

ARTICLES_TOPIC = "articles"
ANALYSES_TOPIC = "analyses"
TYPE_HEADER = "wirewatch-type"
ARTICLE_TYPE = "article/1"
ANALYSIS_TYPE = "analysis/1"
REJECT_TYPE = "reject/1"
KB_TYPE = "kb/1"
KB_VERSION_HEADER = "wirewatch-kb"  # on `kb` parts, and on analyses: the snapshot they used
KB_PART_HEADER = "wirewatch-kb-part"  # "i/n"
# Compressed bytes per `kb` message: half of the 1 MB `message.max.bytes` that Kafka brokers
# and librdkafka default to, so a default cluster takes every part.
KB_PART_BYTES = 512 * 1024
DEFAULT_PARTITIONS = 12

# what the service hands KbPublisher: () -> (generation, snapshot or None)
KbSource = Callable[[], tuple[int, dict[str, Any] | None]]


def _setting(name: str) -> Any:
    """A setting of config.py (default, else its environment variable): the `kb` topic and
    interval are read here, where broker settings are made, so that `serve --broker` and
    `worker` agree without each growing an option."""
    return getattr(Settings.from_env(), name)


@dataclass
class BrokerSettings:
    """Where the broker is and how to talk to it.

    `config` is passed to librdkafka as is (security.protocol, sasl.*, session.timeout.ms, ...);
    topic names are settings so that several pipelines (or tests) can share one cluster.
    `kb_topic`/`kb_interval` default to config.py's `kb_topic`/`kb_interval`.
    """

    bootstrap: str
    articles_topic: str = ARTICLES_TOPIC
    analyses_topic: str = ANALYSES_TOPIC
    partitions: int = DEFAULT_PARTITIONS
    replication: int = 1
    config: dict[str, Any] = field(default_factory=dict)
    kb_topic: str = field(default_factory=lambda: _setting("kb_topic"))
    kb_interval: float = field(default_factory=lambda: _setting("kb_interval"))

    def client_config(self, **extra: Any) -> dict[str, Any]:
        return {"bootstrap.servers": self.bootstrap, **extra, **self.config}

    def request_timeout(self) -> float:
        """Seconds to wait for the broker's answer when setting up: librdkafka's own
        `socket.timeout.ms` if the config gives one, else 30 s (a broker still starting)."""
        return float(self.config.get("socket.timeout.ms", 30_000)) / 1000


def parse_config(pairs: Iterable[str]) -> dict[str, str]:
    """`KEY=VALUE` strings (the CLI's --kafka-config) → a librdkafka config dict."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected KEY=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def ensure_topics(settings: BrokerSettings, timeout: float | None = None) -> None:
    """Create the topics if they do not exist (an existing topic is left as it is). `kb` has
    one partition, so its parts stay in order, and is compacted: the broker keeps the newest
    message per part, which is all a worker needs. `timeout` defaults to
    `settings.request_timeout()`."""
    timeout = settings.request_timeout() if timeout is None else timeout
    admin = AdminClient(settings.client_config())
    wanted = {settings.articles_topic: (settings.partitions, {}),
              settings.analyses_topic: (settings.partitions, {}),
              settings.kb_topic: (1, {"cleanup.policy": "compact"})}
    existing = set(admin.list_topics(timeout=timeout).topics)
    new = [NewTopic(t, num_partitions=parts, replication_factor=settings.replication,
                    config=config)
           for t, (parts, config) in wanted.items() if t not in existing]
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
    return _header_in(msg.headers() or [], name)


def _header_in(headers: Iterable[tuple[str, Any]], name: str) -> str | None:
    for key, value in headers:
        if key == name and value is not None:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


def _dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def article_message(article: Article) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) of one article on the `articles` topic."""
    return (article.id.encode(), _dumps(article.to_dict()),
            [(TYPE_HEADER, ARTICLE_TYPE.encode())])


def analysis_message(analysis: Analysis, kb_version: str | None = None
                     ) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) of one analysis; `kb_version` (a header, not part of the
    analysis document) says which KB snapshot the worker analysed with."""
    headers = [(TYPE_HEADER, ANALYSIS_TYPE.encode())]
    if kb_version:
        headers.append((KB_VERSION_HEADER, kb_version.encode()))
    return analysis.article.id.encode(), _dumps(analysis.to_record()), headers


def message_kb_version(msg: Message) -> str | None:
    """The KB snapshot version an `analyses` message was made with (None: no KB header)."""
    return _header(msg, KB_VERSION_HEADER)


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
             headers: Sequence[tuple[str, bytes]] = (), partition: int | None = None) -> None:
        where = {} if partition is None else {"partition": partition}
        while True:
            try:
                self.producer.produce(topic, value=value, key=key, headers=list(headers),
                                      on_delivery=self._on_delivery, **where)
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


# -- the knowledge base on the `kb` topic ------------------------------------------------------
#
# Why a compacted topic of parts: workers must analyse with the KB the service has learned
# (else the broker path and the embedded path code the same article differently), a worker
# that starts later must find the newest KB without asking the service, and a KB grows past
# any one message's size limit. So the service writes the whole snapshot, cut into parts of
# at most KB_PART_BYTES (key `kb/<i>`, each carrying the snapshot's version and "i/n"); the
# broker keeps the newest message per key; a reader takes the newest snapshot whose n parts it
# holds in the same version. Order does not matter and a half-written newer snapshot is never
# used. The version is a hash of the snapshot's canonical JSON: the same KB has the same
# version whoever encodes it, and a corrupted part fails the check instead of being used.

Wire = tuple[bytes, bytes, list[tuple[str, bytes]]]


def kb_messages(snapshot: dict[str, Any], part_bytes: int = KB_PART_BYTES
                ) -> tuple[str, list[Wire]]:
    """A KB snapshot → (version, its `kb` messages as (key, value, headers))."""
    raw = json.dumps(snapshot, ensure_ascii=False, sort_keys=True,
                     separators=(",", ":")).encode("utf-8")
    version = hashlib.sha256(raw).hexdigest()[:16]
    packed = zlib.compress(raw, 6)
    pieces = [packed[i:i + part_bytes] for i in range(0, len(packed), max(1, part_bytes))]
    n = len(pieces)
    return version, [(f"kb/{i}".encode(), piece,
                      [(TYPE_HEADER, KB_TYPE.encode()), (KB_VERSION_HEADER, version.encode()),
                       (KB_PART_HEADER, f"{i}/{n}".encode())])
                     for i, piece in enumerate(pieces)]


def read_kb(version: str, packed: bytes) -> dict[str, Any] | None:
    """The parts of one snapshot, joined → the snapshot, or None (logged) if they do not
    decompress to JSON whose hash is `version`."""
    try:
        raw = zlib.decompress(packed)
        if hashlib.sha256(raw).hexdigest()[:16] != version:
            raise ValueError("content does not match its version")
        snapshot = json.loads(raw)
        if not isinstance(snapshot, dict):
            raise ValueError("not a JSON object")
    except (zlib.error, ValueError) as exc:
        log.warning("KB snapshot %s unusable (%s); keeping the previous one", version, exc)
        return None
    return snapshot


class KbAssembler:
    """Rebuilds the newest complete KB snapshot from `kb` messages read in log order."""

    def __init__(self) -> None:
        self.parts: dict[int, tuple[str, int, bytes]] = {}  # part → (version, n, bytes)
        self.version: str | None = None
        self.snapshot: dict[str, Any] | None = None

    def add(self, value: bytes, headers: Iterable[tuple[str, Any]]) -> bool:
        """Take one message; True when it completed a snapshot newer than the current one."""
        headers = list(headers)
        version = _header_in(headers, KB_VERSION_HEADER)
        part = _header_in(headers, KB_PART_HEADER) or ""
        try:
            i, n = (int(x) for x in part.split("/"))
        except ValueError:
            i = n = -1
        if _header_in(headers, TYPE_HEADER) != KB_TYPE or not version or not 0 <= i < n:
            log.warning("ignoring a kb message that is not a kb/1 part (%r, %r)", version, part)
            return False
        self.parts[i] = (version, n, value)
        if version == self.version:
            return False
        pieces = [self.parts.get(j) for j in range(n)]
        if any(p is None or p[:2] != (version, n) for p in pieces):
            return False  # parts of this version still to come
        snapshot = read_kb(version, b"".join(p[2] for p in pieces if p is not None))
        if snapshot is None:
            return False
        self.version, self.snapshot = version, snapshot
        return True

    def add_message(self, msg: Message) -> bool:
        return self.add(msg.value() or b"", msg.headers() or [])


class KbReader:
    """A worker's view of the `kb` topic: no consumer group (every worker reads everything),
    partition 0 from the beginning, nothing committed.

    Between refreshes the partition is paused: no fetch traffic while the worker analyses,
    and no long-polling fetch on the connection for the offsets request to queue behind
    (a broker answers one connection's requests in order; that wait was `fetch.wait.max.ms`,
    500 ms, per batch)."""

    def __init__(self, settings: BrokerSettings) -> None:
        self.topic = settings.kb_topic
        self.partition = TopicPartition(self.topic, 0)
        self.consumer = Consumer(settings.client_config(**{
            "group.id": "wirewatch-kb-reader", "enable.auto.commit": False,
            "enable.auto.offset.store": False, "auto.offset.reset": "earliest"}))
        self.consumer.assign([TopicPartition(self.topic, 0, OFFSET_BEGINNING)])
        self.consumer.pause([self.partition])
        self.assembler = KbAssembler()
        self.next_offset = 0

    @property
    def version(self) -> str | None:
        return self.assembler.version

    @property
    def snapshot(self) -> dict[str, Any] | None:
        return self.assembler.snapshot

    def refresh(self, timeout: float = 10.0) -> bool:
        """Read the topic up to its end as of now, so the snapshot is the newest the broker
        held when this was called (one offsets request when nothing is new). Returns True if
        the snapshot changed. A broker error or timeout keeps the previous snapshot (logged):
        a worker analyses on with the KB it has rather than stop."""
        changed = False
        deadline = time.monotonic() + timeout
        try:
            _, high = self.consumer.get_watermark_offsets(self.partition, timeout=timeout,
                                                          cached=False)
            if self.next_offset < high:
                self.consumer.resume([self.partition])
                try:
                    while self.next_offset < high:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            log.warning("KB topic %s: not read to its end within %.0f s",
                                        self.topic, timeout)
                            break
                        for msg in poll_batch(self.consumer, 64, min(left, 1.0)):
                            self.next_offset = max(self.next_offset, msg.offset() + 1)
                            changed |= self.assembler.add_message(msg)
                finally:
                    self.consumer.pause([self.partition])
        except KafkaException as exc:
            log.warning("reading KB topic %s failed (%s); keeping KB %s", self.topic, exc,
                        self.version)
        return changed

    def close(self) -> None:
        self.consumer.close()


class KbPublisher:
    """The service side: publishes `source()`'s snapshot to the `kb` topic when it changed,
    at most every `interval` seconds (`tick()`, called from the service's broker thread).

    `source` returns (generation, snapshot): the generation moves whenever the KB learns, so
    an unchanged KB costs nothing; a changed generation whose snapshot has the same version
    as the one published is not sent again. The first tick always publishes (a fresh service
    may hold another KB than the topic: a restored store, another store)."""

    def __init__(self, settings: BrokerSettings, source: KbSource,
                 interval: float | None = None, part_bytes: int = KB_PART_BYTES) -> None:
        self.settings = settings
        self.source = source
        self.interval = settings.kb_interval if interval is None else interval
        self.part_bytes = part_bytes
        self.generation: int | None = None  # the generation last published
        self.version: str | None = None
        self.published = 0  # snapshots sent
        self._last = float("-inf")
        self._publisher: Publisher | None = None

    def tick(self, force: bool = False) -> str | None:
        """Publish if the KB changed and `interval` has passed (or `force`); returns the
        version published, None if nothing was sent. Raises DeliveryFailed if the broker did
        not take it (the next tick tries again)."""
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return None
        generation, snapshot = self.source()
        if snapshot is None or (not force and generation == self.generation):
            return None
        self._last = now
        version, messages = kb_messages(snapshot, self.part_bytes)
        if version == self.version:
            self.generation = generation
            return None
        if self._publisher is None:  # zlib'd parts: lz4 would only cost time
            self._publisher = Publisher(self.settings, **{"compression.type": "none"})
        for key, value, headers in messages:
            self._publisher.send(self.settings.kb_topic, key, value, headers, partition=0)
        if self._publisher.confirm(timeout=30.0):
            raise DeliveryFailed(f"a KB part of {self.part_bytes} bytes is larger than the "
                                 "broker's message.max.bytes")
        self.generation, self.version = generation, version
        self.published += 1
        log.info("published KB %s (%d parts, %d bytes)", version, len(messages),
                 sum(len(v) for _, v, _ in messages))
        return version

    def close(self) -> None:
        if self._publisher is not None:
            self._publisher.close()
            self._publisher = None
