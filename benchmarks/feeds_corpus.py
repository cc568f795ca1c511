"""Parse every file of ../shared/corpus/feeds/ (both subfolders): no crash, items per file.

    .venv/bin/python benchmarks/feeds_corpus.py
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from wirewatch.model import Reject
from wirewatch.parse import parse_document
from wirewatch.sources.files import iter_documents

FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "feeds"


def main() -> int:
    files = sorted(p for p in FEEDS.rglob("*") if p.is_file() and p.name != "LICENSE")
    total_articles = crashes = 0
    start = time.perf_counter()
    for path in files:
        try:
            counts: Counter[str] = Counter()
            for doc in iter_documents([path]):
                if isinstance(doc, Reject):
                    counts[f"reject:{doc.reason}"] += 1
                    continue
                doc.kind = "feed"  # every file here is offered as a feed, whatever its name
                for item in parse_document(doc):
                    key = f"reject:{item.reason}" if isinstance(item, Reject) else "articles"
                    counts[key] += 1
        except Exception as err:  # noqa: BLE001 - the point is to report crashes
            crashes += 1
            counts = Counter({f"CRASH {type(err).__name__}: {err}": 1})
        total_articles += counts.get("articles", 0)
        detail = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        print(f"{path.relative_to(FEEDS)!s:<55} {detail}")
    seconds = time.perf_counter() - start
    print(f"\n{len(files)} files, {total_articles} articles, {crashes} crashes, {seconds:.1f} s")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
