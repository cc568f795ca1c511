"""POST /articles → its `article` message, and its first `event` message, on /stream: p50/p99
latency at a steady rate. (Articles without an extracted event count for the article figure only.)

Usage: python benchmarks/stream_latency.py --base http://127.0.0.1:8000 --token T
       [--rate 5] [--duration 120]
Every post is a distinct real article of the AllSides corpus (a repeated text would be a
near-duplicate copy, linked but never analysed), with a unique URL.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

CORPUS = Path(__file__).resolve().parents[2] / ("shared/corpus/news/allsides-2020.jsonl.gz")


def texts(n: int) -> list[str]:
    out: list[str] = []
    seen_texts: set[str] = set()
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = (rec.get("text") or rec.get("body") or rec.get("content")
                        or rec.get("content_original") or "")
                if len(text) > 400 and text[:4000] not in seen_texts:
                    seen_texts.add(text[:4000])
                    out.append(text[:4000])
                if len(out) >= n:
                    break
    if len(out) < n:  # repeated texts would be near-duplicate copies, which are not analysed
        raise SystemExit(f"need {n} distinct corpus articles at {CORPUS}, found {len(out)}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8000")
    ap.add_argument("--token", required=True)
    ap.add_argument("--rate", type=float, default=5.0)
    ap.add_argument("--duration", type=float, default=120.0)
    args = ap.parse_args()
    pool = texts(int(args.rate * args.duration) + 1)
    sent: dict[str, float] = {}
    seen: dict[str, float] = {}  # article id → first `article` message (even before POST returns)
    first_event: dict[str, float] = {}  # article id → first `event` message
    stop = threading.Event()

    def listen() -> None:
        with httpx.stream("GET", f"{args.base}/stream", timeout=None) as resp:
            kind = None
            for line in resp.iter_lines():
                if line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:"):
                    d = json.loads(line[5:])
                    now = time.monotonic()
                    if kind == "article" and d.get("id"):
                        seen.setdefault(d["id"], now)
                    elif kind == "event" and d.get("article_id"):
                        first_event.setdefault(d["article_id"], now)
                if stop.is_set():
                    return

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(1)
    client = httpx.Client(headers={"Authorization": f"Bearer {args.token}"}, timeout=30,
                          limits=httpx.Limits(max_connections=32))
    run = uuid.uuid4().hex[:8]
    lock = threading.Lock()
    errors = 0

    def post(i: int) -> None:
        nonlocal errors
        doc = {"url": f"https://bench.example/{run}/{i}", "title": f"Bench {run} {i}",
               "text": pool[i % len(pool)], "outlet": "Bench"}
        t0 = time.monotonic()
        try:
            r = client.post(f"{args.base}/articles", json=doc)
        except httpx.HTTPError:  # e.g. no answer within the client's 30 s
            with lock:
                errors += 1
            return
        with lock:
            if r.status_code == 202:
                sent[r.json()["ids"][0]] = t0
            else:
                errors += 1

    # posts go out on schedule from a pool, so a slow acknowledgement never lowers the rate
    start = time.monotonic()
    i = 0
    with ThreadPoolExecutor(max_workers=32) as pool_ex:
        while time.monotonic() - start < args.duration:
            due = start + i / args.rate
            time.sleep(max(0.0, due - time.monotonic()))
            pool_ex.submit(post, i)
            i += 1
    achieved = i / (time.monotonic() - start)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(set(sent) & set(seen)) < len(sent):
        time.sleep(0.2)
    time.sleep(1)
    stop.set()
    delivered = [k for k in sent if k in seen]
    lat = sorted(seen[k] - sent[k] for k in delivered)
    ev_lat = sorted(first_event[k] - sent[k] for k in sent if k in first_event)

    def pct(xs: list[float], p: int) -> float | None:
        if not xs:
            return None
        return round(statistics.quantiles(xs, n=100)[p - 1] if len(xs) >= 2 else xs[0], 3)

    print(json.dumps({"posted": i, "rate_per_s": round(achieved, 2), "accepted": len(sent), "errors": errors,
                      "delivered": len(delivered), "lost": len(sent) - len(delivered),
                      "p50_s": pct(lat, 50), "p99_s": pct(lat, 99),
                      "with_events": len(ev_lat), "events_p50_s": pct(ev_lat, 50),
                      "events_p99_s": pct(ev_lat, 99)}))


if __name__ == "__main__":
    main()
