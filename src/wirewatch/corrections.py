"""Analyst corrections: the one module that applies, undoes and re-applies them.

Why this shape: a correction must change every surface at once (the article document, lists,
merged events, aggregates), be reversible, and survive re-analysis. So the store keeps three
things (migration 5): the audit record (`corrections`: who, when, kind, target, field,
before, after, reason, undone_at), the machine's values of every row a correction touched
(`machine_*` tables), and the rows themselves as corrected. Whatever happens — a new
correction, an undo, a re-analysis that rewrites the machine's rows — the affected articles
are *refreshed* the same way: put the machine's values back, apply every active correction
in order, re-derive the merged events, and move the aggregates by (-old, +new) through the
store's batch hooks, all in one transaction on the engine's single writer
(`Corrector.apply/undo` hand their work to `engine.commit`).

Targets: an event or quote is `<article_id>:<idx>` and carries an anchor (its evidence or
quote span and machine type), so a re-analysis that renumbers the article's events finds it
again; an entity is its `entity_id` (a hash of type and name, the same in every article), so an
entity correction applies to every article naming it — and to the next one (`amend`, called
by `Store.write`), and teaches the knowledge base (`KnowledgeBase.correct`).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from wirewatch import data, model
from wirewatch.store.writer import _stored_batch

KINDS = ("event", "entity", "quote")
FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("type", "mode", "source", "target", "modality", "place", "date", "not_event",
              "background"),
    "entity": ("country", "sector", "type", "merge_into", "split", "not_actor"),
    "quote": ("speaker", "speaker_country", "not_quote"),
}
MODALITIES = model.MODALITIES
SECTORS = model.CAMEO_SECTORS
ENTITY_TYPES = model.ENTITY_TYPES
_DATE = re.compile(r"^\d{4}(-(\d{2}|SP|SU|FA|WI)(-\d{2})?)?$")
_EVENT_COLS = ("type", "mode", "source", "target", "location_name", "location_country",
               "location_lat", "location_lon", "date", "date_precision", "modality",
               "intensity", "quad", "cameo_root", "background", "not_event", "confidence")
_ENTITY_COLS = ("name", "type", "country", "sector", "code", "aliases", "not_actor",
                "merged_into")
_QUOTE_COLS = ("speaker", "speaker_country", "not_quote")
_CLUSTER_COLS = ("type", "mode", "source", "target", "source_countries", "target_countries",
                 "location_name", "location_country", "date", "date_precision", "intensity",
                 "quad", "num_reports", "num_articles", "num_sources", "num_outlets")


class CorrectionError(ValueError):
    """A correction that cannot be made: `status` is the HTTP answer (400, 404, 409)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Change:
    """One field to change on one target, checked and normalised (`value`)."""

    field: str
    value: Any


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> Iterator[str]:
    """`rows` as the view `name` for the block (store/arrow.py's, except that a failed
    transaction's error is not hidden behind the unregister's)."""
    con.register(name, rows)
    try:
        yield name
    finally:
        with suppress(duckdb.Error):
            con.unregister(name)


# -- checking what an analyst asks for -------------------------------------------------------

@cache
def plover() -> dict[tuple[str, str], tuple[float, str, str]]:
    """(type, mode) → (intensity, quad, CAMEO root), from data/plover_types.tsv."""
    out = {}
    for r in data.rows("plover_types.tsv"):
        out[(r["type"], r["mode"])] = (float(r["score"]), r["quad"], r["cameo_root"])
    return out


def _country(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    code = str(value).strip().upper()
    if code not in data.countries() and code not in ("IGO", "EUR", "AFR", "ASA", "MEA", "WST"):
        raise CorrectionError(400, f"{name}: {value!r} is not an ISO 3166-1 alpha-3 code")
    return code


def _choice(value: Any, allowed: Sequence[str], name: str, upper: bool = True) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    text = text.upper() if upper else text.lower()
    if text not in allowed:
        raise CorrectionError(400, f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return text


def _bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise CorrectionError(400, f"{name}: expected true or false, got {value!r}")


def _actor(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        raise CorrectionError(400, f"{name}: an actor is a name or {{name, country, sector}}")
    country = _country(value.get("country"), f"{name}.country")
    sector = _choice(value.get("sector"), SECTORS, f"{name}.sector")
    return {"name": str(value["name"]).strip()[:200], "country": country, "sector": sector,
            "code": ((country or "") + (sector or "")) or None}


def check(kind: str, body: Any) -> list[Change]:
    """The changes a PATCH body asks for, checked (unknown fields, bad values: 400)."""
    if kind not in KINDS:
        raise CorrectionError(400, f"kind must be one of {', '.join(KINDS)}")
    if not isinstance(body, dict) or not body:
        raise CorrectionError(400, "expected a JSON object of the fields to change")
    unknown = sorted(set(body) - set(FIELDS[kind]) - {"reason"})
    if unknown:
        raise CorrectionError(400, f"unknown field(s) {', '.join(unknown)}; a {kind} takes "
                                   f"{', '.join(FIELDS[kind])} (and reason)")
    changes = []
    for name in FIELDS[kind]:
        if name in body:
            changes.append(Change(name, _normalise(kind, name, body[name])))
    if not changes:
        raise CorrectionError(400, "nothing to change")
    return changes


def _normalise(kind: str, name: str, value: Any) -> Any:  # noqa: PLR0911 - one case a field
    if name in ("not_event", "background", "not_actor", "not_quote"):
        return _bool(value, name)
    if kind == "event":
        if name == "type":
            typ = _choice(value, sorted({t for t, _ in plover()}), name)
            if typ is None:
                raise CorrectionError(400, "type: an event needs a type (or not_event)")
            return typ
        if name == "mode":
            return None if value in (None, "") else str(value).strip().lower()[:40]
        if name in ("source", "target"):
            items = value if isinstance(value, list) else [] if value is None else [value]
            return [_actor(v, name) for v in items][:10]
        if name == "modality":
            out = _choice(value, MODALITIES, name, upper=False)
            if out is None:
                raise CorrectionError(400, "modality: required")
            return out
        if name == "place":
            if value in (None, ""):
                return None
            if isinstance(value, str):
                value = {"name": value}
            if not isinstance(value, dict) or not str(value.get("name") or "").strip():
                raise CorrectionError(400, "place: a name or {name, country, lat, lon}")
            out = {"name": str(value["name"]).strip()[:200],
                   "country": _country(value.get("country"), "place.country"),
                   "lat": None, "lon": None}
            for k in ("lat", "lon"):
                if value.get(k) is not None:
                    try:
                        out[k] = float(value[k])
                    except (TypeError, ValueError) as err:
                        raise CorrectionError(400, f"place.{k}: not a number") from err
            return out
        if name == "date":
            if value in (None, ""):
                return None
            text = str(value).strip()
            if not _DATE.match(text):
                raise CorrectionError(400, "date: ISO 8601, e.g. 2024-05-01, 2024-05, 2024")
            return text
    if kind == "entity":
        if name == "country":
            return _country(value, name)
        if name == "sector":
            return _choice(value, SECTORS, name)
        if name == "type":
            out = _choice(value, ENTITY_TYPES, name)
            if out is None:
                raise CorrectionError(400, "type: required")
            return out
        if name == "merge_into":
            if not isinstance(value, str) or not value.strip():
                raise CorrectionError(400, "merge_into: the id of the entity to merge into")
            return value.strip()
        if name == "split":
            return _split_spec(value)
    if kind == "quote":
        if name == "speaker":
            return None if value in (None, "") else str(value).strip()[:200]
        if name == "speaker_country":
            return _country(value, name)
    raise CorrectionError(400, f"{kind} has no field {name}")  # pragma: no cover


def entity_key(name: str, type_: str) -> str:
    """An entity's id: the same hash as `analyze.entities.entity_id` (not imported: that
    module loads spaCy), so a split-off entity joins the rows the analyzer makes for it."""
    import hashlib

    return hashlib.sha1(f"{type_}:{name.casefold()}".encode()).hexdigest()[:16]


def _split_spec(value: Any) -> dict[str, Any]:
    """`split`: which mentions leave the entity — `alias` (every mention reading it, in every
    article) or `mentions` (`<article_id>:<start>`, `<article_id>:<zone>:<start>` or
    {article_id, start, zone}) — and the entity they become: name, type, country, sector."""
    if not isinstance(value, dict):
        raise CorrectionError(400, "split: {alias | mentions, name, type, country, sector}")
    unknown = sorted(set(value) - {"alias", "mentions", "name", "type", "country", "sector"})
    if unknown:
        raise CorrectionError(400, f"split: unknown field(s) {', '.join(unknown)}")
    name = value.get("name").strip()[:200] if isinstance(value.get("name"), str) else ""
    if not name:
        raise CorrectionError(400, "split.name: the new entity's name is required")
    typ = _choice(value.get("type"), ENTITY_TYPES, "split.type")
    if typ is None:
        raise CorrectionError(400, "split.type: the new entity's type is required")
    country = _country(value.get("country"), "split.country")
    sector = _choice(value.get("sector"), SECTORS, "split.sector")
    out: dict[str, Any] = {"id": entity_key(name, typ), "name": name, "type": typ,
                           "country": country, "sector": sector,
                           "code": ((country or "") + (sector or "")) or None}
    if ("alias" in value) == ("mentions" in value):
        raise CorrectionError(400, "split: give either alias (a name the entity goes by) or "
                                   "mentions (the mentions to move)")
    if "alias" in value:
        alias = value["alias"]
        if not isinstance(alias, str) or not alias.strip():
            raise CorrectionError(400, "split.alias: the text of the mentions to move")
        out["alias"] = alias.strip()[:200]
        return out
    refs = value["mentions"]
    if not isinstance(refs, list) or not refs or len(refs) > 500:
        raise CorrectionError(400, "split.mentions: a list of 1 to 500 mentions")
    out["mentions"] = [_mention_ref(r) for r in refs]
    return out


def _mention_ref(ref: Any) -> dict[str, Any]:
    """One mention of a split: {article_id, zone (None: any), start}."""
    if isinstance(ref, dict):
        aid, zone, start = ref.get("article_id"), ref.get("zone"), ref.get("start")
    elif isinstance(ref, str):
        rest, _, start = ref.rpartition(":")
        aid, _, zone = rest.rpartition(":") if rest.rpartition(":")[2] in model.ZONES else \
            (rest, "", None)
    else:
        aid = zone = start = None
    try:
        start = int(start) if not isinstance(start, bool) else None
    except (TypeError, ValueError):
        start = None
    if not isinstance(aid, str) or not aid or start is None or start < 0 or (
            zone is not None and zone not in model.ZONES):
        raise CorrectionError(400, f"split.mentions: expected '<article_id>:<start>' or "
                                   f"'<article_id>:<zone>:<start>', got {ref!r}")
    return {"article_id": aid, "zone": zone, "start": start}


# -- reading the current value (for `before`) -----------------------------------------------

def _split(target: str) -> tuple[str, int]:
    aid, _, idx = target.rpartition(":")
    if not aid or not idx.isdigit():
        raise CorrectionError(400, f"expected '<article_id>:<idx>', got {target!r}")
    return aid, int(idx)


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    res = con.execute(sql, params)
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r, strict=True)) for r in res.fetchall()]


