"""Training the learned parts of the analysis from our annotated news (`wirewatch train events`).

An orchestrator beside api.py: it runs the analysis pipeline over the annotated train split
(docs/annotation-guide.md; never the dev split), asks the rules for their event candidates,
labels each candidate with the type of the gold event it matches — by the scorer's own rule:
same sentence, both actors agreeing (benchmarks/annotated_news.py) — or `none` (a candidate
of the right type but wrong actors counts as its type at `WRONG_ACTORS_WEIGHT`), and fits
`analyze.event_model`. The decision threshold is chosen by cross-validation over train
articles, so dev stays unseen. Same annotations, same code, same seed → the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wirewatch import annotations as corpus
from wirewatch.analyze.event_model import NONE, EventModel, decide, fit
from wirewatch.analyze.events import event_key, one_per_act
from wirewatch.model import ActorRef, Event

THRESHOLDS = (0.1, 0.2, *(round(0.3 + 0.05 * i, 2) for i in range(14)), 0.97, 0.99)
# A retype overrides the rules' lexical reading of the trigger, so the model must prefer the
# other type by half again at least (a phone call is not recoded ACCUSE on a near coin flip);
# 1e9: never retype
MARGINS = (1.5, 2.0, 4.0, 8.0, 1e9)
FOLDS = 5
# Cross-validated F1 within this share of the best counts as the best (fold noise):
# `choose_setting`
F1_PLATEAU = 0.03
# A PLOVER gold sentence counts this many times a news candidate: international events are
# rare in the annotated (mostly US domestic) news, and the coder must stay good at them.
GSR_WEIGHT = 3.0
# A candidate of a gold event's type in its sentence but with actors the scorer rejects counts
# as that type at this weight: its trigger's word sense is right (full weight would teach the
# model to keep the actor finder's errors, scored spurious; none would call the sense wrong).
# Cross-validated on train: 0.3 beat 1 (the former labelling) and 0 (`none`, or left out).
WRONG_ACTORS_WEIGHT = 0.3


@dataclass
class ArticleExamples:
    """One annotated article: its rule candidates, their features and labels, and the gold."""

    record_id: str
    events: list[Event]
    rows: list[list[str]]
    labels: list[str]
    gold: list[corpus.Ev] = field(default_factory=list)
    scored: bool = True          # news articles are scored; PLOVER sentences only add examples
    weights: list[float] = field(default_factory=list)   # per candidate; empty: all 1
    # per candidate, its trigger (`events.one_per_act`); empty: each candidate an act of its own
    acts: list[tuple[int, int]] = field(default_factory=list)


def weigh_candidates(events: Sequence[Event], gold: Sequence[corpus.Ev]
                     ) -> tuple[list[str], list[float]]:
    """Labels and weights: a candidate's own type when its sentence holds a gold event of
    that type whose actors agree with it (the scorer's rule); else its own type at
    `WRONG_ACTORS_WEIGHT` when the sentence holds a gold event of that type with other actors
    (right word sense, but kept it is scored spurious); else the type of a gold event of its
    sentence whose actors agree (a retype); else `none`."""
    labels, weights = [], []
    for pred in corpus.predicted_events(list(events)):
        here = [g for g in gold if corpus.same_sentence(g.sentence, pred.sentence)]
        fits = [g for g in here if g.source.agrees(pred.source) and g.target.agrees(pred.target)]
        weight = 1.0
        if any(g.type == pred.type for g in fits):
            label = pred.type
        elif any(g.type == pred.type for g in here):
            label, weight = pred.type, WRONG_ACTORS_WEIGHT
        else:
            label = fits[0].type if fits else NONE
        labels.append(label)
        weights.append(weight)
    return labels, weights


def collect(annotated: Sequence[dict[str, Any]],
            progress: Callable[[int], None] | None = None) -> list[ArticleExamples]:
    """Run the pipeline (rules only) over annotated articles and label every candidate."""
    from wirewatch.analyze import zone_docs

    nlp = event_pipeline()
    out: list[ArticleExamples] = []
    step = 16
    for start in range(0, len(annotated), step):
        chunk = annotated[start:start + step]
        articles = [corpus.news_article(corpus.record(ann["id"])) for ann in chunk]
        docs = zone_docs([a for a in articles if a is not None], nlp)
        kept = [ann for ann, a in zip(chunk, articles, strict=True) if a is not None]
        for i, ann in enumerate(kept):
            zones = docs.get(i, [])
            found = [c for doc in zones for c in doc._.ww_event_candidates or []]
            acts = [(k, t) for k, doc in enumerate(zones) for t in doc._.ww_event_acts or []]
            gold = corpus.gold_events(ann)
            events = [e for e, _ in found]
            labels, weights = weigh_candidates(events, gold)
            out.append(ArticleExamples(ann["id"], events, [f for _, f in found],
                                       labels, gold, weights=weights, acts=acts))
        if progress is not None:
            progress(len(chunk))
    return out


# An analyst's correction is a checked label on exactly a mistake the coder makes: its
# examples are counted this many times over (each time weighted as a PLOVER sentence is).
CORRECTION_REPEAT = 3


def collect_corrections(path: Path, progress: Callable[[int], None] | None = None
                        ) -> list[ArticleExamples]:
    """Analysts' corrections (`wirewatch corrections export`, corrections.py) as training
    examples. Only the corrected sentences teach: a candidate there is labelled by the
    corrected events as `weigh_candidates` labels against the gold (an event marked not an
    event is no gold, so its candidates become `none`); the article's other candidates are
    left out, since nobody checked them. Unscored, like the PLOVER sentences (weighted as
    they are, `CORRECTION_REPEAT` times over), so cross-validation still measures the
    annotated news alone."""
    from wirewatch import corrections as corr
    from wirewatch.analyze import zone_docs
    from wirewatch.model import Article

    docs_in = corr.load_export(path)
    nlp = event_pipeline()
    out: list[ArticleExamples] = []
    for ann in docs_in:
        article = Article.from_dict(ann["article"])
        spans = [(e["evidence"]["start"], e["evidence"]["end"]) for e in ann["events"]]
        gold = corpus.gold_events({"events": [e for e in ann["events"]
                                              if not e.get("not_event")]})
        docs = zone_docs([article], nlp).get(0, [])
        found = [c for doc in docs for c in doc._.ww_event_candidates or []
                 if any(c[0].evidence.start < end and c[0].evidence.end > start
                        for start, end in spans)]
        if not found:
            continue
        events = [e for e, _ in found]
        labels, weights = weigh_candidates(events, gold)
        out.extend(ArticleExamples(f"correction:{ann['id']}", events, [f for _, f in found],
                                   labels, gold, scored=False, weights=weights)
                   for _ in range(CORRECTION_REPEAT))
        if progress is not None:
            progress(1)
    return out


NON_STATE = ("IGO", "NGO", "MNC", "IMG", "ISM")


def event_pipeline() -> Any:
    """The analysis pipeline up to and including `ww_events`, which proposes candidates by
    rules only and keeps them with their features."""
    from wirewatch.analyze.pipeline import COMPONENTS, build_pipeline

    names = [name for name, _ in COMPONENTS]
    nlp = build_pipeline(names[:names.index("ww_events") + 1])
    component = nlp.get_pipe("ww_events")
    component.model = None
    component.keep_candidates = True
    return nlp


def actor_codes(actors: Sequence[ActorRef]) -> set[str]:
    """The codes an actor side is known by in the PLOVER gold sentences."""
    return {a.country for a in actors if a.country} | \
        {a.sector for a in actors if a.sector in NON_STATE}


def collect_gsr(part: str = "train") -> list[ArticleExamples]:
    """Candidates of the PLOVER gold sentences (international news, one coded event each),
    labelled as news candidates are (`weigh_candidates`; actors agree by code). Only the
    "train" half is ever learned from; the benchmark reports the held-out half apart."""
    records = corpus.gsr_records(part)
    nlp = event_pipeline()
    out = []
    docs = []
    for doc in nlp.pipe((nlp.make_doc(r["text"]) for r in records), batch_size=64):
        docs.append(doc)
    for rec, doc in zip(records, docs, strict=True):
        found = doc._.ww_event_candidates or []
        src, tgt = corpus.gsr_codes(rec.get("source")), corpus.gsr_codes(rec.get("target"))
        labels, weights = [], []
        for event, _ in found:
            agree = (not src or actor_codes(event.source) & src) and \
                (not tgt or actor_codes(event.target) & tgt)
            labels.append(rec["event"] if agree or event.type == rec["event"] else NONE)
            weights.append(1.0 if agree or event.type != rec["event"] else
                           WRONG_ACTORS_WEIGHT)
        out.append(ArticleExamples(f"gsr:{rec['id']}", [e for e, _ in found],
                                   [f for _, f in found], labels, scored=False,
                                   weights=weights,
                                   acts=[(0, t) for t in doc._.ww_event_acts or []]))
    return out


def collect_seeds() -> list[ArticleExamples]:
    """Candidates of our invented seed sentences (data/event_seeds.tsv: one act each, for
    readings the news sample holds too few of), labelled like the PLOVER sentences: a
    candidate of the seed's type whose actors agree by name is that type, one of its type with
    other actors is that type at `WRONG_ACTORS_WEIGHT`, any other `none`."""
    from wirewatch import data

    seeds = data.rows("event_seeds.tsv")
    nlp = event_pipeline()
    out = []
    for n, (seed, doc) in enumerate(zip(seeds, nlp.pipe(s["text"] for s in seeds),
                                        strict=True)):
        found = doc._.ww_event_candidates or []
        labels, weights = [], []
        for event in corpus.predicted_events([e for e, _ in found]):
            agree = any(corpus.same_name(seed["source"], a) for a in event.source.names) and \
                any(corpus.same_name(seed["target"], a) for a in event.target.names)
            labels.append(seed["type"] if event.type == seed["type"] else NONE)
            weights.append(1.0 if agree or event.type != seed["type"] else WRONG_ACTORS_WEIGHT)
        out.append(ArticleExamples(f"seed:{n}", [e for e, _ in found], [f for _, f in found],
                                   labels, scored=False, weights=weights,
                                   acts=[(0, t) for t in doc._.ww_event_acts or []]))
    return out


def _fit(examples: Sequence[ArticleExamples], seed: int,
         classes: Sequence[str] = ()) -> EventModel:
    rows = [r for ex in examples for r in ex.rows]
    labels = [lab for ex in examples for lab in ex.labels]
    weights = [(1.0 if ex.scored else GSR_WEIGHT) * w for ex in examples
               for w in ex.weights or [1.0] * len(ex.rows)]
    return fit(rows, labels, seed=seed, classes=classes, weights=weights)


def score(examples: Sequence[ArticleExamples], probabilities: Sequence[np.ndarray],
          labels: Sequence[str], threshold: float,
          margin: float) -> tuple[float, float, float]:
    """P/R/F1 of the candidates kept at `threshold` and retyped at `margin`, one per act
    (`events.one_per_act`, as analysis keeps them), by the scorer's rule."""
    tp = n_pred = n_gold = 0
    none = labels.index(NONE)
    for ex, probs in zip(examples, probabilities, strict=True):
        kept, acts, p_none = [], [], []
        for j, (event, p) in enumerate(zip(ex.events, probs, strict=True)):
            label, _ = decide(p, labels, threshold, margin, event.type)
            if label == NONE:
                continue
            kept.append(Event(type=label, source=event.source, target=event.target,
                              evidence=event.evidence, modality=event.modality))
            acts.append(ex.acts[j] if ex.acts else (-1, j))
            p_none.append(float(p[none]))
        kept = [kept[k] for k in one_per_act(kept, acts, p_none)]
        seen, unique = set(), []
        for e in kept:
            if event_key(e) not in seen:
                seen.add(event_key(e))
                unique.append(e)
        tp += len(corpus.match(ex.gold, corpus.predicted_events(unique)))
        n_pred += len(unique)
        n_gold += len(ex.gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def cross_validate(examples: Sequence[ArticleExamples], seed: int, folds: int = FOLDS,
                   always: Sequence[ArticleExamples] = ()
                   ) -> dict[tuple[float, float], tuple[float, float, float]]:
    """Out-of-fold P/R/F1 at each (threshold, retype margin); articles dealt to folds in
    order. `always`: articles in every training fold, never scored (what more data buys the
    same scored articles: benchmarks/event_data_sources.py)."""
    news = [ex for ex in examples if ex.scored]
    extra = [ex for ex in examples if not ex.scored] + list(always)
    probabilities: list[np.ndarray] = [np.zeros(0) for _ in news]
    labels = sorted({lab for ex in [*examples, *always] for lab in ex.labels} | {NONE})
    for k in range(folds):
        train = [ex for i, ex in enumerate(news) if i % folds != k] + extra
        model = _fit(train, seed, labels)
        for i, ex in enumerate(news):
            if i % folds == k:
                probabilities[i] = model.probabilities(ex.rows)
    return {(t, m): score(news, probabilities, labels, t, m)
            for t in THRESHOLDS for m in MARGINS}


def model_version(record_ids: Sequence[str], model: EventModel, seed: int) -> str:
    """`events-<hash>-s<seed>`: the hash of the training records *and* of what was learned
    from them (threshold, margin, weights), so a model from new rules or features on the same
    records gets a new name, and events coded by it say so (`Event.model_version`)."""
    learned = {k: v for k, v in model.to_json().items() if k != "meta"}
    digest = hashlib.sha256(json.dumps([list(record_ids), learned], sort_keys=True)
                            .encode()).hexdigest()
    return f"events-{digest[:8]}-s{seed}"


def choose_setting(curve: dict[tuple[float, float], tuple[float, float, float]]
                   ) -> tuple[float, float]:
    """The most precise (threshold, margin) whose cross-validated F1 is within `F1_PLATEAU`
    (a share) of the best (ties: the setting that drops and retypes least). Why not the best F1 alone: the
    F1 curve is flat over a wide range of thresholds (differences within fold noise) while
    precision falls steadily along it, and a spurious event is what an analyst sees and
    stops trusting; the precise end of the plateau costs F1 only noise."""
    best = max(f1 for _p, _r, f1 in curve.values())
    plateau = [tm for tm, (_p, _r, f1) in curve.items() if f1 >= best * (1 - F1_PLATEAU)]
    return max(plateau, key=lambda tm: (curve[tm][0], tm[0], tm[1]))


def train_events(examples: Sequence[ArticleExamples], seed: int = 0) -> tuple[EventModel,
                                                                              dict[str, Any]]:
    """The event model fitted on all `examples`, its threshold chosen by cross-validation."""
    curve = cross_validate(examples, seed)
    threshold, margin = choose_setting(curve)
    model = _fit(examples, seed)
    model.threshold, model.retype_margin = threshold, margin
    p, r, f1 = curve[(threshold, margin)]
    other = ("bbc-", "aeb-", "wikiref-")  # record IDs of the other samples
    model.meta = {
        "version": model_version([ex.record_id for ex in examples], model, seed),
        "trained_on": f"{sum(ex.scored for ex in examples)} annotated train articles "
                      f"(annotations/news-2020: "
                      f"{sum(ex.scored and not ex.record_id.startswith(other) for ex in examples)}"
                      f", annotations/bbc-2005: "
                      f"{sum(ex.record_id.startswith('bbc-') for ex in examples)}"
                      f", annotations/aeb-2019: "
                      f"{sum(ex.record_id.startswith('aeb-') for ex in examples)}"
                      f", annotations/wikiref: "
                      f"{sum(ex.record_id.startswith('wikiref-') for ex in examples)}) + "
                      f"{sum(not ex.scored for ex in examples)} PLOVER gold sentences "
                      "(the even half)",
        "candidates": sum(len(ex.rows) for ex in examples),
        "positives": sum(lab != NONE for ex in examples for lab in ex.labels),
        "seed": seed,
        "precision_recall": {str(t): [round(x, 3) for x in curve[(t, margin)]]
                             for t in THRESHOLDS},
        "cross_validated": {"folds": FOLDS, "threshold": threshold, "retype_margin": margin,
                            "precision": round(p, 4),
                            "recall": round(r, 4), "f1": round(f1, 4)},
    }
    return model, {f"{t}/{m}": [round(x, 4) for x in v] for (t, m), v in curve.items()}


def default_model_path() -> Path:
    from wirewatch.analyze.event_model import MODEL_FILE

    return Path(__file__).resolve().parent / "data" / MODEL_FILE


@dataclass
class TrainSummary:
    model: EventModel
    path: Path
    articles: int
    curve: dict[str, list[float]]


def train_annotations(annotations_dir: Path | None = None) -> list[dict[str, Any]]:
    """The annotated articles the event model learns from: the AllSides train split (of
    `annotations_dir` when given, and then only that), the BBC, AEB and WikiRef train articles."""
    annotated = corpus.split("train", annotations_dir or corpus.ANNOTATIONS)
    if annotations_dir is None:
        annotated += corpus.bbc_split("train") + corpus.aeb_split("train") + \
            corpus.wikiref_split("train")
    return annotated


def train_events_from_corpus(out: Path | None = None, seed: int = 0,
                             annotations_dir: Path | None = None, corpus_path: Path | None = None,
                             limit: int | None = None,
                             progress: Callable[[int], None] | None = None,
                             gsr: bool = True, corrections: Path | None = None
                             ) -> TrainSummary:
    """Collect the train split's candidates, fit, and write the model (default: the package's
    data/event_model.json, which analysis loads)."""
    if corpus_path is not None:
        corpus.use_corpus(corpus_path)
    annotated = train_annotations(annotations_dir)
    if limit is not None:
        annotated = annotated[:limit]
    examples = collect(annotated, progress)
    if gsr and corpus.GSR.is_file():
        examples += collect_gsr("train")
    examples += collect_seeds()
    if corrections is not None:  # analysts' corrections (corrections.py), exported
        examples += collect_corrections(corrections)
    model, curve = train_events(examples, seed)
    path = out or default_model_path()
    model.save(path)
    return TrainSummary(model, path, sum(ex.scored for ex in examples), curve)
