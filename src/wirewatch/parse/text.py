"""The plain-text article layout (../shared/examples/blinken-china-visit.txt) → zones.

Scraped news text arrives as: title; dek; the title again over the lead photo; the photo caption
with its credit glued on ("... governments. Win McNamee/Getty Images"); highlight bullets; body
paragraphs with short title-case section headings; a "Tags" block; site furniture. Ordinary text
(first line a title, then paragraphs) goes through the same path and simply has fewer zones.
The rules are conservative where a wrong guess would move body text out of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from wirewatch.model import Article, Caption, Section
from wirewatch.parse import MAX_AUTHORS, MAX_OUTLET_CHARS, MAX_TAGS, MAX_TITLE_CHARS, MAX_URL_CHARS
from wirewatch.parse.clean import (
    BadInput,
    Published,
    clean_line,
    clean_text,
    data_json,
    detect_language,
    is_boilerplate,
    outlet_from_url,
    parse_published,
    split_authors,
    split_tags,
)
from wirewatch.parse.clutter import clean_sections


@dataclass
class Layout:
    title: str | None = None
    dek: str | None = None
    highlights: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(s.paragraphs for s in self.sections)


_NAME = r"(?:[A-Z]\.|[A-Z][\w'’-]+)"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,4}}"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], frozenset[str],
                         re.Pattern[str]]:
    facts = data_json("photo_credits.json")
    agencies = sorted(facts["agencies"], key=len, reverse=True)
    agency = "(?:" + "|".join(re.escape(a) for a in agencies) + ")"
    prefixes = "(?:" + "|".join(re.escape(p) for p in facts["credit_prefixes"]) + ")"
    via = r"(?:\s+(?:via|for)\s+[A-Z][\w'’&. -]{1,40}?)?"
    credit = (
        rf"(?:{_NAMES}(?:\s*/\s*{_NAMES})?\s*/\s*{agency}{via}"  # Win McNamee/Getty Images
        rf"|{agency}(?:\s+Photo)?\s*/\s*{_NAMES}{via}"          # AP Photo/Evan Vucci
        rf"|{prefixes}\s*[^()\n]{{2,80}}?"                      # Photo: Jane Doe
        rf"|{agency}{via})"                                     # (Reuters)
    )
    # Credit at the end of a line, after the start, a sentence end, or an opening bracket.
    tail = re.compile(rf"(?:^|(?<=[.!?\"”’)]\s)|(?<=\s\()|(?<=^\()|(?<=\s[|–—-]\s))"
                      rf"\(?(?P<credit>{credit})\)?\s*$")
    bullets = frozenset(facts["bullets"])
    labels = frozenset(label.casefold() for label in facts["tag_labels"])
    label_re = re.compile(
        "^(?P<label>" + "|".join(re.escape(x) for x in facts["tag_labels"]) + r")\s*[:\-–]\s*(?P<rest>.+)$",
        re.IGNORECASE)
    only_agency = re.compile(rf"^\(?{agency}{via}\)?$")
    return tail, only_agency, bullets, labels, label_re


@cache
def _agency_ends() -> tuple[str, ...]:
    return tuple(data_json("photo_credits.json")["agencies"])


def split_credit(line: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a caption line: (caption text, credit or None)."""
    tail_re, only_agency, *_ = _patterns()
    if only_agency.match(line):
        return "", line.strip("() ")
    start = max(0, len(line) - 160)
    tail = line[start:]
    if "/" not in tail and ":" not in tail and " by " not in tail and (
            not tail.rstrip(") ").endswith(_agency_ends())):
        return line, None
    found = tail_re.search(tail)
    if not found:
        return line, None
    credit = found.group("credit").strip()
    cut = found.start() + start
    text = line[:cut].rstrip(" (|–—-")
    if text and not re.search(r"[.!?\"”’)]$", text) and "/" not in credit:
        return line, None
    return text, credit


def _bullet_text(line: str) -> str | None:
    _, _, bullets, _, _ = _patterns()
    head = line[:1]
    if head in bullets and len(line) > 2 and line[1] in " \t":
        return line[2:].strip() or None
    return None


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


_END_PUNCT = tuple('.!?,;:"”’\')…')
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def looks_like_heading(line: str) -> bool:
    """A short title-case (or all-caps) line without final punctuation: a section heading."""
    if not 3 <= len(line) <= 100 or line.endswith(_END_PUNCT) or not line[0].isupper():
        return False
    words = _WORD.findall(line)
    if not 1 <= len(words) <= 14 or len(line.split()) > 16:
        return False
    if line.isupper() and len(words) >= 1:
        return True
    long_words = [w for w in words if len(w) >= 4]
    if not long_words:
        return False
    capped = sum(w[0].isupper() for w in long_words)
    return capped / len(long_words) >= 0.7 and (len(long_words) >= 2 or len(words) <= 3)


def _looks_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    longest = max(len(x) for x in lines)
    body = lines[:-1]
    if longest > 100 or any(len(x) < 40 or len(x) < 0.6 * longest for x in body):
        return False
    open_ended = sum(not x.endswith(_END_PUNCT) for x in body)
    return open_ended * 2 >= len(body)


def _blocks(text: str) -> list[list[str]]:
    out = []
    for raw in text.split("\n\n"):
        lines = [x for x in raw.split("\n") if x and not is_boilerplate(x)]
        if not lines:
            continue
        if _looks_wrapped(lines) and not any(_bullet_text(x) for x in lines):
            lines = [" ".join(lines)]
        out.append(lines)
    return out


