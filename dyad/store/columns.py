"""The record shape of the store in one place: every table's columns, in order, with a portable type.

Both backends' first migration creates these tables (migrations/<backend>/0001_initial.sql), the
stores build their INSERTs from these tuples, `dyad db copy` moves exactly these columns, and
tests/test_store_backends.py checks that each backend's live tables match this spec, so a column
added in one place and forgotten in another fails a test rather than a user's copy.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TABLES", "Column", "columns", "names"]

# Portable kind -> (DuckDB type, PostgreSQL type). PostgreSQL text columns are declared with
# COLLATE "C" in its migrations so that ORDER BY on ids gives the same order as DuckDB's bytes.
TYPES = {
    "text": ("VARCHAR", "text"),
    "int": ("INTEGER", "integer"),
    "bigint": ("BIGINT", "bigint"),
    "float": ("DOUBLE", "double precision"),
    "date": ("DATE", "date"),
    "timestamp": ("TIMESTAMP", "timestamp without time zone"),
    "bytes": ("BLOB", "bytea"),
    "bool": ("BOOLEAN", "boolean"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    nullable: bool = True
    generated: bool = False  # filled by the database (a sequence): never inserted nor copied


def _cols(spec: str) -> tuple[Column, ...]:
    """'name:kind[!][+]' items separated by spaces; '!' marks NOT NULL, '+' a generated column."""
    out = []
    for item in spec.split():
        name, kind = item.split(":")
        generated = kind.endswith("+")
        kind = kind.rstrip("+")
        out.append(Column(name, kind.rstrip("!"), nullable=not kind.endswith("!"), generated=generated))
    return tuple(out)


TABLES: dict[str, tuple[Column, ...]] = {
    "articles": _cols("article_id:text! content_hash:text! title:text outlet:text url:text published:text "
                      "story_date:date language:text origin:text position:bigint stored_at:timestamp! "
                      "record:text! text:text!"),
    "events": _cols("event_id:text! article_id:text! type:text! mode:text quad_class:int source_country:text "
                    "source_sector:text target_country:text target_sector:text date:text date_sort:date "
                    "date_end:date date_precision:text modality:text story_date:date confidence:float "
                    "sentence_index:int record:text!"),
    "failures": _cols("origin:text! position:bigint stage:text! reason:text! failed_at:timestamp!"),
    "actor_dictionary": _cols("phrase:text! code:text! valid_from:date valid_to:date kind:text! source:text! "
                              "priority:text!"),
    "article_links": _cols("article_id:text! origin:text! position:bigint! url:text similarity:float!"),
    # Migration 0004 adds `seq`: the order signatures were stored in (what other writers stored since).
    "article_signatures": _cols("article_id:text! signature:bytes! seq:bigint+"),
    # Migration 0002: incidents (dyad/incidents/), derived from the events but copied with them.
    "incidents": _cols("incident_id:text! block:text! type:text! mode:text quad_class:int intensity:float "
                       "source_country:text source_sector:text target_country:text target_sector:text "
                       "date:text date_precision:text date_sort:date date_end:date modality:text denied:bool "
                       "confidence:float mention_count:int article_count:int outlet_count:int "
                       "first_reported:text last_reported:text record:text!"),
    "incident_mentions": _cols("event_id:text! incident_id:text! block:text! article_id:text! record_md5:text"),
    # Migration 0003: what `dyad watch` remembers (dyad/watch.py): conditional-GET validators, cursors.
    "feeds": _cols("feed:text! etag:text last_modified:text checked_at:timestamp! last_error:text"),
    "feed_items": _cols("feed:text! item_key:text! seen_at:timestamp!"),
}
"""Data tables in copy order (articles before what refers to them). A later migration that adds a
table adds it here too; `meta` and `schema_version` are bookkeeping and are not copied."""


def columns(table: str) -> tuple[Column, ...]:
    """The columns a store writes and copies (generated ones left to the database)."""
    return tuple(c for c in TABLES[table] if not c.generated)


def names(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in columns(table))
