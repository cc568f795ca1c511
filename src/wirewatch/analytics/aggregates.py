"""Incremental aggregates: the one place that turns stored rows into the `agg_*` tables.

Why one module: every aggregate (windows, dyads, geo, entities, co-mentions) is computed by the
same SQL from the same *batch views* (`_wwb_articles`, `_wwb_entities`, `_wwb_mentions`,
`_wwb_events`, `_wwb_analyses`). The single writer calls `apply_batch` inside the batch's
transaction with views over the batch's Arrow tables (sign +1), or over the rows it is about to
replace (sign -1); `rebuild` runs the very same statements with views over whole tables. So
incremental and bulk results agree by construction, and counting something else — e.g. merged
events instead of reports — is a change to `EVENTS_SQL` only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb

log = logging.getLogger("wirewatch.analytics")

AGG_TABLES = ("agg_windows", "agg_entities", "agg_dyads", "agg_geo", "agg_cooccur",
              "agg_cooccur_day")
BATCH_TABLES = ("articles", "entities", "mentions", "events", "analyses")
GRAINS = ("minute", "hour", "day")
MINUTE_RETENTION = timedelta(hours=48)  # minute buckets only serve the first hours' trends
MAX_PAIR_ENTITIES = 25  # co-mentions: an article's top entities only (k² pairs per article)

# The events that analytics counts: real-world events, not reports. The link step (which runs
# first in the same transaction) files each report under an event cluster whose id is its first
# report's '<article_id>:<idx>'; only that founding report counts, so ten reports of one visit
# count once. A report without a cluster (linking off) counts as its own event. Report counts
# stay available from the `events` table (`queries/events.py`) and `event_clusters.num_reports`.
# Background events (a past event an article recalls for context) are not news of the day and
# are not counted; they stay in the `events` table with `background = true`.
EVENTS_SQL = """SELECT e.* FROM _wwb_events e
  LEFT JOIN event_reports r ON r.article_id = e.article_id AND r.idx = e.idx
  WHERE (r.cluster_id IS NULL OR r.cluster_id = e.article_id || ':' || CAST(e.idx AS VARCHAR))
    AND NOT coalesce(e.background, false) AND NOT coalesce(e.not_event, false)"""

# Two clocks, and how each counts an undated article (docs/architecture.md, "Dates"):
# - when it was *reported* (`art.t`: agg_windows, agg_entities first/last seen, co-mentions per
#   day): its publication instant, else the time we fetched it — it was reported no later than
#   that, and trends need an instant;
# - when an event *happened* (`art.day`, agg_dyads): the event's own date, else its article's
#   publication day as the page states it (`published_date`, the local day), else none: the
#   event is undated (day '' in agg_dyads, shown as "undated"), never dated by the ingest day.
#   The events list (queries/events.py) dates events the same way, so a dyad bar and the events
#   behind it agree.
_ART = """art AS (SELECT id AS article_id, coalesce(published_at, fetched_at) AS t,
                         CAST(published_date AS VARCHAR) AS day
                  FROM _wwb_articles)"""
_ENT = """ment AS (SELECT article_id, entity_id, count(*) AS n FROM _wwb_mentions GROUP BY ALL),
          ent AS (SELECT e.article_id, e.name, e.country, e.type, coalesce(m.n, 0) AS n
                  FROM _wwb_entities e LEFT JOIN ment m USING (article_id, entity_id)
                  WHERE NOT coalesce(e.not_actor, false))"""
_EV = f"ev AS ({EVENTS_SQL})"
_ACTORS = """sp AS (SELECT article_id, idx, unnest(source) AS a FROM ev),
             tp AS (SELECT article_id, idx, unnest(target) AS a FROM ev),
             actors AS (SELECT * FROM sp UNION ALL SELECT * FROM tp)"""


def _upsert(table: str, key: str, counters: list[str], extra: str = "") -> str:
    sets = [f"{c} = {table}.{c} + excluded.{c}" for c in counters]
    if extra:
        sets.append(extra)
    return f" ON CONFLICT ({key}) DO UPDATE SET {', '.join(sets)}"


WINDOWS_SQL = f"""
WITH {_ART}, {_ENT}, {_EV}, {_ACTORS},
facts AS (
  SELECT article_id, 'all' AS dim, '*' AS key, 1 AS articles, 0 AS mentions, 0 AS events
  FROM art
  UNION ALL
  SELECT article_id, 'all', '*', 0, n, 0 FROM ent
  UNION ALL
  SELECT article_id, 'entity', name, 1, sum(n), 0 FROM ent GROUP BY article_id, name
  UNION ALL
  SELECT article_id, 'country', country, 1, sum(n), 0 FROM ent WHERE country IS NOT NULL
  GROUP BY article_id, country
  UNION ALL
  SELECT article_id, 'all', '*', 0, 0, 1 FROM ev
  UNION ALL
  SELECT article_id, 'event_type', type, 0, 0, 1 FROM ev
  UNION ALL
  SELECT article_id, 'entity', name, 0, 0, 1 FROM (
    SELECT DISTINCT article_id, idx, a.name AS name FROM actors WHERE a.name IS NOT NULL)
  UNION ALL
  SELECT article_id, 'country', country, 0, 0, 1 FROM (
    SELECT DISTINCT article_id, idx, a.country AS country FROM actors
    WHERE a.country IS NOT NULL)
  UNION ALL
  SELECT article_id, 'dyad', pair, 0, 0, 1 FROM (
    SELECT DISTINCT sp.article_id, sp.idx, sp.a.country || '|' || tp.a.country AS pair
    FROM sp JOIN tp USING (article_id, idx)
    WHERE sp.a.country IS NOT NULL AND tp.a.country IS NOT NULL)
),
counted AS (SELECT * FROM facts WHERE key IS NOT NULL)
INSERT INTO agg_windows
SELECT g.grain, date_trunc(g.grain, art.t) AS bucket, c.dim, c.key,
       $sign * sum(c.articles), $sign * sum(c.mentions), $sign * sum(c.events)
