-- dyad store schema, version 1 (PostgreSQL): the same tables and columns as the DuckDB twin,
-- matching dyad/store/columns.py. Text columns use COLLATE "C" so orderings on ids equal DuckDB's.
-- Runs inside one transaction with the schema_version row (migrations.py); never edit a released
-- migration: add the next numbered file (and its DuckDB twin).

CREATE TABLE IF NOT EXISTS meta (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id   text COLLATE "C" PRIMARY KEY,
    content_hash text COLLATE "C" NOT NULL UNIQUE,
    title        text,
    outlet       text,
    url          text,
    published    text,
    story_date   date,
    language     text,
    origin       text COLLATE "C",
    position     bigint,
    stored_at    timestamp without time zone NOT NULL,
    record       text NOT NULL,
    text         text NOT NULL
);

CREATE INDEX IF NOT EXISTS articles_story_date ON articles (story_date DESC NULLS LAST, article_id);

CREATE TABLE IF NOT EXISTS events (
    event_id       text COLLATE "C" PRIMARY KEY,
    article_id     text COLLATE "C" NOT NULL,
    type           text COLLATE "C" NOT NULL,
    mode           text COLLATE "C",
    quad_class     integer,
    source_country text COLLATE "C",
    source_sector  text COLLATE "C",
    target_country text COLLATE "C",
    target_sector  text COLLATE "C",
    date           text COLLATE "C",
    date_sort      date,
    date_end       date,
    date_precision text COLLATE "C",
    modality       text COLLATE "C",
    story_date     date,
    confidence     double precision,
    sentence_index integer,
    record         text NOT NULL
);

CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_source_country ON events (source_country);
CREATE INDEX IF NOT EXISTS events_target_country ON events (target_country);
CREATE INDEX IF NOT EXISTS events_order ON events (date_sort DESC NULLS LAST, story_date DESC NULLS LAST,
                                                  article_id, sentence_index, event_id);

CREATE TABLE IF NOT EXISTS failures (
    origin    text COLLATE "C" NOT NULL,
    position  bigint,
    stage     text NOT NULL,
    reason    text NOT NULL,
    failed_at timestamp without time zone NOT NULL
);

-- One failure per (origin, position, reason) even with concurrent ingests: INSERT ... ON CONFLICT
-- needs a unique index; hashes keep long origins and reasons within a btree entry.
CREATE UNIQUE INDEX IF NOT EXISTS failures_once
    ON failures (md5(origin), coalesce(position, -1), md5(reason));

CREATE TABLE IF NOT EXISTS actor_dictionary (
    phrase     text NOT NULL,
    code       text NOT NULL,
    valid_from date,
    valid_to   date,
    kind       text NOT NULL,
    source     text COLLATE "C" NOT NULL,
    priority   text NOT NULL
);

CREATE INDEX IF NOT EXISTS actor_dictionary_source ON actor_dictionary (source);

CREATE TABLE IF NOT EXISTS article_links (
    article_id text COLLATE "C" NOT NULL,
    origin     text COLLATE "C" NOT NULL,
    position   bigint NOT NULL,
    url        text,
    similarity double precision NOT NULL,
    PRIMARY KEY (article_id, origin, position)
);

CREATE TABLE IF NOT EXISTS article_signatures (
    article_id text COLLATE "C" PRIMARY KEY,
    signature  bytea NOT NULL
);
