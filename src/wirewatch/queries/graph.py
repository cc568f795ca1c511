"""Co-mention graph: the top entities over a window and how many articles each pair shares,
from `agg_entities`/`agg_windows` (nodes) and `agg_cooccur`/`agg_cooccur_day` (edges).
An article contributes pairs among its 25 most-mentioned entities only (k² pairs)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from wirewatch.store.reader import fetch_rows


def co_mentions(con: duckdb.DuckDBPyConnection, top: int = 50, days: int | None = None,
                max_edges: int = 2000) -> dict[str, list[dict[str, Any]]]:
    """{"nodes": [{name, type, w}], "edges": [{source, target, weight}]}; `days` = the last
    N days of data (all time when None). Node weight w = articles mentioning the entity."""
    if days is None:
        nodes = fetch_rows(con, """
            SELECT name, type, articles AS w FROM agg_entities WHERE articles > 0
            ORDER BY w DESC, name LIMIT ?""", [top])
    else:
        nodes = fetch_rows(con, """
            WITH last AS (SELECT max(bucket) AS d FROM agg_windows
                          WHERE grain = 'day' AND dim = 'all' AND bucket <= now()),
            w AS (SELECT "key" AS name, sum(articles) AS w FROM agg_windows, last
                  WHERE grain = 'day' AND dim = 'entity' AND bucket > last.d - to_days(?)
                  GROUP BY "key" HAVING sum(articles) > 0 ORDER BY w DESC, name LIMIT ?)
            SELECT w.name, e.type, w.w FROM w LEFT JOIN agg_entities e USING (name)
            ORDER BY w.w DESC, w.name""", [days, top])
    names = [n["name"] for n in nodes]
    if not names:
        return {"nodes": nodes, "edges": []}
    if days is None:
        edges = fetch_rows(con, """
            WITH top AS (SELECT unnest(?) AS name)
            SELECT a AS source, b AS target, n AS weight
            FROM agg_cooccur SEMI JOIN top ta ON a = ta.name SEMI JOIN top tb ON b = tb.name
            WHERE n > 0 ORDER BY weight DESC, source, target LIMIT ?""", [names, max_edges])
    else:
        last = con.execute("SELECT max(day) FROM agg_cooccur_day WHERE day <= current_date"
                           ).fetchall()[0]
        since = (last[0] if last and last[0] else date.today())
        edges = fetch_rows(con, """
            WITH top AS (SELECT unnest(?) AS name)
            SELECT a AS source, b AS target, sum(n) AS weight
            FROM agg_cooccur_day SEMI JOIN top ta ON a = ta.name SEMI JOIN top tb ON b = tb.name
            WHERE day > CAST(? AS DATE) - to_days(?)
            GROUP BY a, b HAVING sum(n) > 0 ORDER BY weight DESC, source, target LIMIT ?""",
                            [names, since, days, max_edges])
    return {"nodes": nodes, "edges": edges}
