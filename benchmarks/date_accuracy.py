"""Publication-date accuracy on public pages with known dates: our HTML parser against
trafilatura's own `extract_metadata`, exact calendar day.

Pages: the 181 real article pages of the scrapinghub article-extraction benchmark
(`../shared/corpus/html-extraction/scrapinghub-aeb`). Its ground truth has no dates, so the
known date of a page comes from one of two places, reported apart:

- `url`: the full date in the page's address (`/2019/11/19/`, `/20191119/`…). Neither
  extractor is told it is the answer; news sites put the day of first publication there,
  so it is the independent set.
- `declared`: pages without one, whose own machine-readable metadata names the publication
  day consistently: the JSON-LD `datePublished` and the `article:published_time` meta tag
  (whichever are present) all give the same local day (the day as written, with its offset:
  `2023-11-08T21:24:10-05:00` is 8 November). Both extractors read these fields, so this set
  checks that a stated date is read right (offsets, modified dates, re-publication), not that
  a missing one is found. Split in two: `declared-local` (a date, or a time with the
  publisher's offset) and `declared-utc` (only a UTC time: "2019-11-19T01:19Z" from a New
  Jersey paper was the evening of the 18th there, so its known day is uncertain — the UTC day
  is taken).

Ours is `parse_document` on the page (the path ingest takes) → `Article.published_date`, the
local day; trafilatura's is `extract_metadata(html, default_url=url).date` (htmldate with
original_date). A page where a parser finds no date counts as wrong for it.

    .venv/bin/python benchmarks/date_accuracy.py [--limit N] [--show-misses]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

CORPUS = (Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "html-extraction"
          / "scrapinghub-aeb")
_URL_DATE = (re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/\-_.]|$)"),
             re.compile(r"[/\-_]((?:19|20)\d\d)(\d\d)(\d\d)(?=[/\-_.]|$)"))
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_META_PUBLISHED = re.compile(
    r"<meta[^>]+(?:property|name)=[\"']article:published_time[\"'][^>]*>", re.IGNORECASE)
_CONTENT = re.compile(r"content=[\"']([^\"']{8,40})[\"']", re.IGNORECASE)


def url_day(url: str) -> date | None:
    """The full date in a page's address, if it has one."""
    for pattern in _URL_DATE:
        match = pattern.search(url or "")
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


def _stated_day(value: str) -> date | None:
    """The local day of an ISO 8601 date or date-time as written (its offset kept)."""
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


_UTC = re.compile(r"T[\d:.]+(?:Z|[+-]00:?00)$", re.IGNORECASE)


def declared_day(html: str) -> tuple[date | None, bool]:
    """The day the page's JSON-LD datePublished and article:published_time meta tags state,
    when every one present parses and they agree (else None), and whether every one of them
    is a UTC time (so the publisher's own day is uncertain)."""
    values = [m.group(1) for m in _LD_PUBLISHED.finditer(html)]
    for tag in _META_PUBLISHED.finditer(html):
        content = _CONTENT.search(tag.group(0))
        if content:
            values.append(content.group(1))
    days = {_stated_day(v) for v in values}
    if len(days) != 1 or None in days:
        return None, False
    return days.pop(), all(_UTC.search(v.strip()) for v in values)


def known_day(html: str, url: str) -> tuple[date | None, str]:
    day = url_day(url)
    if day is not None:
        return day, "url"
    day, utc = declared_day(html)
    if day is None:
        return None, ""
    return day, "declared-utc" if utc else "declared-local"


def our_day(html: str, url: str) -> date | None:
    from wirewatch.model import Article, RawDocument
    from wirewatch.parse import ParseOptions, parse_document

    doc = RawDocument(data=html.encode("utf-8"), origin=url, kind="html", hints={"url": url})
    for item in parse_document(doc, ParseOptions(detect_language=False)):
        if isinstance(item, Article):
            return item.published_date
    return None


def trafilatura_day(html: str, url: str) -> date | None:
    from trafilatura import extract_metadata

    meta = extract_metadata(html, default_url=url)
    return _stated_day(meta.date) if meta is not None and meta.date else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--show-misses", action="store_true",
                        help="list pages where the two disagree with the known date")
    args = parser.parse_args()
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    tally: dict[str, dict[str, int]] = {}
    misses = []
    started = time.perf_counter()
    for key in keys:
        html = gzip.decompress((CORPUS / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", "replace")
        url = truth[key].get("url") or ""
        known, source = known_day(html, url)
        if known is None:
            continue
        ours, theirs = our_day(html, url), trafilatura_day(html, url)
        for group in (source, "all"):
            row = tally.setdefault(group, {"pages": 0, "ours": 0, "trafilatura": 0})
            row["pages"] += 1
            row["ours"] += ours == known
            row["trafilatura"] += theirs == known
        if ours != known or theirs != known:
            misses.append((key[:12], source, str(known), str(ours), str(theirs), url))
    elapsed = time.perf_counter() - started
    print(f"pages with a known date: {tally.get('all', {}).get('pages', 0)} of {len(keys)} "
          f"({elapsed:.0f} s)")
    print(f"{'known date from':<16}{'pages':>6}{'ours':>16}{'trafilatura':>18}")
    for group in ("url", "declared-local", "declared-utc", "all"):
        row = tally.get(group)
        if not row:
            continue
        n = row["pages"]
        print(f"{group:<16}{n:>6}{row['ours']:>7} ({row['ours'] / n:6.1%})"
              f"{row['trafilatura']:>9} ({row['trafilatura'] / n:6.1%})")
    if args.show_misses:
        print("\npage          known-from  known       ours        trafilatura  url")
        for miss in misses:
            print("  ".join(f"{m:<10}" for m in miss))
    row = tally.get("all", {"ours": 0, "trafilatura": 0})
    return 0 if row["ours"] >= row["trafilatura"] else 1


if __name__ == "__main__":
    sys.exit(main())
