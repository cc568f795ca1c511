"""Arrow tables as short-lived DuckDB views: the vectorised way every writer hands rows over.

Why one place: a registered view must be unregistered even when the statement fails, or the
next batch's `register` of the same name sees stale rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import duckdb
import pyarrow as pa


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> Iterator[str]:
    """`rows` as the view `name` for the duration of the block."""
    con.register(name, rows)
    try:
        yield name
    finally:
        con.unregister(name)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table,
                on_conflict: Literal["error", "ignore", "replace"] = "error") -> None:
    """INSERT the columns `rows` has into `table`, by name; conflicting keys raise, are
    skipped, or replace the stored row."""
    if rows.num_rows == 0:
        return
    cols = ", ".join(f'"{c}"' for c in rows.column_names)
    verb = "INSERT OR REPLACE" if on_conflict == "replace" else "INSERT"
    tail = " ON CONFLICT DO NOTHING" if on_conflict == "ignore" else ""
    with registered(con, f"_ww_rows_{table}", rows) as view:
        con.execute(f"{verb} INTO {table} ({cols}) SELECT {cols} FROM {view}{tail}")
