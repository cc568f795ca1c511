"""The single writer: owns `<data>/wirewatch.duckdb` and writes analyses in Arrow batches.

Why one class: DuckDB allows one read-write process per file (DESIGN rule 3), and exactly-once
ingest needs the article rows, all their analysis rows and the inbox checkpoint to commit
together. `write()` is idempotent: rows are written only for articles not yet stored, so a
replayed inbox or a re-ingested file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from wirewatch.model import Analysis, Article, FeedState, Reject, utcnow
from wirewatch.store.arrow import insert_rows, registered
from wirewatch.store.inbox import PRIVATE_DIR, make_private
from wirewatch.store.migrations import migrate
from wirewatch.store.reader import Reader
from wirewatch.store.search import SEARCH_NAME, SearchIndex
from wirewatch.store.tables import (
    ANALYSIS_SCHEMAS,
    ANALYSIS_TABLES,
    ARTICLE_SCHEMA,
    KB_SCHEMA,
    REJECT_SCHEMA,
)

DB_NAME = "wirewatch.duckdb"
log = logging.getLogger(__name__)


class StoreLocked(RuntimeError):
    """Another process holds the DuckDB file (DuckDB allows one writer process per file)."""


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _columns(schema: pa.Schema, rows: dict[str, list[Any]]) -> pa.Table:
    return pa.Table.from_pydict(rows, schema=schema)


def article_rows(articles: Sequence[Article], ingested_at: datetime) -> pa.Table:
    """Articles as one Arrow table (column-wise; no per-row SQL)."""
    return _columns(ARTICLE_SCHEMA, {
        "id": [a.id for a in articles],
        "url": [a.url for a in articles],
        "outlet": [a.outlet for a in articles],
        "title": [a.title for a in articles],
        "dek": [a.dek for a in articles],
        "highlights": [list(a.highlights) for a in articles],
        "sections": [[{"heading": s.heading, "paragraphs": list(s.paragraphs)}
                      for s in a.sections] for a in articles],
        "captions": [[{"text": c.text, "credit": c.credit} for c in a.captions]
                     for a in articles],
        "tags": [list(a.tags) for a in articles],
        "authors": [list(a.authors) for a in articles],
        "published_at": [_utc(a.published_at) for a in articles],
        "published_precision": [a.published_precision for a in articles],
        "fetched_at": [_utc(a.fetched_at) or ingested_at for a in articles],
        "language": [a.language for a in articles],
        "body": [a.body or "" for a in articles],
        "source_path": [a.source_path for a in articles],
        "ingested_at": [ingested_at] * len(articles),
        "published_offset": [a.published_offset for a in articles],
        "published_date": [a.published_date for a in articles],
    })


def analysis_tables(analyses: Sequence[Analysis], analyzed_at: datetime) -> dict[str, pa.Table]:
    """Every analysis table's rows for `analyses`, as Arrow tables keyed by table name."""
    t: dict[str, dict[str, list[Any]]] = {
        name: {f.name: [] for f in schema} for name, schema in ANALYSIS_SCHEMAS.items()}

    def add(table: str, **row: Any) -> None:
        cols = t[table]
        for key, col in cols.items():
            col.append(row.get(key))

    for an in analyses:
        aid = an.article.id
        tone = an.tone
        add("analyses", article_id=aid, tone_score=tone.score if tone else None,
            tone_positive=tone.positive if tone else None,
            tone_negative=tone.negative if tone else None,
            tone_conflict_share=tone.conflict_share if tone else None,
            keypoints=list(an.keypoints), tags=list(an.tags), notes=list(an.notes),
            analyzed_at=analyzed_at)
        for e in an.entities:
            add("entities", article_id=aid, entity_id=e.id, name=e.name, type=e.type,
                country=e.country, sector=e.sector, code=e.code,
                roles=json.dumps(e.roles, ensure_ascii=False, default=str),
                aliases=list(e.aliases), not_actor=False)
            for m in e.mentions:
                add("mentions", article_id=aid, entity_id=e.id, text=m.text, start=m.start,
                    end=m.end, zone=m.zone, zone_index=m.zone_index, sentence=m.sentence)
        for i, q in enumerate(an.quotes):
            add("quotes", article_id=aid, idx=i, text=q.text, speaker=q.speaker,
                speaker_country=q.speaker_country, kind=q.kind, start=q.start, end=q.end,
                not_quote=False, zone=q.zone)
        for i, at in enumerate(an.attributions):
            add("attributions", article_id=aid, idx=i, outlet=at.outlet, claim=at.claim,
                start=at.start, end=at.end)
        for i, x in enumerate(an.timex):
            add("timex", article_id=aid, idx=i, text=x.text, value=x.value,
                precision=x.precision, start=x.start, end=x.end)
        for i, ev in enumerate(an.events):
            loc = ev.location
            add("events", article_id=aid, idx=i, type=ev.type, mode=ev.mode, context=ev.context,
                source=[a.to_dict() for a in ev.source], target=[a.to_dict() for a in ev.target],
                location_name=loc.name if loc else None,
                location_country=loc.country if loc else None,
                location_lat=loc.lat if loc else None, location_lon=loc.lon if loc else None,
                date=ev.date, date_precision=ev.date_precision, modality=ev.modality,
                intensity=ev.intensity, quad=ev.quad, cameo_root=ev.cameo_root,
                evidence_sentence=ev.evidence.sentence, evidence_start=ev.evidence.start,
                evidence_end=ev.evidence.end, confidence=ev.confidence,
                mentions=[{"sentence": m.sentence, "start": m.start, "end": m.end}
                          for m in ev.mentions], background=ev.background, not_event=False,
                model_version=ev.model_version)
    return {name: _columns(ANALYSIS_SCHEMAS[name], cols) for name, cols in t.items()}


