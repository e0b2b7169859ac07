"""The quality gate: no change may drop a score below its recorded floor.

``tests/quality_baseline.json`` records, per data set, the evaluation that
produces the figures (the same API function ``frontlines eval`` calls), the
data it reads, and for each figure the path to it in the evaluation's report
and its minimum. This test runs each evaluation once and fails, naming every
figure that dropped, when any is below its minimum.

Raising a floor is a deliberate commit: run ``pytest -m slow
tests/test_quality_gate.py -s`` (it prints the measured figures next to the
floors), then edit the JSON with the new value and a new ``measured`` note.
Data sets from ../shared skip with a note when it is absent, and fail in CI
(``CI=true``: see conftest.need); the snippet sets are the project's own
(tests/data/snippets) and always run.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT, need

BASELINE = Path(__file__).parent / "quality_baseline.json"
# Figures are compared after rounding, so that float noise in the last digits
# never fails the gate; floors are recorded with at most this many decimals.
DECIMALS = 4


def _baseline() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


DATASETS = _baseline()["datasets"]
TOLERANCE = _baseline()["tolerance"]  # why: "tolerance_why" in the JSON


def data_path(spec: str) -> Path:
    """``shared:...`` is under ../shared/data, ``repo:...`` under the checkout."""
    where, _, rel = spec.partition(":")
    if where == "shared":
        return DATA / rel
    if where == "repo":
        return ROOT / rel
    raise ValueError(f"data must start with shared: or repo:, got {spec!r}")


def evaluation_function(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def failures(report: Any) -> list[str]:
    """Items the evaluation could not analyse (a count or a list, as each report has it)."""
    found = report.get("failures") if isinstance(report, dict) else getattr(report, "failures", None)
    if isinstance(found, list):
        return [str(item) for item in found]
    if found:
        items = report.get("items", []) if isinstance(report, dict) else []
        messages = [str(item.get("failure")) for item in items if item.get("failure")]
        return messages or [f"{found} item(s) failed"]
    return []


def figure(report: Any, path: str) -> float:
    """The value at a dotted path in a report (dicts, or objects with attributes)."""
    value = report
    for part in path.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return float(value)


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[Any, float]]:
    """Each data set evaluated at most once per test session: (report, seconds)."""
    return {}


def _evaluate(name: str, reports: dict[str, tuple[Any, float]]) -> Any:
    if name not in reports:
        spec = DATASETS[name]
        path = need(data_path(spec["data"]))
        evaluate = evaluation_function(spec["evaluation"])
        options = {
            key: str(need(data_path(value))) if isinstance(value, str) and value.startswith(("shared:", "repo:")) else value
            for key, value in spec.get("options", {}).items()
        }  # an option naming data (the articles beside a gold file) is found like the data
        start = time.perf_counter()
        report = evaluate(path, **options)
        reports[name] = (report, time.perf_counter() - start)
    return reports[name][0]


def test_baseline_file_is_complete():
    """Every data set says what it runs and when its floors were measured."""
    for name, spec in DATASETS.items():
        assert {"evaluation", "data", "measured", "minimum"} <= spec.keys(), name
        evaluation_function(spec["evaluation"])  # importable
        assert spec["minimum"], name
        for field, floor in spec["minimum"].items():
            assert {"path", "min"} == floor.keys(), f"{name}.{field}"
            assert 0.0 <= floor["min"] <= 1.0, f"{name}.{field}"
            assert round(floor["min"], DECIMALS) == floor["min"], f"{name}.{field}: too many decimals"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_scores_do_not_drop_below_their_floor(name, reports):
    spec = DATASETS[name]
    report = _evaluate(name, reports)
    seconds = reports[name][1]
    measured, dropped = [], []
    for field, floor in spec["minimum"].items():
        value = round(figure(report, floor["path"]), DECIMALS)
        measured.append(f"{field}={value:.4f} (floor {floor['min']:.4f})")
        if value < floor["min"] - TOLERANCE:
            dropped.append(f"{field}: {value:.4f} < {floor['min']:.4f}")
    failed = failures(report)
    print(f"\n{name} ({seconds:.0f} s): " + ", ".join(measured) + f", failures={len(failed)}")
    # A crash on one item is scored as a miss, which would look like a quality drop: name it.
    assert not failed, f"{name}: {len(failed)} item(s) failed to analyse, e.g. {failed[:3]}"
    assert not dropped, f"{name} dropped below its quality floor: " + "; ".join(dropped)
