"""Does the event model want more annotated articles? A learning curve on the train split.

Why: with ~250 annotated train articles the event coder's F1 is far from its target, and
annotating more is the obvious remedy; this measures what more articles of the same kind
would buy. The candidates of every train article (AllSides and BBC, plus the PLOVER
sentences' even half, as `wirewatch train events` reads them) are collected once; then, for
each share of the training folds, 5-fold out-of-fold predictions are made with models fitted
on that share only (articles drawn at random, `--draws` times), and scored on *all* articles
at the shipped model's threshold and retype margin, and at the best setting of the curve.
Dev is not read.

    .venv/bin/python benchmarks/event_learning_curve.py            # ~2 min
"""

from __future__ import annotations

import argparse
import random

from wirewatch import annotations as corpus
from wirewatch import train as T
from wirewatch.analyze.event_model import NONE, shipped_model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shares", default="0.25,0.5,0.75,1.0")
    ap.add_argument("--draws", type=int, default=2, help="random draws per share below 1")
    args = ap.parse_args()

    shipped = shipped_model()
    setting = (shipped.threshold, shipped.retype_margin)
    examples = T.collect(corpus.split("train", corpus.ANNOTATIONS) + corpus.bbc_split("train"))
    extra = T.collect_gsr("train")
    news = [ex for ex in examples if ex.scored]
    labels = sorted({lab for ex in examples + extra for lab in ex.labels} | {NONE})
    print(f"{len(news)} train articles; shipped setting: threshold {setting[0]}, "
          f"margin {setting[1]}")
    print("share  draw  P/R/F1 at the shipped setting  best F1 on the curve (P/R/F1)")
    for share in (float(s) for s in args.shares.split(",")):
        for draw in range(args.draws if share < 1 else 1):
            rng = random.Random(draw)
            probabilities = [None] * len(news)
            for k in range(T.FOLDS):
                fold = [ex for i, ex in enumerate(news) if i % T.FOLDS != k]
                model = T._fit(rng.sample(fold, int(len(fold) * share)) + extra, 0, labels)
                for i, ex in enumerate(news):
                    if i % T.FOLDS == k:
                        probabilities[i] = model.probabilities(ex.rows)
            curve = {(t, m): T.score(news, probabilities, labels, t, m)
                     for t in T.THRESHOLDS for m in T.MARGINS}
            at = curve.get(setting) or T.score(news, probabilities, labels, *setting)
            best = max(curve.values(), key=lambda v: v[2])
            print(f"{share:5.2f}  {draw:4d}  {at[0]:.3f} / {at[1]:.3f} / {at[2]:.3f}"
                  f"              {best[0]:.3f} / {best[1]:.3f} / {best[2]:.3f}")


if __name__ == "__main__":
    main()
