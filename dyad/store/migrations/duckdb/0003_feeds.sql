-- dyad store schema, version 3 (DuckDB): what `dyad watch` remembers between rounds and restarts
-- (dyad/watch.py, docs/WATCH.md). Its PostgreSQL twin is postgres/0003_feeds.sql.

-- One row per watched feed or URL: the validators of its last good response, for conditional GET.
CREATE TABLE IF NOT EXISTS feeds (
    feed          VARCHAR PRIMARY KEY,   -- the URL as given on the command line
    etag          VARCHAR,               -- ETag of the last response read in full (If-None-Match)
    last_modified VARCHAR,               -- its Last-Modified, verbatim (If-Modified-Since)
    checked_at    TIMESTAMP NOT NULL,    -- UTC, the last round that asked
    last_error    VARCHAR                -- why the last round failed; NULL when it did not
);

-- The cursor: every item of a feed already read (guid, else link, else a hash of its text).
CREATE TABLE IF NOT EXISTS feed_items (
    feed     VARCHAR NOT NULL,
    item_key VARCHAR NOT NULL,
    seen_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (feed, item_key)
);
