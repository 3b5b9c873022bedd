"""Every library dyad needs is declared, so a plain `pip install dyad-events` gets it.

Issue 10, finding 2: lxml and numpy were imported but only arrived through other packages, and
lxml_html_clean (needed by trafilatura's justext) came only through `lxml[html_clean]`, an extra
that Python 3.11's stock pip 23.x does not match against lxml's normalized `html-clean`; HTML
input then failed with an ImportError. Two checks: a static scan of dyad's imports against
pyproject.toml, and the installed requirement graph resolved the way a strict installer would.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Libraries that other libraries need but that dyad must name itself (see the module docstring).
MUST_BE_DIRECT = {"lxml-html-clean"}
# Import names of extras that a venv without the extra has no metadata for (the train extra in CI).
DISTRIBUTION_OF = {"sklearn": "scikit-learn"}


def imported_top_level_modules(package: Path) -> dict[str, set[str]]:
    """Absolute imports of a source tree, top-level name -> files importing it (stdlib left out)."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != package.name:
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


def declared(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_every_third_party_import_is_a_declared_dependency():
    runtime = declared(PYPROJECT["project"]["dependencies"])
    optional = set().union(*(declared(reqs) for reqs in PYPROJECT["project"]["optional-dependencies"].values()))
    module_owners = metadata.packages_distributions()
    undeclared = {}
    for module, files in imported_top_level_modules(ROOT / "dyad").items():
        owners = {canonicalize_name(d) for d in module_owners.get(module, [DISTRIBUTION_OF.get(module, module)])}
        if not owners & (runtime | optional):
            undeclared[module] = sorted(files)
    assert not undeclared, f"imported by dyad but not in pyproject.toml dependencies: {undeclared}"


def test_libraries_needed_only_through_extras_are_direct_dependencies():
    runtime = declared(PYPROJECT["project"]["dependencies"])
    assert not MUST_BE_DIRECT - runtime, f"declare {sorted(MUST_BE_DIRECT - runtime)} in [project] dependencies"


def test_the_installed_requirement_graph_is_complete():
    """Walk dyad-events' requirements (extras included) and ask that each is installed.

    A dependency requested as `pkg[extra]` whose extra the installer failed to match (stock pip
    23.x and `lxml[html_clean]`) leaves a hole here, which is what broke HTML input.
    """
    environment = default_environment()
    seen: set[str] = set()
    missing: list[str] = []
    pending: list[tuple[str, frozenset[str], str]] = [("dyad-events", frozenset(), "the project")]
    while pending:
        name, extras, wanted_by = pending.pop()
        key = f"{canonicalize_name(name)}{sorted(extras)}"
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            missing.append(f"{name} (wanted by {wanted_by})")
            continue
        for text in requires:
            requirement = Requirement(text)
            extra_names = {""} | {e.replace("-", "_") for e in extras} | {e.replace("_", "-") for e in extras}
            marker = requirement.marker
            if marker and not any(marker.evaluate({**environment, "extra": e}) for e in extra_names):
                continue
            pending.append((requirement.name, frozenset(requirement.extras), name))
    assert not missing, f"required but not installed: {missing}"


LOCK = ROOT / "requirements" / "lock.txt"


def locked_versions() -> dict[str, str]:
    """`name==version` lines of requirements/lock.txt (the constraints make and CI install with)."""
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"{LOCK.name}: {line!r} is not an exact pin"
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def test_the_lock_pins_every_declared_dependency_inside_its_range():
    pins = locked_versions()
    wanted = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    problems = []
    for text in wanted:
        requirement = Requirement(text)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not pinned")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert not problems, f"{LOCK.relative_to(ROOT)} is stale (run `make lock`): {problems}"


def test_the_lock_pins_the_whole_installed_closure():
    """Every distribution dyad-events[test] pulls in is pinned, so CI installs exactly the tested set."""
    pins = locked_versions()
    closure: set[str] = set()
    pending = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]
               + PYPROJECT["project"]["optional-dependencies"]["test"]]
    environment = default_environment()
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in closure:
            continue
        closure.add(name)
        for text in metadata.requires(requirement.name) or []:
            child = Requirement(text)
            if not child.marker or any(child.marker.evaluate({**environment, "extra": e})
                                       for e in {""} | set(requirement.extras)):
                pending.append(child)
    unpinned = sorted(closure - set(pins))
    assert not unpinned, f"required but not in {LOCK.name} (run `make lock`): {unpinned}"
