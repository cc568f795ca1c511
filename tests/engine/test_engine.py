"""The local engine: dedupe, inbox ack, replay, worker pool, and the SIGKILL exactly-once test."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from _ingest_driver import generated
from _store_helpers import Ask as _Ask
from _store_helpers import dies_in_worker_batch, full_analysis, full_analyze_batch, make_article
from wirewatch import queries as Q  # noqa: N812
from wirewatch.engine.local import IngestSummary, LocalEngine
from wirewatch.model import Analysis, Article, RawDocument, Reject
from wirewatch.store.inbox import Inbox
from wirewatch.store.writer import ANALYSIS_TABLES, Store

TESTS = Path(__file__).resolve().parents[1]
# Rows per article that full_analysis() produces, per table.
PER_ARTICLE = {"articles": 1, "analyses": 1, "entities": 2, "mentions": 3, "quotes": 1,
               "attributions": 1, "timex": 1, "events": 1}


def engine(data: Path, **kwargs: object) -> LocalEngine:
    kwargs.setdefault("analyzer", full_analyze_batch)
    kwargs.setdefault("use_pool", False)
    kwargs.setdefault("batch_size", 16)
    return LocalEngine(data, **kwargs)  # type: ignore[arg-type]


def assert_exactly_once(store: Store, expected_ids: set[str] | None = None) -> set[str]:
    """Every table holds exactly full_analysis()'s rows for each stored article, once."""
    ids = {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}
    assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ids)
    for table in ANALYSIS_TABLES:
        rows = dict(store.con.execute(
            f"SELECT article_id, count(*) FROM {table} GROUP BY 1").fetchall())
        assert set(rows) == ids, table
        assert set(rows.values()) <= {PER_ARTICLE[table]}, table
    if expected_ids is not None:
        assert ids == expected_ids
    return ids


def test_ingest_dedupes_and_reingest_changes_nothing(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(50)]
    with engine(tmp_path) as eng:
        s1 = eng.ingest([*arts, *arts[:10]])  # ten repeats in the same run
        assert (s1.accepted, s1.duplicates, s1.rejected) == (50, 10, 0)
        assert s1.stored == 50 and s1.articles_per_s > 0
        s2 = eng.ingest([make_article(i) for i in range(50)])
        assert (s2.accepted, s2.duplicates, s2.stored) == (0, 50, 0)
        assert_exactly_once(eng.store, {a.id for a in arts})
        assert eng.store.checkpoint() == eng.inbox.last_seq() == 50


def test_rejects_and_unsupported_items_are_recorded(tmp_path: Path) -> None:
    with engine(tmp_path) as eng:
        summary = eng.ingest([make_article(1), Reject("a.bin", "binary", "NUL"),
                              Reject("b.txt", "empty"), 42])
        assert summary.accepted == 1 and summary.rejected == 3
        assert summary.reasons == {"binary": 1, "empty": 1, "unsupported_input": 1}
        assert eng.store.reader.read(Q.counts.counts)["rejects_by_reason"] == dict(summary.reasons)


def test_raw_documents_go_through_parse(tmp_path: Path) -> None:
    lines = [json.dumps({"url": f"https://e.example/{i}", "title": f"Title {i}",
                         "content_original": f"Body text number {i}. " * 5,
                         "source": "Example", "date": "2020-01-02"}) for i in range(5)]
    lines.insert(2, "{not json")
    doc = RawDocument(data="\n".join(lines).encode(), origin="x.jsonl", kind="jsonl")
    with LocalEngine(tmp_path, workers=0, analyze=False) as eng:
        summary = eng.ingest([doc])
        assert summary.accepted == 5 and summary.rejected == 1
        df = _Ask(eng.store).articles(limit=10)
        assert len(df) == 5 and set(df["outlet"]) == {"Example"}
        assert eng.store.reader.read(Q.counts.counts)["analyses"] == 5


def test_paths_go_through_sources(tmp_path: Path) -> None:
    pytest.importorskip("wirewatch.sources.files")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(json.dumps(
        {"url": f"https://e.example/{i}", "title": f"T {i}", "text": f"Some body {i}. " * 5})
        for i in range(3)))
    (folder / "empty.txt").write_text("")
    with LocalEngine(tmp_path / "data", workers=0, analyze=False) as eng:
        summary = eng.ingest([folder])
        assert summary.accepted == 3 and summary.rejected == 1
        assert eng.ingest([folder]).accepted == 0