def current(con: duckdb.DuckDBPyConnection, kind: str, target: str) -> dict[str, Any]:
    """The target's stored row (as corrected so far), or CorrectionError 404."""
    if kind == "entity":
        rows = _dicts(con, "SELECT entity_id, name, type, country, sector, code, not_actor, "
                           "merged_into, count(*) OVER () AS n_articles FROM entities "
                           "WHERE entity_id = ? LIMIT 1", [target])
    else:
        aid, idx = _split(target)
        table = "events" if kind == "event" else "quotes"
        rows = _dicts(con, f"SELECT * FROM {table} WHERE article_id = ? AND idx = ?",
                      [aid, idx])
    if not rows:
        raise CorrectionError(404, f"no {kind} {target!r}")
    return rows[0]


def _value(kind: str, row: dict[str, Any], name: str) -> Any:
    """A field's current value in the shape the PATCH body uses."""
    if kind == "event":
        if name == "place":
            return None if row.get("location_name") is None else {
                "name": row["location_name"], "country": row.get("location_country"),
                "lat": row.get("location_lat"), "lon": row.get("location_lon")}
        if name in ("source", "target"):
            return [dict(a) for a in row.get(name) or []]
        if name in ("not_event", "background"):
            return bool(row.get(name))
    if kind == "entity" and name == "merge_into":
        return row.get("merged_into")
    if kind == "entity" and name == "split":  # the entity the mentions leave
        return {"id": row.get("entity_id"), "name": row.get("name"), "type": row.get("type")}
    if name in ("not_actor", "not_quote"):
        return bool(row.get(name))
    return row.get(name)


def _anchor(kind: str, row: dict[str, Any]) -> dict[str, Any] | None:
    if kind == "event":
        return {"start": row.get("evidence_start"), "end": row.get("evidence_end"),
                "type": row.get("type")}
    if kind == "quote":
        return {"start": row.get("start"), "end": row.get("end")}
    return {"name": row.get("name"), "type": row.get("type")}


# -- the transaction ---------------------------------------------------------------------------

Hook = Callable[[duckdb.DuckDBPyConnection, Any, int], None]


Then = Callable[[duckdb.DuckDBPyConnection, list[dict[str, Any]]], None]


def record(con: duckdb.DuckDBPyConnection, kind: str, target: str, changes: list[Change],
           who: str, reason: str | None, hooks: Iterable[Hook] = (),
           then: Then | None = None) -> list[dict[str, Any]]:
    """Store one audit record per changed field and refresh every affected article, in one
    transaction on `con` (the writer's connection); `then(con, records)` runs last in it (the
    KB's rows). Returns the records."""
    con.execute("BEGIN TRANSACTION")
    try:
        row = current(con, kind, target)
        if kind == "entity":
            for ch in changes:
                if ch.field == "merge_into":
                    if ch.value == target:
                        raise CorrectionError(400, "merge_into: an entity cannot merge into "
                                                   "itself")
                    current(con, "entity", ch.value)
                elif ch.field == "split":
                    _check_split(con, target, ch.value)
        aid = None if kind == "entity" else _split(target)[0]
        out = []
        for ch in changes:
            # time-ordered ids: corrections of one moment apply in the order they were made
            rec = {"id": f"c{time.time_ns():x}{secrets.token_hex(2)}", "who": who, "kind": kind,
                   "target": target, "article_id": aid, "anchor": _anchor(kind, row),
                   "field": ch.field, "before": _value(kind, row, ch.field),
                   "after": ch.value, "reason": reason}
            con.execute(
                'INSERT INTO corrections (id, "at", who, kind, target, article_id, anchor, '
                'field, "before", "after", reason) VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [rec["id"], who, kind, target, aid, _json(rec["anchor"]), ch.field,
                 _json(rec["before"]), _json(ch.value), reason])
            out.append(rec)
        articles = _affected(con, kind, target, changes)
        _refresh(con, articles, hooks)
        if then is not None:
            then(con, [_fetch(con, r["id"]) for r in out])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return [_fetch(con, r["id"]) for r in out]


