"""Exports analysts load directly: the EVENT_SCHEMA layouts (JSONL, CSV, TSV, Parquet, also
partitioned by month), the GDELT 2.0 event-table layout and a POLECAT-like JSON, for event
records or for incidents. The mappings are documented in docs/EVENT_SCHEMA.md.

Event exports carry where each event was reported (`article`: outlet, URL, title) and the
incident it belongs to (`incident_id`); records are streamed from the store, never all held.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from dyad.errors import InputError, QueryError
from dyad.export import _period, escape_tsv, flatten, parquet_schema, write_events

from .filters import AnalysisFilter
from .records import iter_records

__all__ = ["EXPORT_FORMATS", "GDELT_COLUMNS", "INCIDENT_COLUMNS", "POLECAT_KEYS", "export_records",
           "gdelt_row", "incident_flat", "polecat_record"]

EXPORT_FORMATS = ("jsonl", "csv", "tsv", "parquet", "gdelt", "polecat")

# The 61 columns of the GDELT 2.0 event table, in order (GDELT Event Codebook V2.0).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                                 "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in ("Type", "FullName", "CountryCode",
                                                                       "ADM1Code", "ADM2Code", "Lat", "Long",
                                                                       "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

POLECAT_KEYS = ("Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
                "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Name Raw",
                "Recipient Name", "Recipient Country", "Primary Recipient Sector", "Recipient Name Raw",
                "Placename", "Country", "Latitude", "Longitude", "GeoNames ID", "Source", "Publication Date",
                "Headline", "Story ID", "Language", "Version")

_ACTOR = ("text", "name", "country", "sector", "code")
INCIDENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("incident_id", "string"), ("type", "string"), ("mode", "string"), ("quad_class", "int32"),
    ("intensity", "float64"), ("contexts", "list<string>"),
    *((f"source_{k}", "string") for k in _ACTOR), *((f"target_{k}", "string") for k in _ACTOR),
    ("symmetric", "bool"), ("date", "string"), ("date_precision", "string"), ("date_start", "date"),
    ("date_end", "date"), ("location_name", "string"), ("location_country", "string"),
    ("location_lat", "float64"), ("location_lon", "float64"), ("modality", "string"), ("denied", "bool"),
    ("confidence", "float64"), ("mention_count", "int32"), ("article_count", "int32"), ("outlet_count", "int32"),
    ("outlets", "list<string>"), ("articles", "list<string>"), ("event_ids", "list<string>"),
    ("first_reported", "string"), ("last_reported", "string"),
)


def _int_id(text: str) -> int:
    """A positive 60-bit integer from a dyad id, for GDELT's numeric GLOBALEVENTID."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:15], 16)


def _gdelt_time(value: str | None) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return ""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    return moment.strftime("%Y%m%d%H%M%S")


def gdelt_row(record: dict[str, Any], unit: str) -> list[Any]:
    """One record in the GDELT 2.0 event-table layout (docs/EVENT_SCHEMA.md has the mapping)."""
    from dyad.events.ontology import ontology

    start, _ = _period(record)
    if start is None and record.get("story_date"):
        start = date.fromisoformat(record["story_date"])
    row: dict[str, Any] = {c: "" for c in GDELT_COLUMNS}
    key = record["incident_id"] if unit == "incident" else record["event_id"]
    row["GLOBALEVENTID"] = _int_id(key)
    if start is not None:
        row.update(SQLDATE=start.strftime("%Y%m%d"), MonthYear=start.strftime("%Y%m"), Year=start.year,
                   FractionDate=f"{start.year + (start.timetuple().tm_yday - 1) / 365:.4f}")
    for n, side in ((1, "source"), (2, "target")):
        actor = record.get(side) or {}
        row[f"Actor{n}Code"] = actor.get("code") or ""
        row[f"Actor{n}Name"] = (actor.get("name") or actor.get("text") or "").upper()
        row[f"Actor{n}CountryCode"] = actor.get("country") or ""
        row[f"Actor{n}Type1Code"] = actor.get("sector") or ""
    evidence = record.get("evidence") or {}
    row["IsRootEvent"] = 1 if evidence.get("sentence_index", 1) == 0 else 0
    cameo = record.get("cameo") or ontology().types[record["type"]].cameo
    row.update(EventCode=cameo, EventBaseCode=cameo[:3], EventRootCode=cameo[:2],
               QuadClass=record.get("quad_class") or "", GoldsteinScale=record.get("intensity"))
    if unit == "incident":
        row.update(NumMentions=record.get("mention_count"), NumSources=record.get("outlet_count"),
                   NumArticles=record.get("article_count"))
    else:
        row.update(NumMentions=record.get("mentions"), NumSources=record.get("sources"), NumArticles=1)
    place = record.get("location") or {}
    if place.get("name"):
        row.update(ActionGeo_Type=4 if place.get("lat") is not None else 1, ActionGeo_FullName=place["name"],
                   ActionGeo_Lat=place.get("lat") if place.get("lat") is not None else "",
                   ActionGeo_Long=place.get("lon") if place.get("lon") is not None else "",
                   ActionGeo_FeatureID=place.get("geonames_id") or "")
    article = record.get("article") or {}
    row["DATEADDED"] = _gdelt_time(record.get("first_reported") if unit == "incident" else article.get("published"))
    row["SOURCEURL"] = article.get("url") or ""
    return [row[c] for c in GDELT_COLUMNS]


