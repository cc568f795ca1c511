"""Read queries over the store, returning pandas DataFrames (or the analysis document).

Why a class over a connection: readers (API threads, CLI) must never share the writer's
cursor, so every call opens its own `cursor()` on the owning connection — in-process readers
see committed data and never block ingestion — or runs on a read-only connection.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from wirewatch import params as params_mod
from wirewatch.model import Article, actor_code
from wirewatch.store.search import Hits, SearchIndex

_LIST_COLUMNS = ("id, url, outlet, title, dek, published_at, published_precision, "
                 "published_offset, CAST(published_date AS VARCHAR) AS published_date, "
                 "language, "
                 "authors, tags, fetched_at, ingested_at, source_path, length(body) AS n_chars")

# Days back from the newest article that a common keyword tries before the whole store, and
# the most hits of the keyword index that are fetched by rowid before trying those windows.
_KEYWORD_WINDOWS = (2, 14, 90)
_INDEX_FIRST_CAP = 2000


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Queries:
    """Read-side API. Thread-safe: each call uses its own DuckDB cursor."""

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

    def close(self) -> None:
        with self._lock:
            self._root.close()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def _df(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        with self._cursor() as cur:
            return cur.execute(sql, params or []).df()

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any SQL (power users); the HTTP layer decides whether to allow it."""
        return self._df(query, params)

    def articles(self, q: str | None = None, outlet: str | None = None,
                 language: str | None = None, since: str | date | datetime | None = None,
                 until: str | date | datetime | None = None, limit: int = 50,
                 offset: int = 0) -> pd.DataFrame:
        """Stored articles, newest published first; `q` is words in title or body (in order,
        the last one also as a prefix), case-insensitive."""
        where, params = [], []
        if q:
            # ESCAPE only when needed: without it DuckDB runs '%word%' as a fast contains
            escape = " ESCAPE '\\'" if any(c in q for c in "%_\\") else ""
            where.append(f"(title ILIKE ?{escape} OR body ILIKE ?{escape})")
            pattern = f"%{_escape_like(q)}%" if escape else f"%{q}%"
            params += [pattern, pattern]
        if outlet:
            where.append("lower(outlet) = lower(?)")
            params.append(outlet)
        if language:
            where.append("language = ?")
            params.append(language)
        if (start := params_mod.when(since, "since")) is not None:
            where.append("published_at >= ?")
            params.append(start)
        if (end := params_mod.when(until, "until")) is not None:
            where.append("published_at < ?")
            params.append(end)
        order = " ORDER BY published_at DESC NULLS LAST, ingested_at DESC, id LIMIT ? OFFSET ?"
        page = [int(limit), int(offset)]
        with self._cursor() as cur:
            if q:
                # The keyword index names a rare keyword's candidates (the LIKE still decides);
                # a common one fills its page from the newest days, else from the index.
                search = self.search
                hits = search.match(q, cap=_INDEX_FIRST_CAP) if search is not None else None
                if hits is None:
                    df = self._keyword_windows(cur, where, params, start, order, page)
                    if df is not None:
                        return df
                    hits = search.match(q) if search is not None else None
                if hits is not None:
                    return self._keyword_hits(cur, hits, where, params, order, page)
            sql = f"SELECT {_LIST_COLUMNS} FROM articles"
            if where:
                sql += " WHERE " + " AND ".join(where)
            return cur.execute(sql + order, [*params, *page]).df()

    @staticmethod
    def _keyword_windows(cur: duckdb.DuckDBPyConnection, where: list[str], params: list[Any],
                         start: datetime | None, order: str, page: list[int]
                         ) -> pd.DataFrame | None:
        """The page from the newest days alone, when they fill it. Rows are stored roughly in
        publication order, so DuckDB skips older row groups; results are newest first, so a
        page filled inside a window is the page of the whole store."""
        newest = cur.execute("SELECT max(published_at) FROM articles").fetchall()[0][0]
        for days in _KEYWORD_WINDOWS if newest is not None else ():
            cutoff = newest - timedelta(days=days)
            if start is not None and cutoff <= start:
                break
            df = cur.execute(f"SELECT {_LIST_COLUMNS} FROM articles WHERE "
                             + " AND ".join([*where, "published_at >= ?"]) + order,
                             [*params, cutoff, *page]).df()
            if len(df) >= page[0]:
                return df
        return None

    @staticmethod
    def _keyword_hits(cur: duckdb.DuckDBPyConnection, hits: Hits, where: list[str],
                      params: list[Any], order: str, page: list[int]) -> pd.DataFrame:
        """The page from the index's hits (fetched by rowid) plus articles it may lack."""
        cond = " AND ".join(where)
        return cur.execute(
            f"SELECT * FROM (SELECT {_LIST_COLUMNS} FROM articles WHERE rowid IN "
            "(SELECT unnest(CAST(? AS BIGINT[]))) AND id IN (SELECT unnest(CAST(? AS "
            f"VARCHAR[]))) AND {cond} UNION SELECT {_LIST_COLUMNS} FROM articles "
            f"WHERE ingested_at > ? AND {cond})" + order,
            [hits.rows, hits.ids, *params, hits.watermark, *params, *page]).df()

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article as the analysis document of DESIGN.md (absent parts empty), or None."""
        with self._cursor() as cur:

            def rows(sql: str) -> list[dict[str, Any]]:
                result = cur.execute(sql, [article_id])
                names = [d[0] for d in result.description]
                return [dict(zip(names, r, strict=True)) for r in result.fetchall()]

            found = rows("SELECT * FROM articles WHERE id = ?")
            if not found:
                return None
            row = found[0]
            doc: dict[str, Any] = {"article": Article.from_dict(row).to_dict()}
            doc["article"]["ingested_at"] = _iso(row.get("ingested_at"))

            mentions: dict[str, list[dict[str, Any]]] = {}
            for m in rows('SELECT entity_id, "text", "start", "end", zone, zone_index, sentence '
                          'FROM mentions WHERE article_id = ? ORDER BY rowid'):
                mentions.setdefault(m.pop("entity_id"), []).append(m)
            entities = []
            for e in rows("SELECT entity_id, name, type, country, sector, code, roles, aliases "
                          "FROM entities WHERE article_id = ? ORDER BY rowid"):
                eid = e.pop("entity_id")
                roles = e.pop("roles")
                entities.append({"id": eid, **e, "roles": json.loads(roles) if roles else [],
                                 "aliases": e.get("aliases") or [],
                                 "mentions": mentions.get(eid, [])})
            doc["entities"] = entities
            events = []
            for ev in rows("SELECT * EXCLUDE (article_id, idx) FROM events "
                           "WHERE article_id = ? ORDER BY idx"):
                loc = {k: ev.pop(f"location_{k}") for k in ("name", "country", "lat", "lon")}
                evidence = {k: ev.pop(f"evidence_{k}") for k in ("sentence", "start", "end")}
                for side in ("source", "target"):
                    ev[side] = [{**a, "code": a.get("code") or actor_code(a.get("country"),
                                                                          a.get("sector"))}
                                for a in ev.get(side) or []]
                ev["location"] = loc if loc["name"] is not None else None
                ev["evidence"] = evidence
                events.append(ev)
            doc["events"] = events
            # merged-event id of each event (parallel to "events") and the story id (link/), so
            # a view can open them; kept beside the analysis document, not inside it
            clusters = {r["idx"]: r["cluster_id"] for r in rows(
                "SELECT idx, cluster_id FROM event_reports WHERE article_id = ?")}
            doc["event_clusters"] = [clusters.get(r["idx"]) for r in rows(
                "SELECT idx FROM events WHERE article_id = ? ORDER BY idx")]
            story = rows("SELECT story_id FROM story_articles WHERE article_id = ?")
            doc["story_id"] = story[0]["story_id"] if story else None
            doc["quotes"] = rows('SELECT "text", speaker, speaker_country, kind, "start", "end" '
                                 "FROM quotes WHERE article_id = ? ORDER BY idx")
            doc["attributions"] = rows('SELECT outlet, claim, "start", "end" FROM attributions '
                                       "WHERE article_id = ? ORDER BY idx")
            doc["timex"] = rows('SELECT "text", value, precision, "start", "end" FROM timex '
                                "WHERE article_id = ? ORDER BY idx")
            an = rows("SELECT * FROM analyses WHERE article_id = ?")
            first = an[0] if an else {}
            doc["tone"] = ({k: first[f"tone_{k}"]
                            for k in ("score", "positive", "negative", "conflict_share")}
                           if first.get("tone_score") is not None else None)
            doc["keypoints"] = list(first.get("keypoints") or [])
            doc["tags"] = list(first.get("tags") or [])
            if first.get("notes"):
                doc["notes"] = list(first["notes"])
            link = rows("SELECT (SELECT duplicate_of FROM article_links WHERE article_id = $1) "
                        "AS duplicate_of, (SELECT story_id FROM story_articles "
                        "WHERE article_id = $1) AS story_id")
            clusters = rows("SELECT idx, cluster_id FROM event_reports WHERE article_id = ? "
                            "ORDER BY idx")
            doc["links"] = {**(link[0] if link else {}),
                            "event_clusters": {c["idx"]: c["cluster_id"] for c in clusters}}
            return doc

    def rejects(self, limit: int = 100, offset: int = 0, reason: str | None = None
                ) -> pd.DataFrame:
        where, params = "", []
        if reason:
            where, params = " WHERE reason = ?", [reason]
        return self._df(f'SELECT id, "at", origin, reason, detail FROM rejects{where} '
                        'ORDER BY "at" DESC, id LIMIT ? OFFSET ?',
                        [*params, int(limit), int(offset)])

    def feeds(self) -> pd.DataFrame:
        return self._df("SELECT * FROM feeds ORDER BY url")

    def counts(self) -> dict[str, Any]:
        """Headline numbers: articles, rejects (and by reason), per outlet and language,
        analysis rows, inbox checkpoint."""
        with self._cursor() as cur:
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

    # -- stories and merged events (link/) ---------------------------------------------------

    def stories(self, q: str | None = None, outlet: str | None = None,
                since: str | date | datetime | None = None,
                until: str | date | datetime | None = None, min_articles: int = 2,
                limit: int = 50, offset: int = 0) -> pd.DataFrame:
        """Stories, most recently active first. One-article stories are noise until a second
        article joins them: `min_articles=1` shows them too."""
        where, params = ["s.num_articles >= ?"], [int(min_articles)]
        if q:
            where.append("(s.title ILIKE ? ESCAPE '\\' OR list_contains(s.top_terms, lower(?)))")
            params += [f"%{_escape_like(q)}%", q]
        if outlet:
            where.append("list_contains(s.outlets, ?)")
            params.append(outlet)
        if since:
            where.append("s.last_seen >= ?")
            params.append(params_mod.when(since, "since"))
        if until:
            where.append("s.first_seen < ?")
            params.append(params_mod.when(until, "until"))
        sql = ("SELECT s.id, s.title, s.first_seen, s.last_seen, s.num_articles, s.num_outlets,"
               " s.outlets, s.keypoints, s.top_terms, (SELECT count(DISTINCT r.cluster_id) "
               "FROM story_articles sa JOIN event_reports r ON r.article_id = sa.article_id "
               "WHERE sa.story_id = s.id) AS num_events FROM stories s WHERE "
               + " AND ".join(where)
               + " ORDER BY s.last_seen DESC, s.num_articles DESC, s.id LIMIT ? OFFSET ?")
        return self._df(sql, [*params, int(limit), int(offset)])

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story: its row, its articles (with near-duplicate links) and its merged events
        (with how many of the story's articles report each)."""
        with self._cursor() as cur:
            found = cur.execute("SELECT * FROM stories WHERE id = ?", [story_id])
            names = [d[0] for d in found.description]
            row = found.fetchone()
            if row is None:
                return None
            doc: dict[str, Any] = dict(zip(names, row, strict=True))
            doc["articles"] = cur.execute(
                "SELECT a.id, a.title, a.outlet, a.url, a.published_at, sa.seen_at, "
                "sa.similarity, l.duplicate_of FROM story_articles sa "
                "JOIN articles a ON a.id = sa.article_id "
                "LEFT JOIN article_links l ON l.article_id = sa.article_id "
                "WHERE sa.story_id = ? ORDER BY sa.seen_at, a.id", [story_id]).df()
            doc["events"] = cur.execute(
                "SELECT c.id, c.type, c.mode, c.source, c.target, c.location_name, c.date, "
                "c.date_precision, c.modality, c.num_articles, c.num_sources, c.first_reported,"
                " c.evidence, count(DISTINCT r.article_id) AS in_story FROM story_articles sa "
                "JOIN event_reports r ON r.article_id = sa.article_id "
                "JOIN event_clusters c ON c.id = r.cluster_id WHERE sa.story_id = ? "
                "GROUP BY ALL ORDER BY c.num_sources DESC, c.num_articles DESC, "
                "c.first_reported, c.id", [story_id]).df()
            return doc

    def event_clusters(self, type: str | None = None, country: str | None = None,  # noqa: A002
                       modality: str | None = None, story_id: str | None = None,
                       since: str | date | datetime | None = None,
                       until: str | date | datetime | None = None, min_sources: int = 1,
                       limit: int = 50, offset: int = 0) -> pd.DataFrame:
        """Merged events (one row per real-world event), most widely reported first."""
        where, params = ["c.num_sources >= ?"], [int(min_sources)]
        if type:
            where.append("c.type = ?")
            params.append(type.upper())
        if country:
            where.append("(list_contains(c.source_countries, ?) OR "
                         "list_contains(c.target_countries, ?) OR c.location_country = ?)")
            params += [country.upper()] * 3
        if modality:
            where.append("c.modality = ?")
            params.append(modality)
        if story_id:
            where.append("c.id IN (SELECT r.cluster_id FROM event_reports r JOIN story_articles"
                         " sa ON sa.article_id = r.article_id WHERE sa.story_id = ?)")
            params.append(story_id)
        if since:
            where.append("c.last_reported >= ?")
            params.append(params_mod.when(since, "since"))
        if until:
            where.append("c.first_reported < ?")
            params.append(params_mod.when(until, "until"))
        sql = ("SELECT c.* EXCLUDE (updated_at) FROM event_clusters c WHERE "
               + " AND ".join(where)
               + " ORDER BY c.num_sources DESC, c.num_articles DESC, c.first_reported DESC, "
               "c.id LIMIT ? OFFSET ?")
        return self._df(sql, [*params, int(limit), int(offset)])

    def event_cluster(self, cluster_id: str) -> dict[str, Any] | None:
        """One merged event with all its reports (article, outlet, time, modality, sentence)."""
        with self._cursor() as cur:
            found = cur.execute("SELECT * FROM event_clusters WHERE id = ?", [cluster_id])
            names = [d[0] for d in found.description]
            row = found.fetchone()
            if row is None:
                return None
            doc: dict[str, Any] = dict(zip(names, row, strict=True))
            doc["modality_history"] = json.loads(doc["modality_history"] or "[]")
            doc["reports"] = cur.execute(
                "SELECT r.article_id, r.idx, r.outlet, r.source_key, r.reported_at, r.modality,"
                " a.title, a.url, l.duplicate_of, e.evidence_sentence, e.evidence_start, "
                "e.evidence_end, e.date, e.date_precision FROM event_reports r "
                "JOIN articles a ON a.id = r.article_id "
                "LEFT JOIN article_links l ON l.article_id = r.article_id "
                "LEFT JOIN events e ON e.article_id = r.article_id AND e.idx = r.idx "
                "WHERE r.cluster_id = ? ORDER BY r.reported_at, r.article_id, r.idx",
                [cluster_id]).df()
            return doc

    # -- per-article events (analyze/events.py) -----------------------------------------------

    def events(self, **filters: Any) -> pd.DataFrame:
        """Events as coded in each article (one row per report), newest event date first;
        the filters and columns of `select_events`, the one events query."""
        with self._cursor() as cur:
            return select_events(cur, **filters).df()