def _check_split(con: duckdb.DuckDBPyConnection, target: str, spec: dict[str, Any]) -> None:
    """A split must make another entity and move at least one mention of this one (400)."""
    if spec["id"] == target:
        raise CorrectionError(400, "split: the new entity is this one (same name and type)")
    with _split_mentions(con, target, spec, "SELECT DISTINCT article_id FROM entities "
                         "WHERE entity_id = $e OR merged_into = $e") as moved:
        found = con.execute(f"SELECT count(*) FROM {moved}", {"e": target}).fetchall()[0][0]
    if not found:
        what = (f"reads {spec['alias']!r}" if "alias" in spec
                else "is at the given place(s)")
        raise CorrectionError(400, f"split: no mention of entity {target} {what}")


@contextmanager
def _split_mentions(con: duckdb.DuckDBPyConnection, entity: str, spec: dict[str, Any],
                    articles: str) -> Iterator[str]:
    """The query of the mentions a split moves (of `entity` or an entity merged into it, in
    the articles `articles` selects; `$e` = entity) — as a subquery name for the block."""
    refs = pa.table({"article_id": pa.array([r["article_id"] for r in spec.get("mentions", [])],
                                            pa.string()),
                     "zone": pa.array([r["zone"] for r in spec.get("mentions", [])], pa.string()),
                     "start": pa.array([r["start"] for r in spec.get("mentions", [])],
                                       pa.int64())})
    alias = str(spec.get("alias") or "").replace("'", "''")
    pick = (f"lower(m.\"text\") = lower('{alias}')" if "alias" in spec else
            "EXISTS (SELECT 1 FROM _wwc_refs r WHERE r.article_id = m.article_id AND "
            'r."start" = m."start" AND (r.zone IS NULL OR r.zone = m.zone))')
    with registered(con, "_wwc_refs", refs):
        yield (f'(SELECT m.article_id, m.zone, m.zone_index, m."start", m."end", m.entity_id, '
               'm."text" FROM mentions m JOIN entities o ON o.article_id = m.article_id AND '
               "o.entity_id = m.entity_id WHERE (o.entity_id = $e OR o.merged_into = $e) AND "
               f"m.article_id IN ({articles}) AND {pick})")


