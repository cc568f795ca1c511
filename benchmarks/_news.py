"""The news corpus the benchmarks read (../shared/corpus/news/allsides-2020.jsonl.gz), one record
→ one Article, the same way for every benchmark that analyses it."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

from wirewatch.annotations import news_article
from wirewatch.model import Article

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / \
    "allsides-2020.jsonl.gz"


def load_sample(path: Path, n: int, seed: int) -> list[Article]:
    """`n` articles of the corpus at `path`, shuffled with `seed`."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        articles = [a for a in (news_article(json.loads(line)) for line in f if line.strip()) if a]
    random.Random(seed).shuffle(articles)
    return articles[:n]


def analyze_all(articles: list[Article], batch: int = 16) -> tuple[list[Any], float]:
    """The full analysis of `articles` in this process, batched as the engine does, and the
    seconds it took (the pipeline is loaded first, outside the timing)."""
    import time

    from wirewatch.analyze import analyze_batch
    from wirewatch.analyze.pipeline import get_pipeline

    get_pipeline()
    started = time.perf_counter()
    analyses: list[Any] = []
    for i in range(0, len(articles), batch):
        analyses.extend(analyze_batch(articles[i:i + batch]))
    return analyses, time.perf_counter() - started
