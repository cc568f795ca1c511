"""Issue 18: stories that close when reporting moves on, storylines that link them (store →
Python API → CLI → HTTP on 127.0.0.1 → dashboard in Chromium), and one outlet as one source.

Real spaCy analysis (in-process), real DuckDB store, a real uvicorn server, Debian's Chromium."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from test_link_stories import QUAKE_A, QUAKE_B, art
from typer.testing import CliRunner

import wirewatch.api
from wirewatch.cli import app as cli_app
from wirewatch.engine.local import LocalEngine
from wirewatch.link.merge import EventMerger, Report
from wirewatch.link.outlets import family, source_key, strip_section
from wirewatch.link.stories import StoryClusterer, StoryConfig
from wirewatch.serve.app import create_app

OPENS = ("The impeachment trial of President Donald Trump opened in the Senate on Thursday as "
         "Chief Justice John Roberts swore in the senators as jurors. House managers led by "
         "Adam Schiff read the articles of impeachment, which accuse Trump of abuse of power "
         "and obstruction of Congress over his dealings with Ukraine.")
OPENS_B = ("Chief Justice John Roberts swore in senators as jurors on Thursday as the Senate "
           "impeachment trial of President Donald Trump opened. Adam Schiff and the other House "
           "managers read the articles of impeachment charging Trump with abuse of power and "
           "obstruction of Congress over Ukraine.")
WITNESSES = ("The Senate voted on Friday against calling witnesses in the impeachment trial of "
             "President Donald Trump, clearing the way for his acquittal. Majority Leader Mitch "
             "McConnell held Republicans together as Adam Schiff and the House managers pleaded "
             "for testimony on Ukraine from John Bolton.")
WITNESSES_B = ("Republicans in the Senate blocked witnesses on Friday in the impeachment trial of "
               "President Donald Trump, as Mitch McConnell kept his majority together. House "
               "managers led by Adam Schiff had sought testimony from John Bolton about Ukraine.")




def day(d: int, h: int = 9) -> datetime:
    return datetime(2020, 1, d, h, tzinfo=UTC)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trial's opening (16 Jan) and the witness vote (31 Jan): two happenings two weeks
    apart, one storyline; an earthquake in between is another."""
    data = tmp_path_factory.mktemp("storylines") / "data"
    with LocalEngine(data, workers=0, use_pool=False) as eng:
        eng.ingest([
            art("t1", OPENS, "Trump impeachment trial opens in the Senate", "Reuters", day(16)),
            art("t2", OPENS_B, "Roberts swears in senators as Trump trial opens",
                "New York Times - News", day(16, 14)),
            art("q1", QUAKE_A, "Earthquake kills hundreds in Turkey and Syria", "Reuters",
                day(20)),
            art("q2", QUAKE_B, "Rescuers dig for survivors after Turkey quake",
                "Associated Press", day(20, 11)),
            art("w1", WITNESSES, "Senate votes against witnesses in Trump trial",
                "Newsmax - News", day(31)),
            art("w2", WITNESSES_B, "Republicans block witnesses in impeachment trial",
                "Newsmax - Opinion", day(31, 12)),
        ])
    return data


def test_store_links_the_trial_stories_into_one_storyline(store_dir: Path) -> None:
    with wirewatch.api.open(store_dir, workers=0) as ww:
        story = dict(ww.sql("SELECT article_id, story_id FROM story_articles").itertuples(
            index=False))
        # three happenings, three stories: two weeks apart the trial is another story
        assert story["t1"] == story["t2"] != story["w1"] == story["w2"]
        assert story["q1"] == story["q2"] not in (story["t1"], story["w1"])
        lines = ww.storylines()
        assert len(lines) == 1 and lines.iloc[0]["num_stories"] == 2
        line = ww.storyline(lines.iloc[0]["id"])
        assert list(line["stories"]["id"]) == [story["t1"], story["w1"]]  # a timeline
        assert line["num_articles"] == 4
        assert "adam schiff" in list(line["actors"]) or "donald trump" in list(line["actors"])
        assert len(ww.storylines(min_stories=1)) == 2  # the quake is a storyline of its own
        assert ww.storyline("nope") is None
        # the story document says which storyline it belongs to
        doc = ww.story(story["w1"])
        assert doc["storyline_id"] == lines.iloc[0]["id"] and doc["storyline_stories"] == 2


