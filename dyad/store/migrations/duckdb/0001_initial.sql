-- dyad store schema, version 1 (DuckDB). Statements are idempotent (IF NOT EXISTS) because stores
-- made before migrations existed already hold these tables: running this on them changes nothing.
-- Never edit a released migration: add the next numbered file (and its PostgreSQL twin).
-- Columns must match dyad/store/columns.py (tests/test_store_backends.py checks).
--
-- Indexes: DuckDB keeps a min-max index (zonemap) on every column of every row group by itself,
-- which is what range and low-cardinality filters (date, type, modality, quad class) use. ART
-- indexes only pay for point lookups and very selective filters, and they slow every insert,
-- so they exist only where a query looks up a handful of rows: keys, an article's events, and
-- one country's events in a dyad query.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,   -- same body under another id is the same article
    title        VARCHAR,
    outlet       VARCHAR,
    url          VARCHAR,
    published    VARCHAR,                   -- ISO 8601 with its zone, as in the record
    story_date   DATE,
    language     VARCHAR,
    origin       VARCHAR,
    position     BIGINT,
    stored_at    TIMESTAMP NOT NULL,        -- UTC
    record       VARCHAR NOT NULL,          -- Article.to_record(with_text=False) as JSON, key order kept
    text         VARCHAR NOT NULL           -- the body the evidence offsets point into
);

CREATE TABLE IF NOT EXISTS events (
    event_id       VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,
    mode           VARCHAR,
    quad_class     INTEGER,
    source_country VARCHAR,
    source_sector  VARCHAR,
    target_country VARCHAR,
    target_sector  VARCHAR,
    date           VARCHAR,                 -- as in the record: truncated to its precision
    date_sort      DATE,                    -- first day of the event's period, NULL when unknown
    date_end       DATE,                    -- last day of the period: date filters test overlap
    date_precision VARCHAR,
    modality       VARCHAR,
    story_date     DATE,
    confidence     DOUBLE,
    sentence_index INTEGER,
    record         VARCHAR NOT NULL         -- Event.to_record() as JSON: the public record, exactly
);

CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_source_country ON events (source_country);
CREATE INDEX IF NOT EXISTS events_target_country ON events (target_country);

CREATE TABLE IF NOT EXISTS failures (
    origin    VARCHAR NOT NULL,
    position  BIGINT,
    stage     VARCHAR NOT NULL,
    reason    VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL            -- UTC
);

-- Actor and agent dictionaries a user imported (TABARI/PETRARCH format, `dyad actors import`).
-- One row per phrase and code; `priority` 'high' puts them before dyad's own data.
CREATE TABLE IF NOT EXISTS actor_dictionary (
    phrase     VARCHAR NOT NULL,
    code       VARCHAR NOT NULL,
    valid_from DATE,
    valid_to   DATE,
    kind       VARCHAR NOT NULL,            -- actor | agent
    source     VARCHAR NOT NULL,            -- file name it came from
    priority   VARCHAR NOT NULL             -- low | high
);

-- Every place an article was read: its first origin, and each exact or near copy met later
-- (the same wire story in two feeds). position -1 means "the whole file".
CREATE TABLE IF NOT EXISTS article_links (
    article_id VARCHAR NOT NULL,
    origin     VARCHAR NOT NULL,
    position   BIGINT NOT NULL,
    url        VARCHAR,
    similarity DOUBLE NOT NULL,             -- 1.0 for the article itself or an exact copy
    PRIMARY KEY (article_id, origin, position)
);

-- MinHash signatures of stored articles, for finding near-duplicates across runs.
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id VARCHAR PRIMARY KEY,
    signature  BLOB NOT NULL
);
