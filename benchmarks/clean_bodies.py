"""Benchmark: how many AllSides bodies the in-body clutter rules (parse/clutter.py) change.

Run: .venv/bin/python benchmarks/clean_bodies.py [--n 600] [--samples 20] [--seed 0]
     [--outlet "The Hill"] [--repeated 5]

The first `--n` records of ../shared/corpus/news/allsides-2020.jsonl.gz (file order, all by
default) go through the real record parser (JSONL, text = content_original, outlet = source,
as `wirewatch ingest --field text=content_original --field outlet=source` reads them) twice:
with the clutter step switched off (before) and as shipped (after). Reports bodies changed,
overall and per outlet, characters removed, and prints `--samples` random removed fragments
with their context to the terminal, for reading. Texts are printed, never stored: the corpus
must not be copied into the repository. `--repeated K` also lists paragraphs that survive in
K or more bodies of one outlet: candidates for rules still missing.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _news import CORPUS  # noqa: E402
from wirewatch.model import Article, RawDocument  # noqa: E402
from wirewatch.parse import ParseOptions, clutter, parse_document  # noqa: E402
from wirewatch.parse import text as text_module  # noqa: E402

CONTEXT = 70


def read_records(path: Path, n: int | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if n is not None and len(rows) >= n:
                break
    return rows


@contextmanager
def clutter_off() -> Iterator[None]:
    """The parser without the clutter step: build_article keeps the layout's sections."""
    saved = text_module.clean_sections
    text_module.clean_sections = lambda sections: sections
    try:
        yield
    finally:
        text_module.clean_sections = saved


def parse(rows: list[dict[str, Any]]) -> dict[str, Article]:
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    options = ParseOptions(field_map={"text": "content_original", "outlet": "source"},
                           detect_language=False)
    out: dict[str, Article] = {}
    for item in parse_document(RawDocument(data, "allsides", "jsonl"), options):
        if isinstance(item, Article):
            out[item.source_path or ""] = item
    return out


def _paragraphs(article: Article) -> list[str]:
    return [p for s in article.sections for p in ([s.heading] if s.heading else []) + s.paragraphs]


def _cuts(before: str, after: str) -> list[tuple[str, str, str]]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    spans: list[list[int]] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag not in ("delete", "replace"):
            continue
        if spans and i1 - spans[-1][1] <= 3:  # a stray matching "." or " " inside one cut
            spans[-1][1] = i2
        else:
            spans.append([i1, i2])
    return [(before[max(0, i1 - CONTEXT):i1], before[i1:i2], before[i2:i2 + CONTEXT])
            for i1, i2 in spans if before[i1:i2].strip()]


def removed_fragments(before: Article, after: Article | None) -> list[tuple[str, str, str]]:
    """(left context, removed text, right context) for each run the cleaned body lacks:
    paragraphs are aligned first, then words inside a paragraph that was cut."""
    old, new = _paragraphs(before), _paragraphs(after) if after is not None else []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete" or (tag == "replace" and j2 - j1 != i2 - i1):
            out.extend(("¶", p, "¶") for p in old[i1:i2])
        elif tag == "replace":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                out.extend(_cuts(a, b))
    return out


def rules_hit(article: Article) -> set[str]:
    """Which clutter rules change this (uncleaned) article: one name per rule family."""
    texts = _paragraphs(article)
    hit = {"all-capitals link block"} if clutter.link_blocks(texts) else set()
    for text in texts:
        if clutter.strip_hover_cards(text) != text:
            hit.add("hover card (… MORE)")
            text = clutter.strip_hover_cards(text)
        if clutter.is_plug(text):
            hit.add("plug or furniture line")
        elif clutter.is_headline_list(text):
            hit.add("headline list (| or Read more)")
        elif clutter.strip_link_tail(text) != text:
            hit.add("related-link cue (MORE FROM, SEE ALSO)")
    return hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--n", type=int, default=None, help="first N records (default all)")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--outlet", default=None, help="samples from this outlet only")
    parser.add_argument("--repeated", type=int, default=0,
                        help="list paragraphs left in at least K bodies of one outlet")
    args = parser.parse_args()

    rows = read_records(args.corpus, args.n)
    with clutter_off():
        before = parse(rows)
    after = parse(rows)

    per_outlet: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    chars_before = chars_removed = 0
    by_rule: Counter[str] = Counter()
    fragments: list[tuple[str, str, tuple[str, str, str]]] = []
    for origin, old in before.items():
        outlet = old.outlet or "?"
        per_outlet[outlet] += 1
        new = after.get(origin)
        new_body = new.body if new is not None else ""
        chars_before += len(old.body)
        if new_body == old.body:
            continue
        changed[outlet] += 1
        by_rule.update(rules_hit(old))
        chars_removed += len(old.body) - len(new_body)
        fragments.extend((outlet, origin, f) for f in removed_fragments(old, new))

    total = len(before)
    print(f"records read: {len(rows)}, articles parsed: {total}, "
          f"rejected after cleaning: {total - len(after)}")
    print(f"bodies changed: {sum(changed.values())} of {total} "
          f"({sum(changed.values()) / max(total, 1):.1%}); characters removed: "
          f"{chars_removed:,} of {chars_before:,} ({chars_removed / max(chars_before, 1):.2%}); "
          f"fragments removed: {len(fragments)}")
    print("\nbodies changed by each rule family (a body may count under several):")
    for rule, n in by_rule.most_common():
        print(f"  {rule:<40} {n:>4}")
    print("\nper outlet (changed / bodies):")
    for outlet, n in changed.most_common():
        print(f"  {outlet:<40} {n:>4} / {per_outlet[outlet]}")

    # One of each distinct removed text, so that a line repeated in hundreds of bodies ("AD")
    # is one sample among others, not most of them.
    distinct: dict[str, tuple[str, str, tuple[str, str, str]]] = {}
    for fragment in fragments:
        if args.outlet is None or fragment[0] == args.outlet:
            distinct.setdefault(" ".join(fragment[2][1].split()), fragment)
    pool = list(distinct.values())
    picks = random.Random(args.seed).sample(pool, min(args.samples, len(pool)))
    print(f"\n{len(picks)} random removed fragments of {len(pool)} distinct (seed {args.seed}); "
          "[[...]] is what was removed, ¶ a whole paragraph:")
    for k, (outlet, origin, (left, cut, right)) in enumerate(picks, start=1):
        one = " ".join(f"…{left}[[{cut}]]{right}…".split())
        print(f"\n{k:>2}. {outlet} ({origin})\n    {one}")

    if args.repeated:
        seen: dict[str, Counter[str]] = {}
        for article in after.values():
            paragraphs = {p for s in article.sections for p in s.paragraphs}
            seen.setdefault(article.outlet or "?", Counter()).update(paragraphs)
        print(f"\nparagraphs still in ≥ {args.repeated} bodies of one outlet:")
        for outlet, counts in sorted(seen.items()):
            for paragraph, n in counts.most_common():
                if n < args.repeated:
                    break
                print(f"  {n:>4}  {outlet}: {paragraph[:120]}")


if __name__ == "__main__":
    main()
