"""Every setting once: name, default, environment variable, help.

Why one table: the CLI, the Python API, the engine and the service used to repeat defaults
(`workers=2`, 900 s, body and SQL limits) and read environment variables at three depths. Here
each setting is one field of `Settings` with its default and help; `Settings.from_env()` is
the one place that reads the environment; `docs/settings.md` documents the same table and
`tests/test_config.py` fails when the two disagree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


def _setting(default: Any, help: str, env: str | None = None) -> Any:  # noqa: A002
    return field(default=default, metadata={"help": help, "env": env})


@dataclass(frozen=True)
class Settings:
    """The settings of one Wirewatch process (store, engine, service)."""

    data_dir: Path = _setting(Path("./wirewatch-data"), "Data directory (the store).",
                              "WIREWATCH_DATA")
    workers: int = _setting(2, "Analysis worker processes (0: analyse in-process).",
                            "WIREWATCH_WORKERS")
    batch_size: int = _setting(256, "Articles per inbox append and store transaction.")
    host: str = _setting("127.0.0.1", "Address the service binds.")
    port: int = _setting(8000, "Port the service listens on.", "WIREWATCH_PORT")
    feeds: Path | None = _setting(None, "OPML list of feeds to poll (default: the packaged "
                                        "list).")
    poll_feeds: bool = _setting(True, "Poll the feeds.")
    poll_interval: float = _setting(900.0, "Seconds between feed polls.")
    allow_private: bool = _setting(False, "Allow feed URLs on private/loopback addresses.")
    load_samples: bool = _setting(True, "Load the sample articles into an empty store.")
    token: str | None = _setting(None, "Bearer token for POST /articles and /sql (default: "
                                       "<data>/token, created on first run).",
                                 "WIREWATCH_TOKEN")
    tokens: Path | None = _setting(None, "Token roles file: one `<role> <name> <token>` a line, "
                                         "role reader (reads, /sql), editor (+ corrections) or "
                                         "admin (+ pushes); default: <data>/tokens when "
                                         "present. `token` stays an admin token.",
                                   "WIREWATCH_TOKENS")
    max_queue: int = _setting(64, "Ingest jobs waiting for the intake thread; a push beyond "
                                  "it gets 429.")
    max_group: int = _setting(64, "Queued pushes merged into one ingest (group commit).")
    max_pending: int = _setting(100_000, "Articles acknowledged but not yet stored; a push "
                                         "beyond it gets 429 (back-pressure).")
    max_push: int = _setting(2_000, "Most articles one POST /articles may carry (413 "
                                     "beyond: split the batch).")
    max_body: int = _setting(8 * MIB, "Largest POST /articles body, in bytes (413 beyond).")
    body_timeout: float = _setting(30.0, "Seconds to receive a request body (408 beyond).")
    ack_timeout: float = _setting(60.0, "Seconds a push waits to be acknowledged (503 "
                                        "beyond).")
    sql_rows: int = _setting(10_000, "Most rows one /sql answer returns.")
    sql_timeout: float = _setting(5.0, "Seconds one /sql query may run (408 beyond).")
    sql_max_bytes: int = _setting(16 * MIB, "Largest /sql answer, in bytes (413 beyond).")
    sql_slots: int = _setting(2, "/sql queries running at once (503 beyond).")
    memory_limit: str = _setting("2GB", "DuckDB memory limit of the service.")
    alerts: Path | None = _setting(None, "Alert rules YAML (default: the packaged rules).",
                                   "WIREWATCH_ALERTS")
    alert_webhook: str | None = _setting(None, "POST each fired alert as JSON to this URL.",
                                         "WIREWATCH_ALERT_WEBHOOK")
    kb_topic: str = _setting("kb", "Broker topic (compacted, one partition) that carries the "
                                   "service's KB snapshot to the workers.",
                             "WIREWATCH_KB_TOPIC")
    kb_interval: float = _setting(10.0, "Seconds between KB snapshots the service publishes to "
                                        "the broker (only when the KB changed).",
                                  "WIREWATCH_KB_INTERVAL")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then `overrides` (e.g. CLI options that
        were given; None means "not given")."""
        values: dict[str, Any] = {}
        for name, raw in env_values(environ).items():
            values[name] = _convert(name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with `changes` (unknown names are an error, as in `dataclasses.replace`)."""
        return replace(self, **changes)


DEFAULTS = Settings()


def table() -> list[dict[str, Any]]:
    """Every setting as name, default, env and help (docs/settings.md shows this table)."""
    return [{"name": f.name, "default": f.default, "env": f.metadata["env"],
             "help": f.metadata["help"]} for f in fields(Settings)]


def env_values(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings given in the environment (raw text), by setting name."""
    env = os.environ if environ is None else environ
    out = {}
    for f in fields(Settings):
        var = f.metadata["env"]
        if var and env.get(var, "").strip():
            out[f.name] = env[var].strip()
    return out


def env_value(name: str) -> str | None:
    """One setting from the environment, or None (for code that has no Settings at hand)."""
    return env_values().get(name)


def _convert(name: str, raw: str) -> Any:
    kind = type(getattr(DEFAULTS, name))
    if name in ("data_dir", "feeds", "alerts", "tokens"):
        return Path(raw)
    if kind is bool:
        return raw.lower() in ("1", "true", "yes", "on")
    if kind in (int, float):
        try:
            return kind(raw)
        except ValueError as err:
            var = next(f.metadata["env"] for f in fields(Settings) if f.name == name)
            raise ValueError(f"${var}: expected a number, got {raw!r}") from err
    return raw