def test_newsmax_news_and_opinion_are_one_source(store_dir: Path) -> None:
    with wirewatch.api.open(store_dir, workers=0) as ww:
        sid = ww.sql("SELECT story_id FROM story_articles WHERE article_id = 'w1'").iloc[0, 0]
        row = ww.sql("SELECT num_outlets, num_sources FROM stories WHERE id = ?", [sid]).iloc[0]
        assert row["num_outlets"] == 2 and row["num_sources"] == 1
        trial = ww.sql("SELECT num_sources FROM stories WHERE id = 't1'").iloc[0, 0]
        assert trial == 2  # Reuters and the New York Times
        # merged events count families too: no event cluster of w1/w2 counts Newsmax twice
        sources = ww.sql("SELECT DISTINCT source_key FROM event_reports WHERE article_id IN "
                         "('w1', 'w2')")["source_key"].tolist()
        assert sources == ["Newsmax"]


def test_rebuild_gives_the_same_storylines(store_dir: Path) -> None:
    with wirewatch.api.open(store_dir, workers=0) as ww:
        before = ww.sql("SELECT story_id, storyline_id FROM storyline_stories ORDER BY 1")
        assert ww.rebuild_storylines() == 2
        after = ww.sql("SELECT story_id, storyline_id FROM storyline_stories ORDER BY 1")
        assert before.equals(after)
        assert ww.sql("SELECT num_sources FROM stories WHERE id = 't1'").iloc[0, 0] == 2


