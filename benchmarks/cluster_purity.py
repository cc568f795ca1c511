"""Merged-event purity: print random multi-report event clusters for a human to read (issue 13).

Why: a merged event is only useful if every report in it is the same real-world event; a
cluster that swallows unrelated sentences inflates counts and garbles the modality history.
No gold clustering exists for this corpus, so purity is judged by reading: this script
ingests the first `--n` AllSides 2020 records through the real engine (exactly as
`wirewatch ingest --field text=content_original --field outlet=source` reads them, from a
temporary JSONL copy outside the repository), then prints `--sample` seeded random clusters
with two or more reports: type, actors, place, date, modality history, and every report's
sentence, outlet, time, modality, date and actors. Output goes to the terminal only (article
text never lands in the repository). The reader marks each cluster pure (all reports are one
real-world event) or not; purity = pure / sampled.

    .venv/bin/python benchmarks/cluster_purity.py --n 600 --sample 100 --seed 1
    .venv/bin/python benchmarks/cluster_purity.py --data /tmp/ww-purity --seed 2   # reuse store
    .venv/bin/python benchmarks/cluster_purity.py --data /tmp/ww-purity --remerge  # merge only
    .venv/bin/python benchmarks/cluster_purity.py --skip 2700 --n 1247 --data /tmp/ww-held  # unseen slice
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import random
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path
from typing import Any

import wirewatch

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news" / \
    "allsides-2020.jsonl.gz"
FIELDS = {"text": "content_original", "outlet": "source"}


def ingest(data: Path, corpus: Path, n: int, workers: int, skip: int = 0) -> None:
    """Records `skip` … `skip + n` (the first `n` by default), written to a temporary JSONL and
    ingested as the CLI would."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "allsides.jsonl"
        with gzip.open(corpus, "rt", encoding="utf-8") as src, path.open("w",
                                                                         encoding="utf-8") as out:
            for line in itertools.islice(src, skip, skip + n):
                out.write(line if line.endswith("\n") else line + "\n")
        started = time.perf_counter()
        with wirewatch.open(data, field_map=FIELDS, workers=workers) as ww:
            summary = ww.ingest([path])
        print(f"ingested records {skip}-{skip + n}: {summary.accepted} accepted, {summary.duplicates} "
              f"duplicates, {summary.rejected} rejected in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)


def _actors(side: Any) -> str:
    actors = list(side) if side is not None else []
    return ", ".join(f"{a['name']} ({a.get('country') or '?'})" for a in actors) or "-"


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


_REPORTS = ("SELECT r.reported_at, r.outlet, r.modality, e.date, e.date_precision, e.source, "
            "e.target, e.background, e.evidence_sentence, r.article_id FROM event_reports r "
            "LEFT JOIN events e ON e.article_id = r.article_id AND e.idx = r.idx "
            "WHERE r.cluster_id = ? ORDER BY r.reported_at, r.article_id, r.idx")


def _print_cluster(i: int, c: dict[str, Any], reports: list[dict[str, Any]], width: int) -> None:
    hist = " → ".join(h["modality"] for h in c["modality_history"])
    print(f"#{i} {c['type']}/{c['mode'] or '-'} {sorted(c['source'])} → "
          f"{sorted(c['target'])}  names {sorted(c['names'])}")
    print(f"   place {c['location_name'] or '-'} ({c['location_country'] or '-'}) · "
          f"date {c['date'] or '-'} ({c['date_precision'] or '-'}) · {c['modality']}"
          f" · history {hist} · {c['num_reports']} reports, {c['num_articles']} "
          f"articles, {c['num_outlets']} outlets")
    for r in reports:
        bg = " BACKGROUND" if r["background"] else ""
        print(f"   - {str(r['reported_at'])[:16]} {r['outlet'] or '?'} [{r['article_id'][:8]}] "
              f"{r['modality']}{bg} date {r['date'] or '-'}: {_actors(r['source'])} → "
              f"{_actors(r['target'])}")
        print(f"       {_clip(r['evidence_sentence'], width)}")
    print()


def show(data: Path, sample: int, seed: int, width: int) -> None:
    """The sample as the store holds it (what ingest linked)."""
    with wirewatch.open(data) as ww:
        stats = ww.sql(
            "SELECT count(*) AS clusters, count(*) FILTER (num_reports >= 2) AS multi, "
            "count(*) FILTER (num_articles >= 2) AS multi_article, "
            "max(num_reports) AS biggest, (SELECT count(*) FROM events) AS events, "
            "(SELECT count(*) FROM events WHERE background) AS background, "
            "(SELECT count(*) FROM event_reports) AS reports FROM event_clusters"
        ).iloc[0].to_dict()
        print("store: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
        ids = sorted(ww.sql("SELECT id FROM event_clusters WHERE num_reports >= 2")["id"])
        picked = random.Random(seed).sample(ids, min(sample, len(ids)))
        print(f"{len(picked)} of {len(ids)} clusters with 2+ reports (seed {seed})\n")
        for i, cid in enumerate(picked, 1):
            c = ww.event_cluster(cid)
            assert c is not None
            reports = ww.sql(_REPORTS, [cid]).to_dict(orient="records")
            _print_cluster(i, c, reports, width)


def remerge(data: Path, sample: int, seed: int, width: int) -> None:
    """Re-run only the merge step, in memory, over the events a store already holds, in
    report-time order (no analysis: seconds instead of minutes, for trying merge rules;
    copies of near-duplicate articles are not re-linked). Reports are built as the linker
    builds them (`linker.report_of`); clusters evicted from the merger's memory (no report
    for `horizon_days`) are still counted and sampled, as the store keeps them."""
    from wirewatch.link.linker import report_of
    from wirewatch.link.merge import EventCluster, EventMerger
    from wirewatch.model import ActorRef, Analysis, Article, Event, Evidence, Location

    def actors(side: Any) -> list[ActorRef]:
        return [ActorRef(a["name"], a["country"], a["sector"]) for a in (list(side) if side is not None else [])]

    with wirewatch.open(data) as ww:
        df = ww.sql(
            "SELECT e.*, a.outlet AS art_outlet, coalesce(a.published_at, a.fetched_at) AS t "
            "FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE e.article_id NOT IN (SELECT article_id FROM article_links) "
            "ORDER BY t, e.article_id, e.idx")
    rows = df.astype(object).where(df.notna(), None).to_dict(orient="records")  # NaN → None
    merger = EventMerger()
    clusters: dict[str, EventCluster] = {}  # also those evicted from the merger's memory
    by_report: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows:
        when = row["t"].to_pydatetime()
        art = Article(id=row["article_id"], body="", outlet=row["art_outlet"],
                      published_at=when if when.tzinfo else when.replace(tzinfo=UTC))
        loc = Location(row["location_name"], row["location_country"]) \
            if row["location_name"] else None
        ev = Event(type=row["type"], source=actors(row["source"]), target=actors(row["target"]),
                   evidence=Evidence(row["evidence_sentence"] or "", 0, 0), mode=row["mode"],
                   location=loc, date=row["date"], date_precision=row["date_precision"],
                   modality=row["modality"], intensity=row["intensity"], quad=row["quad"],
                   mentions=[Evidence(m["sentence"], 0, 0) for m in (list(row["mentions"]) if row["mentions"] is not None else [])],
                   background=bool(row["background"]))
        r = report_of(Analysis(article=art), int(row["idx"]), ev, art.outlet or art.id)
        c = merger.add(r)
        clusters[c.id] = c
        by_report[(r.article_id, r.idx)] = {**row, "reported_at": when,
                                            "outlet": row["art_outlet"]}
    multi = sorted(cid for cid, c in clusters.items() if c.num_reports >= 2)
    print(f"re-merged {len(rows)} reports: {len(clusters)} clusters, {len(multi)} with "
          f"2+ reports, {sum(1 for c in clusters.values() if len(c.articles) >= 2)} "
          f"with 2+ articles, biggest {max(c.num_reports for c in clusters.values())}")
    picked = random.Random(seed).sample(multi, min(sample, len(multi)))
    print(f"{len(picked)} of {len(multi)} clusters with 2+ reports (seed {seed})\n")
    for i, cid in enumerate(picked, 1):
        c = clusters[cid]
        reports = sorted((by_report[k] for k in c.reports),
                         key=lambda r: (r["reported_at"], r["article_id"], r["idx"]))
        _print_cluster(i, c.as_row(), reports, width)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="AllSides records ingested")
    parser.add_argument("--skip", type=int, default=0,
                        help="records passed over before the `--n` ingested (a held-out slice)")
    parser.add_argument("--sample", type=int, default=100, help="clusters printed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--width", type=int, default=300, help="characters of each sentence")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--data", type=Path, default=None,
                        help="store folder to keep (ingested only when it holds no articles)")
    parser.add_argument("--remerge", action="store_true",
                        help="re-run the merge step in memory over the stored events")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "store"
        fresh = args.data is None or not (args.data / "wirewatch.duckdb").exists()
        if fresh:
            ingest(data, args.corpus, args.n, args.workers, skip=args.skip)
        (remerge if args.remerge else show)(data, args.sample, args.seed, args.width)


if __name__ == "__main__":
    main()
