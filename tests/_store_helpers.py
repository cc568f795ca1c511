"""Shared helpers for the store/inbox/engine tests: generated articles and full analyses.

Why generated: the store and engine must be testable without the parse and analyze boxes; a
fake analysis that fills every table proves each one is written once and read back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from wirewatch import queries as Q  # noqa: N812
from wirewatch.api import frame
from wirewatch.model import (
    ActorRef,
    Analysis,
    Article,
    Attribution,
    Caption,
    Entity,
    Event,
    Evidence,
    Location,
    Mention,
    Quote,
    Section,
    Timex,
    Tone,
)

OUTLETS = ("Reuters", "AP", "BBC", "Al Jazeera")


def make_article(i: int, outlet: str | None = None) -> Article:
    """Article number `i` (same i → same id and content)."""
    published = datetime(2023, 6, 1, tzinfo=UTC) + timedelta(hours=i)
    return Article.build(
        url=f"https://news.example.com/story/{i}?utm_source=x",
        title=f"Story {i}: ministers meet in Beijing",
        dek="A dek" if i % 2 else None,
        highlights=[f"point {i}"] if i % 3 == 0 else [],
        sections=[Section(None, [f"Paragraph one of story {i}.", "Blinken met Qin Gang."]),
                  Section("Background", [f"More text {i}."])],
        captions=[Caption("A photo", "Getty Images")] if i % 4 == 0 else [],
        tags=["diplomacy"], authors=["A. Writer"],
        outlet=outlet or OUTLETS[i % len(OUTLETS)],
        published_at=published if i % 5 else None,
        published_precision="minute" if i % 5 else None,
        language="en", source_path=f"gen/{i}.json",
    )


def full_analysis(article: Article) -> Analysis:
    """An analysis with at least one row for every analysis table."""
    body = article.body
    start = body.find("Blinken")
    ent = Entity(id="e1", name="Antony Blinken", type="PERSON", country="USA", sector="GOV",
                 roles=[{"role": "Secretary of State", "country": "USA", "seen": "2023-06-14"}],
                 aliases=["Blinken"],
                 mentions=[Mention("Blinken", start, start + 7, "body", 1),
                           Mention("Blinken", 0, 7, "title", 0)])
    ent2 = Entity(id="e2", name="Qin Gang", type="PERSON", country="CHN", sector="GOV",
                  mentions=[Mention("Qin Gang", start + 12, start + 20, "body", 1)])
    ev = Event(type="CONSULT", mode="meet", source=[ActorRef("Antony Blinken", "USA", "GOV")],
               target=[ActorRef("Qin Gang", "CHN", "GOV")],
               evidence=Evidence("Blinken met Qin Gang.", start, start + 21),
               location=Location("Beijing", "CHN", 39.9, 116.4), date="2023-06-14",
               date_precision="day", intensity=1.0, quad="verbal_coop", cameo_root="04",
               confidence=0.8)
    return Analysis(
        article=article, entities=[ent, ent2], events=[ev],
        quotes=[Quote("We met.", "Antony Blinken", "direct", 0, 7, "USA")],
        attributions=[Attribution("Reuters", "Blinken met Qin Gang.", start, start + 21)],
        timex=[Timex("Wednesday", "2023-06-14", "day", 0, 9)],
        tone=Tone(score=1.5, positive=3.0, negative=1.5, conflict_share=0.1),
        keypoints=["Blinken met Qin Gang."], tags=["China", "diplomacy"],
    )


def full_analyze_batch(articles: list[Article], kb: object = None) -> list[Analysis]:
    return [full_analysis(a) for a in articles]


def dies_in_worker_batch(articles: list[Article], kb: object = None) -> list[Analysis]:
    """Kills the worker process that analyses "Story 7" (a segfault/OOM stand-in); in the main
    process it analyses normally."""
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None and any(
            (a.title or "").startswith("Story 7:") for a in articles):
        os._exit(1)
    return full_analyze_batch(articles, kb)


class Ask:
    """Tests' shorthand for a store's read side: `wirewatch.queries` answers on the store's
    reader, lists as DataFrames (as the Python API gives them), documents as they come."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def articles(self, **filters: Any) -> pd.DataFrame:
        return frame(self.store.reader.read(Q.articles.articles,
                                            search=self.store.reader.search, **filters))

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self.store.reader.read(Q.articles.article, article_id)

    def counts(self) -> dict[str, Any]:
        return self.store.reader.read(Q.counts.counts)

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        with self.store.reader.reading() as cur:
            return cur.execute(query, params or []).df()
