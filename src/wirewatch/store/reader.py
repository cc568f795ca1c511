"""The store's read side: fresh cursors for readers and rows out of them.

Why here: readers (HTTP threads, the CLI, the Python API, exports) must never share the
writer's cursor, so every read runs on its own `cursor()` of the owning connection — in-process
readers see committed data and never block ingestion. What is asked lives in `wirewatch.queries`
(one module per resource); this module only hands out cursors and turns results into rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import duckdb

from wirewatch.params import when
from wirewatch.store.search import SearchIndex

T = TypeVar("T")


class Rows(list[dict[str, Any]]):
    """Plain rows (column → value dicts) that remember their column names, so a surface can
    build an empty table with the right columns (a DataFrame, a CSV header)."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (),
                 columns: Iterable[str] | None = None) -> None:
        super().__init__(rows)
        self.columns = list(columns) if columns is not None else (
            list(self[0]) if self else [])


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def add_range(where: list[str], params: list[Any], since: tuple[str, Any],
              until: tuple[str, Any]) -> None:
    """Append the `since` and `until` conditions of a query: each is (SQL with one `?`, the
    caller's value or None); a value is read by `params.when`, so a bad one names itself."""
    for name, (sql, value) in (("since", since), ("until", until)):
        if value:
            where.append(sql)
            params.append(when(value, name))


def fetch_rows(cur: duckdb.DuckDBPyConnection, sql: str,
               params: list[Any] | dict[str, Any] | None = None) -> Rows:
    """Run `sql` on `cur`: its rows as dicts (column name → value)."""
    return rows_of(cur.execute(sql, params or []))


def rows_of(result: duckdb.DuckDBPyConnection) -> Rows:
    """The rows of an executed result as dicts, with its column names."""
    cols = [d[0] for d in result.description]
    return Rows([dict(zip(cols, r, strict=True)) for r in result.fetchall()], cols)


class Reader:
    """Cursors for readers. Thread-safe: each read uses its own DuckDB cursor."""

    def __init__(self, con: duckdb.DuckDBPyConnection,
                 search: SearchIndex | None = None) -> None:
        # A root of our own, so creating reader cursors never touches the writer's connection
        # object while it executes; cursor creation itself is serialised by a lock.
        self._root = con.cursor()
        self._lock = threading.Lock()
        self.search = search

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor (its own DuckDB connection to the same database); caller closes it."""
        with self._lock:
            return self._root.cursor()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor closed on exit."""
        cur = self.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`query(cursor, *args, **kwargs)` on a fresh cursor: how every surface asks a
        `wirewatch.queries` function."""
        with self.reading() as cur:
            return query(cur, *args, **kwargs)

    def close(self) -> None:
        with self._lock:
            self._root.close()
