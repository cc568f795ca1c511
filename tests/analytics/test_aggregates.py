"""Aggregates kept by the writer's batch hook equal a full rebuild, and each analytics query
reads the right numbers from them (real Store, real DuckDB)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from _analytics_helpers import T0, analysis
from wirewatch.analytics import aggregates
from wirewatch.engine.local import attach_analytics
from wirewatch.queries import dyads, entities, events, geo, graph, windows
from wirewatch.store.writer import Store

COUNTERS = {
    "agg_windows": ("grain, bucket, dim, \"key\"", "articles, mentions, events"),
    "agg_entities": ("name", "articles, mentions, events"),
    "agg_dyads": ("level, source, target, day, quad",
                  "events, sum_intensity, n_intensity, tone_sum, n_tone"),
    "agg_geo": ("kind, country, place", "n, lat_sum, lon_sum, n_geo"),
    "agg_cooccur": ("a, b", "n"),
    "agg_cooccur_day": ("day, a, b", "n"),
}


def _snapshot(store: Store) -> dict[str, list[tuple]]:
    out = {}
    for table, (keys, counters) in COUNTERS.items():
        nonzero = " OR ".join(f"{c.strip()} <> 0" for c in counters.split(","))
        minute = "grain <> 'minute' AND " if table == "agg_windows" else ""
        out[table] = store.con.execute(
            f"SELECT {keys}, {counters} FROM {table} WHERE {minute}({nonzero}) ORDER BY ALL"
        ).fetchall()
    return out


def _batches() -> list[list]:
    return [
        [analysis(1, entities=[("Taiwan", "TWN", 2), ("Lai Ching-te of Taiwan", "TWN", 1)],
                  events=[{"type": "THREATEN", "src": "CHN", "tgt": "TWN", "intensity": -4.0}],
                  tone=-3.0),
         analysis(2, entities=[("Taiwan", "TWN", 1), ("Japan", "JPN", 1)],
                  events=[{"type": "CONSULT", "src": "JPN", "tgt": "TWN", "intensity": 1.0,
                           "quad": "verbal_cooperation", "place": "Tokyo", "loc": "JPN"}],
                  tone=1.0)],
        [analysis(3, at=T0 + timedelta(days=1), entities=[("Taiwan", "TWN", 3)],
                  events=[{"type": "ASSAULT", "src": "CHN", "tgt": "TWN", "intensity": -9.0,
                           "date": "2024-05-02"},
                          {"type": "ASSAULT", "src": ("PLA Navy", "CHN"),
                           "tgt": ("Taiwan", "TWN"), "intensity": -9.0,
                           "date": "2024-05-02"}])],
    ]


@pytest.fixture()
def store(tmp_path: Path):  # noqa: ANN201
    s = Store(tmp_path / "data")
    attach_analytics(s)
    for batch in _batches():
        s.write(batch)
    yield s
    s.close()


def test_incremental_equals_rebuild_including_replace(store: Store) -> None:
    # re-analysis of article 1 replaces its rows: the hook subtracts the old ones first
    redo = analysis(1, entities=[("Japan", "JPN", 4)],
                    events=[{"type": "AID", "src": "JPN", "tgt": "TWN", "intensity": 3.0,
                             "quad": "material_cooperation"}])
    store.write([redo], replace=True)
    store.write(_batches()[1])  # already stored: changes nothing
    incremental = _snapshot(store)
    aggregates.rebuild(store.con)
    assert _snapshot(store) == incremental
    assert incremental["agg_dyads"]  # not trivially equal
    names = {r[0] for r in incremental["agg_entities"]}
    assert "Lai Ching-te of Taiwan" not in names and "Japan" in names


def test_rebuild_for_a_store_written_without_the_hook(tmp_path: Path) -> None:
    plain = Store(tmp_path / "d")
    plain.write(_batches()[0])
    assert aggregates.needs_rebuild(plain.con)
    attach_analytics(plain)  # what the engine does on open
    assert not aggregates.needs_rebuild(plain.con)
    assert plain.con.execute("SELECT articles FROM agg_entities WHERE name = 'Taiwan'"
                             ).fetchone() == (2,)
    plain.close()


def test_entities_and_windows(store: Store) -> None:
    cur = store.reader.cursor()
    top = entities.entities(cur, limit=2)
    assert top[0]["name"] == "Taiwan" and top[0]["mentions"] == 6 and top[0]["articles"] == 3
    assert top[0]["aliases"] == ["taiwan"] and top[0]["events"] == 1  # actor "Taiwan" once
    assert [e["name"] for e in entities.entities(cur, country="jpn")] == ["Japan"]
    days = windows.series(cur, "entity", "Taiwan", "day")
    assert [(d["articles"], d["mentions"]) for d in days] == [(1, 3), (2, 3)]
    hours = windows.series(cur, "all", "*", "hour")
    assert sum(h["events"] for h in hours) == 4 and sum(h["articles"] for h in hours) == 3
    pairs = windows.series(cur, "dyad", "CHN|TWN", "day")
    assert [p["events"] for p in pairs] == [2, 1]
    with pytest.raises(ValueError):
        windows.series(cur, "nope")
    cur.close()


def test_dyads_timeline(store: Store) -> None:
    cur = store.reader.cursor()
    rows = dyads.timeline(cur, "CHN", "TWN")
    assert [(r["day"], r["events"]) for r in rows] == [("2024-05-02", 2), ("2024-05-01", 1)]
    assert rows[0]["sum_intensity"] == -18.0 and rows[0]["mean_intensity"] == -9.0
    assert rows[0]["quads"] == {"material_conflict": 2}
    assert rows[1]["tone"] == -3.0
    both = dyads.timeline(cur, "TWN", "JPN", symmetric=True)
    assert [(r["source"], r["target"], r["events"]) for r in both] == [("TWN", "JPN", 1)]
    assert dyads.timeline(cur, "PLA Navy", "Taiwan", level="entity")[0]["events"] == 1
    assert dyads.top_pairs(cur)[0] == {**dyads.top_pairs(cur)[0], "source": "CHN",
                                       "target": "TWN", "events": 3}
    cur.close()


def test_graph_and_geo(store: Store) -> None:
    cur = store.reader.cursor()
    g = graph.co_mentions(cur, top=3)
    assert g["nodes"][0] == {"name": "Taiwan", "type": "GPE", "w": 3}
    assert {(e["source"], e["target"], e["weight"]) for e in g["edges"]} == {
        ("Japan", "Taiwan", 1), ("Lai Ching-te of Taiwan", "Taiwan", 1)}
    recent = graph.co_mentions(cur, top=3, days=1)  # only the last day: article 3 alone
    assert [n["name"] for n in recent["nodes"]] == ["Taiwan"] and recent["edges"] == []
    places = geo.places(cur)
    assert places[0] == {"country": "TWN", "place": "Taipei", "lat": 25.0, "lon": 121.5,
                         "events": 3}
    countries = {c["country"]: c for c in geo.countries(cur)}
    assert countries["TWN"]["mentions"] == 7 and countries["JPN"]["events"] == 1
    assert countries["JPN"]["name"] == "Japan" and countries["JPN"]["lat"] is not None
    cur.close()


def test_background_events_are_kept_but_not_counted(tmp_path: Path) -> None:
    s = Store(tmp_path / "data")
    attach_analytics(s)
    try:
        s.write([analysis(7, events=[
            {"type": "ASSAULT", "src": "CHN", "tgt": "TWN", "date": "2024-05-01"},
            {"type": "ASSAULT", "src": "CHN", "tgt": "TWN", "date": "1958-08-23",
             "background": True}])])
        cur = s.reader.cursor()
        assert [r["events"] for r in dyads.timeline(cur, "CHN", "TWN")] == [1]
        stored = s.con.execute("SELECT background FROM events ORDER BY idx").fetchall()
        assert stored == [(False,), (True,)]
        cur.close()
    finally:
        s.close()


def test_undated_events_stay_undated_and_the_day_is_the_pages(tmp_path: Path) -> None:
    """An event is dated by its text, else its article's publication day as the page states it
    (21:00 at -05:00 is that evening, not the next UTC day), else not at all — never the day we
    fetched it; the dyad timeline and the events list agree on both."""
    from datetime import UTC, date, datetime

    undated = analysis(8, events=[{"type": "ASSAULT", "src": "CHN", "tgt": "TWN", "date": None}])
    undated.article.published_at = None
    evening = analysis(9, events=[{"type": "ASSAULT", "src": "CHN", "tgt": "TWN", "date": None}])
    evening.article.published_at = datetime(2024, 5, 2, 2, 0, tzinfo=UTC)
    evening.article.published_offset = -300
    assert evening.article.published_date == date(2024, 5, 1)
    s = Store(tmp_path / "data")
    attach_analytics(s)
    try:
        s.write([undated, evening])
        cur = s.reader.cursor()
        rows = {r["day"]: r["events"] for r in dyads.timeline(cur, "CHN", "TWN")}
        assert rows == {"2024-05-01": 1, "": 1}  # '' = undated, shown as such on the dashboard
        listed = events.events(cur, pair="CHN,TWN", since="2024-05-01", until="2024-05-01")
        assert [r["article_id"] for r in listed] == [evening.article.id]
        today = datetime.now(UTC).date().isoformat()
        assert events.events(cur, pair="CHN,TWN", since=today, until=today) == []
        every = {r["article_id"]: r["day"] for r in events.events(cur, pair="CHN,TWN")}
        assert every[undated.article.id] is None
        cur.close()
        before = _snapshot(s)
        aggregates.rebuild(s.con)
        assert _snapshot(s) == before
    finally:
        s.close()
