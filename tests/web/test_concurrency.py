"""Ingests through the server while many readers query: no errors, every read answered, every
ingest stored (the benchmark's load driver, smaller: 50 readers, loopback, bounded)."""

from __future__ import annotations

from tests.conftest import load_benchmark
from tests.web.conftest import LiveServer

TOKEN = "benchmark-token"


def test_ingests_while_fifty_readers_query(db_copy):
    from dyad.web import create_app

    bench = load_benchmark("web_api")
    with LiveServer(create_app(str(db_copy), token=TOKEN)) as live:
        result = bench.ingest_under_load(live.url, readers=50, ingests=3, per_reader=4, deadline_s=60)
    assert result["errors"] == 0, result["first_errors"]
    assert result["stored"] == 3
    assert result["reads"] >= 50


def test_server_holds_the_file_and_a_cli_ingest_is_told(db_copy, tmp_path):
    """While the server has the store open for writing, `dyad ingest` into it fails with a message
    that names the cause and the way through the server."""
    import subprocess
    import sys

    from dyad.web import create_app

    story = tmp_path / "story.txt"
    story.write_text("Chile and Peru signed a fisheries accord in Lima on Friday.\n", encoding="utf-8")
    app = create_app(str(db_copy), token=TOKEN)
    try:
        out = subprocess.run([sys.executable, "-m", "dyad.cli", "ingest", str(story), "--db", str(db_copy), "-q"],
                             capture_output=True, text=True, timeout=120)
    finally:
        app.state.store.close()
    assert out.returncode == 2
    assert "another process holds this database" in out.stderr and "POST /api/ingest" in out.stderr
