"""Filtered listings of stored events and quotes (the rows behind every aggregate: a dyad
point, a map marker, an alert link back to these)."""

from __future__ import annotations

from typing import Any

import duckdb

from wirewatch.analytics.aggregates import fetch_dicts
from wirewatch.store.queries import select_events


def events(con: duckdb.DuckDBPyConnection, **filters: Any) -> list[dict[str, Any]]:
    """Events as rows of dicts: `store.queries.select_events`, the one events query the CLI and
    the Python API ask too (same filters, same meaning, same columns), encoded for JSON."""
    res = select_events(con, **filters)
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, row, strict=True)) for row in res.fetchall()]


def quotes(con: duckdb.DuckDBPyConnection, speaker: str | None = None,
           article_id: str | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:
    where: list[str] = ["1=1"]
    params: list[Any] = []
    if speaker:
        where.append("speaker ILIKE ?")
        params.append(f"%{speaker}%")
    if article_id:
        where.append("article_id = ?")
        params.append(article_id)
    return fetch_dicts(con, f"SELECT * FROM quotes WHERE {' AND '.join(where)} "
                       "ORDER BY article_id, idx LIMIT ? OFFSET ?", [*params, limit, offset])
