"""Ingest throughput: parse + store (no NLP: `analyze=False`) of a JSONL corpus into a fresh temporary store.

    .venv/bin/python benchmarks/ingest_throughput.py [PATH] [--workers N] [--keep DIR]

`--no-link` measures parse + store alone; by default the link box (near-duplicate screening
and story linking, issue 6) runs too, as it does in `wirewatch ingest`.
Default corpus: ../shared/corpus/news/allsides-2020.jsonl.gz with text=content_original,
outlet=source, published=date. Prints articles/s (target ≥ 500 on a 2-core machine) and peak
RSS of this process (and of any worker processes).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil

from wirewatch import queries as Q  # noqa: N812
from wirewatch.engine.local import LocalEngine
from wirewatch.parse import ParseOptions

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/news/allsides-2020.jsonl.gz"
FIELD_MAP = {"text": "content_original", "outlet": "source", "published": "date"}


def peak_rss_mb() -> tuple[float, float]:
    """(this process, largest child) peak RSS in MB; ru_maxrss is KB on Linux."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="store here instead of a temporary directory")
    ap.add_argument("--no-language", action="store_true", help="skip language detection")
    ap.add_argument("--no-link", action="store_true",
                    help="parse + store only: skip near-duplicate screening and story linking")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"corpus not found: {args.path}", file=sys.stderr)
        return 2

    options = ParseOptions(field_map=dict(FIELD_MAP), detect_language=not args.no_language)
    with tempfile.TemporaryDirectory(prefix="ww-bench-") as tmp:
        data = args.keep or Path(tmp) / "data"
        rss_before = psutil.Process().memory_info().rss / 2**20
        started = time.perf_counter()
        cpu_started = time.process_time()
        with LocalEngine(data, workers=args.workers, parse_options=options,
                         analyze=False, link=not args.no_link) as engine:
            summary = engine.ingest([args.path])
            cpu = time.process_time() - cpu_started
            counts = engine.store.reader.read(Q.counts.counts)
        total = time.perf_counter() - started
        db_mb = sum(f.stat().st_size for f in Path(data).rglob("*") if f.is_file()) / 2**20
    own, kids = peak_rss_mb()
    print(f"corpus        {args.path}")
    print("link box      " + ("off (parse + store only)" if args.no_link
                              else "on (near-duplicate screening, stories)"))
    print(f"accepted      {summary.accepted:,}   duplicates {summary.duplicates:,}   "
          f"rejected {summary.rejected:,} {dict(summary.reasons)}")
    print(f"stored        {counts['articles']:,} articles, {counts['analyses']:,} analyses")
    print(f"ingest        {summary.elapsed:.2f} s  →  {summary.articles_per_s:,.0f} articles/s "
          f"(target ≥ 500)")
    print(f"incl. open    {total:.2f} s  →  {summary.processed / total:,.0f} articles/s")
    print(f"CPU time      {cpu:.2f} s  →  {summary.processed / cpu:,.0f} articles per CPU-second "
          f"(the machine's load average was {os.getloadavg()[0]:.1f})")
    print(f"peak RSS      {own:,.0f} MB (baseline {rss_before:,.0f} MB); "
          f"children {kids:,.0f} MB")
    print(f"store on disk {db_mb:,.1f} MB (DuckDB file + inbox)")
    return 0 if summary.articles_per_s >= 500 else 1


if __name__ == "__main__":
    sys.exit(main())
