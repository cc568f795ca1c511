"""The /sql sandbox: read-only SQL over the store, with DuckDB itself refusing everything else.

Why three layers, and why this order (docs/api.md, "SQL sandbox"):
1. The service's DuckDB instance is locked down once at start (`lock_down`): no file system, no
   network, no extension loading, a memory limit, then `lock_configuration` so no query can undo
   it. DuckDB's settings are per database instance, and one process can hold a store file in
   one instance only, so the whole service runs locked (its writer needs no file access: rows
   arrive as registered Arrow tables). This layer holds whatever new function a DuckDB release
   adds, including those that take another function's name as a string.
2. The parse tree (DuckDB's own `json_serialize_sql`) is checked against allow-lists: one SELECT
   (or EXPLAIN/DESCRIBE/SUMMARIZE/SHOW TABLES); functions from `data/sql_functions.txt`; in FROM
   only the store's own tables and views, the query's CTEs and the listed table functions. The
   catalog and settings (pg_settings, information_schema, duckdb_settings()) are refused.
3. Bounded work: at most `slots` queries at once, an answer within the time limit even when
   DuckDB cannot be interrupted mid-expression (the query keeps its slot until it ends), a row
   limit and a byte limit on the answer.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import duckdb

from wirewatch.config import DEFAULTS
from wirewatch.serve.encode import jsonable

MAX_RESULT_BYTES = DEFAULTS.sql_max_bytes
MEMORY_LIMIT = DEFAULTS.memory_limit


class SqlRefused(Exception):
    """A query the sandbox will not run or could not finish; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def lock_down(con: duckdb.DuckDBPyConnection, memory_limit: str = MEMORY_LIMIT,
              threads: int | None = None) -> None:
    """Close the store's DuckDB instance to the outside world for good (see the module doc).
    Idempotent: a second call on a locked instance changes nothing."""
    if con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        return
    for stmt in ("SET GLOBAL python_enable_replacements = false",
                 "SET GLOBAL autoinstall_known_extensions = false",
                 "SET GLOBAL autoload_known_extensions = false",
                 "SET GLOBAL allow_community_extensions = false",
                 "SET GLOBAL enable_external_access = false",
                 f"SET GLOBAL memory_limit = '{_size(memory_limit)}'"):
        con.execute(stmt)
    if threads:
        con.execute(f"SET GLOBAL threads = {int(threads)}")
    con.execute("SET GLOBAL lock_configuration = true")


