"""Keyword index beside the store: SQLite FTS5 over each article's title and body.

Why: DuckDB offers no text index we can ship (its `fts` extension is a download and is rebuilt,
not updated), so a keyword found in few articles meant reading every body — 1.5 s on a million
articles. SQLite's FTS5 comes with Python and updates incrementally.

Articles are append-only (never updated or deleted), so DuckDB's `rowid` is a stable address:
the index keeps it, and a search fetches its few hits by rowid instead of scanning.

The index is derived data and never the only copy of anything: the writer adds each batch
after its DuckDB commit, `catch_up` indexes whatever the store holds beyond the index's
watermark (after a crash between the two commits, or for a store written without it), and a
deleted file is rebuilt on the next open. Readers also scan articles ingested after the
watermark, so a lagging index costs speed, never results.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import duckdb

from wirewatch.store.inbox import make_private

log = logging.getLogger(__name__)

SEARCH_NAME = "search.sqlite"
_WORD = re.compile(r"\w+", re.UNICODE)
# Clock steps between writer batches: catch-up starts this far before the watermark.
_OVERLAP = timedelta(minutes=10)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    n           INTEGER PRIMARY KEY,      -- the FTS rowid
    article_id  TEXT NOT NULL UNIQUE,
    store_row   INTEGER NOT NULL          -- the article's rowid in DuckDB
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(
    title, body, content='', tokenize='unicode61 remove_diacritics 2');
"""


class Hits(NamedTuple):
    ids: list[str]
    rows: list[int]  # DuckDB rowids, in the order of `ids`
    watermark: datetime  # articles ingested after it may be missing


def phrase(q: str) -> str | None:
    """An FTS5 query for the words of `q` in order, the last one as a prefix ("Blink" finds
    Blinken); None when `q` has no word."""
    words = _WORD.findall(q.lower())
    if not words:
        return None
    return '"' + " ".join(words).replace('"', '""') + '"*'


class SearchIndex:
    """One writer connection (the store's writer thread); readers open their own."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._con: sqlite3.Connection | None = None
        if not read_only:
            try:
                self._con = self._open_writer()
            except sqlite3.DatabaseError as exc:  # damaged: it is derived, so start afresh
                aside = path.with_name(f"{path.name}.damaged")
                log.warning("search index %s unreadable (%s); moved to %s and rebuilt",
                            path, exc, aside.name)
                for suffix in ("", "-wal", "-shm"):
                    damaged = Path(f"{path}{suffix}")
                    if damaged.exists():
                        damaged.replace(Path(f"{aside}{suffix}"))
                self._con = self._open_writer()

    def _open_writer(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.executescript(_SCHEMA)
        except sqlite3.Error:
            con.close()
            raise
        # SQLite gives a -wal or -shm file it creates later the database file's mode.
        for suffix in ("", "-wal", "-shm"):
            make_private(Path(f"{self.path}{suffix}"))
        return con

    # -- writes ------------------------------------------------------------------------------

    def add(self, rows: Iterable[tuple[str, int, str | None, str | None]],
            watermark: datetime | None) -> int:
        """Index (id, DuckDB rowid, title, body) rows not indexed yet, in one transaction;
        `watermark` is the newest `ingested_at` the rows bring. Returns how many were new."""
        con = self._con
        if con is None:
            raise PermissionError("this search index was opened read-only")
        added = 0
        con.execute("BEGIN")
        try:
            for article_id, store_row, title, body in rows:
                cur = con.execute("INSERT OR IGNORE INTO docs(article_id, store_row) "
                                  "VALUES (?, ?)", (article_id, store_row))
                if cur.rowcount == 1:
                    con.execute("INSERT INTO words(rowid, title, body) VALUES (?, ?, ?)",
                                (cur.lastrowid, title or "", body or ""))
                    added += 1
            if watermark is not None:
                old = self._watermark(con)
                if old is None or watermark > old:
                    con.execute("INSERT OR REPLACE INTO meta VALUES ('watermark', ?)",
                                (watermark.isoformat(),))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return added

    def catch_up(self, store: duckdb.DuckDBPyConnection, batch: int = 5000) -> int:
        """Index the store's articles ingested since the watermark (all, for a new index)."""
        mark = self.watermark()
        sql = "SELECT id, rowid AS store_row, title, body, ingested_at FROM articles"
        params: list[object] = []
        if mark is not None:
            sql += " WHERE ingested_at >= ?"
            params.append(mark - _OVERLAP)
        cur = store.cursor()
        added, newest = 0, None
        try:
            for chunk in cur.sql(sql, params=params).to_arrow_reader(batch):
                cols = chunk.to_pydict()
                added += self.add(zip(cols["id"], cols["store_row"], cols["title"],
                                      cols["body"], strict=True), None)
                last = max(cols["ingested_at"], default=None)
                if last is not None and (newest is None or last > newest):
                    newest = last
            if newest is not None:  # only once all is in: an interrupted catch-up starts over
                self.add((), newest)
        finally:
            cur.close()
        if added:
            log.info("search index: %d articles indexed from the store", added)
        return added

    # -- reads -------------------------------------------------------------------------------

    def _reader(self) -> sqlite3.Connection | None:
        if not self.path.exists():
            return None
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    @staticmethod
    def _watermark(con: sqlite3.Connection) -> datetime | None:
        row = con.execute("SELECT value FROM meta WHERE key = 'watermark'").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def watermark(self) -> datetime | None:
        """The newest `ingested_at` indexed; articles after it may be missing from the index."""
        con = self._con or self._reader()
        if con is None:
            return None
        try:
            return self._watermark(con)
        except sqlite3.Error:
            return None
        finally:
            if con is not self._con:
                con.close()

    def match(self, q: str, cap: int = 20_000) -> Hits | None:
        """Articles whose words contain `q`'s words in order, complete up to the watermark;
        None when the index cannot answer (no words, no index, or more than `cap` matches)."""
        query = phrase(q)
        con = self._reader()
        if query is None or con is None:
            return None
        try:
            mark = self._watermark(con)
            if mark is None:
                return None
            rows = con.execute(
                "SELECT d.article_id, d.store_row FROM words JOIN docs d ON d.n = words.rowid "
                "WHERE words MATCH ? LIMIT ?", (query, cap + 1)).fetchall()
        except sqlite3.Error as exc:  # a damaged index must not break search
            log.warning("search index unusable (%s); scanning instead", exc)
            return None
        finally:
            con.close()
        if len(rows) > cap:
            return None
        return Hits([r[0] for r in rows], [r[1] for r in rows], mark)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
