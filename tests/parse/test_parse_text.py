"""Plain-text layout (the canonical example) and the shared cleaning helpers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse import parse_document
from wirewatch.parse.clean import decode, detect_language, is_boilerplate, parse_date
from wirewatch.parse.text import looks_like_heading, parse_layout, split_credit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"


def _one(data: bytes, kind: str | None = "txt", **hints: object) -> Article:
    out = list(parse_document(RawDocument(data, "test", kind, hints=dict(hints))))
    assert len(out) == 1 and isinstance(out[0], Article), out
    return out[0]


def _all_zones(article: Article) -> list[str]:
    zones = [article.title or "", article.dek or "", article.body, *article.highlights,
             *article.tags]
    zones += [f"{c.text} {c.credit}" for c in article.captions]
    return zones


def test_canonical_example_layout(shared_dir: Path) -> None:
    expected = json.loads((shared_dir / "examples" / "blinken-china-visit.expected.json")
                          .read_text(encoding="utf-8"))["layout"]
    data = (shared_dir / "examples" / "blinken-china-visit.txt").read_bytes()
    article = _one(data)

    assert article.title == expected["title"]
    assert article.dek == expected["dek"]
    assert (expected["title"] in article.body) is expected["title_repeated_in_body"]
    assert len(article.captions) == len(expected["captions"])
    for caption, want in zip(article.captions, expected["captions"], strict=True):
        assert caption.text.startswith(want["text_starts"])
        assert caption.credit == want["credit"]
        assert want["credit"] not in caption.text
    assert len(article.highlights) == expected["highlights_count"]
    for highlight, start in zip(article.highlights, expected["highlights_start"], strict=True):
        assert highlight.startswith(start)
    assert [s.heading for s in article.sections if s.heading] == expected["section_headings"]
    assert article.tags == expected["tags"]
    for phrase in expected["boilerplate_dropped"]:
        assert all(phrase not in zone for zone in _all_zones(article))
    assert article.body == Article.body_from_sections(article.sections)
    assert article.body.startswith("US Secretary of State Antony Blinken is set to visit")
    assert article.body.endswith("said Reuters.")
    assert not any(h in article.body for h in article.highlights)
    assert article.language == "en"


def test_layout_fixture_all_bullet_styles_and_boilerplate() -> None:
    article = _one((FIXTURES / "layout.txt").read_bytes())
    assert article.title == "Dam Talks Resume Between Two River Nations"
    assert article.dek == "Ministers return to the table after a six-month pause."
    assert len(article.highlights) == 4
    assert article.captions[0].credit == "Jane Example/Reuters"
    assert [s.heading for s in article.sections] == [None, "What Is At Stake"]
    assert article.tags == ["Water", "Diplomacy", "Energy"]
    for phrase in ("Advertisement", "Share this article", "Real Time Analytics"):
        assert all(phrase not in zone for zone in _all_zones(article))


def test_ordinary_plain_text_has_no_false_zones() -> None:
    article = _one((FIXTURES / "plain.txt").read_bytes())
    assert article.title == "Harbour Council Approves New Ferry Route"
    assert article.dek is None
    assert article.highlights == [] and article.captions == [] and article.tags == []
    assert [s.heading for s in article.sections] == [None]
    assert len(article.sections[0].paragraphs) == 3


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = ("Title Of The Piece\n\n"
            "This paragraph was wrapped at a fixed width by an old mail client so\n"
            "every line ends in the middle of a sentence and must be joined back\n"
            "together into one paragraph.\n\nSecond paragraph here, short.")
    layout = parse_layout(text)
    assert layout.sections[0].paragraphs[0].startswith("This paragraph was wrapped")
    assert layout.sections[0].paragraphs[0].endswith("into one paragraph.")


def test_title_hint_drops_repeated_first_line() -> None:
    layout = parse_layout("Grain Exports Rise\n\nGrain exports rose in May, officials said.",
                          title="Grain Exports Rise")
    assert layout.title == "Grain Exports Rise"
    assert layout.sections[0].paragraphs == ["Grain exports rose in May, officials said."]


@pytest.mark.parametrize(("line", "text", "credit"), [
    ("Crowds gather. Win McNamee/Getty Images", "Crowds gather.", "Win McNamee/Getty Images"),
    ("A man walks. AP Photo/Evan Vucci", "A man walks.", "AP Photo/Evan Vucci"),
    ("Smoke rises. REUTERS/Jane Doe", "Smoke rises.", "REUTERS/Jane Doe"),
    ("He said so, according to CNN.", "He said so, according to CNN.", None),
    ("Talks resumed on Monday, said Reuters.", "Talks resumed on Monday, said Reuters.", None),
])
def test_split_credit(line: str, text: str, credit: str | None) -> None:
    assert split_credit(line) == (text, credit)


@pytest.mark.parametrize(("line", "heading"), [
    ("Antony Blinken Set To Visit China", True),
    ("Addressing Tensions Between China and the US", True),
    ("Consider the possibilities.", False),
    ("the talks went on for hours and nobody left", False),
    ("He said the plan would work, adding that more was needed", False),
])
def test_heading_detection(line: str, heading: bool) -> None:
    assert looks_like_heading(line) is heading


@pytest.mark.parametrize("line", ["Real Time Analytics", "Advertisement", "Read more",
                                  "Share this article", "Subscribe to our newsletter",
                                  "© 2023 Example Media. All rights reserved."])
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


def test_prose_is_not_boilerplate() -> None:
    assert not is_boilerplate("Read more about the plan in the minister's statement, he said.")
    assert not is_boilerplate("Officials shared the report with reporters on Monday.")


# ------------------------------------------------------------------ encodings

def test_cp1252_bytes_decode() -> None:
    article = _one((FIXTURES / "cp1252.txt").read_bytes())
    assert "Café owners" in article.body
    assert "naïve" in article.body
    assert "“We are delighted,”" in article.body


def test_latin1_and_declared_encodings() -> None:
    assert decode("Ação é já".encode("latin-1")) == "Ação é já"
    xml = '<?xml version="1.0" encoding="windows-1251"?><t>Новости</t>'.encode("cp1251")
    assert "Новости" in decode(xml)
    html = '<meta charset="iso-8859-15"><p>prix 5 €</p>'.encode("iso-8859-15")
    assert "5 €" in decode(html)
    assert decode("x".encode("utf-16")) == "x"
    assert decode("Grüße".encode(), content_type="text/plain; charset=utf-8") == "Grüße"


def test_mostly_utf8_file_with_one_bad_line() -> None:
    data = "Zürich line one\n".encode() + b"Caf\xe9 line two\n" + "Ça va\n".encode()
    assert decode(data).split("\n")[:3] == ["Zürich line one", "Café line two", "Ça va"]


def test_empty_text_rejected() -> None:
    out = list(parse_document(RawDocument(b"  \n\n ", "empty.txt", "txt")))
    assert len(out) == 1 and isinstance(out[0], Reject) and out[0].reason == "empty"


def test_binary_rejected() -> None:
    data = bytes(range(256)) * 64
    out = list(parse_document(RawDocument(data, "blob.txt", "txt")))
    assert len(out) == 1 and isinstance(out[0], Reject) and out[0].reason == "binary"


def test_too_large_rejected_by_parser() -> None:
    from wirewatch.parse import ParseOptions

    out = list(parse_document(RawDocument(b"word " * 1000, "big.txt", "txt"),
                              ParseOptions(max_bytes=1000)))
    assert isinstance(out[0], Reject) and out[0].reason == "too_large"


# ------------------------------------------------------------------ language

def test_non_english_article_is_kept_and_flagged() -> None:
    article = _one((FIXTURES / "spanish.txt").read_bytes())
    assert article.language == "es"
    assert "transporte público" in article.body


def test_language_detection() -> None:
    assert detect_language("The government said on Monday that talks would resume.") == "en"
    assert detect_language("Die Regierung kündigte am Montag neue Gespräche mit der Opposition "
                           "an.") == "de"
    assert detect_language("ok") is None


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize(("value", "when", "precision"), [
    ("2023-06-14T22:00:00Z", datetime(2023, 6, 14, 22, 0, 0, tzinfo=UTC), "second"),
    ("2023-06-14T09:30:00+02:00", datetime(2023, 6, 14, 7, 30, tzinfo=UTC), "second"),
    ("2023-06-14T09:30-04:00", datetime(2023, 6, 14, 13, 30, tzinfo=UTC), "minute"),
    ("2023-06-14", datetime(2023, 6, 14, tzinfo=UTC), "day"),
    ("2023-06", datetime(2023, 6, 1, tzinfo=UTC), "month"),
    ("2023", datetime(2023, 1, 1, tzinfo=UTC), "year"),
    ("Wed, 14 Jun 2023 18:05:00 +0200", datetime(2023, 6, 14, 16, 5, tzinfo=UTC), "second"),
    ("June 14, 2023", datetime(2023, 6, 14, tzinfo=UTC), "day"),
    ("June 2023", datetime(2023, 6, 1, tzinfo=UTC), "month"),
    ("14 juin 2023", datetime(2023, 6, 14, tzinfo=UTC), "day"),
    (1686780000, datetime(2023, 6, 14, 22, 0, tzinfo=UTC), "second"),
])
def test_dates_to_utc_with_precision(value: object, when: datetime, precision: str) -> None:
    assert parse_date(value) == (when, precision)


@pytest.mark.parametrize("value", [None, "", "   ", "not a date", "now", "today", "yesterday"])
def test_missing_or_relative_date_stays_none(value: object) -> None:
    assert parse_date(value) == (None, None)


def test_article_without_date_has_none_not_now() -> None:
    article = _one((FIXTURES / "plain.txt").read_bytes())
    assert article.published_at is None and article.published_precision is None
    assert article.fetched_at is not None