FROM counted c JOIN art USING (article_id),
     (VALUES ('minute'), ('hour'), ('day')) g(grain)
WHERE g.grain <> 'minute' OR art.t >= $minute_cutoff
GROUP BY ALL ORDER BY 1, 3, 2  -- grain, dim, bucket: row-group min/max prune time ranges
""" + _upsert("agg_windows", "grain, dim, key, bucket", ["articles", "mentions", "events"])

ENTITIES_SQL = f"""
WITH {_ART}, {_ENT}, {_EV}, {_ACTORS},
evn AS (SELECT name, count(*) AS n FROM (
          SELECT DISTINCT article_id, idx, a.name AS name FROM actors WHERE a.name IS NOT NULL)
        GROUP BY 1),
e AS (
  SELECT e.name, any_value(e.type) AS type, any_value(e.country) AS country,
         any_value(e.sector) AS sector, any_value(e.code) AS code,
         list_slice(list_distinct(flatten(list(e.aliases))), 1, 50) AS aliases,
         list_slice(list_distinct(flatten(list(CAST(e.roles AS JSON[])))), 1, 50) AS roles,
         count(DISTINCT e.article_id) AS articles, min(art.t) AS first_seen,
         max(art.t) AS last_seen
  FROM _wwb_entities e JOIN art USING (article_id) WHERE NOT coalesce(e.not_actor, false)
  GROUP BY e.name),
m AS (SELECT name, sum(n) AS mentions FROM ent GROUP BY 1)
INSERT INTO agg_entities
SELECT e.name, e.type, e.country, e.sector, e.code, e.aliases, e.roles,
       $sign * e.articles, $sign * coalesce(m.mentions, 0), $sign * coalesce(evn.n, 0),
       e.first_seen, e.last_seen
