"""RSS/Atom: entries, full-content detection, hostile and fake feeds, encodings."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse import parse_document
from wirewatch.parse.feed import FeedParseResult, parse_feed

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"


def _parse(data: bytes, kind: str | None = "feed") -> list[Article | Reject]:
    return list(parse_document(RawDocument(data, "f.rss", kind)))


def test_parse_feed_entries() -> None:
    result = parse_feed((FIXTURES / "feed.rss").read_bytes(), "f.rss")
    assert isinstance(result, FeedParseResult) and result.error is None
    assert result.title == "Example World News"
    assert result.link == "https://world.example.net/"
    assert len(result.entries) == 3
    first, second, third = result.entries
    assert first.title == "Summit Ends With Climate Pledge"
    assert first.link == "https://world.example.net/summit?utm_medium=rss"
    assert first.guid == "summit-1"
    # the UTC instant, its precision and the +02:00 the feed stated (in minutes)
    assert first.published == (datetime(2023, 6, 14, 16, 5, tzinfo=UTC), "second", 120)
    assert first.authors == ["Lee Example"]
    assert first.tags == ["Climate", "Diplomacy"]
    assert first.content and "renewable power" in first.content
    assert first.summary == "Leaders agreed to cut emissions faster."
    assert not first.has_full_content  # two short paragraphs: fetch the page
    assert second.content is None and second.summary
    assert third.published == (None, None, None)


def test_full_content_detected() -> None:
    body = "".join(f"<p>Paragraph {i} of a long article about the budget vote in the "
                   "assembly, with quotes and figures from both sides.</p>" for i in range(12))
    data = (f'<rss version="2.0"><channel><title>T</title><item><title>Long</title>'
            f'<link>https://e.example/long</link><description><![CDATA[{body}]]></description>'
            f'</item></channel></rss>').encode()
    [entry] = parse_feed(data, "x").entries
    assert entry.has_full_content


def test_feed_document_yields_one_article_per_entry() -> None:
    out = _parse((FIXTURES / "feed.rss").read_bytes())
    assert [type(x).__name__ for x in out] == ["Article", "Article", "Reject"]
    first, second, _ = out
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.outlet == "Example World News"
    assert first.sections[0].paragraphs[0].startswith("Leaders at the regional summit")
    assert first.dek == "Leaders agreed to cut emissions faster."
    assert second.body == ("The central bank kept interest rates unchanged on Thursday, "
                           "citing slowing inflation.")
    same = list(parse_document(RawDocument(
        b'{"url": "https://world.example.net/summit", "text": "x y z"}', "j", "json")))[0]
    assert isinstance(same, Article) and first.id == same.id  # id from the canonical link


def test_xml_bomb_rejected_fast_without_memory_blowup() -> None:
    data = (FIXTURES / "bomb.xml").read_bytes()
    tracemalloc.start()
    start = time.perf_counter()
    out = _parse(data)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(out) == 1 and isinstance(out[0], Reject)
    assert out[0].reason == "xml_bomb"
    assert elapsed < 1.0
    assert peak < 5 * 1024 * 1024
    assert parse_feed(data, "b").error is not None


def test_external_entity_rejected() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><title>&xxe;</title></channel></rss>')
    [reject] = _parse(data)
    assert isinstance(reject, Reject) and reject.reason == "xml_bomb"


def test_html_page_offered_as_feed_is_not_a_feed() -> None:
    [reject] = _parse((FIXTURES / "notafeed.html").read_bytes())
    assert isinstance(reject, Reject) and reject.reason == "not_a_feed"


def test_garbage_offered_as_feed() -> None:
    [reject] = _parse(b"this is just some words, not xml at all")
    assert isinstance(reject, Reject) and reject.reason == "not_a_feed"


def test_declared_latin1_feed_decodes() -> None:
    [article] = _parse((FIXTURES / "latin1.rss").read_bytes())
    assert isinstance(article, Article)
    assert article.outlet == "Notícias do Porto"
    assert article.title == "Câmara aprova orçamento"
    assert "habitação e transportes públicos" in article.body
    assert article.language == "pt"


def test_atom_feed() -> None:
    data = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<link href="https://atom.example/"/>
<entry><title>Election Date Set</title><link href="https://atom.example/e1"/>
<id>tag:atom.example,2023:e1</id><updated>2023-02-01T10:00:00Z</updated>
<author><name>Kim Example</name></author>
<summary>The electoral commission set the date of the vote for October.</summary></entry>
</feed>"""
    [article] = _parse(data, None)
    assert isinstance(article, Article)
    assert article.title == "Election Date Set" and article.authors == ["Kim Example"]
    assert article.published_at == datetime(2023, 2, 1, 10, tzinfo=UTC)
    assert article.url == "https://atom.example/e1"


def test_skip_links_leave_out_items_delivered_as_pages() -> None:
    doc = RawDocument((FIXTURES / "feed.rss").read_bytes(), "https://world.example.net/rss",
                      "feed", hints={"skip_links": ["https://world.example.net/summit"]})
    titles = [a.title for a in parse_document(doc) if isinstance(a, Article)]
    assert titles == ["Central Bank Holds Rates"]
