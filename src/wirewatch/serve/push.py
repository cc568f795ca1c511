"""Push path, auth, read-only SQL and metrics for the HTTP API.

Why a separate module: app.py wires routes; the rules that decide what is accepted (token,
size, content type, SQL guard) live here so tests and the CLI can reuse them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

TOKEN_ENV = "WIREWATCH_TOKEN"
MAX_BODY = 8 * 1024 * 1024

JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")
TEXT_TYPES = ("text/plain", "text/html", "application/xhtml+xml")


def load_token(data_dir: Path, log: Any = None) -> str:
    """Token from $WIREWATCH_TOKEN, else <data>/token, else a new one written 0600 and logged once."""
    env = os.environ.get(TOKEN_ENV)
    if env:
        return env.strip()
    path = Path(data_dir) / "token"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    if log is not None:
        log.warning("generated API token (stored in %s): %s", path, token)
    return token


_SQL_START = re.compile(r"^\s*(select|with|explain|describe|show|from|summarize)\b", re.I)
_SQL_FORBIDDEN = re.compile(
    r"\b(copy|attach|detach|install|load|pragma|set|reset|insert|update|delete|create|drop|"
    r"alter|export|import|checkpoint|call|vacuum|use|begin|commit|rollback|"
    r"read_\w+|glob|parquet_\w+|sniff_csv|httpfs|getenv|"
    r"duckdb_secrets|query_table|query)\b", re.I)


def _strip_literals(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def check_sql(sql: str) -> str | None:
    """Why a reject reason rather than trusting DuckDB alone: one SELECT-like statement, no
    writes, no file/remote readers. Returns None when allowed, else the reason."""
    bare = _strip_literals(sql).strip().rstrip(";").strip()
    if not bare:
        return "empty query"
    if ";" in bare:
        return "only one statement is allowed"
    if not _SQL_START.match(bare):
        return "only SELECT/WITH/EXPLAIN/DESCRIBE/SHOW are allowed"
    m = _SQL_FORBIDDEN.search(bare)
    if m:
        return f"{m.group(0)!r} is not allowed"
    # a quoted string in FROM position is a file read (SELECT * FROM 'x.csv')
    if re.search(r"\b(from|join)\s*(\(\s*)?''", bare, re.I):
        return "reading files is not allowed"
    return None


# Table functions and scalar functions that reach files, the network, settings or other
# databases; checked against DuckDB's own parse tree (json_serialize_sql), so spelling tricks
# (quoting, case, comments) that fool a regex do not help.
_FORBIDDEN_FUNCTIONS = re.compile(
    r"^(read_\w+|.*_scan|glob|sniff_csv|parquet_\w+|getenv|current_setting|duckdb_\w+|"
    r"query|query_table|load|install|iceberg_\w+|delta_\w+|json_execute_serialized_sql|"
    r"pragma_\w+|which_secret|enable_\w+|disable_\w+|checkpoint|force_checkpoint|"
    r"sqlite_\w+|postgres_\w+|mysql_\w+|http\w*|test_\w+|icu_\w+|summary)$", re.I)


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def check_sql_ast(sql: str) -> str | None:
    """Second guard, on DuckDB's parse tree: exactly one SELECT; no file/network/system
    function; every table a plain name (a path like '/etc/passwd' or 'x.csv' is a file read).
    Returns None when allowed, else the reason."""
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        return f"syntax error: {str(err).splitlines()[0][:200]}"
    if len(statements) != 1:
        return "only one statement is allowed"
    if statements[0].type == duckdb.StatementType.EXPLAIN:
        inner = re.sub(r"^\s*explain\s+(analy[sz]e\s+)?", "", sql, flags=re.I)
        return check_sql_ast(inner) if inner != sql else "only SELECT/WITH queries are allowed"
    if statements[0].type != duckdb.StatementType.SELECT:
        return "only SELECT/WITH queries are allowed"
    con = duckdb.connect(":memory:")
    try:
        text = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()[0][0]
    finally:
        con.close()
    tree = json.loads(text)
    if tree.get("error"):
        return f"not a plain SELECT: {tree.get('error_message', '')[:200]}"
    for node in _walk(tree):
        name = node.get("function_name")
        if isinstance(name, str) and _FORBIDDEN_FUNCTIONS.match(name):
            return f"function {name!r} is not allowed"
        if node.get("type") == "BASE_TABLE":
            table = str(node.get("table_name", ""))
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", table) or node.get("catalog_name"):
                return f"table {table!r} is not allowed (only the store's tables)"
        if node.get("type") == "TABLE_FUNCTION" and not isinstance(name, str):
            fn = node.get("function", {})
            fname = fn.get("function_name") if isinstance(fn, dict) else None
            if isinstance(fname, str) and _FORBIDDEN_FUNCTIONS.match(fname):
                return f"function {fname!r} is not allowed"
    return None


def run_sql(con: Any, sql: str, max_rows: int, timeout: float) -> tuple[list[str], list[list[Any]],
                                                                         bool]:
    """Run on its own cursor; a timer interrupts it after `timeout` seconds. Python
    replacement scans are off on that cursor, so a name never resolves to a Python object."""
    cur = con.cursor()  # Queries.cursor(): a fresh connection to the same database
    timer = threading.Timer(timeout, cur.interrupt)
    timer.start()
    try:
        cur.execute("SET python_enable_replacements = false")
        res = cur.execute(sql)
        cols = [d[0] for d in (res.description or [])]
        rows = res.fetchmany(max_rows + 1)
        return cols, [list(r) for r in rows[:max_rows]], len(rows) > max_rows
    finally:
        timer.cancel()
        cur.close()


class Metrics:
    """Counters and a latency histogram rendered as Prometheus text (no extra dependency)."""

    BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted = 0
        self.stored = 0
        self.events = 0
        self.rejects: Counter[str] = Counter()
        self.http_errors: Counter[int] = Counter()  # 4xx answers by status
        self.alerts = 0
        self.hist = [0] * (len(self.BUCKETS) + 1)
        self.lat_sum = 0.0
        self.lat_n = 0
        self.started = time.time()

    def observe(self, seconds: float) -> None:
        with self.lock:
            self.lat_sum += seconds
            self.lat_n += 1
            for i, b in enumerate(self.BUCKETS):
                if seconds <= b:
                    self.hist[i] += 1
                    break
            else:
                self.hist[-1] += 1

    def render(self, queue_depth: int, stored_rejects: dict[str, int]) -> str:
        with self.lock:
            up = max(1e-9, time.time() - self.started)
            lines = [
                "# TYPE wirewatch_articles_accepted_total counter",
                f"wirewatch_articles_accepted_total {self.accepted}",
                "# TYPE wirewatch_articles_stored_total counter",
                f"wirewatch_articles_stored_total {self.stored}",
                "# TYPE wirewatch_events_stored_total counter",
                f"wirewatch_events_stored_total {self.events}",
                "# TYPE wirewatch_ingest_rate gauge",
                f"wirewatch_ingest_rate {self.stored / up:.4f}",
                "# TYPE wirewatch_queue_depth gauge",
                f"wirewatch_queue_depth {queue_depth}",
                "# TYPE wirewatch_analysis_latency_seconds histogram",
            ]
            cum = 0
            for b, n in zip(self.BUCKETS, self.hist, strict=False):
                cum += n
                lines.append(f'wirewatch_analysis_latency_seconds_bucket{{le="{b}"}} {cum}')
            lines.append(f'wirewatch_analysis_latency_seconds_bucket{{le="+Inf"}} {self.lat_n}')
            lines.append(f"wirewatch_analysis_latency_seconds_sum {self.lat_sum:.6f}")
            lines.append(f"wirewatch_analysis_latency_seconds_count {self.lat_n}")
            lines.append("# TYPE wirewatch_alerts_fired_total counter")
            lines.append(f"wirewatch_alerts_fired_total {self.alerts}")
            lines.append("# TYPE wirewatch_http_rejects_total counter")
            for status, n in sorted(self.http_errors.items()):
                lines.append(f'wirewatch_http_rejects_total{{status="{status}"}} {n}')
            lines.append("# TYPE wirewatch_rejects_total counter")
            reasons = Counter(stored_rejects)
            for reason, n in sorted(reasons.items()):
                lines.append(f'wirewatch_rejects_total{{reason="{reason}"}} {n}')
        return "\n".join(lines) + "\n"


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"
