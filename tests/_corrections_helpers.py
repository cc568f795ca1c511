"""A deterministic "machine" for the corrections tests (tests/serve/test_corrections_*.py):
what it codes is known, so what a correction changes is too, and `MACHINE["version"] = 2`
recodes an article differently (an extra event first renumbers the rest), as a retrained model
would. Also a store with two articles served by a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _http import served
from wirewatch.analyze.entities import entity_id
from wirewatch.engine.local import LocalEngine
from wirewatch.model import (
    ActorRef,
    Analysis,
    Article,
    Entity,
    Event,
    Evidence,
    Location,
    Mention,
    Quote,
    Tone,
)
from wirewatch.serve.app import create_app

ADMIN, EDITOR, READER = "admin-token-123", "editor-token-123", "reader-token-123"
SENTENCE = "Kenyan forces shelled Somali positions near Mandera on Monday."
QUOTE = '"We will respond," said Wanjiku Otieno.'
MACHINE = {"version": 1}
PERSON = entity_id("Wanjiku Otieno", "PERSON")
SHORT = entity_id("Otieno", "PERSON")


def _body(i: int) -> str:
    filler = {1: "Residents fled the border town after the overnight attack.",
              2: "Aid groups in Nairobi warned of displacement across the region.",
              4: "Local radio said schools in the district stayed closed on Tuesday.",
              5: "The African Union urged both governments to return to talks."}.get(
                  i, "Diplomats in Addis Ababa called for restraint on both sides.")
    return f"{SENTENCE} {QUOTE} {filler} Otieno spoke to reporters."


def analyzer(articles: list[Article], kb: Any) -> list[Analysis]:
    """Codes the shelling as ASSAULT (version 2 also finds a CONSULT earlier in the text,
    which renumbers the ASSAULT), the quote's speaker as 'Kenya', Wanjiku Otieno as Ugandan."""
    out = []
    for art in articles:
        body = art.body
        s = body.index(SENTENCE)
        q = body.index(QUOTE)
        name = body.index("Wanjiku Otieno")
        short = body.rindex("Otieno spoke")
        events = [Event(type="ASSAULT", mode=None,
                        source=[ActorRef("Kenya", "KEN", "MIL")],
                        target=[ActorRef("Somalia", "SOM", "MIL"),
                                ActorRef("Wanjiku Otieno", "UGA", "GOV")],
                        evidence=Evidence(SENTENCE, s, s + len(SENTENCE)),
                        location=Location("Mandera", "KEN", 3.94, 41.86), date="2024-05-06",
                        intensity=-9.0, quad="material_conflict", cameo_root="18")]
        if MACHINE["version"] == 2:
            events.insert(0, Event(type="CONSULT", source=[ActorRef("Kenya", "KEN", "GOV")],
                                   target=[ActorRef("Somalia", "SOM", "GOV")],
                                   evidence=Evidence(QUOTE, q, q + len(QUOTE)),
                                   date="2024-05-06", intensity=1.0,
                                   quad="verbal_cooperation"))
        entities = [
            Entity(id=PERSON, name="Wanjiku Otieno", type="PERSON", country="UGA",
                   sector="GOV", mentions=[Mention("Wanjiku Otieno", name, name + 14)]),
            Entity(id=SHORT, name="Otieno", type="PERSON",
                   mentions=[Mention("Otieno", short, short + 6)]),
            Entity(id=entity_id("Kenya", "GPE"), name="Kenya", type="GPE", country="KEN",
                   mentions=[Mention("Kenyan", s, s + 6)]),
        ]
        quotes = [Quote(text="We will respond,", speaker="Kenya", kind="direct", start=q,
                        end=q + len(QUOTE))]
        out.append(Analysis(article=art, entities=entities, events=events, quotes=quotes,
                            tone=Tone(-3.0, 1.0, 4.0, 0.2)))
    return out


def article(i: int) -> Article:
    return Article(id=f"corr{i:016d}", body=_body(i), url=f"https://example.com/c/{i}",
                   title=f"Border shelling {i}", outlet=f"Outlet {i}",
                   published_at=datetime(2024, 5, 6, 8 + i, tzinfo=UTC))


@contextmanager
def serving(data: Path) -> Iterator[tuple[str, LocalEngine]]:
    """Articles 1 and 2 stored by the machine and served on 127.0.0.1 (admin token ADMIN; the
    roles file gives EDITOR to "ann" and READER to "rob"); yields (base URL, engine)."""
    MACHINE["version"] = 1
    data.mkdir(parents=True, exist_ok=True)
    (data / "tokens").write_text(f"# role name token\neditor ann {EDITOR}\n"
                                 f"reader rob {READER}\n", "utf-8")
    engine = LocalEngine(data, workers=0, analyzer=analyzer)
    engine.ingest([article(1), article(2)])
    app = create_app(engine, token=ADMIN)
    try:
        with served(app) as base:
            yield base, engine
    finally:
        engine.close()
