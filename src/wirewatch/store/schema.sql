-- Wirewatch store, schema version 1 (the baseline; later changes are migrations in
-- migrations.py, never edits of this file once released).
--
-- Every analysis row carries `article_id` (provenance: DESIGN rule 1). Offsets are character
-- offsets into `articles.body` for the body zone, into the zone's own text otherwise.
-- Analysis rows are written only together with their article, in one transaction
-- (store/writer.py), so no analysis table holds rows for an article twice.

CREATE TABLE IF NOT EXISTS articles (
    id                  VARCHAR PRIMARY KEY,
    url                 VARCHAR,
    outlet              VARCHAR,
    title               VARCHAR,
    dek                 VARCHAR,
    highlights          VARCHAR[],
    sections            STRUCT(heading VARCHAR, paragraphs VARCHAR[])[],
    captions            STRUCT("text" VARCHAR, credit VARCHAR)[],
    tags                VARCHAR[],
    authors             VARCHAR[],
    published_at        TIMESTAMPTZ,          -- NULL = unknown, never silently "now"
    published_precision VARCHAR,
    fetched_at          TIMESTAMPTZ NOT NULL,
    language            VARCHAR,
    body                VARCHAR NOT NULL,
    source_path         VARCHAR,
    ingested_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS rejects (
    id      VARCHAR PRIMARY KEY,                  -- hash of (origin, reason, detail): idempotent
    "at"    TIMESTAMPTZ NOT NULL,
    origin  VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    detail  VARCHAR
);

CREATE TABLE IF NOT EXISTS feeds (
    url               VARCHAR PRIMARY KEY,
    etag              VARCHAR,
    last_modified     VARCHAR,
    last_checked      TIMESTAMPTZ,
    last_ok           TIMESTAMPTZ,
    status            VARCHAR NOT NULL,
    http_status       INTEGER,
    error             VARCHAR,
    items_seen        BIGINT NOT NULL,
    articles_accepted BIGINT NOT NULL
);

-- One row: the highest durable-inbox sequence number whose records are all stored.
CREATE TABLE IF NOT EXISTS inbox_checkpoint (
    id          INTEGER PRIMARY KEY,              -- always 1
    seq         BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO inbox_checkpoint VALUES (1, 0, now()) ON CONFLICT DO NOTHING;

-- One row per stored article: the per-article part of its analysis.
CREATE TABLE IF NOT EXISTS analyses (
    article_id          VARCHAR PRIMARY KEY,
    tone_score          DOUBLE,                   -- -100 .. +100 (GDELT AvgTone scale)
    tone_positive       DOUBLE,
    tone_negative       DOUBLE,
    tone_conflict_share DOUBLE,
    keypoints           VARCHAR[],
    tags                VARCHAR[],
    notes               VARCHAR[],
    analyzed_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
    article_id  VARCHAR NOT NULL,
    entity_id   VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    type        VARCHAR,
    country     VARCHAR,                          -- ISO 3166-1 alpha-3
    sector      VARCHAR,
    code        VARCHAR,                          -- actor code, e.g. USAGOV
    roles       JSON,                             -- [{"role", "country", "seen"}]
    aliases     VARCHAR[]
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id  VARCHAR NOT NULL,
    entity_id   VARCHAR NOT NULL,
    "text"      VARCHAR,
    "start"     INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    zone        VARCHAR NOT NULL,                 -- title | dek | highlight | body | caption
    zone_index  INTEGER NOT NULL,
    sentence    INTEGER
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id      VARCHAR NOT NULL,
    idx             INTEGER NOT NULL,             -- order within the article
    "text"          VARCHAR,
    speaker         VARCHAR,
    speaker_country VARCHAR,
    kind            VARCHAR,                      -- direct | indirect
    "start"         INTEGER,
    "end"           INTEGER
);

CREATE TABLE IF NOT EXISTS attributions (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    outlet      VARCHAR,
    claim       VARCHAR,
    "start"     INTEGER,
    "end"       INTEGER
);

CREATE TABLE IF NOT EXISTS timex (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    "text"      VARCHAR,
    value       VARCHAR,                          -- ISO 8601: 2023-06-14, 2023-02, 2023-SU
    precision   VARCHAR,
    "start"     INTEGER,
    "end"       INTEGER
);

CREATE TABLE IF NOT EXISTS events (
    article_id        VARCHAR NOT NULL,
    idx               INTEGER NOT NULL,
    type              VARCHAR NOT NULL,           -- PLOVER event type
    mode              VARCHAR,
    context           VARCHAR,
    source            STRUCT(name VARCHAR, country VARCHAR, sector VARCHAR, code VARCHAR)[],
    target            STRUCT(name VARCHAR, country VARCHAR, sector VARCHAR, code VARCHAR)[],
    location_name     VARCHAR,
    location_country  VARCHAR,
    location_lat      DOUBLE,
    location_lon      DOUBLE,
    date              VARCHAR,                    -- ISO 8601, possibly partial
    date_precision    VARCHAR,
    modality          VARCHAR,
    intensity         DOUBLE,
    quad              VARCHAR,
    cameo_root        VARCHAR,
    evidence_sentence VARCHAR,
    evidence_start    INTEGER,
    evidence_end      INTEGER,
    confidence        DOUBLE
);

-- The actor knowledge base (link/kb.py): one row per (person, role) learned from the stream.
CREATE TABLE IF NOT EXISTS kb_persons (
    name          VARCHAR NOT NULL,
    country       VARCHAR,
    sector        VARCHAR,
    aliases       VARCHAR,                      -- '|'-separated
    role          VARCHAR,
    role_country  VARCHAR,
    first_seen    VARCHAR,
    last_seen     VARCHAR,
    count         INTEGER
);

-- Linking (link/): near-duplicates, stories, merged events. Written by the single writer in
-- the same transaction as the articles they describe (link/linker.py).

-- A near-duplicate (wire copy, re-post) and the stored original it copies. The copy is stored
-- but not analysed: its analysis rows are copies of the original's.
CREATE TABLE IF NOT EXISTS article_links (
    article_id    VARCHAR PRIMARY KEY,
    duplicate_of  VARCHAR NOT NULL,
    similarity    DOUBLE                          -- estimated Jaccard of word 5-shingles
);

-- MinHash signatures of originals, so the LSH index is rebuilt on open without re-hashing.
CREATE TABLE IF NOT EXISTS near_dup_signatures (
    article_id  VARCHAR PRIMARY KEY,
    signature   BLOB NOT NULL                     -- num_perm uint32 values
);

CREATE TABLE IF NOT EXISTS stories (
    id            VARCHAR PRIMARY KEY,            -- the id of the article that opened it
    title         VARCHAR,
    keypoints     VARCHAR[],
    first_seen    TIMESTAMPTZ NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL,
    num_articles  INTEGER NOT NULL,
    num_outlets   INTEGER NOT NULL,
    outlets       VARCHAR[],
    top_terms     VARCHAR[],
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS story_articles (
    article_id  VARCHAR PRIMARY KEY,
    story_id    VARCHAR NOT NULL,
    outlet      VARCHAR,
    seen_at     TIMESTAMPTZ NOT NULL,             -- published_at, else fetched_at
    similarity  DOUBLE,                           -- to the story when it joined (1 = opened it)
    terms       VARCHAR[]                         -- its features (rebuilds the clusterer on open)
);

-- One real-world event with all its reports (link/merge.py).
CREATE TABLE IF NOT EXISTS event_clusters (
    id                VARCHAR PRIMARY KEY,        -- '<article_id>:<idx>' of its first report
    type              VARCHAR NOT NULL,
    mode              VARCHAR,
    source            VARCHAR[],                  -- actor codes (USAGOV) or names
    target            VARCHAR[],
    source_countries  VARCHAR[],
    target_countries  VARCHAR[],
    location_name     VARCHAR,
    location_country  VARCHAR,
    date              VARCHAR,                    -- the most precise date reported
    date_precision    VARCHAR,
    modality          VARCHAR,                    -- current state
    modality_history  JSON,                       -- [{"modality", "at", "article_id"}]
    first_reported    TIMESTAMPTZ NOT NULL,
    last_reported     TIMESTAMPTZ NOT NULL,
    num_reports       INTEGER NOT NULL,           -- event rows
    num_articles      INTEGER NOT NULL,           -- distinct articles (mentions)
    num_sources       INTEGER NOT NULL,           -- independent outlets: wire copies count once
    num_outlets       INTEGER NOT NULL,
    evidence          VARCHAR,                    -- the first report's sentence
    names             VARCHAR[],                  -- lower-cased actor names seen in reports
    key_source        VARCHAR[],                  -- the first report's actors: what later
    key_target        VARCHAR[],                  --   reports must match (countries, else
    key_source_names  VARCHAR[],                  --   codes; names per side)
    key_target_names  VARCHAR[],
    intensity         DOUBLE,                     -- the first report's PLOVER score
    quad              VARCHAR,                    -- and quad class
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS event_reports (
    article_id   VARCHAR NOT NULL,
    idx          INTEGER NOT NULL,                -- events.idx
    cluster_id   VARCHAR NOT NULL,
    outlet       VARCHAR,
    source_key   VARCHAR,                         -- outlet of the original (a copy's original)
    reported_at  TIMESTAMPTZ NOT NULL,
    modality     VARCHAR,
    PRIMARY KEY (article_id, idx)
);

-- Analytics aggregates (analytics/aggregates.py). Updated by the single writer in the same
-- transaction as each stored batch (Store.batch_hooks); `analytics.rebuild(con)` recomputes
-- them from the tables above. Counters only ever change by +/- a batch's contribution.

-- Article / mention / event counts per time bucket. grain: minute (kept 48 h) | hour | day;
-- dim: all (key '*') | entity (name) | country (ISO-3) | event_type | dyad ('SRC|TGT').
-- Bucket = article time (published_at, else fetched_at).
CREATE TABLE IF NOT EXISTS agg_windows (
    grain     VARCHAR NOT NULL,
    bucket    TIMESTAMPTZ NOT NULL,
    dim       VARCHAR NOT NULL,
    "key"     VARCHAR NOT NULL,
    articles  BIGINT NOT NULL,
    mentions  BIGINT NOT NULL,
    events    BIGINT NOT NULL,
    PRIMARY KEY (grain, dim, "key", bucket)
);

-- One row per entity name across the store (what GET /entities lists).
CREATE TABLE IF NOT EXISTS agg_entities (
    name        VARCHAR PRIMARY KEY,
    type        VARCHAR,
    country     VARCHAR,
    sector      VARCHAR,
    code        VARCHAR,
    aliases     VARCHAR[],
    roles       JSON[],
    articles    BIGINT NOT NULL,
    mentions    BIGINT NOT NULL,
    events      BIGINT NOT NULL,
    first_seen  TIMESTAMPTZ,
    last_seen   TIMESTAMPTZ
);

-- Per actor pair (level country | entity), event day and quad class: the dyad timeline.
CREATE TABLE IF NOT EXISTS agg_dyads (
    level          VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    target         VARCHAR NOT NULL,
    day            VARCHAR NOT NULL,              -- event date (first 10 chars), else article day
    quad           VARCHAR NOT NULL,              -- '' when the event has none
    events         BIGINT NOT NULL,
    sum_intensity  DOUBLE NOT NULL,
    n_intensity    BIGINT NOT NULL,
    tone_sum       DOUBLE NOT NULL,
    n_tone         BIGINT NOT NULL,
    PRIMARY KEY (level, source, target, day, quad)
);

-- Events (by event location) and mentions (by entity country; place = GPE/LOC/FAC name).
CREATE TABLE IF NOT EXISTS agg_geo (
    kind     VARCHAR NOT NULL,                    -- event | mention
    country  VARCHAR NOT NULL,
    place    VARCHAR NOT NULL,                    -- '' = the country as a whole
    n        BIGINT NOT NULL,
    lat_sum  DOUBLE NOT NULL,
    lon_sum  DOUBLE NOT NULL,
    n_geo    BIGINT NOT NULL,                     -- rows that had coordinates
    PRIMARY KEY (kind, country, place)
);

-- Co-mentions: articles in which both entities appear (a < b), all time and per day.
CREATE TABLE IF NOT EXISTS agg_cooccur (
    a  VARCHAR NOT NULL,
    b  VARCHAR NOT NULL,
    n  BIGINT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS agg_cooccur_day (
    day  DATE NOT NULL,
    a    VARCHAR NOT NULL,
    b    VARCHAR NOT NULL,
    n    BIGINT NOT NULL,
    PRIMARY KEY (day, a, b)
);

-- Fired alerts (analytics/alerts.py); id makes firing idempotent (one per rule and subject).
CREATE TABLE IF NOT EXISTS alerts (
    id          VARCHAR PRIMARY KEY,
    rule        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,                 -- event | spike | lifecycle
    fired_at    TIMESTAMPTZ NOT NULL,
    article_id  VARCHAR,
    subject     VARCHAR,                          -- entity name / pair / event type
    detail      JSON
);
