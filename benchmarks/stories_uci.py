"""Benchmark: headline clustering on the UCI News Aggregator sample against its STORY ids.

Run: .venv/bin/python benchmarks/stories_uci.py [--no-nlp] [--sweep] [--cache FILE]

999 headlines from 530 publishers, 18 stories. The headlines are run through the real analysis
(`analyze_batch`, the headline as title and body) and then through the same online story
clusterer and features the link step uses (`link/stories.py`: title words, entity names,
event signatures). The timestamps in this sample are mangled, so every headline gets the same
time (time plays no part). `--no-nlp` uses title words only (no entities/events). `--cache`
keeps the features in a pickle (outside the repository) and reuses them: how to iterate on the
clusterer without the analysis.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clustering import ari, bcubed, recluster  # noqa: E402
from wirewatch.link.linker import event_signature  # noqa: E402
from wirewatch.link.stories import StoryConfig, article_terms  # noqa: E402
from wirewatch.model import Article  # noqa: E402

CSV = Path(__file__).resolve().parents[2] / ("shared/corpus/clustering/uci-news-aggregator-sample/"
           "uci-news-aggregator-sample.csv")
WHEN = datetime(2014, 3, 10, tzinfo=UTC)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-nlp", action="store_true")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--cache", type=Path, default=None, help="features pickle to keep/reuse")
    args = ap.parse_args()
    with CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    gold = {r["ID"]: r["STORY"] for r in rows}
    t0 = time.perf_counter()
    docs = []
    if args.cache and args.cache.exists():
        docs = pickle.loads(args.cache.read_bytes())
    elif args.no_nlp:
        for r in rows:
            docs.append({"id": r["ID"], "outlet": r["PUBLISHER"], "seen_at": WHEN,
                         "title": r["TITLE"], "terms": article_terms(r["TITLE"], None)})
    else:
        from wirewatch.analyze import analyze_batch

        arts = [Article(id=r["ID"], title=r["TITLE"], body=r["TITLE"], outlet=r["PUBLISHER"],
                        published_at=WHEN) for r in rows]
        for an in analyze_batch(arts):
            a = an.article
            docs.append({"id": a.id, "outlet": a.outlet, "seen_at": WHEN, "title": a.title,
                         "terms": article_terms(a.title, None, [e.name for e in an.entities],
                                                [event_signature(ev) for ev in an.events])})
    features_s = time.perf_counter() - t0
    if args.cache and not args.cache.exists():
        args.cache.write_bytes(pickle.dumps(docs))
    print(f"headlines={len(rows)} stories={len(set(gold.values()))} "
          f"features={'title words' if args.no_nlp else 'NLP'} seconds={features_s:.1f}")
    thresholds = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4) if args.sweep else (
        StoryConfig().threshold,)
    for th in thresholds:
        t1 = time.perf_counter()
        pred = recluster(docs, th)
        ms = 1000 * (time.perf_counter() - t1) / len(docs)
        p, r, f = bcubed(pred, gold)
        sizes = Counter(pred.values())
        print(f"threshold {th}: B3 P={p:.3f} R={r:.3f} F1={f:.3f} ARI={ari(pred, gold):.3f} "
              f"clusters={len(sizes)} (>=2: {sum(1 for n in sizes.values() if n >= 2)}) "
              f"cluster_ms_per_headline={ms:.2f}")


if __name__ == "__main__":
    main()
