"""The analysis functions of dyad.api and their commands: trend, network, top, incidents, incident."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from typer.testing import CliRunner

import dyad.api as api
from dyad.cli import app
from dyad.errors import QueryError
from dyad.incidents import update_incidents
from dyad.models import CodedArticle
from dyad.store import open_store
from tests.test_incidents import article, event

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return build_store(str(tmp_path_factory.mktemp("analysis") / "store.duckdb"))


def build_store(path: str) -> str:
    """August and October 1987 have articles, September none. USA->IRN: one strike reported
    three times on 19 October, a seizure (COERCE) in August; IRN->USA: an accusation in October;
    IRN-IRQ talks."""
    a = [article(1, "Wire", date(1987, 10, 20)), article(2, "Paper", date(1987, 10, 20)),
         article(3, "Wire", date(1987, 10, 21)), article(4, "Wire", date(1987, 8, 3)),
         article(5, "Radio", date(1987, 10, 22))]
    with open_store(path) as store:
        store.add(CodedArticle(a[0], (event(a[0]),)))
        store.add(CodedArticle(a[1], (event(a[1]),)))
        store.add(CodedArticle(a[2], (event(a[2], when="1987-10-19"),)))
        store.add(CodedArticle(a[3], (event(a[3], type="COERCE", when="1987-08-02", place=None),)))
        store.add(CodedArticle(a[4], (event(a[4], type="ACCUSE", source="IRN", target="USA", when="1987-10-21"),
                                      event(a[4], 1, type="CONSULT", source="IRN", target="IRQ",
                                            when="1987-10-21"))))
        update_incidents(store)
    return path


def test_trend_counts_incidents_by_default_and_marks_periods_without_articles_empty(db):
    rows = api.trend(db, dyad="USA:IRN", every="month")
    assert [(r["period"], r["type"], r["count"]) for r in rows] == [
        ("1987-08", "COERCE", 1), ("1987-09", None, None), ("1987-10", "ASSAULT", 1)]
    events = api.trend(db, dyad="USA:IRN", every="month", unit="event")
    assert events[-1]["count"] == 3 and events[-1]["mean_intensity"] == -9.0
    assert api.trend(db, dyad="USA:IRN", every="year", since="1987-10")[0]["period"] == "1987"
    quiet = api.trend(db, dyad="IRQ:USA", every="month", since="1987-08", until="1987-10")
    assert [r["count"] for r in quiet] == [0, None, 0], "articles but no record is zero; no articles is empty"


def test_network_top_and_incident_reads(db):
    graph = api.network(db)
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert edges[("USA", "IRN")]["count"] == 2 and edges[("USA", "IRN")]["sign"] == -1.0
    assert {n["id"] for n in graph["nodes"]} == {"USA", "IRN", "IRQ"}
    assert api.network(db, min_count=2)["edges"] == [edges[("USA", "IRN")]]
    top = api.top(db, by="dyad")
    assert top[0]["key"] == "USA:IRN" and top[0]["count"] == 2
    assert api.top(db, by="dyad", unit="event")[0]["count"] == 4
    assert [r["key"] for r in api.top(db, by="month")] == ["1987-10", "1987-08"]
    (strike,) = api.incidents(db, dyad="USA:IRN", type="ASSAULT")
    assert strike["article_count"] == 3 and api.incident(db, strike["incident_id"]) == strike
    assert api.incident(db, "i_nothing") is None
    assert [r["type"] for r in api.incidents(db, quad=1)] == ["CONSULT"]
    assert api.events(db, sector="MIL") == [] and len(api.events(db, plover_context="military")) == 6
    with pytest.raises(QueryError, match="quad"):
        api.top(db, quad=7)
    with pytest.raises(QueryError, match="unit"):
        api.trend(db, dyad="USA:IRN", unit="story")


def test_the_commands_write_the_interfaces_others_script_against(db, tmp_path):
    out = runner.invoke(app, ["trend", "--db", db, "--dyad", "USA:IRN", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["period", "type", "quad_class", "count", "mean_intensity"]
    assert rows[1] == {"period": "1987-09", "type": "", "quad_class": "", "count": "", "mean_intensity": ""}
    lines = runner.invoke(app, ["incidents", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    first = json.loads(lines[0])
    for key in ("incident_id", "source", "target", "type", "date", "modality", "event_ids", "articles",
                "article_count", "outlets", "first_reported", "last_reported"):
        assert key in first
    graph = json.loads(runner.invoke(app, ["network", "--db", db, "--format", "json"]).stdout)
    assert set(graph) == {"nodes", "edges"}
    root = ET.fromstring(runner.invoke(app, ["network", "--db", db, "--format", "graphml"]).stdout_bytes)
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == len(graph["edges"])
    shown = runner.invoke(app, ["incident", first["incident_id"], "--db", db])
    assert shown.exit_code == 0 and "Sentence" in shown.stdout and "Radio" in shown.stdout
    missing = runner.invoke(app, ["incident", "i_nothing", "--db", db])
    assert missing.exit_code == 2 and "no incident" in missing.output
    rebuilt = runner.invoke(app, ["incidents", "rebuild", "--db", db])
    assert rebuilt.exit_code == 0 and json.loads(
        runner.invoke(app, ["incidents", "--db", db, "--format", "jsonl"]).stdout.splitlines()[0]) == first
    top = runner.invoke(app, ["top", "--db", db, "--by", "actor", "--format", "json"])
    assert json.loads(top.stdout)[0] == {"key": "IRN", "count": 4, "cooperation": 1, "conflict": 3,
                                         "mean_intensity": -4.0}


def test_charts_are_written_as_png_and_svg(db, tmp_path):
    png, svg = tmp_path / "trend.png", tmp_path / "net.svg"
    assert runner.invoke(app, ["trend", "--db", db, "--dyad", "USA:IRN", "--plot", str(png)]).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert runner.invoke(app, ["network", "--db", db, "--plot", str(svg)]).exit_code == 0
    assert b"<svg" in svg.read_bytes()[:500]
    bad = runner.invoke(app, ["network", "--db", db, "--plot", str(tmp_path / "net.gif")])
    assert bad.exit_code == 2 and ".png or .svg" in bad.output
