"""Time expressions (ww_timex): the example's dates, each normalisation rule, no false hits."""

from __future__ import annotations

import json
from datetime import date

import pytest
from ww_example_article import EXAMPLES, example_article
from ww_timex_quotes_nlp import PUBLISHED, run

from wirewatch.analyze import timex
from wirewatch.analyze.timex import FUTURE, NONE, PAST, normalise
from wirewatch.model import PRECISIONS

ANCHOR = date(2023, 6, 14)  # a Wednesday


def _values(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in run(text, **kw)._.ww_timex]


# ---------------------------------------------------------------- the canonical example

@pytest.fixture(scope="module")
def example_timex() -> list:
    article = example_article()
    doc = run(article.body, published=article.published_at)
    for t in doc._.ww_timex:
        assert article.body[t.start:t.end] == t.text
        assert t.precision in PRECISIONS
    return doc._.ww_timex


EXPECTED = json.loads((EXAMPLES / "blinken-china-visit.expected.json")
                      .read_text(encoding="utf-8"))["time_expressions"]


@pytest.mark.parametrize("item", EXPECTED, ids=[e["text"] for e in EXPECTED])
def test_example_time_expressions(example_timex: list, item: dict) -> None:
    """Every item, optional ones included (text matches loosely: "November" ~ "in November")."""
    hits = [t for t in example_timex
            if item["text"].lower() in t.text.lower() or t.text.lower() in item["text"].lower()]
    assert hits, f"{item['text']!r} not found in {example_timex}"
    assert item["value"] in {t.value for t in hits}


def test_example_has_no_duration_or_vague_hits(example_timex: list) -> None:
    texts = {t.text for t in example_timex}
    assert not texts & {"two days", "years", "the day"}