def polecat_record(record: dict[str, Any], unit: str) -> dict[str, Any]:
    """One record with POLECAT's column names where dyad has the value."""
    source, target = record.get("source") or {}, record.get("target") or {}
    place = record.get("location") or {}
    article = record.get("article") or {}
    return {
        "Event ID": record["incident_id"] if unit == "incident" else record["event_id"],
        "Event Date": record.get("date"), "Event Type": record["type"].lower(),
        "Event Mode": record.get("mode"), "Event Intensity": record.get("intensity"),
        "Quad Code": record.get("quad_class"), "Contexts": ";".join(record.get("contexts") or []) or None,
        "Actor Name": source.get("name"), "Actor Country": source.get("country"),
        "Primary Actor Sector": source.get("sector"), "Actor Name Raw": source.get("text"),
        "Recipient Name": target.get("name"), "Recipient Country": target.get("country"),
        "Primary Recipient Sector": target.get("sector"), "Recipient Name Raw": target.get("text"),
        "Placename": place.get("name"), "Country": place.get("country"), "Latitude": place.get("lat"),
        "Longitude": place.get("lon"), "GeoNames ID": place.get("geonames_id"),
        "Source": ";".join(record.get("outlets") or []) if unit == "incident" else article.get("outlet"),
        "Publication Date": record.get("first_reported") if unit == "incident" else article.get("published"),
        "Headline": None if unit == "incident" else article.get("title"),
        "Story ID": ";".join(record.get("articles") or []) if unit == "incident" else record["article_id"],
        "Language": "en", "Version": f"dyad-{record.get('schema_version') or 'incident'}",
    }


def incident_flat(record: dict[str, Any]) -> dict[str, Any]:
    start, end = _period(record)
    flat: dict[str, Any] = {"date_start": start, "date_end": end}
    for key, value in record.items():
        if key in ("source", "target"):
            for sub in _ACTOR:
                flat[f"{key}_{sub}"] = (value or {}).get(sub)
        elif key == "location":
            for sub in ("name", "country", "lat", "lon"):
                flat[f"location_{sub}"] = (value or {}).get(sub)
        else:
            flat[key] = value
    return {name: flat.get(name) for name, _ in INCIDENT_COLUMNS}


def _arrow_schema(columns: tuple[tuple[str, str], ...]):
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_(), "date": pa.date32(), "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[kind]) for name, kind in columns])


def _enriched_events(store: Any, filters: AnalysisFilter) -> Iterator[dict[str, Any]]:
    """Event records with their article (outlet, URL, title, published) and incident id."""
    from dataclasses import replace

    chunk: list[tuple[dict, dict]] = []
    source = store.iter_events_with_articles(replace(filters.base, limit=None))

    def flush() -> Iterator[dict[str, Any]]:
        incidents = store.incident_of_events([r["event_id"] for r, _ in chunk])
        for record, article in chunk:
            yield {**record, "article": article, "incident_id": incidents.get(record["event_id"])}

    for record, article in source:
        if filters.matches(record):
            chunk.append((record, article))
            if len(chunk) >= 500:
                yield from flush()
                chunk = []
    yield from flush()


def export_records(store: Any, fmt: str, out: IO[bytes] | str | os.PathLike[str], *, unit: str = "event",
                   filters: AnalysisFilter, partition: str | None = None) -> int:
    """Write the matching records of `unit` as `fmt` to a path or binary stream; returns how many.
    `partition="month"` writes Parquet as a directory `month=YYYY-MM/…` (hive layout)."""
    kind = str(fmt).strip().lower()
    if kind not in EXPORT_FORMATS:
        raise QueryError(f"{fmt!r} is not an export format; use one of {', '.join(EXPORT_FORMATS)}", item="format")
    if partition not in (None, "month"):
        raise QueryError(f"{partition!r} is not a partitioning; use month", item="partition")
    if partition and kind != "parquet":
        raise QueryError("only Parquet is written partitioned; use --format parquet", item="partition")
    records = _enriched_events(store, filters) if unit == "event" else iter_records(store, unit, filters)
    if partition:
        if not isinstance(out, (str, os.PathLike)):
            raise InputError("a partitioned export is a directory: give one with --out", item="out")
        columns = parquet_schema() if unit == "event" else _arrow_schema(INCIDENT_COLUMNS)
        flat = flatten if unit == "event" else incident_flat
        return _write_partitioned(map(flat, records), columns, Path(out))
    if kind == "gdelt":
        return _write_lines(records, out, lambda r: "\t".join(escape_tsv(v) for v in gdelt_row(r, unit)))
    if kind == "polecat":
        return _write_lines(records, out, lambda r: json.dumps(polecat_record(r, unit), ensure_ascii=False))
    if unit == "event":
        return write_events(records, kind, out)
    if kind == "jsonl":
        return _write_lines(records, out, lambda r: json.dumps(r, ensure_ascii=False))
    if kind == "parquet":
        return _write_parquet(map(incident_flat, records), _arrow_schema(INCIDENT_COLUMNS), out)
    return _write_delimited(map(incident_flat, records), [n for n, _ in INCIDENT_COLUMNS], out, kind)


