"""Articles: the filtered list (keyword search through the store's index) and one article as
its analysis document (DESIGN.md), with the link step's ids beside it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from wirewatch import params as params_mod
from wirewatch.model import Article, actor_code
from wirewatch.store.reader import Rows, escape_like, fetch_rows, rows_of
from wirewatch.store.search import Hits, SearchIndex

_LIST_COLUMNS = ("id, url, outlet, title, dek, published_at, published_precision, "
                 "published_offset, CAST(published_date AS VARCHAR) AS published_date, "
                 "language, "
                 "authors, tags, fetched_at, ingested_at, source_path, length(body) AS n_chars")

# Days back from the newest article that a common keyword tries before the whole store, and
# the most hits of the keyword index that are fetched by rowid before trying those windows.
_KEYWORD_WINDOWS = (2, 14, 90)
_INDEX_FIRST_CAP = 2000
# `order`: newest publication first (undated last), or newest stored first (the live feed)
ORDERS = {"published": "published_at DESC NULLS LAST, ingested_at DESC, id",
          "arrival": "ingested_at DESC, id"}


def articles(cur: duckdb.DuckDBPyConnection, *, search: SearchIndex | None = None,
             q: str | None = None, outlet: str | None = None, language: str | None = None,
             since: str | date | datetime | None = None,
             until: str | date | datetime | None = None, limit: int = 50,
             offset: int = 0, order: str = "published") -> Rows:
    """Stored articles, newest published first (undated last), or with `order="arrival"`
    newest stored first; `q` is words in title or body (in order, the last one also as a
    prefix), case-insensitive. `search` is the store's keyword index (`Reader.search`): it
    narrows a keyword's candidates, the LIKE still decides."""
    if order not in ORDERS:
        raise params_mod.BadParameter("order", f"is one of {', '.join(ORDERS)}, not {order!r}")
    where, params = [], []
    if q:
        # ESCAPE only when needed: without it DuckDB runs '%word%' as a fast contains
        escape = " ESCAPE '\\'" if any(c in q for c in "%_\\") else ""
        where.append(f"(title ILIKE ?{escape} OR body ILIKE ?{escape})")
        pattern = f"%{escape_like(q)}%" if escape else f"%{q}%"
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
    by = ORDERS[order]
    order_by = f" ORDER BY {by} LIMIT ? OFFSET ?"
    page = [int(limit), int(offset)]
    if q:
        # The keyword index names a rare keyword's candidates (the LIKE still decides);
        # a common one fills its page from the newest days, else from the index.
        hits = search.match(q, cap=_INDEX_FIRST_CAP) if search is not None else None
        if hits is None and order == "published":
            found = _keyword_windows(cur, where, params, start, order_by, page)
            if found is not None:
                return found
            hits = search.match(q) if search is not None else None
        if hits is not None:
            return _keyword_hits(cur, hits, where, params, order_by, page)
    sql = f"SELECT {_LIST_COLUMNS} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return fetch_rows(cur, sql + order_by, [*params, *page])


def _keyword_windows(cur: duckdb.DuckDBPyConnection, where: list[str], params: list[Any],
                     start: datetime | None, order: str, page: list[int]) -> Rows | None:
    """The page from the newest days alone, when they fill it. Rows are stored roughly in
    publication order, so DuckDB skips older row groups; results are newest first, so a
    page filled inside a window is the page of the whole store."""
    newest = cur.execute("SELECT max(published_at) FROM articles").fetchall()[0][0]
    for days in _KEYWORD_WINDOWS if newest is not None else ():
        cutoff = newest - timedelta(days=days)
        if start is not None and cutoff <= start:
            break
        found = fetch_rows(cur, f"SELECT {_LIST_COLUMNS} FROM articles WHERE "
                           + " AND ".join([*where, "published_at >= ?"]) + order,
                           [*params, cutoff, *page])
        if len(found) >= page[0]:
            return found
    return None


