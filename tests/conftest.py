"""Shared test fixtures.

Reference data lives in ../shared (beside the checkout); tests that need it
skip cleanly where it is absent. Nothing from it is ever copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
ACLED_DEV = DATA / "acled-afghanistan-2019-dev" / "acled_afghanistan_2019-04_2019-05.csv"
ISAF = DATA / "isaf-press-releases" / "isaf_press_releases.jsonl"
GAZ_REF = DATA / "gazetteer-reference"
EXAMPLES = ROOT / "examples" / "articles"


def incidents(text: str, published: str | None):
    """The incident events ``extract`` finds in ``text`` (statistics and background left out)."""
    from frontlines.pipeline import extract

    return [e for e in extract(text, published=published) if e.kind == "incident"]


def main_incident(text: str, published: str | None):
    """The article's main incident, or None."""
    found = incidents(text, published)
    return found[0] if found else None


def need(path: Path) -> Path:
    """Skip the calling test when a reference file from ../shared is absent."""
    if not path.exists():
        pytest.skip(f"reference data not available: {path}")
    return path


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed articles, by file stem."""
    need(SEEDS)
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
