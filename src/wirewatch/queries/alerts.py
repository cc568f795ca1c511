"""Fired alerts as stored by analytics/alerts.py (each alert's detail as it was published)."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from wirewatch.params import when


def alerts(cur: duckdb.DuckDBPyConnection, *, limit: int = 100, rule: str | None = None,
           kind: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
    """Fired alerts from the `alerts` table, newest first."""
    where, params = ["1=1"], []
    for col, val in (("rule", rule), ("kind", kind)):
        if val:
            where.append(f"{col} = ?")
            params.append(val)
    if since:
        where.append("fired_at >= ?")
        params.append(when(since, "since"))
    rows = cur.execute(f"SELECT detail FROM alerts WHERE {' AND '.join(where)} "
                       "ORDER BY fired_at DESC, id LIMIT ?", [*params, limit]).fetchall()
    return [json.loads(r[0]) for r in rows]
