"""JSONL corpora: one article object per line, `{"id","title","text","date"|"published","source","url"}`.

Read line by line from the stream, so a file of any size uses constant memory. A malformed line
is a failure of that line only; the rest of the file is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..models import SKIP, Failure, RawDocument
from .decode import decode_record
from .options import ReadOptions

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("published", "date", "publication_date", "pubdate")
_OUTLET_KEYS = ("source", "outlet", "site", "publisher")


def _first(record: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def record_to_document(record: object, origin: str, position: int | None,
                       decoding: str | None = None) -> RawDocument | Failure:
    """One JSON object to a raw document; anything unusable becomes a Failure with its reason."""
    if not isinstance(record, dict):
        return Failure(origin, f"JSON {type(record).__name__}, expected an object", position)
    text = _first(record, _TEXT_KEYS)
    if text is None:
        title = _first(record, ("title", "headline"))
        if title:  # a headline without a story: nothing to code, but nothing is broken either
            return Failure(origin, "record has a title but no text (headline only)", position, stage=SKIP)
        present = next((key for key in _TEXT_KEYS if key in record), None)
        if present is not None:
            value = record[present]
            what = "empty" if isinstance(value, str) or value is None else f"not text ({type(value).__name__}) in"
            return Failure(origin, f"{what} '{present}' field", position)
        return Failure(origin, "record has no 'text' field", position)

    ident = record.get("id")
    return RawDocument(
        origin=origin,
        position=position,
        text=text,
        layout="body",
        id=str(ident) if ident not in (None, "") else None,
        title=_first(record, ("title", "headline")),
        published=_first(record, _DATE_KEYS),
        outlet=_first(record, _OUTLET_KEYS),
        url=_first(record, ("url", "link")),
        dateline=_first(record, ("dateline",)),
        language=_first(record, ("language", "lang")),
        decoding=decoding,
    )


def read_jsonl(stream: BinaryIO, origin: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    seen_any = False
    for number, raw_line in enumerate(stream, start=1):
        if not raw_line.strip():
            continue
        seen_any = True
        decoded = decode_record(raw_line)  # line by line: a bad byte never changes another record
        try:
            record = json.loads(decoded.text)
        except json.JSONDecodeError as exc:
            yield Failure(origin, f"malformed JSON ({exc.msg} at column {exc.colno})", number)
            continue
        yield record_to_document(record, origin, number, decoded.note)
    if not seen_any:
        yield Failure(origin, "empty input")
