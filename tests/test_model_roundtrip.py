"""Analysis/Article (de)serialisation: what crosses the broker must come back unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from wirewatch.model import (
    ActorRef,
    Analysis,
    Article,
    Attribution,
    Caption,
    Entity,
    Event,
    Evidence,
    Location,
    Mention,
    Quote,
    RawDocument,
    Section,
    Timex,
    Tone,
)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "wirewatch" / "data" / "samples" / \
    "samples.jsonl"


def _wire(analysis: Analysis) -> Analysis:
    return Analysis.from_dict(json.loads(json.dumps(analysis.to_record())))


def test_every_field_round_trips() -> None:
    article = Article.build(
        sections=[Section("Heading", ["First paragraph.", "Second one."])],
        url="https://example.org/a", outlet="Example", title="Title", dek="Dek",
        highlights=["one"], captions=[Caption("A photo", "AP")], tags=["t"], authors=["A B"],
        published_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC), published_precision="minute",
        published_offset=-300,
        fetched_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC), language="en", source_path="x")
    analysis = Analysis(
        article=article,
        entities=[Entity("e1", "Grace Otieno", "PERSON", "KEN", "GOV",
                         roles=[{"role": "Foreign Minister", "country": "KEN",
                                 "seen": "2025-03-04"}], aliases=["Otieno"],
                         mentions=[Mention("Otieno", 3, 9, "caption", 0, 1)])],
        events=[Event("CONSULT", [ActorRef("Kenya", "KEN", "GOV")], [ActorRef("Somalia", "SOM")],
                      Evidence("Kenya met Somalia.", 0, 18), mode="visit", context="border",
                      location=Location("Mogadishu", "SOM", 2.04, 45.34), date="2025-03-05",
                      date_precision="day", modality="planned", intensity=1.5, quad="VC",
                      cameo_root="04", confidence=0.8)],
        quotes=[Quote("We will talk", "Otieno", "direct", 1, 13, "KEN", "title")],
        attributions=[Attribution("Reuters", "talks planned", 0, 13)],
        timex=[Timex("Thursday", "2025-03-06", "day", 20, 28)],
        tone=Tone(-2.5, 1.0, 3.5, 0.25), keypoints=["k"], tags=["diplomacy"],
        notes=["truncated"])
    back = _wire(analysis)
    assert back == analysis
    assert back.entities[0].mentions[0].zone_index == 1  # kept, though to_dict() omits it
    assert back.notes == ["truncated"]
    assert back.to_dict() == analysis.to_dict()


def test_real_analyses_round_trip() -> None:
    from wirewatch.analyze import analyze_batch
    from wirewatch.parse import parse_document

    articles = [a for a in parse_document(RawDocument(SAMPLES.read_bytes(), "samples",
                                                      kind="jsonl"))
                if isinstance(a, Article)][:4]
    analyses = analyze_batch(articles)
    assert any(an.events for an in analyses) and any(an.entities for an in analyses)
    for analysis in analyses:
        assert _wire(analysis) == analysis


def test_wire_format_covers_every_field() -> None:
    """Tripwire: a field added to these classes must be added to to_record()/from_dict() (and
    here), or the broker path would silently drop it."""
    from dataclasses import fields

    covered = {
        Analysis: "article entities events quotes attributions timex tone keypoints tags notes",
        Entity: "id name type country sector roles aliases mentions",
        Event: "type source target evidence mode context location date date_precision "
               "modality intensity quad cameo_root confidence mentions background "
               "model_version",
        Quote: "text speaker kind start end speaker_country zone",
        Mention: "text start end zone sentence zone_index",
        Article: "id body url outlet title dek highlights sections captions tags authors "
                 "published_at published_precision fetched_at language source_path "
                 "published_offset",
        Location: "name country lat lon", ActorRef: "name country sector",
        Tone: "score positive negative conflict_share", Timex: "text value precision start end",
        Attribution: "outlet claim start end",
    }
    for cls, names in covered.items():
        assert {f.name for f in fields(cls)} == set(names.split()), cls.__name__
