"""`dyad serve` from the command line: it serves, and a bad database is a one-line error."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback_and_stops(sample_db):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "dyad.cli", "serve", "--db", str(sample_db), "--read-only",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).json()
                break
            except httpx.HTTPError:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "dyad serve did not answer in 60 s"
                time.sleep(0.2)
        assert stats["read_only"] is True and stats["counts"]["events"] > 0
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "<h1>Overview</h1>" in page.text
        assert "server" not in page.headers  # no banner
    finally:
        process.terminate()
        process.wait(20)


def test_serve_read_only_without_a_store_is_a_one_line_error(tmp_path):
    out = subprocess.run([sys.executable, "-m", "dyad.cli", "serve", "--db", str(tmp_path / "none.duckdb"),
                          "--read-only"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("error [E400]") and "no store here to read" in out.stderr
    assert "Traceback" not in out.stderr
