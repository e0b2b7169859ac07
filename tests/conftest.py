"""Shared test fixtures.

Reference data lives in ../shared (beside the checkout; ``FRONTLINES_SHARED``
names another place). Tests that need it skip with a note where it is absent,
except in CI (``CI=true``, as GitHub, GitLab and most CI services set it):
there a missing reference file FAILS the test, so that a CI run without the
data cannot pass while gating nothing but the project's own snippets. Nothing
from it is ever copied here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRONTLINES_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
ACLED_DEV = DATA / "acled-afghanistan-2019-dev" / "acled_afghanistan_2019-04_2019-05.csv"
ISAF = DATA / "isaf-press-releases" / "isaf_press_releases.jsonl"
GAZ_REF = DATA / "gazetteer-reference"
EXAMPLES = ROOT / "examples" / "articles"


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """``frontlines ARGV...`` in this process: (exit status, stdout, stderr)."""
    from frontlines.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def incidents(text: str, published: str | None):
    """The incident events ``extract`` finds in ``text`` (statistics and background left out)."""
    from frontlines.pipeline import extract

    return [e for e in extract(text, published=published) if e.kind == "incident"]


def main_incident(text: str, published: str | None):
    """The article's main incident, or None."""
    found = incidents(text, published)
    return found[0] if found else None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def need(path: Path) -> Path:
    """The reference file ``path``; when it is absent the calling test skips, or fails in CI."""
    if not path.exists():
        if in_ci():
            pytest.fail(
                f"reference data missing in CI (CI=true): {path}; provide ../shared "
                "or set FRONTLINES_SHARED", pytrace=False,
            )
        pytest.skip(f"reference data not available: {path} (in CI, CI=true, this fails)")
    return path


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed articles, by file stem."""
    need(SEEDS)
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
