"""Trends: keys whose count in the current block spikes against their own baseline.

The detection itself (robust z over zero-filled trailing blocks, the young-store window) is
`analytics.trends.spikes`: the alert rules run it too, and analytics cannot import this
layer. This module is the resource's read entry, the one every surface calls."""

from __future__ import annotations

from typing import Any

import duckdb

from wirewatch.analytics.trends import MEASURE, spikes

DIMS = tuple(MEASURE)


def trends(cur: duckdb.DuckDBPyConnection, *, dim: str = "entity", hours: int = 24,
           min_support: int = 3, min_history: int = 3, limit: int = 20,
           min_z: float | None = None) -> dict[str, Any]:
    """{"trends": [{name, current, baseline, mad, z, series, dim}], "window": {...} | None}."""
    return spikes(cur, dim=dim, hours=hours, min_support=min_support,
                  min_history=min_history, limit=limit, min_z=min_z)
