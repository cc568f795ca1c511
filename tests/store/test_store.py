"""The store: migrations, idempotent writes of every table, rejects, feeds, queries, locking."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from _store_helpers import Ask as _Ask
from _store_helpers import full_analysis, make_article
from wirewatch import queries as Q  # noqa: N812
from wirewatch.model import Analysis, FeedState, Reject
from wirewatch.store.migrations import LATEST, MIGRATIONS
from wirewatch.store.writer import ANALYSIS_TABLES, Store, StoreLocked

ALL_TABLES = ("articles", *ANALYSIS_TABLES)


def table_counts(store: Store) -> dict[str, int]:
    return {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ALL_TABLES}


def test_migrations_from_empty_dir_and_reopen(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    with Store(data) as store:
        versions = store.con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        assert versions == [(m.version,) for m in MIGRATIONS] and versions[-1] == (LATEST,)
        tables = {r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"articles", "rejects", "feeds", "inbox_checkpoint", "analyses", "entities",
                "mentions", "quotes", "attributions", "timex", "events",
                "schema_version"} <= tables
        assert store.checkpoint() == 0
        store.write([Analysis(make_article(1))], inbox_seq=3)
    with Store(data) as store:  # reopening applies nothing and keeps the data
        assert store.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == \
            len(MIGRATIONS)
        assert store.reader.read(Q.counts.counts)["articles"] == 1
        assert store.checkpoint() == 3


def test_idempotent_write_no_duplicate_rows(tmp_path: Path) -> None:
    articles = [make_article(i) for i in range(40)]
    with Store(tmp_path) as store:
        written = store.write([full_analysis(a) for a in articles], inbox_seq=40)
        assert len(written) == 40
        first = table_counts(store)
        assert first["articles"] == 40 and first["mentions"] == 120 and first["events"] == 40
        # The same articles again (fresh objects, as a re-ingest would make), plus a batch
        # that repeats an article within itself.
        again = [full_analysis(make_article(i)) for i in range(40)]
        assert store.write(again, inbox_seq=40) == []
        assert store.write([full_analysis(articles[0]), full_analysis(articles[0])]) == []
        assert table_counts(store) == first
        new = make_article(1000)
        assert store.write([full_analysis(new), full_analysis(new)], inbox_seq=41) == [new.id]
        assert table_counts(store)["articles"] == 41
        assert table_counts(store)["entities"] == 82
        for table in ("articles", "analyses"):
            key = "id" if table == "articles" else "article_id"
            dupes = store.con.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY 1 HAVING count(*) > 1)"
            ).fetchone()[0]
            assert dupes == 0
        assert store.checkpoint() == 41


def test_checkpoint_never_goes_back(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.write([Analysis(make_article(1))], inbox_seq=10)
        store.write([Analysis(make_article(2))], inbox_seq=5)
        assert store.checkpoint() == 10


def test_replace_reanalysis(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        art = make_article(1)
        store.write([Analysis(art)])
        assert table_counts(store)["entities"] == 0
        store.write([full_analysis(art)], replace=True)
        store.write([full_analysis(art)], replace=True)
        counts = table_counts(store)
        assert counts["articles"] == 1 and counts["entities"] == 2 and counts["analyses"] == 1


def test_failed_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        good = full_analysis(make_article(1))
        bad = full_analysis(make_article(2))
        bad.events[0].type = None  # type: ignore[assignment]  # violates NOT NULL
        with pytest.raises(duckdb.Error):
            store.write([good, bad], inbox_seq=7)
        assert all(v == 0 for v in table_counts(store).values())
        assert store.checkpoint() == 0
        store.write([good], inbox_seq=7)  # the connection is usable afterwards
        assert table_counts(store)["articles"] == 1


def test_roundtrip_article_document(tmp_path: Path) -> None:
    art = make_article(4)
    with Store(tmp_path) as store:
        store.write([full_analysis(art)])
        doc = store.reader.read(Q.articles.article, art.id)
    assert doc is not None
    expected = full_analysis(art).to_dict()
    got_article = {k: v for k, v in doc["article"].items() if k != "ingested_at"}
    assert got_article == expected["article"]
    for key in ("quotes", "attributions", "timex", "tone", "keypoints", "tags"):
        assert doc[key] == expected[key], key
    assert doc["events"] == expected["events"]
    ents = {e["id"]: e for e in doc["entities"]}
    for e in expected["entities"]:
        got = dict(ents[e["id"]])
        got["mentions"] = [{k: v for k, v in m.items() if k != "zone_index"}
                           for m in got["mentions"]]
        assert got == e
    assert store is not None


def test_article_without_analysis_rows(tmp_path: Path) -> None:
    art = make_article(5)
    with Store(tmp_path) as store:
        store.write([Analysis(art)])
        doc = store.reader.read(Q.articles.article, art.id)
        assert doc is not None
        assert doc["entities"] == [] and doc["events"] == [] and doc["tone"] is None
        assert doc["article"]["published_at"] is None  # unknown date stays unknown
        assert store.reader.read(Q.articles.article, "nope") is None


def test_rejects_stored_with_reasons(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        rejects = [Reject("a.bin", "binary", "NUL bytes"), Reject("b.txt", "empty"),
                   Reject("c.jsonl:3", "bad_json", "Expecting value")]
        store.record_rejects(rejects)
        store.record_rejects([Reject("b.txt", "empty")])  # the same input again
        rows = store.reader.read(Q.rejects.rejects, limit=10)
        assert sorted(r["reason"] for r in rows) == ["bad_json", "binary", "empty"]
        assert set(rows.columns) >= {"id", "at", "origin", "reason", "detail"}
        counts = store.reader.read(Q.counts.counts)
        assert counts["rejects"] == 3
        assert counts["rejects_by_reason"] == {"bad_json": 1, "binary": 1, "empty": 1}
        assert [r["origin"] for r in store.reader.read(Q.rejects.rejects, reason="binary")] == [
            "a.bin"]


def test_feed_state_roundtrip(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.get_feed_state("https://x.example/feed") is None
        now = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
        state = FeedState("https://x.example/feed", etag='"abc"', last_checked=now,
                          status="ok", http_status=200, items_seen=10, articles_accepted=7)
        store.put_feed_state(state)
        assert store.get_feed_state(state.url) == state
        state.status, state.error, state.http_status = "error", "timeout", None
        store.put_feed_state(state)
        assert store.get_feed_state(state.url) == state
        assert len(store.reader.read(Q.feeds.feeds)) == 1


def test_queries_filters(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.write([Analysis(make_article(i)) for i in range(1, 30)])
        q = _Ask(store)
        assert len(q.articles(limit=100)) == 29
        assert len(q.articles(limit=5)) == 5
        assert len(q.articles(limit=5, offset=25)) == 4
        assert list(q.articles(q="Story 12:")["title"]) == ["Story 12: ministers meet in Beijing"]
        assert len(q.articles(q="100%")) == 0  # LIKE wildcards are escaped
        assert set(q.articles(outlet="reuters", limit=100)["outlet"]) == {"Reuters"}
        assert len(q.articles(language="fr")) == 0
        # published 2023-06-01 + i hours; i % 5 == 0 have no date
        df = q.articles(since="2023-06-01T10:00:00Z", until="2023-06-01T20:00:00Z", limit=100)
        assert len(df) == 8  # 10..19 minus 10 and 15
        counts = store.reader.read(Q.counts.counts)
        assert counts["articles"] == 29 and sum(counts["outlets"].values()) == 29
        assert q.sql("SELECT count(*) AS n FROM articles")["n"][0] == 29


def test_known_ids_vectorised(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        arts = [make_article(i) for i in range(10)]
        store.write([Analysis(a) for a in arts[:5]])
        assert store.known_ids([a.id for a in arts]) == {a.id for a in arts[:5]}
        assert store.known_ids([]) == set()


def test_store_locked_by_another_process(tmp_path: Path) -> None:
    Store(tmp_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "sys.stdin.read()", str(tmp_path / "wirewatch.duckdb")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreLocked, match="in use by another process.*PID"):
            Store(tmp_path)
        with pytest.raises(StoreLocked):
            Store(tmp_path, read_only=True)
    finally:
        holder.communicate("")
    with Store(tmp_path, read_only=True) as ro:
        assert ro.reader.read(Q.counts.counts)["articles"] == 0
        with pytest.raises(PermissionError):
            ro.record_rejects([Reject("x", "empty")])


@pytest.mark.parametrize("route", ["index", "windows-then-index", "windows-then-scan"])
def test_keyword_search_pages_match_a_full_scan(tmp_path: Path, route: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Keyword search asks the index, or tries recent windows first, or scans: every page
    must equal the whole-store page whichever route answers it."""
    from dataclasses import replace

    from wirewatch.queries import articles as queries_mod

    base = datetime(2023, 6, 1, tzinfo=UTC)
    with Store(tmp_path) as store:
        articles = []
        for i in range(1, 60):  # spread over ~a year, plus undated ones (they sort last)
            a = make_article(i)
            when = base - timedelta(days=7 * i) if i % 5 else None
            articles.append(replace(a, published_at=when))
        store.write([Analysis(a) for a in articles])
        q = _Ask(store)
        if route != "index":  # the keyword counts as common: more hits than the index's first try
            monkeypatch.setattr(queries_mod, "_INDEX_FIRST_CAP", 1)
        if route == "windows-then-scan":
            store.reader.search = None
        full = q.sql("SELECT id FROM articles WHERE title ILIKE '%ministers%' ORDER BY "
                     "published_at DESC NULLS LAST, ingested_at DESC, id")["id"].tolist()
        assert len(full) == 59
        pages = [q.articles(q="ministers", limit=4, offset=o)["id"].tolist()
                 for o in range(0, 60, 4)]
        assert [i for p in pages for i in p] == full
        assert q.articles(q="ministers", limit=3)["id"].tolist() == full[:3]  # window hit
        since = (base - timedelta(days=30)).isoformat()
        assert q.articles(q="ministers", since=since, limit=100)["id"].tolist() == full[:4]


