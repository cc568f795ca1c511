"""Co-mention graph: the top entities over a window and how many articles each pair shares,
from `agg_entities`/`agg_windows` (nodes) and `agg_cooccur`/`agg_cooccur_day` (edges).
An article contributes pairs among its 25 most-mentioned entities only (k² pairs)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from wirewatch.analytics.aggregates import fetch_dicts


def co_mentions(con: duckdb.DuckDBPyConnection, top: int = 50, days: int | None = None,
                max_edges: int = 2000) -> dict[str, list[dict[str, Any]]]:
    """{"nodes": [{name, type, w}], "edges": [{source, target, weight}]}; `days` = the last
    N days of data (all time when None). Node weight w = articles mentioning the entity."""
    if days is None:
        nodes = fetch_dicts(con, """
            SELECT name, type, articles AS w FROM agg_entities WHERE articles > 0
            ORDER BY w DESC, name LIMIT ?""", [top])
    else:
        nodes = fetch_dicts(con, """
            WITH last AS (SELECT max(bucket) AS d FROM agg_windows
                          WHERE grain = 'day' AND dim = 'all' AND bucket <= now())
            SELECT w."key" AS name, any_value(e.type) AS type, sum(w.articles) AS w
            FROM agg_windows w, last LEFT JOIN agg_entities e ON e.name = w."key"
            WHERE w.grain = 'day' AND w.dim = 'entity' AND w.bucket > last.d - to_days(?)
            GROUP BY w."key" HAVING sum(w.articles) > 0 ORDER BY w DESC, name LIMIT ?""",
                            [days, top])
    names = [n["name"] for n in nodes]
    if not names:
        return {"nodes": nodes, "edges": []}
    if days is None:
        edges = fetch_dicts(con, """
            SELECT a AS source, b AS target, n AS weight FROM agg_cooccur
            WHERE list_contains(?, a) AND list_contains(?, b) AND n > 0
            ORDER BY weight DESC, source, target LIMIT ?""", [names, names, max_edges])
    else:
        last = con.execute("SELECT max(day) FROM agg_cooccur_day WHERE day <= current_date"
                           ).fetchone()
        since = (last[0] if last and last[0] else date.today())
        edges = fetch_dicts(con, """
            SELECT a AS source, b AS target, sum(n) AS weight FROM agg_cooccur_day
            WHERE day > CAST(? AS DATE) - to_days(?) AND list_contains(?, a)
                  AND list_contains(?, b)
            GROUP BY a, b HAVING sum(n) > 0 ORDER BY weight DESC, source, target LIMIT ?""",
                            [since, days, names, names, max_edges])
    return {"nodes": nodes, "edges": edges}
