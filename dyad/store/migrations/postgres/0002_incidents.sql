-- dyad store schema, version 2 (PostgreSQL): the incident tables (issue 12, dyad/incidents/): one
-- real-world incident, many event records. Its DuckDB twin is duckdb/0002_incidents.sql.

CREATE TABLE IF NOT EXISTS incidents (
    incident_id    text COLLATE "C" PRIMARY KEY,
    block          text NOT NULL,        -- dyad|dyad|type group|dir or pair: what may be one incident
    type           text NOT NULL,
    mode           text,
    quad_class     integer,
    intensity      double precision,
    source_country text,
    source_sector  text,
    target_country text,
    target_sector  text,
    date           text,
    date_precision text,
    date_sort      date,                    -- first and last day of the incident's date
    date_end       date,
    modality       text,
    denied         boolean,
    confidence     double precision,
    mention_count  integer,
    article_count  integer,
    outlet_count   integer,
    first_reported text,                 -- ISO 8601 UTC
    last_reported  text,
    record         text NOT NULL         -- the incident as JSON (dyad incidents --format jsonl)
);

-- Which incident each stored event record belongs to: every event is in exactly one.
CREATE TABLE IF NOT EXISTS incident_mentions (
    event_id    text COLLATE "C" PRIMARY KEY,
    incident_id text NOT NULL,
    block       text NOT NULL,
    article_id  text NOT NULL,
    record_md5  text                     -- md5 of the event record it was clustered as: a re-coded
                                            -- event with the same id but other content is redone
);

CREATE INDEX IF NOT EXISTS incident_mentions_block ON incident_mentions (block);
CREATE INDEX IF NOT EXISTS incident_mentions_incident ON incident_mentions (incident_id);
