"""Continuous ingest (`dyad watch`): poll feeds, code what is new, resume after a restart.

Each round asks every feed with a conditional GET (the ETag and Last-Modified of its last good
response, kept in the store's `feeds` table), so an unchanged feed costs one 304 and no parsing.
A changed feed's items are matched against its cursor (`feed_items`: guid, else link, else a hash
of the text), and only unseen items go to the same engine as `dyad ingest`, which also skips any
whose body is already stored (content-hash keys and near-duplicate links). The validators and the
cursor are written only after the round's articles are stored, so a crash or Ctrl-C in the middle
of a round loses nothing: the next start reads those items again and the store's keys drop what
was already stored. A feed that fails (network error, 5xx, malformed XML) is one line and is asked
again next round; the other feeds go on.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from .engine import IngestSummary, ingest_items
from .errors import DyadError, InputError
from .models import WARNING, Failure, RawDocument
from .sources.options import ReadOptions
from .store import Store

__all__ = ["FeedResult", "RoundSummary", "item_key", "parse_interval", "watch", "watch_round"]

_INTERVAL_PART = re.compile(r"(\d+(?:\.\d+)?)([smh])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}


def parse_interval(text: str) -> float:
    """Seconds in "30s", "15m", "1h" or a sum like "1h30m"; anything else is an InputError."""
    spec = (text or "").strip().lower().replace(" ", "")
    parts = _INTERVAL_PART.findall(spec)
    if not spec or "".join(n + u for n, u in parts) != spec:
        raise InputError("not an interval: write a number and a unit, e.g. 30s, 15m, 1h or 1h30m",
                         item=f"--every {text}")
    seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds <= 0:
        raise InputError("the interval must be longer than zero", item=f"--every {text}")
    return seconds


def item_key(item: RawDocument, is_feed: bool) -> str:
    """The cursor key of an item: a feed item's guid, else its link; a page's (or a guid-less,
    link-less item's) hash of its text, so a page is read again when its text changes."""
    if is_feed and item.id:
        return f"guid:{item.id}"
    if is_feed and item.url:
        return f"link:{item.url}"
    digest = hashlib.sha256(f"{item.title or ''}\n{item.text}".encode()).hexdigest()
    return f"text:{digest}"


@dataclass
class FeedResult:
    """What one round did with one feed: `status` is "new", "not-modified" or "failed"."""

    feed: str
    status: str
    items: int = 0  # items in the response
    new: int = 0  # items not seen before, sent to the engine
    error: str | None = None


@dataclass
class RoundSummary:
    """One round over every feed, with the engine's summary of the new items."""

    number: int
    started: datetime
    feeds: list[FeedResult] = field(default_factory=list)
    ingest: IngestSummary = field(default_factory=IngestSummary)
    incidents: object | None = None
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.feeds if f.status == status)

    @property
    def failures(self) -> list[FeedResult]:
        return [f for f in self.feeds if f.status == "failed"]

    def line(self) -> str:
        """The one-line report of the round."""
        s = self.ingest
        return (f"round {self.number} at {self.started:%Y-%m-%d %H:%M:%S}Z: {len(self.feeds)} feeds "
                f"({self.count('new')} changed, {self.count('not-modified')} not modified, "
                f"{self.count('failed')} failed); {sum(f.new for f in self.feeds)} new items: "
                f"{s.stored} stored, {s.duplicates} duplicates, {s.skipped} skipped, {s.failed} failed; "
                f"{s.events} events; {self.seconds:.1f} s")


@dataclass
class _Pending:
    """A changed feed's new items, waiting for the engine; its state is saved after they are stored."""

    result: FeedResult
    etag: str | None
    last_modified: str | None
    items: list[RawDocument | Failure]
    keys: list[str]


def _conditional_headers(state: dict | None) -> dict[str, str]:
    headers = {}
    if state and state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state and state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    return headers


