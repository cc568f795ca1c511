"""Filtered listings of stored events and quotes (the rows behind every aggregate: a dyad
point, a map marker, an alert link back to these)."""

from __future__ import annotations

from typing import Any

import duckdb

from wirewatch.analytics.aggregates import fetch_dicts
from wirewatch.params import day


def events(con: duckdb.DuckDBPyConnection, actor: str | None = None, source: str | None = None,
           target: str | None = None, type: str | None = None,  # noqa: A002
           modality: str | None = None, article_id: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:
    """Events by actor (name/code/country on either side), pair (source+target), PLOVER type,
    modality, article and date range (ISO dates compared as text; `until` includes its whole
    day or month), newest first."""
    where: list[str] = ["1=1"]
    params: list[Any] = []
    match = "lambda x: x.country = ? OR x.code = ? OR x.name ILIKE ?"
    for side, val in (("source", source), ("target", target)):
        if val:
            where.append(f"len(list_filter({side}, {match})) > 0")
            params += [val, val, val]
    if actor:
        where.append(f"len(list_filter(list_concat(source, target), {match})) > 0")
        params += [actor] * 3
    for col, val in (("e.type", type), ("modality", modality), ("article_id", article_id)):
        if val:
            where.append(f"{col} = ?")
            params.append(val.upper() if col == "e.type" else val)
    if since:
        where.append("date >= ?")
        params.append(day(since, "since"))
    if until:
        where.append("substr(date, 1, length(?)) <= ?")  # the whole `until` day counts
        params += [day(until, "until")] * 2
    return fetch_dicts(con, f"SELECT e.* FROM events e WHERE {' AND '.join(where)} "
                       "ORDER BY date DESC NULLS LAST, article_id, idx LIMIT ? OFFSET ?",
                       [*params, limit, offset])


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
