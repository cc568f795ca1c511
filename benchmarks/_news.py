"""The news corpus the benchmarks read (../shared/corpus/news/allsides-2020.jsonl.gz), one record
→ one Article, the same way for every benchmark that analyses it."""

from __future__ import annotations

import gzip
import json
import random
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wirewatch.model import Article, Section

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / \
    "allsides-2020.jsonl.gz"
_BLANK = re.compile(r"\n\s*\n")


def _day(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None
    except ValueError:
        return None


def news_article(record: dict[str, Any]) -> Article | None:
    """Paragraphs split on blank lines (else lines), outlet, authors and the day published;
    None for a record without text."""
    text = (record.get("content_original") or "").strip()
    if not text:
        return None
    blocks = _BLANK.split(text) if _BLANK.search(text) else text.split("\n")
    paragraphs = [" ".join(b.split()) for b in blocks if b.strip()]
    day = _day(record.get("date"))
    return Article.build(sections=[Section(None, paragraphs)], url=record.get("url"),
                         title=record.get("title"), outlet=record.get("source"),
                         authors=[a.strip() for a in (record.get("authors") or "").split(",")
                                  if a.strip()],
                         published_at=day, published_precision="day" if day else None)


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
