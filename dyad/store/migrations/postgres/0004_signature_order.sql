-- dyad store schema, version 4 (PostgreSQL): the order in which near-duplicate signatures were
-- stored, so that an ingest can ask "what did the other writers store since I last looked?"
-- (dyad/engine/local.py checks every batch against those, under the article write lock, before
-- storing it: two processes reading two near copies of one story store it once). Sequence values
-- follow commit order only because every writer stores under that lock. Its DuckDB twin is
-- duckdb/0004_signature_order.sql. Existing rows are numbered in storage order.
CREATE SEQUENCE IF NOT EXISTS article_signatures_seq;
ALTER TABLE article_signatures ADD COLUMN IF NOT EXISTS seq bigint DEFAULT nextval('article_signatures_seq');
ALTER SEQUENCE article_signatures_seq OWNED BY article_signatures.seq;
CREATE INDEX IF NOT EXISTS article_signatures_by_seq ON article_signatures (seq);
