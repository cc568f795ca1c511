"""The link step in the engine: near-duplicate copies, stories, merged events, restarts.

Real spaCy analysis (in-process), real DuckDB store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from _store_helpers import Ask as _Ask
from wirewatch.engine.local import LocalEngine, default_analyzer
from wirewatch.model import Analysis, Article
from wirewatch.store.inbox import Inbox

ANALYSED: list[str] = []


def counting_analyzer(articles: list[Article], kb: object = None) -> list[Analysis]:
    """The real analyzer, recording which articles it was asked to analyse."""
    ANALYSED.extend(a.id for a in articles)
    return default_analyzer(articles, kb)


def engine(path: Path) -> LocalEngine:
    return LocalEngine(path, workers=0, analyzer=counting_analyzer, use_pool=False)


def day(d: int, h: int = 9) -> datetime:
    return datetime(2023, 6, d, h, tzinfo=UTC)


PLANNED = ("Secretary of State Antony Blinken is set to visit China next week, the State "
           "Department said on Friday. He will meet Chinese officials in Beijing to discuss "
           "trade, Taiwan and fentanyl, in the first such trip in five years by a top American "
           "diplomat amid tense relations between the two powers.")
ARRIVED = ("US Secretary of State Antony Blinken arrived in Beijing on Sunday for talks with "
           "Chinese officials, the first visit by America's top diplomat in five years, as both "
           "sides try to steady relations strained over Taiwan and trade.")
QUAKE_A = ("A magnitude 7.8 earthquake struck southern Turkey and northern Syria early on "
           "Monday, toppling thousands of buildings in Gaziantep and killing hundreds of people, "
           "rescue officials said. Rescuers searched the rubble for survivors in freezing rain.")
QUAKE_B = ("Rescuers in Gaziantep dug through collapsed buildings after a powerful earthquake "
           "hit Turkey and Syria on Monday. The magnitude 7.8 quake killed hundreds of people "
           "and toppled thousands of buildings, officials said.")
FOOTBALL = ("Manchester City beat Arsenal 4-1 at the Etihad Stadium on Wednesday, with Kevin "
            "De Bruyne scoring twice as Pep Guardiola's side moved closer to the Premier League "
            "title in front of a sold-out crowd.")


def art(aid: str, body: str, title: str, outlet: str, when: datetime) -> Article:
    return Article(id=aid, body=body, title=title, outlet=outlet, published_at=when)


def rows(eng: LocalEngine, sql: str) -> list[tuple]:
    return [tuple(r) for r in _Ask(eng.store).sql(sql).itertuples(index=False)]


def test_near_duplicate_copy_is_stored_linked_and_not_analysed(tmp_path: Path) -> None:
    original = art("orig", PLANNED, "Blinken to visit China", "Reuters", day(14))
    copy = art("copy", PLANNED + " (Reuters)", "Blinken to visit China next week", "Yahoo",
               day(14, 11))
    ANALYSED.clear()
    with engine(tmp_path) as eng:
        summary = eng.ingest([original, copy])
        assert summary.accepted == 2 and summary.stored == 2
        assert ANALYSED == ["orig"]  # the copy was never handed to the analyzer
        assert rows(eng, "SELECT article_id, duplicate_of FROM article_links") == [
            ("copy", "orig")]
        notes = rows(eng, "SELECT notes FROM analyses WHERE article_id = 'copy'")[0][0]
        assert list(notes) == ["duplicate of orig"]
        # The copy reuses the original's analysis: same events, same entities.
        n_events = rows(eng, "SELECT article_id, count(*) FROM events GROUP BY ALL ORDER BY 1")
        assert n_events[0][0] == "copy" and n_events[0][1] == n_events[1][1] > 0
        n_ents = rows(eng, "SELECT count(*) FILTER (article_id = 'copy'), "
                           "count(*) FILTER (article_id = 'orig') FROM entities")[0]
        assert n_ents[0] == n_ents[1] > 0
        # ... and counts as another mention from its outlet, not another source.
        c = rows(eng, "SELECT num_articles, num_sources, num_outlets FROM event_clusters "
                      "WHERE id = 'orig:0'")
        assert c == [(2, 1, 2)]
        # It joins its original's story.
        assert rows(eng, "SELECT story_id FROM story_articles WHERE article_id = 'copy'") == [
            ("orig",)]
        # Re-ingesting changes nothing.
        before = rows(eng, "SELECT (SELECT count(*) FROM event_reports), "
                           "(SELECT count(*) FROM story_articles), (SELECT count(*) FROM events)")
        assert eng.ingest([original, copy]).accepted == 0
        after = rows(eng, "SELECT (SELECT count(*) FROM event_reports), "
                          "(SELECT count(*) FROM story_articles), (SELECT count(*) FROM events)")
        assert before == after


def test_story_forms_from_two_outlets_and_keeps_noise_apart(tmp_path: Path) -> None:
    with engine(tmp_path) as eng:
        eng.ingest([art("q1", QUAKE_A, "Earthquake kills hundreds in Turkey and Syria",
                        "Reuters", day(5, 6)),
                    art("fb", FOOTBALL, "Manchester City thrash Arsenal", "BBC", day(5, 8)),
                    art("q2", QUAKE_B, "Rescuers dig for survivors after Turkey quake", "AP",
                        day(5, 10))])
        got = dict(rows(eng, "SELECT article_id, story_id FROM story_articles"))
        assert got["q1"] == got["q2"] != got["fb"]
        story = _Ask(eng.store).sql(
            "SELECT * FROM stories WHERE id = ?", [got["q1"]]).iloc[0]
        assert story["num_articles"] == 2 and list(story["outlets"]) == ["AP", "Reuters"]
        assert "quake" in story["title"].lower() or "earthquake" in story["title"].lower()
        assert len(story["keypoints"]) >= 1


def test_planned_then_occurred_is_one_event_with_modality_history(tmp_path: Path) -> None:
    with engine(tmp_path) as eng:
        eng.ingest([art("p", PLANNED, "Blinken to visit China", "Reuters", day(14))])
    with engine(tmp_path) as eng:  # after a restart: the cluster is rebuilt from the store
        assert any(c.type == "CONSULT" for c in eng.linker.merger.clusters.values())
        eng.ingest([art("o", ARRIVED, "Blinken arrives in Beijing", "AP", day(18))])
        clusters = _Ask(eng.store).sql(
            "SELECT * FROM event_clusters WHERE list_contains("
            "(SELECT list(cluster_id) FROM event_reports WHERE article_id = 'o'), id)")
        assert len(clusters) == 1
        c = clusters.iloc[0]
        assert c["type"] == "CONSULT" and c["modality"] == "occurred"
        history = json.loads(c["modality_history"])
        assert [(h["modality"], h["article_id"]) for h in history] == [
            ("planned", "p"), ("occurred", "o")]
        assert c["num_articles"] == 2 and c["num_sources"] == 2
        assert c["date"] == "2023-06-18" and c["date_precision"] == "day"


def test_num_sources_counts_wire_copies_once(tmp_path: Path) -> None:
    wire = [art(f"w{i}", ARRIVED + ("" if i == 0 else f" Copyright {2023 + i}."),
                "Blinken arrives in Beijing", outlet, day(18, 6 + i))
            for i, outlet in enumerate(["AP", "Yahoo", "MSN", "Seattle Times"])]
    own = art("nyt", "Antony Blinken, the US secretary of state, landed in Beijing on Sunday for "
              "a visit to China meant to steady ties, meeting Chinese officials on Taiwan.",
              "Blinken lands in Beijing", "NYT", day(18, 12))
    with engine(tmp_path) as eng:
        eng.ingest([*wire, own])
        assert len(rows(eng, "SELECT * FROM article_links")) == 3
        cid = rows(eng, "SELECT cluster_id FROM event_reports WHERE article_id = 'nyt' "
                        "AND cluster_id IN (SELECT cluster_id FROM event_reports "
                        "WHERE article_id = 'w0')")
        assert cid, "the independent report joined the wire story's event"
        c = rows(eng, "SELECT num_articles, num_sources, num_outlets FROM event_clusters "
                      f"WHERE id = '{cid[0][0]}'")
        assert c == [(5, 2, 5)]


def test_restart_rebuilds_index_stories_and_clusters(tmp_path: Path) -> None:
    ANALYSED.clear()
    with engine(tmp_path) as eng:
        eng.ingest([art("q1", QUAKE_A, "Earthquake kills hundreds in Turkey and Syria",
                        "Reuters", day(5, 6))])
    with engine(tmp_path) as eng:  # a new process: everything rebuilt from the store
        assert "q1" in eng.linker.dedup and "q1" in eng.linker.stories.stories
        eng.ingest([art("q1copy", QUAKE_A + " (Reuters)", "Quake", "Yahoo", day(5, 7)),
                    art("q2", QUAKE_B, "Rescuers dig for Turkey earthquake survivors", "AP",
                        day(5, 10))])
        assert ANALYSED == ["q1", "q2"]
        assert rows(eng, "SELECT article_id, duplicate_of FROM article_links") == [
            ("q1copy", "q1")]
        got = dict(rows(eng, "SELECT article_id, story_id FROM story_articles"))
        assert got == {"q1": "q1", "q1copy": "q1", "q2": "q1"}
        days = dict(eng.linker.stories._day_titles)
    with engine(tmp_path) as eng:  # the recent days' headline words too (the topic's words)
        assert dict(eng.linker.stories._day_titles) == days == {day(5).date(): 2}


def test_replayed_inbox_links_exactly_once(tmp_path: Path) -> None:
    a = art("q1", QUAKE_A, "Earthquake in Turkey", "Reuters", day(5, 6))
    b = art("q1copy", QUAKE_A + " (Reuters)", "Quake", "Yahoo", day(5, 7))
    c = art("q2", QUAKE_B, "Rescuers dig for survivors", "AP", day(5, 10))
    with engine(tmp_path) as eng:
        eng.ingest([a])
    inbox = Inbox(tmp_path / "inbox")  # acknowledged, then the process died before storing
    inbox.append([a, b, c])
    inbox.close()
    with engine(tmp_path) as eng:
        assert eng.replayed == 2
        assert rows(eng, "SELECT count(*), count(DISTINCT article_id) FROM story_articles") == [
            (3, 3)]
        assert rows(eng, "SELECT article_id, duplicate_of FROM article_links") == [
            ("q1copy", "q1")]
        n = rows(eng, "SELECT count(*) FROM event_reports")[0][0]
        assert n == rows(eng, "SELECT count(*) FROM events")[0][0]


def test_analytics_count_merged_events_not_reports(tmp_path: Path) -> None:
    """Two outlets reporting Blinken's visit are two reports of one event: the dyad aggregate
    counts the event once, while the events table keeps both reports."""
    with engine(tmp_path) as eng:
        eng.ingest([art("p", PLANNED, "Blinken to visit China", "Reuters", day(14))])
        eng.ingest([art("o", ARRIVED, "Blinken arrives in Beijing", "AP", day(18))])
        reports = rows(eng, "SELECT count(*) FROM events e JOIN event_reports r USING "
                            "(article_id, idx) WHERE e.type = 'CONSULT' AND r.cluster_id IN "
                            "(SELECT cluster_id FROM event_reports WHERE article_id = 'o')")
        assert reports[0][0] >= 2
        counted = rows(eng, "SELECT sum(events) FROM agg_windows WHERE grain = 'day' "
                            "AND dim = 'event_type' AND key = 'CONSULT'")
        clusters = rows(eng, "SELECT count(DISTINCT cluster_id) FROM event_reports r JOIN "
                             "events e USING (article_id, idx) WHERE e.type = 'CONSULT'")
        assert counted[0][0] == clusters[0][0] < rows(
            eng, "SELECT count(*) FROM events WHERE type = 'CONSULT'")[0][0]


def test_story_stays_open_only_within_its_window() -> None:
    """An article joins a story while the story keeps receiving articles; the same topic after
    `window_hours` of silence opens a new story."""
    from datetime import timedelta

    from wirewatch.link.stories import StoryClusterer, StoryConfig

    sc = StoryClusterer(StoryConfig(window_hours=24))
    terms = ["e:antony blinken", "e:china", "w:visit", "w:beijing", "w:talks"]
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    first, _ = sc.assign("a", "AP", t0, "Blinken visits Beijing", terms)
    again, sim = sc.assign("b", "Reuters", t0 + timedelta(hours=20), "Blinken in Beijing", terms)
    assert again is first and sim > 0.9
    later, _ = sc.assign("c", "BBC", t0 + timedelta(hours=20 + 25), "Blinken again", terms)
    assert later is not first and later.id == "c"
    assert [m.article_id for m in first.members] == ["a", "b"]
