"""Analyses built by hand (known entities, events, tone), to write through the real Store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from wirewatch.model import (
    ActorRef,
    Analysis,
    Article,
    Entity,
    Event,
    Evidence,
    Location,
    Mention,
    Tone,
)

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def analysis(i: int, *, at: datetime | None = None, entities: list[tuple[str, str, int]] = (),
             events: list[dict[str, Any]] = (), tone: float = -2.0) -> Analysis:
    """Article i with `entities` as (name, country, n_mentions) and `events` as dicts with
    type, src, tgt (country codes, or (name, country)), optional quad/intensity/modality/date/
    confidence."""
    art = Article(id=f"art{i:05d}", body="x" * 50, url=f"https://example.com/{i}",
                  title=f"Story {i}", published_at=at or T0 + timedelta(minutes=i))
    ents = [Entity(id=f"e{k}", name=name, type="GPE" if len(name) <= 12 else "PERSON",
                   country=country, aliases=[name.lower()],
                   mentions=[Mention(text=name, start=0, end=1) for _ in range(n)])
            for k, (name, country, n) in enumerate(entities)]
    evs = []
    for ev in events:
        def actor(x: Any) -> ActorRef:
            return ActorRef(name=x[0], country=x[1]) if isinstance(x, tuple) else \
                ActorRef(name=f"{x} government", country=x, sector="GOV")
        evs.append(Event(type=ev["type"], source=[actor(ev["src"])], target=[actor(ev["tgt"])],
                         evidence=Evidence(sentence="s", start=0, end=1),
                         location=Location(name=ev.get("place", "Taipei"),
                                           country=ev.get("loc", "TWN"), lat=25.0, lon=121.5),
                         date=ev.get("date", "2024-05-01"),
                         modality=ev.get("modality", "occurred"),
                         intensity=ev.get("intensity", -5.0), quad=ev.get("quad",
                                                                          "material_conflict"),
                         background=ev.get("background", False),
                         confidence=ev.get("confidence", 0.5)))
    return Analysis(article=art, entities=ents, events=evs,
                    tone=Tone(score=tone, positive=1.0, negative=3.0, conflict_share=0.1))


# Every aggregate table's rows that count something (zero rows are what -1/+1 leaves). Minute
# buckets are kept 48 h after *now* when written, after the newest article when rebuilt: not
# comparable for articles of past years.
_COUNTING = {"agg_windows": "grain <> 'minute' AND (articles <> 0 OR mentions <> 0 OR "
                            "events <> 0)",
             "agg_entities": "articles <> 0 OR mentions <> 0 OR events <> 0",
             "agg_dyads": "events <> 0", "agg_geo": "n <> 0", "agg_cooccur": "n <> 0",
             "agg_cooccur_day": "n <> 0"}


def aggregate_rows(engine: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Each aggregate table's counting rows, sorted, sums of floats to 9 digits."""
    out = {}
    with engine.store.reader.reading() as cur:
        for table, counting in _COUNTING.items():
            cols = "* EXCLUDE (aliases, roles, first_seen, last_seen)" \
                if table == "agg_entities" else "*"
            rows = cur.execute(f"SELECT {cols} FROM {table} WHERE {counting}").fetchall()
            out[table] = sorted((tuple(round(v, 9) if isinstance(v, float) else v for v in r)
                                 for r in rows), key=repr)
    return out


def assert_aggregates_match_rebuild(engine: Any) -> None:
    """The incrementally kept aggregates equal a rebuild from the stored rows."""
    from wirewatch.analytics import aggregates

    before = aggregate_rows(engine)
    engine.commit.run(engine.store.maintain, aggregates.rebuild)
    assert aggregate_rows(engine) == before
