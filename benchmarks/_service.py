"""`wirewatch serve` as a subprocess on 127.0.0.1, for the service benchmarks: start it, wait
for its first `/health` 200, stop it (SIGINT, as Ctrl-C)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

WIREWATCH = Path(sys.executable).with_name("wirewatch")


def start(data: Path, port: int, workers: int, token: str) -> subprocess.Popen:
    """The service over `data` (no feeds, no samples), its token `token`."""
    return subprocess.Popen(
        [str(WIREWATCH), "serve", "--data", str(data), "--port", str(port), "--no-feeds",
         "--no-samples", "--workers", str(workers)],
        env={**os.environ, "WIREWATCH_TOKEN": token},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def first_health(base: str, proc: subprocess.Popen, started: float, timeout: float = 120.0
                 ) -> tuple[float, dict[str, Any]]:
    """Seconds from `started` (a perf_counter) to the first `/health` 200, and its body."""
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the service exited with {proc.returncode}")
        try:
            r = httpx.get(f"{base}/health", timeout=5)
            if r.status_code == 200:
                return time.perf_counter() - started, r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise SystemExit("no /health answer in time")


def stop(proc: subprocess.Popen, timeout: float = 120.0) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running(data: Path, port: int, workers: int, token: str) -> Iterator[str]:
    """The service, up (answering /health) for the block; yields its base URL."""
    proc = start(data, port, workers, token)
    try:
        base = f"http://127.0.0.1:{port}"
        first_health(base, proc, time.perf_counter())
        yield base
    finally:
        stop(proc)
