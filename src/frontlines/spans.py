"""Which items of an article (places, mentions) lie inside a span of its text (a sentence).

Items are kept in text order (sorted by ``start``, as geo.locate leaves ``Article.places``), so
the items of one sentence are found by bisection. The stages used to scan every item for every
sentence, which made an article's cost grow with the square of its length (issue 10: 200 KB
took 31 s, 400 KB 75 s).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def _start(item: Any) -> int:
    return item.start


def starting_within(items: Sequence[Any], start: int, end: int) -> range:
    """Indices of the items (in text order) that start at ``start`` or later and before ``end``."""
    first = bisect_left(items, start, key=_start)
    return range(first, bisect_left(items, end, lo=first, key=_start))


def inside(items: Sequence[T], span: Any) -> list[T]:
    """The items (in text order) lying wholly inside ``span`` (anything with .start and .end)."""
    return [items[i] for i in starting_within(items, span.start, span.end) if items[i].end <= span.end]  # type: ignore[attr-defined]
