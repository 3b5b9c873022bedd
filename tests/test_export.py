"""Exports: JSONL is the record itself; CSV and Parquet give the same flat rows, headers always."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from dyad.errors import QueryError
from dyad.export import FLAT_COLUMNS, flatten, parquet_schema, write_events
from dyad.models import Actor, Article, CodedArticle, Event, Evidence, Location
from dyad.store import open_store


def event(n: int, *, target: bool = True, located: bool = True, contexts=("military", "economic")) -> Event:
    """A valid event; even numbers have everything, odd ones lack the optional objects."""
    return Event(
        event_id=f"e_{n}", article_id="a_1", type="CONSULT", mode="visit", contexts=tuple(contexts),
        cameo="042", quad_class=1, intensity=1.5,
        source=Actor("Russian President Vladimir Putin", "Vladimir Putin", "RUS", "GOV", "RUSGOV"),
        target=Actor("Kim Jong Un", "Kim Jong Un", "PRK", "GOV", "PRKGOV") if target else None,
        date="2023-09-13", date_precision="day", date_basis="relative", story_date="2023-09-15",
        modality="asserted",
        attribution=Actor("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "RUS", "GOV", "RUSGOV")
        if n % 2 == 0 else None,
        location=Location("Komsomolsk-on-Amur", "RUS", 50.55, 137.0, 2021851) if located else None,
        evidence=Evidence(n, f"Putin met Kim in «Восточный», line {n},\nwith \"quotes\".", "met", 812, 930),
        confidence=0.82, mentions=2, sources=1,
    )


RECORDS = [event(0).to_record(), event(1, target=False, located=False, contexts=()).to_record()]


def test_flat_columns_cover_every_record_field():
    exported = {**RECORDS[0], "article": {"outlet": "Wire", "url": "https://example.org/1", "title": "Talks",
                                                                     "published": "2023-09-15T08:30:00+03:00"},
                "incident_id": "i_0"}  # what `dyad export` adds to the stored record
    flat = flatten(exported)
    assert tuple(flat) == FLAT_COLUMNS
    assert None not in flat.values()  # a complete record fills every column
    assert (flat["date_start"], flat["date_end"]) == (date(2023, 9, 13), date(2023, 9, 13))
    assert parquet_schema().names == list(FLAT_COLUMNS)


def test_flatten_values():
    full, sparse = (flatten(r) for r in RECORDS)
    assert full["source_code"] == "RUSGOV"
    assert full["target_country"] == "PRK"
    assert full["attribution_name"] == "Dmitry Peskov"
    assert (full["location_lat"], full["location_geonames_id"]) == (50.55, 2021851)
    assert (full["evidence_char_start"], full["evidence_trigger"]) == (812, "met")
    assert full["contexts"] == ["military", "economic"]
    assert all(sparse[f"target_{k}"] is None for k in ("text", "name", "country", "sector", "code"))
    assert sparse["location_name"] is None and sparse["attribution_text"] is None


def test_jsonl_lines_are_the_records():
    out = io.BytesIO()
    assert write_events(iter(RECORDS), "jsonl", out) == 2
    lines = out.getvalue().decode("utf-8").splitlines()
    assert lines == [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    assert "«Восточный»" in lines[0]  # not escaped
    assert [json.loads(line) for line in lines] == RECORDS


def test_csv_header_and_flat_values():
    out = io.StringIO()
    write_events(RECORDS, "CSV", out)
    out.seek(0)
    reader = csv.reader(out)
    assert tuple(next(reader)) == FLAT_COLUMNS
    rows = [dict(zip(FLAT_COLUMNS, row, strict=True)) for row in reader]
    assert len(rows) == 2
    assert rows[0]["contexts"] == "military;economic"
    assert rows[0]["evidence_sentence"] == RECORDS[0]["evidence"]["sentence"]  # quotes and newline kept
    assert rows[0]["location_lon"] == "137.0"
    assert rows[1]["contexts"] == "" and rows[1]["target_code"] == "" and rows[1]["location_lat"] == ""


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_empty_export_still_has_its_columns(fmt, tmp_path):
    path = tmp_path / f"empty.{fmt}"
    assert write_events([], fmt, path) == 0
    if fmt == "csv":
        assert path.read_text(encoding="utf-8") == ",".join(FLAT_COLUMNS) + "\n"
    else:
        table = pq.read_table(path)
        assert table.num_rows == 0 and table.schema.names == list(FLAT_COLUMNS)


def test_parquet_reads_back_as_the_flat_rows(tmp_path):
    path = tmp_path / "events.parquet"
    many = [event(n, target=n % 3 != 0, located=n % 2 == 0).to_record() for n in range(25)]
    assert write_events(iter(many), "parquet", path, batch_size=10) == 25
    parquet = pq.ParquetFile(path)
    assert parquet.num_row_groups == 3  # written batch by batch, not all at once
    assert parquet.read().to_pylist() == [flatten(r) for r in many]
    assert not (tmp_path / "events.parquet.part").exists()


def test_parquet_to_a_binary_stream_leaves_it_open():
    out = io.BytesIO()
    write_events(RECORDS, "parquet", out)
    assert not out.closed
    assert pq.read_table(io.BytesIO(out.getvalue())).to_pylist() == [flatten(r) for r in RECORDS]


def test_parquet_refuses_a_text_stream_without_bytes():
    with pytest.raises(TypeError, match="binary stream"):
        write_events(RECORDS, "parquet", io.StringIO())


def test_unknown_format_is_a_query_error():
    with pytest.raises(QueryError, match=r"\[E401\] format: 'xml' is not an export format; use one of jsonl"):
        write_events(RECORDS, "xml", io.StringIO())


def test_a_failed_export_leaves_no_file(tmp_path):
    def broken():
        yield RECORDS[0]
        raise RuntimeError("store went away")

    path = tmp_path / "events.jsonl"
    with pytest.raises(RuntimeError):
        write_events(broken(), "jsonl", path)
    assert list(tmp_path.iterdir()) == []


def test_exporting_a_store(tmp_path):
    article = Article(id="a_1", text="Putin met Kim.", content_hash="h_1", story_date=date(2023, 9, 15))
    events = (event(0), event(1, target=False))
    with open_store(tmp_path / "dyad.duckdb") as store:
        store.add(CodedArticle(article, events))
        path = tmp_path / "out.jsonl"
        assert write_events(store.iter_events(), "jsonl", path) == 2
    assert path.read_text(encoding="utf-8") == "".join(
        json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in events)
