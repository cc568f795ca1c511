"""Stories and merged events through the Python API, the CLI and HTTP (real store, real NLP)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_link_stories import ARRIVED, PLANNED, QUAKE_A, QUAKE_B, art, day
from typer.testing import CliRunner

import wirewatch.api
from wirewatch.cli import app as cli_app
from wirewatch.engine.local import LocalEngine
from wirewatch.serve.app import create_app


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("stories") / "data"
    with LocalEngine(data, workers=0, use_pool=False) as eng:
        eng.ingest([art("q1", QUAKE_A, "Earthquake kills hundreds in Turkey and Syria",
                        "Reuters", day(5, 6)),
                    art("q1copy", QUAKE_A + " (Reuters)", "Quake kills hundreds", "Yahoo",
                        day(5, 7)),
                    art("q2", QUAKE_B, "Rescuers dig for survivors after Turkey quake", "AP",
                        day(5, 10)),
                    art("p", PLANNED, "Blinken to visit China", "Reuters", day(14)),
                    art("o", ARRIVED, "Blinken arrives in Beijing", "AP", day(18))])
    return data


def test_python_api(store_dir: Path) -> None:
    with wirewatch.api.open(store_dir, workers=0) as ww:
        stories = ww.stories()
        assert list(stories["id"]) == ["q1"]  # one-article stories are not listed
        assert stories.iloc[0]["num_articles"] == 3
        assert len(ww.stories(min_articles=1)) == 3
        doc = ww.story("q1")
        assert set(doc["articles"]["outlet"]) == {"Reuters", "Yahoo", "AP"}
        assert doc["articles"].set_index("id").loc["q1copy", "duplicate_of"] == "q1"
        clusters = ww.event_clusters(type="CONSULT", country="CHN")
        visit = clusters[clusters["num_articles"] == 2]
        assert len(visit) == 1 and visit.iloc[0]["modality"] == "occurred"
        one = ww.event_cluster(visit.iloc[0]["id"])
        assert list(dict.fromkeys(one["reports"]["article_id"])) == ["p", "o"]
        assert [h["modality"] for h in one["modality_history"]] == ["planned", "occurred"]
        assert ww.story("nope") is None and ww.event_cluster("nope:0") is None
        links = ww.article("q1copy")["links"]
        assert links["duplicate_of"] == "q1" and links["story_id"] == "q1"
        links = ww.article("o")["links"]
        assert links["duplicate_of"] is None and visit.iloc[0]["id"] in links[
            "event_clusters"].values()


def test_cli(store_dir: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli_app, ["stories", "--data", str(store_dir), "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["id"] for r in rows] == ["q1"] and rows[0]["num_outlets"] == 3
    out = runner.invoke(cli_app, ["story", "q1", "--data", str(store_dir)])
    assert out.exit_code == 0, out.output
    assert "Reuters" in out.output and "Yahoo" in out.output and "merged events" in out.output
    out = runner.invoke(cli_app, ["event-clusters", "--data", str(store_dir), "--type",
                                  "CONSULT", "--json"])
    assert out.exit_code == 0, out.output
    cid = next(json.loads(line)["id"] for line in out.output.splitlines()
               if json.loads(line)["num_articles"] == 2)
    out = runner.invoke(cli_app, ["event-cluster", cid, "--data", str(store_dir)])
    assert out.exit_code == 0, out.output
    assert "planned" in out.output and "occurred" in out.output
    out = runner.invoke(cli_app, ["story", "nope", "--data", str(store_dir)])
    assert out.exit_code == 1 and "no story" in out.output


def test_http(store_dir: Path) -> None:
    engine = LocalEngine(store_dir, workers=0, analyze=False)
    try:
        with TestClient(create_app(engine)) as client:
            r = client.get("/stories")
            assert r.status_code == 200 and [s["id"] for s in r.json()["stories"]] == ["q1"]
            r = client.get("/stories/q1")
            assert r.status_code == 200
            body = r.json()
            assert len(body["articles"]) == 3 and body["num_outlets"] == 3
            events = client.get("/stories/p").json()["events"]
            assert any(e["type"] == "CONSULT" and e["modality"] == "occurred" for e in events)
            r = client.get("/event-clusters", params={"type": "CONSULT"})
            cid = next(c["id"] for c in r.json()["event_clusters"] if c["num_articles"] == 2)
            r = client.get(f"/event-clusters/{cid}")
            assert r.status_code == 200
            assert list(dict.fromkeys(x["article_id"] for x in r.json()["reports"])) == ["p", "o"]
            assert client.get("/stories/nope").status_code == 404
            assert client.get("/event-clusters/nope").status_code == 404
            assert client.get("/stories", params={"since": "not a date"}).status_code == 400
    finally:
        engine.close()
