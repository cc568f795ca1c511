"""Article records: .json (one object or a list), .jsonl (one object per line), .csv (header row).

This is the bulk-ingest hot path (hundreds of articles a second), so a record costs one dict
lookup per field, the cheap plain-text layout parser and a language guess on a prefix; no
trafilatura. A bad record is a Reject with its line number and the rest goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse.clean import (
    BadInput,
    clean_line,
    data_json,
    decode,
    html_fragment_paragraphs,
)
from wirewatch.parse.text import Layout, build_article, parse_layout

if TYPE_CHECKING:
    from wirewatch.parse import ParseOptions

_CONTAINER_KEYS = ("articles", "items", "data", "results", "records", "entries", "documents")
_HTML_TEXT = re.compile(r"</(?:p|div|br|li|h\d)>|<br\s*/?>|<p[\s>]", re.IGNORECASE)


@cache
def _default_aliases() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in data_json("field_aliases.json").items()
            if not k.startswith("_")}


class FieldResolver:
    """Finds our fields in a record: the mapped key first, then the default aliases."""

    def __init__(self, field_map: dict[str, str]) -> None:
        self.keys: dict[str, tuple[str, ...]] = {}
        for name, aliases in _default_aliases().items():
            mapped = field_map.get(name)
            self.keys[name] = ((mapped,) if mapped else ()) + tuple(
                a for a in aliases if a != mapped and a not in field_map.values())
        for name, mapped in field_map.items():
            self.keys.setdefault(name, (mapped,))

    def get(self, record: dict[str, Any], name: str) -> Any:
        for key in self.keys.get(name, ()):
            value = record.get(key)
            if value not in (None, "", [], {}):
                return value
        return None


def _text_of(value: Any) -> str:
    if isinstance(value, list):
        return "\n\n".join(_text_of(v) for v in value if v)
    if isinstance(value, dict):
        return _text_of(value.get("text") or value.get("value") or "")
    text = str(value)
    if "<" in text and _HTML_TEXT.search(text):
        return "\n\n".join(html_fragment_paragraphs(text))
    return text


def record_article(record: Any, origin: str, resolver: FieldResolver, options: ParseOptions,
                   doc: RawDocument) -> Article | Reject:
    """One record → an Article, or a Reject saying what was missing."""
    if not isinstance(record, dict):
        return Reject(origin, "bad_record", f"expected an object, got {type(record).__name__}")
    raw = resolver.get(record, "text")
    text = _text_of(raw) if raw is not None else ""
    if not text.strip():
        tried = ", ".join(resolver.keys["text"][:6])
        return Reject(origin, "no_text", f"record has no text (looked for: {tried}, ...)")
    if len(text) > options.max_bytes:
        return Reject(origin, "too_large", f"text of {len(text)} chars > {options.max_bytes}")
    hints = doc.hints
    title = clean_line(_scalar(resolver.get(record, "title"))) or hints.get("title")
    if options.text_layout:
        layout = parse_layout(text, title=title)
    else:
        from wirewatch.model import Section

        paras = [p.strip() for p in text.split("\n\n") if p.strip()]
        layout = Layout(title=title, sections=[Section(None, paras)])
    if not layout.has_text:
        return Reject(origin, "no_text", "record text holds no paragraphs")
    if layout.dek is None:
        dek = clean_line(_scalar(resolver.get(record, "dek")))
        first = layout.sections[0].paragraphs[0] if layout.sections[0].paragraphs else ""
        if dek and len(dek) <= 400 and not first.startswith(dek[:60]):
            layout.dek = dek
    if not layout.highlights:
        highlights = resolver.get(record, "highlights")
        if isinstance(highlights, list):
            layout.highlights = [h for h in (clean_line(str(x)) for x in highlights) if h]
    url = _scalar(resolver.get(record, "url")) or hints.get("url")
    return build_article(
        layout, url=str(url) if url else None,
        outlet=_scalar(resolver.get(record, "outlet")) or hints.get("outlet"),
        published=resolver.get(record, "published") or hints.get("published"),
        authors=resolver.get(record, "authors") or hints.get("authors"),
        tags=resolver.get(record, "tags") or hints.get("tags"),
        language=_scalar(resolver.get(record, "language")),
        origin=origin, fetched_at=doc.fetched_at, detect=options.detect_language)


def _scalar(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    if isinstance(value, dict):
        return value.get("name") or value.get("value") or value.get("href")
    return value


def _json_records(text: str, origin: str) -> Iterable[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInput("bad_json", f"line {err.lineno} column {err.colno}: {err.msg}") from None
    if isinstance(data, dict):
        for key in _CONTAINER_KEYS:
            inner = data.get(key)
            if isinstance(inner, list) and inner and all(isinstance(x, dict) for x in inner[:5]):
                data = inner
                break
    if isinstance(data, dict):
        return [(origin, data)]
    if isinstance(data, list):
        return [(f"{origin}[{i}]", item) for i, item in enumerate(data)]
    raise BadInput("bad_json", f"expected an object or a list, got {type(data).__name__}")


def _jsonl_records(text: str, origin: str) -> Iterator[tuple[str, Any] | Reject]:
    loads = json.loads
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        where = f"{origin}:{number}"
        try:
            yield where, loads(line)
        except (json.JSONDecodeError, RecursionError) as err:
            detail = getattr(err, "msg", str(err))
            yield Reject(where, "bad_json", f"line {number}: {detail}")


def _csv_records(text: str, origin: str, limit: int) -> Iterator[tuple[str, Any] | Reject]:
    csv.field_size_limit(max(limit, 131072))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        raise BadInput("bad_csv", "no header row")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Reject(f"{origin}:{reader.line_num}", "bad_csv", str(err))
            continue
        row.pop(None, None)
        yield f"{origin}:{reader.line_num}", row


def parse_records(kind: str, doc: RawDocument, options: ParseOptions) -> Iterator[
        Article | Reject]:
    """All articles of a JSON, JSONL or CSV document; a Reject per bad record or line."""
    text = decode(doc.data, doc.content_type)
    resolver = FieldResolver(options.field_map)
    if kind == "json":
        items: Iterable[tuple[str, Any] | Reject] = _json_records(text, doc.origin)
    elif kind == "jsonl":
        items = _jsonl_records(text, doc.origin)
    elif kind == "csv":
        items = _csv_records(text, doc.origin, options.max_bytes)
    else:
        raise BadInput("unsupported", f"unknown record kind {kind!r}")
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        where, record = item
        try:
            yield record_article(record, where, resolver, options, doc)
        except BadInput as err:
            yield Reject(where, err.reason, err.detail)
        except Exception as err:  # noqa: BLE001 - one bad record must not stop the file
            yield Reject(where, "parse_error", f"{type(err).__name__}: {err}"[:500])
