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
    # Stories count independent sources (link/outlets.py: sections of one outlet are one
    # source); storylines link stories that continue one another (link/storylines.py). Older
    # stories get their outlet count until `wirewatch storylines --rebuild` recounts them.
    Migration(4, "stories: num_sources and each article's source; storylines",
              "ALTER TABLE stories ADD COLUMN IF NOT EXISTS num_sources INTEGER; "
              "UPDATE stories SET num_sources = num_outlets WHERE num_sources IS NULL; "
              "ALTER TABLE story_articles ADD COLUMN IF NOT EXISTS source VARCHAR; "
              "CREATE TABLE IF NOT EXISTS storylines (id VARCHAR PRIMARY KEY, title VARCHAR, "
              "first_seen TIMESTAMPTZ NOT NULL, last_seen TIMESTAMPTZ NOT NULL, "
              "num_stories INTEGER NOT NULL, num_articles INTEGER NOT NULL, "
              "num_sources INTEGER NOT NULL, actors VARCHAR[], top_terms VARCHAR[], "
              "updated_at TIMESTAMPTZ NOT NULL); "
              "CREATE TABLE IF NOT EXISTS storyline_stories (story_id VARCHAR PRIMARY KEY, "
              "storyline_id VARCHAR NOT NULL, similarity DOUBLE, "
              "joined_at TIMESTAMPTZ NOT NULL);"),
    # Analyst corrections (corrections.py): the audit records; the machine's values of every
    # row a correction changed (so an undo restores them and a re-analysis replaces them); the
    # flags a correction sets on analysis rows; and the model version that coded each event.
    Migration(5, "corrections: audit table, machine values, not_event/not_actor/not_quote, "
                 "merged entities, event model version",
              "CREATE TABLE IF NOT EXISTS corrections (id VARCHAR PRIMARY KEY, "
              '"at" TIMESTAMPTZ NOT NULL, who VARCHAR NOT NULL, kind VARCHAR NOT NULL, '
              "target VARCHAR NOT NULL, article_id VARCHAR, anchor JSON, field VARCHAR NOT NULL, "
              '"before" JSON, "after" JSON, reason VARCHAR, undone_at TIMESTAMPTZ, '
              "undone_by VARCHAR); "
              "ALTER TABLE events ADD COLUMN IF NOT EXISTS not_event BOOLEAN DEFAULT false; "
              "ALTER TABLE events ADD COLUMN IF NOT EXISTS model_version VARCHAR; "
              "ALTER TABLE entities ADD COLUMN IF NOT EXISTS not_actor BOOLEAN DEFAULT false; "
              "ALTER TABLE entities ADD COLUMN IF NOT EXISTS merged_into VARCHAR; "
              "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS not_quote BOOLEAN DEFAULT false; "
              "CREATE TABLE IF NOT EXISTS machine_events (article_id VARCHAR NOT NULL, "
              "idx INTEGER NOT NULL, type VARCHAR, mode VARCHAR, "
              "source STRUCT(name VARCHAR, country VARCHAR, sector VARCHAR, code VARCHAR)[], "
              "target STRUCT(name VARCHAR, country VARCHAR, sector VARCHAR, code VARCHAR)[], "
              "location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE, "
              "location_lon DOUBLE, date VARCHAR, date_precision VARCHAR, modality VARCHAR, "
              "intensity DOUBLE, quad VARCHAR, cameo_root VARCHAR, background BOOLEAN, "
              "not_event BOOLEAN, PRIMARY KEY (article_id, idx)); "
              "CREATE TABLE IF NOT EXISTS machine_entities (article_id VARCHAR NOT NULL, "
              "entity_id VARCHAR NOT NULL, name VARCHAR, type VARCHAR, country VARCHAR, "
              "sector VARCHAR, code VARCHAR, aliases VARCHAR[], not_actor BOOLEAN, "
              "merged_into VARCHAR, PRIMARY KEY (article_id, entity_id)); "
              "CREATE TABLE IF NOT EXISTS machine_quotes (article_id VARCHAR NOT NULL, "
              "idx INTEGER NOT NULL, speaker VARCHAR, speaker_country VARCHAR, "
              "not_quote BOOLEAN, PRIMARY KEY (article_id, idx)); "
              "CREATE TABLE IF NOT EXISTS machine_reports (article_id VARCHAR NOT NULL, "
              "idx INTEGER NOT NULL, cluster_id VARCHAR, PRIMARY KEY (article_id, idx)); "
              "CREATE TABLE IF NOT EXISTS machine_clusters (id VARCHAR PRIMARY KEY, "
              "type VARCHAR, mode VARCHAR, source VARCHAR[], target VARCHAR[], "
              "source_countries VARCHAR[], target_countries VARCHAR[], location_name VARCHAR, "
              "location_country VARCHAR, date VARCHAR, date_precision VARCHAR, "
              "intensity DOUBLE, quad VARCHAR, num_reports INTEGER, num_articles INTEGER, "
              "num_sources INTEGER, num_outlets INTEGER);"),
    # Older rows are body quotes: headline quotes were not extracted before.
    Migration(6, "quotes: the zone a quote is in (a headline quote points into the title)",
              "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS zone VARCHAR DEFAULT 'body';"),
    # An entity split (corrections.py): the entity a split made in an article (`split_from`,
    # dropped on undo), the machine's entity of every mention it moved, and the machine's
    # entity rows it emptied (`removed`, kept whole with their roles so an undo restores them).
    Migration(7, "corrections: entity split (split_from, machine mentions, removed entities)",
              "ALTER TABLE entities ADD COLUMN IF NOT EXISTS split_from VARCHAR; "
              "ALTER TABLE machine_entities ADD COLUMN IF NOT EXISTS roles JSON; "
              "ALTER TABLE machine_entities ADD COLUMN IF NOT EXISTS removed BOOLEAN "
              "DEFAULT false; "
              "CREATE TABLE IF NOT EXISTS machine_mentions (article_id VARCHAR NOT NULL, "
              'zone VARCHAR NOT NULL, zone_index INTEGER NOT NULL, "start" INTEGER NOT NULL, '
              '"end" INTEGER NOT NULL, entity_id VARCHAR NOT NULL, '
              'PRIMARY KEY (article_id, zone, zone_index, "start", "end"));'),
    # An event an analyst corrected is checked: its confidence becomes 1 (so a confidence
    # floor never hides it) and the model's is kept with the machine's other values, for an
    # undo. Rows snapshotted before hold the model's value still (no correction changed it).
    Migration(8, "corrections: the model's confidence of a corrected event",
              "ALTER TABLE machine_events ADD COLUMN IF NOT EXISTS confidence DOUBLE; "
              "UPDATE machine_events SET confidence = e.confidence FROM events e "
              "WHERE e.article_id = machine_events.article_id AND e.idx = machine_events.idx "
              "AND machine_events.confidence IS NULL;"),
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
