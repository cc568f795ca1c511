"""A near-duplicate copy (not analysed: it takes over its original's rows in the link step) is
counted by the incremental aggregates exactly as a rebuild from the stored rows counts it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from _analytics_helpers import assert_aggregates_match_rebuild
from _corrections_helpers import analyzer, article
from wirewatch.engine.local import LocalEngine


def test_a_copy_counts_in_the_aggregates_as_a_rebuild_counts_it(tmp_path: Path) -> None:
    engine = LocalEngine(tmp_path / "data", workers=0, analyzer=analyzer)
    try:
        engine.ingest([article(1)])
        copy = replace(article(1), id="copy000000000000001", url="https://example.com/copy/1")
        engine.ingest([copy])
        with engine.store.reader.reading() as cur:
            assert cur.execute("SELECT count(*) FROM article_links").fetchone()[0] == 1
            assert cur.execute("SELECT count(*) FROM entities WHERE article_id = ?",
                               [copy.id]).fetchone()[0] > 0  # it took over the rows
        assert_aggregates_match_rebuild(engine)
    finally:
        engine.close()
