"""One event's figure from the casualties of all its sentences (events.quantities reads them).

``tally(casualties, category="killed", *, conservative=False) -> Tally``
    Inside a sentence the groups add up ("7 soldiers and 2 militants" = 9);
    across sentences the same side's figure repeated counts once (the larger
    is the fuller telling; ``conservative=True`` takes the smaller, for reports
    from different sources); people named before ("the suspected insurgents",
    "him") are not counted again, and those told beside them ("the leader along
    with three of his associates") add; additional groups ("two more") add;
    subsets and statistics never count; a general figure ("16 people") covers
    the sides it includes. A coder's statement of the figure (ACLED's notes:
    "coded here as 7", "distributed across 3 events") is applied last.
    ``Tally.best/low/high`` are ``None`` when nothing was counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .quantities import Casualty


class Tally(NamedTuple):
    best: int | None
    low: int | None
    high: int | None
    vague: bool


def tally(casualties: Iterable[Casualty], category: str = "killed", *, conservative: bool = False) -> Tally:
    """One event's count for ``category`` over all its mentions (see module doc)."""
    casualties = list(casualties)
    coded = [c for c in casualties if c.coding and c.category == category]
    casualties = [c for c in casualties if not c.coding]
    counted = _tally(casualties, category, conservative)
    return _as_coded(counted, coded) if coded else counted


def _as_coded(counted: Tally, coded: list[Casualty]) -> Tally:
    """The figure as the coder states it: the event's own figure ("coded here as 7") stands; a
    stated total replaces the count; unknown victims coded by convention add to it; a figure
    shared among several events is divided among them (ACLED splits evenly, remainder dropped here)."""
    def last(kind: str) -> Casualty | None:
        return next((c for c in reversed(coded) if c.coding == kind), None)

    here = last("here")
    if here is not None:
        return Tally(here.count, here.count, here.count, False)
    total = last("total")
    unknown = [c for c in coded if c.coding == "unknown"]
    if total is None and not unknown and counted.best is None:
        return counted  # "Fatalities are distributed across 3 events" with nothing counted
    best = total.count if total is not None else (counted.best or 0) + sum(c.count or 0 for c in unknown)
    share = last("share")
    if share is not None and share.count:
        best = best // share.count  # type: ignore[operator]
    return Tally(best, best, best, counted.vague)


def _tally(casualties: list[Casualty], category: str, conservative: bool) -> Tally:
    wanted = [c for c in casualties if not c.statistic and not c.subset]
    if category == "killed":
        # ACLED codes half (rounded down) when killed and wounded are not told apart
        mixed = [c for c in wanted if c.category == "killed_or_wounded"]
        wanted = [c for c in wanted if c.category == "killed"] + [
            replace(c, count=c.count // 2 if c.count is not None else None, low=None, high=c.count)
            for c in mixed
        ]
    else:
        wanted = [c for c in wanted if c.category == category]
    if not wanted:
        return Tally(None, None, None, False)
    # per sentence, per side: groups add up. A general figure ("16 people",
    # "a total of 20") covers the sides; one with no side (a name) adds.
    by_sentence: dict[int, dict[str, list[Casualty]]] = {}
    for c in wanted:
        key = "people" if c.total or c.side == "people" else (c.side or "unspecified")
        by_sentence.setdefault(c.sentence_start, {}).setdefault(key, []).append(c)
    running: dict[str, int] = {}
    lows: dict[str, int] = {}
    highs: dict[str, int] = {}
    vague = False
    told: set[tuple] = set()
    for sentence in sorted(by_sentence):
        counted_before = bool(running)
        groups = {
            side: [c for c in items if c.count is not None and not (counted_before and _refers_back(c))]
            for side, items in by_sentence[sentence].items()
        }
        signature = tuple(sorted(
            (side, c.count, c.additional, c.noun or "") for side, items in groups.items() for c in items
        ))
        if not signature or signature in told:
            continue  # the same figures told again
        told.add(signature)
        # "additional" / "more" is relative to what the same sentence counts;
        # a sentence of nothing but additions adds to the earlier ones, and so do the
        # people told beside someone counted already ("detained the leader along with
        # three of his associates")
        beside_known = counted_before and any(
            _refers_back(c) and c.count is not None for items in by_sentence[sentence].values() for c in items
        )
        only_additions = beside_known or all(c.additional for items in groups.values() for c in items)
        for side, items in groups.items():
            if not items:
                continue
            vague = vague or any(c.vague for c in items)
            value_here = sum(c.count for c in items)  # type: ignore[misc]
            previous = running.get(side)
            if previous is None:
                value = value_here
            elif only_additions:
                value = previous + value_here  # "two more were killed"
            elif conservative:
                value = min(previous, value_here)
            else:
                value = max(previous, value_here)
            running[side] = value
            lows[side] = min(lows.get(side, value), value_here)
            spread = sum((c.high if c.high is not None else c.count) for c in items)  # type: ignore[misc]
            highs[side] = max(highs.get(side, value), value, spread)
    if not running:
        return Tally(None, None, None, vague)
    specific = sum(v for k, v in running.items() if k != "people")
    general = running.get("people", 0)
    best = max(general, specific)
    low = max(lows.get("people", 0), sum(v for k, v in lows.items() if k != "people"))
    high = max(highs.get("people", 0), sum(v for k, v in highs.items() if k != "people"))
    return Tally(best, min(low, best), max(high, best), vague)


def _refers_back(casualty: Casualty) -> bool:
    """ "him", "the suspected insurgents", "both men": people counted already, once anything is."""
    return casualty.pronoun or casualty.definite