def undo(con: duckdb.DuckDBPyConnection, correction_id: str, who: str,
         hooks: Iterable[Hook] = (), then: Then | None = None) -> dict[str, Any]:
    """Mark a correction undone and refresh its articles: the machine's value comes back
    (or the next older correction's). 404 unknown, 409 already undone."""
    con.execute("BEGIN TRANSACTION")
    try:
        found = _dicts(con, "SELECT * FROM corrections WHERE id = ?", [correction_id])
        if not found:
            raise CorrectionError(404, f"no correction {correction_id!r}")
        c = found[0]
        if c["undone_at"] is not None:
            raise CorrectionError(409, f"correction {correction_id} was undone already")
        con.execute("UPDATE corrections SET undone_at = now(), undone_by = ? WHERE id = ?",
                    [who, correction_id])
        change = Change(c["field"], json.loads(c["after"]) if c["after"] else None)
        _refresh(con, _affected(con, c["kind"], c["target"], [change]), hooks)
        if then is not None:
            then(con, [_fetch(con, correction_id)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return _fetch(con, correction_id)


def amend(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> bool:
    """`Store.amend_hooks` entry: inside the writer's transaction, after (re-)analysed rows of
    `article_ids` were written: their machine values are new, so the old ones are forgotten
    and every active correction that concerns them is applied again. True = rows changed."""
    if not article_ids or not _has_active(con):
        return False
    with registered(con, "_wwc_ids", pa.table({"id": pa.array(article_ids, pa.string())})):
        ids = _concerned(con, "_wwc_ids")
        if not ids:
            return False
        for table in ("machine_events", "machine_entities", "machine_quotes",
                      "machine_mentions"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM _wwc_ids)")
        with registered(con, "_wwc_some", pa.table({"id": pa.array(ids, pa.string())})):
            _copied_machine_values(con, "_wwc_some")
            reset = _restore_reports(con, "_wwc_some")
            _apply_active(con, "_wwc_some")
            _sync_clusters(con, "_wwc_some", reset)
    return True


def _has_active(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM corrections WHERE undone_at IS NULL)"
                            ).fetchall()[0][0])


def _concerned(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    """Which articles of `view` have an active correction (their own, or of an entity they
    name)."""
    return [r[0] for r in con.execute(
        f"SELECT id FROM {view} v WHERE EXISTS (SELECT 1 FROM corrections c WHERE "
        "c.undone_at IS NULL AND (c.article_id = v.id OR (c.kind = 'entity' AND c.target IN "
        "(SELECT entity_id FROM entities e WHERE e.article_id = v.id UNION SELECT split_from "
        "FROM entities e WHERE e.article_id = v.id))))").fetchall()]


def _affected(con: duckdb.DuckDBPyConnection, kind: str, target: str,
              changes: list[Change]) -> list[str]:
    if kind != "entity":
        return [_split(target)[0]]
    # also where a split moved its mentions away (split_from) or emptied its row (machine_*)
    return [r[0] for r in con.execute(
        "SELECT DISTINCT article_id FROM entities WHERE entity_id = $e OR merged_into = $e "
        "OR split_from = $e UNION SELECT article_id FROM machine_entities WHERE entity_id = $e "
        "ORDER BY 1", {"e": target}).fetchall()]


def _refresh(con: duckdb.DuckDBPyConnection, article_ids: list[str],
             hooks: Iterable[Hook]) -> None:
    """Machine values back → active corrections in order → merged events; aggregates moved
    by the difference (batch hooks -1 before, +1 after, over the stored rows)."""
    if not article_ids:
        return
    hooks = list(hooks)
    with registered(con, "_wwc_ids", pa.table({"id": pa.array(article_ids, pa.string())})):
        names = _entity_names(con, "_wwc_ids")
        for hook in hooks:
            hook(con, _stored_batch("_wwc_ids"), -1)
        reset = _restore(con, "_wwc_ids")
        _apply_active(con, "_wwc_ids")
        _sync_clusters(con, "_wwc_ids", reset)
        for hook in hooks:
            hook(con, _stored_batch("_wwc_ids"), 1)
        if hooks:
            _sync_agg_entities(con, names | _entity_names(con, "_wwc_ids"))


def _entity_names(con: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    return {r[0] for r in con.execute(
        f"SELECT DISTINCT name FROM entities WHERE article_id IN (SELECT id FROM {view})"
    ).fetchall()}


def _sync_agg_entities(con: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    """agg_entities keeps the first type/country/sector it saw (coalesce): after a correction
    the stored rows decide, and a name no article carries any more is dropped."""
    if not names:
        return
    with registered(con, "_wwc_names", pa.table({"name": sorted(names)})):
        con.execute(
            "UPDATE agg_entities SET type = s.type, country = s.country, sector = s.sector, "
            "code = s.code FROM (SELECT name, mode(type) AS type, mode(country) AS country, "
            "mode(sector) AS sector, mode(code) AS code FROM entities WHERE name IN "
            "(SELECT name FROM _wwc_names) AND NOT coalesce(not_actor, false) GROUP BY name) s "
            "WHERE agg_entities.name = s.name")
        con.execute("DELETE FROM agg_entities WHERE name IN (SELECT name FROM _wwc_names) "
                    "AND articles <= 0")


def _cols(cols: Sequence[str], prefix: str = "") -> str:
    return ", ".join(f"{prefix}{c}" for c in cols)


def _sets(cols: Sequence[str], src: str) -> str:
    return ", ".join(f"{c} = {src}.{c}" for c in cols)


def _restore(con: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    """Put the machine's values back on every row of the articles in `view` a correction had
    changed, and forget them (they are taken again by whatever still applies)."""
    _restore_rows(con, view)
    sel = f"(SELECT id FROM {view})"
    for table in ("machine_events", "machine_entities", "machine_quotes", "machine_mentions"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN {sel}")
    return _restore_reports(con, view)


def _restore_rows(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """The machine's values back on the rows of the articles in `view` (kept in machine_*)."""
    sel = f"(SELECT id FROM {view})"
    con.execute(f"UPDATE events SET {_sets(_EVENT_COLS, 'm')} FROM machine_events m "
                "WHERE events.article_id = m.article_id AND events.idx = m.idx "
                f"AND m.article_id IN {sel}")
    con.execute(f"UPDATE entities SET {_sets(_ENTITY_COLS, 'm')} FROM machine_entities m "
                "WHERE entities.article_id = m.article_id AND entities.entity_id = m.entity_id "
                f"AND m.article_id IN {sel}")
    con.execute(f"UPDATE quotes SET {_sets(_QUOTE_COLS, 'm')} FROM machine_quotes m "
                "WHERE quotes.article_id = m.article_id AND quotes.idx = m.idx "
                f"AND m.article_id IN {sel}")
    # a split undone: its mentions back with their entity, its rows gone, the rows it
    # emptied back
    con.execute("UPDATE mentions SET entity_id = m.entity_id FROM machine_mentions m WHERE "
                "mentions.article_id = m.article_id AND mentions.zone = m.zone AND "
                'mentions.zone_index = m.zone_index AND mentions."start" = m."start" AND '
                f'mentions."end" = m."end" AND m.article_id IN {sel}')
    con.execute(f"DELETE FROM entities WHERE split_from IS NOT NULL AND article_id IN {sel}")
    con.execute(f"INSERT INTO entities (article_id, entity_id, {_cols(_ENTITY_COLS)}, roles) "
                f"SELECT article_id, entity_id, {_cols(_ENTITY_COLS)}, roles FROM "
                f"machine_entities m WHERE m.removed AND m.article_id IN {sel} AND NOT EXISTS "
                "(SELECT 1 FROM entities e WHERE e.article_id = m.article_id AND "
                "e.entity_id = m.entity_id)")


def _copied_machine_values(con: duckdb.DuckDBPyConnection, view: str) -> None:
    """A near-duplicate copy among `view` took over its original's rows as they stand
    corrected (the link step): its machine values are the original's, put back here so that
    the corrections apply to it as to any article and an undo restores the machine's value."""
    sel = f"(SELECT id FROM {view})"
    found = False
    for table in ("machine_events", "machine_entities", "machine_quotes"):
        n = con.execute(f"INSERT INTO {table} SELECT l.article_id, m.* EXCLUDE (article_id) "
                        f"FROM {table} m JOIN article_links l ON l.duplicate_of = m.article_id "
                        f"WHERE l.article_id IN {sel} ON CONFLICT DO NOTHING").fetchall()
        found = found or bool(n and n[0][0])
    if found:
        _restore_rows(con, view)


def _restore_reports(con: duckdb.DuckDBPyConnection, view: str) -> set[str]:
    """Reports back in their machine clusters; clusters back to their machine fields; clusters
    made only for a corrected report and now empty are dropped."""
    sel = f"(SELECT id FROM {view})"
    touched = f"(SELECT cluster_id FROM event_reports WHERE article_id IN {sel})"
    con.execute("CREATE OR REPLACE TEMP TABLE _wwc_solo AS SELECT cluster_id AS id FROM "
                f"event_reports WHERE article_id IN {sel} UNION SELECT cluster_id FROM "
                f"machine_reports WHERE article_id IN {sel}")
    con.execute("UPDATE event_reports SET cluster_id = m.cluster_id FROM machine_reports m "
                "WHERE event_reports.article_id = m.article_id AND event_reports.idx = m.idx "
                f"AND m.article_id IN {sel}")
    reset = {r[0] for r in con.execute(f"SELECT cluster_id FROM event_reports WHERE "
                                       f"article_id IN {sel} UNION SELECT id FROM _wwc_solo"
                                       ).fetchall()}
    con.execute(f"DELETE FROM machine_reports WHERE article_id IN {sel}")
    con.execute(f"UPDATE event_clusters SET {_sets(_CLUSTER_COLS, 'm')} FROM machine_clusters m"
                f" WHERE event_clusters.id = m.id AND (m.id IN {touched} OR m.id IN "
                "(SELECT id FROM _wwc_solo))")
    con.execute(f"DELETE FROM machine_clusters WHERE id IN {touched} OR id IN "
                "(SELECT id FROM _wwc_solo)")
    con.execute("DELETE FROM event_clusters WHERE id IN (SELECT id FROM _wwc_solo) AND NOT "
                "EXISTS (SELECT 1 FROM event_reports r WHERE r.cluster_id = event_clusters.id)")
    con.execute("DROP TABLE IF EXISTS _wwc_solo")
    return {r[0] for r in con.execute(
        "SELECT id FROM event_clusters WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(reset)]).fetchall()}


def _active(con: duckdb.DuckDBPyConnection, view: str) -> list[dict[str, Any]]:
    """The active corrections that concern the articles of `view`: their own, those of the
    entities they name, and those of the entities these are merged into."""
    named = (f"SELECT entity_id FROM entities WHERE article_id IN (SELECT id FROM {view}) "
             "UNION SELECT split_from FROM entities WHERE split_from IS NOT NULL AND "
             f"article_id IN (SELECT id FROM {view})")
    into = ("SELECT \"after\" ->> '$' FROM corrections WHERE undone_at IS NULL AND kind = "
            f"'entity' AND field = 'merge_into' AND target IN ({named})")
    return _dicts(con, 'SELECT * FROM corrections c WHERE c.undone_at IS NULL AND '
                       f"(c.article_id IN (SELECT id FROM {view}) OR (c.kind = 'entity' AND "
                       f'(c.target IN ({named}) OR c.target IN ({into})))) '
                       'ORDER BY c."at", c.id', [])


def _apply_active(con: duckdb.DuckDBPyConnection, view: str) -> None:
    for c in _active(con, view):
        value = json.loads(c["after"]) if c["after"] is not None else None
        anchor = json.loads(c["anchor"]) if c["anchor"] else {}
        if c["kind"] == "event":
            _apply_event(con, c, anchor, c["field"], value)
        elif c["kind"] == "quote":
            _apply_quote(con, c, anchor, c["field"], value)
        else:
            _apply_entity(con, view, c["target"], c["field"], value)


def _locate(con: duckdb.DuckDBPyConnection, c: dict[str, Any], anchor: dict[str, Any],
            table: str) -> int | None:
    """The row a correction meant, also after a re-analysis renumbered the article's rows:
    same idx with the same span, else the same span, else an overlapping span (same machine
    type for an event). Moves the correction's target when the idx changed."""
    aid, idx = _split(c["target"])
    start, end = anchor.get("start"), anchor.get("end")
    cols = ("evidence_start", "evidence_end") if table == "events" else ("start", "end")
    if start is None or end is None:
        found = con.execute(f"SELECT idx FROM {table} WHERE article_id = ? AND idx = ?",
                            [aid, idx]).fetchall()
        return int(found[0][0]) if found else None
    span = f"(t.{cols[0]} = $start AND t.{cols[1]} = $end)"
    params = {"aid": aid, "end": end, "start": start, "idx": idx}
    order = [f"(t.idx = $idx AND {span}) DESC"]
    machine = ""
    if table == "events" and anchor.get("type"):
        machine = "LEFT JOIN machine_events m ON m.article_id = t.article_id AND m.idx = t.idx"
        typ = "(coalesce(m.type, t.type) = $type)"
        order += [f"({span} AND {typ}) DESC", f"{span} DESC", f"{typ} DESC"]
        params["type"] = anchor["type"]
    else:
        order.append(f"{span} DESC")
    found = con.execute(
        f"SELECT t.idx FROM {table} t {machine} WHERE t.article_id = $aid AND "
        f"t.{cols[0]} < $end AND t.{cols[1]} > $start ORDER BY {', '.join(order)}, "
        f"abs(t.{cols[0]} - $start), t.idx LIMIT 1", params).fetchall()
    if not found and start == end:
        found = con.execute(f"SELECT idx FROM {table} WHERE article_id = ? AND idx = ?",
                            [aid, idx]).fetchall()
    if not found:
        return None
    new = int(found[0][0])
    if new != idx:
        con.execute("UPDATE corrections SET target = ? WHERE id = ?", [f"{aid}:{new}", c["id"]])
    return new


def _snapshot_events(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> None:
    con.execute(f"INSERT INTO machine_events (article_id, idx, {_cols(_EVENT_COLS)}) "
                f"SELECT article_id, idx, {_cols(_EVENT_COLS)} FROM events WHERE {where} "
                "ON CONFLICT DO NOTHING", params)


def _apply_event(con: duckdb.DuckDBPyConnection, c: dict[str, Any], anchor: dict[str, Any],
                 name: str, value: Any) -> None:
    idx = _locate(con, c, anchor, "events")
    if idx is None:
        return
    aid = c["article_id"]
    key = [aid, idx]
    _snapshot_events(con, "article_id = ? AND idx = ?", key)
    if name in ("type", "mode"):
        row = con.execute("SELECT type, mode FROM events WHERE article_id = ? AND idx = ?",
                          key).fetchall()[0]
        typ, mode = (value, row[1]) if name == "type" else (row[0], value)
        score, quad, root = plover().get((typ, mode or ""), plover().get((typ, ""),
                                                                         (None, None, None)))
        con.execute("UPDATE events SET type = ?, mode = ?, intensity = ?, quad = ?, "
                    "cameo_root = ? WHERE article_id = ? AND idx = ?",
                    [typ, mode, score, quad, root, *key])
    elif name in ("source", "target"):
        con.execute(f"UPDATE events SET {name} = CAST(? AS STRUCT(name VARCHAR, country "
                    "VARCHAR, sector VARCHAR, code VARCHAR)[]) WHERE article_id = ? AND idx = ?",
                    [value or [], *key])
    elif name == "place":
        place = value or {}
        con.execute("UPDATE events SET location_name = ?, location_country = ?, "
                    "location_lat = ?, location_lon = ? WHERE article_id = ? AND idx = ?",
                    [place.get("name"), place.get("country"), place.get("lat"),
                     place.get("lon"), *key])
    elif name == "date":
        precision = None if value is None else {4: "year", 7: "month"}.get(len(value), "day")
        if value is not None and value[5:7] in ("SP", "SU", "FA", "WI"):
            precision = "season"
        con.execute("UPDATE events SET date = ?, date_precision = ? WHERE article_id = ? "
                    "AND idx = ?", [value, precision, *key])
    else:  # modality, not_event, background
        con.execute(f"UPDATE events SET {name} = ? WHERE article_id = ? AND idx = ?",
                    [value, *key])
    # an analyst has checked it: no confidence floor (`min_confidence`) hides it any more
    con.execute("UPDATE events SET confidence = 1.0 WHERE article_id = ? AND idx = ?", key)


def _apply_quote(con: duckdb.DuckDBPyConnection, c: dict[str, Any], anchor: dict[str, Any],
                 name: str, value: Any) -> None:
    idx = _locate(con, c, anchor, "quotes")
    if idx is None:
        return
    key = [c["article_id"], idx]
    con.execute(f"INSERT INTO machine_quotes (article_id, idx, {_cols(_QUOTE_COLS)}) SELECT "
                f"article_id, idx, {_cols(_QUOTE_COLS)} FROM quotes WHERE article_id = ? AND "
                "idx = ? ON CONFLICT DO NOTHING", key)
    con.execute(f"UPDATE quotes SET {name} = ? WHERE article_id = ? AND idx = ?",
                [value, *key])


def _apply_entity(con: duckdb.DuckDBPyConnection, view: str, entity_id: str, name: str,
                  value: Any) -> None:
    """An entity correction on every row of `entity_id` (and of entities merged into it) in
    the articles of `view`, and on the event actors of those articles that carry its name."""
    if name == "split":
        _apply_split(con, view, entity_id, value)
        return
    mine = "entity_id = $e" if name == "merge_into" else "(entity_id = $e OR merged_into = $e)"
    rows = f"{mine} AND article_id IN (SELECT id FROM {view})"
    key = {"e": entity_id}
    con.execute(f"INSERT INTO machine_entities (article_id, entity_id, {_cols(_ENTITY_COLS)}) "
                f"SELECT article_id, entity_id, {_cols(_ENTITY_COLS)} FROM entities WHERE {rows}"
                " ON CONFLICT DO NOTHING", key)
    names = [r[0] for r in con.execute(f"SELECT DISTINCT lower(name) FROM entities WHERE {rows}",
                                       key).fetchall()]
    if name == "merge_into":
        into = con.execute("SELECT name, type, country, sector, code FROM entities WHERE "
                           "entity_id = ? LIMIT 1", [value]).fetchall()
        if not into:
            return
        actor = dict(zip(("name", "type", "country", "sector", "code"), into[0], strict=True))
        con.execute("UPDATE entities SET aliases = list_distinct(list_append(coalesce("
                    "aliases, []), name)), name = $name, type = $type, country = $country, "
                    f"sector = $sector, code = $code, merged_into = $into WHERE {rows}",
                    {**actor, "into": value, **key})
        actor.pop("type")
    elif name in ("not_actor", "type"):
        con.execute(f"UPDATE entities SET {name} = $v WHERE {rows}", {"v": value, **key})
        return
    else:
        con.execute(f"UPDATE entities SET {name} = $v WHERE {rows}", {"v": value, **key})
        con.execute("UPDATE entities SET code = nullif(coalesce(country, '') || "
                    f"coalesce(sector, ''), '') WHERE {rows}", key)
        one = con.execute(f"SELECT name, country, sector, code FROM entities WHERE {rows} "
                          "LIMIT 1", key).fetchall()
        if not one:
            return
        actor = dict(zip(("name", "country", "sector", "code"), one[0], strict=True))
    if not names:
        return
    hit = "list_contains($names, lower(x.name))"
    where = (f"article_id IN (SELECT id FROM {view}) AND (len(list_filter(source, "
             f"lambda x: {hit})) > 0 OR len(list_filter(target, lambda x: {hit})) > 0)")
    con.execute(f"INSERT INTO machine_events (article_id, idx, {_cols(_EVENT_COLS)}) "
                f"SELECT article_id, idx, {_cols(_EVENT_COLS)} FROM events WHERE {where} "
                "ON CONFLICT DO NOTHING", {"names": names})
    swap = (f"lambda x: CASE WHEN {hit} THEN struct_pack(name := $name, country := $country, "
            "sector := $sector, code := $code) ELSE x END")
    con.execute(f"UPDATE events SET source = list_transform(source, {swap}), "
                f"target = list_transform(target, {swap}) WHERE {where}",
                {"names": names, **actor})


def _apply_split(con: duckdb.DuckDBPyConnection, view: str, entity_id: str,
                 spec: dict[str, Any]) -> None:
    """Move the split's mentions (of `entity_id` or an entity merged into it, in the articles
    of `view`) to the new entity: its row made where the article has none (`split_from`), the
    moved texts dropped from the old rows' aliases, an old row left without a mention removed
    (kept whole in machine_entities), and the event actors that were the old entity where a
    moved mention is (the event's evidence holds it, or the old entity left the article)
    become the new one. A near-duplicate copy (no mentions of its own) mirrors its
    original's rows. The machine's values are kept first, as for every correction."""
    with _split_mentions(con, entity_id, spec, f"SELECT id FROM {view}") as query:
        res = con.execute(f"SELECT * FROM {query} q", {"e": entity_id})
        cols = [d[0] for d in res.description]
        moved = pa.Table.from_pylist(
            [dict(zip(cols, r, strict=True)) for r in res.fetchall()],
            schema=pa.schema([("article_id", pa.string()), ("zone", pa.string()),
                              ("zone_index", pa.int32()), ("start", pa.int32()),
                              ("end", pa.int32()), ("entity_id", pa.string()),
                              ("text", pa.string())]))
    new = {k: spec[k] for k in ("id", "name", "type", "country", "sector", "code")}
    ids = {"e": entity_id, "id": new["id"]}
    old = "({t}.entity_id = $e OR {t}.merged_into = $e) AND {t}.entity_id <> $id"
    copies = ("SELECT l.article_id, l.duplicate_of FROM article_links l WHERE l.article_id IN "
              f"(SELECT id FROM {view})")
    lost = (f"EXISTS (SELECT 1 FROM ({copies}) c WHERE c.article_id = {{t}}.article_id AND "
            "NOT EXISTS (SELECT 1 FROM entities o WHERE o.article_id = c.duplicate_of AND "
            f"o.entity_id = {{t}}.entity_id)) AND {old}")
    owner = ("EXISTS (SELECT 1 FROM _wwc_moved w WHERE w.article_id = {t}.article_id AND "
             "w.entity_id = {t}.entity_id)")
    empty = (f"{owner} AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = "
             "{t}.article_id AND m.entity_id = {t}.entity_id) AND {t}.entity_id <> $id")
    texts = sorted({t.lower() for t in moved.column("text").to_pylist() if t})
    with registered(con, "_wwc_moved", moved):
        old_names = [r[0] for r in con.execute(
            f"SELECT DISTINCT lower(name) FROM entities e WHERE {old.format(t='e')} AND "
            f"article_id IN (SELECT id FROM {view})", ids).fetchall()]
        # the machine's values first: the mentions, and every row the split changes
        con.execute('INSERT INTO machine_mentions SELECT article_id, zone, zone_index, "start", '
                    '"end", entity_id FROM _wwc_moved ON CONFLICT DO NOTHING')
        snapshot = (f"INSERT INTO machine_entities (article_id, entity_id, "
                    f"{_cols(_ENTITY_COLS)}) SELECT article_id, entity_id, "
                    f"{_cols(_ENTITY_COLS)} FROM entities e WHERE {{}} ON CONFLICT DO NOTHING")
        con.execute(snapshot.format(owner.format(t="e")))
        con.execute(
            "INSERT INTO entities (article_id, entity_id, name, type, country, sector, code, "
            "aliases, split_from) SELECT article_id, $id, $name, $type, $country, $sector, "
            "$code, list_filter(list_distinct(list(\"text\")), lambda x: lower(x) <> "
            "lower($name)), $old FROM _wwc_moved w WHERE NOT EXISTS (SELECT 1 FROM entities e "
            "WHERE e.article_id = w.article_id AND e.entity_id = $id) GROUP BY article_id",
            {**new, "old": entity_id})
        con.execute(f"INSERT INTO entities SELECT c.article_id, o.* EXCLUDE (article_id) FROM "
                    f"entities o JOIN ({copies}) c ON c.duplicate_of = o.article_id WHERE "
                    "o.entity_id = $id AND o.split_from = $e AND NOT EXISTS (SELECT 1 FROM "
                    "entities x WHERE x.article_id = c.article_id AND x.entity_id = $id)", ids)
        con.execute("UPDATE mentions SET entity_id = $id FROM _wwc_moved w WHERE "
                    "mentions.article_id = w.article_id AND mentions.zone = w.zone AND "
                    "mentions.zone_index = w.zone_index AND mentions.\"start\" = w.\"start\" "
                    "AND mentions.\"end\" = w.\"end\"", {"id": new["id"]})
        con.execute("UPDATE entities SET aliases = list_filter(aliases, lambda x: NOT "
                    f"list_contains($texts, lower(x))) WHERE {owner.format(t='entities')} AND "
                    "entity_id <> $id", {"texts": texts, "id": new["id"]})
        # rows left without a mention are removed, kept whole; then a copy's rows its
        # original lost
        gone: list[str] = []
        for rows, params, of_copy in ((empty.format(t="e"), {"id": new["id"]}, False),
                                      (lost.format(t="e"), ids, True)):
            if of_copy:  # not kept yet: its original still had the row then
                con.execute(snapshot.format(rows), params)
            gone += [r[0] for r in con.execute(
                f"SELECT DISTINCT article_id FROM entities e WHERE {rows}", params).fetchall()]
            con.execute("UPDATE machine_entities SET removed = true, roles = e.roles FROM "
                        "entities e WHERE e.article_id = machine_entities.article_id AND "
                        f"e.entity_id = machine_entities.entity_id AND {rows}", params)
            con.execute(f"DELETE FROM entities WHERE rowid IN (SELECT e.rowid FROM entities e "
                        f"WHERE {rows})", params)
        # the event actors that were the old entity where a moved mention is, or anywhere in
        # an article the old entity left altogether
        gone = [r[0] for r in con.execute(
            "SELECT id FROM (SELECT unnest(CAST($a AS VARCHAR[])) AS id) g WHERE NOT EXISTS "
            "(SELECT 1 FROM entities e WHERE e.article_id = g.id AND (e.entity_id = $e OR "
            "e.merged_into = $e))", {"a": gone, "e": entity_id}).fetchall()]
        names = sorted(set(old_names) | set(texts))
        if not names:
            return
        hit = "list_contains($names, lower(x.name))"
        where = ("(list_contains($gone, article_id) OR EXISTS (SELECT 1 FROM _wwc_moved w "
                 "WHERE w.article_id = events.article_id AND w.zone = 'body' AND "
                 'w."start" < events.evidence_end AND w."end" > events.evidence_start)) AND '
                 f"(len(list_filter(source, lambda x: {hit})) > 0 OR "
                 f"len(list_filter(target, lambda x: {hit})) > 0)")
        params = {"names": names, "gone": gone}
        con.execute(f"INSERT INTO machine_events (article_id, idx, {_cols(_EVENT_COLS)}) "
                    f"SELECT article_id, idx, {_cols(_EVENT_COLS)} FROM events WHERE {where} "
                    "ON CONFLICT DO NOTHING", params)
        swap = (f"lambda x: CASE WHEN {hit} THEN struct_pack(name := $name, country := "
                "$country, sector := $sector, code := $code) ELSE x END")
        con.execute(f"UPDATE events SET source = list_transform(source, {swap}), "
                    f"target = list_transform(target, {swap}) WHERE {where}",
                    {**params, **{k: new[k] for k in ("name", "country", "sector", "code")}})


def _sync_clusters(con: duckdb.DuckDBPyConnection, view: str,
                   reset: set[str] | None = None) -> None:
    """Merged events follow their corrected reports: a corrected report that no longer fits
    its cluster (another type, or not an event) leaves it for a cluster of its own; a cluster
    whose founding report was corrected takes its type, mode, place and date; the actors and
    counts of every touched cluster are recounted from its reports."""
    sel = f"(SELECT id FROM {view})"
    touched_reports = ("SELECT r.article_id, r.idx, r.cluster_id FROM event_reports r "
                       "JOIN machine_events m ON m.article_id = r.article_id AND m.idx = r.idx "
                       f"WHERE r.article_id IN {sel}")
    leave = con.execute(
        f"SELECT t.article_id, t.idx, t.cluster_id FROM ({touched_reports}) t "
        "JOIN events e ON e.article_id = t.article_id AND e.idx = t.idx "
        "JOIN event_clusters c ON c.id = t.cluster_id "
        "WHERE t.cluster_id <> t.article_id || ':' || CAST(t.idx AS VARCHAR) "
        "AND (coalesce(e.not_event, false) OR e.type <> c.type)").fetchall()
    touched = {r[2] for r in con.execute(touched_reports).fetchall()}
    # clusters `_restore_reports` put back to the machine's state are re-derived too: another
    # article's corrected report may have left one or be its founder
    clusters = touched | set(reset or ())
    for aid, idx, cid in leave:
        own = f"{aid}:{idx}"
        clusters |= {cid, own}
        touched |= {cid, own}
        con.execute("INSERT INTO machine_reports VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [aid, idx, cid])
        con.execute("UPDATE event_reports SET cluster_id = ? WHERE article_id = ? AND idx = ?",
                    [own, aid, idx])
        con.execute(
            "INSERT INTO event_clusters (id, type, mode, source, target, source_countries, "
            "target_countries, location_name, location_country, date, date_precision, "
            "modality, modality_history, first_reported, last_reported, num_reports, "
            "num_articles, num_sources, num_outlets, evidence, names, key_source, key_target, "
            "key_source_names, key_target_names, intensity, quad, updated_at) "
            "SELECT ?, e.type, e.mode, [], [], [], [], e.location_name, e.location_country, "
            "e.date, e.date_precision, e.modality, '[]', r.reported_at, r.reported_at, 1, 1, 1,"
            " 1, e.evidence_sentence, [], [], [], [], [], e.intensity, e.quad, now() "
            "FROM events e JOIN event_reports r ON r.article_id = e.article_id AND r.idx = e.idx"
            " WHERE e.article_id = ? AND e.idx = ? ON CONFLICT DO NOTHING", [own, aid, idx])
    if not clusters:
        return
    with registered(con, "_wwc_clusters", pa.table({"id": sorted(clusters)})):
        con.execute(f"INSERT INTO machine_clusters (id, {_cols(_CLUSTER_COLS)}) SELECT id, "
                    f"{_cols(_CLUSTER_COLS)} FROM event_clusters WHERE id IN (SELECT id FROM "
                    "_wwc_clusters) ON CONFLICT DO NOTHING")
        con.execute(
            "UPDATE event_clusters SET type = e.type, mode = e.mode, "
            "location_name = e.location_name, location_country = e.location_country, "
            "date = e.date, date_precision = e.date_precision, intensity = e.intensity, "
            "quad = e.quad FROM events e JOIN machine_events m ON m.article_id = e.article_id "
            "AND m.idx = e.idx WHERE event_clusters.id IN (SELECT id FROM _wwc_clusters) "
            "AND event_clusters.id = e.article_id || ':' || CAST(e.idx AS VARCHAR)")
        # membership may have changed in any of them: recount; the actor lists only where a
        # report was corrected (elsewhere they stay as the link step made them)
        con.execute(
            "UPDATE event_clusters SET num_reports = s.n, num_articles = s.na, "
            "num_sources = s.ns, num_outlets = s.nout, "
            "source = CASE WHEN s.actors THEN s.source ELSE event_clusters.source END, "
            "target = CASE WHEN s.actors THEN s.target ELSE event_clusters.target END, "
            "source_countries = CASE WHEN s.actors THEN s.sc "
            "ELSE event_clusters.source_countries END, "
            "target_countries = CASE WHEN s.actors THEN s.tc "
            "ELSE event_clusters.target_countries END FROM ("
            "SELECT r.cluster_id, list_contains($touched, r.cluster_id) AS actors, "
            "count(*) AS n, count(DISTINCT r.article_id) AS na, "
            "count(DISTINCT coalesce(r.source_key, r.outlet, r.article_id)) AS ns, "
            "count(DISTINCT coalesce(r.outlet, r.article_id)) AS nout, "
            "list_sort(list_distinct(flatten(list([coalesce(a.code, lower(a.name)) FOR a IN "
            "coalesce(e.source, [])])))) AS source, "
            "list_sort(list_distinct(flatten(list([coalesce(a.code, lower(a.name)) FOR a IN "
            "coalesce(e.target, [])])))) AS target, "
            "list_sort(list_filter(list_distinct(flatten(list([a.country FOR a IN "
            "coalesce(e.source, [])]))), lambda x: x IS NOT NULL)) AS sc, "
            "list_sort(list_filter(list_distinct(flatten(list([a.country FOR a IN "
            "coalesce(e.target, [])]))), lambda x: x IS NOT NULL)) AS tc "
            "FROM event_reports r JOIN events e ON e.article_id = r.article_id AND e.idx = r.idx"
            " WHERE r.cluster_id IN (SELECT id FROM _wwc_clusters) GROUP BY r.cluster_id) s "
            "WHERE event_clusters.id = s.cluster_id", {"touched": sorted(touched)})


# -- reading corrections --------------------------------------------------------------------

def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _row(r: dict[str, Any]) -> dict[str, Any]:
    out = dict(r)
    for k in ("anchor", "before", "after"):
        out[k] = json.loads(out[k]) if out.get(k) is not None else None
    return out


def _fetch(con: duckdb.DuckDBPyConnection, correction_id: str) -> dict[str, Any]:
    return _row(_dicts(con, "SELECT * FROM corrections WHERE id = ?", [correction_id])[0])


def listing(con: duckdb.DuckDBPyConnection, *, kind: str | None = None,
            target: str | None = None, article_id: str | None = None,
            active: bool | None = None, who: str | None = None, limit: int = 100,
            offset: int = 0) -> list[dict[str, Any]]:
    """Corrections, newest first, filtered (`GET /corrections`, `wirewatch corrections`)."""
    where, params = ["true"], []
    for column, value in (("kind", kind), ("target", target), ("who", who)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if article_id:
        where.append("(article_id = ? OR (kind = 'entity' AND target IN (SELECT entity_id "
                     "FROM entities WHERE article_id = ? UNION SELECT split_from FROM entities "
                     "WHERE article_id = ?)))")
        params += [article_id, article_id, article_id]
    if active is not None:
        where.append("undone_at IS NULL" if active else "undone_at IS NOT NULL")
    return [_row(r) for r in _dicts(
        con, f"SELECT * FROM corrections WHERE {' AND '.join(where)} "
             'ORDER BY "at" DESC, id DESC LIMIT ? OFFSET ?', [*params, int(limit), int(offset)])]


# -- the engine's side: the one writer, the KB, the link step's memory, listeners ------------

def attach(engine: Any) -> None:
    """On an engine's open: every write re-applies the corrections (`Store.amend_hooks`), and
    the KB gets the active entity corrections as pins."""
    store = engine.store
    if store.read_only:
        return
    if amend not in store.amend_hooks:
        store.amend_hooks.append(amend)
    if getattr(engine, "knowledge", None) is not None:
        store.maintain(lambda con: teach_all(engine.knowledge, con))


def teach_all(kb: Any, con: duckdb.DuckDBPyConnection) -> None:
    """The KB's analyst pins from the active entity corrections (after an undo: without it)."""
    kb.pinned.clear()
    for c in _dicts(con, "SELECT * FROM corrections WHERE kind = 'entity' AND undone_at IS "
                         'NULL ORDER BY "at", id', []):
        c = _row(c)
        anchor = c["anchor"] or {}
        name, person = anchor.get("name"), anchor.get("type") == "PERSON"
        if not name:
            continue
        field, value = c["field"], c["after"]
        if field in ("country", "sector") and person:
            kb.correct(name, **{field: value})
        elif (field == "not_actor" and value and person) or (
                field == "type" and value != "PERSON" and person):
            kb.correct(name, forget=True)
        elif field == "split" and value.get("type") == "PERSON":
            known = {k: value[k] for k in ("country", "sector") if value.get(k)}
            if known:  # the person split off is known by the analyst's country and sector
                kb.correct(value["name"], **known)
        elif field == "merge_into":
            into = con.execute("SELECT name, type FROM entities WHERE entity_id = ? LIMIT 1",
                               [value]).fetchall()
            if into and into[0][1] == "PERSON":
                kb.correct(into[0][0], aliases=[name])


class Corrector:
    """Corrections through an engine: checked in the caller's thread, applied on the engine's
    one writer thread (`engine.commit`), the KB taught in the same transaction, the link
    step's memory rebuilt after the commit, then `on_corrected(action, records)` listeners
    (the service's `/stream`)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.on_corrected: list[Callable[[str, list[dict[str, Any]]], None]] = []

    def patch(self, kind: str, target: str, body: Any, who: str) -> list[dict[str, Any]]:
        """Correct the fields in `body` (a PATCH body; `reason` optional) of one target."""
        changes = check(kind, body)
        reason = body.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise CorrectionError(400, "reason: expected text")
        recs = self._run(lambda con, hooks, then: record(
            con, kind, target, changes, who, (reason or "").strip()[:2000] or None, hooks, then))
        self._notify("applied", recs)
        return recs

    def undo(self, correction_id: str, who: str) -> dict[str, Any]:
        """Undo one correction: the machine's value (or an older correction's) is back."""
        rec = self._run(lambda con, hooks, then: [undo(con, correction_id, who, hooks, then)])
        self._notify("undone", rec)
        return rec[0]

    def _run(self, fn: Callable[..., list[dict[str, Any]]]) -> list[dict[str, Any]]:
        engine = self.engine
        store = engine.store

        def then(con: duckdb.DuckDBPyConnection, recs: list[dict[str, Any]]) -> None:
            if not any(r["kind"] == "entity" for r in recs) or not hasattr(engine, "teach_kb"):
                return
            changes = engine.teach_kb(lambda kb: teach_all(kb, con))
            if changes and changes[0]:
                store._replace_kb(con, *changes)  # noqa: SLF001 - the writer's own step

        def job() -> list[dict[str, Any]]:
            recs = store.maintain(lambda con: fn(con, store.batch_hooks, then))
            if hasattr(engine, "reopen_linker"):
                engine.reopen_linker()
            return recs

        return engine.commit.run(job)

    def _notify(self, action: str, recs: list[dict[str, Any]]) -> None:
        for callback in self.on_corrected:
            try:
                callback(action, recs)
            except Exception:  # noqa: BLE001 - a listener never undoes a committed correction
                import logging

                logging.getLogger(__name__).exception("on_corrected listener failed")


# -- corrections as annotations (training data) ------------------------------------------------

EXPORT_SOURCE = "wirewatch-corrections"


def export(con: duckdb.DuckDBPyConnection, out: Any) -> dict[str, int]:
    """Write `annotation_documents` to the folder `out`, one `<article_id>.json` each.
    Returns counts (articles, events, quotes)."""
    return write_annotations(annotation_documents(con), out)


def write_annotations(docs: list[dict[str, Any]], out: Any) -> dict[str, int]:
    """Annotation documents → `out/<id>.json` (what `wirewatch train events --corrections`
    reads); returns counts (articles, events, quotes)."""
    from pathlib import Path

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts = {"articles": 0, "events": 0, "quotes": 0}
    for doc in docs:
        (out / f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1,
                                                          default=str), "utf-8")
        counts["articles"] += 1
        counts["events"] += len(doc["events"])
        counts["quotes"] += len(doc["quotes"])
    return counts


def annotation_documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The corrected events and quotes as annotations (docs/annotation-guide.md's format):
    one document a corrected article, its events and quotes as they stand corrected, spans
    into the article's `body`; an event marked not an event is kept with `"not_event": true`
    (a negative example). Each document also carries the stored article (`article`), so
    training reads the text the offsets point into — the corpus's rule of no text applies to
    the shared corpus, not to a store's own articles."""
    from wirewatch.model import Article

    targets = _dicts(con, "SELECT DISTINCT kind, target, article_id FROM corrections WHERE "
                          "undone_at IS NULL AND kind IN ('event', 'quote') "
                          "ORDER BY article_id, kind, target", [])
    by_article: dict[str, dict[str, set[int]]] = {}
    for t in targets:
        by_article.setdefault(t["article_id"], {"event": set(), "quote": set()})[
            t["kind"]].add(_split(t["target"])[1])
    docs: list[dict[str, Any]] = []
    for aid, chosen in sorted(by_article.items()):
        arts = _dicts(con, "SELECT * FROM articles WHERE id = ?", [aid])
        if not arts:
            continue
        article = Article.from_dict(arts[0]).to_dict()
        events = []
        for idx in sorted(chosen["event"]):
            rows = _dicts(con, "SELECT * FROM events WHERE article_id = ? AND idx = ?",
                          [aid, idx])
            if rows:
                events.append(_annotated_event(rows[0]))
        quotes = []
        for idx in sorted(chosen["quote"]):
            rows = _dicts(con, "SELECT * FROM quotes WHERE article_id = ? AND idx = ?",
                          [aid, idx])
            if rows:
                q = rows[0]
                quotes.append({"speaker": q["speaker"], "speaker_country": q["speaker_country"],
                               "kind": q["kind"], "not_quote": bool(q["not_quote"]),
                               "span": {"field": "body", "start": q["start"], "end": q["end"]}})
        doc = {"id": aid, "source": EXPORT_SOURCE, "annotator": "corrections",
               "published": article.get("published_date") or
               (article.get("published_at") or "")[:10] or None,
               "entities": [], "events": events, "quotes": quotes, "attributions": [],
               "notes": "analyst corrections exported by `wirewatch corrections export`",
               "article": article}
        docs.append(doc)
    return docs


def _annotated_event(row: dict[str, Any]) -> dict[str, Any]:
    def side(name: str) -> dict[str, Any]:
        actors = row.get(name) or []
        first = actors[0] if actors else {}
        return {name: first.get("name"), f"{name}_country": first.get("country"),
                f"{name}_sector": first.get("sector")}

    return {"type": row["type"], "mode": row["mode"], **side("source"), **side("target"),
            "location": row["location_name"], "date": row["date"],
            "modality": row["modality"], "importance": None,
            "background": bool(row["background"]), "not_event": bool(row["not_event"]),
            "evidence": {"field": "body", "start": row["evidence_start"],
                         "end": row["evidence_end"]}}


def load_export(path: Any) -> list[dict[str, Any]]:
    """Exported correction annotations (a folder of them, or one file), each with its spans'
    text put back from its own `article` (as `annotations.with_text` does from the corpus)."""
    from pathlib import Path

    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    out = []
    for f in files:
        doc = json.loads(f.read_text("utf-8"))
        if doc.get("source") != EXPORT_SOURCE or not isinstance(doc.get("article"), dict):
            continue
        body = doc["article"].get("body") or ""
        for ev in doc.get("events") or []:
            span = ev["evidence"]
            ev["evidence_text"] = body[span["start"]:span["end"]]
        for q in doc.get("quotes") or []:
            q["text"] = body[q["span"]["start"]:q["span"]["end"]]
        out.append(doc)
    return out
