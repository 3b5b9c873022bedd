"""The event store on one embedded DuckDB file: the only place in dyad that speaks SQL.

The store is the single writer (ARCHITECTURE.md): workers code articles, the store files them
one article per transaction, so an article is either fully stored with all its events or not at
all, and a crash or a bad event never leaves half an article behind. Ids are content hashes, so
storing is idempotent: re-ingesting a corpus writes nothing new.

Each event is kept twice on purpose: as flat columns that filters and orderings run on, and as
the exact JSON of `Event.to_record()`, which is what every read returns. The public record
therefore never depends on how the columns are typed, and a record read back equals the record
that went in, key order included.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from dyad.documents.build import valid_unicode
from dyad.errors import QueryError, StoreError
from dyad.models import Article, CodedArticle, Failure
from dyad.query import EventFilter
from dyad.store import columns as spec
from dyad.store.feed_tables import DuckDBFeedTables
from dyad.store.hooks import article_delete_hooks
from dyad.store.incident_tables import DuckDBIncidentTables
from dyad.store.migrations import latest, migrations
from dyad.store.protocol import AddResult, SchemaInfo
from dyad.store.rows import article_row, event_row, utc
from dyad.store.sql import EVENT_ORDER, select_events

__all__ = ["SCHEMA_VERSION", "AddResult", "DuckDBStore", "Store", "default_path"]

SCHEMA_VERSION = latest("duckdb")
"""Version of the tables (the newest migration), not of the event record (models.SCHEMA_VERSION)."""

MEMORY = ":memory:"
_ADVICE = "close any other dyad process using it, or choose another database with --db or $DYAD_DB"

_ARTICLE_COLUMNS = spec.names("articles")
_EVENT_COLUMNS = spec.names("events")
_EVENTS_PER_INSERT = 100
_INSERT_ARTICLE_HEAD = f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)})"
_INSERT_EVENTS_HEAD = f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)})"
_INSERT_LINK_HEAD = "INSERT INTO article_links (article_id, origin, position, url, similarity)"
_INSERT_SIGNATURE_HEAD = "INSERT INTO article_signatures (article_id, signature)"
_EVENT_ORDER = EVENT_ORDER
_SCHEMA_VERSION_TABLE = ("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                         "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")


def default_path() -> str:
    """`$DYAD_DB` when set, else `dyad.duckdb` in the working directory."""
    return os.environ.get("DYAD_DB", "").strip() or "dyad.duckdb"


class DuckDBStore(DuckDBIncidentTables, DuckDBFeedTables):
    """Articles, their events and the failures of an ingest, in one DuckDB file.

    One connection, guarded by a lock so the store can be shared by the threads of a web
    server; `iter_events` reads through its own cursor so that a long export can interleave
    with other calls. Use it as a context manager or call `close()`.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path) if str(path) == MEMORY else str(Path(path).expanduser())
        self.read_only = read_only
        self._lock = threading.RLock()
        self._con: duckdb.DuckDBPyConnection | None = _connect(self.path, read_only)
        try:
            if not read_only:
                self.migrate()
            self._check_version()
        except BaseException as exc:
            self.close()
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"cannot prepare the store ({exc}); {_ADVICE}", item=self.path) from exc
            raise

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Release the file (and its lock); calling it twice is harmless."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"DuckDBStore({self.path!r}, "
                f"{'closed' if self._con is None else 'read_only=' + str(self.read_only)})")

    @property
    def location(self) -> str:
        return self.path

    # -- schema -------------------------------------------------------------------------------

    def _stored_version(self) -> int | None:
        """The store's schema version; 0 for an empty file, None for a DuckDB file of other tables.
        A store from before migrations has only `meta` (version 1); both are read, the higher wins."""
        con = self._connection()
        tables = {name for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        version = None
        if "schema_version" in tables:
            version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if "meta" in tables:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is not None and row[0].isdigit():
                version = max(version or 0, int(row[0]))
        if version is None and not tables:
            return 0
        return version

    def migrate(self) -> list[int]:
        """Apply the migrations above the store's version, each in one transaction; returns the
        versions applied (none when up to date). A newer store than this dyad is refused."""
        with self._lock:
            con = self._connection(write=True)
            current = self._stored_version() or 0
            if current > SCHEMA_VERSION:
                raise StoreError(f"the store has schema version {current} but this dyad reads version "
                                 f"{SCHEMA_VERSION}; use the dyad release that wrote it", item=self.path)
            con.execute(_SCHEMA_VERSION_TABLE)
            if current and not con.execute("SELECT count(*) FROM schema_version").fetchone()[0]:
                con.execute("INSERT INTO schema_version VALUES (?, 'baseline', ?)", [current, _now()])
            applied = []
            for migration in migrations("duckdb"):
                if migration.version <= current:
                    continue
                try:
                    con.begin()
                    con.execute(migration.sql)
                    con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                [migration.version, migration.name, _now()])
                    con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) "
                                "DO UPDATE SET value = excluded.value", [str(migration.version)])
                    con.commit()
                except duckdb.Error as exc:
                    _rollback_quietly(con)
                    raise StoreError(f"migration {migration.version} ({migration.name}) failed and was "
                                     f"rolled back ({exc})", item=self.path) from exc
                applied.append(migration.version)
            return applied

    def info(self) -> SchemaInfo:
        tables = {table: self._fetchall(f"SELECT count(*) FROM {table}", [])[0][0]
                  for table in spec.TABLES if self._has_table(table)}
        return SchemaInfo("duckdb", self.path, self._stored_version() or 0, SCHEMA_VERSION, tables)

    def iter_rows(self, table: str, page: int = 5000) -> Iterator[list[tuple]]:
        """Every row of a data table (columns in `columns.py` order), `page` rows at a time."""
        names = spec.names(table)  # KeyError for a name that is no data table: never interpolated
        with self._lock:
            cursor = self._connection().cursor()
        try:
            cursor.execute(f"SELECT {', '.join(names)} FROM {table}")
            while rows := cursor.fetchmany(page):
                yield [tuple(bytes(v) if isinstance(v, bytearray | memoryview) else v for v in row)
                       for row in rows]
        finally:
            cursor.close()

    def insert_rows(self, table: str, rows: list[tuple]) -> None:
        """Bulk insert rows of a data table in one transaction (for `dyad db copy`), through Arrow:
        executemany would run one statement per row."""
        import pyarrow as pa

        names = spec.names(table)
        if not rows:
            return
        types = {"date": pa.date32(), "timestamp": pa.timestamp("us"), "bytes": pa.binary(),
                 "float": pa.float64(), "int": pa.int32(), "bigint": pa.int64(), "text": pa.string(), "bool": pa.bool_()}
        arrow = pa.table({c.name: pa.array([row[i] for row in rows], types[c.kind])
                          for i, c in enumerate(spec.columns(table))})  # generated columns left out
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                con.register("_dyad_rows", arrow)
                con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} FROM _dyad_rows")
                con.unregister("_dyad_rows")
                con.commit()
            except duckdb.Error as exc:
                _rollback_quietly(con)
                raise StoreError(f"could not copy rows into {table} ({exc})", item=self.path) from exc

    # -- corrections -------------------------------------------------------------------------

    def delete_article(self, article_id: str) -> dict[str, int]:
        """Remove an article with its events, links and signature, then let the registered hooks
        (hooks.py: incidents) correct what derives from it, all in one transaction. Returns the
        rows removed per table; {} when no such article is stored."""
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                if not con.execute("SELECT 1 FROM articles WHERE article_id = ?", [article_id]).fetchone():
                    con.rollback()
                    return {}
                removed = {}
                for table in ("events", "article_links", "article_signatures", "articles"):
                    (count,) = con.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?",
                                           [article_id]).fetchone()
                    con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
                    removed[table] = count
                for hook in article_delete_hooks():
                    removed.update(hook(_DuckDBTransaction(con), article_id))
                con.commit()
                return removed
            except BaseException as exc:
                _rollback_quietly(con)
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"could not delete the article, nothing was changed ({exc})",
                                     item=article_id) from exc
                raise

    def supersede_article(self, old_id: str, new_id: str, similarity: float) -> bool:
        """Replace a stored article by a near copy of it that is now stored too: every place the old
        one appeared is linked to the new one (similarity at most `similarity`), and the old one is
        removed with its events and signature (the delete hooks correct the incidents), in one
        transaction. False, and nothing changed, when either is not stored."""
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                present = con.execute("SELECT count(*) FROM articles WHERE article_id IN (?, ?)",
                                      [old_id, new_id]).fetchone()[0]
                if present != 2:
                    con.rollback()
                    return False
                links = con.execute("SELECT origin, position, url, similarity FROM article_links WHERE article_id = ?",
                                    [old_id]).fetchall()
                for table in ("events", "article_links", "article_signatures", "articles"):
                    con.execute(f"DELETE FROM {table} WHERE article_id = ?", [old_id])
                for origin, position, url, old_similarity in links:
                    con.execute(_INSERT_LINK, [new_id, origin, position, url, round(min(old_similarity, similarity), 3)])
                for hook in article_delete_hooks():
                    hook(_DuckDBTransaction(con), old_id)
                con.commit()
                return True
            except BaseException as exc:
                _rollback_quietly(con)
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"could not replace the article by its near copy {new_id}, nothing was "
                                     f"changed ({exc})", item=old_id) from exc
                raise

    # -- writing ----------------------------------------------------------------------------

    def has_article(self, article_id: str, content_hash: str) -> bool:
        """True when this id or this body is already stored: lets callers skip the NLP work."""
        return self.find_article(article_id, content_hash) is not None

    def find_article(self, article_id: str, content_hash: str) -> str | None:
        """The id of the stored article with this id or this body, if any. A UNION of two point
        lookups, not one OR: DuckDB answers an OR of two keys by scanning the table (1.6 ms a call
        on 21,000 articles, growing with the store), each key alone from its index (0.6 ms)."""
        rows = self._fetchall("SELECT article_id FROM articles WHERE article_id = ? UNION ALL "
                              "SELECT article_id FROM articles WHERE content_hash = ? LIMIT 1",
                              [article_id, content_hash])
        return rows[0][0] if rows else None

    def add(self, coded: CodedArticle, *, signature: bytes | None = None) -> AddResult:
        """Store an article and all its events in one transaction, or nothing at all.

        A known id or content hash is a duplicate and writes nothing, which is what makes a
        re-ingest free. Rows are built (and events checked) before the transaction opens, so
        a bad event costs no database work; any error inside it rolls everything back.
        """
        return self.add_many([(coded, signature)])[0]

    def add_many(self, items: list[tuple[CodedArticle, bytes | None]]) -> list[AddResult]:
        """Store several articles in one transaction (each with its events, signature and
        first link): a batch costs a few multi-row statements instead of several per article.
        If the batch fails, it is rolled back and the articles are stored one by one, so one bad
        article never costs the others."""
        rows = [(coded, signature, article_row(coded.article), [event_row(coded.article, e) for e in coded.events])
                for coded, signature in items]
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                results = self._insert(con, rows)
                con.commit()
                return results
            except BaseException as exc:
                _rollback_quietly(con)
                if not isinstance(exc, duckdb.Error):
                    raise
                if len(rows) > 1:
                    return [result for item in items for result in self.add_many([item])]
                raise StoreError(f"could not store the article, nothing of it was written ({exc}); "
                                 "fix the cause and ingest it again", item=rows[0][0].article.id) from exc

    def _insert(self, con: duckdb.DuckDBPyConnection, rows: list) -> list[AddResult]:
        ids = [coded.article.id for coded, *_ in rows]
        hashes = [coded.article.content_hash for coded, *_ in rows]
        marks = ", ".join("?" * len(rows))
        known = con.execute(f"SELECT article_id, content_hash FROM articles WHERE article_id IN ({marks}) "
                            f"OR content_hash IN ({marks})", ids + hashes).fetchall()
        taken = {value for pair in known for value in pair}
        results, articles, events, links, signatures = [], [], [], [], []
        for coded, signature, article, event_rows in rows:
            a = coded.article
            if a.id in taken or a.content_hash in taken:
                results.append(AddResult(a.id, "duplicate", 0))
                continue
            taken |= {a.id, a.content_hash}
            articles.append(article)
            events += event_rows
            links.append([a.id, a.origin, _pos(a.position), a.url, 1.0])
            if signature is not None:
                signatures.append([a.id, signature])
            results.append(AddResult(a.id, "stored", len(event_rows)))
        for sql_rows, columns, sql in ((articles, len(_ARTICLE_COLUMNS), _INSERT_ARTICLE_HEAD),
                                       (events, len(_EVENT_COLUMNS), _INSERT_EVENTS_HEAD),
                                       (links, 5, _INSERT_LINK_HEAD), (signatures, 2, _INSERT_SIGNATURE_HEAD)):
            for start in range(0, len(sql_rows), _EVENTS_PER_INSERT):
                chunk = sql_rows[start:start + _EVENTS_PER_INSERT]
                values = ", ".join(["(" + ", ".join("?" * columns) + ")"] * len(chunk))
                tail = "" if sql is _INSERT_ARTICLE_HEAD or sql is _INSERT_EVENTS_HEAD else " ON CONFLICT DO NOTHING"
                con.execute(f"{sql} VALUES {values}{tail}", [value for row in chunk for value in row])
        return results

    def add_failure(self, failure: Failure) -> bool:
        """Keep a failed item with its reason; False when the same failure is already kept.

        The same (origin, position, reason) is one failure however often a re-run meets it,
        so re-running an ingest does not inflate the failure list.
        """
        with self._lock:
            con = self._connection(write=True)
            try:
                inserted = con.execute(
                    "INSERT INTO failures (origin, position, stage, reason, failed_at) SELECT ?, ?, ?, ?, ?"
                    " WHERE NOT EXISTS ("
                    " SELECT 1 FROM failures WHERE origin = ? AND position IS NOT DISTINCT FROM ?"
                    " AND reason = ?)",
                    [origin := valid_unicode(failure.origin), failure.position, failure.stage,
                     reason := valid_unicode(failure.reason), utc(failure.at), origin, failure.position, reason],
                ).fetchone()
            except duckdb.Error as exc:
                raise StoreError(f"could not record the failure ({exc}); {_ADVICE}",
                                 item=failure.where) from exc
        return bool(inserted and inserted[0])

    # -- reading ----------------------------------------------------------------------------

    def events(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """Matching event records, newest event first (undated last).

        Sorting needs the whole match in hand, so this is for pages of results (give a limit);
        use `iter_events` to read a large store.
        """
        sql, params = _select_events(filters or EventFilter(), ordered=True)
        rows = self._fetchall(sql, params)
        return [json.loads(record) for (record,) in rows]

    def iter_events(self, filters: EventFilter | None = None, *,
                    chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every matching record in the order they were stored, fetched `chunk_size` at a time.

        No ORDER BY on purpose: DuckDB streams an unsorted scan with flat memory, while a sort
        would first hold the whole result. Storage order is deterministic for a given store.
        """
        sql, params = _select_events(filters or EventFilter(), ordered=False)
        with self._lock:
            cursor = self._connection().cursor()
        try:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(chunk_size):
                for (record,) in rows:
                    yield json.loads(record)
        except duckdb.Error as exc:
            raise StoreError(f"could not read events ({exc}); keep the store open until the "
                             "iteration ends", item=self.path) from exc
        finally:
            cursor.close()

    def articles(self, article_id: str | None = None, limit: int | None = None,
                 with_text: bool = False) -> list[dict[str, Any]]:
        """Article records (`Article.to_record`), newest story first; one article by id.

        Bodies are large, so they are read only when asked for.
        """
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise QueryError(f"{limit!r} is not a positive number of articles; use 1 or more", item="limit")
        sql = f"SELECT record, {'text' if with_text else 'NULL'} FROM articles"
        params: list[Any] = []
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        sql += " ORDER BY story_date DESC NULLS LAST, article_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._fetchall(sql, params)
        # "text" goes last, where Article.to_record(with_text=True) puts it.
        return [{**json.loads(record), "text": text} if with_text else json.loads(record)
                for record, text in rows]

    def iter_articles(self, since: date | None = None, page: int = 200) -> Iterator[Article]:
        """Every stored article with its body, in id order (only stories dated on or after `since`
        when given), read a page at a time so that the store can be written between pages."""
        last = ""
        while True:
            sql = "SELECT article_id, record, text FROM articles WHERE article_id > ?"
            params: list[Any] = [last]
            if since is not None:
                sql += " AND story_date >= ?"
                params.append(since)
            rows = self._fetchall(sql + " ORDER BY article_id LIMIT ?", [*params, page])
            if not rows:
                return
            for _, record, text in rows:
                yield Article.from_record(json.loads(record), text)
            last = rows[-1][0]

    def events_of(self, article_id: str) -> list[dict[str, Any]]:
        """The stored event records of one article."""
        return [json.loads(r) for (r,) in self._fetchall("SELECT record FROM events WHERE article_id = ?",
                                                          [article_id])]

    def replace_events(self, coded: CodedArticle) -> tuple[int, int]:
        """Put the article's new events in place of its stored ones, in one transaction;
        returns (events before, events after)."""
        rows = [event_row(coded.article, e) for e in coded.events]
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                (before,) = con.execute("SELECT count(*) FROM events WHERE article_id = ?",
                                        [coded.article.id]).fetchone()
                con.execute("DELETE FROM events WHERE article_id = ?", [coded.article.id])
                for start in range(0, len(rows), _EVENTS_PER_INSERT):
                    chunk = rows[start:start + _EVENTS_PER_INSERT]
                    values = ", ".join(["(" + ", ".join("?" * len(_EVENT_COLUMNS)) + ")"] * len(chunk))
                    con.execute(f"{_INSERT_EVENTS_HEAD} VALUES {values}", [v for row in chunk for v in row])
                con.commit()
            except BaseException as exc:
                _rollback_quietly(con)
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"could not replace the events ({exc}); the old ones are kept",
                                     item=coded.article.id) from exc
                raise
        return before, len(rows)

    def coder_versions(self) -> dict[str, int]:
        """How many stored events each coder version produced (`none` before versions were recorded)."""
        rows = self._fetchall("SELECT coalesce(json_extract_string(record, '$.coder.version'), 'none') AS v, "
                              "count(*) FROM events GROUP BY v ORDER BY v", [])
        return dict(rows)

    def failures(self) -> list[dict[str, Any]]:
        """Kept failures, oldest first, with `at` as an ISO 8601 UTC time."""
        rows = self._fetchall("SELECT origin, position, stage, reason, failed_at FROM failures "
                              "ORDER BY failed_at, origin, position NULLS FIRST, reason", [])
        return [{"origin": origin, "position": position, "stage": stage, "reason": reason,
                 "at": at.replace(tzinfo=UTC).isoformat()}
                for origin, position, stage, reason, at in rows]

    def counts(self) -> dict[str, int]:
        """How many articles, events and failures the store holds."""
        (row,) = self._fetchall("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                                "(SELECT count(*) FROM failures)", [])
        return {"articles": row[0], "events": row[1], "failures": row[2]}

    # -- where articles appeared, near-duplicates, retries --------------------------------------

    def add_link(self, article_id: str, origin: str, position: int | None, url: str | None,
                 similarity: float = 1.0) -> None:
        """Record that a stored article (or a near copy of it) was met again at this place."""
        with self._lock:
            try:
                self._connection(write=True).execute(_INSERT_LINK, [article_id, origin, _pos(position), url,
                                                                    round(similarity, 3)])
            except duckdb.Error as exc:
                raise StoreError(f"could not record where the article appeared ({exc})", item=article_id) from exc

    def links(self, article_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT article_id, origin, position, url, similarity FROM article_links"
        params: list[Any] = []
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        rows = self._fetchall(sql + " ORDER BY article_id, origin, position", params)
        return [{"article_id": a, "origin": o, "position": None if p < 0 else p, "url": u, "similarity": s}
                for a, o, p, u, s in rows]

    def signatures(self) -> list[tuple[str, bytes]]:
        return [(a, bytes(s)) for a, s in self._fetchall("SELECT article_id, signature FROM article_signatures", [])]

    def signatures_since(self, after: int) -> tuple[list[tuple[str, bytes]], int]:
        """Signatures stored after position `after` (0: all), and the last position: what other
        writers stored since an ingest last looked (migration 0004)."""
        rows = self._fetchall("SELECT article_id, signature, seq FROM article_signatures WHERE seq > ? "
                              "ORDER BY seq", [after])
        return [(a, bytes(s)) for a, s, _ in rows], max((q for *_, q in rows), default=after)

    @contextmanager
    def article_write_lock(self) -> Iterator[None]:
        """Held from an ingest's last near-duplicate check of a batch to its commit. One process
        writes a DuckDB file, so this only orders the threads of that process (a web server)."""
        lock = self.__dict__.setdefault("_article_write_lock", threading.Lock())
        with lock:
            yield

    def remove_failures(self, origin: str, positions: list[int | None]) -> None:
        """Forget failures that a retry has now read."""
        with self._lock:
            con = self._connection(write=True)
            for position in positions:
                con.execute("DELETE FROM failures WHERE origin = ? AND position IS NOT DISTINCT FROM ?",
                            [origin, position])

    # -- imported actor dictionaries ----------------------------------------------------------

    def replace_dictionary(self, source: str, entries: list[Any], priority: str = "low") -> int:
        """Store the entries of one dictionary file, replacing an earlier import of that file,
        in one transaction (bulk-loaded through Arrow: 50,000 rows take well under a second)."""
        import pyarrow as pa

        table = pa.table({
            "phrase": [e.phrase for e in entries], "code": [e.code for e in entries],
            "valid_from": pa.array([e.valid_from for e in entries], pa.date32()),
            "valid_to": pa.array([e.valid_to for e in entries], pa.date32()),
            "kind": [e.kind for e in entries], "source": [source] * len(entries),
            "priority": [priority] * len(entries)})
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                con.execute("DELETE FROM actor_dictionary WHERE source = ?", [source])
                con.register("_dyad_import", table)
                con.execute("INSERT INTO actor_dictionary SELECT phrase, code, valid_from, valid_to, kind, source, "
                            "priority FROM _dyad_import")
                con.unregister("_dyad_import")
                con.commit()
            except duckdb.Error as exc:
                _rollback_quietly(con)
                raise StoreError(f"could not import the dictionary, nothing was changed ({exc})", item=source) from exc
        return len(entries)

    def dictionary_rows(self) -> list[tuple]:
        """(phrase, code, valid_from, valid_to, kind, source, priority) of every imported entry;
        none for a store made before dictionaries existed and opened read-only."""
        if not self._has_table("actor_dictionary"):
            return []
        return self._fetchall("SELECT phrase, code, valid_from, valid_to, kind, source, priority "
                              "FROM actor_dictionary", [])

    def dictionary_sources(self) -> list[dict[str, Any]]:
        if not self._has_table("actor_dictionary"):
            return []
        rows = self._fetchall("SELECT source, kind, priority, count(*) FROM actor_dictionary "
                              "GROUP BY source, kind, priority ORDER BY source", [])
        return [{"source": s, "kind": k, "priority": p, "entries": n} for s, k, p, n in rows]

    # -- internals ---------------------------------------------------------------------------

    def _has_table(self, name: str) -> bool:
        # duckdb_tables(), not information_schema: the latter costs ~60 ms on the first call
        return bool(self._fetchall("SELECT 1 FROM duckdb_tables() WHERE table_name = ?", [name]))

    def _connection(self, *, write: bool = False) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError("the store is closed; open it again with open_store()", item=self.path)
        if write and self.read_only:
            raise StoreError("the store is open read-only; open it with read_only=False to write",
                             item=self.path)
        return self._con

    def _fetchall(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._connection().execute(sql, params).fetchall()
            except duckdb.Error as exc:
                raise StoreError(f"could not read the store ({exc}); {_ADVICE}", item=self.path) from exc

    def _check_version(self) -> None:
        version = self._stored_version()
        if not version:
            raise StoreError("this DuckDB file is not a dyad store (no schema version); "
                             "choose another database with --db or $DYAD_DB", item=self.path)
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store has schema version {version} but this dyad reads version "
                             f"{SCHEMA_VERSION}; use the dyad release that wrote it", item=self.path)
        if version < SCHEMA_VERSION:
            raise StoreError(f"the store has schema version {version}, older than this dyad's "
                             f"{SCHEMA_VERSION}; run `dyad db migrate --db {self.path}` first", item=self.path)


Store = DuckDBStore
"""The former name of DuckDBStore, kept for code that imports it from this module."""


class _DuckDBTransaction:
    """The open transaction handed to delete hooks (hooks.Transaction)."""

    backend = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def execute(self, sql: str, params: list[Any] | tuple = ()) -> list[tuple]:
        cursor = self._con.execute(sql, list(params))
        return cursor.fetchall() if cursor.description else []

    def has_table(self, name: str) -> bool:
        return bool(self._con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = ?",
                                      [name]).fetchone())


def _now() -> datetime:
    return utc(datetime.now(UTC))


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != MEMORY:
        target = Path(path)
        if target.is_dir():
            raise StoreError("is a directory; give the path of a database file, e.g. dyad.duckdb", item=path)
        if not target.parent.is_dir():
            raise StoreError(f"directory {target.parent} does not exist; create it or choose another "
                             "database with --db or $DYAD_DB", item=path)
        if read_only and not target.exists():
            raise StoreError("no store here to read; run `dyad ingest` first or point --db at an "
                             "existing store", item=path)
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():  # another process has the file open for writing
            raise StoreError(f"another process holds this database ({str(exc).splitlines()[0]}); if it is "
                             "`dyad serve`, send articles through its POST /api/ingest (docs/API.md), else "
                             "wait for it to finish or choose another database", item=path) from exc
        raise StoreError(f"cannot open the store ({exc}); {_ADVICE}", item=path) from exc


_INSERT_LINK = ("INSERT INTO article_links (article_id, origin, position, url, similarity) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING")


def _pos(position: int | None) -> int:
    return -1 if position is None else position


@lru_cache(maxsize=_EVENTS_PER_INSERT)
def _insert_events_sql(rows: int) -> str:
    """One INSERT of `rows` placeholder tuples: DuckDB's executemany runs a statement per row,
    which made an 8-event article ~4x slower to store than a single multi-row VALUES."""
    one = f"({', '.join('?' * len(_EVENT_COLUMNS))})"
    return f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES {', '.join([one] * rows)}"


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    with suppress(duckdb.Error):  # no transaction open: begin failed, or commit already ended it
        con.rollback()


def _select_events(filters: EventFilter, *, ordered: bool) -> tuple[str, list[Any]]:
    return select_events(filters, ordered=ordered)
