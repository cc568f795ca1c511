"""Matching events, entities and quotes against our annotations (docs/annotation-guide.md).

An event matches when its type, its sentence and both actors agree: the sentences overlap (one
contains the other, or they share most of their words), and each side's actor agrees by name
(a gold name and a predicted one share their last word, or one contains the other) or by
country. A gold event without a target matches only a prediction without one. Matching is
one-to-one and greedy, within one article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"\w+")


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def same_sentence(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    ja, jb = " ".join(wa), " ".join(wb)
    if ja in jb or jb in ja:
        return True
    common = sum((Counter(wa) & Counter(wb)).values())
    return common / min(len(wa), len(wb)) >= 0.7


def same_name(a: str | None, b: str | None) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if wa[-1] == wb[-1]:
        return True
    ja, jb = " ".join(wa), " ".join(wb)
    return ja in jb or jb in ja


@dataclass
class Side:
    """One side of an event: the names and countries it may be recognised by."""

    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.names and not self.countries

    def agrees(self, other: Side) -> bool:
        if self.empty or other.empty:
            return self.empty and other.empty
        if any(same_name(a, b) for a in self.names for b in other.names):
            return True
        return bool(set(self.countries) & set(other.countries))


@dataclass
class Ev:
    type: str
    source: Side
    target: Side
    sentence: str
    modality: str | None = None
    background: bool = False
    raw: Any = None


def gold_events(ann: dict[str, Any], include_background: bool = True) -> list[Ev]:
    out = []
    for e in ann["events"]:
        if e.get("background") and not include_background:
            continue
        src = Side([e["source"]] if e.get("source") else [],
                   [e["source_country"]] if e.get("source_country") else [])
        tgt = Side([e["target"]] if e.get("target") else [],
                   [e["target_country"]] if e.get("target_country") else [])
        out.append(Ev(e["type"], src, tgt, e.get("evidence_text", ""), e.get("modality"),
                      bool(e.get("background")), e))
    return out


def predicted_events(events: list[Any]) -> list[Ev]:
    """Events of an analysis (model.Event objects) as Ev."""
    out = []
    for e in events:
        src = Side([a.name for a in e.source if a.name], [a.country for a in e.source if a.country])
        tgt = Side([a.name for a in e.target if a.name], [a.country for a in e.target if a.country])
        out.append(Ev(e.type, src, tgt, e.evidence.sentence, e.modality, raw=e))
    return out


def match(gold: list[Ev], pred: list[Ev]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index)."""
    pairs = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used or p.type != g.type or not same_sentence(g.sentence, p.sentence):
                continue
            if g.source.agrees(p.source) and g.target.agrees(p.target):
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


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
                if not any(same_sentence(g.sentence, p.sentence) for g in gold):
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
