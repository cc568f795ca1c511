"""Benchmark: exact and near duplicates in the BBC News corpus (reads it in place).

Run: .venv/bin/python benchmarks/dedup_bbc.py [path]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

from wirewatch.link.dedup import NearDuplicateIndex

PATH = "/work/shared/corpus/news/bbc-news.jsonl"


def main(path: str = PATH) -> None:
    """Count exact duplicate texts, then near-duplicates beyond them, with examples."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    texts = Counter(r["text"] for r in rows)
    exact = sum(n - 1 for n in texts.values() if n > 1)
    idx = NearDuplicateIndex()
    seen: dict[str, str] = {}
    near: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    found_exact = 0
    for r in rows:
        orig = idx.check_and_add(r["id"], r["text"])
        if orig is None:
            seen[r["id"]] = r["text"]
            continue
        if r["text"] == seen.get(orig):
            found_exact += 1
        else:
            near.append((r["id"], orig))
    dt = time.perf_counter() - t0
    print(f"articles={len(rows)} exact_duplicates={exact} found_exact={found_exact} "
          f"near_beyond_exact={len(near)} ms_per_article={1000 * dt / len(rows):.2f}")
    for a, b in near[:10]:
        print(f"  near: {a} ~ {b}")


if __name__ == "__main__":
    main(*sys.argv[1:])
