"""Minute/hour/day counts of articles, mentions and events per entity, country, event type and
country pair, read from `agg_windows` (kept by analytics/aggregates.py)."""

from __future__ import annotations

from typing import Any

import duckdb

from wirewatch.analytics.aggregates import GRAINS
from wirewatch.store.reader import add_range, fetch_rows

DIMS = ("all", "entity", "country", "event_type", "dyad")


def series(con: duckdb.DuckDBPyConnection, dim: str = "all", key: str | None = None,
           grain: str = "hour", since: str | None = None, until: str | None = None,
           limit: int = 1000) -> list[dict[str, Any]]:
    """Counts per bucket (newest first) for one dimension, optionally one key."""
    if grain not in GRAINS or dim not in DIMS:
        raise ValueError(f"grain must be one of {GRAINS}, dim one of {DIMS}")
    where, params = ["grain = ?", "dim = ?"], [grain, dim]
    if key is not None:
        where.append('"key" = ?')
        params.append(key)
    add_range(where, params, ("bucket >= ?", since), ("bucket <= ?", until))
    return fetch_rows(con, f"""
        SELECT bucket, "key", articles, mentions, events FROM agg_windows
        WHERE {' AND '.join(where)} ORDER BY bucket DESC, "key" LIMIT ?""", [*params, limit])

