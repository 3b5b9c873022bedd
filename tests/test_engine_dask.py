"""`--engine dask`: the same events and articles as the local engine, whatever runs the batches.

The cluster tests start a real LocalCluster of two worker processes (each loads the pipeline),
so they take some seconds; everything else here needs no cluster.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.engine import run_ingest
from dyad.errors import ConfigError, MissingExtra
from dyad.store import open_store
from tests.conftest import EXAMPLES, requires_shared

runner = CliRunner()

# Fresh sentences written for this test (no corpus text): several stories, an exact copy, a near
# copy (one word added), a record without text (skipped) and a line that is not JSON (a failure).
STORIES = [
    ("s1", "Ministers meet on border", "Norway and Finland signed a border agreement in Oslo on Tuesday. "
     "The foreign ministers of both countries said the treaty ends a long dispute."),
    ("s2", "Protest in capital", "Thousands of farmers protested outside the parliament in Madrid on Monday "
     "against new water rules. Police arrested twelve protesters near the building."),
    ("s3", "Talks planned", "The president of Kenya will visit Tanzania next week to discuss trade, his office "
     "said on Friday. Tanzania welcomed the visit."),
    ("s4", "Sanctions", "The European Union imposed sanctions on Belarus on Thursday over the detention of "
     "opposition leaders. Belarus condemned the decision and threatened to respond. The measures freeze the "
     "assets of twenty officials and ban them from travelling to the bloc. Lithuania and Poland had asked for "
     "tougher steps for months, diplomats in Brussels said. The government in Minsk summoned the ambassador of "
     "Germany and accused Berlin of leading the campaign. Further talks among the member states are expected "
     "at the summit in June, where leaders will review the list."),
    ("s5", "Aid pledged", "Japan pledged 50 million dollars in aid to the Philippines after the storm, the "
     "Japanese embassy said on Wednesday. Manila thanked Tokyo for the support."),
    ("s6", "Troops withdraw", "Russia withdrew troops from the border with Georgia on Saturday, the defence "
     "ministry in Moscow said. Georgia demanded that Russia respect its sovereignty."),
]


def write_input(folder) -> str:
    lines = [{"id": sid, "title": title, "text": text, "date": "2024-05-1" + str(i), "source": "Test Wire",
              "url": f"https://news.example/{sid}"} for i, (sid, title, text) in enumerate(STORIES)]
    lines.append({**lines[1], "id": "s2-copy", "url": "https://other.example/s2"})  # exact copy
    near = STORIES[3][2].replace("in June", "in early June")
    lines.append({**lines[3], "id": "s4-near", "text": near, "url": "https://other.example/s4"})
    lines.append({"id": "empty", "title": "Nothing here", "text": "", "date": "2024-05-20"})
    path = folder / "stories.jsonl"
    text = "\n".join(json.dumps(line) for line in lines) + "\n{not json\n"  # the last line is a failure
    path.write_text(text, encoding="utf-8")
    return str(path)


def stored(store) -> dict:
    """What an ingest leaves in a store, in a form that does not depend on the order of storing."""
    return {
        "events": sorted((e["event_id"], json.dumps(e, sort_keys=True, default=str)) for e in store.iter_events()),
        "articles": sorted(json.dumps(a, sort_keys=True, default=str) for a in store.articles(limit=1000)),
        "links": sorted(json.dumps(link, sort_keys=True, default=str) for link in store.links()),
        "failures": sorted((f["origin"], f["position"], f["reason"]) for f in store.failures()),
    }


def counts(summary) -> tuple:
    return (summary.read, summary.stored, summary.duplicates, summary.near_duplicates, summary.failed,
            summary.skipped, summary.events)


REUTERS_STORIES = 200  # issue 14: the shipped samples plus 200 Reuters stories


def write_reuters(folder) -> str:
    """The first 200 Reuters-21578 stories with a body, read from ../shared (never copied into the repo)."""
    lines = []
    with open(requires_shared("corpus", "reuters21578.jsonl"), encoding="utf-8") as corpus:
        for line in corpus:
            if json.loads(line).get("text", "").strip():
                lines.append(line)
            if len(lines) == REUTERS_STORIES:
                break
    path = folder / "reuters200.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def local_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    specs = [str(EXAMPLES), write_input(folder), write_reuters(folder)]
    with open_store(folder / "local.duckdb") as store:
        summary = run_ingest(specs, store, batch_size=8)
        return specs, counts(summary), stored(store)


def test_a_local_cluster_of_two_workers_stores_what_the_local_engine_stores(tmp_path, local_result):
    specs, local_counts, local_stored = local_result
    assert local_counts[3] >= 1 and local_counts[4] == 1 and local_counts[6] > 100  # near copy, failure, events
    assert local_counts[0] >= REUTERS_STORIES + 10
    with open_store(tmp_path / "dask.duckdb") as store:
        summary = run_ingest(specs, store, batch_size=8, workers=2, engine="dask")
        assert counts(summary) == local_counts
        assert stored(store) == local_stored


def test_the_local_clusters_workers_run_without_the_statistical_profiler():
    """The profiler samples the coding thread every 10 ms for a dashboard dyad does not start: it
    cost the workers about a sixth of their speed (docs/PERFORMANCE.md)."""
    pytest.importorskip("distributed")
    from dyad.engine.dask_executor import DaskExecutor
    from dyad.engine.executors import CoderSpec

    executor = DaskExecutor(CoderSpec(None, 8, ()), workers=1)
    try:
        callbacks = executor.client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))
    finally:
        executor.close()
    assert callbacks and all("heartbeat" in names and "profile" not in names for names in callbacks.values())


@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(tmp_path, local_result):
    """One worker process exits while it codes a batch; Dask retries the batch on a worker
    (the nanny restarts the dead one) and the store ends up exactly as with the local engine."""
    distributed = pytest.importorskip("distributed")
    from distributed.diagnostics.plugin import WorkerPlugin

    class DieOnceWhileCoding(WorkerPlugin):
        """The first worker (of all) to start coding a batch exits hard while coding it."""

        def __init__(self, flag: str):
            self.flag = flag

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and str(key).startswith("_dask_code"):
                try:
                    os.close(os.open(self.flag, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    return
                import threading

                threading.Timer(0.3, os._exit, args=(1,)).start()

    specs, local_counts, local_stored = local_result
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        client.register_plugin(DieOnceWhileCoding(str(tmp_path / "died")))
        with open_store(tmp_path / "dask.duckdb") as store:
            summary = run_ingest(specs, store, batch_size=8, engine="dask", scheduler=cluster.scheduler_address)
            assert (tmp_path / "died").exists()  # a worker did die mid-batch
            assert counts(summary) == local_counts
            assert stored(store) == local_stored


def test_a_missing_cluster_extra_is_the_e302_message(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with open_store(tmp_path / "x.duckdb") as store, pytest.raises(MissingExtra) as caught:
        run_ingest([str(EXAMPLES)], store, engine="dask")
    assert caught.value.code == "E302" and "dyad-events[cluster]" in caught.value.message
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "y.duckdb"), "--engine", "dask"])
    assert result.exit_code == 2 and "[E302]" in result.output and "pip install 'dyad-events[cluster]'" in result.output


@pytest.mark.parametrize("address, reason", [("tcp://127.0.0.1:1", "cannot reach the Dask scheduler"),
                                             ("nonsense", "not a Dask scheduler address"),
                                             ("http://host:8786", "not a Dask scheduler address")])
def test_a_bad_scheduler_address_is_a_one_line_error(tmp_path, monkeypatch, address, reason):
    monkeypatch.setattr("dyad.engine.dask_executor.CONNECT_TIMEOUT", "1s")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"), "--engine", "dask",
                                 "--scheduler", address, "--quiet"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and reason in lines[0] and address in lines[0] and "[E300]" in lines[0], result.output


def test_unknown_engine_and_a_scheduler_without_dask_are_config_errors(tmp_path):
    with open_store(tmp_path / "x.duckdb") as store:
        with pytest.raises(ConfigError, match="unknown engine 'spark'"):
            run_ingest([str(EXAMPLES)], store, engine="spark")
        with pytest.raises(ConfigError, match="--scheduler needs --engine dask"):
            run_ingest([str(EXAMPLES)], store, scheduler="tcp://127.0.0.1:8786")
