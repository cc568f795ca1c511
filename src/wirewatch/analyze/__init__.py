"""The analyze box: a pure function of (Article, knowledge-base snapshot) → Analysis.

Runs in worker processes. It must never import `link` or `store`: the knowledge base arrives
as plain data (`kb` below).
"""

from __future__ import annotations

from typing import Any

from wirewatch.model import Analysis, Article


def analyze(article: Article, kb: dict[str, Any] | None = None) -> Analysis:
    """Analyse one article. The NLP pipeline plugs in here (issue 3); for now it is empty."""
    return Analysis(article=article)


def analyze_batch(articles: list[Article], kb: dict[str, Any] | None = None) -> list[Analysis]:
    return [analyze(a, kb) for a in articles]
