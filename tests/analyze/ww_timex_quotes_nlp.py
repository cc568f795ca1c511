"""Shared fixtures for the timex / quotes / attributions tests: one model per test process,
the example's body, and hand-made entities for it (so speaker and outlet resolution can be
tested without the entities component)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from wirewatch.model import Entity, Mention

PUBLISHED = datetime(2023, 6, 14, 22, 0, tzinfo=UTC)  # the example's publication time (a Wednesday)

_NLP = None


def nlp():  # noqa: ANN201 - spacy Language
    """The bare model plus ww_timex, ww_quotes and ww_attributions (built once)."""
    global _NLP
    if _NLP is None:
        import wirewatch.analyze.quotes  # noqa: F401
        import wirewatch.analyze.timex  # noqa: F401
        from wirewatch.analyze.pipeline import load_model

        model = load_model()
        for name in ("ww_timex", "ww_quotes", "ww_attributions"):
            model.add_pipe(name)
        _NLP = model
    return _NLP


def entity(name: str, type_: str, country: str | None, sector: str | None, text: str,
           patterns: list[str]) -> Entity:
    mentions = [Mention(m.group(0), m.start(), m.end()) for p in patterns
                for m in re.finditer(p, text)]
    return Entity(id=name, name=name, type=type_, country=country, sector=sector,
                  mentions=mentions)


def example_entities(body: str) -> list[Entity]:
    """What the entities component is expected to find in the example (expected.json)."""
    return [
        entity("Qin Gang", "PERSON", "CHN", "GOV", body,
               [r"Qin Gang", r"\bQin\b(?! Gang)", r"[Tt]he Chinese foreign minister"]),
        entity("Antony Blinken", "PERSON", "USA", "GOV", body,
               [r"(?:Antony )?Blinken", r"[Tt]he American official", r"the secretary of state"]),
        entity("Xi Jinping", "PERSON", "CHN", "GOV", body, [r"(?:President )?Xi(?: Jinping)?"]),
        entity("The New York Times", "ORG", "USA", "MED", body, [r"the New York Times"]),
        entity("CNN", "ORG", "USA", "MED", body, [r"CNN"]),
        entity("Reuters", "ORG", "GBR", "MED", body, [r"Reuters"]),
        entity("China", "GPE", "CHN", None, body, [r"China|Chinese"]),
    ]


def run(text: str, *, published: datetime | None = PUBLISHED, zone: str = "body",
        entities: list[Entity] | None = None):  # noqa: ANN201 - spacy Doc
    """Run the three components on `text` as one zone."""
    model = nlp()
    doc = model.make_doc(text)
    doc._.ww_zone = zone
    doc._.ww_published = published
    doc._.ww_entities = entities or []
    for _, proc in model.pipeline:
        doc = proc(doc)
    return doc


def person(name: str, text: str, *patterns: str, country: str | None = None) -> Entity:
    return entity(name, "PERSON", country, "GOV", text, list(patterns) or [re.escape(name)])
