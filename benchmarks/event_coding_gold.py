"""Event coding accuracy on the PLOVER gold-standard records (issue 4).

Runs the analysis pipeline's entity, actor and time components plus `ww_events` over each of the
322 English sentences of ../shared/corpus/events/plover/PLOVER_GSR_CAMEO.txt (the DOCUMENT record
is skipped; old type names are mapped as the corpus README says) and reports, for the sentence's
main event (the event whose trigger is nearest the root of the parse, then the first):

- event-type accuracy (no event found counts as wrong),
- source-country and target-country accuracy (over records whose gold side has a code: right
  when a predicted actor's ISO-3 country - or IGO/NGO sector - is among the gold codes),
- the share of sentences with no event at all,

plus the same figures when *any* event of the sentence may match, and a confusion summary.
Anchor: GDELT's manual check gave 81.2 % event code, 79 % Actor1, 78.5 % Actor2.

    .venv/bin/python benchmarks/event_coding_gold.py [--part held-out|all|train] [--rules-only]
        [--gsr PATH] [--errors N] [--json OUT] [--model FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from wirewatch.annotations import GSR  # ../shared/corpus/events/plover/PLOVER_GSR_CAMEO.txt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gsr", type=Path, default=GSR)
    parser.add_argument("--errors", type=int, default=0, help="print N type errors")
    parser.add_argument("--rules-only", action="store_true",
                        help="the rules' candidates without the learned model")
    parser.add_argument("--part", choices=("all", "held-out", "train"), default="held-out",
                        help="the event model learns from the even-numbered half ('train'); "
                        "report the odd half it never saw ('held-out', the default) or all")
    parser.add_argument("--json", type=Path, help="write per-record results here")
    parser.add_argument("--model", type=Path,
                        help="an event model file (`wirewatch train events --out`) instead of "
                        "the shipped one, to measure a trial training")
    args = parser.parse_args()

    import wirewatch.analyze.events  # noqa: F401
    from wirewatch.analyze.event_model import EventModel
    from wirewatch.analyze.events import find_events
    from wirewatch.analyze.pipeline import build_pipeline
    from wirewatch.annotations import gsr_codes, gsr_records
    from wirewatch.train import actor_codes

    records = gsr_records(args.part, args.gsr)
    nlp = build_pipeline(["ww_entities", "ww_actors", "ww_timex", "ww_coref"])
    components = list(nlp.pipe_names)
    texts = [r["text"] for r in records]
    t0 = time.perf_counter()
    docs = []
    for doc in nlp.pipe(texts, batch_size=64):
        doc._.ww_zone = "body"
        docs.append(doc)
    t1 = time.perf_counter()
    model: EventModel | None | bool = None if args.rules_only else \
        EventModel.load(args.model) if args.model else True
    found_all = [find_events(doc, model) for doc in docs]
    t2 = time.perf_counter()

    n = len(records)
    type_ok = any_type_ok = none = 0
    src_ok = src_n = tgt_ok = tgt_n = any_src_ok = any_tgt_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    rows = []
    for rec, found in zip(records, found_all, strict=True):
        gold = rec["event"]  # today's type names (gsr_records maps the old ones)
        gsrc, gtgt = gsr_codes(rec.get("source")), gsr_codes(rec.get("target"))
        if not found:
            none += 1
            confusion[(gold, "-none-")] += 1
            main_ev = None
        else:
            def rank(item: tuple[Any, Any]) -> tuple[int, int]:
                _event, trigger = item
                return sum(1 for _ in trigger.ancestors), trigger.i

            main_ev = min(found, key=rank)[0]
            confusion[(gold, main_ev.type)] += 1
        pred = main_ev.type if main_ev else "-none-"
        type_ok += pred == gold
        any_type_ok += any(e.type == gold for e, _ in found)
        if gsrc:
            src_n += 1
            src_ok += bool(main_ev and actor_codes(main_ev.source) & gsrc)
            any_src_ok += any(actor_codes(e.source) & gsrc for e, _ in found)
        if gtgt:
            tgt_n += 1
            tgt_ok += bool(main_ev and actor_codes(main_ev.target) & gtgt)
            any_tgt_ok += any(actor_codes(e.target) & gtgt for e, _ in found)
        rows.append({"id": rec["id"], "gold": gold, "pred": pred, "text": rec["text"],
                     "gold_source": sorted(gsrc), "gold_target": sorted(gtgt),
                     "source": sorted(actor_codes(main_ev.source)) if main_ev else [],
                     "target": sorted(actor_codes(main_ev.target)) if main_ev else []})

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f} %" if b else "  n/a"

    print(f"PLOVER GSR ({args.part}): {n} sentences ({args.gsr.name}); components: {', '.join(components)}"
          " + ww_events")
    print(f"{'measure':34} {'main event':>10} {'any event':>10} {'target':>8} {'GDELT':>7}")
    print(f"{'event-type accuracy':34} {pct(type_ok, n):>10} {pct(any_type_ok, n):>10} "
          f"{'≥85 %':>8} {'81.2 %':>7}")
    print(f"{'source-country accuracy (n=' + str(src_n) + ')':34} {pct(src_ok, src_n):>10} "
          f"{pct(any_src_ok, src_n):>10} {'≥85 %':>8} {'79.0 %':>7}")
    print(f"{'target-country accuracy (n=' + str(tgt_n) + ')':34} {pct(tgt_ok, tgt_n):>10} "
          f"{pct(any_tgt_ok, tgt_n):>10} {'≥85 %':>8} {'78.5 %':>7}")
    print(f"{'sentences with no event':34} {pct(none, n):>10} {'':>10} {'<5 %':>8}")
    print(f"time: pipeline {t1 - t0:.1f} s, events {t2 - t1:.2f} s "
          f"({100 * (t2 - t1) / max(t2 - t0, 1e-9):.0f} % of the two)")

    print("\nper gold type: n, main-event accuracy, most frequent wrong answers")
    gold_n = Counter(r["gold"] for r in rows)
    for gold, count in gold_n.most_common():
        ok = confusion[(gold, gold)]
        wrong = [(p, c) for (g, p), c in confusion.most_common() if g == gold and p != gold]
        print(f"  {gold:10} {count:4} {pct(ok, count):>8}   "
              + ", ".join(f"{p} {c}" for p, c in wrong[:4]))
    if args.errors:
        print("\ntype errors:")
        for r in [r for r in rows if r["pred"] != r["gold"]][:args.errors]:
            print(f"  {r['id']}: gold {r['gold']} pred {r['pred']}: {r['text'][:150]}")
    if args.json:
        args.json.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")


if __name__ == "__main__":
    main()
