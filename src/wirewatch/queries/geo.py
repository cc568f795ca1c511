"""Geo: events (by event location) and mentions (by entity country / place name) per country
and place, with lat/lon — event coordinates averaged, countries placed at their capital
(data/countries.tsv)."""

from __future__ import annotations

from functools import cache
from typing import Any

import duckdb

from wirewatch import data
from wirewatch.store.reader import fetch_rows


@cache
def capitals() -> dict[str, tuple[str, float, float]]:
    """ISO-3 → (country name, capital lat, capital lon) from the packaged gazetteer."""
    return {iso3: (c.name, c.lat, c.lon) for iso3, c in data.countries().items()
            if c.lat is not None and c.lon is not None}


def places(con: duckdb.DuckDBPyConnection, limit: int = 300) -> list[dict[str, Any]]:
    """Event places: country, place (None = the country as a whole), mean lat/lon, events."""
    return fetch_rows(con, """
        SELECT country, nullif(place, '') AS place, lat_sum / nullif(n_geo, 0) AS lat,
               lon_sum / nullif(n_geo, 0) AS lon, n AS events
        FROM agg_geo WHERE kind = 'event' AND n > 0
        ORDER BY events DESC, country, place LIMIT ?""", [limit])


def countries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per country: events located there and mentions of its entities, at its capital."""
    rows = fetch_rows(con, """
        SELECT country, sum(n) FILTER (WHERE kind = 'event') AS events,
               sum(n) FILTER (WHERE kind = 'mention') AS mentions
        FROM agg_geo GROUP BY country HAVING sum(n) > 0 ORDER BY country""")
    caps = capitals()
    for r in rows:
        name, lat, lon = caps.get(r["country"], (None, None, None))
        r.update(name=name, lat=lat, lon=lon, events=r["events"] or 0,
                 mentions=r["mentions"] or 0)
    return sorted(rows, key=lambda r: (-(r["events"] + r["mentions"]), r["country"]))
