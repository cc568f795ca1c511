"""Shared cleaning for every input format: bytes → text, whitespace, boilerplate, language, dates.

Everything here runs once per article on the ingest hot path, so it stays cheap: regexes are
compiled at import, language detection looks at a prefix only, and the slow helpers
(charset-normalizer, dateparser) run only when the fast paths fail.
"""

from __future__ import annotations

import codecs
import csv
import html
import json
import re
import time
import unicodedata
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_tz
from functools import cache
from importlib import resources
from typing import Any, NamedTuple


class BadInput(Exception):  # noqa: N818 - a reason, not a bug
    """Raised inside the parse box for input we refuse; parse_document turns it into a Reject."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# ---------------------------------------------------------------- data files

def data_text(name: str) -> str:
    """A text knowledge file from wirewatch/data."""
    return resources.files("wirewatch.data").joinpath(name).read_text(encoding="utf-8")


@cache
def data_json(name: str) -> dict[str, Any]:
    """A JSON knowledge file from wirewatch/data (read once)."""
    return json.loads(data_text(name))


@cache
def _boilerplate() -> tuple[frozenset[str], tuple[str, ...], re.Pattern[str] | None]:
    lines: set[str] = set()
    prefixes: list[str] = []
    regexes: list[str] = []
    rows = [r for r in data_text("boilerplate.tsv").splitlines() if r and not r.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        kind, pattern = row["match"], row["pattern"]
        if kind == "line":
            lines.add(_line_key(pattern))
        elif kind == "prefix":
            prefixes.append(pattern.casefold())
        elif kind == "regex":
            regexes.append(f"(?:{pattern})")
    joined = re.compile("|".join(regexes), re.IGNORECASE) if regexes else None
    return frozenset(lines), tuple(prefixes), joined


_TRAIL_PUNCT = " .:!…»>|-–—\t"


def _line_key(line: str) -> str:
    return line.strip().rstrip(_TRAIL_PUNCT).casefold()


def is_boilerplate(line: str) -> bool:
    """True for a site-furniture line (ads, share/subscribe prompts, widget labels)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return False
    exact, prefixes, regex = _boilerplate()
    if _line_key(stripped) in exact:
        return True
    folded = stripped.casefold()
    if folded.startswith(prefixes):
        return True
    return bool(regex and regex.fullmatch(stripped))


# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
# WHATWG: labels that browsers decode as windows-1252.
_AS_CP1252 = {"iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1", "us-ascii", "ascii",
              "iso_8859-1", "windows-1252", "cp1252", "x-cp1252", "iso-ir-100"}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def declared_encoding(data: bytes, content_type: str | None = None) -> str | None:
    """Encoding named by a Content-Type header, an XML prolog or an HTML meta tag."""
    if content_type:
        found = _CT_CHARSET.search(content_type)
        if found:
            return found.group(1)
    head = data[:4096]
    found = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not text in any 8-bit encoding."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 100)


def _decode_mixed(data: bytes, fallback: str) -> str:
    """Per-line UTF-8 with a single-byte fallback, for files where a few lines are not UTF-8."""
    out = []
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(fallback, errors="replace"))
    return "\n".join(out)


_HIGH = re.compile(rb"[\x80-\xff]")
_ASCII_LETTERS = re.compile(rb"[A-Za-z]")


def _guess_single_byte(data: bytes) -> str:
    """cp1252 for Latin-script text with a few accented letters (the usual case for Western
    news) and for snippets too short to guess from; charset-normalizer when most letters are
    high bytes (Cyrillic, Greek, ... code pages)."""
    sample = data[:65536]
    high = len(_HIGH.findall(sample))
    letters = high + len(_ASCII_LETTERS.findall(sample))
    if high < 0.5 * letters or letters < 40:
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    name = _codec(best.encoding) if best is not None else None
    return name or "cp1252"