def _split_tags(text: str) -> list[str]:
    parts = re.split(r"\s*[,;|•]\s*", text)
    return [p.strip(" #.") for p in parts if p.strip(" #.") and len(p) <= 60]


def parse_layout(text: str, *, title: str | None = None) -> Layout:
    """Zones of a plain-text article. `title` (from a record or a hint) wins over the first line."""
    _, _, _, labels, label_re = _patterns()
    blocks = _blocks(clean_text(text))
    units: list[tuple[str, int]] = [(line, len(block)) for block in blocks for line in block]
    layout = Layout(title=title)
    n = len(units)
    i = 0

    if n and title and _key(units[0][0]) == _key(title):
        i = 1
    elif n and not title:
        first = units[0][0]
        if (len(first) <= 200 and not first.endswith((".", ",", ":", ";"))
                and _bullet_text(first) is None and n > 1):
            layout.title = first
            i = 1
    title_key = _key(layout.title) if layout.title else None

    def is_marker(k: int) -> bool:
        if k >= n:
            return False
        line = units[k][0]
        return ((title_key is not None and _key(line) == title_key)
                or _bullet_text(line) is not None or split_credit(line)[1] is not None)

    if (i < n and units[i][1] == 1 and len(units[i][0]) <= 300 and _bullet_text(units[i][0]) is None
            and split_credit(units[i][0])[1] is None and is_marker(i + 1)):
        layout.dek = units[i][0]
        i += 1

    # Head region: repeated title, lead-photo caption, highlight bullets.
    while i < n:
        line = units[i][0]
        if title_key is not None and _key(line) == title_key:
            i += 1
            continue
        bullet = _bullet_text(line)
        if bullet is not None:
            layout.highlights.append(bullet)
            i += 1
            continue
        caption, credit = split_credit(line)
        if credit is not None:
            layout.captions.append(Caption(caption or credit, credit if caption else None))
            i += 1
            continue
        if i + 1 < n and len(line) <= 300:
            next_text, next_credit = split_credit(units[i + 1][0])
            if next_credit is not None and not next_text:
                layout.captions.append(Caption(line, next_credit))
                i += 2
                continue
        break

    sections = [Section(None, [])]
    while i < n:
        line, block_size = units[i]
        folded = line.casefold().rstrip(" :")
        inline = label_re.match(line)
        if folded in labels or inline:
            rest = inline.group("rest") if inline else (units[i + 1][0] if i + 1 < n else "")
            tags = _split_tags(rest)
            after = i + (1 if inline else 2)
            tail = units[after:]
            if tags and (len(tail) <= 3 or all(len(u[0]) <= 80 for u in tail)):
                layout.tags = tags
                break
        bullet = _bullet_text(line)
        if bullet is not None:
            sections[-1].paragraphs.append(bullet)
            i += 1
            continue
        caption, credit = split_credit(line) if len(line) <= 400 else (line, None)
        if credit is not None and caption:
            layout.captions.append(Caption(caption, credit))
            i += 1
            continue
        if (block_size == 1 and i + 1 < n and looks_like_heading(line)
                and not looks_like_heading(units[i + 1][0])):
            sections.append(Section(line, []))
            i += 1
            continue
        sections[-1].paragraphs.append(line)
        i += 1

    layout.captions = _unique(layout.captions)
    layout.sections = [s for s in sections if s.paragraphs or s.heading]
    while layout.sections and not layout.sections[-1].paragraphs:
        layout.sections.pop()
    return layout


def _unique(captions: list[Caption]) -> list[Caption]:
    out: list[Caption] = []
    for caption in captions:
        if caption not in out:
            out.append(caption)
    return out


def _cut(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[:limit - 1].rstrip() + "…"


def build_article(layout: Layout, *, url: str | None = None, outlet: str | None = None,
                  published: Any = None, authors: Any = None, tags: Any = None,
                  language: str | None = None, origin: str | None = None,
                  fetched_at: datetime | None = None, detect: bool = True) -> Article:
    """Zones + metadata → Article (every format ends here, so ids, dates, the metadata limits
    of `wirewatch.parse` and the in-body clutter rules of parse/clutter.py agree).
    Raises BadInput("url_too_long"), or BadInput("no_text") when only clutter is left."""
    if url and len(url) > MAX_URL_CHARS:
        raise BadInput("url_too_long", f"URL of {len(url):,} characters; the limit is "
                       f"{MAX_URL_CHARS:,}")
    # a tuple is already parsed: (when, precision) or a Published with the stated offset
    when, precision, offset = (Published(*published) if isinstance(published, tuple)
                               else parse_published(published, language=language))
    sections = clean_sections(layout.sections)
    if layout.has_text and not any(s.paragraphs for s in sections):
        raise BadInput("no_text", "the text holds only site furniture (plugs, related links)")
    article = Article.build(
        sections=sections, url=url, title=_cut(layout.title, MAX_TITLE_CHARS),
        dek=layout.dek, highlights=layout.highlights, captions=layout.captions,
        tags=split_tags(list(layout.tags) + split_tags(tags))[:MAX_TAGS],
        authors=split_authors(authors)[:MAX_AUTHORS],
        outlet=_cut(clean_line(outlet) or outlet_from_url(url), MAX_OUTLET_CHARS),
        published_at=when, published_precision=precision, published_offset=offset,
        source_path=origin,
    )
    if fetched_at is not None:
        article.fetched_at = fetched_at
    lang = (language or "").strip().lower()[:2] or None
    if lang is None and detect:
        lang = detect_language(article.body or article.title or "")
    article.language = lang
    return article
