"""Benchmark: the link step's cost per article with 100,000 articles stored (issue 18).

Run: .venv/bin/python benchmarks/linking_cost.py [--scale 100000] [--batch 500] [--data DIR]

A synthetic store, no NLP (benchmarks/stories_news.py part 2 measures the same through the
whole engine, which takes over an hour at this scale). Articles are built from the first 2,000
AllSides 2020 bodies: each mixes paragraphs of three records (so the shingles differ and they
are not near-duplicates), titled by the first, from one of 300 outlets (with section names
such as "Outlet 7 - Opinion"), dated along one clock running forward over two years (about 137
a day, as a busy feed); every 20th is an exact copy of a recent article under another outlet
(a wire copy). Analyses are synthetic but shaped like real ones: entities are the text's runs
of capitalised words (up to 25), events are up to 6 of its sentences with a PLOVER type and
actor countries drawn by hash. They go through the real `Store.write` with the real `Linker`
— `screen` before (near-duplicates), `link` inside the write transaction (stories,
storylines, merged events) — as the engine's writer thread does, in batches of `--batch`,
without the analytics hooks. Cost = time inside `screen` + `link` per article over the last
10 % (the store then holds 90 % or more of `--scale`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from wirewatch.link.linker import DUPLICATE_NOTE, Linker
from wirewatch.model import ActorRef, Analysis, Article, Entity, Event, Evidence, Section
from wirewatch.store.writer import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / \
    "allsides-2020.jsonl.gz"
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
TYPES = ("ACCUSE", "CONSULT", "AGREE", "SUPPORT", "REQUEST", "DEMAND", "ASSAULT", "PROTEST",
         "THREATEN", "AID")
COUNTRIES = ("USA", "IRN", "IRQ", "CHN", "RUS", "UKR", "ISR", "MEX", "CAN", "GBR", "DEU", "FRA")


def base_records(n: int) -> list[dict[str, Any]]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            paras = [p.strip() for p in (r.get("content_original") or "").split("\n")
                     if p.strip()]
            if len(paras) >= 4:
                out.append({"title": r.get("title") or "", "paras": paras})
            if len(out) >= n:
                break
    return out


def _pick(text: str, options: tuple[str, ...], salt: str) -> str:
    h = int(hashlib.blake2b((salt + text).encode(), digest_size=4).hexdigest(), 16)
    return options[h % len(options)]


def analysis_of(art: Article) -> Analysis:
    names = list(dict.fromkeys(_NAME.findall(art.body)))[:25]
    entities = [Entity(id=f"e{i}", name=n, type="PERSON" if " " in n else "ORG")
                for i, n in enumerate(names)]
    events = []
    day = art.published_at.date().isoformat() if art.published_at else None
    for sentence in _SENTENCE.split(art.body)[:40:7][:6]:
        if len(sentence) < 40:
            continue
        src, tgt = _pick(sentence, COUNTRIES, "s"), _pick(sentence, COUNTRIES, "t")
        start = art.body.find(sentence)
        events.append(Event(type=_pick(sentence, TYPES, "y"),
                            source=[ActorRef(src.title(), src, "GOV")],
                            target=[ActorRef(tgt.title(), tgt, None)],
                            evidence=Evidence(sentence, start, start + len(sentence)),
                            date=day, date_precision="day"))
    return Analysis(article=art, entities=entities, events=events,
                    keypoints=[s for s in _SENTENCE.split(art.body)[:2]])


def generate(base: list[dict[str, Any]], n: int, seed: int = 18) -> list[Analysis]:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    step = timedelta(days=730) / n
    out: list[Analysis] = []
    for i in range(n):
        when = start + step * i + timedelta(minutes=rng.randint(0, 30))
        outlet = f"Outlet {rng.randint(1, 300)}" + rng.choice(("", "", " - News", " - Opinion"))
        if i % 20 == 19 and out:  # an exact wire copy of a recent article, another outlet
            src = out[-rng.randint(1, min(50, len(out)))]
            art = Article(id=f"gen{i:07d}", body=src.article.body, title=src.article.title,
                          outlet=outlet, published_at=when, sections=src.article.sections,
                          language="en")
            out.append(Analysis(article=art, notes=[f"{DUPLICATE_NOTE}{src.article.id}"]))
            continue
        a, b, c = rng.choice(base), rng.choice(base), rng.choice(base)
        paras = [*a["paras"][:3], *b["paras"][-3:], *c["paras"][1:3]]
        art = Article(id=f"gen{i:07d}", body="\n\n".join(paras), title=a["title"],
                      outlet=outlet, published_at=when, sections=[Section(None, paras)],
                      language="en")
        out.append(analysis_of(art))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--data", type=Path, default=None, help="store folder (default: temporary)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    analyses = generate(base_records(2000), args.scale)
    print(f"generated {len(analyses):,} articles in {time.perf_counter() - t0:.0f} s",
          flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.data or Path(tmp) / "store")
        linker = Linker()
        linker.open(store.con)
        cut = int(args.scale * 0.9)
        timed = {"screen": 0.0, "link": 0.0, "n": 0}
        chunk = {"cost": 0.0, "n": 0}  # screen + link over the last 10,000, for the progress

        def link(con: Any, batch: list[Analysis]) -> None:
            s = time.perf_counter()
            linker.link(con, batch)
            spent = time.perf_counter() - s
            chunk["cost"] += spent
            if measuring:
                timed["link"] += spent

        t0 = time.perf_counter()
        for i in range(0, len(analyses), args.batch):
            batch = analyses[i:i + args.batch]
            measuring = i + len(batch) > cut
            s = time.perf_counter()
            linker.screen([an.article for an in batch])
            spent = time.perf_counter() - s
            chunk["cost"] += spent
            chunk["n"] += len(batch)
            if measuring:
                timed["screen"] += spent
                timed["n"] += len(batch)
            store.write(batch, link=link)
            if chunk["n"] >= 10_000:
                print(f"  {i + len(batch):,} stored, {time.perf_counter() - t0:.0f} s; "
                      f"screen + link {1000 * chunk['cost'] / chunk['n']:.2f} ms/article "
                      "over the last 10,000", flush=True)
                chunk.update(cost=0.0, n=0)
        counts = store.con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_links), "
            "(SELECT count(*) FROM stories WHERE num_articles >= 2), "
            "(SELECT count(*) FROM storylines WHERE num_stories >= 2), "
            "(SELECT count(*) FROM event_clusters)").fetchall()[0]
        t1 = time.perf_counter()
        linker.open(store.con)
        reopen = time.perf_counter() - t1
        store.close()
    n = max(1, timed["n"])
    print(json.dumps({
        "articles": counts[0], "near_dups": counts[1], "stories_2": counts[2],
        "storylines_2": counts[3], "merged_events": counts[4],
        "measured_articles": timed["n"],
        "link_ms_per_article": round(1000 * (timed["screen"] + timed["link"]) / n, 2),
        "screen_ms_per_article": round(1000 * timed["screen"] / n, 2),
        "link_write_ms_per_article": round(1000 * timed["link"] / n, 2),
        "open_stories": len(linker.stories.stories),
        "open_storylines": len(linker.storylines.storylines),
        "clusters_in_memory": len(linker.merger.clusters),
        "rebuild_on_open_s": round(reopen, 1),
        "total_s": round(time.perf_counter() - t0, 1)}))
    print("loadavg:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
