"""The incident tables on both backends (issues 12 and 15): the store methods the incident stage
and the analyses use, deleting an article, copying a store, and the same articles giving the same
incidents (ids and records) on DuckDB and on PostgreSQL."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad import api
from dyad.cli import app
from dyad.incidents import update_incidents
from dyad.models import CodedArticle
from dyad.query import EventFilter
from dyad.store import open_store
from dyad.store.copy import copy_store
from tests.test_incidents import _corpus, article, event

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def strike_articles() -> list[CodedArticle]:
    """Three reports of one strike (two outlets), one of talks between two others."""
    a1, a2, a3, a4 = article(1, "Wire"), article(2, "Paper"), article(3, "Wire"), article(4, "Radio")
    return [CodedArticle(a1, (event(a1),)), CodedArticle(a2, (event(a2, confidence=0.5),)),
            CodedArticle(a3, (event(a3, basis="publication", place=None),)),
            CodedArticle(a4, (event(a4, type="CONSULT", source="IRQ", target="KWT", place="KWT"),))]


def filled(address: str, items: list[CodedArticle]):
    store = open_store(address)
    for item in items:
        store.add(item)
    update_incidents(store)
    return store


def snapshot(store) -> list[str]:
    return [json.dumps(i, sort_keys=True) for i in store.incidents()]


def test_the_incident_methods_on_every_backend(store_url):
    with filled(store_url, strike_articles()) as store:
        strike, talks = sorted(store.incidents(), key=lambda i: i["type"])
        assert strike["event_ids"] == ["e_a_001_0", "e_a_002_0", "e_a_003_0"] and talks["type"] == "CONSULT"
        assert strike["outlets"] == ["Paper", "Wire"] and strike["date"] == "1987-10-19"
        assert store.incident(strike["incident_id"]) == strike and store.incident("i_nothing") is None
        assert store.incident_counts() == {"incidents": 2, "assigned_events": 4}
        assert store.incident_of_events(["e_a_002_0", "e_a_004_0", "e_unknown"]) == {
            "e_a_002_0": strike["incident_id"], "e_a_004_0": talks["incident_id"]}
        assert [i["incident_id"] for i in store.incidents(EventFilter(actor="KWT"))] == [talks["incident_id"]]
        assert store.incidents(EventFilter(dyad=("USA", "IRN"), since=date(1987, 10, 20))) == []
        assert [i["incident_id"] for i in store.iter_incidents(EventFilter(type="ASSAULT"))] == [strike["incident_id"]]
        assert len(store.incidents(EventFilter(limit=1))) == 1
        assert store.article_day_counts() == [(date(1987, 10, 20), 4)]
        assert store.article_time_periods(["a_001", "a_003"]) == {"a_001": [(date(1987, 10, 19),) * 2]}
        rows = list(store.iter_events_with_articles(EventFilter(actor="IRQ")))
        assert [(r["event_id"], where["outlet"], where["url"]) for r, where in rows] == [
            ("e_a_004_0", "Radio", "https://example.org/4")]
        # idempotent: nothing pending, nothing stale
        assert store.incident_pending_rows() == [] and store.incident_stale_blocks() == set()
        before = snapshot(store)
        again = update_incidents(store)
        assert (again.new_events, again.blocks) == (0, 0) and snapshot(store) == before
        # a re-coded event (same id, other content) makes its block stale, and it is redone
        a2 = article(2, "Paper")
        store.replace_events(CodedArticle(a2, (event(a2, when="1987-10-05"),)))
        (stale,) = store.incident_stale_blocks()
        assert sorted(json.loads(row[0])["event_id"] for _, row in store.incident_block_rows([stale])) == [
            "e_a_001_0", "e_a_002_0", "e_a_003_0"]
        update_incidents(store)
        assert {frozenset(i["event_ids"]) for i in store.incidents()} == {
            frozenset({"e_a_001_0", "e_a_003_0"}), frozenset({"e_a_002_0"}), frozenset({"e_a_004_0"})}
        assert store.incident_stale_blocks() == set()


def test_a_store_opened_read_only_reads_incidents(store_url):
    filled(store_url, strike_articles()).close()
    with open_store(store_url, read_only=True) as reader:
        assert len(reader.incidents()) == 2 and reader.incident_counts()["assigned_events"] == 4


@pytest.mark.parametrize("gone", ["a_002", "a_004"])
def test_deleting_an_article_regroups_or_removes_its_incidents(store_url, tmp_path, gone):
    items = strike_articles()
    with filled(store_url, items) as store:
        removed = api.delete_article(store, gone)
        assert removed["articles"] == 1 and removed["incidents"] == 1
        assert removed["incident_mentions"] == (3 if gone == "a_002" else 1)
        assert store.incident_of_events([f"e_{gone}_0"]) == {}
        after = snapshot(store)
        assert store.incident_counts()["assigned_events"] == 3 and store.incident_pending_rows() == []
        assert api.delete_article(store, gone) == {}
    # exactly the incidents of a store that never had the article
    with filled(str(tmp_path / "never.duckdb"), [i for i in items if i.article.id != gone]) as never:
        assert after == snapshot(never)


def test_a_delete_without_a_regroup_leaves_the_other_mentions_pending(store_url):
    with filled(store_url, strike_articles()) as store:
        assert store.delete_article("a_001") == {"events": 1, "article_links": 1, "article_signatures": 0,
                                                 "articles": 1, "incidents": 1, "incident_mentions": 3}
        assert sorted(json.loads(r[0])["event_id"] for r in store.incident_pending_rows()) == [
            "e_a_002_0", "e_a_003_0"]
        assert update_incidents(store).new_events == 2
        (strike,) = [i for i in store.incidents() if i["type"] == "ASSAULT"]
        assert strike["event_ids"] == ["e_a_002_0", "e_a_003_0"]


@pytest.mark.parametrize("direction", ["duckdb->postgres", "postgres->duckdb"])
def test_copy_carries_incidents_and_leaves_nothing_to_redo(direction, tmp_path, pg_schema_url):
    duck = str(tmp_path / "copy.duckdb")
    source, target = (duck, pg_schema_url) if direction.startswith("duckdb") else (pg_schema_url, duck)
    with filled(source, _corpus()) as store:
        expected, counts = snapshot(store), store.incident_counts()
        fingerprint = store.incident_params_fingerprint()
    with open_store(source, read_only=True) as src, open_store(target) as dst:
        copied = copy_store(src, dst, page=7)
        assert (copied["incidents"], copied["incident_mentions"]) == (counts["incidents"], counts["assigned_events"])
        assert snapshot(dst) == expected and dst.incident_params_fingerprint() == fingerprint
        assert dst.incident_stale_blocks() == set(), "the copied record hashes match the copied events"
        again = update_incidents(dst)
        assert (again.rebuilt, again.new_events, again.blocks) == (False, 0, 0) and snapshot(dst) == expected


def test_the_same_articles_give_identical_incidents_on_both_backends(tmp_path, pg_schema_url):
    items = _corpus()
    duck = filled(str(tmp_path / "same.duckdb"), items)
    pg = filled(pg_schema_url, list(reversed(items)))  # another order of arrival, too
    try:
        assert snapshot(pg) == snapshot(duck) and len(snapshot(duck)) > 10
        for store in (duck, pg):
            store.replace_events(replace(items[0], events=items[0].events[:1]))
            update_incidents(store)
        assert snapshot(pg) == snapshot(duck)
        ids = [i["incident_id"] for i in duck.incidents()]
        assert [i["incident_id"] for i in pg.iter_incidents()] == sorted(ids)
    finally:
        duck.close()
        pg.close()


def test_ingest_and_every_incident_analysis_agree_across_backends(tmp_path, pg_schema_url):
    """The sample articles through the whole flow into each backend, then every reading of the
    incidents (incidents, incident, trend, network, top, export --unit incident) is the same."""
    duck = str(tmp_path / "examples.duckdb")
    results = []
    for db in (duck, pg_schema_url):
        api.ingest([EXAMPLES], db)
        incidents = api.incidents(db)
        out = io.BytesIO()
        count = api.export(db, "jsonl", out, unit="incident")
        events_out = io.BytesIO()
        api.export(db, "csv", events_out)
        results.append({
            "incidents": incidents, "one": api.incident(db, incidents[0]["incident_id"]),
            "trend": api.trend(db, dyad=None, every="year"), "network": api.network(db),
            "top": api.top(db, by="dyad"), "export": (count, out.getvalue()),
            "event_rows": sorted(events_out.getvalue().decode().splitlines()),
        })
    duck_result, pg_result = results
    assert len(duck_result["incidents"]) >= 5 and duck_result["export"][0] == len(duck_result["incidents"])
    for key in duck_result:
        assert pg_result[key] == duck_result[key], key


def test_the_incident_commands_read_either_backend(store_url):
    filled(store_url, strike_articles()).close()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", store_url])
        assert result.exit_code == 0, (args, result.output)
        return result.output

    listed = [json.loads(line) for line in run("incidents", "--format", "jsonl").splitlines()]
    assert sorted(i["mention_count"] for i in listed) == [1, 3]
    strike = next(i for i in listed if i["type"] == "ASSAULT")
    assert "3 reports in 3 articles from 2 outlets" in run("incident", strike["incident_id"])
    assert "USA" in run("top", "--by", "dyad") and "IRN" in run("network")
    assert "ASSAULT" in run("trend", "--dyad", "USA:IRN", "--every", "month")
    exported = [json.loads(line) for line in run("export", "--unit", "incident", "--format", "jsonl").splitlines()]
    assert {i["incident_id"] for i in exported} == {i["incident_id"] for i in listed}
    assert "1 incidents, 3 incident_mentions" in run("articles", "delete", "a_001")
    after = [json.loads(line) for line in run("incidents", "--format", "jsonl").splitlines()]
    assert sorted(i["event_ids"] for i in after) == [["e_a_002_0", "e_a_003_0"], ["e_a_004_0"]]


def test_two_incident_updates_of_one_postgres_store_take_turns(pg_schema_url, tmp_path):
    items = _corpus()
    with filled(str(tmp_path / "reference.duckdb"), items) as reference:
        expected = snapshot(reference)
    first, second = open_store(pg_schema_url), open_store(pg_schema_url)  # two sessions, as two ingests
    try:
        for n, item in enumerate(items):
            (first if n % 2 else second).add(item)
        with first.incident_update_lock():
            waiting = threading.Thread(target=update_incidents, args=(second,))
            waiting.start()
            waiting.join(0.5)
            assert waiting.is_alive(), "the second update waits for the first to finish"
            assert second.incident_counts()["incidents"] == 0
        waiting.join(30)
        assert snapshot(second) == expected
        # both at once, again and again: never a report left out, never a different result
        for _ in range(3):
            update_incidents(first, rebuild=True)
            runs = [threading.Thread(target=update_incidents, args=(store,), kwargs={"rebuild": True})
                    for store in (first, second)]
            for run in runs:
                run.start()
            for run in runs:
                run.join(60)
            assert snapshot(first) == expected and first.incident_pending_rows() == []
    finally:
        first.close()
        second.close()
