"""Analysis throughput: bare en_core_web_sm vs the full Wirewatch analysis, same run, same texts.

Why: issue 3 asks that the full analysis keep ≥ 75 % of bare spaCy's throughput, and wants
peak RSS per worker and time per component. Articles come straight from the AllSides corpus
(gzip + json, sections from blank-line paragraphs) so this does not depend on the parser.

    .venv/bin/python benchmarks/analysis_throughput.py --n 300          # the full run
    .venv/bin/python benchmarks/analysis_throughput.py --n 40 --component-n 20   # quick look

Phases (all on the same sample of article bodies):
  a) bare  : spaCy `nlp.pipe` with all of en_core_web_sm's components, n_process=2 and 1;
  b) full  : `wirewatch.analyze.analyze_batch` in 2 worker processes (Pool initializer builds
             `get_pipeline()`; articles in chunks) — the real worker path, all zones + assembly;
     body  : if analyze() is still a stub, `get_pipeline().pipe(bodies)` in the same pool;
  c) per-component times in one process: every pipe (and the tokenizer) of `get_pipeline()` is
     wrapped with a timer; exclusive time = own inclusive time minus the upstream pipe's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import threading
import time
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import psutil

from _news import CORPUS, load_sample
from wirewatch.model import Analysis, Article

RESULTS = Path(__file__).resolve().parent / "results"


# --- data -----------------------------------------------------------------------------------

def words(articles: list[Article]) -> int:
    return sum(len(a.body.split()) for a in articles)


# --- memory ---------------------------------------------------------------------------------

class ChildRSS:
    """Samples the RSS of this process's children (spaCy's or our workers) every 50 ms."""

    def __init__(self) -> None:
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
            self._stop.wait(0.05)

    def __enter__(self) -> ChildRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peaks_mb(self) -> list[float]:
        top = sorted(self.peak.values(), reverse=True)
        return [round(v / 2**20, 1) for v in top]


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KB on Linux


# --- worker side ----------------------------------------------------------------------------

def _init_worker() -> None:
    from wirewatch.analyze.pipeline import get_pipeline

    get_pipeline()


def _warm(article: Article) -> tuple[int, list[str]]:
    """One article analysed in each worker before the clock starts: the data our components
    load on first use (~0.5 s a process) is set-up, as the bare run's warm-up texts are."""
    from wirewatch.analyze import analyze_batch
    from wirewatch.analyze.pipeline import get_pipeline

    time.sleep(0.3)  # so that every worker takes one warm-up task
    analyze_batch([article])
    return os.getpid(), list(get_pipeline().pipe_names)


def _analyze_chunk(chunk: list[Article]) -> tuple[int, float, list[Analysis]]:
    from wirewatch.analyze import analyze_batch

    analyses = analyze_batch(chunk)
    return os.getpid(), _maxrss_mb(), analyses


def _pipe_chunk(bodies: list[str]) -> tuple[int, float, int]:
    from wirewatch.analyze.pipeline import get_pipeline

    n = sum(1 for _ in get_pipeline().pipe(bodies))
    return os.getpid(), _maxrss_mb(), n


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --- phases ---------------------------------------------------------------------------------

def bare(articles: list[Article], n_process: int, batch_size: int) -> dict[str, Any]:
    from wirewatch.analyze.pipeline import load_model

    nlp = load_model()
    texts = [a.body for a in articles]
    list(nlp.pipe(texts[:4]))  # warm-up
    with ChildRSS() as rss:
        t0 = time.perf_counter()
        n = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
        elapsed = time.perf_counter() - t0
    peaks = rss.peaks_mb() if n_process > 1 else [_maxrss_mb()]
    return _rates(f"bare en_core_web_sm, n_process={n_process}", n, words(articles), elapsed,
                  peaks, {"components": list(nlp.pipe_names)})


