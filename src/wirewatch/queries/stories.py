"""Stories (link/stories.py): articles from many outlets about one happening."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import duckdb

from wirewatch.store.reader import Rows, add_range, escape_like, fetch_rows, rows_of


def stories(cur: duckdb.DuckDBPyConnection, *, q: str | None = None,
            outlet: str | None = None, since: str | date | datetime | None = None,
            until: str | date | datetime | None = None, min_articles: int = 2,
            limit: int = 50, offset: int = 0) -> Rows:
    """Stories, most recently active first. One-article stories are noise until a second
    article joins them: `min_articles=1` shows them too."""
    where, params = ["s.num_articles >= ?"], [int(min_articles)]
    if q:
        where.append("(s.title ILIKE ? ESCAPE '\\' OR list_contains(s.top_terms, lower(?)))")
        params += [f"%{escape_like(q)}%", q]
    if outlet:
        where.append("list_contains(s.outlets, ?)")
        params.append(outlet)
    add_range(where, params, ("s.last_seen >= ?", since), ("s.first_seen < ?", until))
    sql = ("SELECT s.id, s.title, s.first_seen, s.last_seen, s.num_articles, s.num_outlets,"
           " s.num_sources, s.outlets, s.keypoints, s.top_terms, (SELECT ls.storyline_id FROM "
           "storyline_stories ls WHERE ls.story_id = s.id) AS storyline_id, "
           "(SELECT count(DISTINCT r.cluster_id) "
           "FROM story_articles sa JOIN event_reports r ON r.article_id = sa.article_id "
           "WHERE sa.story_id = s.id) AS num_events FROM stories s WHERE "
           + " AND ".join(where)
           + " ORDER BY s.last_seen DESC, s.num_articles DESC, s.id LIMIT ? OFFSET ?")
    return fetch_rows(cur, sql, [*params, int(limit), int(offset)])


def story(cur: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any] | None:
    """One story: its row, its `articles` (with near-duplicate links) and its merged `events`
    (with how many of the story's articles report each), both as rows."""
    found = rows_of(cur.execute("SELECT * FROM stories WHERE id = ?", [story_id]))
    if not found:
        return None
    doc: dict[str, Any] = found[0]
    line = cur.execute("SELECT ls.storyline_id, l.num_stories FROM storyline_stories ls "
                       "JOIN storylines l ON l.id = ls.storyline_id WHERE ls.story_id = ?",
                       [story_id]).fetchall()
    # its storyline (link/storylines.py) and how many stories that holds
    doc["storyline_id"], doc["storyline_stories"] = line[0] if line else (None, 0)
    doc["articles"] = fetch_rows(
        cur,
        "SELECT a.id, a.title, a.outlet, a.url, a.published_at, sa.seen_at, "
        "sa.similarity, l.duplicate_of FROM story_articles sa "
        "JOIN articles a ON a.id = sa.article_id "
        "LEFT JOIN article_links l ON l.article_id = sa.article_id "
        "WHERE sa.story_id = ? ORDER BY sa.seen_at, a.id", [story_id])
    doc["events"] = fetch_rows(
        cur,
        "SELECT c.id, c.type, c.mode, c.source, c.target, c.location_name, c.date, "
        "c.date_precision, c.modality, c.num_articles, c.num_sources, c.first_reported,"
        " c.evidence, count(DISTINCT r.article_id) AS in_story FROM story_articles sa "
        "JOIN event_reports r ON r.article_id = sa.article_id "
        "JOIN event_clusters c ON c.id = r.cluster_id WHERE sa.story_id = ? "
        "GROUP BY ALL ORDER BY c.num_sources DESC, c.num_articles DESC, "
        "c.first_reported, c.id", [story_id])
    return doc
