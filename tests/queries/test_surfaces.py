"""One question, three surfaces, one answer. The Python API (`Wirewatch`), the CLI (`--json`)
and HTTP (a real server on 127.0.0.1) all call the resource's `wirewatch.queries` function, so
the same filters must give the same rows — the same ids in the same order, and the same fields
with the same values once each surface's encoding (DataFrame, JSON) is undone."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from _analytics_helpers import T0, analysis
from wirewatch.api import Wirewatch
from wirewatch.cli import app as cli_app
from wirewatch.engine.local import LocalEngine
from wirewatch.link.linker import Linker
from wirewatch.serve.app import create_app
from wirewatch.serve.encode import jsonable
from wirewatch.store.writer import Store

EVENTS: list[dict[str, Any]] = [
    {},
    {"actor": "USA"},                      # a country code
    {"actor": "usagov"},                   # an actor code, any case
    {"actor": "govern"},                   # part of a name
    {"source": "CHN", "target": "TWN"},
    {"pair": "TWN,CHN"},
    {"type": "assault"},
    {"modality": "planned"},
    {"since": "2024-06-15"},               # a season (2024-SU) counts as June
    {"until": "2024-05-31"},
    {"since": "2024-05-01", "until": "2024-05-01"},  # an undated event: the article's day
    {"min_confidence": 0.8},               # at least: 0.8 itself is kept, 0.79 is not
    {"min_confidence": 0},                 # 0: every event
]

# (resource, API method, CLI command, HTTP path, key of the list in the HTTP answer, question)
QUESTIONS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    *(("events", "events", "/events", "events", q) for q in EVENTS),
    ("articles", "articles", "/articles", "articles", {}),
    ("articles", "articles", "/articles", "articles", {"q": "story 2"}),
    ("articles", "articles", "/articles", "articles", {"outlet": "nope"}),
    ("articles", "articles", "/articles", "articles",
     {"since": "2024-05-01T11:00:00Z", "until": "2024-05-01T13:00:00Z"}),
    ("stories", "stories", "/stories", "stories", {"min_articles": 1}),
    ("stories", "stories", "/stories", "stories", {"min_articles": 1, "q": "story"}),
    ("event_clusters", "event-clusters", "/event-clusters", "event_clusters", {}),
    ("event_clusters", "event-clusters", "/event-clusters", "event_clusters",
     {"type": "accuse"}),
    ("event_clusters", "event-clusters", "/event-clusters", "event_clusters",
     {"country": "usa", "modality": "planned"}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("surfaces")
    evs = [
        {"type": "ASSAULT", "src": "CHN", "tgt": "TWN", "date": "2024-05-20",
         "confidence": 0.95},
        {"type": "CONSULT", "src": "USA", "tgt": "CHN", "date": "2024-SU",
         "modality": "planned", "confidence": 0.8},
        {"type": "ACCUSE", "src": ("Lai Ching-te", "TWN"), "tgt": "CHN", "date": "2024-06",
         "confidence": 0.79},
        {"type": "AID", "src": "USA", "tgt": "TWN", "date": None},  # 0.5
    ]
    linker = Linker()  # stories and merged events too
    with Store(data) as s:
        s.write([analysis(i, at=T0 + timedelta(hours=i), events=evs[i:] + evs[:i])
                 for i in range(4)], link=linker.link)
    return data


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli_args(question: dict[str, Any]) -> list[str]:
    return [a for k, v in question.items() for a in (f"--{k.replace('_', '-')}", str(v))]


@pytest.fixture(scope="module")
def answers(store: Path) -> Iterator[dict[str, list[list[dict[str, Any]]]]]:
    out: dict[str, list[list[dict[str, Any]]]] = {"api": [], "cli": [], "http": []}
    with Wirewatch(store, workers=0) as ww:
        for method, _, _, _, q in QUESTIONS:
            df = getattr(ww, method)(limit=100, **q)
            out["api"].append(jsonable(df.to_dict(orient="records")))
    runner = CliRunner()
    for _, command, _, _, q in QUESTIONS:
        res = runner.invoke(cli_app, [command, "--data", str(store), "--json", "--limit", "100",
                                      *_cli_args(q)])
        assert res.exit_code == 0, res.output
        out["cli"].append([json.loads(line) for line in res.output.splitlines() if line])
    # the service last: it locks down this process's DuckDB instance of the store
    engine = LocalEngine(store, workers=0, analyze=False)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine, token="t"), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            for _, _, path, key, q in QUESTIONS:
                r = http.get(path, params={**q, "limit": 100})
                assert r.status_code == 200, r.text
                out["http"].append(r.json()[key])
        yield out
    finally:
        server.should_exit = True
        thread.join(10)
        engine.close()


@pytest.mark.parametrize("i", range(len(QUESTIONS)),
                         ids=[f"{q[0]}{json.dumps(q[4])}" for q in QUESTIONS])
def test_same_rows_on_every_surface(answers: dict[str, list[list[dict[str, Any]]]],
                                    i: int) -> None:
    api, cli, http = (answers[s][i] for s in ("api", "cli", "http"))
    assert api == cli == http


def test_every_resource_has_an_answer(answers: dict[str, list[list[dict[str, Any]]]]) -> None:
    """The questions are not vacuous: each resource answers some of them with rows."""
    for resource in {q[0] for q in QUESTIONS}:
        assert any(answers["http"][i] for i, q in enumerate(QUESTIONS) if q[0] == resource), \
            resource


def test_the_events_questions_mean_what_they_say(
        answers: dict[str, list[list[dict[str, Any]]]]) -> None:
    (every, usa, usagov, govern, chn_twn, pair, assault, planned, summer, may, day1, sure,
     floor0) = answers["http"][:len(EVENTS)]
    assert len(every) == 16
    assert len(usa) == len(usagov) == 8  # CONSULT and AID, in each of the 4 articles
    assert len(govern) == 16  # every event has a "<code> government" on one side
    assert {r["type"] for r in chn_twn} == {"ASSAULT"}
    assert {r["type"] for r in pair} == {"ASSAULT", "ACCUSE"}  # either direction
    assert {r["type"] for r in assault} == {"ASSAULT"}
    assert {r["type"] for r in planned} == {"CONSULT"}
    assert {r["type"] for r in summer} == {"CONSULT", "ACCUSE"}
    assert {r["type"] for r in may} == {"ASSAULT", "AID"}
    assert {(r["type"], r["date"]) for r in day1} == {("AID", None)}
    assert {r["type"] for r in sure} == {"ASSAULT", "CONSULT"} and len(sure) == 8
    assert min(r["confidence"] for r in sure) == 0.8
    assert floor0 == every
