"""Trends: keys (entities, countries, event types, country pairs) whose count in the current
block spikes against their OWN trailing baseline.

Why this shape: z = (x − median) / max(1.4826·MAD, √(median + 1)) over the key's trailing
blocks, zero-filled (hours without a mention count as 0), is robust to a single earlier burst
and never divides by zero; the √ floor is Poisson noise, so a key going 0 → 1 is not news.
`min_support` drops keys seen a handful of times. A young store is judged in 5-minute blocks
(from the minute buckets) until it has `min_history` hours, so trends are sensible within the
first hour instead of flagging everything as new; with fewer than `min_history` baseline
blocks nothing is reported at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import duckdb

from wirewatch.analytics.aggregates import MINUTE_RETENTION
from wirewatch.store.reader import fetch_rows

MEASURE = {"entity": "articles", "country": "articles", "event_type": "events",
           "dyad": "events"}
SHORT_BLOCK = timedelta(minutes=5)


@dataclass(frozen=True)
class Window:
    """The block being judged and its baseline: grain of the buckets read, block width,
    start of the current block and how many baseline blocks precede it."""
    grain: str
    width: timedelta
    current: datetime
    blocks: int


def window(con: duckdb.DuckDBPyConnection, hours: int = 24, min_history: int = 3,
           at: datetime | None = None) -> Window | None:
    """Hourly blocks once the store has `min_history` hours before the current one, else
    5-minute blocks; None while even those are too few."""
    # The baseline starts at the first bucket holding any data inside the lookback, so
    # hours before the store saw anything are not counted as quiet hours for every key.
    last = con.execute("""
        SELECT max(bucket) FILTER (WHERE grain = 'hour'), max(bucket) FILTER (WHERE grain = 'minute')
        FROM agg_windows WHERE dim = 'all' AND bucket <= coalesce(?, now())""", [at]).fetchall()[0]
    if not last or last[0] is None:
        return None
    last_h, last_m = last
    first_h, first_m = con.execute("""
        SELECT min(bucket) FILTER (WHERE grain = 'hour' AND bucket > $h::TIMESTAMPTZ - $lh),
               min(bucket) FILTER (WHERE grain = 'minute' AND bucket > $m::TIMESTAMPTZ - $lm)
        FROM agg_windows
        WHERE dim = 'all' AND bucket > least($h::TIMESTAMPTZ - $lh,
                                                 coalesce($m::TIMESTAMPTZ, $h) - $lm)""",
                                   {"h": last_h, "m": last_m, "lh": timedelta(hours=hours),
                                    "lm": MINUTE_RETENTION}).fetchall()[0]
    hour = timedelta(hours=1)
    blocks = min(int((last_h - first_h) / hour), hours - 1)
    if blocks >= min_history:
        return Window("hour", hour, last_h, blocks)
    if last_m is None:
        return None
    current = last_m - SHORT_BLOCK + timedelta(minutes=1)
    cap = int(min(timedelta(hours=hours), MINUTE_RETENTION) / SHORT_BLOCK) - 1
    blocks = min(max(0, int((current - (first_m or current)) / SHORT_BLOCK)), cap)
    if blocks < min_history:
        return None
    return Window("minute", SHORT_BLOCK, current, blocks)


def spikes(con: duckdb.DuckDBPyConnection, dim: str = "entity", hours: int = 24,
           min_support: int = 3, min_history: int = 3, limit: int = 20,
           min_z: float | None = None, keys: list[str] | None = None,
           at: datetime | None = None) -> dict[str, Any]:
    """{"trends": [{name, current, baseline, mad, z, series}], "window": {...}|None}."""
    if dim not in MEASURE:
        raise ValueError(f"dim must be one of {sorted(MEASURE)}")
    win = window(con, hours, min_history, at)
    if win is None:
        return {"trends": [], "window": None}
    measure = MEASURE[dim]
    key_cond = 'AND "key" IN (SELECT unnest($keys))' if keys is not None else ""
    params: dict[str, Any] = {"grain": win.grain, "dim": dim, "w": win.width,
                              "cur": win.current, "nb": win.blocks, "support": min_support,
                              "lim": limit, "minz": min_z}
    if keys is not None:
        params["keys"] = list(keys)
    items = fetch_rows(con, f"""
        WITH raw AS (
          SELECT "key", time_bucket($w, bucket, $cur) AS b, sum({measure}) AS n
          FROM agg_windows
          WHERE grain = $grain AND dim = $dim AND bucket >= $cur - $w * $nb
                AND bucket < $cur + $w {key_cond}
          GROUP BY ALL),
        cur AS (SELECT "key", n FROM raw WHERE b = $cur AND n >= $support),
        base AS (SELECT "key", list(n ORDER BY b) FILTER (WHERE n <> 0 AND b < $cur) AS l,
                        list({{'b': b, 'n': n}}) AS pts
                 FROM raw WHERE "key" IN (SELECT "key" FROM cur) GROUP BY "key"),
        stats AS (
          SELECT cur."key" AS name, cur.n AS current,
                 list_resize(coalesce(base.l, [])[1:$nb], $nb, 0) AS padded, base.pts
          FROM cur LEFT JOIN base USING ("key")),
        scored AS (
          SELECT name, current, list_aggregate(padded, 'median') AS baseline,
                 list_aggregate(padded, 'mad') AS mad, pts
          FROM stats)
        SELECT name, current, baseline, mad,
               (current - baseline) / greatest(1.4826 * mad, sqrt(baseline + 1)) AS z, pts
        FROM scored
        WHERE $minz IS NULL
              OR (current - baseline) / greatest(1.4826 * mad, sqrt(baseline + 1)) >= $minz
        ORDER BY z DESC, current DESC, name LIMIT $lim""", params)
    for it in items:
        counts = {p["b"]: int(p["n"]) for p in it.pop("pts") or []}
        it["series"] = [counts.get(win.current - win.width * k, 0)
                        for k in range(win.blocks, -1, -1)]
        it["dim"] = dim
    return {"trends": items, "window": {"grain": win.grain,
                                        "block_seconds": int(win.width.total_seconds()),
                                        "current": win.current, "baseline_blocks": win.blocks}}
