"""Show that it learns: analysts' corrections of one frequent error, retrained, on dev.

1. The train split of the annotated AllSides sample (annotations/news-2020, never dev) is
   ingested into a fresh store by the real engine (spaCy, the shipped event model).
2. The error kind: the event type with the most *spurious* predictions on train (coded as that
   type where the sentence holds no gold event of it — e.g. a metaphorical ASSAULT), unless
   `--type` names one.
3. `--n` (20) of those errors are corrected through the HTTP API (a real server on 127.0.0.1,
   an editor token): to the gold type when the sentence holds a gold event whose actors agree,
   else "not an event".
4. `wirewatch corrections export` → `wirewatch train events --corrections` (the train split,
   the PLOVER sentences and the corrections), and — same code, same seed — a baseline trained
   without them.
5. Both models code the dev split; reported: the same error kind on dev (spurious predictions of
   that type) and overall dev P/R/F1, baseline → with corrections.

    .venv/bin/python benchmarks/corrections_learning.py            # ~10 min (2 trainings)
    .venv/bin/python benchmarks/corrections_learning.py --type ASSAULT --n 20
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import uvicorn

import _annotations as A
from _news import analyze_all, news_article
from _scoring import format_events, gold_events, predicted_events, score_events
from wirewatch import corrections
from wirewatch.analyze.event_model import EventModel
from wirewatch.annotations import match
from wirewatch.engine.local import LocalEngine
from wirewatch.serve.app import create_app
from wirewatch.train import train_events_from_corpus

EDITOR = "benchmark-editor-token"


def spurious(gold: list[Any], pred: list[Any], typ: str) -> list[int]:
    """Indices of predictions of `typ` that match no gold event and whose sentence holds no
    gold event of `typ` (the error kind)."""
    matched = {p for _, p in match(gold, pred)}
    return [i for i, p in enumerate(pred) if p.type == typ and i not in matched
            and not any(g.type == typ and p.said_in(g.sentence) for g in gold)]


def the_fix(gold: list[Any], p: Any) -> dict[str, Any]:
    """What an analyst would say of a spurious prediction: the gold type of its sentence when
    a gold event there has agreeing actors, else not an event."""
    for g in gold:
        if p.said_in(g.sentence) and g.source.agrees(p.source) and g.target.agrees(p.target):
            return {"type": g.type, "reason": f"benchmark: gold says {g.type}"}
    return {"not_event": True, "reason": "benchmark: no event in gold"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def correct_train(work: Path, typ: str | None, n: int) -> tuple[str, int, int, Path]:
    """Ingest train, find the error kind, correct `n` of its errors over HTTP, export them.
    Returns (type, errors of that kind on train, corrections made, export folder)."""
    golds = A.split("train")
    articles = [news_article(A.record(g["id"])) for g in golds]
    kept = [(g, a) for g, a in zip(golds, articles, strict=True) if a is not None]
    engine = LocalEngine(work / "store", workers=0)
    stored: dict[str, Any] = {}
    engine.on_stored.append(lambda batch: stored.update({an.article.id: an for an in batch}))
    started = time.perf_counter()
    engine.ingest([a for _, a in kept])
    print(f"train: {len(kept)} articles ingested and analysed in "
          f"{time.perf_counter() - started:.0f} s")
    errors: dict[str, list[tuple[str, int, dict[str, Any]]]] = {}
    for g, a in kept:
        an = stored.get(a.id)
        if an is None:
            continue
        gold, pred = gold_events(g), predicted_events(an.events)
        for t in {p.type for p in pred}:
            for i in spurious(gold, pred, t):
                errors.setdefault(t, []).append((a.id, i, the_fix(gold, pred[i])))
    counts = Counter({t: len(v) for t, v in errors.items()})
    print("spurious predictions on train by type: "
          + ", ".join(f"{t} {c}" for t, c in counts.most_common(8)))
    typ = typ or counts.most_common(1)[0][0]
    chosen = errors.get(typ, [])[:n]

    (work / "store" / "tokens").write_text(f"editor benchmark {EDITOR}\n", "utf-8")
    app = create_app(engine, token="benchmark-admin-token")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    made = 0
    try:
        for aid, idx, body in chosen:
            r = httpx.patch(f"http://127.0.0.1:{port}/events/{aid}:{idx}",
                            content=json.dumps(body),
                            headers={"Authorization": f"Bearer {EDITOR}"}, timeout=60)
            r.raise_for_status()
            made += 1
    finally:
        server.should_exit = True
        thread.join(10)
    out = work / "corrections"
    counts_out = engine.store.reader.read(corrections.export, out)
    engine.close()
    kinds = Counter("retype" if "type" in b else "not an event" for _, _, b in chosen)
    print(f"corrected {made} spurious {typ} events through the API "
          f"({', '.join(f'{k} {v}' for k, v in kinds.items())}); exported "
          f"{counts_out['events']} events of {counts_out['articles']} articles")
    return typ, counts[typ], made, out


def dev_scores(model_path: Path, typ: str) -> tuple[dict[str, Any], int]:
    """Dev P/R/F1 and the error kind's count with the model at `model_path`."""
    from wirewatch.analyze.pipeline import get_pipeline

    get_pipeline().get_pipe("ww_events").model = EventModel.load(model_path)
    golds = A.split("dev")
    analyses, _ = analyze_all([news_article(A.record(g["id"])) for g in golds])
    pairs = [(gold_events(g), predicted_events(a.events))
             for g, a in zip(golds, analyses, strict=True)]
    return score_events(pairs), sum(len(spurious(g, p, typ)) for g, p in pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--type", help="the error kind: spurious events of this PLOVER type "
                    "(default: the type with the most on train)")
    ap.add_argument("--n", type=int, default=20, help="corrections to make (20)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ww-corrections-") as tmp:
        work = Path(tmp)
        # the baseline (same code, same seed, no corrections) trains in a second process
        # meanwhile: `wirewatch train events` as a user runs it
        started = time.perf_counter()
        log = (work / "baseline.log").open("wb")
        baseline = subprocess.Popen(
            [sys.executable, "-m", "wirewatch.cli", "train", "events", "--out",
             str(work / "baseline.json"), "--seed", str(args.seed)],
            stdout=log, stderr=subprocess.STDOUT)
        typ, on_train, made, exported = correct_train(work, args.type, args.n)
        started_c = time.perf_counter()
        train_events_from_corpus(work / "corrected.json", args.seed, corrections=exported)
        print(f"with corrections trained in {time.perf_counter() - started_c:.0f} s")
        if baseline.wait() != 0:
            log.close()
            raise SystemExit("baseline training failed:\n"
                             + (work / "baseline.log").read_text("utf-8", "replace")[-2000:])
        log.close()
        print(f"baseline trained (in parallel) within {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        base, base_err = dev_scores(work / "baseline.json", typ)
        corr, corr_err = dev_scores(work / "corrected.json", typ)
    print(f"\nerror kind: spurious {typ} ({on_train} on train, {made} corrected)")
    gone = (base_err - corr_err) / base_err if base_err else 0.0
    print(f"dev spurious {typ}: {base_err} -> {corr_err} ({gone:.0%} gone)")
    bo, co = base["overall"], corr["overall"]
    print(f"dev events F1: {bo.f1:.3f} -> {co.f1:.3f} (P {bo.precision:.3f} -> "
          f"{co.precision:.3f}, R {bo.recall:.3f} -> {co.recall:.3f})")
    print("\nbaseline (dev)\n" + format_events(base))
    print("\nwith corrections (dev)\n" + format_events(corr))


if __name__ == "__main__":
    main()
