"""The HTTP API over a real engine (store-only analysis): auth, push, limits, reads, SQL, SSE."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from _http import served
from wirewatch.engine.local import LocalEngine
from wirewatch.serve.app import IngestWorker, create_app
from wirewatch.serve.push import load_token
from wirewatch.serve.sql import check_sql, check_sql_ast
from wirewatch.store.writer import Store

TOKEN = "t0ken"
H = {"Authorization": f"Bearer {TOKEN}"}
BODY = ("Officials in Taipei said on Monday that talks with Washington would continue. "
        "The ministry added that more meetings were planned for next week. ") * 3


def _doc(i: int) -> dict[str, str]:
    return {"url": f"https://example.com/a/{i}", "title": f"Story {i}", "text": BODY,
            "outlet": "Example", "published": "2024-05-01T10:00:00Z"}


@pytest.fixture()
def api(tmp_path: Path):  # noqa: ANN201
    engine = LocalEngine(tmp_path / "data", workers=0, analyze=False)
    worker = IngestWorker(engine, max_queue=4)
    app = create_app(engine, worker, on_start=worker.start, on_stop=worker.stop, token=TOKEN,
                     max_body=64 * 1024)
    with TestClient(app) as client:
        yield client, engine, worker
    engine.close()


def test_auth_required(api) -> None:  # noqa: ANN001
    client, _, _ = api
    assert client.post("/articles", json=_doc(1)).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.post("/articles", json=_doc(1), headers=bad).status_code == 401
    assert client.get("/sql", params={"q": "SELECT 1"}).status_code == 401


def test_post_one_batch_and_html(api) -> None:  # noqa: ANN001
    client, engine, _ = api
    r = client.post("/articles", json=_doc(1), headers=H)
    assert r.status_code == 202, r.text
    (one,) = r.json()["ids"]
    r = client.post("/articles", json=[_doc(2), _doc(3)], headers=H)
    assert r.status_code == 202 and len(r.json()["ids"]) == 2
    html = f"<html><head><title>Html story</title></head><body><article><h1>Html story</h1>" \
           f"<p>{BODY}</p><p>{BODY}</p></article></body></html>"
    r = client.post("/articles", content=html, headers={**H, "Content-Type": "text/html"})
    assert r.status_code == 202, r.text
    # acked = in the inbox; stored shortly after
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and client.get("/health").json()["articles"] < 4:
        time.sleep(0.05)
    assert client.get("/health").json()["articles"] == 4
    assert client.get(f"/articles/{one}").json()["article"]["id"] == one
    # idempotent: posting again changes nothing
    assert client.post("/articles", json=_doc(1), headers=H).status_code == 202
    time.sleep(0.3)
    assert client.get("/health").json()["articles"] == 4


def test_bad_requests(api) -> None:  # noqa: ANN001
    client, _, _ = api
    big = {**_doc(9), "text": "x " * 40_000}
    assert client.post("/articles", json=big, headers=H).status_code == 413
    r = client.post("/articles", content=b"{not json",
                    headers={**H, "Content-Type": "application/json"})
    assert r.status_code == 400
    r = client.post("/articles", content=b"\x00\x01",
                    headers={**H, "Content-Type": "application/octet-stream"})
    assert r.status_code == 415
    assert client.post("/articles", json=[1, 2], headers=H).status_code == 422
    assert client.post("/articles", json={"nothing": "here"}, headers=H).status_code == 422


def test_queue_full_is_429(api) -> None:  # noqa: ANN001
    client, _, worker = api
    gate = threading.Event()
    worker.submit(lambda: gate.wait(10))  # occupy the writer
    for _ in range(4):
        worker.submit(lambda: None)
    try:
        r = client.post("/articles", json=_doc(5), headers=H)
        assert r.status_code == 429
        assert r.headers["Retry-After"]
    finally:
        gate.set()
    deadline = time.monotonic() + 10  # the writer drains the queue; a loaded machine is slow
    while worker.depth and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.post("/articles", json=_doc(5), headers=H).status_code == 202


@pytest.mark.parametrize("sql", [
    "DELETE FROM articles", "SELECT 1; DROP TABLE articles", "COPY articles TO '/tmp/x.csv'",
    "ATTACH '/tmp/x.db'", "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM '/etc/passwd'",
    "PRAGMA version", "SET threads = 1", "INSTALL httpfs", "SELECT * FROM glob('/*')",
    "WITH x AS (SELECT 1) SELECT * FROM read_text('/etc/hostname')",
])
def test_sql_rejected(api, sql: str) -> None:  # noqa: ANN001
    client, _, _ = api
    r = client.get("/sql", params={"q": sql}, headers=H)
    assert 400 <= r.status_code < 500, (sql, r.status_code)
    assert check_sql(sql) or check_sql_ast(sql, frozenset({"articles"}))


def test_sql_select_and_limit(api) -> None:  # noqa: ANN001
    client, _, _ = api
    r = client.get("/sql", params={"q": "SELECT range AS n FROM range(50)", "limit": 10},
                   headers=H)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["n"] and len(body["rows"]) == 10 and body["truncated"]
    r = client.get("/sql", params={"q": "SELECT 'read_csv; drop' AS s"}, headers=H)
    assert r.status_code == 200 and r.json()["rows"] == [["read_csv; drop"]]  # literal only
    r = client.get("/sql", params={"q": "SELEC 1"}, headers=H)
    assert r.status_code == 400


def test_read_endpoints(api) -> None:  # noqa: ANN001
    client, _, _ = api
    client.post("/articles", json=[_doc(i) for i in range(3)], headers=H)
    time.sleep(0.5)
    assert client.get("/articles", params={"q": "Story 1"}).json()["count"] == 1
    for path, params in [("/events", {"type": "consult", "source": "USA", "since": "2024-01-01"}),
                         ("/entities", {"q": "Taipei"}), ("/quotes", {"speaker": "x"}),
                         ("/dyads", {"level": "entity"}), ("/trends", {}), ("/graph", {}),
                         ("/geo", {}), ("/alerts", {})]:
        r = client.get(path, params=params)
        assert r.status_code == 200, (path, r.text)
    m = client.get("/metrics").text
    assert "wirewatch_queue_depth" in m and "wirewatch_analysis_latency_seconds_bucket" in m


def test_token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIREWATCH_TOKEN", raising=False)
    tok = load_token(tmp_path)
    assert (tmp_path / "token").stat().st_mode & 0o777 == 0o600
    assert load_token(tmp_path) == tok
    monkeypatch.setenv("WIREWATCH_TOKEN", "abc")
    assert load_token(tmp_path) == "abc"


def test_stream_delivers_posted_article(api) -> None:  # noqa: ANN001
    client, _, _ = api
    got: list[str] = []

    def post_later() -> None:
        time.sleep(0.5)
        client.post("/articles", json=_doc(42), headers=H)

    threading.Thread(target=post_later, daemon=True).start()
    with client.stream("GET", "/stream", params={"heartbeat": 0.2}) as resp:
        start = time.monotonic()
        for line in resp.iter_lines():
            got.append(line)
            if line.startswith("data:") and "Story 42" in line:
                break
            if time.monotonic() - start > 10:
                break
    data = [json.loads(x[5:]) for x in got if x.startswith("data:")]
    assert any(d.get("title") == "Story 42" for d in data)


def test_alert_rule_fires() -> None:
    from wirewatch.analytics.alerts import Alerts, load_rules
    alerts = Alerts(load_rules())
    ev = {"type": "THREATEN", "modality": "occurred", "source": [{"country": "CHN"}],
          "target": [{"country": "TWN"}]}
    fired = alerts.check("a1", ev)
    assert [a["rule"] for a in fired] == ["china-taiwan-force"]
    assert not alerts.check("a2", {**ev, "target": [{"country": "USA"}]})
    assert alerts.check("a3", {"type": "CONSULT", "modality": "cancelled"})[0]["rule"] \
        == "cancelled-plans"
    assert len(alerts.recent) == 2


def test_health_answers_while_the_inbox_replays(tmp_path: Path) -> None:
    """A service started over acknowledged, unstored records (what a crash leaves) answers
    /health, /metrics and pushes while the replay runs in the background, and in the end
    stores every record exactly once."""
    from wirewatch.engine.intake import Intake
    from wirewatch.model import Analysis, Article
    from wirewatch.store.inbox import Inbox

    data = tmp_path / "data"
    pending = [Article(id=f"r{i:03d}", url=f"https://example.com/r/{i}", title=f"Replayed {i}",
                       body=BODY) for i in range(30)]
    with Inbox(data / "inbox") as inbox:
        inbox.append(pending)
    gate = threading.Event()

    def held(articles: list[Article], kb: Any = None) -> list[Analysis]:
        gate.wait(60)  # analysis is slow: the replay cannot finish before the gate opens
        return [Analysis(article=a) for a in articles]

    engine = LocalEngine(data, workers=0, analyzer=held, replay_on_open=False, batch_size=10)
    intake = Intake(engine)
    app = create_app(engine, intake, on_start=intake.start, on_stop=intake.stop, token=TOKEN)
    try:
        with served(app) as base, httpx.Client(base_url=base, timeout=10) as http:
            health = http.get("/health")
            assert health.status_code == 200
            body = health.json()
            assert body["articles"] == 0 and body["replay"]["pending"] == 30
            assert "wirewatch_inbox_pending 30" in http.get("/metrics").text
            # a push during the replay is acknowledged (in the inbox), not held behind it
            r = http.post("/articles", json=_doc(7), headers=H)
            assert r.status_code == 202, r.text
            assert http.get("/health").json()["replay"]["pending"] == 31
            gate.set()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                body = http.get("/health").json()
                if body["replay"]["pending"] == 0 and body["articles"] == 31:
                    break
                time.sleep(0.05)
            assert body["articles"] == 31 and body["replay"]["replayed"] == 31, body
    finally:
        gate.set()
        engine.close()
    with Store(data) as store, store.reader.reading() as cur:
        assert cur.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() \
            == (31, 31)


def test_back_pressure_is_413_or_429_at_once(tmp_path: Path) -> None:
    """Too many articles in one push: 413 before parsing; a backlog (acknowledged, not yet
    stored) past max_pending: 429 + Retry-After — answered at once, never held; and what was
    acknowledged is stored exactly once when the store catches up."""
    from wirewatch.engine.intake import Intake
    from wirewatch.model import Analysis, Article

    gate = threading.Event()

    def held(articles: list[Article], kb: Any = None) -> list[Analysis]:
        gate.wait(60)
        return [Analysis(article=a) for a in articles]

    engine = LocalEngine(tmp_path / "data", workers=0, analyzer=held, replay_on_open=False)
    intake = Intake(engine, max_pending=3)
    app = create_app(engine, intake, on_start=intake.start, on_stop=intake.stop, token=TOKEN,
                     max_push=4, max_pending=3)
    try:
        with served(app) as base, httpx.Client(base_url=base, timeout=10) as http:
            too_many = http.post("/articles", json=[_doc(i) for i in range(5)], headers=H)
            assert too_many.status_code == 413 and "max_push" in too_many.text
            assert http.post("/articles", json=[_doc(1), _doc(2)], headers=H).status_code == 202
            full = http.post("/articles", json=[_doc(3), _doc(4)], headers=H)
            assert full.status_code == 429 and int(full.headers["Retry-After"]) >= 1
            assert http.post("/articles", json=_doc(3), headers=H).status_code == 202
            assert http.get("/health").json()["replay"]["pending"] == 3
            gate.set()
            deadline = time.monotonic() + 30
            while http.get("/health").json()["replay"]["pending"] and \
                    time.monotonic() < deadline:
                time.sleep(0.05)
            assert http.post("/articles", json=[_doc(3), _doc(4)], headers=H).status_code == 202
            while http.get("/health").json()["articles"] < 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert http.get("/health").json()["articles"] == 4
    finally:
        gate.set()
        engine.close()


def test_exports_over_http(api) -> None:  # noqa: ANN001
    """GET /export/…: the event files streamed, each table as Parquet, a reader token, and
    a clear 404/422 for what is not there; POST /rejects records refused inputs (admin)."""
    import io

    import pyarrow.parquet as pq

    client, engine, _ = api
    assert client.get("/export/tables").status_code == 401
    assert client.get("/export/events", params={"format": "gdelt"}).status_code == 401
    assert client.get("/export/events", params={"format": "csv"}, headers=H).status_code == 422
    assert client.get("/export/tables/nope", headers=H).status_code == 404
    tables = client.get("/export/tables", headers=H).json()["tables"]
    assert "articles" in tables and "events" in tables
    client.post("/articles", json=[_doc(i) for i in range(3)], headers=H)
    deadline = time.monotonic() + 30
    while engine.store.reader.read(lambda c: c.execute(
            "SELECT count(*) FROM articles").fetchone()[0]) < 3:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    r = client.get("/export/tables/articles", headers=H)
    assert r.status_code == 200 and r.headers["x-rows"] == "3"
    assert sorted(pq.read_table(io.BytesIO(r.content)).column("title").to_pylist()) == [
        "Story 0", "Story 1", "Story 2"]
    r = client.get("/export/events", params={"format": "plover"}, headers=H)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    assert all(json.loads(line) for line in r.text.splitlines())

    refused = [{"origin": "/tmp/x.bin", "reason": "binary", "detail": "NUL bytes"}]
    assert client.post("/rejects", json={"rejects": refused}).status_code == 401
    assert client.post("/rejects", json={"rejects": [{"origin": 1}]},
                       headers=H).status_code == 422
    assert client.post("/rejects", json={"rejects": refused}, headers=H).status_code == 202
    deadline = time.monotonic() + 10
    while not any(r["origin"] == "/tmp/x.bin" for r in client.get("/rejects").json()["rejects"]):
        assert time.monotonic() < deadline
        time.sleep(0.1)
