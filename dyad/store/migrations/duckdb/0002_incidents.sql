-- dyad store schema, version 2 (DuckDB): the incident tables (issue 12, dyad/incidents/): one
-- real-world incident, many event records. Its PostgreSQL twin is postgres/0002_incidents.sql.

CREATE TABLE IF NOT EXISTS incidents (
    incident_id    VARCHAR PRIMARY KEY,
    block          VARCHAR NOT NULL,        -- dyad|dyad|type group|dir or pair: what may be one incident
    type           VARCHAR NOT NULL,
    mode           VARCHAR,
    quad_class     INTEGER,
    intensity      DOUBLE,
    source_country VARCHAR,
    source_sector  VARCHAR,
    target_country VARCHAR,
    target_sector  VARCHAR,
    date           VARCHAR,
    date_precision VARCHAR,
    date_sort      DATE,                    -- first and last day of the incident's date
    date_end       DATE,
    modality       VARCHAR,
    denied         BOOLEAN,
    confidence     DOUBLE,
    mention_count  INTEGER,
    article_count  INTEGER,
    outlet_count   INTEGER,
    first_reported VARCHAR,                 -- ISO 8601 UTC
    last_reported  VARCHAR,
    record         VARCHAR NOT NULL         -- the incident as JSON (dyad incidents --format jsonl)
);

-- Which incident each stored event record belongs to: every event is in exactly one.
CREATE TABLE IF NOT EXISTS incident_mentions (
    event_id    VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    block       VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    record_md5  VARCHAR                     -- md5 of the event record it was clustered as: a re-coded
                                            -- event with the same id but other content is redone
);

CREATE INDEX IF NOT EXISTS incident_mentions_block ON incident_mentions (block);
CREATE INDEX IF NOT EXISTS incident_mentions_incident ON incident_mentions (incident_id);
