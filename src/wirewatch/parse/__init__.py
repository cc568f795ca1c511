"""The parse box: raw bytes from a source → `Article`s (or `Reject`s), never an exception.

Entry point: `parse_document(doc, options)`. One RawDocument may hold many articles (JSONL,
CSV, a feed), so it yields; a bad line yields a Reject and the rest goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse.clean import BadInput

__all__ = ["DEFAULT_MAX_BYTES", "KINDS", "MAX_AUTHORS", "MAX_OUTLET_CHARS", "MAX_TAGS",
           "MAX_TITLE_CHARS", "MAX_URL_CHARS", "ParseOptions", "parse_document", "sniff_kind"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
KINDS = ("txt", "html", "json", "jsonl", "csv", "feed")
# Metadata limits, applied to every article in parse.text.build_article: these fields are shown
# in every listing, so one hostile document (a 7 MB title) must not make every page heavy.
# Longer titles and outlets are cut (ending in "…"), extra authors and tags dropped; an article
# whose URL is longer is refused (url_too_long): a cut URL would point somewhere else.
MAX_TITLE_CHARS = 1_000
MAX_OUTLET_CHARS = 200
MAX_AUTHORS = 50
MAX_TAGS = 100
MAX_URL_CHARS = 4_096


@dataclass
class ParseOptions:
    """How to read a document.

    `field_map` maps our field names (url, title, dek, text, published, outlet, authors, tags,
    language, highlights) to the input's keys for JSON/JSONL/CSV records, e.g.
    {"text": "content_original", "outlet": "source"}; unmapped fields use the default aliases
    in data/field_aliases.json. `max_bytes` limits one single-article document (txt, html, a
    feed file) and one record's text; record containers are limited by their source.
    """

    field_map: dict[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    detect_language: bool = True
    text_layout: bool = True  # run record texts through the plain-text layout parser


_CT_KINDS = (
    (re.compile(r"(rss|atom|rdf)\+xml|/xml\b"), "feed"),
    (re.compile(r"html"), "html"),
    (re.compile(r"(x-)?ndjson|jsonl|json-seq"), "jsonl"),
    (re.compile(r"json"), "json"),
    (re.compile(r"csv"), "csv"),
    (re.compile(r"text/plain"), "txt"),
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]")
_HTML_ROOT = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:p|div)[\s>]",
                        re.IGNORECASE)


def sniff_kind(data: bytes, content_type: str | None = None) -> str:
    """Guess a document's kind from a Content-Type, then from its first bytes."""
    if content_type:
        ct = content_type.lower()
        for pattern, kind in _CT_KINDS:
            if pattern.search(ct):
                return kind
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        first, _, rest = head.partition(b"\n")
        if head.startswith(b"{") and rest.lstrip().startswith(b"{"):
            return "jsonl"
        return "json"
    if head.startswith(b"<"):
        if _FEED_ROOT.search(head):
            return "feed"
        if _HTML_ROOT.search(head) or not head.startswith(b"<?xml"):
            return "html"
        return "feed"
    if _HTML_ROOT.search(head[:512]):
        return "html"
    return "txt"


def _parse_txt(doc: RawDocument, options: ParseOptions) -> Iterator[Article | Reject]:
    from wirewatch.parse.clean import decode
    from wirewatch.parse.text import build_article, parse_layout

    text = decode(doc.data, doc.content_type)
    hints = doc.hints
    layout = parse_layout(text, title=hints.get("title"))
    if not layout.has_text:
        raise BadInput("no_text", "no article text found")
    yield build_article(layout, url=hints.get("url"), outlet=hints.get("outlet"),
                        published=hints.get("published"), authors=hints.get("authors"),
                        tags=hints.get("tags"), language=hints.get("language"),
                        origin=doc.origin, fetched_at=doc.fetched_at,
                        detect=options.detect_language)


def _dispatch(kind: str, doc: RawDocument, options: ParseOptions) -> Iterator[Article | Reject]:
    if kind == "txt":
        return _parse_txt(doc, options)
    if kind == "html":
        from wirewatch.parse.html import parse_html_document
        return parse_html_document(doc, options)
    if kind == "feed":
        from wirewatch.parse.feed import parse_feed_document
        return parse_feed_document(doc, options)
    from wirewatch.parse.records import parse_records
    return parse_records(kind, doc, options)


_RECORD_KINDS = ("json", "jsonl", "csv")


def parse_document(doc: RawDocument, options: ParseOptions | None = None) -> Iterator[
        Article | Reject]:
    """Yield every article in `doc`, or a Reject per unusable part. Never raises on bad input."""
    options = options or ParseOptions()
    try:
        if not doc.data or not doc.data.strip():
            raise BadInput("empty", "no content")
        kind = (doc.kind or "").lower()
        if kind == "text":
            kind = "txt"
        if kind not in KINDS:
            kind = sniff_kind(doc.data, doc.content_type)
        if kind not in _RECORD_KINDS and len(doc.data) > options.max_bytes:
            raise BadInput("too_large", f"{len(doc.data)} bytes > limit {options.max_bytes}")
        yield from _dispatch(kind, doc, options)
    except BadInput as err:
        yield Reject(doc.origin, err.reason, err.detail)
    except RecursionError:
        yield Reject(doc.origin, "parse_error", "document nested too deeply")
    except Exception as err:  # noqa: BLE001 - bad input must never crash the ingest
        yield Reject(doc.origin, "parse_error", f"{type(err).__name__}: {err}"[:500])
