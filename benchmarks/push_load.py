"""N concurrent clients POST /articles for D seconds; then check: no 5xx, and every article
answered 2xx is stored exactly once (via /sql).

Usage: python benchmarks/push_load.py --base http://127.0.0.1:8000 --token T
       [--clients 10] [--duration 60]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
import uuid
from collections import Counter

import httpx


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:8000")
    ap.add_argument("--token", required=True)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--duration", type=float, default=60.0)
    args = ap.parse_args()
    run = uuid.uuid4().hex[:8]
    statuses: Counter[int] = Counter()
    ok_ids: list[str] = []
    lock = threading.Lock()
    end = time.monotonic() + args.duration
    text = ("Officials in Berlin and Paris agreed on Tuesday to coordinate aid to Ukraine, "
            "the ministry said. ") * 4

    def client(c: int) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {args.token}"}, timeout=60) as h:
            i = 0
            while time.monotonic() < end:
                doc = {"url": f"https://load.example/{run}/{c}/{i}", "title": f"Load {run} {c} {i}",
                       "text": text, "outlet": "Load"}
                try:
                    r = h.post(f"{args.base}/articles", json=doc)
                    code = r.status_code
                except httpx.HTTPError:
                    code = -1
                with lock:
                    statuses[code] += 1
                    if 200 <= code < 300:
                        ok_ids.extend(r.json()["ids"])
                if code == 429:
                    time.sleep(float(r.headers.get("Retry-After", "1")))
                i += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(2)
    h = httpx.Client(headers={"Authorization": f"Bearer {args.token}"}, timeout=60)
    deadline = time.monotonic() + 120
    while True:
        r = h.get(f"{args.base}/sql", params={
            "q": f"SELECT id, count(*) AS n FROM articles WHERE url LIKE 'https://load.example/{run}/%' "
                 "GROUP BY id", "limit": 100000})
        stored = {row[0]: row[1] for row in r.json()["rows"]}
        if len(stored) >= len(set(ok_ids)) or time.monotonic() > deadline:
            break
        time.sleep(1)
    missing = set(ok_ids) - set(stored)
    dupes = [k for k, n in stored.items() if n != 1]
    print(json.dumps({"requests": sum(statuses.values()), "statuses": dict(statuses),
                      "accepted": len(ok_ids), "stored": len(stored), "missing": len(missing),
                      "duplicates": len(dupes),
                      "five_xx": sum(n for s, n in statuses.items() if s >= 500)}))


if __name__ == "__main__":
    main()
