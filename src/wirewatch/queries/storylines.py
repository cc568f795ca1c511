"""Storylines (link/storylines.py): stories that continue one another, over weeks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import duckdb

from wirewatch import params as params_mod
from wirewatch.store.reader import Rows, escape_like, fetch_rows, rows_of


def storylines(cur: duckdb.DuckDBPyConnection, *, q: str | None = None,
               since: str | date | datetime | None = None,
               until: str | date | datetime | None = None, min_stories: int = 2,
               limit: int = 50, offset: int = 0) -> Rows:
    """Storylines, most recently active first. A storyline of one story is that story:
    `min_stories=1` shows those too. `q`: a word of the title, an actor or a top term."""
    where, params = ["l.num_stories >= ?"], [int(min_stories)]
    if q:
        where.append("(l.title ILIKE ? ESCAPE '\\' OR list_contains(l.top_terms, lower(?)) "
                     "OR list_contains(l.actors, lower(?)))")
        params += [f"%{escape_like(q)}%", q, q]
    if since:
        where.append("l.last_seen >= ?")
        params.append(params_mod.when(since, "since"))
    if until:
        where.append("l.first_seen < ?")
        params.append(params_mod.when(until, "until"))
    sql = ("SELECT l.id, l.title, l.first_seen, l.last_seen, l.num_stories, l.num_articles, "
           "l.num_sources, l.actors, l.top_terms FROM storylines l WHERE "
           + " AND ".join(where)
           + " ORDER BY l.last_seen DESC, l.num_stories DESC, l.id LIMIT ? OFFSET ?")
    return fetch_rows(cur, sql, [*params, int(limit), int(offset)])


def storyline(cur: duckdb.DuckDBPyConnection, storyline_id: str) -> dict[str, Any] | None:
    """One storyline: its row and its `stories` on a timeline (first seen first), each with
    how similar it was to the storyline when it joined."""
    found = rows_of(cur.execute("SELECT * EXCLUDE (updated_at) FROM storylines WHERE id = ?",
                                [storyline_id]))
    if not found:
        return None
    doc: dict[str, Any] = found[0]
    doc["stories"] = fetch_rows(
        cur,
        "SELECT s.id, s.title, s.first_seen, s.last_seen, s.num_articles, s.num_outlets, "
        "s.num_sources, s.keypoints, ls.similarity FROM storyline_stories ls "
        "JOIN stories s ON s.id = ls.story_id WHERE ls.storyline_id = ? "
        "ORDER BY s.first_seen, s.id", [storyline_id])
    return doc
