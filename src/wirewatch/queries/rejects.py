"""Rejected inputs with their reason codes, newest first."""

from __future__ import annotations

import duckdb

from wirewatch.store.reader import Rows, fetch_rows


def rejects(cur: duckdb.DuckDBPyConnection, *, limit: int = 100, offset: int = 0,
            reason: str | None = None) -> Rows:
    where, params = "", []
    if reason:
        where, params = " WHERE reason = ?", [reason]
    return fetch_rows(cur, f'SELECT id, "at", origin, reason, detail FROM rejects{where} '
                      'ORDER BY "at" DESC, id LIMIT ? OFFSET ?',
                      [*params, int(limit), int(offset)])


def by_reason(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Reject counts per reason code (for /metrics)."""
    return {str(k): int(v) for k, v in
            cur.execute("SELECT reason, count(*) FROM rejects GROUP BY 1").fetchall()}
