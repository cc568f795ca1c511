"""Reads under push load: with N clients pushing articles as fast as they are answered, how long
do `GET /health` and `GET /articles?limit=5` take? (p50/p95/max), and is every article answered
202 stored exactly once?

Starts `wirewatch serve` on 127.0.0.1 over a fresh data directory (or uses --base), then runs N
pushing clients (one distinct AllSides article per POST, with a unique URL, so each one is
analysed) and one reader that asks /health and /articles?limit=5 in turn for --duration
seconds. Prints one JSON line.

Usage: python benchmarks/read_under_push.py [--clients 80] [--duration 60] [--workers 1]
       [--port 8766] [--base URL --token T]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _service  # noqa: E402
from stream_latency import texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=80)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--base", default=None, help="a running service (default: start one)")
    ap.add_argument("--token", default="bench")
    ap.add_argument("--verify-timeout", type=float, default=600.0,
                    help="seconds to wait for the backlog to be stored before checking")
    args = ap.parse_args()
    corpus = texts(3000)
    if args.base:
        print(json.dumps(asyncio.run(run(args.base, args.token, args, corpus))))
        return
    with tempfile.TemporaryDirectory() as tmp, \
            _service.running(Path(tmp) / "data", args.port, args.workers, args.token) as base:
        print(json.dumps(asyncio.run(run(base, args.token, args, corpus))))


async def run(base: str, token: str, args: argparse.Namespace, corpus: list[str]) -> dict:
    run_id = uuid.uuid4().hex[:8]
    statuses: Counter[int] = Counter()
    push_s: list[float] = []
    ok_ids: list[str] = []
    reads: dict[str, list[float]] = {"/health": [], "/articles?limit=5": []}
    end = time.monotonic() + args.duration
    limits = httpx.Limits(max_connections=args.clients + 4)
    auth = {"Authorization": f"Bearer {token}"}
    counter = iter(range(10**9))

    async def pusher(c: int, http: httpx.AsyncClient) -> None:
        while time.monotonic() < end:
            i = next(counter)
            doc = {"url": f"https://load.example/{run_id}/{c}/{i}",
                   "title": f"Load {run_id} {c} {i}", "text": corpus[i % len(corpus)],
                   "outlet": "Load"}
            t0 = time.perf_counter()
            try:
                r = await http.post(f"{base}/articles", json=doc, headers=auth)
                code = r.status_code
            except httpx.HTTPError:
                code = -1
            push_s.append(time.perf_counter() - t0)
            statuses[code] += 1
            if 200 <= code < 300:
                ok_ids.extend(r.json()["ids"])
            elif code == 429:
                await asyncio.sleep(float(r.headers.get("Retry-After", "1")))

    async def reader(http: httpx.AsyncClient) -> None:
        await asyncio.sleep(2)  # let the pushers get going
        while time.monotonic() < end:
            for path, took in reads.items():
                t0 = time.perf_counter()
                try:
                    r = await http.get(f"{base}{path}")
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                took.append(time.perf_counter() - t0 if ok else float("inf"))
            await asyncio.sleep(0.1)

    async with httpx.AsyncClient(timeout=120, limits=limits) as http, \
            httpx.AsyncClient(timeout=120) as read_http:
        await asyncio.gather(reader(read_http), *(pusher(c, http) for c in range(args.clients)))
        health = (await read_http.get(f"{base}/health")).json()
        # exactly once: wait (up to --verify-timeout) until the backlog is stored
        deadline = time.monotonic() + args.verify_timeout
        while True:
            r = await read_http.get(f"{base}/sql", headers=auth, params={
                "q": "SELECT id, count(*) AS n FROM articles WHERE url LIKE "
                     f"'https://load.example/{run_id}/%' GROUP BY id", "limit": 100000})
            stored = {row[0]: row[1] for row in r.json()["rows"]}
            pending = (await read_http.get(f"{base}/health")).json()["replay"]["pending"]
            if len(stored) >= len(set(ok_ids)) or time.monotonic() > deadline:
                break
            await asyncio.sleep(2)
    return {"clients": args.clients, "duration_s": args.duration,
            "pushes": sum(statuses.values()), "statuses": dict(statuses),
            "push_p50_s": _q(push_s, 0.5), "push_p95_s": _q(push_s, 0.95),
            **{f"{path} {name}": value for path, took in reads.items()
               for name, value in (("n", len(took)), ("p50_s", _q(took, 0.5)),
                                   ("p95_s", _q(took, 0.95)), ("max_s", _q(took, 1.0)))},
            "backlog_at_end": health.get("replay"),
            "accepted": len(set(ok_ids)), "stored": len(stored),
            "not_stored": len(set(ok_ids) - set(stored)),
            "still_in_inbox_when_checked": pending,  # acknowledged, waiting for analysis
            "duplicates": sum(1 for n in stored.values() if n != 1)}


def _q(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    if q >= 1.0:
        return round(ordered[-1], 3)
    return round(statistics.quantiles(ordered, n=100, method="inclusive")[int(q * 100) - 1], 3)


if __name__ == "__main__":
    main()
