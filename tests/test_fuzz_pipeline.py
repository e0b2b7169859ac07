"""Whole-pipeline fuzzing, the small sample: batches of articles composed by hypothesis from
real sentence fragments (the ISAF releases, ACLED notes, news-2016 and the seeds where
../shared exists; the project's own examples always) with swapped figures, dates and places,
ranges, unicode, HTML and empty pieces, through extract + fusion + control + exports + map
into a store. ``make fuzz`` runs the same composer over 100,000 articles.

Property: only input errors (an empty article) are reported, each on one line; the store
and the exports agree (every exported id once and stored, fatalities low <= best <= high,
every incident event in one incident, incidents equal to a rebuild); extracting a batch's
first article again adds and changes nothing. 40 batches of 1-3 articles (about 80).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from conftest import SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.fuzz import compose
from frontlines.fuzz.check import run_batch
from frontlines.fuzz.fragments import load_pools

POOLS = load_pools(SHARED)
T = TypeVar("T")


class HypothesisPicker:
    """The composer's choices (``compose.Picker``) drawn from hypothesis: each ``chance``
    shrinks to False and each ``choice`` to a pool's first item, so a failing batch
    shrinks towards fewer, plainer pieces."""

    def __init__(self, draw: Callable[[Any], Any]):
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def choice(self, items: Sequence[T]) -> T:
        return items[self.draw(st.integers(0, len(items) - 1))]

    def chance(self, p: float) -> bool:
        return self.draw(st.integers(0, 9999)) >= 10000 - round(p * 10000)

    def text(self, max_size: int) -> str:
        alphabet = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
        return self.draw(st.text(alphabet, max_size=max_size))


@st.composite
def batches(draw, max_size: int = 3) -> list[dict]:
    picker = HypothesisPicker(draw)
    size = picker.integer(1, max_size)
    return [compose.article(picker, POOLS, f"hy-{n}") for n in range(size)]


def test_pools_hold_real_and_own_text():
    assert POOLS.counts["examples.tsv"] > 1000 and POOLS.counts["examples"] > 20
    if (SHARED / "data").is_dir():
        assert POOLS.counts["isaf"] > 4000 and POOLS.counts["acled"] > 1500 and POOLS.counts["news-2016"] > 2000
    assert len(POOLS.places) > 400 and POOLS.datelines and POOLS.headlines


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batches())
def test_generated_articles_through_the_whole_pipeline(batch):
    with tempfile.TemporaryDirectory() as tmp:
        result = run_batch(batch, Path(tmp), workers=1, rerun=1)
    assert [(p.code, p.message) for p in result.problems] == []
    assert result.read + result.failed_input == len(batch)