def test_replay_on_open_stores_acknowledged_records(tmp_path: Path) -> None:
    # Acknowledged (in the inbox) but the process died before the writer stored them.
    arts = [make_article(i) for i in range(40)]
    with engine(tmp_path) as eng:
        eng.ingest(arts[:10])
    inbox = Inbox(tmp_path / "inbox")
    inbox.append(arts[5:30])  # includes five already-stored articles
    inbox.close()
    with engine(tmp_path) as eng:
        assert eng.replayed == 20
        assert eng.store.checkpoint() == 35
        assert_exactly_once(eng.store, {a.id for a in arts[:30]})
    with engine(tmp_path) as eng:  # nothing left to replay
        assert eng.replayed == 0


def test_records_appended_by_another_process_are_not_skipped(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(60)]
    with engine(tmp_path) as eng:
        eng.ingest(arts[:10])
        other = Inbox(tmp_path / "inbox")  # e.g. a CLI appending while a server owns the DB
        other.append(arts[10:20])
        other.close()
        summary = eng.ingest(arts[20:40])  # its seqs start after the foreign records
        assert summary.accepted == 20
        assert summary.stored == 30
        assert eng.store.checkpoint() == 40
        assert_exactly_once(eng.store, {a.id for a in arts[:40]})
        other = Inbox(tmp_path / "inbox")
        other.append(arts[40:45])
        other.close()
        assert eng.replay() == 5  # what a server calls periodically
        assert_exactly_once(eng.store, {a.id for a in arts[:45]})


def test_worker_pool_and_on_stored(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(120)]
    seen: list[Analysis] = []
    with engine(tmp_path, use_pool=True, workers=2, batch_size=32) as eng:
        eng.on_stored.append(seen.extend)
        summary = eng.ingest(arts)
        assert summary.accepted == 120 and summary.stored == 120
        assert_exactly_once(eng.store, {a.id for a in arts})
        assert sorted(a.article.id for a in seen) == sorted(a.id for a in arts)
        assert eng.submit([make_article(500), arts[0]]).accepted == 1


def test_worker_death_is_survived(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(64)]
    with engine(tmp_path, use_pool=True, workers=2, batch_size=16,
                analyzer=dies_in_worker_batch) as eng:
        summary = eng.ingest(arts)
        assert summary.accepted == 64 and summary.stored == 64
        assert_exactly_once(eng.store, {a.id for a in arts})
        assert eng.ingest([make_article(100 + i) for i in range(20)]).stored == 20


