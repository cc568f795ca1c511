"""p95 latency of every dashboard read endpoint on a generated store.

Usage: python benchmarks/dashboard_queries.py [--scale 1.0] [--repeat 20]
scale 1.0 = 1 M articles (bodies of `--body-words` words drawn from a 5,000-word vocabulary, so a
keyword search scans ~2 GB of text as it would in a real store), 5 M events, 3 M entity rows
(vectorised DuckDB INSERT … SELECT range),
then the analytics aggregates built by `analytics.aggregates.rebuild` — the same SQL the writer
runs on every batch (timed separately as rebuild_s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from wirewatch.analytics import aggregates
from wirewatch.engine.local import LocalEngine
from wirewatch.serve.app import IngestWorker, create_app
from wirewatch.store.search import SEARCH_NAME

COUNTRIES = "['USA','CHN','TWN','RUS','UKR','FRA','DEU','GBR','IRN','ISR','IND','BRA']"
TYPES = "['CONSULT','ACCUSE','THREATEN','ASSAULT','AGREE','AID','SUPPORT','REQUEST']"


def generate(cur, n_articles: int, body_words: int = 350) -> None:  # noqa: ANN001
    n_events = 5 * n_articles
    n_ents = 3 * n_articles
    cur.execute(f"""
        INSERT INTO articles (id, url, outlet, title, body, published_at, fetched_at, language,
                              ingested_at)
        SELECT 'a' || i, 'https://gen/' || i, 'Outlet' || (i % 50), 'Title ' || i,
               array_to_string(list_transform(range({body_words}),
                                              lambda x: 'w' || (hash(i * 1000 + x) % 5000)), ' '),
               TIMESTAMP '2024-01-01' + to_seconds(i * 30), now(), 'en', now()
        FROM range({n_articles}) t(i)""")
    cur.execute(f"""
        INSERT INTO entities (article_id, entity_id, name, type, country, sector, code, roles,
                              aliases)
        SELECT 'a' || (i // 3), 'e' || (i % 3), 'Entity ' || (hash(i) % 2000), 'PERSON',
               {COUNTRIES}[(1 + hash(i) % 12)::BIGINT], 'GOV', NULL, '[]', []
        FROM range({n_ents}) t(i)""")
    cur.execute(f"""
        INSERT INTO events (article_id, idx, type, source, target, location_name,
                            location_country, location_lat, location_lon, date, modality,
                            intensity, quad)
        SELECT 'a' || (i // 5), i % 5, {TYPES}[(1 + hash(i) % 8)::BIGINT],
               [{{'name': 'S', 'country': {COUNTRIES}[(1 + hash(i + 1) % 12)::BIGINT], 'sector': 'GOV',
                 'code': NULL}}],
               [{{'name': 'T', 'country': {COUNTRIES}[(1 + hash(i + 2) % 12)::BIGINT], 'sector': 'GOV',
                 'code': NULL}}],
               'Place ' || (hash(i) % 300), {COUNTRIES}[(1 + hash(i + 3) % 12)::BIGINT], 0.0, 0.0,
               strftime(DATE '2024-01-01' + (i // 5 * 30 // 86400)::INT, '%Y-%m-%d'),
               'occurred', ((hash(i) % 20)::BIGINT)::DOUBLE - 10, 'verbal_cooperation'
        FROM range({n_events}) t(i)""")


QUERIES = [("/articles", {"limit": 50}), ("/articles", {"q": "Title 12345"}),
           ("/articles", {"q": "w4217"}),
           ("/events", {"limit": 50}), ("/events", {"actor": "CHN", "type": "ASSAULT"}),
           ("/events", {"source": "CHN", "target": "TWN", "since": "2024-03-01"}),
           ("/entities", {"limit": 50}), ("/dyads", {"source": "CHN", "target": "TWN"}),
           ("/dyads", {"limit": 100}), ("/trends", {}), ("/graph", {"top": 50}),
           ("/geo", {}), ("/quotes", {"limit": 50}), ("/alerts", {}),
           ("/entities", {"q": "Entity 12"}), ("/dyads/pairs", {}),
           ("/dyads", {"source": "CHN", "target": "TWN", "symmetric": "true"}),
           ("/dyads", {"level": "entity", "limit": 100}), ("/trends", {"dim": "dyad"}),
           ("/trends", {"dim": "country"}), ("/graph", {"top": 50, "days": 7}),
           ("/windows", {"dim": "entity", "key": "Entity 7", "grain": "day"}),
           ("/windows", {"grain": "hour", "limit": 168})]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--body-words", type=int, default=350)
    ap.add_argument("--store", type=Path, default=None,
                    help="keep the generated store here and reuse it on the next run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.store or Path(tmp) / "data"
        reuse = (data / "wirewatch.duckdb").exists()
        t0 = time.perf_counter()
        engine = LocalEngine(data, workers=0, analyze=False)
        open_s = time.perf_counter() - t0  # includes catching up the keyword index
        gen_s = rebuild_s = index_s = 0.0
        if not reuse:
            cur = engine.store.reader.cursor()
            t0 = time.perf_counter()
            generate(cur, int(1_000_000 * args.scale), args.body_words)
            cur.close()
            gen_s = time.perf_counter() - t0
            t0 = time.perf_counter()  # generated rows bypass the writer: index them as open does
            engine.store.search.catch_up(engine.store.con)
            index_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            engine.store.maintain(aggregates.rebuild)
            rebuild_s = time.perf_counter() - t0
        app = create_app(engine, IngestWorker(engine), token="x")
        out = {"loadavg_before": Path("/proc/loadavg").read_text().split()[:3], "scale": args.scale, "generate_s": round(gen_s, 1),
               "rebuild_s": round(rebuild_s, 1), "index_s": round(index_s, 1),
               "open_s": round(open_s, 1), "body_words": args.body_words, "p95_ms": {},
               "cpu_p95_ms": {}}
        with TestClient(app) as client:
            for path, params in QUERIES:
                client.get(path, params=params)  # warm-up: a dashboard's queries run warm
                times, cpu = [], []
                for _ in range(args.repeat):
                    s, c = time.perf_counter(), time.process_time()
                    r = client.get(path, params=params)
                    times.append((time.perf_counter() - s) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
                    assert r.status_code == 200, (path, r.text[:300])
                key = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items())
                              if params else "")
                out["p95_ms"][key] = round(statistics.quantiles(times, n=20)[18], 1)
                # CPU time of this process (all DuckDB threads): what a query costs when the
                # machine is shared and wall time mostly measures waiting for a core
                out["cpu_p95_ms"][key] = round(statistics.quantiles(cpu, n=20)[18], 1)
        engine.close()
        out["store_mb"] = round((data / "wirewatch.duckdb").stat().st_size / 2**20)
        out["keyword_index_mb"] = round((data / SEARCH_NAME).stat().st_size / 2**20)
    out["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