def test_a_version_1_store_gains_event_mentions_and_background(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.write([Analysis(make_article(1))], inbox_seq=1)
        store.con.execute("ALTER TABLE events DROP COLUMN mentions")
        store.con.execute("ALTER TABLE events DROP COLUMN background")
        store.con.execute("DELETE FROM schema_version WHERE version >= 2")
    with Store(tmp_path) as store:
        cols = {r[0] for r in store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
        ).fetchall()}
        assert {"mentions", "background"} <= cols
        assert store.reader.read(Q.counts.counts)["articles"] == 1


def test_the_local_publication_day_is_stored_and_older_stores_gain_it(tmp_path: Path) -> None:
    """2023-11-08T21:24:10-05:00 is 2023-11-09 in UTC; the store keeps the instant, the offset
    and the day the page says (8 November). A store from before migration 3 gets the columns,
    its rows the UTC day (they kept no offset)."""
    evening = make_article(1)
    evening.published_at = datetime(2023, 11, 9, 2, 24, 10, tzinfo=UTC)
    evening.published_precision, evening.published_offset = "second", -300
    with Store(tmp_path) as store:
        store.write([Analysis(make_article(2))])
        store.con.execute("ALTER TABLE articles DROP COLUMN published_offset")
        store.con.execute("ALTER TABLE articles DROP COLUMN published_date")
        store.con.execute("DELETE FROM schema_version WHERE version >= 3")
    with Store(tmp_path) as store:
        store.write([Analysis(evening)])
        rows = {r[0]: r[1:] for r in store.con.execute(
            "SELECT id, published_offset, published_date FROM articles").fetchall()}
        assert rows[evening.id] == (-300, datetime(2023, 11, 8).date())
        old = make_article(2)
        assert old.published_at is not None
        assert rows[old.id] == (None, old.published_at.date())
        doc = store.reader.read(Q.articles.article, evening.id)
    assert doc is not None
    assert doc["article"]["published_at"] == "2023-11-09T02:24:10Z"
    assert doc["article"]["published_offset"] == -300
    assert doc["article"]["published_date"] == "2023-11-08"


def test_a_version_7_store_keeps_the_models_confidence_of_corrected_events(tmp_path: Path
                                                                           ) -> None:
    """Migration 8: the machine's snapshot of an event corrected before it gains the model's
    confidence, so undoing that correction puts it back (the correction sets 1.0)."""
    with Store(tmp_path) as store:
        store.con.execute("INSERT INTO events (article_id, idx, type, confidence) "
                          "VALUES ('a1', 0, 'ACCUSE', 0.62)")
        store.con.execute("ALTER TABLE machine_events DROP COLUMN confidence")
        store.con.execute("INSERT INTO machine_events (article_id, idx, type) "
                          "VALUES ('a1', 0, 'ASSAULT')")
        store.con.execute("DELETE FROM schema_version WHERE version >= 8")
    with Store(tmp_path) as store:
        assert store.con.execute("SELECT confidence FROM machine_events").fetchall() == \
            [(0.62,)]
