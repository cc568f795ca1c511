"""What more annotated articles of other sources buy the event model (issue 13).

Cross-validation scored on the 250 articles the model was first trained on (AllSides train 160
and BBC positions 0-29, 40-99), with the newer train articles — BBC positions 100-339, the 161
web pages of 2019 (annotations/aeb-2019), the 120 WikiRef220 articles (annotations/wikiref), and
BBC positions 340-854 — always in the training folds (weight 1, never scored), plus the PLOVER
sentences and the seed sentences as `make train` uses them. So the figures compare like with
like: the same scored articles, more training data. Train splits only; ~10 min (the candidates
of 1,286 articles).

    .venv/bin/python benchmarks/event_data_sources.py
"""

from __future__ import annotations

from wirewatch import annotations as corpus
from wirewatch import train as T


def main() -> None:
    first = {r["ID"] for r in corpus.bbc_sample()}
    bbc = corpus.bbc_split("train")
    base = T.collect(corpus.split("train") + [a for a in bbc if a["id"] in first])
    later = {r["ID"] for r in corpus.bbc_order()[340:]}
    more_bbc = T.collect([a for a in bbc if a["id"] not in first | later])
    rest_bbc = T.collect([a for a in bbc if a["id"] in later])
    aeb = T.collect(corpus.aeb_split("train"))
    wiki = T.collect(corpus.wikiref_split("train"))
    # the PLOVER and seed sentences train in every fold, unscored, at their own weight
    sentences = T.collect_gsr("train") + T.collect_seeds()
    print(f"scored: {len(base)} articles; more: BBC {len(more_bbc)}, web pages {len(aeb)}, "
          f"WikiRef {len(wiki)}, BBC 340-854 {len(rest_bbc)}")
    for name, extra in (("the 250 alone", []), ("+ BBC and web pages", more_bbc + aeb),
                        ("+ WikiRef too", more_bbc + aeb + wiki),
                        ("+ BBC 340-854", more_bbc + aeb + wiki + rest_bbc)):
        curve = T.cross_validate(base + sentences, 0, always=extra)
        chosen = T.choose_setting(curve)
        p, r, f1 = curve[(0.7, 4.0)]
        cp, cr, cf = curve[chosen]
        print(f"{name:22} at (0.7, 4): P {p:.3f} R {r:.3f} F1 {f1:.3f}   chosen {chosen}: "
              f"P {cp:.3f} R {cr:.3f} F1 {cf:.3f}")


if __name__ == "__main__":
    main()
