"""Dyads: per actor pair (country or entity level) and day, the cooperation–conflict timeline —
event count, sum and mean intensity, events per quad class, mean tone — from `agg_dyads`."""

from __future__ import annotations

from typing import Any

import duckdb

from wirewatch.params import when
from wirewatch.store.reader import add_range, fetch_rows

LEVELS = ("country", "entity")


def timeline(con: duckdb.DuckDBPyConnection, source: str | None = None,
             target: str | None = None, level: str = "country", since: str | None = None,
             until: str | None = None, symmetric: bool = False,
             limit: int = 100) -> list[dict[str, Any]]:
    """Rows per (source, target, day), newest day first. `symmetric` also counts the pair in
    the other direction (target → source) under the same (source, target)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    where, params = ["level = ?"], [level]
    src, tgt = "source", "target"
    if symmetric and source and target:
        where.append("((source = ? AND target = ?) OR (source = ? AND target = ?))")
        params += [source, target, target, source]
        src, tgt = "?", "?"
    else:
        if source:
            where.append("source = ?")
            params.append(source)
        if target:
            where.append("target = ?")
            params.append(target)
    add_range(where, params, ("day >= ?", since), ("day <= ?", until))
    head = [source, target] if src == "?" else []
    # totals first, then the quad breakdown for only the rows returned
    out = fetch_rows(con, f"""
        WITH g AS (
          SELECT {src} AS source, {tgt} AS target, day, sum(events) AS events,
                 CASE WHEN sum(n_intensity) > 0 THEN sum(sum_intensity) END AS sum_intensity,
                 sum(sum_intensity) / nullif(sum(n_intensity), 0) AS mean_intensity,
                 sum(tone_sum) / nullif(sum(n_tone), 0) AS tone
          FROM agg_dyads WHERE {' AND '.join(where)}
          GROUP BY ALL HAVING sum(events) > 0
          ORDER BY day DESC, events DESC, source, target LIMIT ?),
        q AS (
          SELECT g.source, g.target, g.day,
                 list({{'quad': d.quad, 'n': d.events}}) AS quad_list
          FROM g JOIN agg_dyads d ON d.day = g.day
               AND ((d.source = g.source AND d.target = g.target)
                    OR (? AND d.source = g.target AND d.target = g.source))
          WHERE d.level = ? AND d.quad <> '' AND d.events <> 0
          GROUP BY ALL)
        SELECT g.*, q.quad_list FROM g LEFT JOIN q USING (source, target, day)
        ORDER BY day DESC, events DESC, source, target""",
                      [*head, *params, limit, bool(head), level])
    for row in out:
        quads: dict[str, int] = {}
        for q in row.pop("quad_list") or []:
            quads[q["quad"]] = quads.get(q["quad"], 0) + int(q["n"])
        row["quads"] = quads
    return out


def top_pairs(con: duckdb.DuckDBPyConnection, level: str = "country", since: str | None = None,
              limit: int = 20) -> list[dict[str, Any]]:
    """The busiest pairs (the dashboard's default dyad) with totals and mean intensity."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    cond, params = "", [level]
    if since:
        cond = "AND day >= ?"
        params.append(when(since, "since"))
    return fetch_rows(con, f"""
        SELECT source, target, sum(events) AS events,
               sum(sum_intensity) / nullif(sum(n_intensity), 0) AS mean_intensity,
               sum(tone_sum) / nullif(sum(n_tone), 0) AS tone,
               min(day) AS first_day, max(day) AS last_day
        FROM agg_dyads WHERE level = ? {cond}
        GROUP BY source, target HAVING sum(events) > 0
        ORDER BY events DESC, source, target LIMIT ?""", [*params, limit])
