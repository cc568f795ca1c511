"""RSS/Atom feeds → entries and Articles, refusing hostile XML before any parser sees it.

feedparser is lenient (it copes with the broken feeds real sites publish) but it is not meant
for hostile input, so the bytes are screened first by `sources.files.xml_root`, the one guard
polled feeds pass too: any DOCTYPE that declares entities (the billion-laughs and
external-entity attacks need one) is refused outright, which costs one scan and no memory.
`parse_feed` is also what sources/feeds.py calls for polled feeds: it decides per entry whether
the feed carries the full text or the item page must be fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from wirewatch.model import Article, RawDocument, Reject, Section, canonical_url
from wirewatch.parse.clean import (
    BadInput,
    Published,
    clean_line,
    decode,
    html_fragment_paragraphs,
    parse_published,
    split_authors,
    split_tags,
)
from wirewatch.parse.text import Layout, build_article
from wirewatch.sources.files import UnsafeXML, xml_root

if TYPE_CHECKING:
    from wirewatch.parse import ParseOptions

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF|RDF|channel)[\s>]")
_HTML_ROOT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]", re.IGNORECASE)
_TRUNCATED = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\]|continue reading\W*|read more\W*)$",
                        re.IGNORECASE)
# A feed item whose text has at least this many words is taken as the full article.
FULL_CONTENT_WORDS = 150
# Below this many characters a language guess is unreliable; the feed's <language> wins.
SHORT_TEXT_CHARS = 200


@dataclass
class FeedEntry:
    link: str | None = None
    guid: str | None = None
    title: str | None = None
    published: Published = Published(None, None)
    summary: str | None = None
    content: str | None = None  # full HTML or text when the feed carries it
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    has_full_content: bool = False


@dataclass
class FeedParseResult:
    title: str | None = None
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    error: Reject | None = None
    language: str | None = None


def _value(obj: Any, key: str) -> Any:
    try:
        return obj.get(key)
    except AttributeError:
        return None


def _entry(raw: Any) -> FeedEntry:
    contents = [c for c in (_value(raw, "content") or []) if _value(c, "value")]
    content = max((c["value"] for c in contents), key=len) if contents else None
    summary = _value(raw, "summary") or None
    if content and summary and content.strip() == summary.strip():
        summary = None
    date = (_value(raw, "published") or _value(raw, "updated") or _value(raw, "created"))
    # the original date before an update's; the raw string keeps its stated offset
    published = parse_published(date) if date else Published(None, None)
    if published[0] is None:
        parsed = _value(raw, "published_parsed") or _value(raw, "updated_parsed")
        published = parse_published(parsed) if parsed else Published(None, None)
    link = _value(raw, "link")
    if not link:
        links = _value(raw, "links") or []
        link = next((x.get("href") for x in links if x.get("href")), None)
    authors = split_authors(_value(raw, "authors") or _value(raw, "author"))
    entry = FeedEntry(
        link=link, guid=_value(raw, "id") or None,
        title=clean_line(_strip_html(_value(raw, "title") or "")),
        published=published, summary=summary, content=content, authors=authors,
        tags=split_tags([t.get("term") or t.get("label") for t in _value(raw, "tags") or []
                         if t.get("term") or t.get("label")]),
    )
    best = _paragraphs(content or summary or "")
    words = sum(len(p.split()) for p in best)
    entry.has_full_content = bool(best) and words >= FULL_CONTENT_WORDS and not _TRUNCATED.search(
        best[-1])
    return entry


def _strip_html(text: str) -> str:
    if "<" not in text:
        return text
    return " ".join(html_fragment_paragraphs(text))


def _paragraphs(html: str) -> list[str]:
    return html_fragment_paragraphs(html) if html else []


def parse_feed(data: bytes, origin: str, content_type: str | None = None) -> FeedParseResult:
    """RSS/Atom bytes → feed title, link and entries; `.error` is a Reject when unusable."""
    try:
        return _parse_feed(data, origin, content_type)
    except BadInput as err:
        return FeedParseResult(error=Reject(origin, err.reason, err.detail))
    except Exception as err:  # noqa: BLE001 - a hostile feed must not crash the poller
        return FeedParseResult(error=Reject(origin, "bad_feed", f"{type(err).__name__}: {err}"))


def _parse_feed(data: bytes, origin: str, content_type: str | None) -> FeedParseResult:
    import feedparser

    try:
        xml_root(data, content_type)
    except UnsafeXML as err:
        raise BadInput(err.reason, err.detail) from err
    text = decode(data, content_type)
    head = text[:4096]
    if _HTML_ROOT.search(head) and not _FEED_ROOT.search(head):
        raise BadInput("not_a_feed", "an HTML page, not an RSS/Atom feed")
    parsed = feedparser.parse(data, response_headers={"content-type": content_type}
                              if content_type else None, sanitize_html=True,
                              resolve_relative_uris=True)
    feed = parsed.get("feed", {})
    if not parsed.get("version") and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "args", [""])
        raise BadInput("not_a_feed", f"no RSS/Atom structure found {reason[0] if reason else ''}"
                       .strip()[:300])
    result = FeedParseResult(title=clean_line(feed.get("title")), link=feed.get("link"),
                             language=(feed.get("language") or None))
    result.entries = [_entry(e) for e in parsed.entries]
    return result


def entry_article(entry: FeedEntry, feed: FeedParseResult, origin: str, options: ParseOptions,
                  fetched_at: datetime | None = None) -> Article | Reject:
    """A feed entry as an Article: body from the content, else the summary."""
    paragraphs = _paragraphs(entry.content or entry.summary or "")
    if not paragraphs:
        return Reject(origin, "no_text", f"feed item without text: {entry.link or entry.guid}")
    layout = Layout(title=entry.title, sections=[Section(None, paragraphs)])
    if entry.content and entry.summary:
        dek = clean_line(_strip_html(entry.summary))
        first = paragraphs[0]
        if dek and len(dek) <= 400 and not first.startswith(dek[:60].rstrip(". …")):
            layout.dek = dek
    feed_lang = (feed.language or "")[:2].lower() or None
    short = sum(len(p) for p in paragraphs) < SHORT_TEXT_CHARS
    article = build_article(
        layout, url=entry.link, outlet=feed.title, published=entry.published,
        authors=entry.authors, tags=entry.tags, origin=origin, fetched_at=fetched_at,
        language=feed_lang if short else None, detect=options.detect_language)
    if article.language is None and feed_lang:
        article.language = feed_lang
    return article


def parse_feed_document(doc: RawDocument, options: ParseOptions) -> Iterator[Article | Reject]:
    """Every entry of a feed document as an Article (or a Reject per unusable entry).

    Entries whose link is in hints["skip_links"] are left out: sources/feeds.py fetched their
    pages and sends those as separate html documents.
    """
    result = parse_feed(doc.data, doc.origin, doc.content_type)
    if result.error is not None:
        yield result.error
        return
    if not result.entries:
        yield Reject(doc.origin, "no_entries", "feed has no items")
        return
    if doc.hints.get("outlet") and not result.title:
        result.title = doc.hints["outlet"]
    skip = {canonical_url(link) or link for link in doc.hints.get("skip_links") or []}
    for number, entry in enumerate(result.entries, start=1):
        if entry.link and (canonical_url(entry.link) or entry.link) in skip:
            continue  # the source delivered this item's page as its own document
        where = f"{doc.origin}#{number}"
        try:
            yield entry_article(entry, result, where, options, doc.fetched_at)
        except BadInput as err:  # one bad item must not cost the feed's other items
            yield Reject(where, err.reason, err.detail)