def test_example_needs_no_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regex rules handle the example by themselves: dateparser (slow) is the last resort."""
    calls: list[tuple] = []
    real = timex._dateparser
    monkeypatch.setattr(timex, "_dateparser", lambda *a: calls.append(a) or real(*a))
    article = example_article()
    run(article.body, published=article.published_at)
    assert calls == []


# ---------------------------------------------------------------- normalise(): the rules

@pytest.mark.parametrize(("text", "direction", "value", "precision"), [
    ("Wednesday", NONE, "2023-06-14", "day"),          # same day
    ("Monday", NONE, "2023-06-12", "day"),             # most recent in the past
    ("on Friday", NONE, "2023-06-09", "day"),
    ("Friday", FUTURE, "2023-06-16", "day"),           # future context: the next one
    ("last Friday", NONE, "2023-06-09", "day"),
    ("next Wednesday", NONE, "2023-06-21", "day"),
    ("Tuesday night", PAST, "2023-06-13", "day"),
    ("yesterday", NONE, "2023-06-13", "day"),
    ("tomorrow", NONE, "2023-06-15", "day"),
    ("early February", NONE, "2023-02", "month"),
    ("mid-February", PAST, "2023-02", "month"),
    ("in November", FUTURE, "2023-11", "month"),
    ("November", NONE, "2023-11", "month"),            # nearest to publication
    ("November", PAST, "2022-11", "month"),            # past context: last year's
    ("February", FUTURE, "2024-02", "month"),
    ("last week", NONE, "2023-W23", "week"),
    ("this week", NONE, "2023-W24", "week"),
    ("next month", NONE, "2023-07", "month"),
    ("earlier this month", NONE, "2023-06", "month"),
    ("last year", NONE, "2022", "year"),
    ("early next year", NONE, "2024", "year"),
    ("since the beginning of the year", PAST, "2023", "year"),
    ("by the end of the month", NONE, "2023-06", "month"),
    ("over the summer", FUTURE, "2023-SU", "season"),
    ("last summer", NONE, "2022-SU", "season"),
    ("next winter", NONE, "2023-WI", "season"),
    ("summer 2021", NONE, "2021-SU", "season"),
    ("June 5, 2023", NONE, "2023-06-05", "day"),
    ("Monday, June 5", NONE, "2023-06-05", "day"),
    ("5 June", NONE, "2023-06-05", "day"),
    ("the 5th of June 2022", NONE, "2022-06-05", "day"),
    ("Sept. 11, 2001", NONE, "2001-09-11", "day"),
    ("December 25", PAST, "2022-12-25", "day"),
    ("2023", NONE, "2023", "year"),
    ("in early 2022", NONE, "2022", "year"),
    ("March 2020", NONE, "2020-03", "month"),
    ("2023-06-05", NONE, "2023-06-05", "day"),
    ("three days ago", NONE, "2023-06-11", "day"),
    ("two weeks ago", NONE, "2023-W22", "week"),
    ("in two months", NONE, "2023-08", "month"),
    ("this weekend", NONE, "2023-W24", "week"),
    ("late Thursday", PAST, "2023-06-08", "day"),
    ("this July 8, 2018", NONE, "2018-07-08", "day"),
    ("last year's", NONE, "2022", "year"),
])
def test_rules(text: str, direction: int, value: str, precision: str) -> None:
    assert normalise(text, ANCHOR, direction) == (value, precision)


@pytest.mark.parametrize("text", ["two days", "the two days", "years", "decades", "the day",
                                  "several weeks", "the past week", "the 1990s", "recent years",
                                  "a year", "24 hours", "years-long"])
def test_durations_are_not_points(text: str) -> None:
    assert normalise(text, ANCHOR) is None


def test_without_publication_date_only_absolute_dates() -> None:
    assert normalise("Wednesday", None) is None
    assert normalise("last week", None) is None
    assert normalise("June 5, 2023", None) == ("2023-06-05", "day")
    assert normalise("2021", None) == ("2021", "year")


# ---------------------------------------------------------------- in sentences (tagger + tense)

def test_weekday_before_and_after_publication() -> None:
    assert _values("The minister resigned on Monday.") == [("Monday", "2023-06-12")]
    assert _values("The minister will resign on Monday.") == [("Monday", "2023-06-19")]
    assert _values("Talks were held on Wednesday.") == [("Wednesday", "2023-06-14")]
    assert _values("The leaders are set to meet on Saturday.") == [("Saturday", "2023-06-17")]


def test_planned_time_apposition_is_future() -> None:
    doc = run("The plan was announced on Wednesday that included his planned time to leave, Friday.")
    assert [(t.text, t.value) for t in doc._.ww_timex] == [("Wednesday", "2023-06-14"),
                                                           ("Friday", "2023-06-16")]


def test_we_is_not_wednesday() -> None:
    assert _values("We said we would go, and we went. WE ARE HERE, we insisted.") == []


def test_may_the_modal_is_not_may_the_month() -> None:
    assert _values("The talks may resume, and officials may decide soon. May we ask?") == []
    assert _values("Theresa May spoke in parliament.") == []
    assert _values("The election was held in May.") == [("May", "2023-05")]


def test_march_the_verb_or_noun_is_not_the_month() -> None:
    assert _values("Protesters plan to march on parliament. The march was peaceful.") == []
    assert _values("March on, they said. The vote took place on March 3.") == [
        ("March 3", "2023-03-03")]


def test_explicit_dates_in_text() -> None:
    assert _values("The report, published June 5, 2023, said prices rose.") == [
        ("June 5, 2023", "2023-06-05")]
    assert _values("On 5 June the minister resigned.") == [("5 June", "2023-06-05")]
    assert _values("In 2019 the economy grew.") == [("2019", "2019")]


def test_relative_units_in_text() -> None:
    doc = run("He said last week that the summit would take place next month.")
    assert [(t.text, t.value, t.precision) for t in doc._.ww_timex] == [
        ("last week", "2023-W23", "week"), ("next month", "2023-07", "month")]


def test_dateparser_fallback_for_numeric_dates() -> None:
    assert _values("The meeting on 12/05/2023 was cancelled.") == [("12/05/2023", "2023-12-05")]


def test_other_zones_are_skipped() -> None:
    assert run("Blinken to visit China on Friday", zone="title")._.ww_timex == []


def test_offsets_point_into_the_text() -> None:
    text = "Blinken spoke with Qin by phone on Wednesday.\n\nHe leaves on Friday."
    for t in run(text, published=PUBLISHED)._.ww_timex:
        assert text[t.start:t.end] == t.text


def test_clock_times_and_copyright_years_are_not_years() -> None:
    assert _values("Trading starts at noon EST (1700 GMT) on most days.") == []
    assert _values("Copyright \u00a9 2020 The Washington Times") == []


def test_year_ranges_do_not_reach_dateparser() -> None:
    assert timex.parse_with_dateparser("2011-15", ANCHOR, NONE) is None


# ------------------------------------------------- anchored on the article's local day (issue 16)

def test_relative_dates_anchor_on_the_local_publication_day() -> None:
    """Filed at 21:24 on Wednesday 8 November 2023 in New York (-05:00), which is Thursday the
    9th in UTC: "yesterday" is the 7th and "on Thursday" (past) is the 2nd — anchored on the
    UTC day they would be the 8th and the 9th, a day after the story was written. Through the
    real parser and the real pipeline, as ingest runs them."""
    from wirewatch.analyze import analyze, local_published
    from wirewatch.model import Article, RawDocument
    from wirewatch.parse import parse_document

    record = {"title": "Minister quits after talks",
              "published": "2023-11-08T21:24:10-05:00",
              "text": "The minister resigned yesterday, officials said. The agreement was "
                      "signed on Thursday after months of talks."}
    [article] = parse_document(RawDocument(data=json.dumps(record).encode(), origin="t.json",
                                           kind="json"))
    assert isinstance(article, Article)
    assert article.published_offset == -300 and article.published_at.day == 9  # UTC
    assert local_published(article).date() == date(2023, 11, 8)
    values = {t.text.lower(): t.value for t in analyze(article).timex}
    assert values.get("yesterday") == "2023-11-07", values
    assert values.get("thursday") == "2023-11-02", values
