"""Story purity and tightness on AllSides 2020, and the storylines that link the stories (issue 18).

Why: no gold clustering exists for this corpus, so whether a story is one happening is judged
by reading. This script ingests the first `--n` records through the real engine (as
benchmarks/cluster_purity.py does: `wirewatch ingest --field text=content_original --field
outlet=source` on a temporary JSONL copy), then

- checks tightness: every story with more than `--big` articles and its span (the issue's
  target: none spans more than 7 days);
- writes `--sample` seeded random stories with two or more articles to `--out` (outside the
  repository: it holds article titles): each story's title and every article's day, outlet and
  title, for a reader to judge;
- with `--marks FILE` (JSON {story id: articles in the story's main happening}, written by the
  reader), prints purity weighted by article = sum(main) / sum(size) over the sample;
- prints the biggest storylines with their stories on a timeline.

    .venv/bin/python benchmarks/story_purity.py --data /tmp/ww-stories --out /tmp/sample.txt
    .venv/bin/python benchmarks/story_purity.py --data /tmp/ww-stories \
        --marks benchmarks/story_purity_marks.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wirewatch  # noqa: E402
from cluster_purity import CORPUS, ingest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600, help="AllSides records ingested")
    ap.add_argument("--sample", type=int, default=25, help="stories written for reading")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--big", type=int, default=25, help="stories larger than this: span check")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=None,
                    help="store folder to keep (ingested only when it holds no store)")
    ap.add_argument("--out", type=Path, default=None, help="where the sample is written")
    ap.add_argument("--marks", type=Path, default=None,
                    help="the reader's marks: JSON {story id: articles of its main happening}")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "store"
        if not (data / "wirewatch.duckdb").exists():
            ingest(data, CORPUS, args.n, args.workers)
        with wirewatch.open(data, workers=0) as ww:
            report(ww, args)


def report(ww: wirewatch.api.Wirewatch, args: argparse.Namespace) -> None:
    stats = ww.sql(
        "SELECT count(*) AS stories, count(*) FILTER (num_articles >= 2) AS multi, "
        "max(num_articles) AS biggest, max(date_diff('hour', first_seen, last_seen)) / 24.0 "
        "AS longest_span_days, (SELECT count(*) FROM storylines WHERE num_stories >= 2) AS "
        "storylines FROM stories").iloc[0].to_dict()
    print("store: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    big = ww.sql("SELECT id, num_articles, num_sources, date_diff('hour', first_seen, last_seen)"
                 " / 24.0 AS span_days, title FROM stories WHERE num_articles > ? "
                 "ORDER BY num_articles DESC", [args.big])
    over = big[big["span_days"] > 7]
    print(f"stories with more than {args.big} articles: {len(big)}; of them spanning more than "
          f"7 days: {len(over)}")
    for r in big.itertuples(index=False):
        print(f"   {r.num_articles} articles, {r.num_sources} sources, {r.span_days:.1f} days: "
              f"{r.title}")
    sizes = ww.sql("SELECT num_articles FROM stories WHERE num_articles >= 2 "
                   "ORDER BY num_articles DESC LIMIT 10")["num_articles"].tolist()
    print(f"ten biggest stories: {sizes}")

    ids = sorted(ww.sql("SELECT id FROM stories WHERE num_articles >= 2")["id"])
    picked = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
    if args.out:
        lines = [f"{len(picked)} of {len(ids)} stories with 2+ articles (seed {args.seed})", ""]
        for i, sid in enumerate(picked, 1):
            doc = ww.story(sid)
            lines.append(f"#{i} {sid} [{doc['num_articles']} articles, {doc['num_sources']} "
                         f"sources] {doc['title']}")
            for a in doc["articles"].itertuples(index=False):
                lines.append(f"   - {str(a.seen_at)[:10]} {a.outlet}: {a.title}")
            lines.append("")
        args.out.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {len(picked)} stories to {args.out}")
    if args.marks:
        marks = json.loads(args.marks.read_text(encoding="utf-8"))
        size = dict(ww.sql("SELECT id, num_articles FROM stories").itertuples(index=False))
        judged = [sid for sid in picked if sid in marks]
        total = sum(size[s] for s in judged)
        main_ = sum(min(int(marks[s]), size[s]) for s in judged)
        pure = sum(1 for s in judged if int(marks[s]) >= size[s])
        print(f"reading: {len(judged)} stories judged, {pure} fully pure; purity weighted by "
              f"article {main_}/{total} = {main_ / max(total, 1):.3f}")

    lines = ww.storylines(limit=1000).sort_values(["num_stories", "num_articles"],
                                                 ascending=False).head(8)
    print(f"\nbiggest storylines ({stats['storylines']} with 2+ stories):")
    for row in lines.itertuples(index=False):
        doc = ww.storyline(row.id)
        print(f"== {row.title} [{row.num_stories} stories, {row.num_articles} articles, "
              f"{str(row.first_seen)[:10]} … {str(row.last_seen)[:10]}] actors: "
              f"{', '.join(list(row.actors)[:5])}")
        for s in doc["stories"].itertuples(index=False):
            print(f"   {str(s.first_seen)[:10]} … {str(s.last_seen)[:10]} "
                  f"{s.num_articles:3d} articles: {s.title}")


if __name__ == "__main__":
    main()
