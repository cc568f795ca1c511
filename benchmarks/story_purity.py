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

`--relink` files the stored articles into stories again with the current code
(link/stories.py), from their stored features (`story_articles.terms`, in link order, copies
following their original) — no analysis, the store is left as it is — and reports on those
stories instead (no storylines; sources by outlet only): how to iterate on linking without
analysing again (minutes). The stories and ids are the ones an ingest from scratch would
write (the same features, order and batches), unless the analysis changed since the store
was made.

    .venv/bin/python benchmarks/story_purity.py --data /tmp/ww-stories --out /tmp/sample.txt
    .venv/bin/python benchmarks/story_purity.py --data /tmp/ww-stories \
        --marks benchmarks/story_purity_marks.json
    .venv/bin/python benchmarks/story_purity.py --data /tmp/ww-stories --relink --out /tmp/s.txt
    .venv/bin/python benchmarks/story_purity.py --data /tmp/ww-fresh --skip 600 --out /tmp/f.txt
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

import wirewatch  # noqa: E402
from _clustering import stored_docs  # noqa: E402
from cluster_purity import CORPUS, ingest  # noqa: E402
from wirewatch.engine.local import BATCH_SIZE  # noqa: E402
from wirewatch.link import outlets  # noqa: E402
from wirewatch.link.stories import Member, Story, StoryClusterer, StoryConfig, vector  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600, help="AllSides records ingested")
    ap.add_argument("--skip", type=int, default=0,
                    help="records passed over before the `--n` ingested: a fresh slice of "
                         "the corpus for a held-out reading (the rules were read on the first "
                         "600)")
    ap.add_argument("--sample", type=int, default=25, help="stories written for reading")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--big", type=int, default=25, help="stories larger than this: span check")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=None,
                    help="store folder to keep (ingested only when it holds no store)")
    ap.add_argument("--out", type=Path, default=None, help="where the sample is written")
    ap.add_argument("--marks", type=Path, default=None,
                    help="the reader's marks: JSON {story id: articles of its main happening}")
    ap.add_argument("--relink", action="store_true",
                    help="re-file the stored features into stories with the current code")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="with --relink: a StoryConfig value other than the default, e.g. "
                         "opinion_penalty=0 (a reading of the code without a rule)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "store"
        if not (data / "wirewatch.duckdb").exists():
            ingest(data, CORPUS, args.n, args.workers, skip=args.skip)
        with wirewatch.open(data, workers=0) as ww:
            if args.relink:
                base = StoryConfig()
                config = replace(base, **{k: type(getattr(base, k))(v) for k, v in (
                    s.split("=", 1) for s in args.set)})
                stories, members = relinked(ww, config)
            else:
                stories = ww.sql("SELECT id, title, num_articles, num_sources, first_seen, "
                                 "last_seen FROM stories")
                members = _stored_members(ww)
            report(ww, args, stories, members)


def _stored_members(ww: wirewatch.api.Wirewatch) -> Any:
    """A stored story's articles (day, outlet, title), as `wirewatch story` shows them."""
    def members(sid: str) -> pd.DataFrame:
        return ww.story(sid)["articles"]
    return members


