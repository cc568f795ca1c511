"""Reading a store while `wirewatch serve` owns it: through the running service.

Why: DuckDB lets one process hold a store file, so `wirewatch articles` next to a running
service used to stop at "the store is in use by another process". The service already reads
the store for its HTTP API, so the CLI asks it: the service announces its address in
`<data>/service.json` while it runs (`announce`/`withdraw`), and `Remote` — the read side of
`api.Wirewatch` (`read`, `resolve`, `article`) — sends each `wirewatch.queries` call to the
service's `POST /read` (serve/routes/read.py), which runs the same function on its own cursor.
Values travel tagged (`encode`/`decode`: datetimes, dates, decimals… come back as the same
Python values), so a command prints exactly what it prints when it opens the store itself.
"""

from __future__ import annotations

import base64
import inspect
import json
import os
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from wirewatch.store.inbox import PRIVATE_FILE
from wirewatch.store.reader import Rows

SERVICE_FILE = "service.json"
_TAG = "__ww__"


# -- the service's address ---------------------------------------------------------------------

def announce(data_dir: str | Path, host: str, port: int) -> Path:
    """Write `<data>/service.json` (address and process id) for CLI commands to find."""
    if host in ("0.0.0.0", "::", ""):  # listening everywhere: reach it on loopback
        host = "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    path = Path(data_dir) / SERVICE_FILE
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"url": f"http://{host}:{port}", "pid": os.getpid()}, fh)
    os.replace(tmp, path)
    return path


def withdraw(data_dir: str | Path) -> None:
    """Remove `<data>/service.json` if this process wrote it."""
    path = Path(data_dir) / SERVICE_FILE
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def find(data_dir: str | Path) -> Remote | None:
    """The service that owns the store in `data_dir`, if one announced itself and is alive."""
    path = Path(data_dir) / SERVICE_FILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)  # raises when that process is gone
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Remote(str(info["url"]), read_token(data_dir))


def read_token(data_dir: str | Path) -> str | None:
    """The token a local client presents to the service of `data_dir`: $WIREWATCH_TOKEN, else
    <data>/token, else None (never creates one)."""
    from wirewatch.config import env_value

    given = env_value("token")
    if given:
        return given.strip()
    try:
        return (Path(data_dir) / "token").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


# -- tagged values -----------------------------------------------------------------------------

def encode(value: Any) -> Any:
    """`value` as JSON, with the types JSON lacks tagged so `decode` restores them."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, datetime):
        return {_TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {_TAG: "date", "v": value.isoformat()}
    if isinstance(value, time):
        return {_TAG: "time", "v": value.isoformat()}
    if isinstance(value, timedelta):
        return {_TAG: "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, Decimal):
        return {_TAG: "decimal", "v": str(value)}
    if isinstance(value, uuid.UUID):
        return {_TAG: "uuid", "v": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {_TAG: "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if hasattr(value, "item") and hasattr(value, "dtype"):  # numpy
        return encode(value.item() if getattr(value, "ndim", 0) == 0 else value.tolist())
    return str(value)


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "datetime": datetime.fromisoformat, "date": date.fromisoformat, "time": time.fromisoformat,
    "timedelta": lambda v: timedelta(days=v[0], seconds=v[1], microseconds=v[2]),
    "decimal": Decimal, "uuid": uuid.UUID, "bytes": base64.b64decode,
}


def decode(value: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        tag = value.get(_TAG)
        if isinstance(tag, str) and tag in _DECODERS and set(value) == {_TAG, "v"}:
            return _DECODERS[tag](value["v"])
        return {k: decode(v) for k, v in value.items()}
    return value


def encode_result(result: Any) -> dict[str, Any]:
    """A query's result for the wire: the value, and the columns when it is `Rows`."""
    return {"value": encode(result),
            "columns": result.columns if isinstance(result, Rows) else None}


def decode_result(body: dict[str, Any]) -> Any:
    value = decode(body["value"])
    return Rows(value, body["columns"]) if body.get("columns") is not None else value


# -- which functions may be asked ------------------------------------------------------------

def query_function(name: str) -> Callable[..., Any] | None:
    """`"articles.articles"` → that public function of a `wirewatch.queries` module (taking
    the cursor first), else None: the service runs nothing else on a client's say-so."""
    from wirewatch import queries

    module_name, _, fn_name = name.partition(".")
    module = getattr(queries, module_name, None)
    if not isinstance(module, ModuleType) or module_name not in queries.__all__ \
            or fn_name.startswith("_"):
        return None
    fn = getattr(module, fn_name, None)
    if not inspect.isfunction(fn) or fn.__module__ != module.__name__:
        return None
    params = list(inspect.signature(fn).parameters)
    return fn if params and params[0] in ("cur", "cursor", "con") else None


def query_name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"


# -- the client --------------------------------------------------------------------------------

class _RemoteSearch:
    """Stands for the keyword index in `read(..., search=ww.store.reader.search)`: the
    service uses its own."""


class _RemoteStore:
    class reader:  # noqa: N801 - mirrors `Store.reader.search`
        search = _RemoteSearch()


