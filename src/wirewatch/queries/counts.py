"""Headline numbers of the store (for /health, the CLI and the Python API)."""

from __future__ import annotations

from typing import Any

import duckdb


def counts(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Articles, rejects (and by reason), per outlet and language, analysis rows, inbox
    checkpoint."""

    def scalar(sql: str) -> int:
        row = cur.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def grouped(sql: str) -> dict[str, int]:
        return {str(k) if k is not None else "unknown": int(v)
                for k, v in cur.execute(sql).fetchall()}

    out: dict[str, Any] = {
        "articles": scalar("SELECT count(*) FROM articles"),
        "rejects": scalar("SELECT count(*) FROM rejects"),
        "rejects_by_reason": grouped("SELECT reason, count(*) FROM rejects "
                                     "GROUP BY 1 ORDER BY 2 DESC"),
        "outlets": grouped("SELECT outlet, count(*) FROM articles GROUP BY 1 "
                           "ORDER BY 2 DESC"),
        "languages": grouped("SELECT language, count(*) FROM articles GROUP BY 1 "
                             "ORDER BY 2 DESC"),
        "feeds": scalar("SELECT count(*) FROM feeds"),
        "inbox_checkpoint": scalar("SELECT seq FROM inbox_checkpoint WHERE id = 1"),
    }
    for table in ("analyses", "entities", "mentions", "quotes", "attributions", "timex",
                  "events"):
        out[table] = scalar(f"SELECT count(*) FROM {table}")
    return out


def headline(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Articles and rejects stored: what `/health` shows. One query, not `counts`' fifteen:
    a health check must stay cheap while the service is busy."""
    row = cur.execute("SELECT (SELECT count(*) FROM articles), "
                      "(SELECT count(*) FROM rejects)").fetchone()
    return {"articles": int(row[0]), "rejects": int(row[1])} if row else {}
