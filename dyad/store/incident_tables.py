"""The incident tables of the DuckDB store (issue 12), kept in one place apart from the rest.

`IncidentTables` is mixed into `Store`: its tables are migration 0002 (migrations/*/0002_incidents.sql); it owns every statement on the
`incidents` and `incident_mentions` tables, plus the two reads the analysis needs beyond the
event store (event records with their article's outlet, URL and title; article time words).
A second backend ports this module as one piece. The clustering itself is not here: it is
`dyad.incidents`, which sees only rows and records.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb

from dyad.errors import StoreError
from dyad.query import ANY, EventFilter

__all__ = ["IncidentTables"]

_MENTION_SELECT = ("SELECT e.record, a.outlet, a.published, a.story_date FROM events e "
                   "JOIN articles a ON a.article_id = e.article_id")
_INCIDENT_COLUMNS = ("incident_id", "block", "type", "mode", "quad_class", "intensity", "source_country",
                     "source_sector", "target_country", "target_sector", "date", "date_sort", "date_end",
                     "date_precision", "modality", "denied", "confidence", "mention_count", "article_count",
                     "outlet_count", "first_reported", "last_reported", "record")
_INCIDENT_ORDER = "ORDER BY date_sort DESC NULLS LAST, first_reported DESC NULLS LAST, incident_id"
_ROWS_PER_INSERT = 200


class IncidentTables:
    """Reads and writes of the incident tables; mixed into the DuckDB `Store`."""

    # Provided by Store.
    _lock: Any
    path: str

    def _connection(self, *, write: bool = False) -> duckdb.DuckDBPyConnection:  # pragma: no cover
        raise NotImplementedError

    def _fetchall(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:  # pragma: no cover
        raise NotImplementedError

    def _has_table(self, name: str) -> bool:  # pragma: no cover
        raise NotImplementedError

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
        for start in range(0, len(blocks), 500):
            chunk = blocks[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._fetchall(f"SELECT m.block, e.record, a.outlet, a.published, a.story_date "
                                  f"FROM incident_mentions m JOIN events e ON e.event_id = m.event_id "
                                  f"JOIN articles a ON a.article_id = e.article_id WHERE m.block IN ({marks})",
                                  chunk)
            found += [(row[0], row[1:]) for row in rows]
        return found

    def article_time_periods(self, article_ids: list[str]) -> dict[str, list[tuple[date, date]]]:
        """The periods the text of each article gives its events (explicit or relative dates):
        the article's own time words, which a story-dated mention must agree with."""
        periods: dict[str, list[tuple[date, date]]] = {}
        ids = sorted(set(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._fetchall(
                f"SELECT DISTINCT article_id, date_sort, date_end FROM events WHERE article_id IN ({marks}) "
                "AND date_sort IS NOT NULL AND json_extract_string(record, '$.date_basis') IN "
                "('explicit', 'relative')", chunk)
            for article_id, first, last in rows:
                periods.setdefault(article_id, []).append((first, last))
        return periods

    def replace_incident_blocks(self, blocks: list[str], incidents: list[dict[str, Any]],
                                fingerprint: str | None = None, *, everything: bool = False) -> None:
        """Put these incidents in place of every incident of `blocks` (or of all blocks when
        `everything`), in one transaction: readers never see half a block."""
        incident_rows = [_incident_row(i) for i in incidents]
        mention_rows = [[event_id, i["incident_id"], i["block"], article_id]
                        for i in incidents for event_id, article_id in
                        ((m["event_id"], m["article_id"]) for m in i["mentions"])]
        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                if everything:
                    con.execute("DELETE FROM incidents")
                    con.execute("DELETE FROM incident_mentions")
                else:
                    for start in range(0, len(blocks), 500):
                        chunk = blocks[start:start + 500]
                        marks = ", ".join("?" * len(chunk))
                        con.execute(f"DELETE FROM incidents WHERE block IN ({marks})", chunk)
                        con.execute(f"DELETE FROM incident_mentions WHERE block IN ({marks})", chunk)
                for rows, columns, table in ((incident_rows, _INCIDENT_COLUMNS, "incidents"),
                                             (mention_rows, ("event_id", "incident_id", "block", "article_id"),
                                              "incident_mentions")):
                    for start in range(0, len(rows), _ROWS_PER_INSERT):
                        chunk = rows[start:start + _ROWS_PER_INSERT]
                        values = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(chunk))
                        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}",
                                    [v for row in chunk for v in row])
                con.execute("UPDATE incident_mentions SET record_md5 = md5(e.record) FROM events e "
                            "WHERE e.event_id = incident_mentions.event_id AND incident_mentions.record_md5 IS NULL")
                if fingerprint is not None:
                    con.execute("INSERT INTO meta VALUES ('incident_params', ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [fingerprint])
                con.commit()
            except BaseException as exc:
                with contextlib.suppress(duckdb.Error):
                    con.rollback()
                if isinstance(exc, duckdb.Error):
                    raise StoreError(f"could not write the incidents, the old ones are kept ({exc})",
                                     item=self.path) from exc
                raise

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
        sql, params = _select_incidents(filters or EventFilter(), ordered=True)
        return [json.loads(r) for (r,) in self._fetchall(sql, params)]

    def iter_incidents(self, filters: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Every matching incident record, read a page at a time in id order."""
        if not self._has_table("incidents"):
            return
        base, params = _select_incidents(filters or EventFilter(), ordered=False, with_id=True)
        last = ""
        while True:
            joiner = " AND " if " WHERE " in base else " WHERE "
            rows = self._fetchall(f"{base}{joiner}incident_id > ? ORDER BY incident_id LIMIT 1000",
                                  [*params, last])
            if not rows:
                return
            for _incident_id, record in rows:
                yield json.loads(record)
            last = rows[-1][0]

    def article_day_counts(self) -> list[tuple[date, int]]:
        """(story date, number of articles) for every day the store has articles of: what a
        trend needs to tell a period nothing was read from from a quiet one."""
        return self._fetchall("SELECT story_date, count(*) FROM articles WHERE story_date IS NOT NULL "
                              "GROUP BY story_date ORDER BY story_date", [])

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        if not self._has_table("incidents"):
            return None
        rows = self._fetchall("SELECT record FROM incidents WHERE incident_id = ?", [incident_id])
        return json.loads(rows[0][0]) if rows else None

    def incident_of_events(self, event_ids: list[str]) -> dict[str, str]:
        """event_id -> incident_id for the given events (those in an incident)."""
        found: dict[str, str] = {}
        if not self._has_table("incident_mentions"):
            return found  # a store written before incidents existed, opened read-only
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(self._fetchall(f"SELECT event_id, incident_id FROM incident_mentions "
                                        f"WHERE event_id IN ({marks})", chunk))
        return found

    def iter_events_with_articles(self, filters: EventFilter | None = None) -> Iterator[tuple[dict, dict]]:
        """Every matching event record with its article's outlet, URL, title and published time
        (for exports that carry where an event was reported), in storage order."""
        where, params = _where(filters or EventFilter(), prefix="e.")
        sql = ("SELECT e.record, a.outlet, a.url, a.title, a.published FROM events e "
               "JOIN articles a ON a.article_id = e.article_id" + where)
        with self._lock:
            cursor = self._connection().cursor()
        try:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(1000):
                for record, outlet, url, title, published in rows:
                    yield json.loads(record), {"outlet": outlet, "url": url, "title": title,
                                               "published": published}
        except duckdb.Error as exc:
            raise StoreError(f"could not read events ({exc})", item=self.path) from exc
        finally:
            cursor.close()


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


def _where(filters: EventFilter, prefix: str = "") -> tuple[str, list[Any]]:
    """The WHERE clause of an event filter over a table with the event columns."""
    where: list[str] = []
    params: list[Any] = []
    if filters.actor:
        where.append(f"({prefix}source_country = ? OR {prefix}target_country = ?)")
        params += [filters.actor, filters.actor]
    if filters.dyad:
        for column, code in zip(("source_country", "target_country"), filters.dyad, strict=True):
            if code != ANY:
                where.append(f"{prefix}{column} = ?")
                params.append(code)
    for column, value in (("type", filters.type), ("modality", filters.modality)):
        if value:
            where.append(f"{prefix}{column} = ?")
            params.append(value)
    if filters.since:
        where.append(f"{prefix}date_end >= ?")
        params.append(filters.since)
    if filters.until:
        where.append(f"{prefix}date_sort <= ?")
        params.append(filters.until)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _select_incidents(filters: EventFilter, *, ordered: bool, with_id: bool = False) -> tuple[str, list[Any]]:
    where, params = _where(filters)
    sql = f"SELECT {'incident_id, ' if with_id else ''}record FROM incidents{where}"
    if ordered:
        sql += " " + _INCIDENT_ORDER
        if filters.limit is not None:
            sql += " LIMIT ?"
            params.append(filters.limit)
    return sql, params
