"""Screenshots of the dashboard as a person sees it, at 1600×1000 and 1280×800, into docs/
(docs/dashboard-1600x1000.png, docs/dashboard-1280x800.png; described in docs/dashboard.md).

Why a script and not a test artefact: the pictures in the docs must come from a real run — a
real `wirewatch serve` on 127.0.0.1 with a fresh store filled with the sample articles through
the real pipeline, plus the canonical example pushed over HTTP — in Debian's Chromium (the
browser tests use the same one). Usage: `.venv/bin/python scripts/dashboard_screenshots.py
[--out docs]`.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "blinken-china-visit.txt"
CHROMIUM = "/usr/bin/chromium"
SIZES = [(1600, 1000), (1280, 800)]
TOKEN = "screenshot-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str, proc: subprocess.Popen[bytes], ready, timeout: float) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"wirewatch serve exited with {proc.returncode}")
        try:
            if ready(httpx.get(f"{base}/health", timeout=2).json()):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the service was not ready in {timeout:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="wirewatch-shots-") as tmp:
        log = (Path(tmp) / "serve.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "wirewatch.cli", "serve", "--data", str(Path(tmp) / "data"),
             "--port", str(port), "--no-feeds", "--workers", "1"],
            stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "WIREWATCH_TOKEN": TOKEN})
        try:
            _wait(base, proc, lambda h: h["articles"] > 0 and h["queue_depth"] == 0
                  and not (h.get("replay") or {}).get("running"), 240)
            r = httpx.post(f"{base}/articles", content=EXAMPLE.read_bytes(), timeout=60,
                           headers={"Authorization": f"Bearer {TOKEN}",
                                    "Content-Type": "text/plain"})
            r.raise_for_status()
            (art_id,) = r.json()["ids"]
            deadline = time.monotonic() + 60
            while httpx.get(f"{base}/articles/{art_id}", timeout=5).status_code != 200:
                if time.monotonic() > deadline:
                    raise SystemExit("the pushed example was never stored")
                time.sleep(0.3)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
                for w, h in SIZES:
                    page = browser.new_page(viewport={"width": w, "height": h})
                    page.goto(f"{base}/#article/{art_id}")
                    page.wait_for_selector("body[data-panels='1']", timeout=30_000)
                    page.wait_for_selector("#article .event-card", timeout=10_000)
                    page.wait_for_selector("#network .chart-area svg", timeout=10_000)
                    page.wait_for_timeout(500)  # the last redraw after the layout settled
                    path = args.out / f"dashboard-{w}x{h}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
                    page.close()
                browser.close()
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
            log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
