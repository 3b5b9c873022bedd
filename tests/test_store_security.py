"""Hostile input through every filter of the CLI and of the store, on both backends.

Every value travels as a query parameter, so an injection string is just a string: the command
answers with a clear one-line error (a value that is no valid filter) or an empty result, never a
crash, and the database is unchanged afterwards.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.query import EventFilter
from dyad.store import open_store
from tests.test_store_backends import fill

HOSTILE = ["'; DROP TABLE events; --", "RUS'; DELETE FROM articles; --", "' OR '1'='1", "%", "_", "\\", "\\\\",
           "\x00", "RUS\x00", "%' OR 1=1 --", "$1", "?", "%s", "RUS" + "x" * 100_000, "\u202e\ufeff"]
"""SQL metacharacters, LIKE wildcards, backslashes, NUL, placeholders of both drivers, 100 KB."""
CLI_HOSTILE = ["'; DROP TABLE events; --", "' OR '1'='1", "%", "_", "\\", "\x00", "RUS\x00", "%s",
               "RUS" + "x" * 100_000]
"""The subset each CLI option gets (every CLI call opens the store: the full list is for the store)."""

EVENTS_OPTIONS = ["--actor", "--dyad", "--type", "--since", "--until", "--modality", "--limit", "--format"]
runner = CliRunner()


def snapshot(url: str) -> str:
    with open_store(url, read_only=True) as store:
        return json.dumps([store.counts(), store.events(), store.articles(with_text=True), store.links(),
                           store.failures()], default=str)


def check_answer(result, command: list[str]) -> None:
    shown = " ".join(a[:40] for a in command)
    assert result.exit_code in (0, 2), f"{shown}: exit {result.exit_code}\n{result.output[-2000:]}"
    assert "Traceback" not in result.output and "E900" not in result.output, shown
    if result.exit_code == 2:  # a refusal: one short error line that says what is wrong
        assert "[E" in result.output or "Usage:" in result.output, shown
        if "[E" in result.output:
            assert len(result.output.strip().splitlines()) == 1 and len(result.output) < 1000, shown


@pytest.fixture
def filled_url(store_url) -> str:
    with open_store(store_url) as store:
        fill(store)
    return store_url


@pytest.mark.parametrize("option", EVENTS_OPTIONS)
def test_hostile_values_through_every_events_filter(filled_url, option):
    before = snapshot(filled_url)
    for value in CLI_HOSTILE:
        command = ["events", "--db", filled_url, option, value] + (["--format", "jsonl"]
                                                                  if option != "--format" else [])
        result = runner.invoke(app, command)
        check_answer(result, command)
        if result.exit_code == 0 and option != "--format":
            assert result.output.strip() == "", f"{option} {value[:40]!r} matched events"
    assert snapshot(filled_url) == before


def test_hostile_values_through_the_article_and_delete_commands(filled_url):
    before = snapshot(filled_url)
    for value in CLI_HOSTILE:
        for command in (["articles", "--db", filled_url, "--id", value, "--format", "jsonl"],
                        ["articles", "--db", filled_url, "--limit", value],
                        ["articles", "delete", value, "--db", filled_url]):
            result = runner.invoke(app, command)
            check_answer(result, command)
            if command[-1] == "jsonl":
                assert result.exit_code == 0 and result.output.strip() == ""
    assert snapshot(filled_url) == before


def test_hostile_database_addresses_are_refused_cleanly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for value in CLI_HOSTILE[:6] + ["postgresql://x'; DROP TABLE events; --@127.0.0.1:1/db"]:
        command = ["events", "--db", value]
        result = runner.invoke(app, command)
        assert result.exit_code == 2, command
        assert "Traceback" not in result.output


@pytest.mark.parametrize("field", ["actor", "type", "modality", "dyad"])
def test_the_store_parameterises_filters_it_did_not_validate(filled_url, field):
    """Below the parser: raw strings in an EventFilter are compared as values, never run as SQL."""
    before = snapshot(filled_url)
    with open_store(filled_url) as store:
        for value in HOSTILE:
            raw = (value, value) if field == "dyad" else value
            assert store.events(EventFilter(**{field: raw})) == []
            assert list(store.iter_events(EventFilter(**{field: raw}))) == []
            assert store.articles(value) == [] and store.links(value) == [] and store.events_of(value) == []
            assert not store.has_article(value, value)
    assert snapshot(filled_url) == before
