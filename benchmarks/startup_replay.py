"""Start-up with a pending inbox: how soon does `/health` answer while the inbox replays?

Leaves N acknowledged, unstored records in a fresh data directory (what a crash after the
acknowledgement leaves: real AllSides articles appended to the inbox, checkpoint 0), starts
`wirewatch serve` on 127.0.0.1, and reports the seconds from process start to the first
`/health` 200, the replay progress it showed, and (unless --no-wait) the seconds until the
replay finished and whether every record is stored exactly once. With --stop-after S it
instead stops the service (SIGINT) S seconds into the replay and reports how long stopping
took (analyses in flight are abandoned to the inbox, not waited for).

Usage: python benchmarks/startup_replay.py [--records 2000] [--workers 1] [--port 8765]
       [--no-wait | --stop-after S] [--timeout 1800]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _service  # noqa: E402
from _news import CORPUS, load_sample  # noqa: E402
from wirewatch.store.inbox import Inbox  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--no-wait", action="store_true", help="stop once /health answered")
    ap.add_argument("--stop-after", type=float, default=None,
                    help="stop the service this many seconds after /health answered")
    ap.add_argument("--timeout", type=float, default=1800.0)
    args = ap.parse_args()

    articles = load_sample(CORPUS, args.records, seed=15)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        with Inbox(data / "inbox") as inbox:
            inbox.append(articles)
        base = f"http://127.0.0.1:{args.port}"
        started = time.perf_counter()
        proc = _service.start(data, args.port, args.workers, "bench")
        out: dict[str, object] = {"records": len(articles), "workers": args.workers}
        try:
            first = _service.first_health(base, proc, started, args.timeout)
            out["first_health_s"] = round(first[0], 3)
            out["replay_at_first_health"] = first[1].get("replay")
            if args.stop_after is not None:
                time.sleep(args.stop_after)
                out["replay_at_stop"] = httpx.get(f"{base}/health", timeout=10).json()["replay"]
                stopping = time.perf_counter()
                _service.stop(proc)
                out["stop_s"] = round(time.perf_counter() - stopping, 2)
            elif not args.no_wait:
                done, health = _replayed(base, proc, len(articles), started, args.timeout)
                out["replay_done_s"] = round(done, 1)
                out["articles"] = health["articles"]
                rows = httpx.get(f"{base}/sql", headers={"Authorization": "Bearer bench"},
                                 params={"q": "SELECT count(*), count(DISTINCT id) FROM "
                                              "articles"}).json()["rows"][0]
                expected = len({a.id for a in articles})
                out["stored_exactly_once"] = rows == [expected, expected]
        finally:
            _service.stop(proc)
        print(json.dumps(out))


def _replayed(base: str, proc, n: int, started: float, timeout: float  # noqa: ANN001
              ) -> tuple[float, dict]:
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the service exited with {proc.returncode}")
        health = httpx.get(f"{base}/health", timeout=10).json()
        if health["replay"]["pending"] == 0 and health["articles"] >= n:
            return time.perf_counter() - started, health
        time.sleep(0.5)
    raise SystemExit("the replay did not finish in time")


if __name__ == "__main__":
    main()
