"""Each stored table described once, as the Arrow schema its rows are handed to DuckDB in.

Why here: the writer (store/writer.py) and the link step (link/linker.py) build their batches
column-wise in these schemas, and used to spell them separately from each other and from the
DDL. The DDL itself stays in the versioned migrations (store/migrations.py, schema.sql: a
released migration never changes), so `tests/store/test_tables.py` opens a fresh store and
requires every table here to have exactly these columns, in this order, with the DuckDB types
these Arrow types become. A new column is a migration plus one line here.
"""

from __future__ import annotations

import pyarrow as pa

_TS = pa.timestamp("us", tz="UTC")
_STR_LIST = pa.list_(pa.string())
_ACTOR = pa.struct([("name", pa.string()), ("country", pa.string()), ("sector", pa.string()),
                    ("code", pa.string())])

ARTICLE_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("outlet", pa.string()),
    ("title", pa.string()), ("dek", pa.string()), ("highlights", _STR_LIST),
    ("sections", pa.list_(pa.struct([("heading", pa.string()), ("paragraphs", _STR_LIST)]))),
    ("captions", pa.list_(pa.struct([("text", pa.string()), ("credit", pa.string())]))),
    ("tags", _STR_LIST), ("authors", _STR_LIST), ("published_at", _TS),
    ("published_precision", pa.string()), ("fetched_at", _TS), ("language", pa.string()),
    ("body", pa.string()), ("source_path", pa.string()), ("ingested_at", _TS),
    ("published_offset", pa.int32()), ("published_date", pa.date32()),
])
ANALYSIS_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("tone_score", pa.float64()), ("tone_positive", pa.float64()),
    ("tone_negative", pa.float64()), ("tone_conflict_share", pa.float64()),
    ("keypoints", _STR_LIST), ("tags", _STR_LIST), ("notes", _STR_LIST), ("analyzed_at", _TS),
])
ENTITY_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("entity_id", pa.string()), ("name", pa.string()),
    ("type", pa.string()), ("country", pa.string()), ("sector", pa.string()),
    ("code", pa.string()), ("roles", pa.string()), ("aliases", _STR_LIST),
    ("not_actor", pa.bool_()), ("merged_into", pa.string()), ("split_from", pa.string()),
])
MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("entity_id", pa.string()), ("text", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("zone", pa.string()),
    ("zone_index", pa.int32()), ("sentence", pa.int32()),
])
QUOTE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("text", pa.string()),
    ("speaker", pa.string()), ("speaker_country", pa.string()), ("kind", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("not_quote", pa.bool_()), ("zone", pa.string()),
])
ATTRIBUTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("outlet", pa.string()),
    ("claim", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
])
TIMEX_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("text", pa.string()),
    ("value", pa.string()), ("precision", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()),
])
EVENT_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("type", pa.string()),
    ("mode", pa.string()), ("context", pa.string()), ("source", pa.list_(_ACTOR)),
    ("target", pa.list_(_ACTOR)), ("location_name", pa.string()),
    ("location_country", pa.string()), ("location_lat", pa.float64()),
    ("location_lon", pa.float64()), ("date", pa.string()), ("date_precision", pa.string()),
    ("modality", pa.string()), ("intensity", pa.float64()), ("quad", pa.string()),
    ("cameo_root", pa.string()), ("evidence_sentence", pa.string()),
    ("evidence_start", pa.int32()), ("evidence_end", pa.int32()), ("confidence", pa.float64()),
    ("mentions", pa.list_(pa.struct([("sentence", pa.string()), ("start", pa.int32()),
                                     ("end", pa.int32())]))),
    ("background", pa.bool_()), ("not_event", pa.bool_()), ("model_version", pa.string()),
])
REJECT_SCHEMA = pa.schema([
    ("id", pa.string()), ("at", _TS), ("origin", pa.string()), ("reason", pa.string()),
    ("detail", pa.string()),
])