def reject_id(reject: Reject) -> str:
    """Same input, same reason → same row: re-ingesting a bad file adds nothing."""
    basis = "\x1f".join((reject.origin, reject.reason, reject.detail or ""))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


class Store:
    """The DuckDB store. `Store(data_dir)` opens or creates it and applies migrations.

    Thread use: writes must come from one thread at a time — in an engine, the writer thread of
    engine/commit.py, which is handed every write; readers get their own cursor per call
    through `reader` (store/reader.py), so they never share the writer's cursor.
    """

    def __init__(self, data_dir: str | Path, read_only: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        self.path = self.data_dir / DB_NAME
        if not read_only:
            # Private before anything is written into it: files DuckDB and SQLite create get
            # the default mode, but no other user can reach them through this folder.
            # A folder the user already had (`--data .`) keeps its mode.
            created = not self.data_dir.exists()
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            if created:
                make_private(self.data_dir, PRIVATE_DIR)
        elif not self.path.exists():
            raise FileNotFoundError(f"no Wirewatch store at {self.path}")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLocked(
                    f"the store {self.path} is in use by another process ({_holder(exc)}). "
                    "DuckDB allows one process per store: if `wirewatch serve` is running, use "
                    "its HTTP API (or stop it), or point --data at another directory."
                ) from exc
            raise
        # GLOBAL: every cursor inherits it, and a locked-down instance (serve/sql.py) allows no
        # later SET
        self.con.execute("SET GLOBAL TimeZone = 'UTC'")
        self._lock = threading.RLock()
        # Called inside write()'s transaction as hook(con, tables, sign): sign -1 with SELECTs
        # over rows about to be replaced, +1 with the batch's Arrow tables (keys: articles,
        # entities, mentions, events, analyses). How analytics (right of store) keeps its
        # aggregates in step without the store importing it; see docs/architecture.md.
        self.batch_hooks: list[Any] = []
        # Called inside write()'s transaction as amend(con, article_ids) -> bool after the
        # rows and the link step, before the batch hooks: re-applies analyst corrections
        # (corrections.py) to re-analysed or new rows; True = it changed rows, so the batch
        # hooks then count the stored (corrected) rows instead of the batch's Arrow tables.
        self.amend_hooks: list[Any] = []
        if not read_only:
            with self._lock:
                migrate(self.con)
        self.search = SearchIndex(self.data_dir / SEARCH_NAME, read_only=read_only)
        if not read_only:
            self.search.catch_up(self.con)
            for path in (self.path, Path(f"{self.path}.wal")):
                make_private(path)
        self.reader = Reader(self.con, self.search)

    # -- writes ------------------------------------------------------------------------------

    def write(self, analyses: Sequence[Analysis], inbox_seq: int | None = None,
              replace: bool = False,
              kb_changes: tuple[list[str], list[dict[str, Any]]] | None = None,
              link: Callable[[duckdb.DuckDBPyConnection, list[Analysis]], bool | None]
              | None = None,
              relink: Callable[[duckdb.DuckDBPyConnection, list[Analysis]], None] | None = None
              ) -> list[str]:
        """Store articles and all their analysis rows, plus the inbox checkpoint, in ONE
        transaction. Articles already stored are skipped (idempotent); with `replace=True`
        their analysis rows are replaced instead (re-analysis). `kb_changes` = (names, rows)
        of knowledge-base persons to rewrite in the same transaction. `link` (the link step,
        `link/linker.py`) is called in the same transaction with the newly stored analyses,
        `relink` (`Linker.relink`) with the replaced ones; when `link` returns True it wrote
        analysis rows of its own, and the batch hooks count the stored rows. Returns the ids
        written."""
        self._writable()
        now = utcnow()
        unique: dict[str, Analysis] = {}
        for an in analyses:
            unique.setdefault(an.article.id, an)
        with self._lock:
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                known = self._known(con, list(unique))
                fresh = [an for aid, an in unique.items() if aid not in known]
                last_row = None
                if fresh:
                    last_row = con.execute("SELECT max(rowid) FROM articles").fetchall()[0][0]
                    self._insert(con, "articles",
                                 article_rows([an.article for an in fresh], now))
                redo = [an for aid, an in unique.items() if aid in known] if replace else []
                if redo:
                    ids = pa.table({"id": [an.article.id for an in redo]})
                    with registered(con, "_ww_redo", ids):
                        for hook in self.batch_hooks:
                            hook(con, _stored_batch("_ww_redo"), -1)
                        for name in ANALYSIS_TABLES:
                            con.execute(f"DELETE FROM {name} WHERE article_id IN "
                                        "(SELECT id FROM _ww_redo)")
                todo = fresh + redo
                if todo:
                    tables = analysis_tables(todo, now)
                    for name, table in tables.items():
                        if table.num_rows:
                            self._insert(con, name, table)
                if kb_changes and kb_changes[0]:
                    self._replace_kb(con, *kb_changes)
                # the link step may write analysis rows too (a near-duplicate copy takes over
                # its original's): then, as after an amend, the hooks count the stored rows
                amended = bool(link(con, fresh)) if link is not None and fresh else False
                if relink is not None and redo:
                    relink(con, redo)
                if todo and self.amend_hooks:
                    ids = [an.article.id for an in todo]
                    for amend in self.amend_hooks:
                        amended = bool(amend(con, ids)) or amended
                if todo and self.batch_hooks:  # after link: analytics count merged events
                    if amended:
                        ids = pa.table({"id": [an.article.id for an in todo]})
                        with registered(con, "_ww_amended", ids):
                            for hook in self.batch_hooks:
                                hook(con, _stored_batch("_ww_amended"), 1)
                    else:
                        batch = {**tables, "articles": article_rows(
                            [an.article for an in todo], now)}
                        for hook in self.batch_hooks:
                            hook(con, batch, 1)
                if inbox_seq is not None:
                    con.execute("UPDATE inbox_checkpoint SET seq = greatest(seq, ?), "
                                "updated_at = now() WHERE id = 1", [inbox_seq])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            if fresh:
                self._index_text([an.article for an in fresh], last_row, now)
        return [an.article.id for an in todo]

    def _index_text(self, articles: list[Article], last_row: int | None,
                    ingested_at: datetime) -> None:
        """Add committed articles to the keyword index. Their rowids are read after the commit
        (inside a transaction DuckDB numbers new rows privately); the writer lock keeps them
        ours. A failure here loses nothing: readers scan what the index lacks and the next
        open catches up."""
        try:
            rows = dict((aid, row) for row, aid in self.con.execute(
                "SELECT rowid, id FROM articles WHERE rowid > ?",
                [-1 if last_row is None else last_row]).fetchall())
            self.search.add(((a.id, rows[a.id], a.title, a.body) for a in articles),
                            ingested_at)
        except Exception:  # noqa: BLE001 — derived data must never fail a committed write
            log.exception("search index: could not add %d articles", len(articles))

    @staticmethod
    def _replace_kb(con: duckdb.DuckDBPyConnection, names: list[str],
                    rows: list[dict[str, Any]]) -> None:
        with registered(con, "_ww_kb_names", pa.table({"name": names})):
            con.execute("DELETE FROM kb_persons WHERE name IN (SELECT name FROM _ww_kb_names)")
        if rows:
            Store._insert(con, "kb_persons", pa.Table.from_pylist(rows, schema=KB_SCHEMA))

    def maintain(self, fn: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
        """Run `fn(con)` with the writer's connection under the write lock: upkeep that writes
        outside a batch (building analytics aggregates for an older store). Call it before the
        engine's writer thread starts, or from that thread."""
        self._writable()
        with self._lock:
            return fn(self.con)

    def kb_rows(self) -> list[dict[str, Any]]:
        """Every knowledge-base row, for `KnowledgeBase.from_rows` when an engine starts."""
        with self._lock:
            cur = self.con.execute("SELECT * FROM kb_persons")
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
        insert_rows(con, table, rows, "ignore" if table in ("articles", "analyses", "rejects")
                    else "error")

    def record_rejects(self, rejects: Iterable[Reject]) -> int:
        """Store rejected inputs with their reasons; the same reject twice is stored once."""
        self._writable()
        items = list(rejects)
        if not items:
            return 0
        table = _columns(REJECT_SCHEMA, {
            "id": [reject_id(r) for r in items],
            "at": [_utc(r.at) for r in items],
            "origin": [r.origin for r in items],
            "reason": [r.reason for r in items],
            "detail": [r.detail for r in items],
        })
        with self._lock:
            self._insert(self.con, "rejects", table)
        return len(items)

    def put_feed_state(self, state: FeedState) -> None:
        self._writable()
        with self._lock:
            self.con.execute(
                "INSERT INTO feeds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO "
                "UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "last_checked = excluded.last_checked, last_ok = excluded.last_ok, "
                "status = excluded.status, http_status = excluded.http_status, "
                "error = excluded.error, items_seen = excluded.items_seen, "
                "articles_accepted = excluded.articles_accepted",
                [state.url, state.etag, state.last_modified, _utc(state.last_checked),
                 _utc(state.last_ok), state.status, state.http_status, state.error,
                 state.items_seen, state.articles_accepted])

    def get_feed_state(self, url: str) -> FeedState | None:
        """The remembered state of one feed (thread-safe: uses its own cursor)."""
        cur = self.reader.cursor()
        try:
            row = cur.execute(
                "SELECT url, etag, last_modified, last_checked, last_ok, status, http_status, "
                "error, items_seen, articles_accepted FROM feeds WHERE url = ?", [url]
            ).fetchone()
        finally:
            cur.close()
        if row is None:
            return None
        return FeedState(url=row[0], etag=row[1], last_modified=row[2],
                         last_checked=_utc(row[3]), last_ok=_utc(row[4]), status=row[5],
                         http_status=row[6], error=row[7], items_seen=int(row[8]),
                         articles_accepted=int(row[9]))

    # -- reads the writer needs --------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` are stored (one vectorised semi-join)."""
        ids = list(ids)
        if not ids:
            return set()
        cur = self.reader.cursor()
        try:
            return self._known(cur, ids)
        finally:
            cur.close()

    @staticmethod
    def _known(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        with registered(con, "_ww_ids", pa.table({"id": pa.array(ids, pa.string())})):
            rows = con.execute(
                "SELECT a.id FROM articles a SEMI JOIN _ww_ids i ON a.id = i.id").fetchall()
        return {r[0] for r in rows}

    def checkpoint(self) -> int:
        """The highest inbox sequence number whose records are all stored."""
        cur = self.reader.cursor()
        try:
            row = cur.execute("SELECT seq FROM inbox_checkpoint WHERE id = 1").fetchone()
        finally:
            cur.close()
        return int(row[0]) if row else 0

    # -- lifecycle ---------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError("this Store was opened read-only")

    def flush(self) -> None:
        """Force a DuckDB checkpoint (WAL → database file); optional, DuckDB does it itself."""
        with self._lock:
            self.con.execute("CHECKPOINT")

    def close(self) -> None:
        with self._lock:
            if self.con is not None:
                self.reader.close()
                self.search.close()
                self.con.close()
                self.con = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stored_batch(ids_view: str) -> dict[str, str]:
    """SELECTs over the stored rows of the articles in `ids_view` (for batch hooks, sign -1)."""
    out = {"articles": f"SELECT * FROM articles WHERE id IN (SELECT id FROM {ids_view})"}
    for name in ("entities", "mentions", "events", "analyses"):
        out[name] = f"SELECT * FROM {name} WHERE article_id IN (SELECT id FROM {ids_view})"
    return out


def _holder(exc: Exception) -> str:
    text = str(exc)
    start = text.find("(PID")
    if start >= 0:
        return "PID " + text[start + 5:text.find(")", start)].strip()
    return "another process"
