"""Publication dates as a reader of the page understands them: the day the page says (not the
UTC day), day/month in the page's order, the original date over a modified one, and a page we
reject still named by its title and date."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse import parse_document
from wirewatch.parse.clean import day_first, parse_published

_PARAGRAPH = ("Die Regierung hat am Montag neue Gespräche mit der Opposition angekündigt, sagte "
              "ein Sprecher in Berlin nach einer Sitzung des Kabinetts. ")
_BODY = f"<p>{_PARAGRAPH * 4}</p><p>{_PARAGRAPH * 3}</p>"


def _page(head: str, body: str = "", lang: str = "en") -> bytes:
    return (f'<html lang="{lang}"><head><title>Talks</title>{head}</head><body><article>'
            f"<h1>Talks</h1>{body}{_BODY}</article></body></html>").encode()


def _one(data: bytes, kind: str = "html") -> Article:
    [item] = list(parse_document(RawDocument(data, "page", kind)))
    assert isinstance(item, Article), item
    return item


def test_the_stated_offset_is_kept_and_names_the_day() -> None:
    found = parse_published("2023-11-08T21:24:10-05:00")
    assert found == (datetime(2023, 11, 9, 2, 24, 10, tzinfo=UTC), "second", -300)
    assert parse_published("Wed, 08 Nov 2023 21:24:10 -0500").offset == -300
    assert parse_published("2023-06-14T22:00:00Z").offset == 0
    # no offset stated: none invented (a bare date is that date, an epoch an instant)
    assert parse_published("2023-11-08").offset is None
    assert parse_published("Wed, 08 Nov 2023 21:24:10").offset is None
    assert parse_published(1686780000).offset is None


def test_an_evening_page_west_of_greenwich_is_published_that_evening() -> None:
    article = _one(_page('<meta property="article:published_time" '
                         'content="2023-11-08T21:24:10-05:00">'))
    assert article.published_at == datetime(2023, 11, 9, 2, 24, 10, tzinfo=UTC)  # the instant
    assert article.published_offset == -300
    assert article.published_date == date(2023, 11, 8)  # the day the page says
    doc = article.to_dict()
    assert (doc["published_at"], doc["published_offset"], doc["published_date"]) == (
        "2023-11-09T02:24:10Z", -300, "2023-11-08")
    assert Article.from_dict(json.loads(json.dumps(doc))).published_date == date(2023, 11, 8)


@pytest.mark.parametrize(("language", "expected"), [
    ("de", True), ("de-DE", True), ("fr_FR", True), ("en-GB", True), ("en-US", False),
    ("en", None), (None, None), ("", None),
])
def test_day_first_follows_the_language(language: str | None, expected: bool | None) -> None:
    assert day_first(language) is expected


@pytest.mark.parametrize(("text", "language", "day"), [
    ("10.12.2022, 07:00:03", "de", date(2022, 12, 10)),
    ("10.12.2022, 07:00:03", None, date(2022, 12, 10)),   # nobody writes M.D.Y
    ("10/12/2022", "fr", date(2022, 12, 10)),
    ("10/12/2022", "en-GB", date(2022, 12, 10)),
    ("10/12/2022", "en-US", date(2022, 10, 12)),
    ("13/10/2022", "en-US", date(2022, 10, 13)),           # unambiguous either way
    ("2022-10-12", "de", date(2022, 10, 12)),              # ISO is ISO everywhere
])
def test_numeric_dates_in_the_pages_order(text: str, language: str | None, day: date) -> None:
    found = parse_published(text, language=language)
    assert found.at is not None and found.at.date() == day


def test_a_german_page_dated_10_12_2022_is_10_december() -> None:
    article = _one(_page("", '<time itemprop="datePublished">10.12.2022, 07:00:03</time>',
                         lang="de"))
    assert article.published_at == datetime(2022, 12, 10, 7, 0, 3, tzinfo=UTC)
    assert article.published_precision == "second"


def test_a_german_record_dated_10_12_2022_is_10_december() -> None:
    record = {"title": "Gespräche", "text": _PARAGRAPH * 3, "date": "10.12.2022",
              "language": "de"}
    article = _one(json.dumps(record).encode(), kind="json")
    assert article.published_date == date(2022, 12, 10)


def test_the_modified_date_does_not_win_over_the_original() -> None:
    """htmldate (in trafilatura) reads the page's <meta name="date"> — here the update — and
    our meta reading must not either: the original is JSON-LD's datePublished."""
    head = ('<meta name="date" content="2023-05-02">'
            '<meta property="article:modified_time" content="2023-05-02T10:00:00Z">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2023-03-01T08:00:00+01:00", '
            '"dateModified": "2023-05-02T10:00:00Z"}</script>')
    article = _one(_page(head))
    assert article.published_date == date(2023, 3, 1)
    assert (article.published_offset, article.published_precision) == (60, "second")


def test_htmldate_decides_the_day_when_we_disagree() -> None:
    from wirewatch.parse.html import original_date

    ours = parse_published("2023-05-02T10:00:00Z")
    assert original_date(ours, "2023-03-01") == (datetime(2023, 3, 1, tzinfo=UTC), "day", None)
    assert original_date(ours, "2023-05-02") == ours            # same day: ours is finer
    assert original_date(ours, None) == ours
    assert original_date(parse_published(None), "2023-03-01").precision == "day"
    # htmldate took a declared modification day: ours stands
    original = parse_published("2023-03-01T08:00:00+01:00")
    assert original_date(original, "2023-05-02", {date(2023, 5, 2)}) == original


def test_a_rejected_page_keeps_its_title_and_date() -> None:
    page = (b'<html><head><title>Minister resigns over leak</title>'
            b'<meta property="article:published_time" content="2024-02-03T09:00:00+01:00">'
            b"</head><body><nav>Home</nav></body></html>")
    [reject] = list(parse_document(RawDocument(page, "page.html", "html")))
    assert isinstance(reject, Reject) and reject.reason == "no_text"
    assert "Minister resigns over leak" in reject.detail
    assert "2024-02-03" in reject.detail


def test_a_feed_items_date_reaches_a_page_without_one() -> None:
    """Feed sources hand the parsed (when, precision, offset) as the page's date hint."""
    when = parse_published("2023-11-08T21:24:10-05:00")
    [article] = list(parse_document(RawDocument(
        b"<html><body><article>" + _BODY.encode() + b"</article></body></html>", "page",
        "html", hints={"published": tuple(when)})))
    assert isinstance(article, Article)
    assert article.published_date == date(2023, 11, 8)
