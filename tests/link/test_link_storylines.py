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
from wirewatch.link.outlets import (
    family,
    is_commentary,
    is_commentary_title,
    is_opinion,
    source_key,
    strip_section,
)
from wirewatch.link.stories import StoryClusterer, StoryConfig, stem, title_vector, vector
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
                "Newsmax (Online News)", day(31, 12)),
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


def test_two_newsmax_sections_are_one_source(store_dir: Path) -> None:
    """(A column of the same outlet would not join the news story at all: opinion_penalty.)"""
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
    sc = StoryClusterer(StoryConfig(max_span_hours=72, threshold_per_day=0.15))
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


def _terms(title: str, lead: str, entities: tuple[str, ...] = ()) -> list[str]:
    from wirewatch.link.stories import article_terms
    return article_terms(title, lead, entities)


# Invented reports of one trial day: the rules vote, and a column on the trial that shares
# the body's words but names no happening in its headline.
RULES = ("Senators voted late on Tuesday to adopt the trial rules proposed by the majority "
         "leader after a long session in which every amendment for subpoenas was tabled.")
RULES_B = ("The Senate adopted the majority leader's trial rules on Tuesday night, tabling each "
           "amendment that sought subpoenas for documents and witnesses in a long session.")
COLUMN = ("The trial in the Senate will change few minds: senators voted, amendments were "
          "tabled, subpoenas refused, and the long session showed how little the rules matter.")


def test_a_story_is_born_only_when_the_headlines_agree() -> None:
    """Two reports whose bodies agree but whose headlines name different things do not start a
    story (`title_pair_threshold`); two headlines naming the same vote do."""
    t0 = datetime(2020, 1, 21, 20, tzinfo=UTC)
    sc = StoryClusterer(StoryConfig())
    a, _ = sc.assign("a", "AP", t0, "Senate adopts trial rules, tables subpoena amendments",
                     _terms("Senate adopts trial rules, tables subpoena amendments", RULES))
    c, _ = sc.assign("c", "Daily Column", t0, "Why nothing will change my mind",
                     _terms("Why nothing will change my mind", COLUMN))
    assert c is not a
    b, sim = sc.assign("b", "Reuters", t0, "Senate tables subpoena amendments, adopts rules",
                       _terms("Senate tables subpoena amendments, adopts rules", RULES_B))
    assert b is a and sim > 0.3
    # without the title rules (and the column-headline rule) the column's body would have
    # started the story
    loose = StoryClusterer(StoryConfig(title_pair_threshold=0.0, title_penalty=0.0,
                                       title_none_penalty=0.0, commentary_penalty=0.0))
    x, _ = loose.assign("a", "AP", t0, "Senate adopts trial rules, tables subpoena amendments",
                        _terms("Senate adopts trial rules, tables subpoena amendments", RULES))
    y, _ = loose.assign("c", "Daily Column", t0, "Why nothing will change my mind",
                        _terms("Why nothing will change my mind", COLUMN))
    assert y is x


def test_a_later_headline_that_disagrees_needs_more() -> None:
    """A grown story takes an article whose headline shares little with its headlines only at
    `threshold + title_penalty`."""
    t0 = datetime(2020, 1, 21, 20, tzinfo=UTC)
    terms = ["w:senate", "w:rules", "w:subpoena", "w:amendment", "w:tabled", "w:session"]
    for penalty, joins in ((0.0, True), (0.9, False)):
        sc = StoryClusterer(StoryConfig(threshold=0.1, pair_threshold=0.1,
                                        title_penalty=penalty, title_none_penalty=0.0))
        first, _ = sc.assign("a", "AP", t0, "x", ["t:rules", "t:vote", *terms])
        sc.assign("b", "Reuters", t0, "x", ["t:rules", "t:vote", *terms])
        late, _ = sc.assign("c", "NPR", t0, "x", ["t:mind", "t:change", *terms])
        assert (late is first) is joins


def test_one_outlet_alone_needs_more_to_make_a_story() -> None:
    """Two pieces of one source (its news and opinion desks) start a story only at
    `pair_threshold + same_source_penalty`; the same pair from two sources at the pair bar."""
    t0 = datetime(2020, 1, 15, tzinfo=UTC)
    a_terms = ["t:trade", "t:deal", "w:china", "w:tariffs", "w:signing", "w:beijing"]
    b_terms = ["t:trade", "t:deal", "w:china", "w:tariffs", "w:secrets", "w:theft"]
    for config, joins in ((StoryConfig(same_source_penalty=0.9, opinion_penalty=0.0), False),
                          (StoryConfig(same_source_penalty=0.0, opinion_penalty=0.0), True)):
        sc = StoryClusterer(config)
        a, _ = sc.assign("a", "Daily Planet", t0, "x", a_terms, source="Daily Planet")
        b, _ = sc.assign("b", "Daily Planet - Opinion", t0, "x", b_terms,
                         source="Daily Planet")
        assert (b is a) is joins
    sc = StoryClusterer(StoryConfig(same_source_penalty=0.9))
    a, _ = sc.assign("a", "Daily Planet", t0, "x", a_terms, source="Daily Planet")
    b, _ = sc.assign("b", "Evening Star", t0, "x", b_terms, source="Evening Star")
    assert b is a