def decode(data: bytes, content_type: str | None = None, *, strip_bom: bool = True) -> str:
    """Bytes → str: BOM, then the declared encoding, then UTF-8, then a guessed 8-bit encoding.

    Raises BadInput("empty" | "binary") for input that is not text at all.
    """
    if not data or not data.strip():
        raise BadInput("empty", "no content")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    if looks_binary(data):
        raise BadInput("binary", "not text (NUL or control bytes)")
    declared = _codec(declared_encoding(data, content_type))
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad_at = err.start
    if declared and declared != "utf-8":
        return data.decode(declared, errors="replace")
    non_ascii_before = any(b > 0x7F for b in data[:bad_at])
    fallback = _guess_single_byte(data) if not non_ascii_before else "cp1252"
    if non_ascii_before:
        return _decode_mixed(data, fallback)
    try:
        return data.decode(fallback)
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------- text cleanup

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE = r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000\f\v]"
_ANY_SPACE = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\f\v]"
# Only runs worth replacing (an odd space or two or more), so plain single spaces cost nothing.
_SPACES = re.compile(rf"(?:{_ODD_SPACE}| (?={_ANY_SPACE})){_ANY_SPACE}*")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_EDGE_SPACES = re.compile(r" *\n *")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|i|em|strong|u|font|li|ul|ol|h[1-6]|blockquote|img|figure|"
    r"figcaption|section|article|small|sup|sub)\b[^>]{0,500}>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]{0,50}>", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Normalise whitespace, entities and markup remnants; keeps paragraph breaks."""
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    if "<" in text and _TAG.search(text):
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    ascii_only = text.isascii()
    if not ascii_only:
        text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    if not ascii_only or "  " in text or "\t" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _EDGE_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def clean_line(text: str | None) -> str | None:
    """One-line field (title, author, outlet): cleaned, whitespace collapsed, None if empty."""
    if text is None:
        return None
    text = " ".join(clean_text(str(text)).split())
    return text or None


def drop_boilerplate(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if p and not is_boilerplate(p)]


def _link_dense(el: Any) -> bool:
    """A block that is almost all link text in two links or more: related links, navigation.
    One link in a sentence, or a paragraph citing its sources, stays."""
    links = [a for a in el.iter("a") if a is not el]
    if len(links) < 2:
        return False
    text = len(" ".join(el.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in links)
    return text > 0 and linked >= 0.8 * text


def html_fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of a small HTML fragment (a feed item's content, an HTML text field)."""
    if "<" not in fragment:
        return drop_boilerplate([p.strip() for p in clean_text(fragment).split("\n\n")])
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return drop_boilerplate([p.strip() for p in clean_text(fragment).split("\n\n")])
    etree.strip_elements(root, "script", "style", "noscript", "iframe", with_tail=False)
    for el in list(root.iter("p", "li", "ul", "ol", "div", "nav", "aside")):
        if el is not root and el.getparent() is not None and _link_dense(el):
            el.drop_tree()
    block = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
             "figcaption", "pre", "section", "article", "dd", "dt", "table", "ul", "ol"}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in block:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    text = clean_text(root.text_content())
    out = []
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        if para:
            out.append(para)
    return drop_boilerplate(out)


# ---------------------------------------------------------------- language

_LETTERS = re.compile(r"[^\W\d_]{2,}")


_WORDS = re.compile(r"[a-z]+")


@cache
def _english_words() -> frozenset[str]:
    lines = data_text("english_function_words.txt").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _clearly_english(sample: str) -> bool:
    words = _WORDS.findall(sample.lower())
    if len(words) < 30:
        return False
    common = _english_words()
    return sum(w in common for w in words) >= 0.3 * len(words)


def detect_language(text: str, prefix: int = 400) -> str | None:
    """ISO 639-1 code of the text's language from its first `prefix` characters; None if unsure.

    Plainly English text (most of the stream) skips the language model: it costs a word count.
    """
    sample = text[:prefix]
    if len(sample) < 20 or len(_LETTERS.findall(sample)) < 4:
        return None
    if sample.isascii() and _clearly_english(sample):
        return "en"
    import py3langid

    lang, _score = py3langid.classify(sample)
    return lang or None


# ---------------------------------------------------------------- dates

