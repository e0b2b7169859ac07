"""Every package the code imports is declared, and every declared one is locked.

Issue 10: two fresh environments resolved differently because lxml was
imported by ``ingest/html.py`` but declared nowhere. The imports are read with
``ast`` from the source (so a lazy import inside a function counts too), mapped
to the distributions installed here that provide them, and looked up in
``pyproject.toml``; the locks (``make lock``) must pin every declared
requirement with hashes.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "frontlines"
LOCKS = (ROOT / "requirements.lock", ROOT / "requirements-test.lock")

# Imported under src/ but declared in an extra on purpose: geo/measure.py
# measures the gazetteer against reference polygons for the tests and
# `python -m frontlines.geo.measure`; the pipeline never imports it. The Dask engine
# (cluster/, `extract --engine dask`) is the optional [dask] extra: only the test lock has it.
EXTRA_ONLY = {"shapely": "test", "distributed": "dask", "pyarrow": "dask"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalise(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1))


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def imported_modules() -> dict[str, set[str]]:
    """Top-level module -> the source files that import it (stdlib and frontlines left out)."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "frontlines":
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def locked(path: Path) -> dict[str, str]:
    """Normalised name -> the lock's text for that pin (the line and its hash lines)."""
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", path.read_text(encoding="utf-8")):
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==\S+", block)
        if match:
            pins[normalise(match.group(1))] = block
    return pins


def test_the_source_imports_third_party_modules():
    modules = imported_modules()
    assert {"spacy", "lxml", "trafilatura", "yaml"} <= modules.keys()


def test_every_imported_module_is_declared():
    declared = {requirement_name(r) for r in pyproject()["dependencies"]}
    extras = {
        extra: {requirement_name(r) for r in requirements}
        for extra, requirements in pyproject().get("optional-dependencies", {}).items()
    }
    providers = packages_distributions()
    problems = []
    for module, files in sorted(imported_modules().items()):
        distributions = {normalise(d) for d in providers.get(module, [])}
        where = "imported in " + ", ".join(sorted(files))
        if not distributions:
            problems.append(f"{module}: no installed package provides it ({where})")
        elif module in EXTRA_ONLY:
            extra = EXTRA_ONLY[module]
            if not distributions & extras.get(extra, set()):
                problems.append(f"{module}: not in the [{extra}] extra ({where})")
        elif not distributions & declared:
            problems.append(f"{module} ({'/'.join(sorted(distributions))}): {where}")
    assert not problems, (
        "imported but not declared in pyproject.toml's [project] dependencies:\n"
        + ("\n".join(problems))
    )


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_every_declared_requirement_is_locked_with_hashes(lock):
    pins = locked(lock)
    required = [requirement_name(r) for r in pyproject()["dependencies"]]
    if lock.name == "requirements-test.lock":
        for extra in ("test", "dask"):
            required += [requirement_name(r) for r in pyproject()["optional-dependencies"][extra]]
    missing = [name for name in required if name not in pins]
    assert not missing, f"in pyproject.toml but not in {lock.name} (run `make lock`): {missing}"
    unhashed = [name for name, text in pins.items() if "--hash=sha256:" not in text]
    assert not unhashed, f"pinned without a hash in {lock.name}: {unhashed}"


def test_the_runtime_lock_is_the_test_lock_without_the_test_extra():
    runtime, test = (locked(lock) for lock in LOCKS)
    differing = [
        name for name in runtime if runtime[name].split()[0] != test.get(name, "-").split()[0]
    ]
    assert not differing, f"pinned differently in the two locks: {differing}"


def test_the_dask_extra_is_in_the_test_lock_only():
    """`make run` installs no cluster engine; `make test` does (issue 13)."""
    runtime, test = (locked(lock) for lock in LOCKS)
    extra = {requirement_name(r) for r in pyproject()["optional-dependencies"]["dask"]}
    assert extra <= test.keys()
    assert not extra & runtime.keys()