def test_cli(store_dir: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli_app, ["storylines", "--data", str(store_dir), "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert len(rows) == 1 and rows[0]["num_stories"] == 2
    out = runner.invoke(cli_app, ["storyline", rows[0]["id"][:8], "--data", str(store_dir)])
    assert out.exit_code == 0, out.output
    assert "witnesses" in out.output.lower() and "2 stories" in out.output
    out = runner.invoke(cli_app, ["storylines", "--data", str(store_dir), "--rebuild"])
    assert out.exit_code == 0, out.output
    assert "rebuilt 2 storylines" in out.output
    out = runner.invoke(cli_app, ["storyline", "nope", "--data", str(store_dir)])
    assert out.exit_code == 1 and "no storyline" in out.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[str]:
    """The service's app (no ingest) over the test store, on 127.0.0.1, stopped after."""
    engine = LocalEngine(store_dir, workers=0, analyze=False)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield base
    finally:
        srv.should_exit = True
        thread.join(30)
        engine.close()


def test_http(server: str) -> None:
    r = httpx.get(f"{server}/storylines", timeout=10)
    assert r.status_code == 200
    lines = r.json()["storylines"]
    assert len(lines) == 1 and lines[0]["num_stories"] == 2
    doc = httpx.get(f"{server}/storylines/{lines[0]['id']}", timeout=10).json()
    firsts = [s["first_seen"] for s in doc["stories"]]
    assert len(firsts) == 2 and firsts == sorted(firsts)
    assert httpx.get(f"{server}/storylines/nope", timeout=10).status_code == 404
    assert httpx.get(f"{server}/storylines", params={"since": "soon"},
                     timeout=10).status_code == 400
    # the stories API keeps working, now with sources and the storyline
    stories = httpx.get(f"{server}/stories", timeout=10).json()["stories"]
    assert {s["storyline_id"] for s in stories if s["id"] in ("t1", "w1")} == {lines[0]["id"]}
    assert all("num_sources" in s for s in stories)


def test_dashboard_storyline_timeline(server: str, browser: Any, tmp_path: Path) -> None:
    line = httpx.get(f"{server}/storylines", timeout=10).json()["storylines"][0]
    page = browser.new_page()
    try:
        page.goto(server + "/")
        item = page.locator(f".storyline-item[data-id='{line['id']}']")
        item.wait_for(timeout=30_000)
        item.click()
        page.wait_for_selector(f"[data-storyline='{line['id']}'] .timeline-story")
        stories = page.locator(".timeline-story")
        assert stories.count() == 2
        assert "witnesses" in stories.nth(1).inner_text().lower()
        page.screenshot(path=str(tmp_path / "storyline.png"))
        stories.nth(0).click()  # a story of the timeline opens the story view
        page.wait_for_selector("[data-story] .story-view")
        page.click(".storyline-link")  # and the story view leads back to its storyline
        page.wait_for_selector(f"[data-storyline='{line['id']}'] .timeline-story")
    finally:
        page.close()


# -- units: closing, outlet identity, reports -------------------------------------------------

def test_story_closes_when_reporting_moves_on() -> None:
    """The same happening keeps being reported every day: after `max_span_hours` from its
    first article the story takes no more, and a new story continues it."""
    sc = StoryClusterer(StoryConfig(max_span_hours=72))
    terms = ["e:senate", "e:donald trump", "w:impeachment", "w:trial", "w:witnesses"]
    t0 = datetime(2020, 1, 16, tzinfo=UTC)
    ids = []
    for i in range(8):  # one article a day, each within the window of the last
        story, _ = sc.assign(f"a{i}", "AP", t0 + timedelta(days=i), "Trial", terms)
        ids.append(story.id)
    assert ids[:4] == ["a0"] * 4 and ids[4:] == ["a4"] * 4
    assert all((s.last_seen - s.first_seen) <= timedelta(hours=72)
               for s in sc.stories.values())


def test_a_story_is_born_only_from_a_clear_pair() -> None:
    """Joining a one-article story needs `pair_threshold`; a grown story needs `threshold`."""
    sc = StoryClusterer(StoryConfig(threshold=0.1, pair_threshold=0.9))
    t0 = datetime(2020, 1, 16, tzinfo=UTC)
    a, _ = sc.assign("a", "AP", t0, "x", ["w:senate", "w:trial", "w:witnesses", "w:vote"])
    b, _ = sc.assign("b", "AP", t0, "x", ["w:senate", "w:trial", "w:bolton", "w:book"])
    assert b is not a  # half the words: not enough to start a story


def test_outlet_families() -> None:
    assert family("Newsmax - Opinion") == family("Newsmax (News)") == "Newsmax"
    assert family("New York Times (Online News)") == family("New York Times - Opinion") \
        == "New York Times"
    assert family("NPR Editorial ") == family("NPR Online News") == "NPR"
    assert family("CNN (Web News)") == family("CNN - Editorial") == "CNN"
    assert family("Scriberr Media - Opinion/Editorial") == "Scriberr Media"
    assert family("AP Fact Check") == "Associated Press"
    assert family("Daily Planet – Opinion") == "Daily Planet"  # by rule, not by table
    assert family("Fox News") == "Fox News" and family("NBC News (Online)") == "NBC News"
    assert family("") is None and family(None) is None
    assert strip_section("The Week - News") == "The Week"
    # a byline of a wire service alone is the wire's copy
    assert source_key("Washington Times", ["Associated Press"]) == "Associated Press"
    assert source_key("PBS NewsHour", ["Matthew Lee", "Associated Press"]) == "PBS NewsHour"


def test_an_article_repeating_a_sentence_is_one_report() -> None:
    merger = EventMerger()
    at = datetime(2020, 1, 3, tzinfo=UTC)
    said = "A US drone strike killed Qassem Soleimani at Baghdad airport on Friday."

    def report(aid: str, idx: int, outlet: str) -> Report:
        return Report(article_id=aid, idx=idx, outlet=outlet, source_key=family(outlet),
                      reported_at=at, type="ASSAULT", source=("USA",), target=("IRN",),
                      source_countries=frozenset({"USA"}), target_countries=frozenset({"IRN"}),
                      date="2020-01-03", date_precision="day", evidence=said)

    c = merger.add(report("a", 0, "Newsmax - News"))
    assert merger.add(report("a", 3, "Newsmax - News")) is c  # the lede again, lower down
    assert merger.add(report("b", 0, "Newsmax - Opinion")) is c
    assert merger.add(report("d", 1, "Reuters")) is c
    row = c.as_row()
    assert row["num_reports"] == 3 and row["num_articles"] == 3
    assert row["num_outlets"] == 3 and row["num_sources"] == 2
