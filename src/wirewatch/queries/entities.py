"""Entities across the store (aliases, roles, article/mention/event counts) from
`agg_entities`: a lookup over one row per name instead of a scan over every mention."""

from __future__ import annotations

import duckdb

from wirewatch.store.reader import Rows, fetch_rows


def entities(cur: duckdb.DuckDBPyConnection, *, q: str | None = None,
             type: str | None = None,  # noqa: A002
             country: str | None = None, limit: int = 100, offset: int = 0) -> Rows:
    """Entities by mention count (ties by name); `q` matches the name (ILIKE)."""
    where, params = ["mentions > 0 OR articles > 0"], []
    if q:
        where.append("name ILIKE ?")
        params.append(f"%{q}%")
    if type:
        where.append("type = ?")
        params.append(type.upper())
    if country:
        where.append("country = ?")
        params.append(country.upper())
    return fetch_rows(cur, f"""
        SELECT name, type, country, sector, code, aliases, roles, articles, mentions, events,
               first_seen, last_seen
        FROM agg_entities WHERE ({') AND ('.join(where)})
        ORDER BY mentions DESC, name LIMIT ? OFFSET ?""", [*params, limit, offset])
