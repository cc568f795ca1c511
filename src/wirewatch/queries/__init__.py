"""The read side: one module per resource, a DuckDB cursor in, plain rows out.

Why one layer: the CLI, the Python API (`api.py`), the HTTP routes (`serve/routes/`) and the
exports ask the same questions, and used to ask them through two implementations that
disagreed (`wirewatch events` and `GET /events`). Every surface now calls the function of the
resource's module here on a fresh reader cursor (`store.reader.Reader.read`) and only encodes
the rows it gets: a DataFrame (API, CLI tables), JSON (HTTP, `--json`), TSV/Parquet (exports).

Place: right of `store` and `analytics` (it reads their tables, and `analytics.trends`' spike
detection, which the alert rules run too), left of the surfaces. A function takes the cursor
first, filters as keyword arguments, and returns `store.reader.Rows` (a list of dicts that
knows its columns) or, for one object, a dict or None.
"""

from wirewatch.queries import (
    alerts,
    articles,
    clusters,
    counts,
    dyads,
    entities,
    events,
    feeds,
    geo,
    graph,
    quotes,
    rejects,
    stories,
    storylines,
    trends,
    windows,
)

__all__ = ["alerts", "articles", "clusters", "counts", "dyads", "entities", "events", "feeds",
           "geo", "graph", "quotes", "rejects", "stories", "storylines", "trends", "windows"]
