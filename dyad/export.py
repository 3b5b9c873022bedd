"""Writing event records out: JSONL (the record itself), CSV, TSV and Parquet (flat columns).

JSONL is the public contract of EVENT_SCHEMA.md, one record per line, byte for byte what
`json.dumps` makes of `Event.to_record()`. CSV and Parquet are for spreadsheets and dataframes,
which want one value per cell: nested objects become `<field>_<key>` columns in one fixed order
(`FLAT_COLUMNS`), so that every export, even an empty one, has the same header.

Every writer consumes its records as a stream, holding at most one Parquet batch in memory, so
`write_events(store.iter_events(), ...)` exports a store of any size. A path is written through
a `.part` file renamed on success, so an interrupted export never leaves a truncated file that
looks complete.

TSV is linear TSV (the convention of PostgreSQL COPY and ClickHouse TabSeparated): one record
per line, a value's backslash, tab, newline and carriage return written as two characters
(`\\`, `\t`, `\n`, `\r`), so that `cut`, `awk` and `sort` see one event per line;
`unescape_tsv` gives a field's value back. CSV quotes instead, as spreadsheets expect.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dyad.errors import QueryError
from dyad.query import parse_period

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FLAT_COLUMNS", "FORMATS", "escape_tsv", "flatten", "parquet_schema", "unescape_tsv", "write_events"]

FORMATS = ("jsonl", "csv", "tsv", "parquet")

_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}

_ACTOR = ("text", "name", "country", "sector", "code")
_NESTED: dict[str, tuple[str, ...]] = {
    "source": _ACTOR,
    "target": _ACTOR,
    "attribution": _ACTOR,
    "location": ("name", "country", "lat", "lon", "geonames_id"),
    "evidence": ("sentence_index", "sentence", "trigger", "char_start", "char_end"),
    "article": ("outlet", "url", "title", "published"),
}

# The one definition of the flat layout: column name and Parquet type, in the record's order.
_FLAT: tuple[tuple[str, str], ...] = (
    ("schema_version", "int32"),
    ("event_id", "string"),
    ("article_id", "string"),
    ("type", "string"),
    ("mode", "string"),
    ("contexts", "list<string>"),
    ("cameo", "string"),
    ("quad_class", "int32"),
    ("intensity", "float64"),
    *((f"source_{key}", "string") for key in _ACTOR),
    *((f"target_{key}", "string") for key in _ACTOR),
    ("date", "string"),
    ("date_precision", "string"),
    ("date_basis", "string"),
    ("story_date", "string"),
    ("modality", "string"),
    *((f"attribution_{key}", "string") for key in _ACTOR),
    ("location_name", "string"),
    ("location_country", "string"),
    ("location_lat", "float64"),
    ("location_lon", "float64"),
    ("location_geonames_id", "int64"),
    ("evidence_sentence_index", "int32"),
    ("evidence_sentence", "string"),
    ("evidence_trigger", "string"),
    ("evidence_char_start", "int64"),
    ("evidence_char_end", "int64"),
    ("confidence", "float64"),
    ("mentions", "int32"),
    ("sources", "int32"),
    ("reciprocal", "bool"),
    # schema version 2 (EVENT_SCHEMA.md): typed first and last day of the date's period, where the
    # event was reported (exports add an `article` object to the record) and its incident.
    ("date_start", "date"),
    ("date_end", "date"),
    ("article_outlet", "string"),
    ("article_url", "string"),
    ("article_title", "string"),
    ("article_published", "string"),
    ("incident_id", "string"),
)

FLAT_COLUMNS: tuple[str, ...] = tuple(name for name, _ in _FLAT)
"""Column order of CSV and Parquet exports. A record field missing here is not exported flat:
add new schema fields here (and to `_FLAT`'s types) when EVENT_SCHEMA.md gains them."""


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One record as `FLAT_COLUMNS` -> value; a null nested object gives nulls in all its columns.

    `contexts` stays a list: Parquet keeps it as a list column, CSV joins it with ';'.
    """
    flat: dict[str, Any] = dict(zip(("date_start", "date_end"), _period(record), strict=True))
    for key, value in record.items():
        keys = _NESTED.get(key)
        if keys is None:
            flat[key] = value
        else:
            for sub in keys:
                flat[f"{key}_{sub}"] = value.get(sub) if value else None
    return {column: flat.get(column) for column in FLAT_COLUMNS}


def _period(record: dict[str, Any]) -> tuple[date | None, date | None]:
    """The first and last day a record's date covers (None, None when unknown)."""
    value, precision = record.get("date"), record.get("date_precision")
    if not value or precision == "unknown":
        return None, None
    cut = {"year": 4, "month": 7}.get(precision or "")
    try:
        return parse_period(value[:cut] if cut else value)
    except ValueError:
        return None, None


def parquet_schema() -> pa.Schema:
    """The explicit Arrow schema of Parquet exports, so that types never depend on the data
    (an export whose first batch has no location still types `location_lat` as float64)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "date": pa.date32(),
             "float64": pa.float64(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[kind]) for name, kind in _FLAT])


def write_events(records: Iterable[dict[str, Any]], fmt: str, out: IO[Any] | str | os.PathLike[str], *,
                 batch_size: int = 10_000) -> int:
    """Write `records` as `fmt` (jsonl, csv, tsv or parquet) to a path or an open stream.

    A stream may be text or binary; it is flushed, never closed. Returns the number of records
    written.
    """
    kind = str(fmt).strip().lower()
    writer = _WRITERS.get(kind)
    if writer is None:
        raise QueryError(f"{fmt!r} is not an export format; use one of {', '.join(FORMATS)}", item="format")
    if not isinstance(out, (str, os.PathLike)):
        return writer(records, out, batch_size)
    path = Path(out)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as handle:
            count = writer(records, handle, batch_size)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count


def _write_jsonl(records: Iterable[dict[str, Any]], out: IO[Any], batch_size: int) -> int:
    count = 0
    with _text(out) as text:
        for record in records:
            text.write(json.dumps(record, ensure_ascii=False))
            text.write("\n")
            count += 1
    return count


def _write_csv(records: Iterable[dict[str, Any]], out: IO[Any], batch_size: int) -> int:
    count = 0
    with _text(out) as text:
        # RFC 4180 line ends: with "\n" alone, csv leaves a field holding a lone "\r" unquoted,
        # and every reader then splits the record there.
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(FLAT_COLUMNS)
        for record in records:
            writer.writerow([_cell(value) for value in flatten(record).values()])
            count += 1
    return count


def _write_tsv(records: Iterable[dict[str, Any]], out: IO[Any], batch_size: int) -> int:
    count = 0
    with _text(out) as text:
        text.write("\t".join(FLAT_COLUMNS) + "\n")
        for record in records:
            text.write("\t".join(escape_tsv(value) for value in flatten(record).values()) + "\n")
            count += 1
    return count


def escape_tsv(value: Any) -> str:
    """A value as one linear-TSV field: null as empty, a list joined with ';' (as in CSV), and
    backslash, tab, newline and carriage return escaped so that the record stays on one line."""
    if value is None:
        return ""
    text = ";".join(str(item) for item in value) if isinstance(value, list) else str(value)
    if any(ch in text for ch in _TSV_ESCAPES):
        text = "".join(_TSV_ESCAPES.get(ch, ch) for ch in text)
    return text


def unescape_tsv(field: str) -> str:
    """The text a linear-TSV field stands for: the inverse of `escape_tsv` on a string."""
    if "\\" not in field:
        return field
    chars: list[str] = []
    escaped = False
    for ch in field:
        if escaped:
            chars.append(_TSV_UNESCAPES.get(ch, "\\" + ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            chars.append(ch)
    if escaped:
        chars.append("\\")
    return "".join(chars)


def _write_parquet(records: Iterable[dict[str, Any]], out: IO[Any], batch_size: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(out, io.TextIOBase):
        # Parquet is binary: write under a text stream (sys.stdout) to its byte buffer.
        out.flush()
        out = getattr(out, "buffer", None)
        if out is None:
            raise TypeError("Parquet needs a binary stream or a path, not a text stream")
    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batches(map(flatten, records), batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    out.flush()
    return count


_WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], IO[Any], int], int]] = {
    "jsonl": _write_jsonl, "csv": _write_csv, "tsv": _write_tsv, "parquet": _write_parquet,
}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return value


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def _text(out: IO[Any]) -> Iterator[IO[str]]:
    """The stream as text: itself when it is text, else a UTF-8 wrapper that is detached
    afterwards, because closing (or collecting) a wrapper would close the caller's stream."""
    if isinstance(out, io.TextIOBase):
        yield out
        out.flush()
        return
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()