class Remote:
    """The read side of `api.Wirewatch`, answered by the service that owns the store."""

    store = _RemoteStore()

    def __init__(self, url: str, token: str | None, timeout: float = 60.0) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.url = url
        self.http = httpx.Client(base_url=url, headers=headers, timeout=timeout)

    def read(self, query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`query(cursor, *args, **kwargs)` run by the service; its result as it comes."""
        kwargs = {k: v for k, v in kwargs.items() if not isinstance(v, _RemoteSearch)}
        r = self.http.post("/read", json={"query": query_name(query), "args": encode(list(args)),
                                          "kwargs": encode(kwargs)})
        if r.status_code == 400:  # the error the same call raises when run here
            from wirewatch.params import BadParameter

            body = r.json()
            if body.get("error") == "bad_parameter":
                raise BadParameter(body["name"], body["message"])
            raise ValueError(body.get("message") or body.get("detail") or r.text)
        r.raise_for_status()
        return decode_result(r.json())

    def resolve(self, table: str, key: str) -> str:
        from wirewatch import queries as Q  # noqa: N812

        return self.read(Q.articles.resolve, table, key)

    def article(self, article_id: str) -> dict[str, Any] | None:
        from wirewatch import queries as Q  # noqa: N812

        return self.read(Q.articles.article, self.resolve("articles", article_id))

    def ingest(self, data_dir: str | Path, paths: list[Path], parse_options: Any = None,
               max_bytes: int | None = None, progress: Callable[..., None] | None = None,
               poll: float = 0.5) -> Any:
        """Ingest files while this service owns the store: parse them here, skip the ids it
        has stored, append the rest to the store's durable inbox (the acknowledgement, as in
        the service's own intake; the inbox's flock makes a second appender safe), send the
        rejects to `POST /rejects`, then wait until the service has stored every article
        handed in. Its store loop looks at the inbox every `intake.POLL` seconds and stores
        what another process appended, in inbox order. Returns an `IngestSummary`; an article
        acknowledged but not stored when the service stops is stored at its next start."""
        import time as clock

        from wirewatch import queries as Q  # noqa: N812
        from wirewatch.engine.local import IngestSummary, read_paths
        from wirewatch.model import Reject
        from wirewatch.store.inbox import Inbox

        summary = IngestSummary()
        started = clock.perf_counter()
        seen: set[str] = set()
        handed: list[str] = []
        batch: list[Any] = []
        rejects: list[Reject] = []

        def report(detail: str = "") -> None:
            summary.elapsed = clock.perf_counter() - started
            if progress is not None:
                progress(summary.processed, detail, summary=summary)

        def hand_in(inbox: Inbox) -> None:
            fresh = []
            for article in batch:
                if article.id in seen:
                    summary.duplicates += 1
                else:
                    seen.add(article.id)
                    fresh.append(article)
            batch.clear()
            stored = set(self.read(Q.articles.known, [a.id for a in fresh]))
            summary.duplicates += len(stored)
            fresh = [a for a in fresh if a.id not in stored]
            if fresh:
                inbox.append(fresh)
                handed.extend(a.id for a in fresh)
                summary.accepted += len(fresh)
            report("handed to the service")

        def send_rejects() -> None:
            if rejects:
                r = self.http.post("/rejects", json={"rejects": [
                    {"origin": x.origin, "reason": x.reason, "detail": x.detail}
                    for x in rejects]})
                r.raise_for_status()
                rejects.clear()

        inbox = Inbox(Path(data_dir) / "inbox")
        try:
            for item in read_paths(paths, parse_options, max_bytes):
                if isinstance(item, Reject):
                    rejects.append(item)
                    summary.rejected += 1
                    summary.reasons[item.reason] += 1
                    if len(rejects) >= 500:
                        send_rejects()
                    continue
                batch.append(item)
                if len(batch) >= 512:
                    hand_in(inbox)
            if batch:
                hand_in(inbox)
            send_rejects()
        finally:
            inbox.close()
        import httpx

        waiting = handed
        while waiting:
            try:
                stored = {i for k in range(0, len(waiting), 5000)
                          for i in self.read(Q.articles.known, waiting[k:k + 5000])}
            except httpx.HTTPError:  # the service stopped: what it acknowledged is durable
                report(f"the service stopped; {len(waiting):,} acknowledged articles are "
                       "stored at its next start")
                break
            waiting = [i for i in waiting if i not in stored]
            summary.stored = len(handed) - len(waiting)
            report(f"stored {summary.stored:,}/{len(handed):,}")
            if waiting:
                clock.sleep(poll)
        report()
        return summary

    def export(self, format: str, out: str | Path) -> Any:  # noqa: A002
        """`api.Wirewatch.export` through the service: the event formats streamed from
        `GET /export/events`, Parquet one table at a time from `GET /export/tables/{t}`;
        written here, so the files are the ones the store itself would give."""
        from wirewatch.exports import FORMATS, ExportSummary

        fmt, out = format.lower(), Path(out)
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {format!r}; choose one of "
                             f"{', '.join(FORMATS)}")
        if fmt == "parquet":
            out.mkdir(parents=True, exist_ok=True)
            r = self.http.get("/export/tables")
            r.raise_for_status()
            rows: dict[str, int] = {}
            for table in r.json()["tables"]:
                with self.http.stream("GET", f"/export/tables/{table}") as part, \
                        (out / f"{table}.parquet").open("wb") as f:
                    part.raise_for_status()
                    for chunk in part.iter_bytes():
                        f.write(chunk)
                    rows[table] = int(part.headers.get("x-rows", 0))
            return ExportSummary(fmt, out, rows)
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = 0
        with self.http.stream("GET", "/export/events", params={"format": fmt}) as r, \
                out.open("wb") as f:
            r.raise_for_status()
            for chunk in r.iter_bytes():
                f.write(chunk)
                lines += chunk.count(b"\n")
        return ExportSummary(fmt, out, {"events": lines})

    def close(self) -> None:
        self.http.close()

    def __getattr__(self, name: str) -> Any:
        """Anything else (feeds, rebuilds, reanalysis) needs the store itself."""
        if name.startswith("_"):
            raise AttributeError(name)
        from wirewatch.store.writer import StoreLocked

        raise StoreLocked(f"the store is in use by the running service at {self.url}; "
                          f"this command ({name}) needs the store itself: stop the service, "
                          "or use its HTTP API")

    def __enter__(self) -> Remote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
