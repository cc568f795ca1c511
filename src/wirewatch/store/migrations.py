"""Versioned schema: migrations applied in order when the store opens.

Why: a store outlives the code that created it. Version 1 is `schema.sql`; every later change
appends a `Migration` here (never edit a released one), and `migrate()` brings any older file up
to date in one transaction per step, recording each step in `schema_version`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import duckdb


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


def _schema_sql() -> str:
    return resources.files("wirewatch.store").joinpath("schema.sql").read_text("utf-8")


MIGRATIONS: list[Migration] = [
    Migration(1, "baseline: articles, rejects, feeds, inbox checkpoint, analysis tables",
              _schema_sql()),
    Migration(2, "events: every mention of an event in its article, and the background flag",
              "ALTER TABLE events ADD COLUMN IF NOT EXISTS mentions "
              'STRUCT(sentence VARCHAR, "start" INTEGER, "end" INTEGER)[]; '
              "ALTER TABLE events ADD COLUMN IF NOT EXISTS background BOOLEAN DEFAULT false;"),
    # Older rows kept no offset: their day is the UTC day, as before.
    Migration(3, "articles: the publication's stated UTC offset and its local calendar day",
              "ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_offset INTEGER; "
              "ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_date DATE; "
              "UPDATE articles SET published_date = CAST(timezone('UTC', published_at) AS DATE) "
              "WHERE published_at IS NOT NULL AND published_date IS NULL;"),
]

LATEST = MIGRATIONS[-1].version


class SchemaTooNew(RuntimeError):
    """The store was written by a newer Wirewatch; refusing to touch it."""


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: DuckDB 2 keeps a half-read result open on the connection.
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()
    if not exists or not exists[0][0]:
        return 0
    rows = con.execute("SELECT max(version) FROM schema_version").fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every pending migration in order; returns the versions applied."""
    version = current_version(con)
    if version > LATEST:
        raise SchemaTooNew(f"store schema version {version} is newer than this Wirewatch "
                           f"understands ({LATEST}); upgrade Wirewatch")
    applied: list[int] = []
    for step in MIGRATIONS:
        if step.version <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        "description VARCHAR, applied_at TIMESTAMPTZ NOT NULL)")
            con.execute(step.sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())",
                        [step.version, step.description])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(step.version)
    return applied
