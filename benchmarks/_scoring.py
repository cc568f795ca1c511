"""Matching events, entities and quotes against our annotations (docs/annotation-guide.md).

An event matches when its type, its sentence and both actors agree: the sentences overlap (one
contains the other, or they share most of their words), and each side's actor agrees by name
(a gold name and a predicted one share their last word, or one contains the other) or by
country. A gold event without a target matches only a prediction without one. Matching is
one-to-one and greedy, within one article (the rule lives in `wirewatch.annotations`, which
training shares); this module tallies.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from wirewatch.annotations import (  # noqa: F401  (re-exported for the benchmarks)
    Ev,
    Side,
    gold_entity_match,
    gold_events,
    match,
    predicted_events,
    same_name,
    same_sentence,
    words,
)


def paired_quote(gold_text: str, preds: list[Any]) -> Any | None:
    """The predicted direct quote that is this gold quote: among those that agree with it
    (`same_sentence`, or the gold's first words inside the prediction), the one covering the
    largest share of the gold's words. Why not the first that agrees: containment makes a
    one-word quote earlier in the article ("No.", "CHINA!") agree with any long quote holding
    that word, and its speaker would be scored for the long quote's."""
    gold_words = words(gold_text)
    head = " ".join(gold_words)[:60]
    best, best_cover = None, -1.0
    for p in preds:
        if p.kind != "direct" or not (same_sentence(p.text, gold_text)
                                      or head in " ".join(words(p.text))):
            continue
        cover = sum((Counter(gold_words) & Counter(words(p.text))).values()) \
            / max(len(gold_words), 1)
        if cover > best_cover:
            best, best_cover = p, cover
    return best


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_events(pairs_of_lists: list[tuple[list[Ev], list[Ev]]]) -> dict[str, Any]:
    """Overall and per-type P/R/F1, the spurious share (predictions whose sentence holds no
    gold event at all) and modality accuracy on matched events."""
    overall = Tally()
    per_type: dict[str, Tally] = {}
    spurious = 0
    n_pred = 0
    modality_ok = 0
    for gold, pred in pairs_of_lists:
        pairs = match(gold, pred)
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for gi, pi in pairs:
            modality_ok += gold[gi].modality == pred[pi].modality
        for i, g in enumerate(gold):
            t = per_type.setdefault(g.type, Tally())
            if i in matched_g:
                t.tp += 1
                overall.tp += 1
            else:
                t.fn += 1
                overall.fn += 1
        for i, p in enumerate(pred):
            n_pred += 1
            if i not in matched_p:
                per_type.setdefault(p.type, Tally()).fp += 1
                overall.fp += 1
                if not any(p.said_in(g.sentence) for g in gold):
                    spurious += 1
    return {"overall": overall, "per_type": per_type,
            "spurious": spurious / n_pred if n_pred else 0.0,
            "modality": modality_ok / overall.tp if overall.tp else 0.0,
            "n_gold": overall.tp + overall.fn, "n_pred": n_pred}


def format_events(res: dict[str, Any]) -> str:
    o = res["overall"]
    lines = [f"events: P {o.precision:.3f}  R {o.recall:.3f}  F1 {o.f1:.3f}  "
             f"(gold {res['n_gold']}, predicted {res['n_pred']}, matched {o.tp})",
             f"spurious {res['spurious']:.1%} of predictions; modality right on "
             f"{res['modality']:.1%} of matched",
             f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"]
    for name, t in sorted(res["per_type"].items(), key=lambda kv: -(kv[1].tp + kv[1].fn)):
        lines.append(f"{name:<10} {t.precision:6.2f} {t.recall:6.2f} {t.f1:6.2f} "
                     f"{t.tp + t.fn:5d}")
    return "\n".join(lines)