def test_opinion_is_told_by_section_or_by_a_magazine_of_opinion() -> None:
    """An opinion section in the publication name, or a magazine listed in
    data/opinion_outlets.txt, is commentary; a news section or a bare name is not."""
    assert is_opinion("Evening Star - Opinion") and is_opinion("Evening Star (Opinion)")
    assert is_opinion("Evening Star Editorial") and is_opinion("Evening Star | Op-Ed")
    assert is_opinion("Reason") and is_opinion("slate")
    assert not is_opinion("Evening Star - News") and not is_opinion("Evening Star")
    assert not is_opinion("Opinion Daily") and not is_opinion("") and not is_opinion(None)


def test_a_column_needs_more_to_join_the_news_of_a_happening() -> None:
    """A column (an opinion section) joins a story of news only at `opinion_penalty` more
    similarity; news joins news without it, and a second column joins a story that already
    has one at the same penalty (a story of news stays a story of news)."""
    t0 = datetime(2020, 1, 21, 20, tzinfo=UTC)
    terms = ["t:rules", "t:vote", "w:senate", "w:rules", "w:subpoena", "w:amendment",
             "w:tabled", "w:session"]
    for penalty, joins in ((0.0, True), (0.9, False)):
        sc = StoryClusterer(StoryConfig(opinion_penalty=penalty))
        first, _ = sc.assign("a", "Morning Wire", t0, "x", terms, source="Morning Wire")
        news, _ = sc.assign("b", "Evening Star - News", t0, "x", terms, source="Evening Star")
        assert news is first
        column, _ = sc.assign("c", "Daily Planet - Opinion", t0, "x", terms,
                              source="Daily Planet")
        assert (column is first) is joins
    # columns alone: a second column joins the first without the penalty
    sc = StoryClusterer(StoryConfig(opinion_penalty=0.9))
    one, _ = sc.assign("a", "Daily Planet - Opinion", t0, "x", terms, source="Daily Planet")
    two, _ = sc.assign("b", "Evening Star (Opinion)", t0, "x", terms, source="Evening Star")
    assert two is one
    news, _ = sc.assign("c", "Morning Wire", t0, "x", terms, source="Morning Wire")
    assert news is not one  # and news does not join a story of columns only


def test_a_headline_sharing_no_word_with_the_story_needs_more() -> None:
    """A grown story takes an article whose headline shares no word at all with its
    headlines only at `title_none_penalty` more (another episode of the same day: a senator's
    announcement beside the closing arguments), on top of `title_penalty`."""
    t0 = datetime(2020, 2, 3, 20, tzinfo=UTC)
    body = ["w:senate", "w:closing", "w:arguments", "w:managers", "w:convict", "w:acquit"]
    for penalty, joins in ((0.0, True), (0.9, False)):
        sc = StoryClusterer(StoryConfig(threshold=0.1, pair_threshold=0.1, title_penalty=0.0,
                                        title_none_penalty=penalty))
        first, _ = sc.assign("a", "AP", t0, "x", ["t:closing", "t:arguments", *body])
        sc.assign("b", "Reuters", t0, "x", ["t:closing", "t:arguments", *body])
        other, _ = sc.assign("c", "NPR", t0, "x", ["t:senator", "t:announces", *body])
        assert (other is first) is joins
        # one shared headline word is not "none": the penalty does not apply
        near, _ = sc.assign("d", "CBS", t0, "x", ["t:closing", "t:senator", *body])
        assert near is first