def _size(text: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", text.strip(), re.I):
        raise ValueError(f"not a memory size: {text!r} (e.g. 2GB)")
    return text.strip()


@cache
def allowed_functions() -> tuple[frozenset[str], frozenset[str]]:
    """(functions, table functions) from data/sql_functions.txt, lower-cased."""
    text = resources.files("wirewatch.data").joinpath("sql_functions.txt").read_text("utf-8")
    scalar: set[str] = set()
    table: set[str] = set()
    current = scalar
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[table]":
            current = table
            continue
        current.add(line.lower())
    return frozenset(scalar), frozenset(table)


_START = re.compile(r"^\s*(select|with|explain|describe|show|from|summarize|values|pivot|"
                    r"unpivot|\()", re.I)
_FORBIDDEN = re.compile(
    r"\b(copy|attach|detach|install|load|pragma|set|reset|insert|update|delete|create|drop|"
    r"alter|export|import|checkpoint|call|vacuum|use|begin|commit|rollback)\b", re.I)


def _strip_literals(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"\$\$.*?\$\$", "''", sql, flags=re.S)
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def check_sql(sql: str) -> str | None:
    """Cheap first look: one statement that reads, no statement keyword that writes. None when
    it may go on to the parse-tree check, else the reason."""
    bare = _strip_literals(sql).strip().rstrip(";").strip()
    if not bare:
        return "empty query"
    if ";" in bare:
        return "only one statement is allowed"
    if not _START.match(bare):
        return "only SELECT/WITH/EXPLAIN/DESCRIBE/SUMMARIZE/SHOW TABLES are allowed"
    m = _FORBIDDEN.search(bare)
    if m:
        return f"{m.group(0)!r} is not allowed"
    return None


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _cte_names(tree: Any) -> set[str]:
    names: set[str] = set()
    for node in _walk(tree):
        cte = node.get("cte_map")
        if isinstance(cte, dict):
            names.update(str(e.get("key", "")).lower() for e in cte.get("map", [])
                         if isinstance(e, dict))
    return names


def _unquote(name: str) -> str:
    return name.strip().strip('"').lower()


def check_sql_ast(sql: str, tables: set[str] | frozenset[str]) -> str | None:
    """The parse-tree check against the allow-lists; `tables` are the store's own tables and
    views (lower-case). None when allowed, else the reason."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        return f"syntax error: {str(err).splitlines()[0][:200]}"
    if len(statements) != 1:
        return "only one statement is allowed"
    if statements[0].type == duckdb.StatementType.EXPLAIN:
        inner = re.sub(r"^\s*explain\s+(analy[sz]e\s+)?", "", sql, flags=re.I)
        return check_sql_ast(inner, tables) if inner != sql else "only SELECT is allowed"
    if statements[0].type != duckdb.StatementType.SELECT:
        return "only SELECT/WITH queries are allowed"
    con = duckdb.connect(":memory:")
    try:
        text = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()[0][0]
    finally:
        con.close()
    tree = json.loads(text)
    if tree.get("error"):
        return f"not a plain SELECT: {str(tree.get('error_message', ''))[:200]}"
    functions, table_functions = allowed_functions()
    known = set(tables) | _cte_names(tree)
    table_calls = {id(n.get("function")) for n in _walk(tree) if n.get("type") == "TABLE_FUNCTION"}
    for node in _walk(tree):
        if id(node) in table_calls:
            continue
        kind = node.get("type")
        if kind == "TABLE_FUNCTION":
            fn = node.get("function") or {}
            name = str(fn.get("function_name", "")).lower() if isinstance(fn, dict) else ""
            if name not in table_functions:
                return (f"table function {name!r} is not allowed (allowed: "
                        f"{', '.join(sorted(table_functions))})")
            continue
        if kind == "BASE_TABLE":
            table = str(node.get("table_name", "")).lower()
            schema = str(node.get("schema_name", "")).lower()
            if node.get("catalog_name") or schema not in ("", "main") or table not in known:
                shown = ".".join(p for p in (schema, table) if p)
                return f"table {shown!r} is not allowed (only the store's own tables)"
            continue
        if kind == "SHOW_REF" and node.get("show_type") == "SHOW_SPECIAL":
            if _unquote(str(node.get("table_name", ""))) not in ("tables", "all tables"):
                return "only SHOW TABLES is allowed"
            continue
        name = node.get("function_name")
        if isinstance(name, str) and name.lower() not in functions:
            return f"function {name!r} is not allowed"
    return None


@dataclass
class SqlResult:
    columns: list[str]
    body: str  # the JSON answer, already encoded
    truncated: bool


class SqlSandbox:
    """Runs checked queries on their own cursors with row, byte, time and concurrency limits."""

    def __init__(self, cursor: Any, *, max_rows: int = DEFAULTS.sql_rows,
                 timeout: float = DEFAULTS.sql_timeout, max_bytes: int = MAX_RESULT_BYTES,
                 slots: int = DEFAULTS.sql_slots) -> None:
        self.cursor = cursor
        self.max_rows = max_rows
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._slots = threading.BoundedSemaphore(slots)

    def store_tables(self) -> frozenset[str]:
        cur = self.cursor()
        try:
            rows = cur.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT "
                "internal UNION SELECT view_name FROM duckdb_views() WHERE schema_name = "
                "'main' AND NOT internal").fetchall()
        finally:
            cur.close()
        return frozenset(r[0].lower() for r in rows)

    def check(self, sql: str) -> str | None:
        return check_sql(sql) or check_sql_ast(sql, self.store_tables())

    def run(self, sql: str, limit: int | None = None) -> SqlResult:
        """Check and run `sql`; raises SqlRefused with the HTTP status to answer."""
        reason = self.check(sql)
        if reason:
            raise SqlRefused(400, f"query rejected: {reason}")
        if not self._slots.acquire(blocking=False):
            raise SqlRefused(503, "the SQL sandbox is busy (all query slots in use); retry")
        max_rows = min(limit or self.max_rows, self.max_rows)
        outcome: dict[str, Any] = {}
        done = threading.Event()
        cur = self.cursor()

        def work() -> None:
            try:
                outcome["result"] = self._execute(cur, sql, max_rows)
            except SqlRefused as err:
                outcome["error"] = err
            except Exception as err:  # noqa: BLE001 - any DuckDB error is the query's fault
                outcome["error"] = _failure(err)
            finally:
                done.set()
                try:
                    cur.close()
                finally:
                    self._slots.release()

        threading.Thread(target=work, name="wirewatch-sql", daemon=True).start()
        if not done.wait(self.timeout):
            with contextlib.suppress(Exception):
                cur.interrupt()
            if not done.wait(0.5):
                raise SqlRefused(408, f"query took longer than {self.timeout:g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    def _execute(self, cur: Any, sql: str, max_rows: int) -> SqlResult:
        res = cur.execute(sql)
        columns = [d[0] for d in (res.description or [])]
        parts: list[str] = []
        size = 0
        batch = 1
        truncated = False
        while len(parts) < max_rows + 1:
            rows = res.fetchmany(min(batch, max_rows + 1 - len(parts)))
            if not rows:
                break
            for row in rows:
                if len(parts) == max_rows:
                    truncated = True
                    break
                text = json.dumps(jsonable(list(row)), ensure_ascii=False, allow_nan=False)
                size += len(text.encode("utf-8")) + 1
                if size > self.max_bytes:
                    raise SqlRefused(413, f"the result is larger than {self.max_bytes} bytes; "
                                          "select fewer rows or columns")
                parts.append(text)
            if truncated:
                break
            per_row = max(1, size // max(1, len(parts)))
            batch = max(1, min(1000, (self.max_bytes - size) // (4 * per_row)))
        body = ('{"columns": ' + json.dumps(columns, ensure_ascii=False) + ', "rows": ['
                + ", ".join(parts) + '], "truncated": ' + json.dumps(truncated) + "}")
        return SqlResult(columns, body, truncated)


def _failure(err: Exception) -> SqlRefused:
    msg = str(err).splitlines()[0] if str(err) else type(err).__name__
    if "nterrupt" in msg:
        return SqlRefused(408, "query interrupted at the time limit")
    if "Out of Memory" in msg:
        return SqlRefused(413, "query needs more memory than the sandbox allows")
    return SqlRefused(400, f"query failed: {msg[:300]}")