KB_SCHEMA = pa.schema([("name", pa.string()), ("country", pa.string()),
                       ("sector", pa.string()), ("aliases", pa.string()), ("role", pa.string()),
                       ("role_country", pa.string()), ("first_seen", pa.string()),
                       ("last_seen", pa.string()), ("count", pa.int32())])

# The analysis tables, in write order; each row carries article_id.
ANALYSIS_SCHEMAS: dict[str, pa.Schema] = {
    "analyses": ANALYSIS_SCHEMA, "entities": ENTITY_SCHEMA, "mentions": MENTION_SCHEMA,
    "quotes": QUOTE_SCHEMA, "attributions": ATTRIBUTION_SCHEMA, "timex": TIMEX_SCHEMA,
    "events": EVENT_SCHEMA,
}
ANALYSIS_TABLES = tuple(ANALYSIS_SCHEMAS)

# The link step's tables (link/linker.py writes them in the batch's transaction).
LINK_SCHEMAS: dict[str, pa.Schema] = {
    "article_links": pa.schema([("article_id", pa.string()), ("duplicate_of", pa.string()),
                                ("similarity", pa.float64())]),
    "near_dup_signatures": pa.schema([("article_id", pa.string()),
                                      ("signature", pa.binary())]),
    "story_articles": pa.schema([("article_id", pa.string()), ("story_id", pa.string()),
                                 ("outlet", pa.string()), ("seen_at", _TS),
                                 ("similarity", pa.float64()), ("terms", _STR_LIST),
                                 ("source", pa.string())]),
    "event_reports": pa.schema([("article_id", pa.string()), ("idx", pa.int32()),
                                ("cluster_id", pa.string()), ("outlet", pa.string()),
                                ("source_key", pa.string()), ("reported_at", _TS),
                                ("modality", pa.string())]),
    "stories": pa.schema([("id", pa.string()), ("title", pa.string()), ("keypoints", _STR_LIST),
                          ("first_seen", _TS), ("last_seen", _TS), ("num_articles", pa.int32()),
                          ("num_outlets", pa.int32()), ("outlets", _STR_LIST),
                          ("top_terms", _STR_LIST), ("updated_at", _TS),
                          ("num_sources", pa.int32())]),
    # migration 4 (link/storylines.py)
    "storylines": pa.schema([("id", pa.string()), ("title", pa.string()), ("first_seen", _TS),
                             ("last_seen", _TS), ("num_stories", pa.int32()),
                             ("num_articles", pa.int32()), ("num_sources", pa.int32()),
                             ("actors", _STR_LIST), ("top_terms", _STR_LIST),
                             ("updated_at", _TS)]),
    "storyline_stories": pa.schema([("story_id", pa.string()), ("storyline_id", pa.string()),
                                    ("similarity", pa.float64()), ("joined_at", _TS)]),
    "event_clusters": pa.schema([
        ("id", pa.string()), ("type", pa.string()), ("mode", pa.string()), ("source", _STR_LIST),
        ("target", _STR_LIST), ("source_countries", _STR_LIST), ("target_countries", _STR_LIST),
        ("location_name", pa.string()), ("location_country", pa.string()),
        ("date", pa.string()), ("date_precision", pa.string()), ("modality", pa.string()),
        ("modality_history", pa.string()), ("first_reported", _TS), ("last_reported", _TS),
        ("num_reports", pa.int32()), ("num_articles", pa.int32()), ("num_sources", pa.int32()),
        ("num_outlets", pa.int32()), ("evidence", pa.string()), ("names", _STR_LIST),
        ("key_source", _STR_LIST), ("key_target", _STR_LIST), ("key_source_names", _STR_LIST),
        ("key_target_names", _STR_LIST), ("intensity", pa.float64()), ("quad", pa.string()),
        ("updated_at", _TS)]),
}

# Every table with an Arrow description, by name.
TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLE_SCHEMA, **ANALYSIS_SCHEMAS, "rejects": REJECT_SCHEMA,
    "kb_persons": KB_SCHEMA, **LINK_SCHEMAS,
}
