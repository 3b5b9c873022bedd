"""A feature behind an optional extra says which extra to install instead of failing on an import."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from dyad.errors import ConfigError, MissingExtra
from dyad.extras import declared_extras, install_hint, require_extra

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))


def test_an_installed_module_is_returned():
    assert require_extra("json", "api") is json


def test_a_missing_module_names_the_extra_and_the_pip_command():
    with pytest.raises(MissingExtra) as caught:
        require_extra("dyad_test_module_that_is_not_installed", "postgres", feature="dyad ingest --db postgresql://")
    error = caught.value
    assert isinstance(error, ConfigError) and error.code == "E302" and error.extra == "postgres"
    message = str(error)
    assert message.startswith("[E302] dyad ingest --db postgresql:// needs the optional 'postgres' dependencies")
    assert "dyad_test_module_that_is_not_installed is not installed" in message
    assert message.endswith("pip install 'dyad-events[postgres]'")
    assert "\n" not in message


def test_a_missing_submodule_dependency_names_the_missing_package():
    """`import a.b` failing because `a` is absent names `a`, the thing pip would install."""
    with pytest.raises(MissingExtra, match=r"\(dyad_absent_pkg is not installed\)"):
        require_extra("dyad_absent_pkg.sub", "cluster")


def test_an_unknown_extra_is_a_programming_error():
    with pytest.raises(ValueError, match="no extra 'gpu'"):
        require_extra("json", "gpu")


def test_the_installed_metadata_declares_the_extras_of_pyproject():
    """`require_extra` checks names against installed metadata; it must match pyproject.toml."""
    assert set(PYPROJECT["project"]["optional-dependencies"]) <= declared_extras()
    assert install_hint("api") == "pip install 'dyad-events[api]'"


def test_a_plot_without_matplotlib_is_the_e302_message(tmp_path, monkeypatch):
    """`dyad trend --plot` without the charts extra: one line naming the extra, not a TypeError."""
    import sys

    from typer.testing import CliRunner

    from dyad.cli import app
    from dyad.store import open_store

    db = tmp_path / "empty.duckdb"
    open_store(str(db)).close()
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises ImportError
    result = CliRunner().invoke(app, ["trend", "--dyad", "USA:IRN", "--db", str(db), "--plot",
                                      str(tmp_path / "t.png")])
    assert result.exit_code != 0 and not isinstance(result.exception, TypeError)
    assert "E302" in result.output and "dyad-events[charts]" in result.output
