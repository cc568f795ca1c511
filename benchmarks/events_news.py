"""Events over real news: events per article, modality and type mix, and 50 coded events with
their evidence sentences written out for reading (issue 4).

Why: the PLOVER gold set is one clean sentence per event; news articles are long, quote-heavy
and full of planned, denied and hypothetical events. This shows what the `ww_events` component
produces there. Articles come from ../shared/corpus/news/allsides-2020.jsonl.gz (a seeded
random sample, bodies zoned from blank-line paragraphs as in analysis_throughput.py) and go
through the real `analyze_batch` (all zones, the full pipeline) in this process.

    .venv/bin/python benchmarks/events_news.py --n 200 --sample 50
    # → benchmarks/results/events_sample.md (gitignored) and a summary on stdout
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path
from typing import Any

from _news import CORPUS, analyze_all, load_sample
from wirewatch.model import Article, Event

RESULTS = Path(__file__).resolve().parent / "results"


def _side(actors: list[Any]) -> str:
    return ", ".join(f"{a.name} ({a.country or '?'}{a.sector or ''})" for a in actors) or "?"


def _event_md(i: int, article: Article, ev: Event) -> str:
    where = f" · at {ev.location.name} ({ev.location.country or '?'})" if ev.location else ""
    when = f" · {ev.date} ({ev.date_precision})" if ev.date else ""
    return (f"### {i}. {ev.type}/{ev.mode or '-'} · {ev.modality}{when}{where}\n\n"
            f"- **source** {_side(ev.source)} → **target** {_side(ev.target)}\n"
            f"- context {ev.context or '-'} · intensity {ev.intensity} · quad {ev.quad} · "
            f"CAMEO {ev.cameo_root} · confidence {ev.confidence}\n"
            f"- article: {article.outlet or '?'} — {article.title or '(untitled)'}\n\n"
            f"> {ev.evidence.sentence}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles analysed")
    parser.add_argument("--sample", type=int, default=50, help="events written out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=RESULTS / "events_sample.md")
    args = parser.parse_args()

    articles = load_sample(args.corpus, args.n, args.seed)
    analyses, elapsed = analyze_all(articles)

    per_article = [len(a.events) for a in analyses]
    events = [(a.article, ev) for a in analyses for ev in a.events]
    n_ev = len(events) or 1
    modality = Counter(ev.modality for _, ev in events)
    types = Counter(ev.type for _, ev in events)
    both = sum(1 for _, ev in events if ev.source and ev.target)
    countries = sum(1 for _, ev in events
                    if any(a.country for a in ev.source) and any(a.country for a in ev.target))
    dated = Counter((ev.date_precision or "none") for _, ev in events)
    located = sum(1 for _, ev in events if ev.location)
    words = sum(len(a.body.split()) for a in articles)

    lines = [f"{len(analyses)} articles ({words:,} words), {len(events)} events in "
             f"{elapsed:.1f} s (full analysis, 1 process)",
             f"events per article: mean {len(events) / max(len(analyses), 1):.2f}, "
             f"median {sorted(per_article)[len(per_article) // 2] if per_article else 0}, "
             f"max {max(per_article, default=0)}, articles with none "
             f"{sum(1 for c in per_article if c == 0)}",
             f"events per 1,000 words: {1000 * len(events) / max(words, 1):.2f}",
             "modality mix: " + ", ".join(f"{k} {v} ({v / n_ev:.1%})"
                                          for k, v in modality.most_common()),
             "type mix: " + ", ".join(f"{k} {v / n_ev:.1%}" for k, v in types.most_common()),
             f"with source and target: {both / n_ev:.1%}; both sides with a country: "
             f"{countries / n_ev:.1%}; with a location: {located / n_ev:.1%}",
             "date precision: " + ", ".join(f"{k} {v / n_ev:.1%}" for k, v in dated.most_common())]
    print("\n".join(lines))

    sample = random.Random(args.seed).sample(events, min(args.sample, len(events)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    md = ["# Coded events over AllSides 2020 — a random sample for reading\n",
          f"Command: `.venv/bin/python benchmarks/events_news.py --n {args.n} "
          f"--sample {args.sample} --seed {args.seed}`\n",
          *[f"- {line}" for line in lines], ""]
    md += [_event_md(i, art, ev) for i, (art, ev) in enumerate(sample, 1)]
    args.out.write_text("\n".join(md), "utf-8")
    print(f"wrote {len(sample)} events to {args.out}")


if __name__ == "__main__":
    main()