def relinked(ww: wirewatch.api.Wirewatch, config: StoryConfig | None = None,
             docs: list[dict[str, Any]] | None = None) -> tuple[pd.DataFrame, Any]:
    """The stored articles filed again by the current story clusterer, in link order."""
    docs = stored_docs(ww) if docs is None else docs
    clusterer = StoryClusterer(config or StoryConfig())
    story_of: dict[str, str] = {}
    kept: dict[str, Story] = {}
    for i, d in enumerate(docs):
        orig = d.get("duplicate_of")
        terms = d.get("terms")
        terms = None if terms is None or isinstance(terms, float) else list(terms)
        if orig and orig in story_of:  # a copy joins its original's story, reopened if closed
            sid, member = story_of[orig], Member(d["id"], d.get("outlet"), d["seen_at"],
                                                 d.get("title"), vector(terms or []), 1.0)
            story = clusterer.join(sid, member) or clusterer.restore(
                sid, [*kept[sid].members, member])
        else:
            story, _ = clusterer.assign(d["id"], d.get("outlet"), d["seen_at"], d.get("title"),
                                        terms or [], source=d.get("source"))
        story_of[d["id"]] = story.id
        kept[story.id] = story
        if (i + 1) % BATCH_SIZE == 0:
            clusterer.evict()  # as the link step does after each stored batch
    rows = []
    for s in kept.values():
        rows.append({"id": s.id, "title": clusterer.summary(s)["title"],
                     "num_articles": len(s.members),
                     "num_sources": len({outlets.source_key(m.outlet, []) for m in s.members
                                         if m.outlet}),
                     "first_seen": s.first_seen, "last_seen": s.last_seen})
    by_id = {d["id"]: d for d in docs}

    def members(sid: str) -> pd.DataFrame:
        arts = [by_id[m.article_id] for m in kept[sid].members]
        return pd.DataFrame([{"seen_at": a["seen_at"], "outlet": a.get("outlet"),
                              "title": a.get("title"), "id": a["id"]} for a in arts]
                            ).sort_values(["seen_at", "id"])
    return pd.DataFrame(rows), members


def report(ww: wirewatch.api.Wirewatch, args: argparse.Namespace, stories: pd.DataFrame,
           members: Any) -> None:
    span = (pd.to_datetime(stories["last_seen"]) - pd.to_datetime(stories["first_seen"])
            ).dt.total_seconds() / 86400
    stories = stories.assign(span_days=span)
    stats = {"stories": len(stories), "multi": int((stories["num_articles"] >= 2).sum()),
             "biggest": int(stories["num_articles"].max()),
             "longest_span_days": round(float(span.max()), 2)}
    if not args.relink:
        stats["storylines"] = int(ww.sql("SELECT count(*) AS n FROM storylines "
                                         "WHERE num_stories >= 2")["n"].iloc[0])
    print(("relinked: " if args.relink else "store: ")
          + ", ".join(f"{k} {v}" for k, v in stats.items()))
    big = stories[stories["num_articles"] > args.big].sort_values("num_articles",
                                                                  ascending=False)
    over = big[big["span_days"] > 7]
    print(f"stories with more than {args.big} articles: {len(big)}; of them spanning more than "
          f"7 days: {len(over)}")
    for r in big.itertuples(index=False):
        print(f"   {r.num_articles} articles, {r.num_sources} sources, {r.span_days:.1f} days: "
              f"{r.title}")
    sizes = stories["num_articles"].sort_values(ascending=False).head(10).tolist()
    print(f"ten biggest stories: {sizes}")

    ids = sorted(stories[stories["num_articles"] >= 2]["id"])
    picked = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
    if args.out:
        lines = [f"{len(picked)} of {len(ids)} stories with 2+ articles (seed {args.seed})", ""]
        info = stories.set_index("id")
        for i, sid in enumerate(picked, 1):
            doc = info.loc[sid]
            lines.append(f"#{i} {sid} [{doc['num_articles']} articles, {doc['num_sources']} "
                         f"sources] {doc['title']}")
            for a in members(sid).itertuples(index=False):
                lines.append(f"   - {str(a.seen_at)[:10]} {a.outlet}: {a.title}")
            lines.append("")
        args.out.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {len(picked)} stories to {args.out}")
    if args.marks:
        marks = json.loads(args.marks.read_text(encoding="utf-8"))
        size = dict(zip(stories["id"], stories["num_articles"], strict=True))
        judged = [sid for sid in picked if sid in marks]
        total = sum(size[s] for s in judged)
        main_ = sum(min(int(marks[s]), size[s]) for s in judged)
        pure = sum(1 for s in judged if int(marks[s]) >= size[s])
        print(f"reading: {len(judged)} stories judged, {pure} fully pure; purity weighted by "
              f"article {main_}/{total} = {main_ / max(total, 1):.3f}")
    if args.relink:
        return

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
