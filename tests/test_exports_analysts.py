"""Every export format loaded with the reader analysts use (pandas, pyarrow, duckdb): columns
and one known record; and the README's one-line pandas recipe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import dyad.api as api
from dyad.analysis.exports import GDELT_COLUMNS, INCIDENT_COLUMNS, POLECAT_KEYS
from dyad.cli import app
from dyad.export import FLAT_COLUMNS
from tests.test_analysis import build_store

runner = CliRunner()
README = Path(__file__).resolve().parents[1] / "README.md"
STRIKE = "e_a_002_0"  # USA -> IRN ASSAULT on 1987-10-19, reported by "Paper" (article 2)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return build_store(str(tmp_path_factory.mktemp("exports") / "store.duckdb"))


def _export(db: str, out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["export", "--db", db, "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def test_jsonl_csv_tsv_and_parquet_event_exports_carry_article_incident_and_typed_dates(db, tmp_path):
    jsonl = pd.read_json(_export(db, tmp_path / "e.jsonl", "-f", "jsonl"), lines=True)
    row = jsonl.set_index("event_id").loc[STRIKE]
    assert row["article"] == {"outlet": "Paper", "url": "https://example.org/2", "title": "Story 2",
                              "published": "1987-10-20T09:02:00+00:00"}
    assert row["schema_version"] == 2 and row["incident_id"].startswith("i_")
    csv = pd.read_csv(_export(db, tmp_path / "e.csv", "-f", "csv"), parse_dates=["date_start", "date_end"])
    tsv = pd.read_csv(_export(db, tmp_path / "e.tsv", "-f", "tsv"), sep="\t")
    parquet = pq.read_table(_export(db, tmp_path / "e.parquet", "-f", "parquet")).to_pandas()
    for frame in (csv, tsv, parquet):
        assert tuple(frame.columns) == FLAT_COLUMNS and len(frame) == 6
        strike = frame.set_index("event_id").loc[STRIKE]
        assert (strike["article_outlet"], strike["source_country"], strike["type"]) == ("Paper", "USA", "ASSAULT")
        assert strike["incident_id"] == row["incident_id"]
    assert str(csv["date_start"].dtype).startswith("datetime64")
    assert str(pq.read_schema(tmp_path / "e.parquet").field("date_start").type) == "date32[day]"


def test_parquet_partitioned_by_month_reads_back_as_one_dataset(db, tmp_path):
    folder = _export(db, tmp_path / "events", "-f", "parquet", "--partition", "month")
    assert sorted(p.name for p in folder.iterdir()) == ["month=1987-08", "month=1987-10"]
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pandas()
    assert len(table) == 6 and set(table["month"]) == {"1987-08", "1987-10"}
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/*/*.parquet', hive_partitioning = true) "
                       "WHERE month = '1987-10'").fetchall()[0][0]
    assert count == 5


def test_gdelt_layout_is_tab_separated_without_header_in_its_61_columns(db, tmp_path):
    frame = pd.read_csv(_export(db, tmp_path / "g.tsv", "-f", "gdelt", "--dyad", "USA:IRN"), sep="\t",
                        header=None, names=GDELT_COLUMNS, dtype={"EventCode": str})
    assert len(GDELT_COLUMNS) == 61 and len(frame) == 4
    august = frame[frame["SQLDATE"] == 19870802].iloc[0]
    assert (august["Actor1CountryCode"], august["Actor2CountryCode"], august["QuadClass"]) == ("USA", "IRN", 4)
    assert august["NumArticles"] == 1 and august["DATEADDED"] == 19870803090400
    incidents = pd.read_csv(_export(db, tmp_path / "gi.tsv", "-f", "gdelt", "--unit", "incident", "--dyad",
                                    "USA:IRN"), sep="\t", header=None, names=GDELT_COLUMNS)
    strike = incidents[incidents["SQLDATE"] == 19871019].iloc[0]
    assert (strike["NumMentions"], strike["NumArticles"], strike["NumSources"]) == (3, 3, 2)


def test_polecat_json_lines_and_incident_exports(db, tmp_path):
    polecat = pd.read_json(_export(db, tmp_path / "p.jsonl", "-f", "polecat"), lines=True)
    assert tuple(polecat.columns) == POLECAT_KEYS
    strike = polecat.set_index("Event ID").loc[STRIKE]
    assert (strike["Event Type"], strike["Actor Country"], strike["Recipient Country"], strike["Source"]) == (
        "assault", "USA", "IRN", "Paper")
    columns = [name for name, _ in INCIDENT_COLUMNS]
    for fmt, read in (("csv", pd.read_csv), ("parquet", pd.read_parquet)):
        frame = read(_export(db, tmp_path / f"i.{fmt}", "-f", fmt, "--unit", "incident"))
        assert list(frame.columns) == columns and len(frame) == 4
        strike = frame[frame["type"] == "ASSAULT"].iloc[0]
        assert (strike["article_count"], strike["outlet_count"], str(strike["date_start"])[:10]) == (3, 2, "1987-10-19")
    lines = (tmp_path / "i.jsonl")
    _export(db, lines, "-f", "jsonl", "--unit", "incident", "--quad", "1")
    (talks,) = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert talks["type"] == "CONSULT" and talks["symmetric"] is True


def test_filters_apply_to_exports_and_bad_values_are_one_line_errors(db, tmp_path):
    assert api.export(db, "jsonl", tmp_path / "m.jsonl", plover_context="military", quad=4) == 4
    bad = runner.invoke(app, ["export", "--db", db, "-f", "gdelt", "--partition", "month", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "only Parquet" in bad.output


def test_the_readme_pandas_recipes_load_the_export_and_the_store(db, tmp_path):
    """The README's pandas lines, run as written (file names pointed at this test's files)."""
    text = README.read_text(encoding="utf-8")
    export = re.search(r"^df = pd\.read_parquet\(\"events\.parquet\"\).*$", text, re.M)
    store = re.search(r"^df = duckdb\.connect\(\"events\.duckdb\".*$", text, re.M)
    assert export and store, "README lacks the pandas recipes"
    parquet = _export(db, tmp_path / "events.parquet", "-f", "parquet")
    for line, old, new in ((export.group(0), "events.parquet", str(parquet)), (store.group(0), "events.duckdb", db)):
        namespace: dict = {"pd": pd, "duckdb": duckdb}
        exec(line.replace(old, new), namespace)  # noqa: S102 - the documented recipe, verbatim
        frame = namespace["df"]
        assert len(frame) == 6 and {"source_country", "type"} <= set(frame.columns)
        assert frame.loc[frame["event_id"] == STRIKE, "target_country"].item() == "IRN"


def test_articles_export_as_csv_and_parquet(db, tmp_path):
    csv_out = runner.invoke(app, ["articles", "--db", db, "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    import io

    frame = pd.read_csv(io.StringIO(csv_out.stdout))
    assert len(frame) == 5 and frame.set_index("article_id").loc["a_002", "outlet"] == "Paper"
    out = tmp_path / "articles.parquet"
    assert runner.invoke(app, ["articles", "--db", db, "--format", "parquet", "--out", str(out)]).exit_code == 0
    table = pq.read_table(out)
    assert str(table.schema.field("story_date").type) == "date32[day]" and table.num_rows == 5
