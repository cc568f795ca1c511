"""The knowledge base (link/kb.py): learned roles let a later bare "Qin" resolve."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wirewatch.analyze import analyze
from wirewatch.link.kb import KnowledgeBase
from wirewatch.model import Analysis, Article, Section


def _later(text: str) -> Article:
    return Article.build(sections=[Section(None, [text])], title="Diplomacy update",
                         published_at=datetime(2023, 7, 3, tzinfo=UTC))


def test_learn_then_resolve_bare_surname(blinken_analysis: Analysis) -> None:
    kb = KnowledgeBase()
    assert kb.learn(blinken_analysis) >= 5
    snap = kb.snapshot()
    qin = next(p for p in snap["persons"] if p["name"] == "Qin Gang")
    assert qin["country"] == "CHN" and "Qin" in qin["aliases"]
    assert qin["roles"][0] == {"role": "Foreign Minister", "country": "CHN", "seen": "2023-06-14"}

    later = analyze(_later("Qin said on Monday that relations with Washington must improve."),
                    kb=snap)
    ent = next(e for e in later.entities if e.type == "PERSON")
    assert (ent.name, ent.country, ent.sector, ent.code) == ("Qin Gang", "CHN", "GOV", "CHNGOV")
    assert ent.roles[0]["role"] == "Foreign Minister"
    assert [m.text for m in ent.mentions] == ["Qin"]


def test_without_kb_a_bare_surname_stays_unknown() -> None:
    later = analyze(_later("Qin said on Monday that relations with Washington must improve."))
    assert not any(e.name == "Qin Gang" for e in later.entities)


def test_role_reference_resolved_from_kb(blinken_analysis: Analysis) -> None:
    kb = KnowledgeBase()
    kb.learn(blinken_analysis)
    later = analyze(_later("China's foreign minister said on Monday that ties must improve."),
                    kb=kb.snapshot())
    qin = next(e for e in later.entities if e.name == "Qin Gang")
    assert qin.code == "CHNGOV"


def test_persistence_roundtrip(tmp_path: Path, blinken_analysis: Analysis) -> None:
    kb = KnowledgeBase()
    kb.learn(blinken_analysis)
    kb.learn(blinken_analysis)  # learning the same article again only bumps counts
    path = tmp_path / "kb.json"
    kb.save(path)
    again = KnowledgeBase.load(path)
    assert again.snapshot() == kb.snapshot()
    assert KnowledgeBase.from_rows(kb.to_rows()).snapshot() == kb.snapshot()
    assert again.lookup("Qin")["name"] == "Qin Gang"
    assert KnowledgeBase.load(tmp_path / "missing.json").snapshot()["persons"] == []


def test_engine_learns_persists_and_uses_the_kb(tmp_path: Path) -> None:
    """The stream teaches the KB: a later run of the engine (a restart) resolves a bare "Qin"
    from what an earlier article said, because the KB is stored with the analyses."""
    from wirewatch.engine.local import LocalEngine

    example = Path(__file__).parents[2].parent / "shared/examples/blinken-china-visit.txt"
    with LocalEngine(tmp_path, workers=0, use_pool=False) as engine:
        assert engine.ingest([example]).stored == 1
        rows = engine.store.kb_rows()
        assert any(r["name"] == "Qin Gang" and r["role"] == "Foreign Minister" for r in rows)
    with LocalEngine(tmp_path, workers=0, use_pool=False) as engine:
        assert engine.knowledge is not None and engine.knowledge.lookup("Qin")
        later = _later("Qin said on Monday that relations with Washington must improve.")
        assert engine.ingest([later]).stored == 1
        names = {r[0] for r in engine.store.con.execute(
            "SELECT name FROM entities WHERE article_id = ?", [later.id]).fetchall()}
    assert "Qin Gang" in names
