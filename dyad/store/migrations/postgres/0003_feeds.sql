-- dyad store schema, version 3 (PostgreSQL): what `dyad watch` remembers between rounds and
-- restarts (dyad/watch.py, docs/WATCH.md). Its DuckDB twin is duckdb/0003_feeds.sql.

-- One row per watched feed or URL: the validators of its last good response, for conditional GET.
CREATE TABLE IF NOT EXISTS feeds (
    feed          text COLLATE "C" PRIMARY KEY,   -- the URL as given on the command line
    etag          text,                           -- ETag of the last response read in full
    last_modified text,                           -- its Last-Modified, verbatim
    checked_at    timestamp without time zone NOT NULL,  -- UTC, the last round that asked
    last_error    text                            -- why the last round failed; NULL when it did not
);

-- The cursor: every item of a feed already read (guid, else link, else a hash of its text).
CREATE TABLE IF NOT EXISTS feed_items (
    feed     text COLLATE "C" NOT NULL,
    item_key text COLLATE "C" NOT NULL,
    seen_at  timestamp without time zone NOT NULL,
    PRIMARY KEY (feed, item_key)
);
