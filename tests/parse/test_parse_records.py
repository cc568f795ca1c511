"""JSON / JSONL / CSV records, field mapping, and the canonical example as JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wirewatch.model import Article, RawDocument, Reject
from wirewatch.parse import ParseOptions, parse_document

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"


def _parse(data: bytes, kind: str | None, origin: str = "r",
           options: ParseOptions | None = None) -> list[Article | Reject]:
    return list(parse_document(RawDocument(data, origin, kind), options))


def test_canonical_json_has_the_same_zones_as_the_text(shared_dir: Path) -> None:
    examples = shared_dir / "examples"
    [from_txt] = _parse((examples / "blinken-china-visit.txt").read_bytes(), "txt")
    [from_json] = _parse((examples / "blinken-china-visit.json").read_bytes(), "json")
    assert isinstance(from_txt, Article) and isinstance(from_json, Article)
    for zone in ("title", "dek", "highlights", "sections", "captions", "tags", "body"):
        assert getattr(from_json, zone) == getattr(from_txt, zone), zone
    assert from_json.url == "https://example.com/world/antony-blinken-to-visit-china"
    assert from_json.outlet == "example.com"
    assert from_json.published_at == datetime(2023, 6, 14, 22, 0, tzinfo=UTC)
    assert from_json.published_precision == "second"


def test_jsonl_invalid_line_rejected_rest_parsed() -> None:
    out = _parse((FIXTURES / "records.jsonl").read_bytes(), "jsonl", origin="f.jsonl")
    kinds = [(type(x).__name__, getattr(x, "reason", None)) for x in out]
    assert kinds == [("Article", None), ("Reject", "bad_json"), ("Article", None),
                     ("Reject", "no_text")]
    first, bad, third, empty = out
    assert isinstance(first, Article) and isinstance(third, Article)
    assert isinstance(bad, Reject) and bad.origin == "f.jsonl:2"
    assert "line 2" in bad.detail
    assert isinstance(empty, Reject) and empty.origin == "f.jsonl:4"
    assert first.authors == ["Ana Example", "Ben Example"]
    assert first.tags == ["Trade", "Agriculture"]
    assert first.published_precision == "day"
    assert first.source_path == "f.jsonl:1"
    assert third.title == "Bridge Reopens" and third.outlet == "City Paper"
    assert third.published_at == datetime(2023, 6, 3, 12, 15, tzinfo=UTC)


def test_tracking_parameters_do_not_change_the_id() -> None:
    a = b'{"url": "https://x.example/a?utm_source=feed", "text": "Some text about a vote."}'
    b = b'{"url": "https://x.example/a", "text": "Other text about a vote."}'
    [one] = _parse(a, "json")
    [two] = _parse(b, "json")
    assert isinstance(one, Article) and isinstance(two, Article) and one.id == two.id


def test_csv_with_header_row() -> None:
    out = _parse((FIXTURES / "records.csv").read_bytes(), "csv", origin="f.csv")
    assert [type(x).__name__ for x in out] == ["Article", "Article"]
    first, second = out
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "Rail Strike Called Off" and first.outlet == "Rail Daily"
    assert first.authors == ["Chris Example"]
    assert second.published_at == datetime(2023, 5, 2, 14, 30, tzinfo=UTC)
    assert second.published_precision == "minute"
    assert first.source_path == "f.csv:2"


def test_allsides_format_by_default_and_with_field_map() -> None:
    data = (FIXTURES / "news_records_like.json").read_bytes()
    for options in (None, ParseOptions(field_map={"text": "content_original",
                                                  "outlet": "source"})):
        [article] = _parse(data, "json", options=options)
        assert isinstance(article, Article)
        assert article.outlet == "Example Wire"
        assert article.title == "Polls Close In Regional Election"
        assert article.authors == ["Dana Example"]
        assert article.body.startswith("Polls closed on Sunday evening")
        assert len(article.sections[0].paragraphs) == 2


def test_content_original_wins_over_a_processed_content_field() -> None:
    """Article-Bias-Prediction records carry both `content` (lower-cased, tokenised) and
    `content_original`: without any --field, the original text is read."""
    data = (b'{"title": "Talks resume", "content": "talks resume in geneva , officials say .", '
            b'"content_original": "Talks resumed in Geneva on Monday, officials said."}')
    [article] = _parse(data, "json")
    assert isinstance(article, Article)
    assert article.body == "Talks resumed in Geneva on Monday, officials said."


def test_field_map_overrides_defaults() -> None:
    data = b'{"text": "decoy text here", "story_body": "The real story about a harbour.", ' \
           b'"site": "Decoy", "paper": "Real Paper"}'
    [article] = _parse(data, "json", options=ParseOptions(
        field_map={"text": "story_body", "outlet": "paper"}))
    assert isinstance(article, Article)
    assert article.body == "The real story about a harbour."
    assert article.outlet == "Real Paper"


def test_json_list_and_wrapper_object() -> None:
    listed = b'[{"text": "First article text."}, 42, {"text": "Second article text."}]'
    out = _parse(listed, "json", origin="l.json")
    assert [type(x).__name__ for x in out] == ["Article", "Reject", "Article"]
    assert isinstance(out[1], Reject) and out[1].origin == "l.json[1]"
    wrapped = b'{"articles": [{"body": "Wrapped one."}, {"body": "Wrapped two."}]}'
    assert [type(x).__name__ for x in _parse(wrapped, "json")] == ["Article", "Article"]


def test_invalid_json_file_rejected() -> None:
    [reject] = _parse(b'{"text": "unterminated', "json")
    assert isinstance(reject, Reject) and reject.reason == "bad_json"


def test_html_text_field_is_stripped_to_paragraphs() -> None:
    data = b'{"title": "T", "content": "<p>First para.</p><p>Second &amp; last.</p>"}'
    [article] = _parse(data, "json")
    assert isinstance(article, Article)
    assert article.sections[0].paragraphs == ["First para.", "Second & last."]


def test_jsonl_sniffed_when_kind_unknown() -> None:
    data = b'{"text": "One article."}\n{"text": "Two article."}\n'
    assert [type(x).__name__ for x in _parse(data, None)] == ["Article", "Article"]


def test_non_utf8_line_in_jsonl_decodes() -> None:
    data = '{"text": "Zürich vote."}\n'.encode() + b'{"text": "Caf\xe9 reopens."}\n'
    out = _parse(data, "jsonl")
    assert [a.body for a in out if isinstance(a, Article)] == ["Zürich vote.", "Café reopens."]


def test_mangled_inputs_of_every_kind_never_raise() -> None:
    import random

    rng = random.Random(7)
    sources = [p.read_bytes() for p in sorted(FIXTURES.iterdir()) if p.is_file()]
    for data in sources:
        for kind in rng.sample(["txt", "html", "json", "jsonl", "csv", "feed", None], 3):
            cut = data[: rng.randrange(1, len(data) + 1)]
            flipped = bytearray(data)
            for _ in range(5):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            for variant in (cut, bytes(flipped)):
                for item in parse_document(RawDocument(variant, "fuzz", kind)):
                    assert isinstance(item, Article | Reject)