def _open(out: IO[bytes] | str | os.PathLike[str]) -> tuple[IO[bytes], Callable[[bool], None]]:
    """A binary stream for `out` and a finisher: a path is written through `.part` and renamed."""
    if not isinstance(out, (str, os.PathLike)):
        return out, lambda ok: out.flush()
    path = Path(out)
    part = path.with_name(path.name + ".part")
    handle = open(part, "wb")  # noqa: SIM115 - closed by finish(), which renames or removes it

    def finish(ok: bool) -> None:
        handle.close()
        if ok:
            os.replace(part, path)
        else:
            part.unlink(missing_ok=True)

    return handle, finish


def _write_lines(records: Iterable[dict], out: Any, line: Callable[[dict], str]) -> int:
    stream, finish = _open(out)
    count = 0
    try:
        for record in records:
            stream.write((line(record) + "\n").encode("utf-8", "backslashreplace"))
            count += 1
    except BaseException:
        finish(False)
        raise
    finish(True)
    return count


def _write_delimited(rows: Iterable[dict], header: list[str], out: Any, kind: str) -> int:
    """CSV (quoted, CRLF, as spreadsheets expect) or linear TSV, header first; lists `;`-joined."""
    import csv
    import io

    def text(value: Any) -> Any:
        if value is None:
            return ""
        return ";".join(map(str, value)) if isinstance(value, list) else value

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(row: list[Any]) -> bytes:
        if kind == "tsv":
            return ("\t".join(escape_tsv(v) for v in row) + "\n").encode("utf-8", "backslashreplace")
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([text(v) for v in row])
        return buffer.getvalue().encode("utf-8", "backslashreplace")

    stream, finish = _open(out)
    count = 0
    try:
        stream.write(line(header))
        for row in rows:
            stream.write(line([row[c] for c in header]))
            count += 1
    except BaseException:
        finish(False)
        raise
    finish(True)
    return count


def _batches(rows: Iterable[dict], size: int = 10_000) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _write_parquet(rows: Iterable[dict], schema: Any, out: Any) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    stream, finish = _open(out)
    count = 0
    try:
        with pq.ParquetWriter(stream, schema) as writer:
            for batch in _batches(rows):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
    except BaseException:
        finish(False)
        raise
    finish(True)
    return count


def _write_partitioned(rows: Iterable[dict], schema: Any, directory: Path) -> int:
    """Hive-partitioned Parquet: `directory/month=YYYY-MM/part-N.parquet` (`month=unknown` for
    undated records), written to a sibling `.part` directory and renamed when complete."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    full = schema.append(pa.field("month", pa.string()))
    count = [0]

    def batches() -> Iterator[Any]:
        for batch in _batches(rows):
            for row in batch:
                start = row.get("date_start")
                row["month"] = start.strftime("%Y-%m") if start else "unknown"
            count[0] += len(batch)
            yield pa.RecordBatch.from_pylist(batch, schema=full)

    part = directory.with_name(directory.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    try:
        ds.write_dataset(batches(), part, schema=full, format="parquet",
                         partitioning=ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive"),
                         basename_template="part-{i}.parquet")
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    if count[0] == 0:
        part.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(directory, ignore_errors=True)
    os.replace(part, directory)
    return count[0]


ARTICLE_COLUMNS = (("article_id", "string"), ("title", "string"), ("outlet", "string"), ("url", "string"),
                   ("published", "string"), ("story_date", "date"), ("timezone", "string"),
                   ("language", "string"), ("origin", "string"), ("author", "string"), ("content_hash", "string"))


def write_articles(records: Iterable[dict[str, Any]], fmt: str, out: Any) -> int:
    """Article records (without their text) as CSV or Parquet, with a typed `story_date`."""
    rows = ({**{name: record.get(name) for name, _ in ARTICLE_COLUMNS},
             "story_date": date.fromisoformat(record["story_date"]) if record.get("story_date") else None}
            for record in records)
    if fmt == "parquet":
        return _write_parquet(rows, _arrow_schema(ARTICLE_COLUMNS), out)
    return _write_delimited(rows, [name for name, _ in ARTICLE_COLUMNS], out, fmt)
