"""Polled feeds and their remembered state (conditional GET, last status)."""

from __future__ import annotations

import duckdb

from wirewatch.store.reader import Rows, fetch_rows


def feeds(cur: duckdb.DuckDBPyConnection) -> Rows:
    return fetch_rows(cur, "SELECT * FROM feeds ORDER BY url")
