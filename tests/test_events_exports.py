"""Events listing and exports on a real store: the canonical example ingested through the real
engine (parse → spaCy analysis → DuckDB), then read back by the API, the CLI and the exports."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from wirewatch.api import Wirewatch
from wirewatch.cli import app
from wirewatch.exports import gdelt_columns

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """A store holding the canonical example, analysed in-process (workers=0); closed again so
    that every test (and the CLI) can open it."""
    data = tmp_path_factory.mktemp("events-store")
    with Wirewatch(data, workers=0) as ww:
        summary = ww.ingest([shared_dir / "examples" / "blinken-china-visit.txt"])
        assert summary.accepted == 1
    return data


def _names(side: object) -> list[str]:
    return [a["name"] for a in side]  # type: ignore[attr-defined]


def test_events_api_filters(store: Path) -> None:
    with Wirewatch(store, workers=0) as ww:
        every = ww.events(limit=500)
        assert len(every) == int(ww.sql("SELECT count(*) AS n FROM events")["n"][0]) > 5
        pair = ww.events(pair="USA,CHN", limit=500)
        reverse = ww.events(pair="CHN,USA", limit=500)
        assert sorted(pair["idx"]) == sorted(reverse["idx"])  # either direction
        assert 0 < len(pair) < len(every)
        for row in pair.itertuples():
            sides = {tuple(row.source_countries), tuple(row.target_countries)}
            assert any("USA" in s for s in sides) and any("CHN" in s for s in sides)
        visit = pair[(pair["type"] == "CONSULT") & (pair["mode"] == "visit")
                     & (pair["modality"] == "planned")]
        assert any("Antony Blinken" in _names(s) and "China" in _names(t)
                   for s, t in zip(visit["source"], visit["target"], strict=True))
        qin = ww.events(actor="qin", limit=500)
        assert len(qin) > 0
        assert all(any("Qin" in n for n in [*s, *t])
                   for s, t in zip(qin["source_names"], qin["target_names"], strict=True))
        requests = ww.events(type="request", limit=500)
        assert len(requests) > 0 and set(requests["type"]) == {"REQUEST"}
        cancelled = ww.events(modality="cancelled", limit=500)
        assert set(cancelled["modality"]) == {"cancelled"}
        assert len(ww.events(limit=2)) == 2
        with pytest.raises(ValueError, match="pair"):
            ww.events(pair="USA,CHN,RUS")


def test_events_cli_table_json_and_show(store: Path) -> None:
    result = runner.invoke(app, ["events", "--data", str(store), "--pair", "USA,CHN",
                                 "--type", "CONSULT", "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert records and all(r["type"] == "CONSULT" for r in records)
    assert any(r["source_names"] == ["Antony Blinken"] and r["modality"] == "planned"
               and r["location_name"] == "Beijing" for r in records)
    table = runner.invoke(app, ["events", "--data", str(store), "--actor", "Blinken"],
                          env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "CONSULT/visit" in table.output and "Antony Blinken (USAGOV)" in table.output
    article_id = records[0]["article_id"]
    shown = runner.invoke(app, ["show", article_id[:8], "--data", str(store)],
                          env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "Antony Blinken → China [planned]" in shown.output
    assert "spoke with the Chinese foreign minister by phone" in shown.output
    bad = runner.invoke(app, ["export", "--format", "csv", "--out", str(store / "x"),
                              "--data", str(store)])
    assert bad.exit_code != 0


def test_export_gdelt(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", "--format", "gdelt", "--out", str(out),
                                 "--data", str(store)])
    assert result.exit_code == 0, result.output
    columns = gdelt_columns()
    assert len(columns) == 61 and columns[0] == "GLOBALEVENTID" and columns[-1] == "SOURCEURL"
    rows = [dict(zip(columns, line.split("\t"), strict=True))
            for line in out.read_text("utf-8").splitlines()]
    with Wirewatch(store, workers=0) as ww:
        events = ww.events(limit=10_000)
        pairs = sum(max(len(s), 1) * max(len(t), 1)
                    for s, t in zip(events["source"], events["target"], strict=True))
        tone = ww.sql("SELECT tone_score FROM analyses")["tone_score"][0]
        merged = ww.sql("SELECT r.cluster_id, sum(greatest(len(e.mentions), 1)) AS n "
                        "FROM event_reports r JOIN events e USING (article_id, idx) "
                        "GROUP BY 1")
    assert len(rows) == pairs
    assert len({r["GLOBALEVENTID"] for r in rows}) == pairs
    # NumMentions counts every mention in every report of the merged event
    assert max(int(r["NumMentions"]) for r in rows) == int(merged["n"].max()) > 1
    visit = [r for r in rows if r["Actor1Name"] == "ANTONY BLINKEN"
             and r["Actor2CountryCode"] == "CHN" and r["ActionGeo_FullName"] == "Beijing, China"]
    assert visit, rows
    row = visit[0]
    assert (row["Actor1CountryCode"], row["Actor1Code"], row["Actor1Type1Code"]) == \
        ("USA", "USAGOV", "GOV")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("040", "040", "04")
    assert row["QuadClass"] == "1" and float(row["GoldsteinScale"]) > 0
    assert row["IsRootEvent"] == "1"  # the lead sentence
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"]) == ("4", "CH")  # FIPS China
    assert abs(float(row["ActionGeo_Lat"]) - 39.9) < 0.1
    # actor 1 (USA) is placed at its country, actor 2 (China) at the event's place in China
    assert (row["Actor1Geo_Type"], row["Actor1Geo_FullName"], row["Actor1Geo_CountryCode"]) \
        == ("1", "United States", "US")
    assert (row["Actor2Geo_Type"], row["Actor2Geo_FullName"], row["Actor2Geo_CountryCode"]) \
        == ("4", "Beijing, China", "CH")
    # the lead, "Blinken's latest planned trip" and "meet with top officials in Beijing"
    assert int(row["NumMentions"]) == 3
    assert abs(float(row["AvgTone"]) - tone) < 1e-3
    assert int(row["NumArticles"]) >= 1 and len(row["DATEADDED"]) == 14
    assert row["SOURCEURL"].endswith("blinken-china-visit.txt")
    assert any(r["QuadClass"] == "3" and r["Actor1CountryCode"] == "CHN" for r in rows)


PAIRS = """Allies condemn missile test