def test_a_headline_sharing_only_the_weeks_topic_words_shares_none() -> None:
    """Words the headlines of the days before share ("dockers" in a week of a port strike)
    name the topic: a same-day headline sharing only them with a story's headlines is
    another episode and needs `title_none_penalty` more; one sharing a word of the day's
    happening ("blockade", in another form) joins."""
    day = datetime(2021, 3, 8, 9, tzinfo=UTC)
    body = ["w:port", "w:dockers", "w:union", "w:harbour", "w:cranes", "w:terminal"]
    week = ["Dockers vote to strike over pay", "Dockers strike halts exports",
            "Dockers reject pay offer", "Ministers urge dockers to talk"]
    for share, joins in ((0.0, True), (0.02, False)):
        sc = StoryClusterer(StoryConfig(threshold=0.1, pair_threshold=0.1, title_penalty=0.0,
                                        title_pair_threshold=0.0, title_none_penalty=0.9,
                                        topic_share=share, actor_penalty=0.0))
        for i, title in enumerate(week):  # the days before: the topic's words
            sc.assign(f"p{i}", "Port Weekly", day - timedelta(days=i + 1), title,
                      _terms(title, "Pay talks at the port went nowhere again."))
        first, _ = sc.assign("a", "AP", day, "x", ["t:dockers", "t:blockade", "t:harbour",
                                                   "t:gates", *body])
        sc.assign("b", "Reuters", day, "x", ["t:dockers", "t:blockade", "t:gates", *body])
        other, _ = sc.assign("c", "NPR", day, "x", ["t:dockers", "t:leader", "t:arrested",
                                                    *body])
        assert (other is first) is joins
        near, _ = sc.assign("d", "CBS", day, "x", ["t:dockers", "t:blockading", *body])
        assert near is first


def test_headline_words_are_compared_without_their_inflection() -> None:
    assert stem("charges") == stem("charged") == stem("charge") == stem("charging")
    assert stem("officers") == stem("officer") and stem("votes") == stem("voted")
    assert stem("press") == "press" and stem("bus") == "bus"


def test_a_headline_naming_other_people_than_the_story_needs_more() -> None:
    """A headline naming someone (an entity of the article) when the story's headlines name
    only others needs `actor_penalty` more: one candidate's withdrawal beside another's."""
    day = datetime(2021, 3, 1, 20, tzinfo=UTC)
    body = ["w:candidate", "w:withdraws", "w:primary", "w:campaign", "w:race", "w:voters"]
    for penalty, joins in ((0.0, True), (0.9, False)):
        sc = StoryClusterer(StoryConfig(threshold=0.1, pair_threshold=0.1, title_penalty=0.0,
                                        topic_share=0.0, actor_penalty=penalty))
        first, _ = sc.assign("a", "AP", day, "x", ["t:alder", "t:quits", "t:race",
                                                   "e:maria alder", *body])
        sc.assign("b", "Reuters", day, "x", ["t:alder", "t:ends", "t:campaign",
                                             "e:maria alder", *body])
        other, _ = sc.assign("c", "NPR", day, "x", ["t:birch", "t:quits", "t:race",
                                                    "e:tom birch", *body])
        assert (other is first) is joins
        same, _ = sc.assign("d", "CBS", day, "x", ["t:alder", "t:bows", "t:out",
                                                   "e:maria alder", *body])
        assert same is first


def test_a_small_story_asks_a_later_headline_for_its_founders_agreement() -> None:
    """A story of up to `small_story` articles asks a newcomer's headline for as much
    agreement as its founding pair needed (`title_pair_threshold`), not the lower
    `title_threshold`: a feature sharing one word of two reports' headlines is no third report
    of the happening. A grown story's headlines are broader, and the lower bar holds again."""
    day = datetime(2021, 5, 4, 15, tzinfo=UTC)
    body = ["w:rail", "w:safety", "w:bill", "w:freight", "w:senate", "w:derailment",
            "w:inspections"]
    reports = [["t:vance", "t:unveils", "t:rail", "t:safety", "t:bill"],
               ["t:senators", "t:introduce", "t:rail", "t:safety", "t:bill", "t:after",
                "t:derailment"]]
    feature = ["t:rail", "t:lobby", "t:quietly", "t:fought", "t:inspections", "t:for",
               "t:years"]  # shares only "rail" with the reports' headlines

    def clusterer(small: int) -> StoryClusterer:
        sc = StoryClusterer(StoryConfig(topic_share=0.0, actor_penalty=0.0,
                                        title_penalty=0.5, small_story=small))
        for i in range(30):  # other news of the day: the headline words' IDF as in a stream
            sc.observe(vector([f"w:other{i}", f"t:other{i}"]))
        return sc

    for small, joins in ((0, True), (3, False)):
        sc = clusterer(small)
        first, _ = sc.assign("a", "AP", day, "x", reports[0] + body)
        assert sc.assign("b", "Reuters", day, "x", reports[1] + body)[0] is first
        tsim = sc._title_similarity(title_vector(feature), first)
        assert StoryConfig().title_threshold <= tsim < StoryConfig().title_pair_threshold
        assert (sc.assign("c", "Vox", day, "x", feature + body)[0] is first) is joins
    sc = clusterer(1)  # the same story counted as grown: the lower bar
    first, _ = sc.assign("a", "AP", day, "x", reports[0] + body)
    sc.assign("b", "Reuters", day, "x", reports[1] + body)
    assert sc.assign("c", "Vox", day, "x", feature + body)[0] is first


