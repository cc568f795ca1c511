"""Where actor country and sector go wrong on the annotated news (train split only: tuning
never reads dev). Matches gold persons and organisations to predicted entities as
`annotated_news.score_actors` does and lists each wrong one with its roles, plus a confusion
summary, so the largest error classes stand out.

    .venv/bin/python benchmarks/actor_errors.py              # sector and country errors
    .venv/bin/python benchmarks/actor_errors.py --what sector --corpus bbc
    .venv/bin/python benchmarks/actor_errors.py --corpus aeb     # or wikiref: all train
    .venv/bin/python benchmarks/actor_errors.py --what type --corpus bbc  # PERSON vs ORG vs GPE
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

import _annotations as A
from _news import analyze_all, news_article
from _scoring import gold_entity_match
from wirewatch.data import model_sector

TRAIN = {"allsides": lambda: A.split("train"), "bbc": lambda: A.bbc_split("train"),
         "aeb": lambda: A.aeb_split("train"), "wikiref": lambda: A.wikiref_split("train")}


def errors(golds: list[dict[str, Any]], analyses: list[Any], what: str) -> list[str]:
    """One line per found person/organisation whose `what` (country|sector|type) is wrong."""
    out: list[str] = []
    confusion: Counter[tuple[str, str]] = Counter()
    for ann, an in zip(golds, analyses, strict=True):
        for g in ann["entities"]:
            if g["type"] not in ("PERSON", "ORG"):
                continue
            hit = gold_entity_match(g, an.entities)
            if hit is None:
                continue
            gold, pred = g.get(what), getattr(hit, what) or None
            if what == "sector":  # the gold may use finer codes (EDU, ELI): fold them alike
                gold = model_sector(gold, g["type"])
            confusion[(str(gold), str(pred))] += 1
            if gold == pred:
                continue
            roles = "; ".join(f"{r.get('role')}/{r.get('country')}" for r in hit.roles)
            out.append(f"{gold}\t{pred}\t{g['type']}\t{g['name']!r} -> {hit.name!r} "
                       f"[{hit.type}] roles: {roles} | gold role: {g.get('role')} "
                       f"| {ann['id'][:10]}")
    out.sort()
    right = sum(n for (a, b), n in confusion.items() if a == b)
    total = sum(confusion.values())
    out.append(f"\n{what} right: {right} of {total} found persons and organisations "
               f"({right / max(total, 1):.1%})")
    out.append("\ngold -> predicted: count (right ones too)")
    out += [f"{a} -> {b}: {n}" for (a, b), n in confusion.most_common()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--what", choices=("sector", "country", "type", "both"), default="both")
    ap.add_argument("--corpus", choices=tuple(TRAIN), default="allsides")
    args = ap.parse_args()
    golds = TRAIN[args.corpus]()
    analyses, _ = analyze_all([news_article(A.record(g["id"])) for g in golds])
    for what in ("sector", "country") if args.what == "both" else (args.what,):
        print(f"== {what} ==")
        print("\n".join(errors(golds, analyses, what)))


if __name__ == "__main__":
    main()
