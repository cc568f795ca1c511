"""Events as coded in each article (one row per report): the one events query that
`GET /events`, `wirewatch events`, `Wirewatch.events()` and the dashboard's event lists ask, so
the filters mean the same on every surface and the rows carry the same joined fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb

from wirewatch import params as params_mod
from wirewatch.store.reader import Rows, escape_like, rows_of


def events(cur: duckdb.DuckDBPyConnection, **filters: Any) -> Rows:
    """The rows of `select_events(cur, **filters)`."""
    return rows_of(select_events(cur, **filters))


_EVERY_EVENT_SQL = """
SELECT e.*, a.url, a.source_path, a.outlet, a.title, a.published_at, a.ingested_at,
       length(a.body) AS body_chars,
       coalesce(nullif(instr(a.body, chr(10) || chr(10)), 0) - 1, length(a.body)) AS lead_end,
       an.tone_score,
       c.id AS cluster_id, c.num_articles, c.num_sources, c.num_reports, cm.cluster_mentions
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN analyses an ON an.article_id = e.article_id
LEFT JOIN event_reports r ON r.article_id = e.article_id AND r.idx = e.idx
LEFT JOIN event_clusters c ON c.id = r.cluster_id
LEFT JOIN (SELECT r2.cluster_id, sum(greatest(coalesce(len(e2.mentions), 0), 1)) AS cluster_mentions
           FROM event_reports r2 JOIN events e2 ON e2.article_id = r2.article_id AND e2.idx = r2.idx
           GROUP BY r2.cluster_id) cm ON cm.cluster_id = r.cluster_id
ORDER BY a.ingested_at, e.article_id, e.idx
"""


def every_event(cur: duckdb.DuckDBPyConnection, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every coded event with its article, tone and merged event's counts, in ingest order,
    fetched `batch` rows at a time: the rows the GDELT and PLOVER exports write."""
    result = cur.execute(_EVERY_EVENT_SQL)
    names = [d[0] for d in result.description]
    while rows := result.fetchmany(batch):
        for values in rows:
            yield dict(zip(names, values, strict=True))


def _actor_match(param: str = "?") -> str:
    """SQL lambda: an actor struct matches a name substring or an exact country/actor code."""
    return (f"lambda x: x.name ILIKE '%' || {param} || '%' ESCAPE '\\' "
            f"OR upper(x.country) = upper({param}) OR upper(x.code) = upper({param})")


def select_events(cur: duckdb.DuckDBPyConnection, *, actor: str | None = None,
                  source: str | None = None, target: str | None = None,
                  pair: str | tuple[str, str] | None = None,
                  type: str | None = None, mode: str | None = None,  # noqa: A002
                  modality: str | None = None, since: str | date | None = None,
                  until: str | date | None = None, article_id: str | None = None,
                  min_confidence: str | float | None = None,
                  limit: int = 50, offset: int = 0) -> duckdb.DuckDBPyConnection:
    """Run the events query on `cur` and return it with the result pending (`events` fetches
    its rows; a caller may stream them instead). Newest event date first.

    `actor` matches an actor on either side whose name contains it (case-insensitive) or
    whose country or actor code equals it (`USA`, `USAGOV`); `source`/`target` match the same
    way on one side. `pair` is two ISO-3 countries ("USA,CHN"), matched in either direction
    (one code: either side). `since`/`until` compare against the event's own date (ISO,
    possibly partial, TIMEX3 seasons as their first month; the article's publication day
    when the event has none), both inclusive, at the event date's precision — so an event
    dated "2023-06" is in `since="2023-06-14"`. `min_confidence` (0 to 1) keeps the events
    the coder is at least that sure of (`confidence`, the model's probability of the type;
    0 keeps every event). Rows carry every events column plus
    `day`, the actors' names and countries, and the article's outlet, title, url and time.
    """
    # the article's day as the page states it (its local day), like agg_dyads: bar = list
    day = "coalesce(e.date, CAST(a.published_date AS VARCHAR))"
    key = day
    for season, month in (("SP", "03"), ("SU", "06"), ("FA", "09"), ("WI", "12")):
        key = f"replace({key}, '-{season}', '-{month}')"
    where: list[str] = []
    params: list[Any] = []
    for side, value in (("e.source || e.target", actor), ("e.source", source),
                        ("e.target", target)):
        if value:
            where.append(f"len(list_filter({side}, {_actor_match()})) > 0")
            params += [escape_like(value), value, value]
    if pair:
        codes = [c.strip().upper() for c in
                 (pair.split(",") if isinstance(pair, str) else pair) if c.strip()]
        src = "list_contains(list_transform(e.source, lambda x: x.country), ?)"
        tgt = "list_contains(list_transform(e.target, lambda x: x.country), ?)"
        if len(codes) == 1:
            where.append(f"({src} OR {tgt})")
            params += codes * 2
        elif len(codes) == 2:
            where.append(f"(({src} AND {tgt}) OR ({src} AND {tgt}))")
            params += [codes[0], codes[1], codes[1], codes[0]]
        else:
            raise params_mod.BadParameter(
                "pair", f"takes one or two ISO-3 codes, got {pair!r}")
    for column, value in (("e.type", type and type.upper()), ("e.mode", mode and mode.lower()),
                          ("e.modality", modality and modality.lower()),
                          ("e.article_id", article_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append(f"{key} >= left(?, length({key}))")
        params.append(params_mod.day(since, "since"))
    if until:
        where.append(f"{key} <= left(?, length({key}))")
        params.append(params_mod.day(until, "until"))
    if floor := params_mod.fraction(min_confidence, "min_confidence"):  # 0: every event
        where.append("e.confidence >= ?")
        params.append(floor)
    sql = (f"SELECT e.article_id, e.idx, {day} AS day, e.date, e.date_precision, e.type, "
           "e.mode, e.context, e.modality, e.source, e.target, "
           "list_transform(e.source, lambda x: x.name) AS source_names, "
           "list_transform(e.target, lambda x: x.name) AS target_names, "
           "list_transform(e.source, lambda x: x.country) AS source_countries, "
           "list_transform(e.target, lambda x: x.country) AS target_countries, "
           "e.location_name, e.location_country, e.location_lat, e.location_lon, "
           "e.intensity, e.quad, e.cameo_root, e.confidence, e.evidence_sentence, "
           "e.evidence_start, e.evidence_end, e.model_version, a.outlet, a.title, a.url, "
           "a.published_at FROM events e JOIN articles a ON a.id = e.article_id")
    where.append("NOT coalesce(e.not_event, false)")  # an analyst said: not an event
    sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {key} DESC NULLS LAST, e.article_id, e.idx LIMIT ? OFFSET ?"
    return cur.execute(sql, [*params, int(limit), int(offset)])
