"""Benchmark: story clustering on WikiRef220 against its topic folders (reads it in place).

Run: .venv/bin/python benchmarks/stories_wikiref.py [--workers 2] [--sweep] [--data DIR] [--relink]

All 220 files go through the real engine (parse → full spaCy analysis → link) into a temporary
store; the stories the link step wrote are compared with the topics encoded in the file names.
The corpus README calls the 11 topics with at most 5 articles noise: in the gold standard each
noise article is its own class, so merging noise into a cluster costs precision, and we report
how many noise articles were left alone (not forced into a cluster). The files have no dates,
so time plays no part here. `--relink` files a kept store's articles again with the current
story code (no NLP: how to iterate on linking). `--sweep` re-runs the online clusterer over the stored features at
other thresholds (cheap: no NLP) to show the precision/recall trade-off.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clustering import ari, bcubed, recluster, stored_docs  # noqa: E402
from wirewatch.api import Wirewatch  # noqa: E402
from wirewatch.engine.local import LocalEngine  # noqa: E402
from wirewatch.link.stories import StoryConfig  # noqa: E402

TOPIC: dict[str, str] = {}
CORPUS = Path(__file__).resolve().parents[2] / ("shared/corpus/clustering/wikiref/wikiref/WikiRef220")


def topic_of(path: str) -> str:
    name = Path(path).name
    return re.sub(r"(\s*\(\d+\)|\.\d+)?\.txt$", "", name).rstrip(".").lower()


def report(label: str, pred: dict[str, str], gold: dict[str, str], noise: set[str]) -> None:
    p, r, f = bcubed(pred, gold)
    size = Counter(pred.values())
    alone = sum(1 for i in noise if size[pred[i]] == 1)
    members: dict[str, set[str]] = {}
    for i, s in pred.items():
        members.setdefault(s, set()).add(gold[i] if i not in noise else "noise:" + TOPIC[i])
    into_topic = sum(1 for i in noise if size[pred[i]] > 1
                     and any(not g.startswith("noise:") for g in members[pred[i]]))
    topical = {i: g for i, g in gold.items() if i not in noise}
    tp, tr, tf = bcubed({i: pred[i] for i in topical}, topical)
    clusters = sum(1 for n in size.values() if n >= 2)
    print(f"{label}: B3 P={p:.3f} R={r:.3f} F1={f:.3f} ARI={ari(pred, gold):.3f} | "
          f"topic articles only: P={tp:.3f} R={tr:.3f} F1={tf:.3f} | clusters(>=2)={clusters} "
          f"noise left alone={alone}/{len(noise)}, merged into a main-topic cluster={into_topic}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--data", type=Path, default=None,
                    help="store folder to keep (ingested only when it holds no articles)")
    ap.add_argument("--relink", action="store_true",
                    help="also re-file the stored features with the current story code")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with LocalEngine(args.data or Path(tmp) / "data", workers=args.workers) as eng:
            summary = eng.ingest([CORPUS])
            elapsed = time.perf_counter() - t0
            docs = stored_docs(Wirewatch.of(eng))
    gold_topic = {d["id"]: topic_of(d["source_path"]) for d in docs}
    TOPIC.update(gold_topic)
    counts = Counter(gold_topic.values())
    noise = {i for i, t in gold_topic.items() if counts[t] <= 5}
    gold = {i: (f"noise:{i}" if i in noise else t) for i, t in gold_topic.items()}
    print(f"articles={len(docs)} accepted={summary.accepted} topics={len(counts)} "
          f"noise={len(noise)} ingest+NLP+link seconds={elapsed:.1f}")
    pred = {d["id"]: d["story_id"] for d in docs}
    report(f"engine (threshold {StoryConfig().threshold})", pred, gold, noise)
    if args.relink:
        report("relinked with the current code", recluster(docs), gold, noise)
    by_story: dict[str, Counter[str]] = {}
    for i, s in pred.items():
        by_story.setdefault(s, Counter())[gold_topic[i]] += 1
    for s, c in sorted(by_story.items(), key=lambda x: -sum(x[1].values()))[:8]:
        print(f"  story {s[:10]} size={sum(c.values())} topics={dict(c.most_common(4))}")
    if args.sweep:
        for th in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
            report(f"sweep threshold {th}", recluster(docs, th), gold, noise)


if __name__ == "__main__":
    main()
