"""The feed tables (migration 0003): what `dyad watch` remembers between rounds and restarts.

`feeds` holds each watched feed's HTTP validators (ETag, Last-Modified) for conditional GET and
why its last round failed; `feed_items` is the cursor, the keys (guid, link or text hash) of the
items already read. Both backends share the statements here and differ only in how a write
transaction is run (`_feed_write`) and in the placeholder mark; the mixins are the only code
that touches these tables.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from dyad.errors import StoreError

__all__ = ["DuckDBFeedTables", "PostgresFeedTables"]

_KEYS_PER_QUERY = 500


class _FeedTables:
    """Reads and writes of `feeds` and `feed_items`, for any backend."""

    _mark = "?"

    def _fetchall(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:  # pragma: no cover
        raise NotImplementedError

    def _feed_write(self, statements: list[tuple[str, list[Any]]], what: str, item: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self._mark)

    def feed_state(self, feed: str) -> dict[str, Any] | None:
        """The feed's stored validators and last error; None for a feed never watched."""
        rows = self._fetchall(self._sql("SELECT etag, last_modified, checked_at, last_error FROM feeds "
                                        "WHERE feed = ?"), [feed])
        if not rows:
            return None
        etag, last_modified, checked_at, last_error = rows[0]
        return {"etag": etag, "last_modified": last_modified, "checked_at": checked_at, "last_error": last_error}

    def feed_seen(self, feed: str, keys: list[str]) -> set[str]:
        """Which of these item keys of the feed were read before (the cursor)."""
        found: set[str] = set()
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _KEYS_PER_QUERY):
            chunk = unique[start:start + _KEYS_PER_QUERY]
            marks = ", ".join([self._mark] * len(chunk))
            rows = self._fetchall(self._sql("SELECT item_key FROM feed_items WHERE feed = ? AND item_key IN ")
                                  + f"({marks})", [feed, *chunk])
            found.update(key for (key,) in rows)
        return found

    def save_feed_state(self, feed: str, *, etag: str | None = None, last_modified: str | None = None,
                        error: str | None = None, seen: list[str] | None = None) -> None:
        """Record one round of a feed in one transaction. Without `error`: the validators of the
        response just read and the keys of its items now read. With `error`: only the reason and
        the time; the validators are kept, so the next round asks again from the last good state."""
        now = datetime.now(UTC).replace(tzinfo=None)
        if error is None:
            statements = [(self._sql("INSERT INTO feeds (feed, etag, last_modified, checked_at, last_error) "
                                     "VALUES (?, ?, ?, ?, NULL) ON CONFLICT (feed) DO UPDATE SET "
                                     "etag = excluded.etag, last_modified = excluded.last_modified, "
                                     "checked_at = excluded.checked_at, last_error = NULL"),
                           [feed, etag, last_modified, now])]
        else:
            statements = [(self._sql("INSERT INTO feeds (feed, etag, last_modified, checked_at, last_error) "
                                     "VALUES (?, NULL, NULL, ?, ?) ON CONFLICT (feed) DO UPDATE SET "
                                     "checked_at = excluded.checked_at, last_error = excluded.last_error"),
                           [feed, now, error])]
        for key in dict.fromkeys(seen or []):
            statements.append((self._sql("INSERT INTO feed_items (feed, item_key, seen_at) VALUES (?, ?, ?) "
                                         "ON CONFLICT DO NOTHING"), [feed, key, now]))
        self._feed_write(statements, "could not record the feed's state", feed)


class DuckDBFeedTables(_FeedTables):
    """The feed tables of the DuckDB store: writes under its lock, in one transaction."""

    _lock: Any

    def _connection(self, *, write: bool = False) -> Any:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def _feed_write(self, statements: list[tuple[str, list[Any]]], what: str, item: str) -> None:
        import duckdb

        with self._lock:
            con = self._connection(write=True)
            try:
                con.begin()
                for sql, params in statements:
                    con.execute(sql, params)
                con.commit()
            except duckdb.Error as exc:
                with contextlib.suppress(duckdb.Error):
                    con.rollback()
                raise StoreError(f"{what} ({exc})", item=item) from exc


class PostgresFeedTables(_FeedTables):
    """The feed tables of the PostgreSQL store: one pooled transaction per round of a feed."""

    _mark = "%s"

    def _transaction(self, work: Any, *, what: str, item: str | None = None,
                     write: bool = True) -> Any:  # pragma: no cover - provided by the store
        raise NotImplementedError

    def _feed_write(self, statements: list[tuple[str, list[Any]]], what: str, item: str) -> None:
        def work(conn: Any) -> None:
            for sql, params in statements:
                conn.execute(sql, params)

        self._transaction(work, what=what, item=item)
