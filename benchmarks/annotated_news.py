"""Wirewatch against our annotated AllSides articles: events, actors and quote speakers.

The records, their order and the train/dev split are fixed (docs/annotation-guide.md): the
first 160 of `random.Random(2026).sample(range(3947), 240)` are train, the rest dev. Report dev
(the default); train is what rules and models were tuned on. Gold is the adjudicated pass when
one exists, else pass a.

Events (the events issue): P/R/F1 per type and overall — a match needs the type, the sentence
and both actors (name or country); the spurious share; modality on matched events. Background
events (recalled for context) count as gold too unless --new-only.
Actors (the actors issue): entity found (a predicted entity whose name agrees), country and
sector right among found persons and organisations (finer gold codes such as EDU folded as
the analysis folds them, data/sectors.tsv); quote speaker right by how the sentence names the
speaker (named / pronoun / description).

    .venv/bin/python benchmarks/annotated_news.py              # dev
    .venv/bin/python benchmarks/annotated_news.py --split train
    .venv/bin/python benchmarks/annotated_news.py --corpus bbc  # the BBC sample's dev
    .venv/bin/python benchmarks/annotated_news.py --sample 30  # + 30 random coded events
    .venv/bin/python benchmarks/annotated_news.py --rules-only # the rules without the model
    .venv/bin/python benchmarks/annotated_news.py --split train --model /tmp/m.json  # a trial
    .venv/bin/python benchmarks/annotated_news.py --min-confidence 0.8  # `events --min-confidence`
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path
from typing import Any

import _annotations as A
from _news import analyze_all, news_article
from _scoring import (
    format_events,
    gold_entity_match,
    gold_events,
    paired_quote,
    predicted_events,
    same_name,
    score_events,
)
from wirewatch import params
from wirewatch.data import model_sector


def _gold(split: str, corpus: str = "allsides") -> list[dict[str, Any]]:
    """The split's annotations, adjudicated where they are, else pass a."""
    return A.bbc_split(split) if corpus == "bbc" else A.split(split)


def coverage(pairs: list[tuple[list[Any], list[Any]]]) -> str:
    """Where gold events stand against the predictions of their sentence (with --rules-only:
    the ceiling the rules' candidates leave the model): matched; a prediction of the same type
    whose actors disagree; predictions of other types only; nothing in the sentence."""
    counts: Counter[str] = Counter()
    for gold, pred in pairs:
        for g in gold:
            here = [p for p in pred if p.said_in(g.sentence)]
            same = [p for p in here if p.type == g.type]
            if any(g.source.agrees(p.source) and g.target.agrees(p.target) for p in same):
                counts["right type and actors"] += 1
            elif same:
                counts["right type, actors disagree"] += 1
            elif here:
                counts["other types only"] += 1
            else:
                counts["nothing in the sentence"] += 1
    total = sum(counts.values()) or 1
    return "gold events vs the predictions of their sentence: " + ", ".join(
        f"{name} {n / total:.0%}" for name, n in counts.most_common())


def score_actors(golds: list[dict[str, Any]], analyses: list[Any]) -> list[str]:
    found = total = country_ok = sector_ok = n_ps = 0
    for ann, an in zip(golds, analyses, strict=True):
        for g in ann["entities"]:
            if g["type"] not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            total += 1
            hit = gold_entity_match(g, an.entities)
            if hit is None:
                continue
            found += 1
            if g["type"] in ("PERSON", "ORG"):
                n_ps += 1
                country_ok += (hit.country or None) == g.get("country")
                gold_sector = model_sector(g.get("sector"), g["type"])
                sector_ok += (hit.sector or None) == gold_sector
    lines = [f"entities (PERSON/ORG/GPE/NORP): found {found / max(total, 1):.1%} of {total}",
             f"persons and organisations found: {n_ps}; country right {country_ok / max(n_ps, 1):.1%},"
             f" sector right {sector_ok / max(n_ps, 1):.1%}"]
    by_form: Counter[str] = Counter()
    right: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    for ann, an in zip(golds, analyses, strict=True):
        names = {e["name"]: e for e in ann["entities"]}
        for q in ann["quotes"]:
            if not q.get("speaker"):
                continue
            form = q.get("speaker_form") or "named"
            pred = paired_quote(q["text"], an.quotes)
            if pred is None:
                continue
            by_form[form] += 1
            if not pred.speaker:
                missing[form] += 1
                continue
            gold = names.get(q["speaker"], {"name": q["speaker"], "mentions": []})
            right[form] += any(same_name(pred.speaker, n)
                               for n in [gold["name"], *(gold.get("mentions") or [])])
    for form in ("named", "pronoun", "description", "none"):
        if by_form[form]:
            lines.append(f"quote speaker ({form}): right {right[form] / by_form[form]:.1%} of "
                         f"{by_form[form]} found quotes; no speaker {missing[form]}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--corpus", choices=("allsides", "bbc"), default="allsides",
                    help="the AllSides sample (annotations/news-2020) or the BBC one "
                    "(annotations/bbc-2005)")
    ap.add_argument("--new-only", action="store_true", help="leave out background events")
    ap.add_argument("--rules-only", action="store_true",
                    help="events as the rules code them, without the learned model")
    ap.add_argument("--sample", type=int, default=0, help="print N random coded events")
    ap.add_argument("--model", type=Path,
                    help="an event model file (`wirewatch train events --out`) instead of the "
                    "shipped one, to measure a trial training")
    ap.add_argument("--min-confidence", type=float, default=None, metavar="X",
                    help="score only the coded events of confidence X or more: what "
                    "`wirewatch events --min-confidence X` lists (0 to 1)")
    args = ap.parse_args()
    try:
        floor = params.fraction(args.min_confidence, "--min-confidence")
    except params.BadParameter as err:
        ap.error(str(err))

    if args.rules_only or args.model:
        from wirewatch.analyze.event_model import EventModel
        from wirewatch.analyze.pipeline import get_pipeline

        get_pipeline().get_pipe("ww_events").model = \
            EventModel.load(args.model) if args.model else None
    golds = _gold(args.split, args.corpus)
    analyses, elapsed = analyze_all([news_article(A.record(g["id"])) for g in golds])
    print(f"{args.corpus} {args.split}: {len(golds)} annotated articles analysed in "
          f"{elapsed:.1f} s")
    if floor:  # as queries/events.py filters: the stored confidence, at least the floor
        print(f"events of confidence {floor:g} or more only")
        for a in analyses:
            a.events = [e for e in a.events if e.confidence >= floor]
    pairs = [(gold_events(g, include_background=not args.new_only), predicted_events(a.events))
             for g, a in zip(golds, analyses, strict=True)]
    print(format_events(score_events(pairs)))
    print(coverage(pairs))
    for line in score_actors(golds, analyses):
        print(line)
    if args.sample:
        rng = random.Random(0)
        coded = [e for a in analyses for e in a.events]
        for e in rng.sample(coded, min(args.sample, len(coded))):
            src = ", ".join(f"{x.name}/{x.country}" for x in e.source)
            tgt = ", ".join(f"{x.name}/{x.country}" for x in e.target)
            print(f"\n{e.type}/{e.modality}: {src} -> {tgt}\n  > {e.evidence.sentence[:300]}")


if __name__ == "__main__":
    main()
