"""Trends judge each key against its own baseline (calm on a young store, a burst stands out);
alert rules fire once, are stored, and reach a real webhook receiver."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from _analytics_helpers import T0, analysis
from wirewatch.analytics import trends
from wirewatch.analytics.alerts import Alerts, RuleError, load_config
from wirewatch.engine.local import attach_analytics
from wirewatch.queries.alerts import alerts as stored
from wirewatch.store.writer import Store

BACKGROUND = [f"Place {k}" for k in range(12)]


@pytest.fixture()
def store(tmp_path: Path):  # noqa: ANN201
    s = Store(tmp_path / "data")
    attach_analytics(s)
    yield s
    s.close()


def _steady(start: datetime, steps: int, step: timedelta, first: int = 0) -> list:
    """Every step, one article for each background entity (2 of them per article)."""
    out, i = [], first
    for n in range(steps):
        for k in range(0, len(BACKGROUND), 2):
            out.append(analysis(i, at=start + step * n, entities=[
                (BACKGROUND[k], "TWN", 1), (BACKGROUND[k + 1], "JPN", 1)]))
            i += 1
    return out


def test_hourly_spike_stands_out_of_its_own_baseline(store: Store) -> None:
    store.write(_steady(T0, 12, timedelta(hours=1)))
    burst = [analysis(1000 + k, at=T0 + timedelta(hours=11, minutes=k),
                      entities=[("Kinmen", "TWN", 1), ("Place 0", "TWN", 1)]) for k in range(9)]
    store.write(burst)
    cur = store.reader.cursor()
    res = trends.spikes(cur, min_support=3)
    win = res["window"]
    assert win["grain"] == "hour" and win["baseline_blocks"] == 11
    top = res["trends"][0]
    assert top["name"] == "Kinmen" and top["current"] == 9 and top["z"] >= 4
    # Place 0 also rose (1 → 10 articles) against a steady baseline of 1; the others did not
    by_name = {t["name"]: t for t in res["trends"]}
    assert by_name["Place 0"]["baseline"] == 1 and by_name["Place 0"]["z"] >= 4
    assert "Place 1" not in by_name  # 1 article: below min_support
    assert by_name["Place 0"]["series"] == [1] * 11 + [10]
    assert trends.spikes(cur, min_support=3, keys=["Place 0"])["trends"][0]["name"] == "Place 0"
    cur.close()


def test_young_store_is_calm_then_a_burst_shows(store: Store) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    cur = store.reader.cursor()
    store.write(_steady(now - timedelta(minutes=8), 8, timedelta(minutes=1)))
    assert trends.spikes(cur)["window"] is None  # under 3 baseline blocks: say nothing
    store.write(_steady(now - timedelta(minutes=40), 32, timedelta(minutes=1), first=500))
    calm = trends.spikes(cur, min_z=4)
    assert calm["window"]["grain"] == "minute" and calm["window"]["block_seconds"] == 300
    assert calm["trends"] == []  # steady traffic from many entities: no flood of "new" keys
    store.write([analysis(2000 + k, at=now - timedelta(minutes=k % 4),
                          entities=[("Kinmen", "TWN", 2)]) for k in range(8)])
    hot = trends.spikes(cur, min_z=4)["trends"]
    assert [t["name"] for t in hot] == ["Kinmen"] and hot[0]["current"] == 8
    cur.close()


class _Receiver(BaseHTTPRequestHandler):
    got: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).got.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def webhook():  # noqa: ANN201
    _Receiver.got = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver.got
    finally:
        server.shutdown()
        server.server_close()


def _evs(an) -> list[dict]:  # noqa: ANN001
    return [{"idx": i, **ev.to_dict()} for i, ev in enumerate(an.events)]


def test_rules_fire_once_stored_and_posted(store: Store, webhook, tmp_path: Path) -> None:  # noqa: ANN001
    url, got = webhook
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - {name: force, kind: event, types: [ASSAULT, THREATEN], between: [CHN, TWN]}\n"
        "  - {name: spike, kind: spike, z: 4, min_support: 5, every_s: 0}\n"
        "  - {name: visit-off, kind: lifecycle, types: [CONSULT], from: planned,"
        " to: cancelled}\n", encoding="utf-8")
    alerts = Alerts.from_config(rules, webhook=url)
    cur = store.reader.cursor()

    def run(batch: list) -> list[dict]:
        store.write(batch)
        names = {e.name for an in batch for e in an.entities}
        return alerts.on_stored(cur, [(an.article.id, _evs(an)) for an in batch], names)

    assert run(_steady(T0, 12, timedelta(hours=1))) == []
    planned = analysis(100, at=T0 + timedelta(hours=11), events=[
        {"type": "CONSULT", "src": "JPN", "tgt": "CHN", "modality": "planned"},
        {"type": "THREATEN", "src": "CHN", "tgt": "TWN"},
        {"type": "THREATEN", "src": "CHN", "tgt": "USA"}])
    fired = run([planned])
    assert [(a["rule"], a["idx"]) for a in fired] == [("force", 1)]
    cancelled = analysis(101, at=T0 + timedelta(hours=11, minutes=5), events=[
        {"type": "CONSULT", "src": ("Japan", "JPN"), "tgt": ("China", "CHN"),
         "modality": "cancelled"}])
    fired = run([cancelled])
    assert [a["rule"] for a in fired] == ["visit-off"]
    assert fired[0]["planned"]["article_id"] == planned.article.id
    burst = [analysis(200 + k, at=T0 + timedelta(hours=11, minutes=k),
                      entities=[("Kinmen", "TWN", 1)]) for k in range(6)]
    fired = run(burst)
    assert [(a["rule"], a["subject"]) for a in fired] == [("spike", "Kinmen")]
    assert fired[0]["z"] >= 4
    # the same alerts are never fired twice
    assert alerts.on_stored(cur, [(planned.article.id, _evs(planned))], {"Kinmen"}) == []
    listed = stored(cur)
    assert sorted(a["rule"] for a in listed) == ["force", "spike", "visit-off"]
    assert [a["rule"] for a in stored(cur, kind="spike")] == ["spike"]
    deadline = time.monotonic() + 5
    while len(got) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(a["rule"] for a in got) == ["force", "spike", "visit-off"]
    cur.close()


def test_bad_rule_files_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {name: x, kind: telepathy}\n", encoding="utf-8")
    with pytest.raises(RuleError):
        load_config(bad)
    bad.write_text("rules:\n  - {name: x, between: [CHN]}\n", encoding="utf-8")
    with pytest.raises(RuleError):
        load_config(bad)
    assert {r["kind"] for r in load_config()["rules"]} == {"event", "spike", "lifecycle"}


def test_an_archive_loaded_at_once_does_not_flood(store: Store) -> None:
    old = [analysis(3000 + k, at=T0 - timedelta(days=400 + k), entities=[("Kinmen", "TWN", 1)])
           for k in range(5)]
    now = [analysis(3100 + k, at=T0 + timedelta(minutes=k),
                    entities=[(f"Place {k % 3}", "TWN", 1)]) for k in range(12)]
    store.write(old + now)
    cur = store.reader.cursor()
    assert trends.spikes(cur, min_support=1) == {"trends": [], "window": None}
    cur.close()