def test_readers_in_threads_during_ingest(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    seen: list[list[int]] = [[], []]
    stop = threading.Event()

    def read(counts: list[int]) -> None:
        try:
            while not stop.is_set():
                counts.append(eng.store.reader.read(Q.counts.counts)["articles"])
                _Ask(eng.store).articles(q="Story", limit=5)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    with engine(tmp_path, batch_size=20) as eng:
        readers = [threading.Thread(target=read, args=(counts,)) for counts in seen]
        for t in readers:
            t.start()
        eng.ingest([make_article(i) for i in range(300)])
        stop.set()
        for t in readers:
            t.join()
        assert not errors
        for counts in seen:  # each reader sees whole committed batches, never going back
            assert counts == sorted(counts)
            assert all(c % 20 == 0 for c in counts)
        assert eng.store.reader.read(Q.counts.counts)["articles"] == 300


def _flaky(articles: list[Article], kb: object = None) -> list[Analysis]:
    if any("Story 3:" in (a.title or "") for a in articles):
        raise ValueError("boom")
    return [full_analysis(a) for a in articles]


def test_failing_analysis_still_stores_the_article(tmp_path: Path) -> None:
    with engine(tmp_path, analyzer=_flaky) as eng:
        summary = eng.ingest([make_article(i) for i in range(6)])
        assert summary.stored == 6
        doc = _Ask(eng.store).article(make_article(3).id)
        assert doc is not None and doc["notes"] == ["analysis failed: ValueError: boom"]
        assert len(_Ask(eng.store).article(make_article(4).id)["entities"]) == 2


_BROKEN = {"on": True}


def _breaks_the_store(articles: list[Article], kb: object = None) -> list[Analysis]:
    out = [full_analysis(a) for a in articles]
    if _BROKEN["on"] and any("Story 20:" in (a.title or "") for a in articles):
        out[0].events[0].type = None  # type: ignore[assignment]  # NOT NULL: the write fails
    return out


def test_failed_store_write_raises_and_replay_recovers(tmp_path: Path) -> None:
    arts = [make_article(i) for i in range(48)]
    with engine(tmp_path, analyzer=_breaks_the_store) as eng:
        with pytest.raises(RuntimeError, match="safe in the inbox"):
            eng.ingest(arts)
        assert eng.store.checkpoint() == 16  # batches after the failed one were held back
        _BROKEN["on"] = False
        try:
            assert eng.replay() == 32
        finally:
            _BROKEN["on"] = True
        assert_exactly_once(eng.store, {a.id for a in arts})
        assert eng.store.checkpoint() == 48


def test_progress_callback(tmp_path: Path) -> None:
    calls: list[tuple[int, str]] = []
    with engine(tmp_path) as eng:
        eng.ingest([make_article(i) for i in range(40)],
                   progress=lambda n, detail="", **_: calls.append((n, detail)))
    assert calls[-1][0] == 40 and "40 new" in calls[-1][1]
    assert isinstance(IngestSummary().articles_per_s, float)


@pytest.mark.parametrize("pool", [False, True], ids=["inline", "pool"])
def test_sigkill_mid_ingest_then_restart(tmp_path: Path, pool: bool) -> None:
    """THE exactly-once test: SIGKILL an ingest mid-run, restart, check, rerun."""
    n = 2000
    data, acks = tmp_path / "data", tmp_path / "acks.log"
    cmd = [sys.executable, str(TESTS / "_ingest_driver.py"), str(data), str(acks), str(n)]
    # Kill after a random number of acks plus a random delay, so over many runs the kill lands
    # anywhere: mid inbox append, mid analysis, mid DuckDB commit.
    rng = random.Random()
    threshold, delay = rng.randint(300, 900), rng.uniform(0, 0.05)
    where = f"threshold={threshold} delay={delay:.3f}"
    proc = subprocess.Popen([*cmd, *(["--pool"] if pool else [])], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if acks.exists() and acks.stat().st_size >= 21 * threshold:
                break
            assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
            time.sleep(0.005)
        time.sleep(delay)
        assert proc.poll() is None, f"the ingest finished before it could be killed ({where})"
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its worker processes
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    acked = {line for line in acks.read_text().split("\n")[:-1] if len(line) == 20}
    assert threshold <= len(acked) < n, where
    everything = {a.id for a in generated(n)}
    assert len(everything) == n

    with engine(data, batch_size=200) as eng:  # restart: the DB opens, the inbox is replayed
        stored = assert_exactly_once(eng.store)
        assert acked <= stored <= everything, where
        assert eng.store.checkpoint() == eng.inbox.last_seq()
        summary = eng.ingest(generated(n))  # the rerun stores the rest
        assert summary.accepted == n - len(stored)
        assert_exactly_once(eng.store, everything)


def slow_in_worker(articles: list[Article], kb: object = None) -> list[Analysis]:
    """Analysis that takes ten minutes in a worker process (normal in the main process)."""
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        time.sleep(600)
    return full_analyze_batch(articles, kb)


def test_close_during_replay_leaves_the_rest_to_the_inbox(tmp_path: Path) -> None:
    """Closing while a replay waits for analysis does not wait for it: the unstored batches
    stay in the inbox, and the next open stores every record exactly once."""
    arts = [make_article(i) for i in range(64)]
    with Inbox(tmp_path / "inbox") as inbox:
        inbox.append(arts)
    eng = engine(tmp_path, use_pool=True, workers=1, analyzer=slow_in_worker,
                 replay_on_open=False)
    failed: list[BaseException] = []

    def replay() -> None:
        try:
            eng.replay()
        except RuntimeError as exc:  # the batch close() abandoned
            failed.append(exc)

    thread = threading.Thread(target=replay)
    thread.start()
    deadline = time.monotonic() + 60
    while not eng.backlog()["replaying"] and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)  # batches handed to the worker
    started = time.monotonic()
    eng.close()
    thread.join(60)
    assert not thread.is_alive() and time.monotonic() - started < 120  # not the 600 s
    with engine(tmp_path) as again:
        assert again.replayed == 64
        assert_exactly_once(again.store, {a.id for a in arts})
