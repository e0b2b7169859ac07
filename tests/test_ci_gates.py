"""CI gates what it claims: without ../shared the reference-data gates fail in CI, skip locally.

The quality gate's ACLED, ISAF, news-2016 and seed data sets are run in a
separate pytest over a reference directory that does not exist
(``FRONTLINES_SHARED``): with ``CI=true`` every one of them fails, naming the
missing file; without it every one skips with a note.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, in_ci

SHARED_GATES = "acled or isaf or news2016 or seeds"  # the data sets that read ../shared


def _gate(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["FRONTLINES_SHARED"] = str(tmp_path / "no-shared-here")
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider",
         "tests/test_quality_gate.py", "-k", SHARED_GATES],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def test_in_ci_a_missing_reference_directory_fails_the_gates(tmp_path):
    result = _gate(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "5 failed" in result.stdout
    assert result.stdout.count("reference data missing in CI (CI=true)") >= 5
    assert str(tmp_path / "no-shared-here") in result.stdout


def test_locally_the_gates_skip_with_a_note(tmp_path):
    result = _gate(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "5 skipped" in result.stdout and "failed" not in result.stdout
    assert "reference data not available" in result.stdout


@pytest.mark.parametrize(("value", "ci"), [("true", True), ("TRUE", True), ("1", True), ("yes", True),
                                           ("false", False), ("0", False), ("", False), (None, False)])
def test_what_counts_as_ci(monkeypatch, value, ci):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert in_ci() is ci
