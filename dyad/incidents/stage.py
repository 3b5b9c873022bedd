"""The incident stage: after articles are stored, bring the incidents up to date.

Incremental: only the blocks touched by events that are in no incident yet (new articles), or
that lost an event (re-coded articles), are clustered again, from every stored mention of the
block; nothing else is read. Idempotent: with no such events it writes nothing. A block is
clustered from the set of its mentions in canonical order (`cluster.py`), so the incidents are
the same whatever order or number of runs brought the articles in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from .cluster import block_key, cluster_block, summarize
from .mention import Mention, mention_from_row
from .params import IncidentParams, load_params

__all__ = ["IncidentUpdate", "update_incidents"]


@dataclass
class IncidentUpdate:
    """What one run of the stage did."""

    new_events: int = 0
    blocks: int = 0
    incidents: int = 0
    rebuilt: bool = False
    seconds: float = 0.0


def update_incidents(store: Any, params: IncidentParams | None = None, *, rebuild: bool = False) -> IncidentUpdate:
    """Assign every stored event that is in no incident yet, re-clustering only the blocks it
    touches; `rebuild` (or parameters other than those the incidents were built with) redoes all."""
    params = params or load_params()
    with store.incident_update_lock():  # one update of a store at a time, reads and write together
        return _update(store, params, rebuild)


def _update(store: Any, params: IncidentParams, rebuild: bool) -> IncidentUpdate:
    started = time.perf_counter()
    known = store.incident_params_fingerprint()
    if known is not None and known != params.fingerprint:
        rebuild = True
    result = IncidentUpdate(rebuilt=rebuild)
    pending = mentions_from_rows(store, store.incident_pending_rows(everything=rebuild))
    result.new_events = len(pending)
    stale = set() if rebuild else store.incident_stale_blocks()
    if not pending and not stale and not rebuild and known is not None:
        result.seconds = time.perf_counter() - started
        return result
    members: dict[str, dict[str, Mention]] = {}
    for mention in pending:
        members.setdefault(block_key(mention, params), {})[mention.event_id] = mention
    dirty = sorted(set(members) | stale)
    if not rebuild:
        stored = store.incident_block_rows(dirty)
        for block, mention in zip((b for b, _ in stored), mentions_from_rows(store, [row for _, row in stored]),
                                  strict=True):
            members.setdefault(block, {})[mention.event_id] = mention
    incidents = []
    for block in dirty:
        for cluster in cluster_block(list(members.get(block, {}).values()), params):
            incidents.append({**summarize(block, cluster, params), "block": block})
    store.replace_incident_blocks(dirty, incidents, params.fingerprint, everything=rebuild)
    result.blocks, result.incidents = len(dirty), len(incidents)
    result.seconds = time.perf_counter() - started
    return result


def mentions_from_rows(store: Any, rows: list[tuple]) -> list[Mention]:
    """Mentions from (record, outlet, published, story_date) rows, with their articles' time words."""
    import json

    records = [json.loads(row[0]) for row in rows]
    periods = store.article_time_periods([r["article_id"] for r in records])
    return [mention_from_row(record, outlet, published, story_date, periods.get(record["article_id"], []))
            for record, (_, outlet, published, story_date) in zip(records, rows, strict=True)]
