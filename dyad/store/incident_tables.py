"""The incident tables (issue 12) on every backend, kept in one place apart from the rest.

`IncidentTables` is mixed into both stores (`DuckDBIncidentTables` into `DuckDBStore`,
`PostgresIncidentTables` into `PostgresStore`): its tables are migration 0002
(migrations/*/0002_incidents.sql); it owns every statement on the `incidents` and
`incident_mentions` tables, plus the two reads the analysis needs beyond the event store (event
records with their article's outlet, URL and title; article time words). The SQL is written once:
where the dialects differ only the placeholder (`_mark`, "?" or "%s", as in sql.py) and the JSON
accessor (`_json_text`) change, and every value travels as a parameter. The two small backend
classes at the end give the mixin its transactions and streaming cursors. The clustering itself
is not here: it is `dyad.incidents`, which sees only rows and records.

Deleting an article (hooks.py) takes apart the incidents its mentions were in: their other
mentions become pending again, and the next incident update (which `dyad articles delete` runs
at once) groups them afresh, exactly as if the article had never been stored.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from dyad.errors import StoreError
from dyad.query import ANY, EventFilter
from dyad.store.hooks import Transaction, on_article_delete

__all__ = ["DuckDBIncidentTables", "IncidentTables", "PostgresIncidentTables"]

_MENTION_SELECT = ("SELECT e.record, a.outlet, a.published, a.story_date FROM events e "
                   "JOIN articles a ON a.article_id = e.article_id")
_INCIDENT_COLUMNS = ("incident_id", "block", "type", "mode", "quad_class", "intensity", "source_country",
                     "source_sector", "target_country", "target_sector", "date", "date_sort", "date_end",
                     "date_precision", "modality", "denied", "confidence", "mention_count", "article_count",
                     "outlet_count", "first_reported", "last_reported", "record")
_MENTION_COLUMNS = ("event_id", "incident_id", "block", "article_id")
_INCIDENT_ORDER = "ORDER BY date_sort DESC NULLS LAST, first_reported DESC NULLS LAST, incident_id"
_ROWS_PER_INSERT = 200
_CHUNK = 500
_PG_LOCK = "SELECT pg_advisory_xact_lock(hashtext('dyad.incidents.' || current_schema()))"
"""PostgreSQL: writers of the incident tables (the stage of several ingests, an article delete)
take turns, so that a block is never deleted and re-inserted by two transactions at once."""

_PG_STAGE_LOCK = "hashtext('dyad.incidents.stage.' || current_schema())"
"""PostgreSQL: one incident stage at a time per store, from its first read to its write, held by a
session of its own (another key than _PG_LOCK: the stage's write runs on another pooled session)."""

Execute = Callable[[str, list[Any]], None]


class IncidentTables:
    """Reads and writes of the incident tables on any backend; see the module docstring."""

    # Given by the backend class.
    _mark: str = "?"
    location: str

    def _json_text(self, column: str, key: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def _write_incidents(self, work: Callable[[Execute], None]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _stream(self, sql: str, params: list[Any], page: int) -> Iterator[tuple]:  # pragma: no cover
        raise NotImplementedError

    def _fetchall(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:  # pragma: no cover
        raise NotImplementedError

    def _has_table(self, name: str) -> bool:  # pragma: no cover
        raise NotImplementedError

    def _marks(self, count: int) -> str:
        return ", ".join([self._mark] * count)

    def incident_update_lock(self) -> contextlib.AbstractContextManager[None]:
        """Held by the incident stage from its first read to its write, so that two updates of
        one store (two ingests, two web requests) never replace each other's blocks with what
        they read before the other wrote."""
        raise NotImplementedError  # pragma: no cover

    # -- state of the stage -------------------------------------------------------------------

    def incident_params_fingerprint(self) -> str | None:
        rows = self._fetchall("SELECT value FROM meta WHERE key = 'incident_params'", [])
        return rows[0][0] if rows else None

    def incident_pending_rows(self, everything: bool = False) -> list[tuple]:
        """(record, outlet, published, story_date) of stored events not yet in any incident
        (of every stored event when `everything`, for a rebuild)."""
        if everything:
            return self._fetchall(_MENTION_SELECT, [])
        if not self._has_table("incident_mentions"):
            return []
        return self._fetchall(f"{_MENTION_SELECT} LEFT JOIN incident_mentions m ON m.event_id = e.event_id "
                              "WHERE m.event_id IS NULL", [])

    def incident_stale_blocks(self) -> set[str]:
        """Blocks holding a mention whose event is gone or changed (re-coded): they must be redone."""
        rows = self._fetchall("SELECT DISTINCT m.block FROM incident_mentions m "
                              "LEFT JOIN events e ON e.event_id = m.event_id "
                              "WHERE e.event_id IS NULL OR m.record_md5 IS DISTINCT FROM md5(e.record)", [])
        return {block for (block,) in rows}

    def incident_block_rows(self, blocks: list[str]) -> list[tuple[str, tuple]]:
        """(block, (record, outlet, published, story_date)) of the stored events already in these blocks."""
        found: list[tuple[str, tuple]] = []
        for start in range(0, len(blocks), _CHUNK):
            chunk = blocks[start:start + _CHUNK]
            rows = self._fetchall(f"SELECT m.block, e.record, a.outlet, a.published, a.story_date "
                                  f"FROM incident_mentions m JOIN events e ON e.event_id = m.event_id "
                                  f"JOIN articles a ON a.article_id = e.article_id "
                                  f"WHERE m.block IN ({self._marks(len(chunk))})", chunk)
            found += [(row[0], row[1:]) for row in rows]
        return found

    def article_time_periods(self, article_ids: list[str]) -> dict[str, list[tuple[date, date]]]:
        """The periods the text of each article gives its events (explicit or relative dates):
        the article's own time words, which a story-dated mention must agree with."""
        periods: dict[str, list[tuple[date, date]]] = {}
        ids = sorted(set(article_ids))
        basis = self._json_text("record", "date_basis")
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            rows = self._fetchall(
                f"SELECT DISTINCT article_id, date_sort, date_end FROM events "
                f"WHERE article_id IN ({self._marks(len(chunk))}) AND date_sort IS NOT NULL "
                f"AND {basis} IN ({self._marks(2)})", [*chunk, "explicit", "relative"])
            for article_id, first, last in rows:
                periods.setdefault(article_id, []).append((first, last))
        return periods

    def replace_incident_blocks(self, blocks: list[str], incidents: list[dict[str, Any]],
                                fingerprint: str | None = None, *, everything: bool = False) -> None:
        """Put these incidents in place of every incident of `blocks` (or of all blocks when
        `everything`), in one transaction: readers never see half a block."""
        incident_rows = [_incident_row(i) for i in incidents]
        mention_rows = [[m["event_id"], i["incident_id"], i["block"], m["article_id"]]
                        for i in incidents for m in i["mentions"]]
        mark = self._mark

        def work(execute: Execute) -> None:
            if everything:
                execute("DELETE FROM incidents", [])
                execute("DELETE FROM incident_mentions", [])
            else:
                for start in range(0, len(blocks), _CHUNK):
                    chunk = blocks[start:start + _CHUNK]
                    marks = self._marks(len(chunk))
                    execute(f"DELETE FROM incidents WHERE block IN ({marks})", chunk)
                    execute(f"DELETE FROM incident_mentions WHERE block IN ({marks})", chunk)
            for rows, columns, table in ((incident_rows, _INCIDENT_COLUMNS, "incidents"),
                                         (mention_rows, _MENTION_COLUMNS, "incident_mentions")):
                for start in range(0, len(rows), _ROWS_PER_INSERT):
                    chunk = rows[start:start + _ROWS_PER_INSERT]
                    values = ", ".join([f"({self._marks(len(columns))})"] * len(chunk))
                    execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}",
                            [v for row in chunk for v in row])
            execute("UPDATE incident_mentions SET record_md5 = md5(e.record) FROM events e "
                    "WHERE e.event_id = incident_mentions.event_id AND incident_mentions.record_md5 IS NULL", [])
            if fingerprint is not None:
                execute(f"INSERT INTO meta VALUES ({mark}, {mark}) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", ["incident_params", fingerprint])

        self._write_incidents(work)

    # -- reading ----------------------------------------------------------------------------------

    def incident_counts(self) -> dict[str, int]:
        if not self._has_table("incidents"):
            return {"incidents": 0, "assigned_events": 0}
        (row,) = self._fetchall("SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM incident_mentions)",
                                [])
        return {"incidents": row[0], "assigned_events": row[1]}

    def incidents(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """Incident records matching the filter (same fields and semantics as for events),
        newest incident date first."""
        if not self._has_table("incidents"):
            return []
        sql, params = _select_incidents(filters or EventFilter(), ordered=True, mark=self._mark)
        return [json.loads(r) for (r,) in self._fetchall(sql, params)]

    def iter_incidents(self, filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Every matching incident record, read a page at a time in id order."""
        if not self._has_table("incidents"):
            return
        base, params = _select_incidents(filters or EventFilter(), ordered=False, with_id=True, mark=self._mark)
        last = ""
        while True:
            joiner = " AND " if " WHERE " in base else " WHERE "
            rows = self._fetchall(f"{base}{joiner}incident_id > {self._mark} ORDER BY incident_id LIMIT 1000",
                                  [*params, last])
            if not rows:
                return
            for _incident_id, record in rows:
                yield json.loads(record)
            last = rows[-1][0]

    def article_day_counts(self) -> list[tuple[date, int]]:
        """(story date, number of articles) for every day the store has articles of: what a
        trend needs to tell a period nothing was read from from a quiet one."""
        return [tuple(row) for row in self._fetchall(
            "SELECT story_date, count(*) FROM articles WHERE story_date IS NOT NULL "
            "GROUP BY story_date ORDER BY story_date", [])]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        if not self._has_table("incidents"):
            return None
        rows = self._fetchall(f"SELECT record FROM incidents WHERE incident_id = {self._mark}", [incident_id])
        return json.loads(rows[0][0]) if rows else None

    def incident_of_events(self, event_ids: list[str]) -> dict[str, str]:
        """event_id -> incident_id for the given events (those in an incident)."""
        found: dict[str, str] = {}
        if not self._has_table("incident_mentions"):
            return found  # a store written before incidents existed, opened read-only
        for start in range(0, len(event_ids), _CHUNK):
            chunk = event_ids[start:start + _CHUNK]
            found.update(self._fetchall(f"SELECT event_id, incident_id FROM incident_mentions "
                                        f"WHERE event_id IN ({self._marks(len(chunk))})", chunk))
        return found

    def iter_events_with_articles(self, filters: EventFilter | None = None) -> Iterator[tuple[dict, dict]]:
        """Every matching event record with its article's outlet, URL, title and published time
        (for exports that carry where an event was reported), in storage order."""
        where, params = _where(filters or EventFilter(), prefix="e.", mark=self._mark)
        sql = ("SELECT e.record, a.outlet, a.url, a.title, a.published FROM events e "
               "JOIN articles a ON a.article_id = e.article_id" + where)
        for record, outlet, url, title, published in self._stream(sql, params, 1000):
            yield json.loads(record), {"outlet": outlet, "url": url, "title": title, "published": published}


class DuckDBIncidentTables(IncidentTables):
    """The DuckDB side: one connection under the store's lock, explicit transactions."""

    _mark = "?"
    _lock: Any
    path: str

    def _connection(self, *, write: bool = False) -> Any:  # pragma: no cover
        raise NotImplementedError

    def _json_text(self, column: str, key: str) -> str:
        return f"json_extract_string({column}, '$.{key}')"

    @contextlib.contextmanager
    def incident_update_lock(self) -> Iterator[None]:
        # One writing process per DuckDB file; inside it, the threads of a web server take turns.
        lock = self.__dict__.setdefault("_incident_stage_lock", threading.Lock())
        with lock:
            yield

    def _write_incidents(self, work: Callable[[Execute], None]) -> None:
        import duckdb

        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                work(lambda sql, params: con.execute(sql, params))
                con.commit()
            except BaseException as exc:
                with contextlib.suppress(duckdb.Error):
                    con.rollback()
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"could not write the incidents, the old ones are kept ({exc})",
                                     item=self.path) from exc
                raise

    def _stream(self, sql: str, params: list[Any], page: int) -> Iterator[tuple]:
        import duckdb

        with self._lock:
            cursor = self._connection().cursor()
        try:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(page):
                yield from rows
        except duckdb.Error as exc:
            raise StoreError(f"could not read events ({exc})", item=self.path) from exc
        finally:
            cursor.close()


class PostgresIncidentTables(IncidentTables):
    """The PostgreSQL side: a pooled transaction (retried on conflict) per write, under an
    advisory lock; a server-side cursor per stream."""

    _mark = "%s"

    def _transaction(self, work: Callable[[Any], Any], *, what: str, item: str | None = None,
                     write: bool = True) -> Any:  # pragma: no cover
        raise NotImplementedError

    def _json_text(self, column: str, key: str) -> str:
        return f"({column}::json ->> '{key}')"

    @contextlib.contextmanager
    def _session_advisory_lock(self, key_sql: str) -> Iterator[None]:
        """Across processes: a session advisory lock on a pooled connection kept for the duration
        (other pooled sessions do the work meanwhile); nothing to guard on a read-only store."""
        if self.read_only:
            yield
            return
        pool = self._get_pool(write=True)
        with pool.connection() as conn:
            conn.autocommit = True
            try:
                conn.execute(f"SELECT pg_advisory_lock({key_sql})")
                try:
                    yield
                finally:
                    conn.execute(f"SELECT pg_advisory_unlock({key_sql})")
            finally:
                conn.autocommit = False

    def incident_update_lock(self) -> contextlib.AbstractContextManager[None]:
        return self._session_advisory_lock(_PG_STAGE_LOCK)

    def _write_incidents(self, work: Callable[[Execute], None]) -> None:
        from dyad.store.postgres_store import _clean_row

        def run(conn) -> None:
            conn.execute(_PG_LOCK)
            work(lambda sql, params: conn.execute(sql, _clean_row(params)))

        self._transaction(run, what="could not write the incidents, the old ones are kept")

    def _stream(self, sql: str, params: list[Any], page: int) -> Iterator[tuple]:
        from dyad.store.postgres_store import _clean_row, _one_line

        pool = self._get_pool()
        try:
            with pool.connection() as conn, conn.transaction(), conn.cursor(name="dyad_stream") as cursor:
                cursor.itersize = page
                cursor.execute(sql, _clean_row(params))
                yield from cursor
        except self._psycopg.Error as exc:
            raise StoreError(f"could not read events ({_one_line(exc, self._secret)})", item=self.location) from exc

    # Given by PostgresStore.
    read_only: bool
    _psycopg: Any
    _secret: str | None

    def _get_pool(self, *, write: bool = False) -> Any:  # pragma: no cover
        raise NotImplementedError


@on_article_delete
def take_apart_incidents_of_article(tx: Transaction, article_id: str) -> dict[str, int]:
    """Delete hook: remove the incidents the article's mentions were in, with all their mentions.
    The other articles' mentions of them are then in no incident (pending), and the next
    `update_incidents` groups them again from the blocks' remaining mentions."""
    if not tx.has_table("incident_mentions"):
        return {}
    if tx.backend == "postgres":
        tx.execute(_PG_LOCK)
    touched = "SELECT incident_id FROM incident_mentions WHERE article_id = ?"
    (incidents,) = tx.execute(f"SELECT count(*) FROM incidents WHERE incident_id IN ({touched})", [article_id])[0]
    (mentions,) = tx.execute(f"SELECT count(*) FROM incident_mentions WHERE incident_id IN ({touched})",
                             [article_id])[0]
    if not mentions:
        return {}
    tx.execute(f"DELETE FROM incidents WHERE incident_id IN ({touched})", [article_id])
    tx.execute(f"DELETE FROM incident_mentions WHERE incident_id IN ({touched})", [article_id])
    return {"incidents": incidents, "incident_mentions": mentions}


def _incident_row(incident: dict[str, Any]) -> list[Any]:
    from dyad.query import parse_period

    start = end = None
    if incident.get("date") and incident.get("date_precision") != "unknown":
        cut = {"year": 4, "month": 7}.get(incident["date_precision"])
        start, end = parse_period(incident["date"][:cut] if cut else incident["date"])
    source, target = incident.get("source") or {}, incident.get("target") or {}
    record = {k: v for k, v in incident.items() if k != "block"}
    return [incident["incident_id"], incident["block"], incident["type"], incident.get("mode"),
            incident.get("quad_class"), incident.get("intensity"), source.get("country"), source.get("sector"),
            target.get("country"), target.get("sector"), incident.get("date"), start, end,
            incident.get("date_precision"), incident.get("modality"), incident.get("denied"),
            incident.get("confidence"), incident.get("mention_count"), incident.get("article_count"),
            incident.get("outlet_count"), incident.get("first_reported"), incident.get("last_reported"),
            json.dumps(record, ensure_ascii=False)]


def _where(filters: EventFilter, prefix: str = "", mark: str = "?") -> tuple[str, list[Any]]:
    """The WHERE clause of an event filter over a table with the event columns."""
    where: list[str] = []
    params: list[Any] = []
    if filters.actor:
        where.append(f"({prefix}source_country = {mark} OR {prefix}target_country = {mark})")
        params += [filters.actor, filters.actor]
    if filters.dyad:
        for column, code in zip(("source_country", "target_country"), filters.dyad, strict=True):
            if code != ANY:
                where.append(f"{prefix}{column} = {mark}")
                params.append(code)
    for column, value in (("type", filters.type), ("modality", filters.modality)):
        if value:
            where.append(f"{prefix}{column} = {mark}")
            params.append(value)
    if filters.since:
        where.append(f"{prefix}date_end >= {mark}")
        params.append(filters.since)
    if filters.until:
        where.append(f"{prefix}date_sort <= {mark}")
        params.append(filters.until)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _select_incidents(filters: EventFilter, *, ordered: bool, with_id: bool = False,
                      mark: str = "?") -> tuple[str, list[Any]]:
    where, params = _where(filters, mark=mark)
    sql = f"SELECT {'incident_id, ' if with_id else ''}record FROM incidents{where}"
    if ordered:
        sql += " " + _INCIDENT_ORDER
        if filters.limit is not None:
            sql += f" LIMIT {mark}"
            params.append(filters.limit)
    return sql, params
