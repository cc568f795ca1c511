"""One very large push: is `POST /articles` with N tiny articles accepted or refused within 5 s,
and does a small push sent meanwhile still get its answer at once?

Starts `wirewatch serve` on 127.0.0.1 over a fresh data directory (or uses --base), sends one
JSON array of N tiny articles (default 100,000: over the `max_push` limit, so refused with 413)
and, 0.2 s later, one small push; prints status and seconds of each, and for --sizes the same
for other sizes (e.g. max_push itself, which must be accepted). One JSON line.

Usage: python benchmarks/big_push.py [--sizes 100000,2000] [--workers 1] [--port 8767]
       [--base URL --token T]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _service  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,2000")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--port", type=int, default=8767)
    ap.add_argument("--base", default=None)
    ap.add_argument("--token", default="bench")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if args.base:
        print(json.dumps(run(args.base, args.token, sizes)))
        return
    with tempfile.TemporaryDirectory() as tmp, \
            _service.running(Path(tmp) / "data", args.port, args.workers, args.token) as base:
        print(json.dumps(run(base, args.token, sizes)))


def run(base: str, token: str, sizes: list[int]) -> dict:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    out: dict[str, object] = {}
    for n in sizes:
        tag = uuid.uuid4().hex[:8]
        body = json.dumps([{"url": f"https://t.example/{tag}/{i}", "text": f"Talks {i}."}
                           for i in range(n)], separators=(",", ":")).encode()
        small: dict[str, object] = {}

        def push_small(tag: str = tag, small: dict[str, object] = small) -> None:
            time.sleep(0.2)
            t0 = time.perf_counter()
            r = httpx.post(f"{base}/articles", headers=auth, timeout=300, content=json.dumps(
                {"url": f"https://tiny.example/{tag}/small", "text": "A small push."}))
            small.update(status=r.status_code, seconds=round(time.perf_counter() - t0, 3))

        side = threading.Thread(target=push_small)
        side.start()
        t0 = time.perf_counter()
        r = httpx.post(f"{base}/articles", headers=auth, content=body, timeout=300)
        took = time.perf_counter() - t0
        side.join()
        out[f"{len(out) + 1}: {n}"] = {"bytes": len(body), "status": r.status_code, "seconds": round(took, 3),
                       "answer": r.json().get("detail") if r.status_code >= 400
                       else {"accepted": r.json()["accepted"]},
                       "small_push_meanwhile": small}
    return out


if __name__ == "__main__":
    main()
