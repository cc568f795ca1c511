"""The learned half of the event coder: a softmax (multinomial logistic) model over sparse
string features that decides, for each event the rules propose, its PLOVER type or `none`.

Why this shape: the rules find candidates, actors, modality and evidence well, but cannot tell
a heart attack from an assault or a byline from aid (issue 13); annotated news can. A linear
model over named features is small (a JSON file in the package), fast (a dot product per
candidate, numpy only at run time), reproducible (deterministic full-batch training, no random
state beyond the fixed seed) and explainable (`explain` lists the features that decided).
Training lives in `wirewatch.train`; this module only holds the model and its arithmetic.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

NONE = "none"
MODEL_FILE = "event_model.json"
WEIGHT_SCALE = 10_000  # the saved file's weights are integers of 1/10,000 (`EventModel.save`)


@dataclass
class EventModel:
    labels: list[str]
    features: dict[str, int]
    weights: np.ndarray                   # (n_features, n_labels)
    bias: np.ndarray                      # (n_labels,)
    threshold: float = 0.5                # keep a candidate when P(none) < threshold
    retype_margin: float = 4.0            # retype only when P(other) > margin × P(rules' type)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """The trained model's name; a file without one is named by its weights' hash, so
        every event can record which coder made it (corrections issue)."""
        if self.meta.get("version"):
            return str(self.meta["version"])
        import hashlib

        digest = hashlib.sha256(np.ascontiguousarray(self.weights).tobytes()
                                + np.ascontiguousarray(self.bias).tobytes()).hexdigest()
        return f"events-w{digest[:8]}"

    def probabilities(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """P(label | features) for each row of feature names (unknown features are ignored)."""
        out = np.tile(self.bias, (len(rows), 1))
        for i, row in enumerate(rows):
            idx = [self.features[f] for f in row if f in self.features]
            if idx:
                out[i] += self.weights[idx].sum(axis=0)
        return _softmax(out)

    def predict(self, rows: Sequence[Sequence[str]],
                proposed: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """For each row, `none` when P(none) ≥ threshold, else its type — the `proposed` one
        (the rules') unless the model prefers another by `retype_margin` — and the type's
        probability among the event types."""
        return [decide(p, self.labels, self.threshold, self.retype_margin,
                       proposed[i] if proposed is not None else None)
                for i, p in enumerate(self.probabilities(rows))]

    def explain(self, row: Sequence[str], label: str, top: int = 8) -> list[tuple[str, float]]:
        """The features that pushed `label` up or down most, for a reader asking why."""
        j = self.labels.index(label)
        scored = [(f, float(self.weights[self.features[f], j])) for f in row
                  if f in self.features]
        return sorted(scored, key=lambda fw: -abs(fw[1]))[:top]

    # ------------------------------------------------------------------ storage

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.features, key=self.features.__getitem__)
        return {"meta": self.meta, "labels": self.labels, "threshold": self.threshold,
                "retype_margin": self.retype_margin,
                "bias": [round(float(b), 4) for b in self.bias],
                "weights": {n: [round(float(w), 4) for w in self.weights[self.features[n]]]
                            for n in names}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventModel:
        names = list(data["weights"])
        weights = np.array([data["weights"][n] for n in names], dtype=np.float64).reshape(
            len(names), len(data["labels"])) / data.get("weight_scale", 1)
        return cls(labels=list(data["labels"]), features={n: i for i, n in enumerate(names)},
                   weights=weights, bias=np.array(data["bias"], dtype=np.float64),
                   threshold=float(data["threshold"]),
                   retype_margin=float(data.get("retype_margin", 4.0)),
                   meta=dict(data.get("meta") or {}))

    def save(self, path: Path) -> None:
        """The file: `to_json` with the weights (kept to four decimals) written as whole
        numbers of `WEIGHT_SCALE`ths, which `from_json` divides back to the very same floats.
        Why: "-1234" is two characters shorter than "-0.1234", and with a quarter of a
        million weights that keeps the packaged file well under 2 MiB."""
        data = self.to_json()
        data["weight_scale"] = WEIGHT_SCALE
        data["weights"] = {n: [round(w * WEIGHT_SCALE) for w in ws]
                           for n, ws in data["weights"].items()}
        path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> EventModel:
        return cls.from_json(json.loads(path.read_text("utf-8")))


@lru_cache(maxsize=1)
def shipped_model() -> EventModel | None:
    """The model trained by `wirewatch train events` and shipped in data/ (None if absent)."""
    ref = resources.files("wirewatch.data").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    return EventModel.from_json(json.loads(ref.read_text("utf-8")))


def decide(p: np.ndarray, labels: Sequence[str], threshold: float, margin: float,
           proposed: str | None = None) -> tuple[str, float]:
    """One candidate's label from its probabilities (see `EventModel.predict`)."""
    none = labels.index(NONE)
    if p[none] >= threshold:
        return NONE, float(p[none])
    q = p.copy()
    q[none] = -1.0
    best = int(q.argmax())
    if proposed in labels and proposed != NONE:
        own = labels.index(proposed)
        if p[best] <= margin * p[own]:
            best = own
    return labels[best], float(p[best] / max(1e-9, 1.0 - p[none]))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(rows: Sequence[Sequence[str]], labels: Sequence[str], *, min_count: int = 2,
        l2: float = 1e-3, epochs: int = 300, learning_rate: float = 0.05, seed: int = 0,
        weights: Sequence[float] | None = None,
        classes: Sequence[str] = ()) -> EventModel:
    """Full-batch Adam on the L2-regularised softmax loss. Deterministic: the same rows give
    the same model (`seed` only orders the feature vocabulary ties, so runs are comparable)."""
    counts = Counter(f for row in rows for f in set(row))
    names = sorted((f for f, c in counts.items() if c >= min_count),
                   key=lambda f: (-counts[f], f))
    if seed:
        rng = np.random.default_rng(seed)
        names = [names[i] for i in rng.permutation(len(names))]
    vocab = {f: i for i, f in enumerate(names)}
    classes = sorted({*labels, *classes, NONE})
    y = np.array([classes.index(lab) for lab in labels])
    n, d, k = len(rows), len(vocab), len(classes)
    from scipy.sparse import csr_matrix  # training only: analysis needs numpy alone

    cols = [sorted({vocab[f] for f in row if f in vocab}) for row in rows]
    flat = np.array([c for cs in cols for c in cs], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum([len(cs) for cs in cols])])
    x = csr_matrix((np.ones(len(flat)), flat, indptr), shape=(n, d))
    xt = x.T.tocsr()
    sample_w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    sample_w = sample_w / sample_w.sum()
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    w = np.zeros((d, k))
    b = np.log(np.bincount(y, minlength=k) + 1.0)
    b -= b.mean()
    state = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        scores = x @ w + b
        delta = (_softmax(scores) - onehot) * sample_w[:, None]
        grad_w = xt @ delta + l2 * w
        grad_b = delta.sum(axis=0)
        for g, (m_i, v_i), param in ((grad_w, (0, 1), w), (grad_b, (2, 3), b)):
            state[m_i] = beta1 * state[m_i] + (1 - beta1) * g
            state[v_i] = beta2 * state[v_i] + (1 - beta2) * g * g
            m_hat = state[m_i] / (1 - beta1 ** step)
            v_hat = state[v_i] / (1 - beta2 ** step)
            param -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    keep = np.abs(w).max(axis=1) >= 1e-3
    kept = [f for f, i in vocab.items() if keep[i]]
    model = EventModel(labels=classes, features={f: i for i, f in enumerate(kept)},
                       weights=w[[vocab[f] for f in kept]], bias=b, meta={})
    return model
