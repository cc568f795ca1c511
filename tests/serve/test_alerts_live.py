"""Alerts end to end: real spaCy analysis, real store, the HTTP app, SSE and a real webhook
receiver on 127.0.0.1 — a posted article about China threatening Taiwan fires the default
rule on /stream, lands in GET /alerts and at the webhook; a planned visit then reported
cancelled fires the lifecycle rule."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from fastapi.testclient import TestClient

from wirewatch.analytics.alerts import Alerts
from wirewatch.engine.local import LocalEngine
from wirewatch.serve.app import IngestWorker, create_app

TOKEN = "t"
H = {"Authorization": f"Bearer {TOKEN}"}
THREAT = {"url": "https://example.com/threat", "title": "China threatens Taiwan",
          "text": "China threatened Taiwan on Monday. Chinese warplanes attacked Taiwanese "
                  "positions near Kinmen, the Taiwanese defence ministry said. A planned visit "
                  "by the Japanese foreign minister to Beijing was announced."}
CANCEL = {"url": "https://example.com/cancel", "title": "Visit off",
          "text": "Japan cancelled the foreign minister's visit to China, officials said on "
                  "Tuesday."}


class _Hook(BaseHTTPRequestHandler):
    got: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        type(self).got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_alerts_on_stream_in_store_and_at_webhook(tmp_path: Path) -> None:
    _Hook.got = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    engine = LocalEngine(tmp_path / "data", workers=0)  # real spaCy analysis, in-process
    worker = IngestWorker(engine)
    alerts = Alerts.from_config(webhook=f"http://127.0.0.1:{server.server_port}/a")
    app = create_app(engine, worker, on_start=worker.start, on_stop=worker.stop, token=TOKEN,
                     alerts=alerts)
    seen: list[dict] = []
    try:
        with TestClient(app) as client:
            def post_later() -> None:
                time.sleep(0.5)
                assert client.post("/articles", json=THREAT, headers=H).status_code == 202
                assert client.post("/articles", json=CANCEL, headers=H).status_code == 202

            with client.stream("GET", "/stream", params={"heartbeat": 0.5}) as resp:
                start, event = time.monotonic(), None
                for line in resp.iter_lines():
                    if line.startswith(": connected"):  # subscribed: now post (on a loaded
                        # machine a fixed delay could post before the stream listens)
                        threading.Thread(target=post_later, daemon=True).start()
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event == "alert":
                        seen.append(json.loads(line[5:]))
                    rules = {a["rule"] for a in seen}
                    if {"china-taiwan-force", "planned-visit-cancelled"} <= rules:
                        break
                    if time.monotonic() - start > 60:
                        break
            rules = {a["rule"] for a in seen}
            assert {"china-taiwan-force", "planned-visit-cancelled"} <= rules, seen
            force = next(a for a in seen if a["rule"] == "china-taiwan-force")
            assert force["type"] in ("THREATEN", "ASSAULT") and "CHN" in (
                force["source"] + force["target"])
            listed = client.get("/alerts").json()
            assert {a["id"] for a in listed["alerts"]} == {a["id"] for a in seen}
            # the same article again: stored once, no new alert
            assert client.post("/articles", json=THREAT, headers=H).status_code == 202
            time.sleep(1.0)
            assert client.get("/alerts").json()["count"] == listed["count"]
            deadline = time.monotonic() + 5
            while len(_Hook.got) < len(seen) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert {a["id"] for a in _Hook.got} == {a["id"] for a in seen}
            assert 'wirewatch_alerts_fired_total' in client.get("/metrics").text
    finally:
        server.shutdown()
        server.server_close()
        engine.close()
