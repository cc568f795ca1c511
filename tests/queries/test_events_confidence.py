"""The precision dial (`min_confidence`): the events list keeps the events the coder is at least
that sure of, at the boundary too, and a value that is not a number from 0 to 1 is refused the
same clear way on every surface (BadParameter; one CLI line, exit 2; a 4xx naming it). Invented
events in a real store, the CLI through Typer's runner, HTTP through a real server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from _analytics_helpers import analysis
from _http import served
from wirewatch import params
from wirewatch.cli import app as cli_app
from wirewatch.engine.local import LocalEngine
from wirewatch.queries.events import events
from wirewatch.serve.app import create_app
from wirewatch.store.writer import Store

SURE = {"ASSAULT": 0.95, "CONSULT": 0.8, "ACCUSE": 0.79, "AID": 0.5}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("confidence")
    evs = [{"type": t, "src": "USA", "tgt": "CHN", "confidence": c} for t, c in SURE.items()]
    with Store(data) as s:
        s.write([analysis(0, events=evs)])
    return data


def _types(rows: list[dict[str, Any]]) -> set[str]:
    return {r["type"] for r in rows}


@pytest.mark.parametrize(("floor", "kept"), [
    (None, set(SURE)), (0, set(SURE)), ("", set(SURE)),
    (0.8, {"ASSAULT", "CONSULT"}), ("0.8", {"ASSAULT", "CONSULT"}),  # 0.8 itself is kept
    (0.8000001, {"ASSAULT"}), (0.79, {"ASSAULT", "CONSULT", "ACCUSE"}),
    (0.95, {"ASSAULT"}), (1, set()),
])
def test_the_floor_keeps_what_is_at_least_as_sure(store: Path, floor: Any,
                                                  kept: set[str]) -> None:
    with Store(store) as s, s.reader.reading() as cur:
        rows = events(cur, min_confidence=floor, limit=100)
    assert _types(rows) == kept
    assert all(r["confidence"] >= (float(floor) if floor else 0) for r in rows)


@pytest.mark.parametrize("bad", [1.5, -0.1, "abc", "nan", "inf", True, "0,8"])
def test_a_bad_floor_is_a_bad_parameter(store: Path, bad: Any) -> None:
    with Store(store) as s, s.reader.reading() as cur, \
            pytest.raises(params.BadParameter) as err:
        events(cur, min_confidence=bad)
    assert err.value.name == "min_confidence"
    assert "from 0 to 1" in str(err.value)


def test_fraction_reads_text_and_numbers() -> None:
    assert params.fraction(" 0.25 ") == 0.25
    assert params.fraction(1) == 1.0
    assert params.fraction(None) is None and params.fraction("") is None
    with pytest.raises(params.BadParameter, match="^p: 2 is not from 0 to 1"):
        params.fraction(2, "p")


def test_cli_option(store: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli_app, ["events", "--data", str(store), "--json",
                                 "--min-confidence", "0.8"])
    assert ok.exit_code == 0, ok.output
    assert _types([json.loads(line) for line in ok.output.splitlines() if line]) == \
        {"ASSAULT", "CONSULT"}
    bad = runner.invoke(cli_app, ["events", "--data", str(store), "--min-confidence", "1.5"])
    lines = [ln for ln in bad.output.splitlines() if ln.strip()]
    assert bad.exit_code == 2, bad.output
    assert len(lines) == 1 and lines[0].startswith("error: min_confidence:"), bad.output
    not_a_number = runner.invoke(cli_app, ["events", "--data", str(store),
                                           "--min-confidence", "abc"])
    assert not_a_number.exit_code == 2 and "--min-confidence" in not_a_number.output


@pytest.fixture(scope="module")
def base(store: Path) -> Iterator[str]:
    engine = LocalEngine(store, workers=0, analyze=False)
    try:
        with served(create_app(engine, token="t")) as url:
            yield url
    finally:
        engine.close()


def test_http_parameter(base: str) -> None:
    r = httpx.get(f"{base}/events", params={"min_confidence": "0.8"}, timeout=10)
    assert r.status_code == 200, r.text
    assert _types(r.json()["events"]) == {"ASSAULT", "CONSULT"}
    every = httpx.get(f"{base}/events", timeout=10).json()["events"]
    assert _types(every) == set(SURE)


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "abc", "nan"])
def test_http_bad_value_is_4xx_naming_it(base: str, bad: str) -> None:
    r = httpx.get(f"{base}/events", params={"min_confidence": bad}, timeout=10)
    assert r.status_code == 422, (bad, r.status_code, r.text)
    assert "min_confidence" in r.text