def _poll(feed: str, store: Store, options: ReadOptions, http: httpx.Client) -> FeedResult | _Pending:
    """Fetch one feed and pick its unseen items; a failure is a FeedResult, never an exception."""
    from .sources.url import _documents, _kind, fetch

    headers = _conditional_headers(store.feed_state(feed))  # a store error stops the round: not the feed's fault
    try:
        fetched = fetch(feed, options, http, headers=headers)
        if fetched.status == 304:
            return FeedResult(feed, "not-modified")
        is_feed = _kind(fetched) == "feed"
        items = list(_documents(feed, fetched, options))
    except DyadError as exc:
        return FeedResult(feed, "failed", error=exc.message)
    except Exception as exc:  # noqa: BLE001 - a parser bug on one feed must not stop the others
        return FeedResult(feed, "failed", error=f"cannot read ({exc.__class__.__name__}: {exc})")
    documents = [item for item in items if isinstance(item, RawDocument)]
    whole = [item for item in items if isinstance(item, Failure) and item.position is None
             and item.stage != WARNING]
    if whole and not documents:  # the response as a whole is unreadable: malformed XML, not a feed
        return FeedResult(feed, "failed", error="; ".join(f.reason for f in whole))
    keyed = [(item_key(doc, is_feed), doc) for doc in documents]
    seen = store.feed_seen(feed, [key for key, _ in keyed])
    fresh: list[RawDocument | Failure] = []
    keys: list[str] = []
    for key, doc in keyed:
        if key not in seen and key not in keys:
            fresh.append(doc)
            keys.append(key)
    if keys:  # item-level failures (an item with no text) go with new items only, not every round
        fresh.extend(item for item in items if isinstance(item, Failure) and item not in whole)
    answered = {k.lower(): v for k, v in fetched.headers.items()}
    result = FeedResult(feed, "new", items=len(documents), new=len(keys))
    return _Pending(result, answered.get("etag"), answered.get("last-modified"), fresh, keys)


def watch_round(feeds: list[str], store: Store, *, number: int = 1, model: str | None = None,
                workers: int = 1, batch_size: int = 32, options: ReadOptions | None = None) -> RoundSummary:
    """One round: poll every feed, code and store the new items, update incidents, then save each
    feed's validators and cursor. A store error stops the round (and `watch`) before any cursor moves."""
    from .api import update_incidents
    from .sources.url import client

    options = options or ReadOptions()
    summary = RoundSummary(number, datetime.now(UTC))
    started = time.perf_counter()
    pending: list[_Pending] = []
    with client(options) as http:
        for feed in feeds:
            polled = _poll(feed, store, options, http)
            if isinstance(polled, _Pending):
                pending.append(polled)
                summary.feeds.append(polled.result)
            else:
                summary.feeds.append(polled)
    items = [item for p in pending for item in p.items]
    if any(isinstance(item, RawDocument) for item in items):
        summary.ingest = ingest_items(items, store, model=model, workers=workers, batch_size=batch_size)
        summary.incidents = update_incidents(store)
    for p in pending:
        store.save_feed_state(p.result.feed, etag=p.etag, last_modified=p.last_modified, seen=p.keys)
    for result in summary.feeds:
        if result.status == "failed":
            store.save_feed_state(result.feed, error=result.error)
        elif result.status == "not-modified":
            state = store.feed_state(result.feed) or {}
            store.save_feed_state(result.feed, etag=state.get("etag"), last_modified=state.get("last_modified"))
    summary.seconds = time.perf_counter() - started
    return summary


def rounds(every: float, stop: threading.Event, *, once: bool = False) -> Iterator[int]:
    """Round numbers, waiting `every` seconds from the start of one round to the start of the
    next (at once when a round took longer); ends when `stop` is set, waking from the wait."""
    number = 0
    next_start = time.monotonic()
    while not stop.is_set():
        number += 1
        yield number
        if once:
            return
        next_start += every
        now = time.monotonic()
        if next_start < now:  # a round longer than the interval: the next starts now, none are piled up
            next_start = now
        if stop.wait(next_start - now):
            return


def watch(feeds: list[str], store: Store, *, every: float, once: bool = False,
          stop: threading.Event | None = None, report: Callable[[RoundSummary], None] | None = None,
          **kwargs) -> list[RoundSummary]:
    """Run rounds until `stop` is set (or one round with `once`); returns the rounds' summaries."""
    stop = stop or threading.Event()
    done = []
    for number in rounds(every, stop, once=once):
        summary = watch_round(feeds, store, number=number, **kwargs)
        done.append(summary)
        if report:
            report(summary)
    return done