def test_a_next_day_article_joins_only_what_it_clearly_continues() -> None:
    """The bar rises by `threshold_per_day` (¾ of a point) a day: a report that would join on
    the day of the happening opens a story of its own a day later, unless it repeats it."""
    t0 = datetime(2020, 1, 21, 20, tzinfo=UTC)
    same = ["t:senate", "t:rules", "w:senate", "w:rules", "w:subpoena", "w:amendment",
            "w:tabled", "w:session"]
    other = ["t:senate", "t:trial", "w:senate", "w:rules", "w:arguments", "w:managers",
             "w:opening", "w:schiff"]  # about 0.4 similar: enough the same day only
    for delay, joins in ((timedelta(hours=2), True), (timedelta(days=1), False)):
        sc = StoryClusterer(StoryConfig())
        a, _ = sc.assign("a", "AP", t0, "x", same)
        sc.assign("b", "Reuters", t0, "x", same)
        c, _ = sc.assign("c", "NPR", t0 + delay, "x", other)
        assert (c is a) is joins
    sc = StoryClusterer(StoryConfig())
    a, _ = sc.assign("a", "AP", t0, "x", same)
    sc.assign("b", "Reuters", t0, "x", same)
    again, _ = sc.assign("d", "CNN", t0 + timedelta(days=1), "x", same)
    assert again is a  # the same report a day later still continues it


def test_commentary_is_told_by_the_headline_shape_not_by_quoted_speech() -> None:
    """A question, a question word first, the writer's "I"/"we"/"us" or a genre label make a
    headline a column's, an explainer's or a preview's; a quote's "?" or "you" is the
    speaker's, and "US" is a country."""
    for title in ("Will the harbour truce hold?", "Why the mayor's budget fell apart",
                  "I watched the council vote and left worried", "What the port strike means for us",
                  "Opinion: the tunnel plan deserves a second look",
                  "The case for a slower tram line"):
        assert is_commentary_title(title), title
    for title in ("Council approves harbour budget after late session",
                  "Mayor to council: 'Do you want a strike?'",
                  "US and Canada sign river treaty", "Port workers' union calls strike", "",
                  None):
        assert not is_commentary_title(title), title
    assert is_commentary("Evening Star - Opinion", "Council approves budget")
    assert is_commentary("Evening Star", "Why the budget failed")
    assert not is_commentary("Evening Star", "Council approves budget")


def test_a_story_is_born_from_two_reports_not_a_report_and_a_column() -> None:
    """A one-article story takes a piece whose headline is commentary's (or a report, when it
    holds one) only at `commentary_penalty` more similarity; a grown story of reports takes it
    at the usual bar (commentary on the happening itself belongs to it)."""
    t0 = datetime(2020, 3, 2, 9, tzinfo=UTC)
    terms = ["t:harbour", "t:budget", "w:council", "w:harbour", "w:budget", "w:vote",
             "w:dredging", "w:session"]
    news, column = "Council passes harbour budget", "Will the harbour budget work?"
    for penalty, joins in ((0.0, True), (0.9, False)):
        sc = StoryClusterer(StoryConfig(commentary_penalty=penalty))
        a, _ = sc.assign("a", "Morning Wire", t0, news, terms, source="Morning Wire")
        b, _ = sc.assign("b", "Evening Star", t0, column, terms, source="Evening Star")
        assert (b is a) is joins
        sc = StoryClusterer(StoryConfig(commentary_penalty=penalty))
        c, _ = sc.assign("c", "Evening Star", t0, column, terms, source="Evening Star")
        d, _ = sc.assign("d", "Morning Wire", t0, news, terms, source="Morning Wire")
        assert (d is c) is joins  # a report does not pair with a column headline either
    sc = StoryClusterer(StoryConfig(commentary_penalty=0.9))
    a, _ = sc.assign("a", "Morning Wire", t0, news, terms, source="Morning Wire")
    sc.assign("b", "Daily Planet", t0, news, terms, source="Daily Planet")
    c, _ = sc.assign("c", "Evening Star", t0, column, terms, source="Evening Star")
    assert c is a  # the grown story of two reports takes it


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
