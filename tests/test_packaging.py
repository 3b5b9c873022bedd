"""What users install: the built wheel and sdist carry every file the code reads.

The suite otherwise runs on an editable install, where every file on disk is importable whether
or not it ships; a data file missing from `package-data` only shows from a wheel (issue 10,
finding 1: `actors/data/people/*.tsv`). Here the real artefacts are built with `python -m build`
and their listings compared with the package folder on disk.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dyad"


def shipped_data_files() -> list[str]:
    """Every non-Python file under dyad/ (data tables, SQL schema), as paths like 'dyad/x/y.tsv'."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
             and "__pycache__" not in p.parts]
    return sorted(p.relative_to(ROOT).as_posix() for p in files)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """The wheel and sdist of this checkout, built once per session (about 10 s)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, f"python -m build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in out.iterdir())
    return {"wheel": wheels[0], "sdist": sdists[0]}


def test_the_package_has_data_files_in_nested_folders():
    """Guards the scan itself: the office-holder tables sit one folder below data/."""
    files = shipped_data_files()
    assert "dyad/store/migrations/duckdb/0001_initial.sql" in files
    assert "dyad/store/migrations/postgres/0001_initial.sql" in files
    assert any(f.startswith("dyad/actors/data/people/") and f.endswith(".tsv") for f in files), files


def test_every_data_file_is_in_the_wheel(built):
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
    missing = [f for f in shipped_data_files() if f not in names]
    assert not missing, f"not in {built['wheel'].name} (fix [tool.setuptools.package-data]): {missing}"


def test_every_data_file_is_in_the_sdist(built):
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    missing = [f for f in shipped_data_files() if f not in names]
    assert not missing, f"not in {built['sdist'].name}: {missing}"
