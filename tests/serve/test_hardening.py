"""Bad requests get a clear 4xx (never a 5xx), /sql cannot write or read files, /metrics is
Prometheus text with the service's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wirewatch import queries as Q  # noqa: N812
from wirewatch.engine.local import LocalEngine
from wirewatch.serve.app import IngestWorker, create_app
from wirewatch.serve.sql import check_sql, check_sql_ast

TOKEN = "s3cret"
H = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def client(tmp_path: Path):  # noqa: ANN201
    engine = LocalEngine(tmp_path / "data", workers=0, analyze=False)
    worker = IngestWorker(engine, max_queue=8)
    app = create_app(engine, worker, on_start=worker.start, on_stop=worker.stop, token=TOKEN,
                     max_body=16 * 1024, sql_timeout=1.0)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    engine.close()


def _chunks(n: int):  # noqa: ANN202
    for _ in range(n):
        yield b"x" * 1024


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": {"url": "https://e.com/1", "text": "x"}}, 401),  # no token
    ({"json": {"url": "https://e.com/1", "text": "x"},
      "headers": {"Authorization": "Basic dXNlcjpwYXNz"}}, 401),  # wrong scheme
    ({"json": {"url": "https://e.com/1", "text": "x"},
      "headers": {"Authorization": "Bearer wrong"}}, 401),
    ({"content": b"[" * 50_00 + b"]" * 50_00,
      "headers": {**H, "Content-Type": "application/json"}}, 400),  # absurd nesting
    ({"content": b"\xff\xfe{", "headers": {**H, "Content-Type": "application/json"}}, 400),
    ({"content": b'{"a": 1', "headers": {**H, "Content-Type": "application/json"}}, 400),
    ({"content": b"<x/>", "headers": {**H, "Content-Type": "image/png"}}, 415),
    ({"content": b"hello", "headers": {**H}}, 415),  # no content type
    ({"content": _chunks(40), "headers": {**H, "Content-Type": "text/plain"}}, 413),  # chunked
    ({"content": b"x" * 20_000, "headers": {**H, "Content-Type": "text/plain"}}, 413),
    ({"content": b"   ", "headers": {**H, "Content-Type": "text/plain"}}, 400),
    ({"json": "just a string", "headers": H}, 422),
])
def test_bad_posts_are_clear_4xx(client: TestClient, kwargs: dict, status: int) -> None:
    r = client.post("/articles", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


@pytest.mark.parametrize(("path", "params"), [
    ("/events", {"limit": 0}), ("/trends", {"dim": "weather"}), ("/dyads", {"level": "x"}),
    ("/graph", {"top": "many"}), ("/windows", {"grain": "week"}), ("/alerts", {"kind": "x"}),
    ("/geo", {"limit": -1}), ("/articles", {"offset": -5}), ("/windows", {"since": "soon"}),
    ("/alerts", {"since": "yesterday"}), ("/windows", {"dim": "entity", "key": "x" * 3000}),
])
def test_bad_read_parameters_are_4xx(client: TestClient, path: str, params: dict) -> None:
    r = client.get(path, params=params)
    assert 400 <= r.status_code < 500, (path, r.status_code, r.text)


@pytest.mark.parametrize("sql", [
    'SELECT * FROM "/etc/passwd"', "SELECT * FROM read_text($$/etc/hostname$$)",
    "SELECT getenv('HOME')", "SELECT * FROM duckdb_settings()",
    "SELECT current_setting('threads')", "EXPLAIN ANALYZE SELECT * FROM read_blob('/etc/hosts')",
    "SELECT * FROM sqlite_scan('/tmp/x.db', 't')", "UPDATE articles SET title = 'x'",
    "SELECT * FROM other_db.main.articles", "CREATE TABLE x AS SELECT 1",
])
def test_sql_cannot_write_or_read_files(client: TestClient, sql: str) -> None:
    r = client.get("/sql", params={"q": sql}, headers=H)
    assert 400 <= r.status_code < 500, (sql, r.status_code, r.text)
    assert check_sql(sql) or check_sql_ast(sql, frozenset({"articles"}))


def test_sql_allows_reads_and_enforces_limits(client: TestClient) -> None:
    ok = client.get("/sql", params={"q": "SELECT count(*) AS n FROM agg_windows"}, headers=H)
    assert ok.status_code == 200 and ok.json()["columns"] == ["n"]
    assert client.get("/sql", params={"q": "DESCRIBE articles"}, headers=H).status_code == 200
    # a Python variable name must not resolve to a Python object (replacement scans off)
    r = client.get("/sql", params={"q": "SELECT * FROM timer"}, headers=H)
    assert r.status_code == 400
    slow = client.get("/sql", params={
        "q": "SELECT count(*) FROM range(100000000000) a, range(10) b"}, headers=H)
    assert slow.status_code == 408, slow.text


def test_metrics_are_prometheus_text(client: TestClient) -> None:
    client.post("/articles", json={"url": "https://e.com/1", "text": "x"})  # 401
    client.get("/events", params={"limit": 0})  # 422
    r = client.get("/metrics")
    assert r.headers["content-type"].startswith("text/plain")
    text = r.text
    for name in ("wirewatch_ingest_rate", "wirewatch_queue_depth",
                 "wirewatch_analysis_latency_seconds_bucket", "wirewatch_alerts_fired_total"):
        assert f"\n{name}" in "\n" + text
    assert 'wirewatch_http_rejects_total{status="401"} 1' in text
    assert 'wirewatch_http_rejects_total{status="422"} 1' in text


def test_queued_pushes_are_stored_once_as_one_group(tmp_path: Path) -> None:
    import threading
    import time

    from wirewatch.model import Article
    from wirewatch.serve.app import PushJob

    engine = LocalEngine(tmp_path / "g", workers=0, analyze=False)
    worker = IngestWorker(engine, max_queue=16)
    sizes: list[int] = []
    engine.on_ack.append(lambda batch: sizes.append(len(batch)))
    worker.start()
    gate = threading.Event()
    worker.submit(lambda: gate.wait(10))  # hold the ingest thread while pushes queue up
    jobs = [PushJob([Article(id=f"g{i % 5}", body="Officials met in Taipei. " * 5,
                             url=f"https://e.com/g{i % 5}", title=f"Group {i % 5}")], [])
            for i in range(8)]  # 5 articles, 3 of them pushed twice
    assert all(worker.try_submit(j) for j in jobs)
    gate.set()
    assert all(j.done.wait(20) for j in jobs) and not any(j.error for j in jobs)
    deadline = time.monotonic() + 10
    while engine.store.reader.read(Q.counts.counts)["articles"] < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    assert engine.store.reader.read(Q.counts.counts)["articles"] == 5
    assert sizes == [5]  # one inbox append (one fsync, one transaction) for the whole group
    engine.close()
