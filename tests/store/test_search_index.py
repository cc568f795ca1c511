"""The keyword index beside the store (store/search.py): fed by the writer, caught up on
open, rebuilt when missing or damaged, and never the reason a search misses an article."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _store_helpers import Ask as _Ask
from _store_helpers import make_article
from wirewatch.model import Analysis
from wirewatch.store.search import SEARCH_NAME, phrase
from wirewatch.store.writer import Store

OLD = datetime(2022, 1, 1, tzinfo=UTC)


def _old_and_new(n_new: int = 5) -> list[Analysis]:
    """One old article naming a rare word, then recent ones: the rare word lies outside every
    recent window, so only the index (or a full scan) finds it."""
    rare = replace(make_article(1000), published_at=OLD, title="Quarterly fisheries report",
                   body="Negotiators from Iceland discussed mackerel quotas.")
    recent = [replace(make_article(i), published_at=datetime(2024, 5, 1, tzinfo=UTC)
                      + timedelta(hours=i)) for i in range(1, n_new + 1)]
    return [Analysis(a) for a in [rare, *recent]]


def test_phrase_query() -> None:
    assert phrase("Blink") == '"blink"*'
    assert phrase('say "hi" now') == '"say hi now"*'
    assert phrase("%%") is None


def test_writer_indexes_and_search_uses_it(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.write(_old_and_new())
        ids, rows, mark = store.search.match("mackerel")
        assert len(ids) == 1 and mark is not None
        assert _Ask(store).sql("SELECT id FROM articles WHERE rowid = ?", rows)["id"].tolist() == ids
        assert store.search.match("Icel") is not None  # the last word is a prefix
        assert store.search.match("Icel")[0] == ids
        df = _Ask(store).articles(q="mackerel quotas")
        assert list(df["title"]) == ["Quarterly fisheries report"]
        assert len(_Ask(store).articles(q="iceland discussed")) == 1
        assert len(_Ask(store).articles(q="salmon")) == 0


def test_missing_index_is_rebuilt_on_open(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.write(_old_and_new())
    for f in tmp_path.glob(SEARCH_NAME + "*"):
        f.unlink()
    with Store(tmp_path) as store:
        assert store.search.match("mackerel") is not None
        assert len(store.search.match("mackerel")[0]) == 1


def test_damaged_index_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.write(_old_and_new())
    for f in tmp_path.glob(SEARCH_NAME + "-*"):
        f.unlink()
    (tmp_path / SEARCH_NAME).write_bytes(b"\x00garbage" * 512)
    with Store(tmp_path) as store:
        assert len(store.search.match("mackerel")[0]) == 1
        assert len(_Ask(store).articles(q="mackerel")) == 1
    assert (tmp_path / (SEARCH_NAME + ".damaged")).exists()


def test_articles_the_index_lacks_are_still_found(tmp_path: Path) -> None:
    """An article stored without reaching the index (crash between the two commits) is found
    by search at once and indexed on the next open."""
    with Store(tmp_path) as store:
        store.write(_old_and_new()[1:])  # the index's watermark is now set
        rare = _old_and_new()[0]
        store.search.add = lambda rows, watermark: 0  # type: ignore[method-assign]
        store.write([rare])  # committed to DuckDB, not indexed
        del store.search.add
        assert store.search.match("mackerel")[0] == []
        assert list(_Ask(store).articles(q="mackerel")["id"]) == [rare.article.id]
    with Store(tmp_path) as store:
        assert store.search.match("mackerel")[0] == [rare.article.id]
