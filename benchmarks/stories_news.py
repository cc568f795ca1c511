"""Benchmark: stories and merged events on AllSides 2020, and the link step's cost at 100k.

Run: .venv/bin/python benchmarks/stories_news.py [--n 800] [--scale 100000] [--workers 2]

Part 1 (real NLP, a sample): the first `--n` articles of the corpus (in file order, which is
date order) go through the real engine (parse → spaCy analysis in `--workers` processes →
link). Reports stories found, prints 20 multi-outlet stories to
benchmarks/results/allsides_stories.txt, events before merging (event rows) vs merged events
(event clusters), and a loose check against the corpus' only grouping signal: articles that
share date + topic (B-cubed, over articles in groups of ≥ 3; a loose signal — one topic on one
day can hold several happenings, and one happening spans days).

Part 2 (link cost at scale, no NLP): `--scale` articles are generated from the part-1
articles by perturbation — each mixes paragraphs of three articles
(first paragraphs of one article, last ones of a second, two of a third: the shingles differ,
so they are not near-duplicates), dates spread over two years, and every 20th is an
exact wire copy of an earlier one — and each gets its source article's stored analysis
(entities and events, dates shifted). They are ingested through the real engine with an
analyzer that hands back those analyses, so the writer, the store and the link step run for
real. Linking cost = time inside `Linker.screen` + `Linker.link` per article, measured over the
last 10 % (the store then holds ≥ 90 % of `--scale`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clustering import bcubed, recluster, stored_docs  # noqa: E402
from wirewatch.api import Wirewatch  # noqa: E402
from wirewatch.engine.local import LocalEngine  # noqa: E402
from wirewatch.model import Analysis, Article, Section  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / ("shared/corpus/news/allsides-2020.jsonl.gz")
RESULTS = Path(__file__).resolve().parent / "results"


def read_corpus(n: int) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) >= n:
                break
    return rows


def to_article(r: dict[str, Any], i: int) -> Article:
    paras = [p.strip() for p in (r.get("content_original") or "").split("\n") if p.strip()]
    when = datetime.fromisoformat(r["date"]).replace(tzinfo=UTC) + timedelta(minutes=i % 600)
    return Article.build(url=r.get("url") or None, title=r.get("title"), outlet=r.get("source"),
                         sections=[Section(None, paras)], published_at=when,
                         published_precision="day", language="en",
                         source_path=f"allsides/{i}/{r.get('topic')}")


# -- part 1 ------------------------------------------------------------------------------------

def part1(data: Path, n: int, workers: int) -> tuple[list[Analysis], dict[str, Any]]:
    rows = read_corpus(n)
    articles = [to_article(r, i) for i, r in enumerate(rows)]
    stored: list[Analysis] = []
    t0 = time.perf_counter()
    with LocalEngine(data, workers=workers) as eng:
        eng.on_stored.append(stored.extend)
        summary = eng.ingest(articles)
        elapsed = time.perf_counter() - t0
        q = Wirewatch.of(eng)
        counts = q.sql("SELECT (SELECT count(*) FROM articles) AS articles, "
                       "(SELECT count(*) FROM article_links) AS near_dups, "
                       "(SELECT count(*) FROM stories) AS stories_all, "
                       "(SELECT count(*) FROM stories WHERE num_articles >= 2) AS stories_2, "
                       "(SELECT count(*) FROM stories WHERE num_outlets >= 2) AS multi_outlet, "
                       "(SELECT max(num_articles) FROM stories) AS biggest, "
                       "(SELECT count(*) FROM events) AS event_rows, "
                       "(SELECT count(*) FROM event_clusters) AS merged_events, "
                       "(SELECT count(*) FROM event_clusters WHERE num_articles >= 2) "
                       "AS merged_multi_article, "
                       "(SELECT count(*) FROM event_clusters WHERE num_sources >= 2) "
                       "AS merged_multi_source").iloc[0].to_dict()
        pred = dict(q.sql("SELECT sa.article_id, sa.story_id FROM story_articles sa"
                          ).itertuples(index=False))
        sweep_docs = stored_docs(q)
        meta = {a.id: (a.published_at.date().isoformat(), a.source_path.rsplit("/", 1)[1])
                for a in articles}
        _print_stories(q, RESULTS / "allsides_stories.txt")
        _print_events(q, RESULTS / "allsides_event_clusters.txt")
    groups = Counter(meta[i] for i in pred)
    gold = {i: meta[i] for i in pred if groups[meta[i]] >= 3}
    p, r, f = bcubed({i: pred[i] for i in gold}, gold)
    sweep = {}
    for th in (0.15, 0.2, 0.25, 0.3):
        other = recluster(sweep_docs, th)
        sp, sr, sf = bcubed({i: other[i] for i in gold}, gold)
        sizes = Counter(other.values())
        sweep[th] = (f"P={sp:.3f} R={sr:.3f} F1={sf:.3f} "
                     f"stories>=2={sum(1 for n in sizes.values() if n >= 2)}")
    counts.update({"nlp_link_seconds": round(elapsed, 1), "accepted": summary.accepted,
                   "loose_b3_vs_date_topic": f"P={p:.3f} R={r:.3f} F1={f:.3f} over "
                                             f"{len(gold)} articles in {len(set(gold.values()))}"
                                             " date+topic groups of >=3",
                   "loose_b3_sweep_offline": sweep})
    return stored, counts


def _print_stories(q: Any, path: Path) -> None:
    df = q.stories(min_articles=2, limit=10_000)
    df = df[df["num_outlets"] >= 2].sort_values(["num_outlets", "num_articles"],
                                                ascending=False)
    picked = df.head(20)
    lines = [f"{len(df)} stories with 2+ outlets; the 20 with most outlets:\n"]
    for row in picked.itertuples(index=False):
        doc = q.story(row.id)
        lines.append(f"== {row.title}  [{row.num_articles} articles, {row.num_outlets} outlets, "
                     f"{str(row.first_seen)[:10]} … {str(row.last_seen)[:10]}, "
                     f"{row.num_events} merged events]")
        for kp in list(row.keypoints)[:3]:
            lines.append(f"   * {kp[:200]}")
        for a in doc["articles"].itertuples(index=False):
            lines.append(f"   - {str(a.seen_at)[:10]} {a.outlet}: {a.title}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path} ({len(picked)} stories)")


def _print_events(q: Any, path: Path) -> None:
    df = q.event_clusters(min_sources=2, limit=30)
    lines = []
    for row in df.itertuples(index=False):
        hist = " → ".join(h["modality"] for h in json.loads(row.modality_history))
        lines.append(f"{row.type} {list(row.source)} → {list(row.target)} "
                     f"{row.location_name or ''} {row.date or ''}: {row.num_articles} articles, "
                     f"{row.num_sources} sources; {hist}\n   {str(row.evidence)[:200]}")
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path} ({len(lines)} merged events with 2+ sources)")


# -- part 2 ------------------------------------------------------------------------------------

_PRECOMPUTED: dict[str, Analysis] = {}


def precomputed(articles: list[Article], kb: Any = None) -> list[Analysis]:
    """The analyzer of part 2: hands back the analysis generated with each article."""
    return [_PRECOMPUTED.pop(a.id) for a in articles]


def generate(base: list[Analysis], n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    out: list[Article] = []
    usable = [b for b in base if b.article.sections]
    for i in range(n):
        if i % 20 == 19 and out:  # a wire copy of a recent article, another outlet
            src = out[-rng.randint(1, min(50, len(out)))]
            art = replace(src, id=f"gen{i:07d}", url=None, outlet=f"Outlet {rng.randint(1, 300)}",
                          published_at=src.published_at + timedelta(hours=rng.randint(1, 6)))
            _PRECOMPUTED[art.id] = Analysis(article=art)  # never used: copies are not analysed
            out.append(art)
            continue
        a, b, c = rng.choice(usable), rng.choice(usable), rng.choice(usable)
        shift = timedelta(days=rng.randint(0, 729), minutes=rng.randint(0, 1439))
        when = start + shift
        paras = [*a.article.sections[0].paragraphs[:3], *b.article.sections[0].paragraphs[-3:],
                 *c.article.sections[0].paragraphs[1:3]]
        art = Article(id=f"gen{i:07d}", body="\n\n".join(paras), title=a.article.title,
                      outlet=f"Outlet {rng.randint(1, 300)}", published_at=when,
                      sections=[Section(None, paras)], language="en")
        delta = when - (a.article.published_at or when)
        events = []
        for ev in a.events:
            date = ev.date
            if date and ev.date_precision == "day" and len(date) >= 10:
                try:
                    date = (datetime.fromisoformat(date[:10]) + delta).date().isoformat()
                except ValueError:
                    date = None
            events.append(replace(ev, date=date))
        _PRECOMPUTED[art.id] = Analysis(article=art, entities=a.entities, events=events,
                                        keypoints=a.keypoints)
        out.append(art)
    return out


def part2(data: Path, base: list[Analysis], scale: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    articles = generate(base, scale)
    gen_s = time.perf_counter() - t0
    timing = {"screen": 0.0, "link": 0.0, "n": 0, "measure": False}
    t0 = time.perf_counter()
    with LocalEngine(data, workers=0, analyzer=precomputed, use_pool=False,
                     batch_size=500) as eng:
        linker = eng.linker
        screen, link = linker.screen, linker.link

        def timed_screen(arts: Any) -> Any:
            s = time.perf_counter()
            try:
                return screen(arts)
            finally:
                if timing["measure"]:
                    timing["screen"] += time.perf_counter() - s
                    timing["n"] += len(arts)

        def timed_link(con: Any, analyses: Any) -> None:
            s = time.perf_counter()
            try:
                link(con, analyses)
            finally:
                if timing["measure"]:
                    timing["link"] += time.perf_counter() - s

        linker.screen, linker.link = timed_screen, timed_link
        cut = int(scale * 0.9)
        eng.ingest(articles[:cut])
        mid = time.perf_counter()
        timing["measure"] = True
        eng.ingest(articles[cut:])
        last_s = time.perf_counter() - mid
        total_s = time.perf_counter() - t0
        q = Wirewatch.of(eng)
        counts = q.sql("SELECT (SELECT count(*) FROM articles) AS articles, "
                       "(SELECT count(*) FROM article_links) AS near_dups, "
                       "(SELECT count(*) FROM stories WHERE num_articles >= 2) AS stories_2, "
                       "(SELECT count(*) FROM events) AS event_rows, "
                       "(SELECT count(*) FROM event_clusters) AS merged_events"
                       ).iloc[0].to_dict()
        memory = {"open_stories": len(linker.stories.stories),
                  "clusters_in_memory": len(linker.merger.clusters),
                  "storylines_in_memory": len(linker.storylines.storylines),
                  "lsh_signatures": len(linker.dedup)}
        t1 = time.perf_counter()
        cur = eng.store.reader.cursor()
        try:
            linker.open(cur)
        finally:
            cur.close()
        reopen_s = time.perf_counter() - t1
    n = max(1, timing["n"])
    return {**counts, **memory, "generate_s": round(gen_s, 1), "ingest_total_s": round(total_s, 1),
            "last10pct_articles": n, "last10pct_ingest_ms_per_article":
                round(1000 * last_s / n, 2),
            "link_ms_per_article": round(1000 * (timing["screen"] + timing["link"]) / n, 2),
            "screen_ms_per_article": round(1000 * timing["screen"] / n, 2),
            "link_write_ms_per_article": round(1000 * timing["link"] / n, 2),
            "rebuild_on_open_s": round(reopen_s, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=800)
    ap.add_argument("--scale", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, c1 = part1(Path(tmp) / "nlp", args.n, args.workers)
        print("part 1 (real NLP):", json.dumps(c1, default=str))
        if args.scale:
            c2 = part2(Path(tmp) / "scale", base, args.scale)
            print(f"part 2 ({args.scale:,} generated articles, no NLP):",
                  json.dumps(c2, default=str))
    print("loadavg:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
