"""In CI the quality gate fails when ../shared is missing; on a user's clone it skips with the reason."""

from __future__ import annotations

import pytest

from tests import conftest


@pytest.fixture
def no_shared(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "no-shared-here")


def test_missing_shared_skips_outside_ci(no_shared, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="is absent"):
        conftest.requires_shared("gold", "x.jsonl")


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_missing_shared_fails_in_ci(no_shared, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="with CI=true the quality gate may not be skipped"):
        conftest.requires_shared("gold", "x.jsonl")


def test_present_shared_is_returned_in_ci(monkeypatch, tmp_path):
    (tmp_path / "gold").mkdir()
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setenv("CI", "true")
    assert conftest.requires_shared("gold") == tmp_path / "gold"
