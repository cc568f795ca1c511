"""HTML pages: trafilatura main text plus highlights, captions, metadata and hints."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse import parse_document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"


def _parse(data: bytes, **hints: object) -> list[Article | Reject]:
    return list(parse_document(RawDocument(data, "page.html", "html", hints=dict(hints))))


def test_article_page_zones_and_metadata() -> None:
    [article] = _parse((FIXTURES / "article.html").read_bytes())
    assert isinstance(article, Article)
    assert article.title == "Port Workers End Strike After Pay Deal"
    assert article.outlet == "The Example Times"
    assert article.authors == ["Maria Example"]
    assert article.published_at == datetime(2023, 6, 14, 7, 30, tzinfo=UTC)
    assert article.published_precision == "second"
    assert article.highlights == ["Dock workers accept a 6 percent raise",
                                  "Cargo backlog expected to clear within two weeks"]
    assert len(article.captions) == 1
    assert article.captions[0].text == "Cranes stand idle at the container port on Wednesday."
    assert article.captions[0].credit == "John Example/AFP"
    assert [s.heading for s in article.sections] == [None, "Backlog Of Containers"]
    assert article.body.startswith("Dock workers at the country's largest container port")
    assert "Home" not in article.body and "All rights reserved" not in article.body
    assert "Dock workers accept a 6 percent raise" not in article.body
    assert {"Labour", "Ports", "Strikes"} <= set(article.tags)
    assert article.language == "en"


def test_hints_fill_what_the_page_lacks() -> None:
    data = (FIXTURES / "truncated.html").read_bytes()
    [article] = _parse(data, url="https://example.org/flood?utm_source=rss", outlet="Valley News",
                       published="2023-03-05T06:00:00Z", authors=["Sam Example"],
                       tags=["Weather"])
    assert isinstance(article, Article)
    assert article.url == "https://example.org/flood?utm_source=rss"
    assert article.outlet == "Valley News"
    assert article.published_at == datetime(2023, 3, 5, 6, tzinfo=UTC)
    assert article.authors == ["Sam Example"]
    assert "Weather" in article.tags
    assert article.title == "Flood Warning Issued For Valley Towns"


def test_page_metadata_wins_over_hints() -> None:
    [article] = _parse((FIXTURES / "article.html").read_bytes(), title="Feed title",
                       published="2020-01-01", outlet="Feed name")
    assert isinstance(article, Article)
    assert article.title == "Port Workers End Strike After Pay Deal"
    assert article.published_at == datetime(2023, 6, 14, 7, 30, tzinfo=UTC)


def test_truncated_html_keeps_what_is_there() -> None:
    [article] = _parse((FIXTURES / "truncated.html").read_bytes())
    assert isinstance(article, Article)
    assert "flood warning" in article.body
    assert article.body.rstrip().endswith("while the water")


@pytest.mark.parametrize("data", [
    b"<html><body><p>Unclosed <b>bold <i>italic <div></p></span></body>",
    b"<<<>>><html<<body>>>\x00\x01",
    b"<html><head><title>x</title></head><body></body></html>",
    b"</p></div></html>",
    b"<p>" * 5000 + b"deep",
    b"<html><body>" + b"<div>" * 2000 + b"<p>Deeply nested text about a ministry statement "
    b"on Monday regarding the budget, which officials described as balanced.</p></body>",
])
def test_malformed_html_never_crashes(data: bytes) -> None:
    out = _parse(data)
    assert out, "always yields something"
    for item in out:
        assert isinstance(item, Article | Reject)
        if isinstance(item, Reject):
            assert item.reason in {"no_text", "binary", "empty", "parse_error"}


def test_page_without_text_is_rejected() -> None:
    [reject] = _parse(b"<html><head><title>Empty</title></head><body><nav>Home</nav></body></html>")
    assert isinstance(reject, Reject) and reject.reason == "no_text"


def test_declared_cp1252_page_decodes() -> None:
    [article] = _parse((FIXTURES / "cp1252.html").read_bytes())
    assert isinstance(article, Article)
    assert article.title == "Café Culture"
    assert "cafés of the old quarter reopened on Monday – a relief" in article.body
    assert "“It feels like a new start,”" in article.body


def test_html_sniffed_when_kind_unknown() -> None:
    out = list(parse_document(RawDocument((FIXTURES / "article.html").read_bytes(), "x", None)))
    assert isinstance(out[0], Article)
    assert out[0].title == "Port Workers End Strike After Pay Deal"


def test_page_without_text_falls_back_to_feed_summary() -> None:
    data = b"<html><head><title>App</title></head><body><script>x()</script></body></html>"
    [article] = _parse(data, url="https://e.example/a", title="Vote Delayed",
                       summary="<p>The vote was delayed by a week, the speaker said.</p>")
    assert isinstance(article, Article)
    assert article.title == "Vote Delayed"
    assert article.body == "The vote was delayed by a week, the speaker said."