_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?Z?)?$")
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\d\s*(?:am|pm)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def _tz(token: str | None) -> timezone | None:
    if not token:
        return None
    if token in ("Z", "UTC", "GMT"):
        return UTC
    sign = 1 if token[0] == "+" else -1
    digits = token[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


class Published(NamedTuple):
    """A parsed publication date: the UTC instant, its precision, and the UTC offset the
    source stated (minutes east of UTC; None when it stated none, e.g. a bare date).

    Why keep the offset: converting to UTC moves the calendar day of evening stamps west of
    Greenwich (2023-11-08T21:24:10-05:00 is 2023-11-09 in UTC), and "the day it was
    published" is the day the page says."""

    at: datetime | None
    precision: str | None
    offset: int | None = None


_NONE = Published(None, None, None)


def _finish(value: datetime, precision: str, tz: timezone | None = None) -> Published:
    if value.tzinfo is None and tz is not None:
        value = value.replace(tzinfo=tz)
    offset = value.utcoffset() if value.tzinfo is not None else None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return _NONE
    minutes = int(offset.total_seconds() // 60) if offset is not None else None
    return Published(value, precision, minutes)


def _from_iso(match: re.Match[str]) -> Published:
    y, mo, d, h, mi, s, tz = match.groups()
    if mo is None:
        return _finish(datetime(int(y), 1, 1), "year")
    if d is None:
        return _finish(datetime(int(y), int(mo), 1), "month")
    if h is None:
        return _finish(datetime(int(y), int(mo), int(d)), "day")
    value = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    return _finish(value, "second" if s is not None else "minute", _tz(tz))


def _from_dateutil(text: str, day_first: bool | None = None) -> Published:
    from dateutil import parser as du

    probe_a = datetime(1901, 1, 1, 0, 0, 0)
    probe_b = datetime(1902, 2, 2, 1, 1, 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = du.parse(text, default=probe_a, fuzzy=False, dayfirst=bool(day_first))
            b = du.parse(text, default=probe_b, fuzzy=False, dayfirst=bool(day_first))
    except (ValueError, OverflowError, TypeError):
        return _NONE
    if a.year != b.year:
        return _NONE
    if a.month != b.month:
        precision = "year"
    elif a.day != b.day:
        precision = "month"
    elif a.hour != b.hour:
        precision = "day"
    elif a.minute != b.minute:
        precision = "hour"
    elif a.second != b.second:
        precision = "minute"
    else:
        precision = "second"
    return _finish(a, precision)


def _from_dateparser(text: str, languages: list[str] | None,
                     day_first: bool | None = None) -> Published:
    import dateparser

    settings = {"PARSERS": ["timestamp", "custom-formats", "absolute-time"],
                "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                "RETURN_TIME_AS_PERIOD": True}
    if day_first is not None:
        settings["DATE_ORDER"] = "DMY" if day_first else "MDY"
    try:
        found = dateparser.parse(text, languages=languages, settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        return _NONE
    if found is None:
        return _NONE
    if _HAS_SECONDS.search(text):
        precision = "second"
    elif _HAS_TIME.search(text):
        precision = "minute"
    else:
        precision = "day" if re.search(r"\b\d{1,2}\b", text.replace(str(found.year), "")) \
            else "month"
    return _finish(found, precision)


# RFC 2822 (feeds, e-mail): "Wed, 08 Nov 2023 21:24:10 -0500". Only this shape goes to
# parsedate_tz, which reads "June 14, 2023 9:30 PM" as 09:30 with "PM" for a zone.
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\b")
_RFC_ZONE = re.compile(r"(?:[+-]\d{4}|\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)\b)\s*$")
# Numeric dates with the year last: 10.12.2022, 10/12/22, 10-12-2022 (then an optional time).
_NUMERIC_DMY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)[,;\s]*(.*)$")
# English-language locales that write the month first (10/12/2022 = October 12).
_MONTH_FIRST = frozenset({"en-us", "en-ph", "en-um", "en-as", "en-gu", "en-mp", "en-pr",
                          "en-vi", "en-fm", "en-mh", "en-pw", "en-ca"})


def day_first(language: str | None) -> bool | None:
    """Whether a page in `language` (ISO 639-1, or a locale such as de-DE, de_DE, en-US)
    writes 10.12.2022 as the 10th of December. None when the language says nothing about it
    (no language, or English without a region): then dotted dates are read day first (no
    locale writes the month first with dots) and slashed or dashed ones month first.

    Why: "10.12.2022, 07:00:03" on a German page is 10 December, not 12 October; the order is
    the page's convention, not ours."""
    if not language:
        return None
    tag = language.strip().lower().replace("_", "-")
    lang = tag.split("-", 1)[0]
    if not lang.isalpha():
        return None
    if lang == "en":
        if tag == "en":
            return None
        return tag not in _MONTH_FIRST
    return True


def _numeric_date(text: str, first: bool | None) -> str | None:
    """`text` with a leading D.M.Y / M/D/Y date rewritten as ISO Y-M-D in the right order,
    or None when it does not start with one (or the numbers are no date in either order)."""
    found = _NUMERIC_DMY.match(text)
    if not found:
        return None
    a, sep, b, year, rest = found.groups()
    x, y = int(a), int(b)
    if x > 12 >= y:
        day, month = x, y
    elif y > 12 >= x:
        day, month = y, x
    else:
        dmy = first if first is not None else sep == "."
        day, month = (x, y) if dmy else (y, x)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    yyyy = int(year) + (2000 if len(year) == 2 else 0)
    iso = f"{yyyy:04d}-{month:02d}-{day:02d}"
    return f"{iso} {rest}".strip() if rest else iso


def parse_date(value: Any, *, languages: list[str] | None = None,
               language: str | None = None) -> tuple[datetime | None, str | None]:
    """A publication date in any common form → (UTC datetime, precision), else (None, None).

    Precision is the finest component the input states (second, minute, day, month, year); a
    date-only value is midnight UTC with precision "day". Missing or unparseable → (None, None):
    never "now", never relative expressions. `parse_published` also keeps the stated offset.
    """
    found = parse_published(value, languages=languages, language=language)
    return found.at, found.precision


def parse_published(value: Any, *, languages: list[str] | None = None,
                    language: str | None = None) -> Published:
    """Like `parse_date`, plus the UTC offset the value stated. `language` (the page's
    language or locale, e.g. "de" or "en-GB") decides the day/month order of numeric dates
    (`day_first`); `languages` are dateparser's hints for month names."""
    if value is None or value == "":
        return _NONE
    if isinstance(value, datetime):
        return _finish(value, "second")
    if isinstance(value, date):
        return _finish(datetime(value.year, value.month, value.day), "day")
    if isinstance(value, time.struct_time):
        found = _finish(datetime(*value[:6], tzinfo=UTC), "second")
        return found._replace(offset=None)  # feedparser's UTC, not a stated offset
    if isinstance(value, bool):
        return _NONE
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            found = _finish(datetime.fromtimestamp(seconds, UTC), "second")
        except (OverflowError, OSError, ValueError):
            return _NONE
        return found._replace(offset=None)  # an epoch is an instant: no local day stated
    text = " ".join(str(value).split())[:100]
    if not _DIGIT.search(text):
        return _NONE
    first = day_first(language)
    text = _numeric_date(text, first) or text
    try:
        match = _ISO.match(text)
        if match:
            return _from_iso(match)
        match = _COMPACT.match(text)
        if match:
            y, mo, d, h, mi, s = match.groups()
            if h is None:
                return _finish(datetime(int(y), int(mo), int(d)), "day")
            value = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0),
                             tzinfo=UTC if text.endswith("Z") else None)
            return _finish(value, "second" if s else "minute")
    except ValueError:
        return _NONE
    rfc = parsedate_tz(text) if _RFC2822.match(text) else None
    if rfc and rfc[0] >= _MIN_YEAR:
        stamp = datetime(*rfc[:6])
        stated = rfc[9] is not None and _RFC_ZONE.search(text)
        tz = timezone(timedelta(seconds=rfc[9])) if stated else None
        if _HAS_SECONDS.search(text):
            return _finish(stamp, "second", tz)
        return _finish(stamp, "minute" if _HAS_TIME.search(text) else "day", tz)
    parsed = _from_dateutil(text, first)
    if parsed.at is not None:
        return parsed
    return _from_dateparser(text, languages, first)


# ---------------------------------------------------------------- article assembly

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|\band\b|&|\n)\s*")
_BY = re.compile(r"^(?:by|von|par|por)\s+", re.IGNORECASE)


def split_authors(value: Any) -> list[str]:
    """Authors from a list, a list of {"name": ...} objects, or a "A, B and C" string."""
    if not value:
        return []
    items: list[Any] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("@name") or ""
        for part in _AUTHOR_SPLIT.split(str(item)):
            name = clean_line(_BY.sub("", part.strip()))
            if name and len(name) <= 100 and name not in out:
                out.append(name)
    return out


def split_tags(value: Any) -> list[str]:
    """Tags from a list or a comma/semicolon/pipe separated string, de-duplicated in order."""
    if not value:
        return []
    items: list[Any] = list(value) if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("term") or item.get("name") or item.get("label") or ""
        for part in re.split(r"[,;|]", str(item)):
            tag = clean_line(part.strip(" #"))
            if tag and len(tag) <= 80 and tag not in out:
                out.append(tag)
    return out


def outlet_from_url(url: str | None) -> str | None:
    """Host name without "www.", the outlet of last resort."""
    from urllib.parse import urlsplit

    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
