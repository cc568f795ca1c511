"""A real HTTP server on 127.0.0.1 for tests: a free port, and an app served on it in a
thread (stopped after)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(app: Any) -> Iterator[str]:
    """`app` served by uvicorn on 127.0.0.1 until the block ends; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def stop(proc: subprocess.Popen) -> None:
    """Stop a `wirewatch serve` subprocess as a user would (Ctrl-C), killing it if it hangs."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@contextmanager
def running(httpd: Any) -> Iterator[Any]:
    """A stdlib `ThreadingHTTPServer` serving in a thread until the block ends."""
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def reply(handler: Any, status: int, body: bytes, content_type: str) -> None:
    """Send one whole response from a `BaseHTTPRequestHandler`."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def serve_process(data: Path, port: int, *args: str, log: IO[bytes] | None = None,
                  env: dict[str, str] | None = None) -> subprocess.Popen:
    """`wirewatch serve` started as a user starts it, on 127.0.0.1:`port` (its output to `log`,
    else discarded)."""
    return subprocess.Popen(
        [sys.executable, "-m", "wirewatch.cli", "serve", "--data", str(data),
         "--port", str(port), *args],
        stdout=log if log is not None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
        env={**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"})


def wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 90,
                 ready: Callable[[], bool] = lambda: True) -> None:
    """Until `base`/health answers 200 and `ready()` holds; fails if the service exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready() and httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, "the service exited"
        time.sleep(0.1)
    raise AssertionError(f"{base}/health did not answer within {timeout} s")
