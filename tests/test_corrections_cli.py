"""The correction loop from the command line, on the real pipeline: `wirewatch correct`,
`wirewatch corrections list|export|undo`, `wirewatch reanalyze` (the correction survives; every
event records the model version that coded it), and the export read back as training examples
by `train.collect_corrections` (what `wirewatch train events --corrections` adds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from wirewatch.analyze.event_model import shipped_model
from wirewatch.cli import app
from wirewatch.train import CORRECTION_REPEAT, collect_corrections

TEXT = ("Kenya accuses Somalia over border raids\n\n"
        "NAIROBI, May 6 (Example) - Kenya accused Somalia on Monday of sheltering militants who "
        "raided border villages, and Kenyan troops shelled positions near Mandera.\n\n"
        "Somalia's foreign ministry rejected the charge and said it would raise the matter at "
        "the African Union.\n")


def _run(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    return result


def _events(data: Path, *args: str) -> list[dict[str, Any]]:
    res = _run("events", "--data", str(data), "--json", "--limit", "100", *args)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.output.splitlines() if line.strip()]


def test_correct_reanalyze_export_undo(tmp_path: Path) -> None:
    data = tmp_path / "data"
    src = tmp_path / "article.txt"
    src.write_text(TEXT, "utf-8")
    res = _run("ingest", str(src), "--data", str(data), "--workers", "0")
    assert res.exit_code == 0, res.output
    events = _events(data)
    assert events, "the pipeline found no event in the test article"
    assert {e["model_version"] for e in events} == {shipped_model().version}
    ev = next(e for e in events if e["type"] != "ACCUSE") if any(
        e["type"] != "ACCUSE" for e in events) else events[0]
    target = f"{ev['article_id']}:{ev['idx']}"
    new_type = "THREATEN" if ev["type"] != "THREATEN" else "ACCUSE"

    bad = _run("correct", "event", target, "--set", "colour=red", "--data", str(data))
    assert bad.exit_code == 2 and "unknown field" in bad.output
    missing = _run("correct", "event", "nope:0", "--set", f"type={new_type}", "--data",
                   str(data))
    assert missing.exit_code == 1
    res = _run("correct", "event", target, "--set", f"type={new_type}", "--set",
               "modality=occurred", "--reason", "misread verb", "--who", "ann", "--data",
               str(data))
    assert res.exit_code == 0, res.output
    assert f"{ev['type']}" in res.output and new_type in res.output
    corrected = [e for e in _events(data, "--type", new_type)
                 if (e["article_id"], e["idx"]) == (ev["article_id"], ev["idx"])]
    assert len(corrected) == 1

    listed = _run("corrections", "list", "--json", "--data", str(data))
    assert listed.exit_code == 0, listed.output
    recs = [json.loads(line) for line in listed.output.splitlines() if line.strip()]
    assert {(r["field"], r["who"], r["reason"]) for r in recs} == {
        ("type", "ann", "misread verb"), ("modality", "ann", "misread verb")}

    # recoding with the current model keeps the correction
    res = _run("reanalyze", "--since", "2000-01-01", "--data", str(data))
    assert res.exit_code == 0 and "recoded 1 articles" in res.output, res.output
    again = {(e["article_id"], e["idx"]): e for e in _events(data)}
    assert again[(ev["article_id"], ev["idx"])]["type"] == new_type

    # the correction as an annotation: spans into the stored body, and training reads it
    out = tmp_path / "export"
    res = _run("corrections", "export", "--out", str(out), "--data", str(data))
    assert res.exit_code == 0 and "1 articles (1 events" in res.output, res.output
    (file,) = out.glob("*.json")
    doc = json.loads(file.read_text("utf-8"))
    (exported,) = doc["events"]
    span = exported["evidence"]
    assert exported["type"] == new_type and span["field"] == "body"
    assert doc["article"]["body"][span["start"]:span["end"]] == ev["evidence_sentence"]
    examples = collect_corrections(out)  # one article's, counted CORRECTION_REPEAT times
    assert len(examples) == CORRECTION_REPEAT
    assert all(new_type in ex.labels and ex.scored is False for ex in examples)

    # undo: the machine's type is back
    for r in recs:
        res = _run("corrections", "undo", r["id"], "--data", str(data))
        assert res.exit_code == 0, res.output
    back = {(e["article_id"], e["idx"]): e for e in _events(data)}
    assert back[(ev["article_id"], ev["idx"])]["type"] == ev["type"]
    assert _run("corrections", "undo", recs[0]["id"], "--data", str(data)).exit_code == 1


def test_correct_while_the_service_runs(tmp_path: Path) -> None:
    """With `wirewatch serve` holding the store, `wirewatch correct`, `corrections list|undo|
    export` go through its HTTP API (with the store's admin token), and the service shows the
    change; the exported annotations are the files the store itself gives."""
    import os
    import signal

    import httpx

    from _http import free_port, serve_process, wait_healthy

    data = tmp_path / "data"
    src = tmp_path / "article.txt"
    src.write_text(TEXT, "utf-8")
    assert _run("ingest", str(src), "--data", str(data), "--workers", "0").exit_code == 0
    ev = _events(data)[0]
    target = f"{ev['article_id']}:{ev['idx']}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WIREWATCH_TOKEN"}
    service = serve_process(data, port, "--no-feeds", "--no-samples", "--workers", "0", env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, service, ready=(data / "service.json").exists)
        res = _run("correct", "event", target, "--set", "not_event=true", "--data", str(data))
        assert res.exit_code == 0, res.output
        listed = httpx.get(f"{base}/corrections", timeout=30).json()["corrections"]
        assert [(c["field"], c["after"], c["who"]) for c in listed] == [
            ("not_event", True, "admin")]
        # `corrections list` reads them through the service too (JSON lines and the table)
        res = _run("corrections", "list", "--json", "--data", str(data))
        assert res.exit_code == 0, res.output
        rows = [json.loads(line) for line in res.output.splitlines() if line.strip()]
        assert [(r["id"], r["field"], r["after"]) for r in rows] == [
            (listed[0]["id"], "not_event", True)]
        res = _run("corrections", "list", "--kind", "event", "--data", str(data))
        assert res.exit_code == 0 and "admin" in res.output and "event" in res.output, \
            res.output
        res = _run("corrections", "list", "--kind", "quote", "--json", "--data", str(data))
        assert res.exit_code == 0 and not res.output.strip(), res.output
        shown = httpx.get(f"{base}/events", params={"article_id": ev["article_id"]},
                          timeout=30).json()["events"]
        assert ev["idx"] not in {e["idx"] for e in shown}
        bad = _run("correct", "event", target, "--set", "type=EXPLODE", "--data", str(data))
        assert bad.exit_code == 2 and "EXPLODE" in bad.output
        res = _run("corrections", "undo", listed[0]["id"], "--data", str(data))
        assert res.exit_code == 0, res.output
        shown = httpx.get(f"{base}/events", params={"article_id": ev["article_id"]},
                          timeout=30).json()["events"]
        assert ev["idx"] in {e["idx"] for e in shown}
        res = _run("corrections", "list", "--json", "--data", str(data))
        assert res.exit_code == 0 and not res.output.strip(), res.output  # active only
        res = _run("corrections", "list", "--undone", "--json", "--data", str(data))
        (row,) = [json.loads(line) for line in res.output.splitlines() if line.strip()]
        assert row["undone_at"] and row["undone_by"] == "admin"
        # `corrections export` too: the service answers, the CLI writes the same files
        assert _run("correct", "event", target, "--set", "type=ACCUSE", "--data",
                    str(data)).exit_code == 0
        res = _run("corrections", "export", "--out", str(tmp_path / "served"), "--data",
                   str(data))
        assert res.exit_code == 0 and "wrote 1 articles (1 events" in res.output, res.output
    finally:
        service.send_signal(signal.SIGINT)
        service.wait(30)
    res = _run("corrections", "export", "--out", str(tmp_path / "alone"), "--data", str(data))
    assert res.exit_code == 0, res.output
    served = {p.name: p.read_bytes() for p in (tmp_path / "served").iterdir()}
    assert served == {p.name: p.read_bytes() for p in (tmp_path / "alone").iterdir()}
    (doc,) = [json.loads(b) for b in served.values()]
    assert [e["type"] for e in doc["events"]] == ["ACCUSE"] and doc["article"]["body"]


def test_correct_entity_split(tmp_path: Path) -> None:
    """`wirewatch correct entity ID --split-mention …` moves a mention to a new entity (the
    article document shows it), `corrections list` has it, and the undo puts it back."""
    from _corrections_helpers import MACHINE, PERSON, analyzer, article
    from wirewatch.corrections import entity_key
    from wirewatch.engine.local import LocalEngine

    data = tmp_path / "data"
    MACHINE["version"] = 1
    with LocalEngine(data, workers=0, analyzer=analyzer) as engine:
        engine.ingest([article(1)])
    aid = article(1).id

    def entities() -> dict[str, Any]:
        res = _run("show", aid, "--json", "--data", str(data))
        assert res.exit_code == 0, res.output
        return {e["id"]: e for e in json.loads(res.output)["entities"]}

    start = entities()[PERSON]["mentions"][0]["start"]
    bad = _run("correct", "entity", PERSON, "--split-alias", "Nobody", "--new-name", "X",
               "--new-type", "ORG", "--data", str(data))
    assert bad.exit_code == 2 and "no mention" in bad.output, bad.output
    res = _run("correct", "entity", PERSON, "--split-mention", f"{aid}:{start}", "--new-name",
               "Otieno Holdings", "--new-type", "ORG", "--new-country", "KEN", "--reason",
               "a company", "--data", str(data))
    assert res.exit_code == 0 and "split" in res.output, res.output
    holdings = entity_key("Otieno Holdings", "ORG")
    ents = entities()
    assert PERSON not in ents and ents[holdings]["country"] == "KEN"
    assert [m["start"] for m in ents[holdings]["mentions"]] == [start]
    listed = _run("corrections", "list", "--kind", "entity", "--json", "--data", str(data))
    (rec,) = [json.loads(line) for line in listed.output.splitlines() if line.strip()]
    assert rec["field"] == "split" and rec["after"]["id"] == holdings
    assert _run("corrections", "undo", rec["id"], "--data", str(data)).exit_code == 0
    ents = entities()
    assert holdings not in ents and [m["start"] for m in ents[PERSON]["mentions"]] == [start]
