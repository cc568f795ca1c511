"""The durable inbox: sequence numbers, torn last lines, multi-process appends, compaction."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from _store_helpers import make_article
from wirewatch.model import Article
from wirewatch.store.inbox import Inbox, _record


def test_append_and_read_in_order(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox")
    assert inbox.last_seq() == 0
    seqs = inbox.append([make_article(i) for i in range(5)])
    assert seqs == [1, 2, 3, 4, 5]
    assert inbox.append([make_article(9)]) == [6]
    batches = list(inbox.read(after=2, batch_size=2))
    assert [[s for s, _ in b] for b in batches] == [[3, 4], [5, 6]]
    assert batches[0][0][1].id == make_article(2).id
    assert batches[0][0][1].sections == make_article(2).sections
    assert [s for b in inbox.read(after=2, until=4) for s, _ in b] == [3, 4]
    inbox.close()
    # Reopened (another process later): numbering continues.
    again = Inbox(tmp_path / "inbox")
    assert again.append([make_article(10)]) == [7]


def test_body_roundtrips_with_or_without_sections(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox")
    derived = make_article(1)
    bare = Article(id="x1", body="Just a body.\n\nTwo paragraphs.", title="T")
    odd = make_article(2)
    odd.body = "A body that the sections do not rebuild."
    inbox.append([derived, bare, odd])
    got = [a for b in inbox.read() for _, a in b]
    assert [a.body for a in got] == [derived.body, bare.body, odd.body]
    assert got[0].to_dict() == derived.to_dict()


def test_record_matches_article_to_dict() -> None:
    for i in range(8):
        article = make_article(i)
        record = _record(article)
        assert {**record, "body": article.body} == article.to_dict()


def test_torn_last_line_is_ignored_then_truncated(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox")
    inbox.append([make_article(i) for i in range(3)])
    inbox.close()
    segment = next((tmp_path / "inbox").glob("*.jsonl"))
    good_size = segment.stat().st_size
    with segment.open("ab") as f:  # a writer killed half-way through record 4
        f.write(b'{"seq":4,"article":{"id":"abc","bo')
    # A reader that does not take the lock simply ignores the torn tail.
    reader = Inbox.__new__(Inbox)
    reader.dir = tmp_path / "inbox"
    assert [s for b in Inbox.read(reader) for s, _ in b] == [1, 2, 3]
    # Opening (with the lock) truncates it, and the next record reuses seq 4.
    inbox = Inbox(tmp_path / "inbox")
    assert segment.stat().st_size == good_size
    assert inbox.append([make_article(7)]) == [4]
    assert [s for b in inbox.read() for s, _ in b] == [1, 2, 3, 4]


def test_torn_only_record(tmp_path: Path) -> None:
    d = tmp_path / "inbox"
    d.mkdir()
    (d / f"{1:020d}.jsonl").write_bytes(b'{"seq":1,"art')
    inbox = Inbox(d)
    assert inbox.last_seq() == 0
    assert inbox.append([make_article(1)]) == [1]


def test_segments_roll_over_and_compact(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox", segment_bytes=2000)
    for i in range(20):
        inbox.append([make_article(i), make_article(100 + i)])
    segments = inbox.segments()
    assert len(segments) > 3
    assert [s for b in inbox.read() for s, _ in b] == list(range(1, 41))
    removed = inbox.compact(checkpoint=25)
    assert removed > 0
    remaining = [s for b in inbox.read() for s, _ in b]
    assert remaining[-1] == 40 and remaining[0] <= 26  # nothing above the checkpoint lost
    inbox.compact(checkpoint=40)
    assert len(inbox.segments()) == 1  # the active segment stays: it holds the last seq
    assert inbox.append([make_article(999)]) == [41]


def test_floor_after_lost_inbox(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox")
    inbox.ensure_floor(500)
    assert inbox.append([make_article(1)]) == [501]


def _append_many(directory: str, worker: int) -> None:
    inbox = Inbox(directory, segment_bytes=4000)
    for i in range(25):
        inbox.append([make_article(worker * 1000 + i), make_article(worker * 1000 + 500 + i)])
    inbox.close()


def test_cross_process_appends_are_gap_free(tmp_path: Path) -> None:
    d = str(tmp_path / "inbox")
    Inbox(d).close()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(d, w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    records = [(s, a.id) for b in Inbox(d).read() for s, a in b]
    assert [s for s, _ in records] == list(range(1, 151))
    assert len({i for _, i in records}) == 150


def test_threads_appending_and_looking_at_the_tail(tmp_path: Path) -> None:
    """The service's intake appends while its store loop asks for the last seq (and compacts)
    through the same Inbox: no record is cut as "torn", seqs stay gap-free."""
    import threading

    inbox = Inbox(tmp_path / "inbox", segment_bytes=20_000)
    done = threading.Event()

    def append() -> None:
        try:
            for i in range(150):
                inbox.append([make_article(i * 2), make_article(i * 2 + 1)])
        finally:
            done.set()

    writer = threading.Thread(target=append)
    writer.start()
    seen = 0
    while not done.is_set():
        seen = max(seen, inbox.last_seq())
        inbox.compact(0)
    writer.join()
    records = [(s, a.id) for b in inbox.read() for s, a in b]
    assert [s for s, _ in records] == list(range(1, 301)) and inbox.last_seq() == 300
    assert len({i for _, i in records}) == 300
