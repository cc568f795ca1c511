"""Each table is described once (store/tables.py) and created by the versioned migrations: a
fresh store's tables must have exactly the described columns, in order, with the DuckDB types
the Arrow types become — so a column added to one and not the other fails here, not in a
batch write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from wirewatch.store.arrow import registered
from wirewatch.store.tables import ANALYSIS_TABLES, LINK_SCHEMAS, TABLES
from wirewatch.store.writer import Store


def _columns(con: Any, relation: str) -> list[tuple[str, str]]:
    # JSON is DuckDB's VARCHAR that is checked when cast: the Arrow side hands it strings
    return [(r[0], "VARCHAR" if r[1] == "JSON" else r[1])
            for r in con.execute(f"DESCRIBE {relation}").fetchall()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(tmp_path_factory.mktemp("tables"))
    yield s
    s.close()


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_ddl_and_the_arrow_schema_agree(store: Store, table: str) -> None:
    described = TABLES[table]
    with registered(store.con, "_ww_described", pa.Table.from_pylist([], schema=described)):
        expected = _columns(store.con, "_ww_described")
    assert _columns(store.con, table) == expected


def test_every_batch_table_is_described() -> None:
    assert set(ANALYSIS_TABLES) | set(LINK_SCHEMAS) | {"articles", "rejects", "kb_persons"} \
        == set(TABLES)
