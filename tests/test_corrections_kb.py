"""Entity corrections teach the knowledge base, through the real pipeline (spaCy, ww_actors):
after an analyst says Wanjiku Otieno is Kenyan, the next article that names her — with nothing
in it about her country — gets Kenya for her and for the events she is an actor of, also after
the engine is reopened (the pin comes back from the corrections table)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wirewatch.analyze import analyze
from wirewatch.analyze.entities import entity_id
from wirewatch.corrections import Corrector
from wirewatch.engine.local import LocalEngine
from wirewatch.model import Article

PERSON = entity_id("Wanjiku Otieno", "PERSON")
FIRST = Article(
    id="kbfirst000000000000a", url="https://example.com/kb/1", title="Talks to resume",
    published_at=datetime(2024, 5, 6, 9, tzinfo=UTC),
    body="Uganda's trade minister Wanjiku Otieno said on Monday that talks with Kenya would "
         "resume. Otieno told reporters in Kampala that the border would reopen.")
NEXT = Article(
    id="kbnext00000000000000", url="https://example.com/kb/2", title="Trade row",
    published_at=datetime(2024, 5, 8, 9, tzinfo=UTC),
    body="Wanjiku Otieno met officials on Tuesday and accused Tanzania of blocking trucks. "
         "Otieno said the dispute would go to arbitration.")
LATER = Article(
    id="kblater0000000000000", url="https://example.com/kb/3", title="Arbitration",
    published_at=datetime(2024, 5, 20, 9, tzinfo=UTC),
    body="Wanjiku Otieno accused Tanzania of stalling the arbitration on Monday. Officials "
         "said a ruling could take months.")


def _person(engine: LocalEngine, article: Article) -> tuple[str | None, set[str | None]]:
    """Her country in the stored document, and her country as an actor of its events."""
    doc = engine.store.reader.read(_doc, article.id)
    ent = next(e for e in doc["entities"] if e["name"] == "Wanjiku Otieno")
    actors = {a["country"] for ev in doc["events"] for a in ev["source"] + ev["target"]
              if a["name"] == "Wanjiku Otieno"}
    return ent["country"], actors


def _doc(cur, article_id):  # noqa: ANN001, ANN202
    from wirewatch.queries.articles import article

    return article(cur, article_id)


def test_entity_correction_teaches_the_kb(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalEngine(data, workers=0) as engine:
        engine.ingest([FIRST])
        assert _person(engine, FIRST)[0] == "UGA"
        assert engine.knowledge.lookup("Wanjiku Otieno")["country"] == "UGA"
        # what the pipeline says of the next article with the KB as it stands: Ugandan
        before = analyze(NEXT, engine.kb_state()[1])
        assert {e.country for e in before.entities if e.name == "Wanjiku Otieno"} == {"UGA"}

        (rec,) = Corrector(engine).patch("entity", PERSON, {"country": "KEN",
                                                            "reason": "she is Kenyan"}, "ann")
        assert (rec["before"], rec["after"]) == ("UGA", "KEN")
        assert _person(engine, FIRST) == ("KEN", set())
        known = engine.knowledge.lookup("Wanjiku Otieno")
        assert known["country"] == "KEN" and {r["country"] for r in known["roles"]} == {"KEN"}
        stored = {r["name"]: r["country"] for r in engine.store.kb_rows()}
        assert stored["Wanjiku Otieno"] == "KEN"

        # the pipeline itself now codes her as Kenyan (the KB snapshot analysis gets) ...
        after = analyze(NEXT, engine.kb_state()[1])
        assert {e.country for e in after.entities if e.name == "Wanjiku Otieno"} == {"KEN"}
        assert any(a.country == "KEN" for ev in after.events for a in ev.source
                   if a.name == "Wanjiku Otieno")
        # ... and so does the engine when the next article arrives
        engine.ingest([NEXT])
        country, actors = _person(engine, NEXT)
        assert country == "KEN" and actors == {"KEN"}

    # the pin outlives the process: it is re-read from the corrections table
    with LocalEngine(data, workers=0) as engine:
        assert engine.knowledge.pinned["wanjiku otieno"]["country"] == "KEN"
        engine.ingest([LATER])
        country, actors = _person(engine, LATER)
        assert country == "KEN" and actors <= {"KEN"}
        # undone: the pin goes; the machine's own reading of her first article is back
        Corrector(engine).undo(rec["id"], "ann")
        assert "wanjiku otieno" not in engine.knowledge.pinned
        assert _person(engine, FIRST)[0] == "UGA"


def test_entity_split_teaches_the_kb(tmp_path: Path) -> None:
    """A split-off person with a country is a pinned person of the KB (until the undo)."""
    from wirewatch.corrections import entity_key

    assert entity_key("Wanjiku Otieno", "PERSON") == PERSON  # the analyzer's ids
    with LocalEngine(tmp_path / "data", workers=0) as engine:
        engine.ingest([FIRST])
        doc = engine.store.reader.read(_doc, FIRST.id)
        ent = next(e for e in doc["entities"] if e["name"] == "Wanjiku Otieno")
        (mention,) = [m for m in ent["mentions"] if m["text"] == "Otieno"]
        (rec,) = Corrector(engine).patch("entity", ent["id"], {"split": {
            "mentions": [f"{FIRST.id}:{mention['start']}"], "name": "Peter Otieno",
            "type": "PERSON", "country": "KEN", "sector": "GOV"}}, "ann")
        doc = engine.store.reader.read(_doc, FIRST.id)
        peter = next(e for e in doc["entities"] if e["id"] == entity_key("Peter Otieno",
                                                                         "PERSON"))
        assert [m["text"] for m in peter["mentions"]] == ["Otieno"]
        assert engine.knowledge.lookup("Peter Otieno")["country"] == "KEN"
        assert engine.knowledge.pinned["peter otieno"]["country"] == "KEN"
        assert engine.knowledge.lookup("Wanjiku Otieno")["country"] == "UGA"
        Corrector(engine).undo(rec["id"], "ann")
        assert "peter otieno" not in engine.knowledge.pinned
