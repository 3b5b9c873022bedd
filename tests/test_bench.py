"""`dyad bench`: the input subset, memory summed over a process tree, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dyad.bench import BenchRow, _PeakMemory, export_ref, format_rows, run_bench, subset
from dyad.cli import app
from dyad.errors import InputError

# a parent that starts two children, each holding about 80 MB for a moment
_TREE = """
import subprocess, sys
code = "b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(1.5)"
children = [subprocess.Popen([sys.executable, '-c', code]) for _ in range(2)]
for c in children:
    c.wait()
"""


def test_peak_memory_is_summed_over_the_whole_process_tree():
    process = subprocess.Popen([sys.executable, "-c", _TREE])
    sampler = _PeakMemory(process.pid, every=0.05)
    sampler.start()
    process.wait()
    sampler.stop()
    assert sampler.rss_kb / 1024 > 160  # two children of 80 MB: neither alone reaches it
    assert 0 < sampler.pss_kb <= sampler.rss_kb


def test_subset_takes_the_first_stories_with_a_body(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [{"id": "a", "text": "One."}, {"id": "b", "text": "  "}, {"id": "c", "text": "Two."},
             {"id": "d", "text": "Three."}]
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = subset(corpus, 2, tmp_path)
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a", "c"]


def test_rows_are_compared_with_the_baseline():
    rows = [BenchRow("baseline", 100, 10.0, 400, 300, tokens=20_000),
            BenchRow("dyad", 100, 4.0, 600, 450, tokens=20_000, events=7, sentences_parsed=30, sentences_skipped=70)]
    table = format_rows(rows)
    assert "2.50" in table[2] and "5,000" in table[2] and " 70 " in table[2]


def test_missing_corpus_and_unknown_ref_are_clear_errors(tmp_path):
    result = CliRunner().invoke(app, ["bench", "--corpus", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "corpus not found" in result.output
    with pytest.raises(InputError, match="not a commit"):
        export_ref("no-such-ref-xyz", tmp_path / "ref")


@pytest.mark.slow
def test_bench_runs_baseline_dyad_and_an_earlier_commit(tmp_path):
    corpus = tmp_path / "c.jsonl"
    text = "Egypt's foreign minister met his Jordanian counterpart in Cairo on Monday."
    corpus.write_text("".join(json.dumps({"id": str(i), "text": text, "date": "2024-05-15"}) + "\n"
                              for i in range(3)), encoding="utf-8")
    rows = run_bench(corpus, limit=3, workers=1, ref="HEAD")
    assert [r.stories for r in rows] == [3, 3, 3]
    assert rows[1].sentences_parsed == 1 and rows[1].peak_rss_mb > 100


@pytest.mark.slow
def test_bench_measures_the_dask_engine_beside_the_local_one(tmp_path):
    pytest.importorskip("distributed")
    corpus = tmp_path / "c.jsonl"
    text = "Egypt's foreign minister met his Jordanian counterpart in Cairo on Monday."
    corpus.write_text("".join(json.dumps({"id": str(i), "text": text + f" Talks lasted {i} hours.",
                                          "date": "2024-05-15"}) + "\n" for i in range(4)), encoding="utf-8")
    rows = run_bench(corpus, limit=4, workers=2, dask=True)
    assert [r.name for r in rows] == ["baseline spaCy x2", "dyad x2", "dyad dask x2"]
    assert rows[1].events == rows[2].events > 0