# -- the one events query (CLI `wirewatch events`, `Wirewatch.events`, `GET /events`) ---------

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
                  limit: int = 50, offset: int = 0) -> duckdb.DuckDBPyConnection:
    """Run the events query on `cur` and return it with the result pending: every surface
    asks this one query and only encodes the rows (`.df()`, dicts). Newest event date first.

    `actor` matches an actor on either side whose name contains it (case-insensitive) or
    whose country or actor code equals it (`USA`, `USAGOV`); `source`/`target` match the same
    way on one side. `pair` is two ISO-3 countries ("USA,CHN"), matched in either direction
    (one code: either side). `since`/`until` compare against the event's own date (ISO,
    possibly partial, TIMEX3 seasons as their first month; the article's publication day
    when the event has none), both inclusive, at the event date's precision — so an event
    dated "2023-06" is in `since="2023-06-14"`. Rows carry every events column plus
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
            params += [_escape_like(value), value, value]
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
    sql = (f"SELECT e.article_id, e.idx, {day} AS day, e.date, e.date_precision, e.type, "
           "e.mode, e.context, e.modality, e.source, e.target, "
           "list_transform(e.source, lambda x: x.name) AS source_names, "
           "list_transform(e.target, lambda x: x.name) AS target_names, "
           "list_transform(e.source, lambda x: x.country) AS source_countries, "
           "list_transform(e.target, lambda x: x.country) AS target_countries, "
           "e.location_name, e.location_country, e.location_lat, e.location_lon, "
           "e.intensity, e.quad, e.cameo_root, e.confidence, e.evidence_sentence, "
           "e.evidence_start, e.evidence_end, a.outlet, a.title, a.url, a.published_at "
           "FROM events e JOIN articles a ON a.id = e.article_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {key} DESC NULLS LAST, e.article_id, e.idx LIMIT ? OFFSET ?"
    return cur.execute(sql, [*params, int(limit), int(offset)])


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)
