"""Merged events (link/merge.py): one row per real-world event, with every report of it."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import duckdb

from wirewatch.store.reader import Rows, add_range, fetch_rows, rows_of


def event_clusters(cur: duckdb.DuckDBPyConnection, *, type: str | None = None,  # noqa: A002
                   country: str | None = None, modality: str | None = None,
                   story_id: str | None = None, since: str | date | datetime | None = None,
                   until: str | date | datetime | None = None, min_sources: int = 1,
                   limit: int = 50, offset: int = 0) -> Rows:
    """Merged events, most widely reported first."""
    where, params = ["c.num_sources >= ?"], [int(min_sources)]
    if type:
        where.append("c.type = ?")
        params.append(type.upper())
    if country:
        where.append("(list_contains(c.source_countries, ?) OR "
                     "list_contains(c.target_countries, ?) OR c.location_country = ?)")
        params += [country.upper()] * 3
    if modality:
        where.append("c.modality = ?")
        params.append(modality)
    if story_id:
        where.append("c.id IN (SELECT r.cluster_id FROM event_reports r JOIN story_articles"
                     " sa ON sa.article_id = r.article_id WHERE sa.story_id = ?)")
        params.append(story_id)
    add_range(where, params, ("c.last_reported >= ?", since), ("c.first_reported < ?", until))
    sql = ("SELECT c.* EXCLUDE (updated_at) FROM event_clusters c WHERE "
           + " AND ".join(where)
           + " ORDER BY c.num_sources DESC, c.num_articles DESC, c.first_reported DESC, "
           "c.id LIMIT ? OFFSET ?")
    return fetch_rows(cur, sql, [*params, int(limit), int(offset)])


def event_cluster(cur: duckdb.DuckDBPyConnection, cluster_id: str) -> dict[str, Any] | None:
    """One merged event with all its `reports` (article, outlet, time, modality, sentence)."""
    found = rows_of(cur.execute("SELECT * FROM event_clusters WHERE id = ?", [cluster_id]))
    if not found:
        return None
    doc: dict[str, Any] = found[0]
    doc["modality_history"] = json.loads(doc["modality_history"] or "[]")
    doc["reports"] = fetch_rows(
        cur,
        "SELECT r.article_id, r.idx, r.outlet, r.source_key, r.reported_at, r.modality,"
        " a.title, a.url, l.duplicate_of, e.evidence_sentence, e.evidence_start, "
        "e.evidence_end, e.date, e.date_precision FROM event_reports r "
        "JOIN articles a ON a.id = r.article_id "
        "LEFT JOIN article_links l ON l.article_id = r.article_id "
        "LEFT JOIN events e ON e.article_id = r.article_id AND e.idx = r.idx "
        "WHERE r.cluster_id = ? ORDER BY r.reported_at, r.article_id, r.idx", [cluster_id])
    return doc
