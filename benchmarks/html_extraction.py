"""HTML main-text extraction quality on the scrapinghub article-extraction benchmark.

Runs our parse/html.py and plain `trafilatura.extract` over the same pages and scores both with
the benchmark's own metric (its evaluate.py: word 4-gram shingles, per-page precision/recall
normalised per page, averaged over pages, F1 from the averages).

    .venv/bin/python benchmarks/html_extraction.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

CORPUS = (Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "html-extraction"
          / "scrapinghub-aeb")
_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    recall = statistics.mean(_recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall)}


def main() -> int:
    import trafilatura

    from wirewatch.parse.html import extract_text

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    ours, plain = [], []
    t_ours = t_plain = 0.0
    for key in keys:
        html = gzip.decompress((CORPUS / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        url = truth[key].get("url")
        expected = truth[key].get("articleBody", "")
        start = time.perf_counter()
        ours.append(tp_fp_fn(expected, extract_text(html, url)))
        t_ours += time.perf_counter() - start
        start = time.perf_counter()
        plain.append(tp_fp_fn(expected, trafilatura.extract(html, url=url) or ""))
        t_plain += time.perf_counter() - start
    for name, rows, seconds in (("wirewatch parse/html.py", ours, t_ours),
                                ("trafilatura.extract", plain, t_plain)):
        s = scores(rows)
        print(f"{name:<24} F1={s['f1']:.3f} precision={s['precision']:.3f} "
              f"recall={s['recall']:.3f} pages={len(rows)} {seconds / len(rows) * 1000:.0f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
