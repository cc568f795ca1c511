"""`reanalyze` re-links what it recodes: an article whose events changed leaves (or joins)
merged events, a merged event it left is recounted (or dropped when emptied), its story keeps
it with its new terms — in the recoding's own transaction, the aggregates equal to a rebuild
from the stored rows, and an analyst's correction still applied on top.

The machine is a small deterministic analyzer: `CODING[article id]` says which event types it
codes (a CONSULT in the quote's sentence, any other type in the shelling's), so "a retrained
model" is a change of that table.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _analytics_helpers import assert_aggregates_match_rebuild
from _corrections_helpers import QUOTE, SENTENCE, article
from wirewatch.corrections import Corrector
from wirewatch.engine.local import LocalEngine
from wirewatch.model import ActorRef, Analysis, Article, Event, Evidence, Location, Tone

CODING: dict[str, list[str]] = {}


def analyzer(articles: list[Article], kb: Any) -> list[Analysis]:
    out = []
    for art in articles:
        def evidence(t: str, body: str = art.body) -> Evidence:
            said = QUOTE if t == "CONSULT" else SENTENCE
            s = body.index(said)
            return Evidence(said, s, s + len(said))

        events = [Event(type=t, source=[ActorRef("Kenya", "KEN", "MIL")],
                        target=[ActorRef("Somalia", "SOM", "MIL")], evidence=evidence(t),
                        location=Location("Mandera", "KEN", 3.94, 41.86), date="2024-05-06")
                  for t in CODING.get(art.id, ["ASSAULT"])]
        out.append(Analysis(article=art, events=events, tone=Tone(-3.0, 1.0, 4.0, 0.2)))
    return out


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[LocalEngine]:
    CODING.clear()
    eng = LocalEngine(tmp_path / "data", workers=0, analyzer=analyzer)
    eng.ingest([article(1), article(2), article(4)])
    try:
        yield eng
    finally:
        eng.close()


def _rows(engine: LocalEngine, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    cur = engine.store.reader.cursor()
    try:
        return cur.execute(sql, list(params)).fetchall()
    finally:
        cur.close()


def _clusters(engine: LocalEngine) -> dict[str, tuple[str, int, list[str]]]:
    """Merged event id → (type, num_reports, its reports as 'article:idx')."""
    out = {}
    for cid, typ, n in _rows(engine, "SELECT id, type, num_reports FROM event_clusters"):
        reports = sorted(f"{a}:{i}" for a, i in _rows(
            engine, "SELECT article_id, idx FROM event_reports WHERE cluster_id = ?", cid))
        out[cid] = (typ, n, reports)
    return out


def test_recoded_events_leave_and_join_merged_events(engine: LocalEngine) -> None:
    a1, a2, a4 = article(1).id, article(2).id, article(4).id
    founder = f"{a1}:0"
    assert _clusters(engine) == {founder: ("ASSAULT", 3, sorted([founder, f"{a2}:0",
                                                                  f"{a4}:0"]))}
    (story,) = {r[0] for r in _rows(engine, "SELECT story_id FROM story_articles")}

    # a new model reads article 2's shelling as a threat: it leaves the merged event
    CODING[a2] = ["THREATEN"]
    assert engine.reanalyze(ids=[a2]) == 1
    assert _clusters(engine) == {
        founder: ("ASSAULT", 2, sorted([founder, f"{a4}:0"])),
        f"{a2}:0": ("THREATEN", 1, [f"{a2}:0"])}
    terms = _rows(engine, "SELECT terms FROM story_articles WHERE article_id = ?", a2)[0][0]
    assert "v:THREATEN:KEN>SOM" in terms and "v:ASSAULT:KEN>SOM" not in terms
    assert _rows(engine, "SELECT story_id FROM story_articles WHERE article_id = ?",
                 a2) == [(story,)]
    assert_aggregates_match_rebuild(engine)

    # the next model finds a meeting first (renumbering) and the shelling again: it joins
    # back under its new number, the threat's merged event is gone
    CODING[a2] = ["CONSULT", "ASSAULT"]
    assert engine.reanalyze(ids=[a2]) == 1
    assert _clusters(engine) == {
        founder: ("ASSAULT", 3, sorted([founder, f"{a2}:1", f"{a4}:0"])),
        f"{a2}:0": ("CONSULT", 1, [f"{a2}:0"])}
    assert_aggregates_match_rebuild(engine)

    # an analyst's correction moved article 4's report out; a recoding keeps it out, and the
    # undo files it where the (new) link step put it
    corrector = Corrector(engine)
    (rec,) = corrector.patch("event", f"{a4}:0", {"type": "ACCUSE"}, "ann")
    assert _clusters(engine)[founder][1] == 2
    CODING[a4] = ["CONSULT", "ASSAULT"]
    assert engine.reanalyze(ids=[a4]) == 1
    clusters = _clusters(engine)
    assert clusters[founder] == ("ASSAULT", 2, sorted([founder, f"{a2}:1"]))
    assert clusters[f"{a4}:1"] == ("ACCUSE", 1, [f"{a4}:1"])
    assert clusters[f"{a2}:0"] == ("CONSULT", 2, sorted([f"{a2}:0", f"{a4}:0"]))  # merged
    assert_aggregates_match_rebuild(engine)
    corrector.undo(rec["id"], "ann")
    clusters = _clusters(engine)
    assert clusters[founder] == ("ASSAULT", 3, sorted([founder, f"{a2}:1", f"{a4}:1"]))
    assert f"{a4}:1" not in clusters
    assert_aggregates_match_rebuild(engine)

    # an article recoded with no event at all leaves every merged event
    CODING[a2] = []
    engine.reanalyze(ids=[a2])
    clusters = _clusters(engine)
    assert clusters[founder][2] == sorted([founder, f"{a4}:1"])
    assert all(not any(r.startswith(a2) for r in c[2]) for c in clusters.values())
    assert_aggregates_match_rebuild(engine)


def _counted(engine: LocalEngine, typ: str) -> int:
    """Events of `typ` the day windows count (one a merged event, by its founding report)."""
    found = _rows(engine, "SELECT sum(events) FROM agg_windows WHERE grain = 'day' AND "
                          "dim = 'event_type' AND key = ?", typ)
    return int(found[0][0] or 0)


def test_a_merged_event_whose_founder_left_is_refounded(engine: LocalEngine) -> None:
    """The founding report renumbered, or gone: the merged event takes the id of its first
    report now, so it is still counted once (other articles' aggregates move with it)."""
    a1, a2, a4 = article(1).id, article(2).id, article(4).id
    assert _counted(engine, "ASSAULT") == 1
    CODING[a1] = ["CONSULT", "ASSAULT"]  # the founder's shelling is event 1 now
    engine.reanalyze(ids=[a1])
    assert _clusters(engine) == {
        f"{a2}:0": ("ASSAULT", 3, sorted([f"{a1}:1", f"{a2}:0", f"{a4}:0"])),
        f"{a1}:0": ("CONSULT", 1, [f"{a1}:0"])}
    assert _counted(engine, "ASSAULT") == 1 and _counted(engine, "CONSULT") == 1
    assert_aggregates_match_rebuild(engine)

    CODING[a1] = []  # no event at all: the merged event keeps article 2's and 4's reports
    engine.reanalyze(ids=[a1])
    clusters = _clusters(engine)
    assert clusters == {f"{a2}:0": ("ASSAULT", 2, sorted([f"{a2}:0", f"{a4}:0"]))}
    assert _counted(engine, "ASSAULT") == 1 and _counted(engine, "CONSULT") == 0
    assert_aggregates_match_rebuild(engine)
    stored = _rows(engine, "SELECT cluster_id FROM event_reports WHERE article_id = ?", a4)
    assert stored == [(f"{a2}:0",)]