TOKYO, March 3, 2024 (Reuters) - The United States and Japan condemned North Korea and Russia \
in Tokyo on Sunday after a missile test over the Sea of Japan.

Officials in Tokyo said the test violated United Nations resolutions.
"""


def test_export_gdelt_every_actor_pair(tmp_path: Path) -> None:
    source = tmp_path / "pairs.txt"
    source.write_text(PAIRS, "utf-8")
    with Wirewatch(tmp_path / "store", workers=0) as ww:
        assert ww.ingest([source]).accepted == 1
        events = ww.events(limit=100)
        ww.export("gdelt", tmp_path / "events.tsv")
    columns = gdelt_columns()
    rows = [dict(zip(columns, line.split("\t"), strict=True))
            for line in (tmp_path / "events.tsv").read_text("utf-8").splitlines()]
    two_by_two = events[[len(s) == 2 and len(t) == 2
                         for s, t in zip(events["source"], events["target"], strict=True)]]
    assert len(two_by_two) == 1, events[["source", "target"]]
    pairs = {(r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in rows
             if r["EventCode"] == f"{two_by_two['cameo_root'].iloc[0]}0"}
    assert {("USA", "PRK"), ("USA", "RUS"), ("JPN", "PRK"), ("JPN", "RUS")} <= pairs
    assert len({r["GLOBALEVENTID"] for r in rows}) == len(rows)
    # an actor in the country of the event's place is placed there (Japan → Tokyo)
    tokyo = [r for r in rows if r["ActionGeo_CountryCode"] == "JA"]
    assert tokyo and all(r["Actor1Geo_FullName"].lower() == "tokyo, japan" for r in tokyo
                         if r["Actor1CountryCode"] == "JPN")
    # an actor without a country (the UN) has no place
    assert all(r["Actor2Geo_Type"] == "" for r in rows if r["Actor2Code"] == "IGO")


def test_export_plover(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    with Wirewatch(store, workers=0) as ww:
        summary = ww.export("plover", out)
        body = ww.article(ww.articles()["id"][0])["article"]["body"]
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == summary.rows["events"] > 0
    phone = [r for r in records if r["event_type"] == "CONSULT" and r["mode"] == "phone"]
    assert phone, records
    rec = phone[0]
    assert rec["actors"]["source"][0] == {"name": "Antony Blinken", "country": "USA",
                                          "sector": "GOV", "code": "USAGOV"}
    assert rec["actors"]["target"][0]["name"] == "Qin Gang"
    assert rec["modality"] == "occurred" and rec["quad_class"] == "verbal_cooperation"
    ev = rec["source"]
    assert body[ev["start"]:ev["end"]] == ev["sentence"]
    assert all(r["id"].startswith(ev["article_id"] + ":") for r in records)


def test_export_parquet(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pq"
    with Wirewatch(store, workers=0) as ww:
        summary = ww.export("parquet", folder)
        counts = {t: int(ww.sql(f'SELECT count(*) AS n FROM "{t}"')["n"][0])
                  for t in summary.rows}
    assert {"articles", "events", "entities", "mentions", "quotes", "analyses"} <= set(counts)
    assert counts["articles"] == 1 and counts["events"] > 0
    con = duckdb.connect()
    for table, n in counts.items():
        path = folder / f"{table}.parquet"
        assert path.exists()
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0] \
            == n == summary.rows[table]
    names = con.execute("SELECT list_transform(source, lambda x: x.name) FROM "
                        "read_parquet(?) ORDER BY idx LIMIT 1",
                        [str(folder / "events.parquet")]).fetchone()[0]
    assert names == ["Antony Blinken"]
