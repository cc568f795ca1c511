"""What the broker tests share: the service side wired as `wirewatch serve --broker` wires it,
and waiting with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wirewatch.engine.distributed import AnalysisConsumer, writer_sink
from wirewatch.engine.local import LocalEngine, no_analysis
from wirewatch.model import Analysis
from wirewatch.sources.broker import BrokerSettings


class ServiceSide:
    """LocalEngine (the store and its one writer thread) + AnalysisConsumer, exactly as
    serve/app.py's run_service wires them for --broker.

    `kb=True`: the engine keeps the actor KB, as the service's does (it learns from stored
    batches and the consumer publishes it to the workers); it still analyses nothing itself.
    """

    def __init__(self, settings: BrokerSettings, data_dir: Path, *, kb: bool = False) -> None:
        self.engine = (LocalEngine(data_dir, workers=0, analyzer=no_analysis) if kb
                       else LocalEngine(data_dir, workers=0, analyze=False))
        self.stored: list[Analysis] = []
        self.engine.on_stored.append(self.stored.extend)
        self.consumer = AnalysisConsumer(settings, writer_sink(self.engine))

    def __enter__(self) -> ServiceSide:
        self.consumer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.consumer.stop()
        self.engine.close()

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        cur = self.engine.store.reader.cursor()
        try:
            return cur.execute(query).fetchall()
        finally:
            cur.close()

    def count(self, table: str) -> int:
        return int(self.sql(f"SELECT count(*) FROM {table}")[0][0])


def wait_for(condition: Callable[[], bool], timeout: float, what: str,
             interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)
