"""Subprocess driver for the SIGKILL test: ingests generated articles through LocalEngine and
logs every acknowledged id (after the engine's inbox fsync) to an ack log, fsync'd too.

Usage: python _ingest_driver.py DATA_DIR ACK_LOG N [--pool] [--batch B]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store_helpers import full_analyze_batch, make_article  # noqa: E402
from wirewatch.engine.local import LocalEngine  # noqa: E402
from wirewatch.model import Article  # noqa: E402


def generated(n: int) -> Iterator[Article]:
    """n distinct articles, with every 10th one followed by a repeat of an earlier one."""
    for i in range(n):
        yield make_article(i)
        if i % 10 == 9:
            yield make_article(i - 5)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("ack_log")
    ap.add_argument("n", type=int)
    ap.add_argument("--pool", action="store_true")
    ap.add_argument("--batch", type=int, default=50)
    args = ap.parse_args()

    log = open(args.ack_log, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the run

    def ack(records: list[tuple[int, Article]]) -> None:
        log.write("".join(f"{a.id}\n" for _, a in records))
        log.flush()
        os.fsync(log.fileno())

    engine = LocalEngine(args.data, workers=2, batch_size=args.batch,
                         analyzer=full_analyze_batch, use_pool=args.pool, warm_pipeline=False,
                         inbox_segment_bytes=64 * 1024)
    engine.on_ack.append(ack)
    summary = engine.ingest(generated(args.n))
    engine.close()
    print(summary.to_dict(), flush=True)


if __name__ == "__main__":
    main()
