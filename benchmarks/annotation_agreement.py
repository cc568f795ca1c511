"""Agreement between two independent annotation passes (a, b): the AllSides sample, or
another annotated set (`--folder annotations/aeb-2019`: the records annotated twice there).

Event-level F1 of pass b against pass a with the scorer's matching (benchmarks/_scoring.py):
type, sentence and both actors (name or country). Also entity country and sector agreement on
the entities both passes list (matched by name).

    .venv/bin/python benchmarks/annotation_agreement.py
    .venv/bin/python benchmarks/annotation_agreement.py --folder annotations/aeb-2019
"""

from __future__ import annotations

import argparse
from pathlib import Path

import _annotations as A
from _scoring import format_events, gold_events, same_name, score_events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=A.ANNOTATIONS,
                    help="an annotation folder holding passes a and b")
    folder = ap.parse_args().folder
    a, b = A.load("a", folder), A.load("b", folder)
    both = sorted(set(a) & set(b))
    pairs = [(gold_events(A.with_text(a[i])), gold_events(A.with_text(b[i]))) for i in both]
    print(f"records annotated twice: {len(both)}")
    print(format_events(score_events(pairs)))
    print(f"(as gold: pass a, {sum(len(g) for g, _ in pairs)} events; "
          f"pass b: {sum(len(p) for _, p in pairs)})")
    country = sector = n = 0
    for i in both:
        for ea in a[i]["entities"]:
            eb = next((e for e in b[i]["entities"] if same_name(e["name"], ea["name"])), None)
            if eb is None:
                continue
            n += 1
            country += ea.get("country") == eb.get("country")
            sector += ea.get("sector") == eb.get("sector")
    if n:
        print(f"entities in both passes: {n}; country agrees {country / n:.1%}, "
              f"sector agrees {sector / n:.1%}")


if __name__ == "__main__":
    main()
