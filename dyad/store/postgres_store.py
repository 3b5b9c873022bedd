"""The event store on a PostgreSQL server: the store a team shares (several ingests, many readers).

Same contract as the DuckDB store (protocol.py), different concurrency: several `dyad ingest`
processes may write at once. Each batch is one transaction at READ COMMITTED; articles go in with
`INSERT ... ON CONFLICT DO NOTHING RETURNING article_id`, so when two processes store the same
article (same id or same content hash) the second waits for the first to commit and then writes
nothing: every article is stored once, with the events of the process that won. A transaction
that fails on a deadlock or a serialization failure is retried with backoff. Every value travels
as a parameter; table and column names come from columns.py, never from input.

PostgreSQL text cannot hold NUL characters (nor can UTF-8 hold lone surrogates): either becomes
U+FFFD (one character for one, so evidence offsets hold), in writes and in lookups alike. psycopg 3 and psycopg_pool are the
optional extra `postgres` (`pip install 'dyad-events[postgres]'`).
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from dyad.documents.build import valid_unicode
from dyad.errors import MissingExtra, QueryError, StoreError
from dyad.models import Article, CodedArticle, Failure
from dyad.query import EventFilter
from dyad.store import columns as spec
from dyad.store.feed_tables import PostgresFeedTables
from dyad.store.hooks import article_delete_hooks
from dyad.store.incident_tables import PostgresIncidentTables
from dyad.store.migrations import latest, migrations
from dyad.store.protocol import AddResult, SchemaInfo
from dyad.store.rows import article_row, event_row, utc
from dyad.store.sql import select_events

__all__ = ["PostgresStore", "redact"]

_ARTICLE_LOCK = "hashtext('dyad.articles.' || current_schema())"
"""Key of the session advisory lock under which ingests check near copies and store a batch."""

SCHEMA_VERSION = latest("postgres")
_RETRIES = 6
_ROWS_PER_INSERT = 100
_T = TypeVar("_T")


def redact(url: str) -> str:
    """The address without its password, safe for messages and logs."""
    text = re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", text)
    if parts.password is None:
        return text
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def _one_line(exc: BaseException, secret: str | None) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text.replace(secret, "***") if secret else text


def _clean(value: Any) -> Any:
    """A value PostgreSQL accepts: NUL and lone surrogates become U+FFFD, one character for one."""
    if not isinstance(value, str):
        return value
    return valid_unicode(value.replace("\x00", "\ufffd") if "\x00" in value else value)


def _clean_row(row: list[Any] | tuple) -> list[Any]:
    return [_clean(v) for v in row]


class PostgresStore(PostgresIncidentTables, PostgresFeedTables):
    """Articles, their events and failures in one PostgreSQL database (or schema: the URL's
    `options=-csearch_path=NAME` selects one), through a small connection pool shared by threads."""

    def __init__(self, url: str, *, read_only: bool = False, pool_size: int = 4) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise MissingExtra("PostgreSQL needs psycopg 3: pip install 'dyad-events[postgres]'",
                               extra="postgres", item=redact(url)) from exc
        self._psycopg = psycopg
        self.url = url
        self.read_only = read_only
        self._secret = _password(url)
        self._pool = None
        try:
            psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(f"not a valid PostgreSQL address ({_one_line(exc, self._secret)}); use "
                             "postgresql://USER@HOST[:PORT]/DATABASE", item=self.location) from None
        try:  # one direct connection first: a pool would hide a wrong password behind a timeout
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect ({_one_line(exc, self._secret)}); check the address, the "
                             "user and the password (or ~/.pgpass)", item=self.location) from None

        def configure(conn) -> None:
            conn.read_only = read_only  # every transaction READ ONLY: the server refuses writes

        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=False, configure=configure,
                                    kwargs={"connect_timeout": 10}, name="dyad")
        try:
            self._pool.open(wait=True, timeout=30)
            if not read_only:
                self.migrate()
            self._check_version()
        except BaseException as exc:
            self.close()
            if isinstance(exc, psycopg.Error):
                raise StoreError(f"cannot prepare the store ({_one_line(exc, self._secret)})",
                                 item=self.location) from None
            raise

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def location(self) -> str:
        return redact(self.url)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.location!r}, {'closed' if self._pool is None else f'read_only={self.read_only}'})"

    # -- plumbing -------------------------------------------------------------------------

    def _get_pool(self, *, write: bool = False):
        if self._pool is None:
            raise StoreError("the store is closed; open it again with open_store()", item=self.location)
        if write and self.read_only:
            raise StoreError("the store is open read-only; open it with read_only=False to write",
                             item=self.location)
        return self._pool

    def _transaction(self, work: Callable[[Any], _T], *, what: str, item: str | None = None,
                     write: bool = True) -> _T:
        """Run `work(connection)` in one transaction; retried on deadlock or serialization failure."""
        errors = self._psycopg.errors
        pool = self._get_pool(write=write)
        for attempt in range(_RETRIES):
            try:
                with pool.connection() as conn, conn.transaction():
                    return work(conn)
            except (errors.SerializationFailure, errors.DeadlockDetected) as exc:
                if attempt == _RETRIES - 1:
                    raise StoreError(f"{what}: still conflicting after {_RETRIES} tries "
                                     f"({_one_line(exc, self._secret)})", item=item or self.location) from None
                time.sleep(random.uniform(0.01, 0.05) * 2 ** attempt)
            except self._psycopg.Error as exc:
                raise StoreError(f"{what} ({_one_line(exc, self._secret)})", item=item or self.location) from exc
        raise AssertionError("unreachable")

    def _fetchall(self, sql: str, params: list[Any] | tuple = ()) -> list[tuple]:
        return self._transaction(lambda conn: conn.execute(sql, _clean_row(params)).fetchall(),
                                 what="could not read the store", write=False)

    # -- schema ---------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply the pending migrations in one transaction, under an advisory lock so that two
        processes opening a new database at once do not both create it."""
        def work(conn) -> list[int]:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('dyad.migrate.' || current_schema()))")
            if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
                conn.execute("CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL, "
                             "applied_at timestamp without time zone NOT NULL)")
            current = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
            if current > SCHEMA_VERSION:
                raise StoreError(f"the store has schema version {current} but this dyad reads version "
                                 f"{SCHEMA_VERSION}; use the dyad release that wrote it", item=self.location)
            applied = []
            for migration in migrations("postgres"):
                if migration.version > current:
                    conn.execute(migration.sql)
                    conn.execute("INSERT INTO schema_version VALUES (%s, %s, %s)",
                                 [migration.version, migration.name, _now()])
                    conn.execute("INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT (key) "
                                 "DO UPDATE SET value = excluded.value", [str(migration.version)])
                    applied.append(migration.version)
            return applied

        return self._transaction(work, what="could not migrate the store")

    def _stored_version(self) -> int | None:
        if self._fetchall("SELECT to_regclass('schema_version')")[0][0] is None:
            return None
        return self._fetchall("SELECT coalesce(max(version), 0) FROM schema_version")[0][0]

    def _check_version(self) -> None:
        version = self._stored_version()
        if not version:
            raise StoreError("this database holds no dyad store (no schema_version table); run "
                             f"`dyad db migrate --db {self.location}` as a user that may create tables",
                             item=self.location)
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store has schema version {version} but this dyad reads version "
                             f"{SCHEMA_VERSION}; use the dyad release that wrote it", item=self.location)
        if version < SCHEMA_VERSION:
            raise StoreError(f"the store has schema version {version}, older than this dyad's "
                             f"{SCHEMA_VERSION}; run `dyad db migrate` first", item=self.location)

    def info(self) -> SchemaInfo:
        tables = {table: self._fetchall(f"SELECT count(*) FROM {table}")[0][0]
                  for table in spec.TABLES if self._has_table(table)}
        return SchemaInfo("postgres", self.location, self._stored_version() or 0, SCHEMA_VERSION, tables)

    def _has_table(self, name: str) -> bool:
        return self._fetchall("SELECT to_regclass(%s) IS NOT NULL", [name])[0][0]

    # -- writing --------------------------------------------------------------------------

    def has_article(self, article_id: str, content_hash: str) -> bool:
        return self.find_article(article_id, content_hash) is not None

    def find_article(self, article_id: str, content_hash: str) -> str | None:
        rows = self._fetchall("SELECT article_id FROM articles WHERE article_id = %s UNION ALL "
                              "SELECT article_id FROM articles WHERE content_hash = %s LIMIT 1",
                              [article_id, content_hash])
        return rows[0][0] if rows else None

    def add(self, coded: CodedArticle, *, signature: bytes | None = None) -> AddResult:
        return self.add_many([(coded, signature)])[0]

    def add_many(self, items: list[tuple[CodedArticle, bytes | None]]) -> list[AddResult]:
        """Store a batch in one transaction; concurrent writers of the same article store it once.
        A batch that fails for another reason than a conflict is stored one article at a time."""
        rows = [(coded, signature, _clean_row(article_row(coded.article)),
                 [_clean_row(event_row(coded.article, e)) for e in coded.events])
                for coded, signature in items]
        self._get_pool(write=True)
        try:
            return self._transaction(lambda conn: self._insert(conn, rows), what="could not store the "
                                     "article, nothing of it was written",
                                     item=rows[0][0].article.id if len(rows) == 1 else None)
        except StoreError:
            if len(rows) == 1:
                raise
            return [result for item in items for result in self.add_many([item])]

    def _insert(self, conn, rows: list) -> list[AddResult]:
        # Insert in content-hash order: two batches that share articles then take their row locks
        # in the same order, which makes deadlocks rare (and the retry handles the rest).
        ordered = sorted(rows, key=lambda r: r[0].article.content_hash)
        inserted: set[str] = set()
        articles = [article for _, _, article, _ in ordered]
        names = spec.names("articles")
        for start in range(0, len(articles), _ROWS_PER_INSERT):
            chunk = articles[start:start + _ROWS_PER_INSERT]
            cursor = conn.execute(f"INSERT INTO articles ({', '.join(names)}) VALUES "
                                  f"{_values(len(chunk), len(names))} ON CONFLICT DO NOTHING RETURNING article_id",
                                  [v for row in chunk for v in row])
            inserted |= {article_id for (article_id,) in cursor.fetchall()}
        results, events, links, signatures, lost = [], [], [], [], []
        claimed: set[str] = set()
        for coded, signature, _, event_rows in rows:
            a = coded.article
            if a.id in inserted and a.id not in claimed:
                claimed.add(a.id)
                events += event_rows
                links.append([a.id, _clean(a.origin), _pos(a.position), _clean(a.url), 1.0])
                if signature is not None:
                    signatures.append([a.id, signature])
                results.append(AddResult(a.id, "stored", len(event_rows)))
            else:
                lost.append(a)
                results.append(AddResult(a.id, "duplicate", 0))
        for a in lost:  # stored by another process meanwhile: record where it appeared, as a re-read would
            (existing,) = conn.execute("SELECT article_id FROM articles WHERE article_id = %s OR content_hash = %s "
                                       "LIMIT 1", [a.id, a.content_hash]).fetchone() or (None,)
            if existing is not None and existing not in claimed:
                links.append([existing, _clean(a.origin), _pos(a.position), _clean(a.url), 1.0])
        self._insert_rows(conn, "events", events, conflict="")
        self._insert_rows(conn, "article_links", links)
        self._insert_rows(conn, "article_signatures", signatures)
        return results

    @staticmethod
    def _insert_rows(conn, table: str, rows: list[list[Any]], conflict: str = " ON CONFLICT DO NOTHING") -> None:
        names = spec.names(table)
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start:start + _ROWS_PER_INSERT]
            conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES {_values(len(chunk), len(names))}"
                         f"{conflict}", [v for row in chunk for v in row])

    def add_failure(self, failure: Failure) -> bool:
        """Keep a failed item once: the unique index on (origin, position, reason) makes a repeat,
        even one from another process at the same moment, write nothing."""
        row = _clean_row([failure.origin, failure.position, failure.stage, failure.reason, utc(failure.at)])

        def work(conn) -> bool:
            return conn.execute("INSERT INTO failures (origin, position, stage, reason, failed_at) "
                                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1", row).fetchone() is not None

        return self._transaction(work, what="could not record the failure", item=failure.where)

    def replace_events(self, coded: CodedArticle) -> tuple[int, int]:
        rows = [_clean_row(event_row(coded.article, e)) for e in coded.events]

        def work(conn) -> tuple[int, int]:
            before = conn.execute("DELETE FROM events WHERE article_id = %s", [coded.article.id]).rowcount
            self._insert_rows(conn, "events", rows, conflict="")
            return before, len(rows)

        return self._transaction(work, what="could not replace the events; the old ones are kept",
                                 item=coded.article.id)

    def add_link(self, article_id: str, origin: str, position: int | None, url: str | None,
                 similarity: float = 1.0) -> None:
        row = _clean_row([article_id, origin, _pos(position), url, round(similarity, 3)])
        self._transaction(lambda conn: self._insert_rows(conn, "article_links", [row]),
                          what="could not record where the article appeared", item=article_id)

    def remove_failures(self, origin: str, positions: list[int | None]) -> None:
        def work(conn) -> None:
            for position in positions:
                conn.execute("DELETE FROM failures WHERE origin = %s AND position IS NOT DISTINCT FROM %s",
                             [_clean(origin), position])

        self._transaction(work, what="could not forget the failures", item=origin)

    def replace_dictionary(self, source: str, entries: list[Any], priority: str = "low") -> int:
        """Replace an earlier import of this dictionary file in one transaction (COPY: fast)."""
        def work(conn) -> None:
            conn.execute("DELETE FROM actor_dictionary WHERE source = %s", [_clean(source)])
            with conn.cursor().copy("COPY actor_dictionary (phrase, code, valid_from, valid_to, kind, source, "
                                    "priority) FROM STDIN") as copy:
                for e in entries:
                    copy.write_row(_clean_row([e.phrase, e.code, e.valid_from, e.valid_to, e.kind, source,
                                               priority]))

        self._transaction(work, what="could not import the dictionary, nothing was changed", item=source)
        return len(entries)

    def delete_article(self, article_id: str) -> dict[str, int]:
        """Remove an article with its events, links and signature, then let the registered hooks
        (hooks.py: incidents) correct what derives from it, in one transaction; {} when unknown."""
        def work(conn) -> dict[str, int]:
            if conn.execute("SELECT 1 FROM articles WHERE article_id = %s FOR UPDATE",
                            [article_id]).fetchone() is None:
                return {}
            removed = {table: conn.execute(f"DELETE FROM {table} WHERE article_id = %s", [article_id]).rowcount
                       for table in ("events", "article_links", "article_signatures", "articles")}
            for hook in article_delete_hooks():
                removed.update(hook(_PostgresTransaction(conn), article_id))
            return removed

        return self._transaction(work, what="could not delete the article, nothing was changed",
                                 item=_clean(article_id))

    def supersede_article(self, old_id: str, new_id: str, similarity: float) -> bool:
        """Replace a stored article by a near copy of it that is now stored too: every place the old
        one appeared is linked to the new one (similarity at most `similarity`), and the old one is
        removed with its events and signature (the delete hooks correct the incidents), in one
        transaction. False, and nothing changed, when either is not stored."""
        def work(conn) -> bool:
            rows = conn.execute("SELECT article_id FROM articles WHERE article_id IN (%s, %s) FOR UPDATE",
                                [old_id, new_id]).fetchall()
            if len(rows) != 2:
                return False
            links = conn.execute("SELECT origin, position, url, similarity FROM article_links WHERE article_id = %s",
                                 [old_id]).fetchall()
            for table in ("events", "article_links", "article_signatures", "articles"):
                conn.execute(f"DELETE FROM {table} WHERE article_id = %s", [old_id])
            self._insert_rows(conn, "article_links", [[new_id, origin, position, url, round(min(old, similarity), 3)]
                                                      for origin, position, url, old in links])
            for hook in article_delete_hooks():
                hook(_PostgresTransaction(conn), old_id)
            return True

        return self._transaction(work, what=f"could not replace the article by its near copy {_clean(new_id)}, "
                                 "nothing was changed", item=_clean(old_id))

    # -- reading --------------------------------------------------------------------------

    def events(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        sql, params = select_events(filters or EventFilter(), ordered=True, mark="%s")
        return [json.loads(record) for (record,) in self._fetchall(sql, params)]

    def iter_events(self, filters: EventFilter | None = None, *,
                    chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every matching record through a server-side cursor, `chunk_size` rows per round trip;
        the cursor holds one pooled connection until the iteration ends, the others stay free."""
        sql, params = select_events(filters or EventFilter(), ordered=False, mark="%s")
        pool = self._get_pool()
        try:
            with pool.connection() as conn, conn.transaction(), conn.cursor(name="dyad_iter_events") as cursor:
                cursor.itersize = chunk_size
                cursor.execute(sql, _clean_row(params))
                for (record,) in cursor:
                    yield json.loads(record)
        except self._psycopg.Error as exc:
            raise StoreError(f"could not read events ({_one_line(exc, self._secret)})", item=self.location) from exc

    def articles(self, article_id: str | None = None, limit: int | None = None,
                 with_text: bool = False) -> list[dict[str, Any]]:
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise QueryError(f"{limit!r} is not a positive number of articles; use 1 or more", item="limit")
        sql = f"SELECT record, {'text' if with_text else 'NULL'} FROM articles"
        params: list[Any] = []
        if article_id is not None:
            sql += " WHERE article_id = %s"
            params.append(article_id)
        sql += " ORDER BY story_date DESC NULLS LAST, article_id"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return [{**json.loads(record), "text": text} if with_text else json.loads(record)
                for record, text in self._fetchall(sql, params)]

    def iter_articles(self, since: date | None = None, page: int = 200) -> Iterator[Article]:
        last = ""
        while True:
            sql = "SELECT article_id, record, text FROM articles WHERE article_id > %s"
            params: list[Any] = [last]
            if since is not None:
                sql += " AND story_date >= %s"
                params.append(since)
            rows = self._fetchall(sql + " ORDER BY article_id LIMIT %s", [*params, page])
            if not rows:
                return
            for _, record, text in rows:
                yield Article.from_record(json.loads(record), text)
            last = rows[-1][0]

    def events_of(self, article_id: str) -> list[dict[str, Any]]:
        return [json.loads(r) for (r,) in self._fetchall("SELECT record FROM events WHERE article_id = %s",
                                                          [article_id])]

    def coder_versions(self) -> dict[str, int]:
        return dict(self._fetchall("SELECT coalesce(record::json #>> '{coder,version}', 'none') AS v, count(*) "
                                   "FROM events GROUP BY v ORDER BY v"))

    def failures(self) -> list[dict[str, Any]]:
        rows = self._fetchall("SELECT origin, position, stage, reason, failed_at FROM failures "
                              "ORDER BY failed_at, origin, position NULLS FIRST, reason")
        return [{"origin": origin, "position": position, "stage": stage, "reason": reason,
                 "at": at.replace(tzinfo=UTC).isoformat()}
                for origin, position, stage, reason, at in rows]

    def counts(self) -> dict[str, int]:
        (row,) = self._fetchall("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                                "(SELECT count(*) FROM failures)")
        return {"articles": row[0], "events": row[1], "failures": row[2]}

    def links(self, article_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT article_id, origin, position, url, similarity FROM article_links"
        params: list[Any] = []
        if article_id is not None:
            sql += " WHERE article_id = %s"
            params.append(article_id)
        rows = self._fetchall(sql + " ORDER BY article_id, origin, position", params)
        return [{"article_id": a, "origin": o, "position": None if p < 0 else p, "url": u, "similarity": s}
                for a, o, p, u, s in rows]

    def signatures(self) -> list[tuple[str, bytes]]:
        return [(a, bytes(s)) for a, s in self._fetchall("SELECT article_id, signature FROM article_signatures")]

    def signatures_since(self, after: int) -> tuple[list[tuple[str, bytes]], int]:
        """Signatures stored after position `after` (0: all), and the last position: what other
        writers stored since an ingest last looked (migration 0004). Positions follow commit
        order because writers store under `article_write_lock`."""
        rows = self._fetchall("SELECT article_id, signature, seq FROM article_signatures WHERE seq > %s "
                              "ORDER BY seq", [after])
        return [(a, bytes(s)) for a, s, _ in rows], max((q for *_, q in rows), default=after)

    def article_write_lock(self) -> contextlib.AbstractContextManager[None]:
        """Held by an ingest from its last near-duplicate check of a batch to the batch's commit
        (a session advisory lock): two processes that read two near copies of one story at once
        then store it once. Coding runs outside."""
        return self._session_advisory_lock(_ARTICLE_LOCK)

    def dictionary_rows(self) -> list[tuple]:
        return self._fetchall("SELECT phrase, code, valid_from, valid_to, kind, source, priority FROM actor_dictionary")

    def dictionary_sources(self) -> list[dict[str, Any]]:
        rows = self._fetchall("SELECT source, kind, priority, count(*) FROM actor_dictionary "
                              "GROUP BY source, kind, priority ORDER BY source")
        return [{"source": s, "kind": k, "priority": p, "entries": n} for s, k, p, n in rows]

    # -- bulk moves (dyad db copy) --------------------------------------------------------

    def iter_rows(self, table: str, page: int = 5000) -> Iterator[list[tuple]]:
        names = spec.names(table)
        pool = self._get_pool()
        with pool.connection() as conn, conn.transaction(), conn.cursor(name=f"dyad_copy_{table}") as cursor:
            cursor.itersize = page
            cursor.execute(f"SELECT {', '.join(names)} FROM {table}")
            while rows := cursor.fetchmany(page):
                yield [tuple(row) for row in rows]

    def insert_rows(self, table: str, rows: list[tuple]) -> None:
        names = spec.names(table)

        def work(conn) -> None:
            with conn.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_clean_row(row))

        self._transaction(work, what=f"could not copy rows into {table}")


class _PostgresTransaction:
    """The open transaction handed to delete hooks: `?` placeholders, as on DuckDB."""

    backend = "postgres"

    def __init__(self, conn) -> None:
        self._conn = conn

    def execute(self, sql: str, params: list[Any] | tuple = ()) -> list[tuple]:
        cursor = self._conn.execute(sql.replace("?", "%s"), _clean_row(params))
        return cursor.fetchall() if cursor.description else []

    def has_table(self, name: str) -> bool:
        return self._conn.execute("SELECT to_regclass(%s) IS NOT NULL", [name]).fetchone()[0]


def _values(rows: int, columns: int) -> str:
    one = "(" + ", ".join(["%s"] * columns) + ")"
    return ", ".join([one] * rows)


def _pos(position: int | None) -> int:
    return -1 if position is None else position


def _password(url: str) -> str | None:
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password is None:  # not parseable as a URL (a bad host): find it the way redact() does
        match = (re.search(r"//[^:/@]*:([^@]*)@", url)
                 or re.search(r"password\s*=\s*('[^']*'|\S+)", url))
        password = match[1].strip("'") if match else None
    return password or None


def _now() -> datetime:
    return utc(datetime.now(UTC))

