"""Shared helpers for the clustering benchmarks: B-cubed, ARI, and re-clustering stored terms.

B-cubed (Bagga & Baldwin 1998): per item, precision = share of its predicted cluster that shares
its gold class, recall = share of its gold class that shares its predicted cluster; averaged
over items. ARI: Hubert & Arabie's adjusted Rand index from the contingency table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from wirewatch.engine.local import BATCH_SIZE
from wirewatch.link import outlets
from wirewatch.link.stories import StoryClusterer, StoryConfig


def bcubed(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
           ) -> tuple[float, float, float]:
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pair = Counter((pred[i], gold[i]) for i in items)
    psize = Counter(pred[i] for i in items)
    gsize = Counter(gold[i] for i in items)
    p = sum(pair[(pred[i], gold[i])] / psize[pred[i]] for i in items) / len(items)
    r = sum(pair[(pred[i], gold[i])] / gsize[gold[i]] for i in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ari(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> float:
    items = list(gold)
    n = len(items)

    def c2(x: int) -> float:
        return x * (x - 1) / 2

    index = sum(c2(v) for v in Counter((pred[i], gold[i]) for i in items).values())
    a = sum(c2(v) for v in Counter(pred[i] for i in items).values())
    b = sum(c2(v) for v in Counter(gold[i] for i in items).values())
    expected = a * b / c2(n) if n > 1 else 0.0
    top = (a + b) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def recluster(docs: list[dict[str, Any]], threshold: float | None = None,
              window_hours: float | None = None) -> dict[str, str]:
    """Run the online story clusterer again over stored features (`story_articles.terms`), in
    the stored order, with the current settings or another threshold/window. Copies (terms
    NULL) follow their original."""
    changes = {k: v for k, v in (("threshold", threshold), ("window_hours", window_hours))
               if v is not None}
    clusterer = StoryClusterer(replace(StoryConfig(), **changes))
    out: dict[str, str] = {}
    for i, d in enumerate(docs):
        if i and i % BATCH_SIZE == 0:
            clusterer.evict()  # as the link step does after each stored batch
        if d.get("duplicate_of") and d["duplicate_of"] in out:
            out[d["id"]] = out[d["duplicate_of"]]
            continue
        source = d.get("source") or outlets.source_key(d.get("outlet"), [])  # as the link step
        story, _ = clusterer.assign(d["id"], d.get("outlet"), d.get("seen_at") or _EPOCH,
                                    d.get("title"), _terms(d.get("terms")), source=source)
        out[d["id"]] = story.id
    return out


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _terms(value: Any) -> list[str]:
    return [] if value is None or isinstance(value, float) else list(value)


def _ingest_order(doc: dict[str, Any]) -> tuple[str, int]:
    """Where an article stood in its source (`path:line` for a record of a JSONL file): the
    inbox order the link step saw, which neither table's rowid keeps."""
    path, _, line = str(doc.get("source_path") or "").rpartition(":")
    return (path, int(line)) if line.isdigit() else (str(doc.get("source_path") or ""), 0)


def stored_docs(con: Any) -> list[dict[str, Any]]:
    """Every linked article, in link (ingest) order, with its stored features."""
    df = con.sql("SELECT sa.article_id AS id, sa.outlet, sa.source, sa.seen_at, sa.terms, "
                 "sa.story_id, "
                 "a.title, a.source_path, a.url, l.duplicate_of FROM story_articles sa "
                 "JOIN articles a ON a.id = sa.article_id LEFT JOIN article_links l "
                 "ON l.article_id = sa.article_id ORDER BY a.rowid")
    docs = df.to_dict(orient="records")
    for d in docs:
        if isinstance(d.get("duplicate_of"), float) and math.isnan(d["duplicate_of"]):
            d["duplicate_of"] = None
        if d.get("seen_at") is not None:
            d["seen_at"] = d["seen_at"].to_pydatetime()
    docs.sort(key=_ingest_order)  # stable: articles of one file keep their stored order
    return docs
