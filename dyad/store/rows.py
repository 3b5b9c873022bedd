"""Rows for the store's tables, built (and checked) from the typed values before any SQL runs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from dyad.errors import StoreError
from dyad.models import Article, Event
from dyad.query import parse_period


def utc(moment: datetime) -> datetime:
    """DuckDB TIMESTAMP is zone-less: store UTC (a naive time is taken to be UTC already)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def iso_date(text: str | None, item: str, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"{field} {text!r} is not a YYYY-MM-DD date; the article was not stored, "
                         "fix the date where it is produced", item=item) from None


def article_row(article: Article) -> list[Any]:
    record = article.to_record(with_text=False)
    return [article.id, article.content_hash, article.title, article.outlet, article.url,
            record["published"], article.story_date, article.language, article.origin,
            article.position, utc(datetime.now(UTC)),
            json.dumps(record, ensure_ascii=False), article.text]


def event_row(article: Article, event: Event) -> list[Any]:
    item = f"{article.id} event {event.event_id}"
    if event.article_id != article.id:
        raise StoreError(f"the event belongs to article {event.article_id!r}, not to the article it "
                         "came with; the article was not stored, this is a coder bug", item=item)
    start, end = event_period(event, item)
    source, target = event.source, event.target
    return [event.event_id, event.article_id, event.type, event.mode, event.quad_class,
            source.country if source else None, source.sector if source else None,
            target.country if target else None, target.sector if target else None,
            event.date, start, end, event.date_precision, event.modality,
            iso_date(event.story_date, item, "story_date"), event.confidence,
            event.evidence.sentence_index, json.dumps(event.to_record(), ensure_ascii=False)]


def event_period(event: Event, item: str) -> tuple[date | None, date | None]:
    """The days an event's date covers; a date more precise than its precision is widened."""
    if event.date is None or event.date_precision == "unknown":
        return None, None
    cut = {"year": 4, "month": 7}.get(event.date_precision)
    try:
        return parse_period(event.date[:cut] if cut else event.date)
    except ValueError:
        raise StoreError(f"date {event.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD; the article was "
                         "not stored, fix the date where it is produced", item=item) from None