FROM e LEFT JOIN m USING (name) LEFT JOIN evn USING (name)
""" + _upsert("agg_entities", "name", ["articles", "mentions", "events"], ", ".join([
    "type = coalesce(agg_entities.type, excluded.type)",
    "country = coalesce(agg_entities.country, excluded.country)",
    "sector = coalesce(agg_entities.sector, excluded.sector)",
    "code = coalesce(agg_entities.code, excluded.code)",
    "aliases = list_slice(list_distinct(list_concat(agg_entities.aliases, excluded.aliases)), 1, 50)",
    "roles = list_slice(list_distinct(list_concat(agg_entities.roles, excluded.roles)), 1, 50)",
    "first_seen = least(agg_entities.first_seen, excluded.first_seen)",
    "last_seen = greatest(agg_entities.last_seen, excluded.last_seen)",
]))

DYADS_SQL = f"""
WITH {_ART}, {_EV},
evd AS (SELECT ev.article_id, ev.idx, ev.source, ev.target, ev.intensity,
               coalesce(ev.quad, '') AS quad, an.tone_score AS tone,
               coalesce(left(ev.date, 10), art.day, '') AS day
        FROM ev JOIN art USING (article_id) LEFT JOIN _wwb_analyses an USING (article_id)),
sp AS (SELECT article_id, idx, unnest(source) AS a FROM evd),
tp AS (SELECT article_id, idx, unnest(target) AS a FROM evd),
pairs AS (
  SELECT DISTINCT sp.article_id, sp.idx, 'country' AS level, sp.a.country AS source,
         tp.a.country AS target
  FROM sp JOIN tp USING (article_id, idx)
  WHERE sp.a.country IS NOT NULL AND tp.a.country IS NOT NULL
  UNION
  SELECT DISTINCT sp.article_id, sp.idx, 'entity', sp.a.name, tp.a.name
  FROM sp JOIN tp USING (article_id, idx)
  WHERE sp.a.name IS NOT NULL AND tp.a.name IS NOT NULL)
INSERT INTO agg_dyads
SELECT p.level, p.source, p.target, evd.day, evd.quad, $sign * count(*),
       $sign * coalesce(sum(evd.intensity), 0), $sign * count(evd.intensity),
       $sign * coalesce(sum(evd.tone), 0), $sign * count(evd.tone)
FROM pairs p JOIN evd USING (article_id, idx)
GROUP BY ALL ORDER BY 1, 2, 3
""" + _upsert("agg_dyads", "level, source, target, day, quad",
              ["events", "sum_intensity", "n_intensity", "tone_sum", "n_tone"])

GEO_SQL = f"""
WITH {_ENT}, {_EV}
INSERT INTO agg_geo
SELECT 'event', location_country, coalesce(location_name, ''), $sign * count(*),
       $sign * coalesce(sum(location_lat), 0), $sign * coalesce(sum(location_lon), 0),
       $sign * count(location_lat)
FROM ev WHERE location_country IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'mention', country, CASE WHEN type IN ('GPE', 'LOC', 'FAC') THEN name ELSE '' END,
       $sign * sum(n), 0, 0, 0
FROM ent WHERE country IS NOT NULL GROUP BY ALL
""" + _upsert("agg_geo", "kind, country, place", ["n", "lat_sum", "lon_sum", "n_geo"])

_PAIRS = f"""
WITH {_ART}, {_ENT},
ne AS (SELECT article_id, name, sum(n) AS n FROM ent GROUP BY ALL),
top AS (SELECT article_id, name FROM ne
        QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY n DESC, name)
                <= {MAX_PAIR_ENTITIES}),
