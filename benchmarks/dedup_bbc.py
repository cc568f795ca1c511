"""Benchmark: exact and near duplicates in the BBC News corpus (reads it in place).

Run: .venv/bin/python benchmarks/dedup_bbc.py [path] [--engine]

Part 1 runs the near-duplicate index alone over every text (must find all 133 exact duplicate
texts) and prints near-duplicates beyond them, with the words that differ. With `--engine` it
also ingests the corpus through the engine (store-only, no NLP) and counts what the link step
stored: article ids are hashes of title+text, so a repeated title+text is an exact duplicate
by id (not stored twice) and only differing copies reach `article_links`.
"""

from __future__ import annotations

import difflib
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from wirewatch.link.dedup import NearDuplicateIndex

PATH = str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / "bbc-news.jsonl")


def _diff(a: str, b: str, width: int = 12) -> str:
    """The first stretch of words where two texts differ."""
    wa, wb = a.split(), b.split()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False
                                                       ).get_opcodes():
        if tag != "equal":
            return (f"[{' '.join(wa[i1:min(i2, i1 + width)])}] vs "
                    f"[{' '.join(wb[j1:min(j2, j1 + width)])}]")
    return "(same words)"


def main(path: str = PATH, engine: bool = False) -> None:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    texts = Counter(r["text"] for r in rows)
    exact = sum(n - 1 for n in texts.values() if n > 1)
    idx = NearDuplicateIndex()
    by_id = {r["id"]: r for r in rows}
    seen: dict[str, str] = {}
    near: list[tuple[str, str, float]] = []
    t0 = time.perf_counter()
    found_exact = 0
    for r in rows:
        m = idx.signature(r["text"])
        found = idx.find(m) if m is not None else None
        if found is None:
            if m is not None:
                idx.add(r["id"], m)
            seen[r["id"]] = r["text"]
            continue
        if r["text"] == seen.get(found[0]):
            found_exact += 1
        else:
            near.append((r["id"], found[0], found[1]))
    dt = time.perf_counter() - t0
    print(f"articles={len(rows)} exact_duplicates={exact} found_exact={found_exact} "
          f"near_beyond_exact={len(near)} ms_per_article={1000 * dt / len(rows):.2f}")
    for a, b, j in near[:12]:
        ra, rb = by_id[a], by_id[b]
        print(f"  {a} ~ {b} (J≈{j:.2f}) titles: {ra['title'][:50]!r} / {rb['title'][:50]!r}")
        print(f"      differs: {_diff(rb['text'], ra['text'])[:200]}")
    if engine:
        _engine_run(path)


def _engine_run(path: str) -> None:
    from wirewatch.api import Wirewatch
    from wirewatch.engine.local import LocalEngine

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with LocalEngine(Path(tmp) / "data", workers=0, analyze=False) as eng:
            s = eng.ingest([path])
            q = Wirewatch.of(eng)
            links = int(q.sql("SELECT count(*) n FROM article_links")["n"][0])
            not_analysed = int(q.sql("SELECT count(*) n FROM analyses WHERE "
                                     "list_contains(notes, 'duplicate of ' || "
                                     "(SELECT duplicate_of FROM article_links l "
                                     "WHERE l.article_id = analyses.article_id))")["n"][0])
        dt = time.perf_counter() - t0
        print(f"engine: accepted={s.accepted} duplicate_ids={s.duplicates} "
              f"rejected={s.rejected} near_duplicate_links={links} "
              f"copies_not_analysed={not_analysed} seconds={dt:.1f}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(*args, engine="--engine" in sys.argv)