def _keyword_hits(cur: duckdb.DuckDBPyConnection, hits: Hits, where: list[str],
                  params: list[Any], order: str, page: list[int]) -> Rows:
    """The page from the index's hits (fetched by rowid) plus articles it may lack."""
    cond = " AND ".join(where)
    return fetch_rows(
        cur,
        f"SELECT * FROM (SELECT {_LIST_COLUMNS} FROM articles WHERE rowid IN "
        "(SELECT unnest(CAST(? AS BIGINT[]))) AND id IN (SELECT unnest(CAST(? AS "
        f"VARCHAR[]))) AND {cond} UNION SELECT {_LIST_COLUMNS} FROM articles "
        f"WHERE ingested_at > ? AND {cond})" + order,
        [hits.rows, hits.ids, *params, hits.watermark, *params, *page])


def resolve(cur: duckdb.DuckDBPyConnection, table: str, key: str) -> str:
    """A unique prefix (at least 6 characters) of an id in `table` → the id, as git accepts
    hashes; else `key` unchanged."""
    if len(key) < 6:
        return key
    found = cur.execute(f"SELECT id FROM {table} WHERE starts_with(id, ?) ORDER BY id LIMIT 2",
                        [key]).fetchall()
    return found[0][0] if len(found) == 1 else key


def known(cur: duckdb.DuckDBPyConnection, ids: list[str]) -> list[str]:
    """Which of `ids` are stored (a CLI ingest beside a running service asks this, to skip
    what is stored and to wait for what it handed in)."""
    if not ids:
        return []
    rows = cur.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(CAST(? AS "
                       "VARCHAR[]))) ORDER BY id", [list(ids)]).fetchall()
    return [r[0] for r in rows]


def article(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """One article as the analysis document of DESIGN.md (absent parts empty), or None."""

    def rows(sql: str) -> Rows:
        return rows_of(cur.execute(sql, [article_id]))

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
    for e in rows("SELECT entity_id, name, type, country, sector, code, roles, aliases, "
                  "not_actor, merged_into, split_from FROM entities WHERE article_id = ? "
                  "ORDER BY rowid"):
        eid = e.pop("entity_id")
        roles = e.pop("roles")
        for flag in ("not_actor", "merged_into", "split_from"):  # an analyst's (corrections.py)
            if not e.get(flag):
                e.pop(flag)
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
        for flag in ("not_event", "model_version"):  # only when set (corrections.py)
            if not ev.get(flag):
                ev.pop(flag, None)
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
    doc["quotes"] = rows('SELECT "text", speaker, speaker_country, kind, "start", "end", '
                         "not_quote, coalesce(zone, 'body') AS zone FROM quotes "
                         "WHERE article_id = ? ORDER BY idx")
    for q in doc["quotes"]:  # flags an analyst set (corrections.py) appear only when set
        if not q.pop("not_quote"):
            continue
        q["not_quote"] = True
    # the analysts' corrections in force here (corrections.py): beside the document, so a
    # view can show what was corrected and offer the undo
    doc["corrections"] = rows(
        'SELECT id, "at", who, kind, target, field, "before", "after", reason FROM corrections '
        "WHERE undone_at IS NULL AND (article_id = $1 OR (kind = 'entity' AND target IN "
        "(SELECT entity_id FROM entities WHERE article_id = $1 UNION SELECT split_from FROM "
        'entities WHERE article_id = $1))) ORDER BY "at", id')
    for c in doc["corrections"]:
        c["before"], c["after"] = (json.loads(c[k]) if c[k] is not None else None
                                   for k in ("before", "after"))
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
    copy = rows("SELECT duplicate_of FROM article_links WHERE article_id = ?")
    doc["links"] = {"duplicate_of": copy[0]["duplicate_of"] if copy else None,
                    "story_id": doc["story_id"], "event_clusters": dict(sorted(clusters.items()))}
    return doc


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)