pairs AS (SELECT a.article_id, a.name AS a, b.name AS b
          FROM top a JOIN top b ON a.article_id = b.article_id AND a.name < b.name)"""

COOCCUR_SQL = (_PAIRS + """
INSERT INTO agg_cooccur SELECT a, b, $sign * count(*) FROM pairs GROUP BY ALL ORDER BY 1"""
               + _upsert("agg_cooccur", "a, b", ["n"]))
COOCCUR_DAY_SQL = (_PAIRS + """
INSERT INTO agg_cooccur_day
SELECT CAST(date_trunc('day', art.t) AS DATE), a, b, $sign * count(*)
FROM pairs JOIN art USING (article_id) GROUP BY ALL ORDER BY 1"""
                   + _upsert("agg_cooccur_day", "day, a, b", ["n"]))

STATEMENTS = (("agg_windows", WINDOWS_SQL), ("agg_entities", ENTITIES_SQL),
              ("agg_dyads", DYADS_SQL), ("agg_geo", GEO_SQL), ("agg_cooccur", COOCCUR_SQL),
              ("agg_cooccur_day", COOCCUR_DAY_SQL))


@contextmanager
def _batch_views(con: duckdb.DuckDBPyConnection,
                 sources: Mapping[str, Any]) -> Iterator[None]:
    """Expose each batch table as `_wwb_<name>`: an Arrow table (registered) or a SQL query
    (a temporary view)."""
    registered, views = [], []
    try:
        for name in BATCH_TABLES:
            src = sources[name]
            view = f"_wwb_{name}"
            if isinstance(src, str):
                con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {src}")
                views.append(view)
            else:
                con.register(view, src)
                registered.append(view)
        yield
    finally:
        for view in registered:
            con.unregister(view)
        for view in views:
            con.execute(f"DROP VIEW IF EXISTS {view}")


def _run(con: duckdb.DuckDBPyConnection, sign: int, minute_cutoff: datetime) -> None:
    for _, sql in STATEMENTS:
        con.execute(sql, {"sign": sign, "minute_cutoff": minute_cutoff}
                    if "$minute_cutoff" in sql else {"sign": sign})


def apply_batch(con: duckdb.DuckDBPyConnection, tables: Mapping[str, Any], sign: int = 1) -> None:
    """Add (sign=+1) or subtract (sign=-1) one batch's rows to every aggregate. `tables` maps
    each of BATCH_TABLES to an Arrow table or a SELECT; runs in the caller's transaction."""
    if sign not in (1, -1):
        raise ValueError("sign must be +1 or -1")
    with _batch_views(con, tables):
        _run(con, sign, datetime.now(UTC) - MINUTE_RETENTION)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every aggregate from the whole store, in one transaction: for stores written
    before the aggregates existed, bulk loads, and as the reference the tests compare to."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in AGG_TABLES:
            con.execute(f"DELETE FROM {table}")
        latest = con.execute(
            "SELECT least(max(coalesce(published_at, fetched_at)), now()) FROM articles"
        ).fetchall()[0]
        cutoff = (latest[0] if latest and latest[0] else datetime.now(UTC)) - MINUTE_RETENTION
        with _batch_views(con, {t: f"SELECT * FROM {t}" for t in BATCH_TABLES}):
            _run(con, 1, cutoff)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def needs_rebuild(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds articles but no aggregates (written before they existed)."""
    row = con.execute("SELECT (SELECT count(*) FROM articles) > 0 AND NOT EXISTS "
                      "(SELECT 1 FROM agg_windows)").fetchall()[0]
    return bool(row and row[0])


def prune(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> None:
    """Drop minute buckets older than the retention (they only serve a young store's trends)."""
    cutoff = (now or datetime.now(UTC)) - MINUTE_RETENTION
    con.execute("DELETE FROM agg_windows WHERE grain = 'minute' AND bucket < ?", [cutoff])


_last_prune = [0.0]


def hook(con: duckdb.DuckDBPyConnection, tables: Mapping[str, Any], sign: int) -> None:
    """The writer's after-batch callback (see store/writer.py `Store.batch_hooks`); also drops
    expired minute buckets once an hour, in the writer's own transaction (no second writer)."""
    apply_batch(con, tables, sign)
    now = time.monotonic()
    if now - _last_prune[0] > 3600:
        _last_prune[0] = now
        prune(con)