def full(articles: list[Article], workers: int, chunk: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with Pool(workers, initializer=_init_worker) as pool:
        names = pool.map(_warm, [articles[0]] * workers, chunksize=1)
        components = names[0][1]
        with ChildRSS() as rss:
            t0 = time.perf_counter()
            results = list(pool.imap_unordered(_analyze_chunk, list(_chunks(articles, chunk))))
            elapsed = time.perf_counter() - t0
        analyses = [a for _, _, batch in results for a in batch]
        worker_rss = _worker_peaks(results, rss)
        stub = all(a.tone is None and not a.entities for a in analyses)
        out.append(_rates(f"full analyze_batch, {workers} workers", len(analyses),
                          words(articles), elapsed, worker_rss,
                          {"components": components, "stub": stub,
                           "quality": _quality(analyses)}))
        if stub:  # the assembly is not wired yet: measure the pipeline on the body zone
            with ChildRSS() as rss:
                t0 = time.perf_counter()
                results2 = list(pool.imap_unordered(
                    _pipe_chunk, list(_chunks([a.body for a in articles], chunk))))
                elapsed = time.perf_counter() - t0
            out.append(_rates(f"full pipeline .pipe(body), {workers} workers",
                              sum(n for _, _, n in results2), words(articles), elapsed,
                              _worker_peaks(results2, rss), {"components": components}))
    return out


def _worker_peaks(results: list[tuple[Any, ...]], rss: ChildRSS) -> list[float]:
    by_pid: dict[int, float] = {}
    for pid, maxrss, *_ in results:
        by_pid[pid] = max(by_pid.get(pid, 0.0), maxrss)
    for pid, peak in rss.peak.items():
        by_pid[pid] = max(by_pid.get(pid, 0.0), round(peak / 2**20, 1))
    return sorted(by_pid.values(), reverse=True)


def _quality(analyses: list[Analysis]) -> dict[str, float]:
    n = len(analyses) or 1
    return {
        "with_tone": sum(a.tone is not None for a in analyses) / n,
        "keypoints_avg": sum(len(a.keypoints) for a in analyses) / n,
        "tags_avg": sum(len(a.tags) for a in analyses) / n,
        "entities_avg": sum(len(a.entities) for a in analyses) / n,
    }


def _rates(label: str, n: int, n_words: int, elapsed: float, rss_mb: list[float],
           extra: dict[str, Any]) -> dict[str, Any]:
    return {"label": label, "articles": n, "words": n_words, "seconds": round(elapsed, 2),
            "articles_per_s": round(n / elapsed, 2) if elapsed else 0.0,
            "words_per_s": round(n_words / elapsed) if elapsed else 0,
            "peak_rss_mb": rss_mb, **extra}  # RSS counts copy-on-write pages shared with the parent


class _Timed:
    """A pipe wrapper recording inclusive time (its own work + pulling from upstream)."""

    def __init__(self, name: str, proc: Any, inclusive: dict[str, float]) -> None:
        self.name, self.proc, self.inclusive = name, proc, inclusive
        inclusive.setdefault(name, 0.0)

    def __call__(self, doc: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.proc(doc, *args, **kwargs)
        finally:
            self.inclusive[self.name] += time.perf_counter() - t0

    def pipe(self, stream: Any, **kwargs: Any) -> Iterator[Any]:
        if hasattr(self.proc, "pipe"):
            inner = iter(self.proc.pipe(stream, **kwargs))
        else:
            inner = (self.proc(doc) for doc in stream)
        while True:
            t0 = time.perf_counter()
            try:
                doc = next(inner)
            except StopIteration:
                self.inclusive[self.name] += time.perf_counter() - t0
                return
            self.inclusive[self.name] += time.perf_counter() - t0
            yield doc

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.proc, attr)


def per_component(articles: list[Article]) -> dict[str, Any]:
    """Exclusive seconds per pipeline step, one process, full pipeline over the bodies; then the
    whole analyze_batch (all zones + assembly) once more for its overhead over the body pipe."""
    from wirewatch.analyze import analyze_batch
    from wirewatch.analyze.pipeline import build_pipeline

    nlp = build_pipeline()
    list(nlp.pipe([a.body for a in articles[:2]]))  # warm-up
    inclusive: dict[str, float] = {}
    tokenizer = _Timed("tokenizer", nlp.tokenizer, inclusive)
    nlp.tokenizer = tokenizer
    names = nlp.pipe_names
    for i, (name, proc) in enumerate(nlp._components):  # noqa: SLF001 - benchmark only
        nlp._components[i] = (name, _Timed(name, proc, inclusive))  # noqa: SLF001
    t0 = time.perf_counter()
    for _ in nlp.pipe([a.body for a in articles]):
        pass
    total = time.perf_counter() - t0
    exclusive: dict[str, float] = {"tokenizer": inclusive["tokenizer"]}
    upstream = "tokenizer"
    for name in names:
        exclusive[name] = inclusive[name] - inclusive[upstream]
        upstream = name
    # analyze_batch with the same (timed) pipeline: get_pipeline() is cached per process.
    import wirewatch.analyze.pipeline as pipeline_module

    pipeline_module.get_pipeline.cache_clear()
    original = pipeline_module.build_pipeline
    pipeline_module.build_pipeline = lambda components=None: nlp  # type: ignore[assignment]
    try:
        before = dict(inclusive)
        t0 = time.perf_counter()
        analyses = analyze_batch(articles)
        analyze_total = time.perf_counter() - t0
    finally:
        pipeline_module.build_pipeline = original
        pipeline_module.get_pipeline.cache_clear()
    used_pipeline = inclusive != before
    return {"articles": len(articles), "words": words(articles), "pipe_seconds": round(total, 3),
            "exclusive_seconds": {k: round(v, 4) for k, v in exclusive.items()},
            "analyze_batch_seconds": round(analyze_total, 3),
            "analyze_batch_used_pipeline": used_pipeline,
            "analyze_quality": _quality(analyses)}


# --- report ---------------------------------------------------------------------------------

def report(rows: list[dict[str, Any]], comp: dict[str, Any]) -> None:
    print(f"\n{'run (best of repeats)':<46}{'articles':>9}{'sec':>8}{'art/s':>8}{'words/s':>9}  peak RSS MB/worker")
    for r in rows:
        print(f"{r['label']:<46}{r['articles']:>9}{r['seconds']:>8}{r['articles_per_s']:>8}"
              f"{r['words_per_s']:>9}  {r['peak_rss_mb']}")
    bares = [r for r in rows if r["label"].startswith("bare")]
    bare2 = next(r for r in bares if "=2" in r["label"])
    best = max(bares, key=lambda r: r["words_per_s"])
    for r in rows:
        if r["label"].startswith("bare"):
            continue
        for key, base in (("ratio_vs_bare_2proc", bare2), ("ratio_vs_best_bare", best)):
            ratio = r["words_per_s"] / base["words_per_s"] if base["words_per_s"] else 0.0
            r[key] = round(ratio, 3)
            flag = "OK" if ratio >= 0.75 else "below target"
            print(f"ratio {r['label']} / {base['label']} = {ratio:.1%} (target ≥ 75 %: {flag})")
    full_rows = [r for r in rows if not r["label"].startswith("bare")]
    if full_rows:
        print(f"components in get_pipeline(): {full_rows[0].get('components')}")
        if full_rows[0].get("stub"):
            print("NOTE: analyze_batch() did not run the pipeline (assembly stub); "
                  "see the .pipe(body) row")
        print(f"analysis quality: {full_rows[0].get('quality')}")
    ex = comp["exclusive_seconds"]
    total = sum(ex.values()) or 1.0
    print(f"\ntime per component, 1 process, {comp['articles']} articles / {comp['words']} words")
    print(f"{'component':<18}{'seconds':>9}{'share':>8}{'ms/article':>12}")
    for name, sec in ex.items():
        print(f"{name:<18}{sec:>9.3f}{sec / total:>8.1%}{1000 * sec / comp['articles']:>12.2f}")
    print(f"{'(sum)':<18}{total:>9.3f}   pipe wall {comp['pipe_seconds']} s")
    print(f"analyze_batch (all zones + assembly), same articles: {comp['analyze_batch_seconds']} s"
          f" (ran the pipeline: {comp['analyze_batch_used_pipeline']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles in the sample")
    parser.add_argument("--component-n", type=int, default=100,
                        help="articles for the per-component timing")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=10, help="articles per worker task")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (bare)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1,
                        help="repeat the bare/full runs, report the best of each")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="also write benchmarks/results/")
    args = parser.parse_args()

    articles = load_sample(args.corpus, args.n, args.seed)
    print(f"{len(articles)} articles, {words(articles)} words "
          f"(median {sorted(len(a.body.split()) for a in articles)[len(articles) // 2]}), "
          f"{os.cpu_count()} CPUs, load avg {os.getloadavg()[0]:.1f}")
    runs: list[dict[str, Any]] = []
    for rep in range(args.repeat):  # alternate, so load from other users hits all alike
        for row in [bare(articles, 2, args.batch_size), bare(articles, 1, args.batch_size),
                    *full(articles, args.workers, args.chunk)]:
            runs.append({**row, "repeat": rep})
    rows = []  # best of the repeats, per run label
    for label in dict.fromkeys(r["label"] for r in runs):
        rows.append(max((r for r in runs if r["label"] == label),
                        key=lambda r: r["words_per_s"]))
    comp = per_component(articles[:args.component_n])
    report(rows, comp)
    print(f"load avg at the end {os.getloadavg()[0]:.1f} (other processes share these CPUs)")
    if args.json:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"analysis_throughput-{time.strftime('%Y%m%dT%H%M%S')}.json"
        out.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                   "machine": platform.platform(), "cpus": os.cpu_count(),
                                   "best": rows, "runs": runs, "per_component": comp}, indent=1))
        print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
