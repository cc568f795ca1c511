"""Quotes as stored per article (speaker, kind, offsets into the body)."""

from __future__ import annotations

from typing import Any

import duckdb

from wirewatch.store.reader import Rows, fetch_rows


def quotes(cur: duckdb.DuckDBPyConnection, *, speaker: str | None = None,
           article_id: str | None = None, limit: int = 100, offset: int = 0) -> Rows:
    """Quotes in article order; `speaker` matches the speaker's name (ILIKE)."""
    where: list[str] = ["NOT coalesce(not_quote, false)"]  # an analyst said: not a quote
    params: list[Any] = []
    if speaker:
        where.append("speaker ILIKE ?")
        params.append(f"%{speaker}%")
    if article_id:
        where.append("article_id = ?")
        params.append(article_id)
    return fetch_rows(cur, f"SELECT * FROM quotes WHERE {' AND '.join(where)} "
                      "ORDER BY article_id, idx LIMIT ? OFFSET ?", [*params, limit, offset])
