"""Group per-article events into incidents: deterministic, order-independent.

1. Candidate pairs: events of the same province whose dates lie within the
   widest window fusion allows (cheap blocking; every other pair would be
   kept apart by a hard rule anyway).
2. Each candidate pair gets a :func:`~frontlines.fusion.match.decide` decision.
3. Pairs scoring at least the threshold are taken best first (ties broken by
   the events' canonical keys) and join their two groups when the groups share
   no article and every pair across them is compatible (complete linkage: a
   vague report cannot chain two different strikes together).

The result depends only on the set of events, never on the order they came
in, and a connected group of compatible events is grouped the same whether it
is fused alone or within a larger batch - which is what makes incremental
fusion (:mod:`frontlines.fusion.service`) equal to fusing everything at once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .features import Profile
from .match import Decision, Settings, decide, settings


@dataclass
class Group:
    """One incident's member profiles and the links that joined them."""

    members: list[Profile]
    # (event id, event id, decision) for every pair that joined two groups
    links: list[tuple[str, str, Decision]] = field(default_factory=list)


def candidate_pairs(profiles: list[Profile], s: Settings) -> Iterator[tuple[Profile, Profile]]:
    """Pairs that a hard rule does not rule out on province and date alone."""
    by_province: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        if p.admin1 and p.date is not None:
            by_province[p.admin1].append(p)
    widest = s.widest_window
    for group in by_province.values():
        group.sort(key=lambda p: (p.date, p.key))
        ordinals = [p.date.toordinal() for p in group]  # type: ignore[union-attr]
        for i, p in enumerate(group):
            lo = bisect_left(ordinals, ordinals[i] - widest)
            hi = bisect_right(ordinals, ordinals[i] + widest)
            for j in range(max(lo, i + 1), hi):
                yield p, group[j]


def compatible_pairs(
    profiles: Iterable[Profile], s: Settings | None = None
) -> dict[frozenset[str], tuple[Profile, Profile, Decision]]:
    """Every candidate pair with no hard rule against it, keyed by the two event ids."""
    s = s or settings()
    found = {}
    for a, b in candidate_pairs(list(profiles), s):
        decision = decide(a, b, s)
        if decision.ok:
            found[frozenset((a.event_id, b.event_id))] = (a, b, decision)
    return found


def group(profiles: list[Profile], s: Settings | None = None) -> list[Group]:
    """Partition ``profiles`` into incidents (see the module docstring)."""
    s = s or settings()
    pairs = compatible_pairs(profiles, s)
    owner: dict[str, int] = {}
    groups: dict[int, Group] = {}
    for n, p in enumerate(sorted(profiles, key=lambda p: p.key)):
        owner[p.event_id] = n
        groups[n] = Group(members=[p])

    def ordered(item: tuple[Profile, Profile, Decision]) -> tuple:
        a, b, d = item
        first, second = sorted((a.key, b.key))
        return (-d.score, first, second)

    edges = sorted((v for v in pairs.values() if v[2].score >= s.threshold), key=ordered)
    for a, b, decision in edges:
        ga, gb = owner[a.event_id], owner[b.event_id]
        if ga == gb:
            continue
        left, right = groups[ga], groups[gb]
        if {p.doc_id for p in left.members} & {p.doc_id for p in right.members}:
            continue
        if not all(
            frozenset((x.event_id, y.event_id)) in pairs
            for x in left.members
            for y in right.members
        ):
            continue
        keep, drop = (ga, gb) if ga < gb else (gb, ga)
        merged = groups[keep]
        other = groups.pop(drop)
        merged.members = sorted(merged.members + other.members, key=lambda p: p.key)
        merged.links = merged.links + other.links + [(a.event_id, b.event_id, decision)]
        for p in other.members:
            owner[p.event_id] = keep
    return sorted(groups.values(), key=lambda g: g.members[0].key)
