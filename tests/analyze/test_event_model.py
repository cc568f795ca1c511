"""The learned event classifier: the model's arithmetic, its training, and its place in ww_events."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from wirewatch.analyze.event_model import NONE, EventModel, fit, shipped_model
from wirewatch.annotations import Ev, Side
from wirewatch.model import ActorRef, Event, Evidence
from wirewatch.train import WRONG_ACTORS_WEIGHT, ArticleExamples, score, weigh_candidates

ROWS = [["lemma=attack", "src_type=GPE"], ["lemma=attack", "w=heart"],
        ["lemma=meet", "src_type=PERSON"], ["lemma=attack", "src_type=GPE", "w=troops"],
        ["lemma=meet", "w=heart"], ["lemma=attack", "w=heart", "w=his"]] * 4
LABELS = ["ASSAULT", NONE, "CONSULT", "ASSAULT", "CONSULT", NONE] * 4


def test_fit_learns_word_senses_and_is_deterministic() -> None:
    model = fit(ROWS, LABELS, min_count=1, epochs=200, learning_rate=0.1)
    again = fit(ROWS, LABELS, min_count=1, epochs=200, learning_rate=0.1)
    assert again.features == model.features
    assert (again.weights == model.weights).all()
    got = model.predict([["lemma=attack", "src_type=GPE"], ["lemma=attack", "w=heart"],
                         ["lemma=meet", "src_type=PERSON"]])
    assert [label for label, _ in got] == ["ASSAULT", NONE, "CONSULT"]
    reasons = dict(model.explain(["lemma=attack", "w=heart"], NONE))
    assert reasons["w=heart"] > 0


def test_threshold_decides_how_sure_an_event_must_be(tmp_path: Path) -> None:
    model = fit(ROWS, LABELS, min_count=1, epochs=200, learning_rate=0.1)
    model.threshold = 1.01  # nothing is ever `none`
    assert all(label != NONE for label, _ in model.predict(ROWS))
    model.threshold = 0.0   # everything is
    assert all(label == NONE for label, _ in model.predict(ROWS))
    model.threshold = 0.5
    path = tmp_path / "m.json"
    model.save(path)
    loaded = EventModel.load(path)
    before, after = model.predict(ROWS), loaded.predict(ROWS)
    assert [lab for lab, _ in after] == [lab for lab, _ in before]
    assert [p for _, p in after] == pytest.approx([p for _, p in before], abs=1e-3)
    assert json.loads(path.read_text())["threshold"] == 0.5


def test_the_shipped_model_is_trained_and_small() -> None:
    model = shipped_model()
    assert model is not None, "run `make train` to write src/wirewatch/data/event_model.json"
    assert NONE in model.labels and {"ASSAULT", "REQUEST", "ACCUSE"} <= set(model.labels)
    assert 0.0 < model.threshold <= 1.0
    assert model.meta["version"].startswith("events-")
    assert "train" in model.meta["trained_on"]
    path = Path(__file__).resolve().parents[2] / "src" / "wirewatch" / "data" / \
        "event_model.json"
    assert path.stat().st_size < 5_000_000


def _event(typ: str, src: str, tgt: str | None, sentence: str) -> Event:
    return Event(type=typ, source=[ActorRef(name=src)],
                 target=[ActorRef(name=tgt)] if tgt else [],
                 evidence=Evidence(sentence=sentence, start=0, end=len(sentence)))


def test_candidates_are_labelled_by_the_scorers_rule() -> None:
    sentence = "Senator Jane Roe accused the governor of lying about the budget."
    gold = [Ev("ACCUSE", Side(["Jane Roe"]), Side(["Tom Doe"]), sentence)]
    cands = [_event("ACCUSE", "Roe", "Tom Doe", sentence),      # right
             _event("REJECT", "Jane Roe", "Doe", sentence),      # right actors, wrong type
             _event("ACCUSE", "Roe", "Budget Office", sentence),  # right type, wrong target
             _event("ASSAULT", "Roe", "Budget Office", sentence),  # neither
             _event("ACCUSE", "Roe", "Tom Doe", "An unrelated sentence about weather.")]
    labels, weights = weigh_candidates(cands, gold)
    assert labels == ["ACCUSE", "ACCUSE", "ACCUSE", NONE, NONE]
    # the right type with a wrong actor is scored spurious: it teaches the sense, but less
    assert weights == [1.0, 1.0, WRONG_ACTORS_WEIGHT, 1.0, 1.0]


def test_the_scorer_keeps_one_event_per_act_as_analysis_does() -> None:
    sentence = "Senator Jane Roe and Senator Ann Poe accused the governor of lying."
    gold = [Ev("ACCUSE", Side(["Jane Roe"]), Side(["Tom Doe"]), sentence)]
    whole = Event("ACCUSE", [ActorRef("Jane Roe"), ActorRef("Ann Poe")], [ActorRef("Tom Doe")],
                  Evidence(sentence, 0, len(sentence)))
    split = _event("ACCUSE", "Ann Poe", "Tom Doe", sentence)
    probs = np.array([[0.8, 0.2], [0.6, 0.4]])  # labels: ACCUSE, none
    ex = ArticleExamples("a", [whole, split], [[], []], ["ACCUSE", "ACCUSE"], gold,
                         acts=[(0, 5), (0, 5)])
    assert score([ex], [probs], ["ACCUSE", NONE], 0.5, 1e9) == (1.0, 1.0, 1.0)
    ex.acts = []  # unknown triggers: each candidate its own act, the split scores spurious
    assert score([ex], [probs], ["ACCUSE", NONE], 0.5, 1e9)[:2] == (0.5, 1.0)


def test_ww_events_keeps_candidates_and_the_model_only_keeps_or_retypes_them(nlp) -> None:
    from wirewatch.analyze.events import EventsComponent

    text = ("Russia attacked Ukrainian positions near Kharkiv on Monday, the Ukrainian army "
            "said. Ukraine's foreign minister accused Moscow of war crimes.")
    doc = nlp(text)
    rules = EventsComponent("rules", keep_candidates=True)(doc)
    candidates = rules._.ww_event_candidates
    assert candidates and all(feats for _, feats in candidates)
    assert any(f.startswith("lemma=") for f in candidates[0][1])
    judged = EventsComponent("shipped")(nlp(text))._.ww_events
    sentences = {e.evidence.start for e, _ in candidates}
    assert {e.evidence.start for e in judged} <= sentences
    assert len(judged) <= len(candidates)
    with pytest.raises(ValueError):
        EventsComponent("downloaded")


@pytest.mark.slow
def test_training_is_reproducible_from_the_annotations(tmp_path: Path) -> None:
    from wirewatch.cli import app

    runner = CliRunner()
    outs = [tmp_path / "one.json", tmp_path / "two.json"]
    for out in outs:
        result = runner.invoke(app, ["train", "events", "--limit", "10", "--seed", "3",
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "cross-validated" in result.output
    assert outs[0].read_bytes() == outs[1].read_bytes()
    model = EventModel.load(outs[0])
    assert model.meta["seed"] == 3 and model.meta["trained_on"].startswith("10 ")


def test_train_says_where_the_corpus_should_be(tmp_path: Path) -> None:
    from wirewatch import annotations
    from wirewatch.cli import app

    try:
        result = CliRunner().invoke(app, ["train", "events", "--corpus",
                                          str(tmp_path / "missing.jsonl.gz"),
                                          "--out", str(tmp_path / "m.json")])
    finally:
        annotations.use_corpus(annotations.CORPUS)
    assert result.exit_code == 2
    assert "not at" in result.output
    assert not (tmp_path / "m.json").exists()


def test_one_event_one_record_with_all_its_mentions() -> None:
    from wirewatch.analyze.events import merge_mentions

    a = _event("CONSULT", "Antony Blinken", "China", "Blinken will visit China.")
    a.evidence, a.confidence, a.modality = Evidence("Blinken will visit China.", 0, 25), 0.6, \
        "planned"
    b = _event("CONSULT", "Antony Blinken", "China", "The visit to China is his first.")
    b.evidence, b.confidence, b.modality = Evidence("The visit to China is his first.", 40, 72), \
        0.8, "planned"
    c = _event("CONSULT", "Antony Blinken", "China", "He cancelled a visit in February.")
    c.evidence, c.modality = Evidence("He cancelled a visit in February.", 80, 113), "cancelled"
    merged = merge_mentions([a, b, c])
    assert len(merged) == 2                      # the cancelled visit is another event
    visit = merged[0]
    assert [m.start for m in visit.mentions] == [0, 40]
    assert visit.evidence.start == 40 and visit.confidence == 0.8   # the best span
    assert merged[1].mentions == [c.evidence]


def test_two_statements_are_two_events_however_alike() -> None:
    """A demand read from what someone said is that statement: a second, like one ("added
    that ...") is another event, while a deed reported twice stays one record."""
    import spacy

    from wirewatch.analyze.events import merge_mentions

    text = "Kenya told Uganda to leave. Kenya added that Uganda should go. Kenya visited Uganda."
    doc = spacy.blank("en")(text)
    told, added, visited = doc[1], doc[7], doc[14]
    told.lemma_, added.lemma_, visited.lemma_ = "tell", "add", "visit"
    asks = [_event("REQUEST", "Kenya", "Uganda", s) for s in text.split(". ")[:2]]
    for i, ev in enumerate(asks):
        ev.evidence = Evidence(ev.evidence.sentence, i * 30, i * 30 + 25)
    visit = _event("CONSULT", "Kenya", "Uganda", "Kenya visited Uganda.")
    again = _event("CONSULT", "Kenya", "Uganda", "The visit was short.")
    again.evidence = Evidence("The visit was short.", 90, 110)
    merged = merge_mentions([*asks, visit, again], [told, added, visited, visited])
    assert [e.type for e in merged] == ["REQUEST", "REQUEST", "CONSULT"]
    assert len(merged[2].mentions) == 2


def test_an_event_dated_well_before_publication_is_background() -> None:
    from datetime import UTC, datetime

    from wirewatch.analyze.events import _is_background

    published = datetime(2020, 1, 30, tzinfo=UTC)
    assert _is_background("2019", "year", published)
    assert _is_background("1965-03-07", "day", published)
    assert not _is_background("2020-01", "month", published)
    assert not _is_background("2020-01-29", "day", published)
    assert not _is_background("2019-12-31", "article", published)   # dated by the article
    assert not _is_background(None, None, published)


def test_a_model_is_named_by_its_records_and_its_weights() -> None:
    """Two models learned from the same records (new rules give new features) must not
    share a version; the same model is always named alike."""
    from wirewatch.train import model_version

    one = fit(ROWS, LABELS, min_count=1, epochs=200, learning_rate=0.1)
    two = fit(ROWS, LABELS, min_count=1, epochs=20, learning_rate=0.1)
    records = ["news-1", "news-2"]
    assert model_version(records, one, 0) == model_version(records, one, 0)
    assert model_version(records, one, 0) != model_version(records, two, 0)
    assert model_version(records, one, 0) != model_version(["news-1"], one, 0)
    assert model_version(records, one, 0).startswith("events-")


def test_the_setting_chosen_is_the_precise_end_of_the_f1_plateau() -> None:
    from wirewatch.train import choose_setting

    curve = {(0.5, 4.0): (0.40, 0.15, 0.218), (0.6, 4.0): (0.34, 0.18, 0.238),
             (0.75, 4.0): (0.27, 0.22, 0.243), (0.9, 4.0): (0.18, 0.27, 0.216)}
    assert choose_setting(curve) == (0.6, 4.0)  # within 3 % of the best F1, most precise
    curve[(0.75, 4.0)] = (0.27, 0.30, 0.284)
    assert choose_setting(curve) == (0.75, 4.0)  # nothing else is near the best


def test_the_whole_side_stays_when_the_model_is_about_as_sure_of_it() -> None:
    """"Kenya and Ghana condemned Mali and Chad": the joint act, not one reading of a part,
    unless the model is clearly surer of the part."""
    from wirewatch.analyze.events import one_per_act

    sentence = "Kenya and Ghana condemned Mali and Chad."
    whole = _event("ACCUSE", "Kenya", "Mali", sentence)
    whole.source.append(ActorRef(name="Ghana"))
    whole.target.append(ActorRef(name="Chad"))
    part = _event("ACCUSE", "Kenya", "Chad", sentence)
    part.source.append(ActorRef(name="Ghana"))
    assert one_per_act([whole, part], [7, 7], [0.03, 0.02]) == [0]
    assert one_per_act([whole, part], [7, 7], [0.30, 0.02]) == [1]
    other = _event("REJECT", "Kenya", "Chad", sentence)     # another type is no part
    assert one_per_act([whole, other], [7, 7], [0.03, 0.02]) == [1]


def test_every_seed_sentence_gives_its_act_to_learn_from() -> None:
    """data/event_seeds.tsv holds invented sentences of called-off acts: each must give a
    candidate of its type whose actors agree, or it teaches the model nothing (or `none`)."""
    from wirewatch.train import collect_seeds

    seeds = collect_seeds()
    assert len(seeds) >= 5
    for ex in seeds:
        assert any(label != "none" and w == 1.0 and e.modality in ("cancelled", "postponed")
                   for e, label, w in zip(ex.events, ex.labels, ex.weights, strict=True)), \
            ex.record_id


def test_the_saved_file_keeps_every_weight_exactly(tmp_path: Path) -> None:
    """Weights are written as whole numbers of 1/10,000 (a smaller file) and read back as the
    very floats the model had; an older file of plain floats still loads."""
    import json

    from wirewatch.analyze.event_model import WEIGHT_SCALE, fit

    rows = [["lemma=attack", "dep=ROOT"], ["lemma=meet"], ["lemma=attack"], ["lemma=meet"]]
    model = fit(rows, ["ASSAULT", "CONSULT", "ASSAULT", "none"], epochs=50)
    path = tmp_path / "m.json"
    model.save(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["weight_scale"] == WEIGHT_SCALE
    assert all(isinstance(w, int) for ws in data["weights"].values() for w in ws)
    again = EventModel.load(path)
    plain = EventModel.from_json(model.to_json())  # the older format: floats, no scale
    assert (again.weights == plain.weights).all() and again.features == plain.features
    assert again.probabilities(rows).tolist() == plain.probabilities(rows).tolist()
