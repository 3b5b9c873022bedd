-- dyad store schema, version 4 (DuckDB): the order in which near-duplicate signatures were
-- stored, so that an ingest can ask "what did the other writers store since I last looked?"
-- (dyad/engine/local.py checks every batch against those before storing it). Its PostgreSQL
-- twin is postgres/0004_signature_order.sql. Existing rows are numbered in storage order.
CREATE SEQUENCE IF NOT EXISTS article_signatures_seq;
ALTER TABLE article_signatures ADD COLUMN IF NOT EXISTS seq BIGINT DEFAULT nextval('article_signatures_seq');
