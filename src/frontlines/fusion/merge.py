"""One fused event from the reports of one incident.

- Identity: the incident takes the id of its earliest report (by publication
  date, then article and event id), so a later report joining an incident
  does not rename it; every member event id still finds it.
- Date and place: the most precise report's (time precision, then geo
  precision), ties to the majority and then the earliest report. Place fields
  are taken together from one report, never mixed.
- Type and actors: the majority over reports, weighted by each report's
  confidence; ties to the earliest report.
- Fatalities in UCDP's manner: ``fatalities_low`` the lowest and
  ``fatalities_high`` the highest figure reported; ``fatalities`` (best) the
  median of the figures from reports that are not a party's own claim (a
  party's claim widens the range but does not set the best estimate, unless
  there is nothing else).
- claim_status: "disputed" when one report denies what another asserts;
  "confirmed" when a report confirms it, or two independent sources (different
  outlets) report it, or two different parties claim it; "claimed" when the
  only reports are one party's claim; else "reported".
- Evidence: every sentence of every report, in publication order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..models import Event, Evidence
from .cluster import Group
from .features import Profile

PLACE_FIELDS = (
    "country", "iso", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "geonames_id",
)  # fmt: skip


@dataclass
class Member:
    """One report of a fused incident and why it belongs there."""

    event_id: str
    doc_id: str
    linked_to: str | None = None  # the member it was matched with (None for the first report)
    score: float | None = None
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "linked_to": self.linked_to,
            "score": self.score,
            "reasons": self.reasons,
        }


@dataclass
class Incident:
    """A fused event and the reports behind it."""

    event: Event
    members: list[Member]
    reports: list[Event]

    @property
    def incident_id(self) -> str:
        return self.event.event_id


def _report_order(p: Profile) -> tuple[str, str, str]:
    return (p.published or "9999", p.doc_id, p.event_id)


def _vote(profiles: list[Profile], value: Callable[[Event], Any]) -> Any:
    """The confidence-weighted majority value; ties go to the earliest report."""
    weights: Counter[Any] = Counter()
    first_seen: dict[Any, int] = {}
    for n, p in enumerate(profiles):
        v = value(p.event)
        if v in (None, ""):
            continue
        weights[v] += max(p.event.confidence, 0.01)
        first_seen.setdefault(v, n)
    if not weights:
        return None
    return max(weights, key=lambda v: (round(weights[v], 9), -first_seen[v]))


def _most_precise(profiles: list[Profile], precision: Callable[[Event], int | None]) -> list[Profile]:
    known = [p for p in profiles if precision(p.event) is not None]
    if not known:
        return profiles
    best = min(precision(p.event) for p in known)  # type: ignore[type-var]
    return [p for p in known if precision(p.event) == best]


def _median_low(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _range(report: Event) -> tuple[int, int]:
    """(low, high) of one report: a figure with no low bound (only a party's claim, "up to 12")
    asserts nothing below it, so its low is 0; with no high bound the best figure is the high."""
    best = report.fatalities
    low = report.fatalities_low if report.fatalities_low is not None else (best if best is not None else 0)
    high = report.fatalities_high if report.fatalities_high is not None else (best if best is not None else low)
    return low, high


def fatalities(reports: Iterable[Event]) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) over reports, as described in the module docstring.

    best is None when no report gives a best figure (only claimed upper bounds).
    """
    reports = [r for r in reports if r.fatalities is not None or r.fatalities_high is not None]
    if not reports:
        return None, None, None
    neutral = [r for r in reports if r.claim_status != "claimed"] or reports
    bests = [r.fatalities if r.fatalities is not None else r.fatalities_low for r in neutral]
    bests = [v for v in bests if v is not None]
    ranges = [_range(r) for r in reports]
    low = min(lo for lo, _ in ranges)
    high = max(hi for _, hi in ranges)
    if not bests:
        return None, low, high
    best = _median_low(bests)
    return best, min(low, best), max(high, best)


def claim_status(profiles: list[Profile]) -> tuple[str, str | None]:
    """(status, claimed_by) over the reports of one incident."""
    statuses = [p.event.claim_status or "reported" for p in profiles]
    claimants = sorted({p.event.claimed_by for p in profiles if p.event.claimed_by})
    by = "; ".join(claimants) or None
    asserted = [s for s in statuses if s in ("reported", "confirmed", "claimed")]
    if "disputed" in statuses or ("denied" in statuses and asserted):
        return "disputed", by
    if statuses and all(s == "denied" for s in statuses):
        return "denied", by
    if "confirmed" in statuses:
        return "confirmed", by
    claimed = [p for p in profiles if p.event.claim_status == "claimed"]
    reported = [p for p in profiles if p.event.claim_status not in ("claimed", "denied")]
    if not reported:
        parties = {p.event.claimed_by for p in claimed}
        return ("confirmed" if len(parties) > 1 else "claimed"), by
    sources = {p.source_key for p in reported}
    if len(sources) > 1 or any(p.source_key not in sources for p in claimed):
        return "confirmed", by
    return "reported", by


def _confidence(profiles: list[Profile], status: str) -> float:
    """Noisy-or over independent sources (the best report of each)."""
    best: dict[str, float] = {}
    for p in profiles:
        best[p.source_key] = max(best.get(p.source_key, 0.0), p.event.confidence)
    miss = 1.0
    for c in best.values():
        miss *= 1.0 - min(max(c, 0.0), 0.99)
    value = 1.0 - miss
    if status in ("disputed", "denied"):
        value = min(value, 0.6)
    return round(min(value, 0.99), 4)


def _evidence(profiles: list[Profile]) -> list[Evidence]:
    seen, out = set(), []
    for p in profiles:
        for ev in p.event.evidence:
            key = (ev.doc_id, ev.start, ev.end)
            if key in seen:
                continue
            seen.add(key)
            out.append(ev)
    return out


def _members(group: Group, anchor: Profile) -> list[Member]:
    """Each report with the link that attached it, walking the links from the anchor."""
    neighbours: dict[str, list[tuple[str, Any]]] = {}
    for a, b, decision in group.links:
        neighbours.setdefault(a, []).append((b, decision))
        neighbours.setdefault(b, []).append((a, decision))
    doc_of = {p.event_id: p.doc_id for p in group.members}
    members = {anchor.event_id: Member(anchor.event_id, anchor.doc_id)}
    queue = [anchor.event_id]
    while queue:
        current = queue.pop(0)
        for other, decision in sorted(neighbours.get(current, []), key=lambda x: x[0]):
            if other in members:
                continue
            members[other] = Member(other, doc_of[other], current, decision.score, decision.reasons)
            queue.append(other)
    ordered = [members[p.event_id] for p in group.members if p.event_id in members]
    return sorted(ordered, key=lambda m: m.event_id != anchor.event_id)  # the first report first


ACTOR_FIELDS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")


def _actors(profiles: list[Profile]) -> dict[str, str | None]:
    """The actors of one report, voted as a whole among the most complete reports.

    Voting field by field could name one actor on both sides when reports
    list the two sides in different orders.
    """

    def named(e: Event) -> int:
        return sum(1 for f in ACTOR_FIELDS if getattr(e, f))

    most = max(named(p.event) for p in profiles)
    complete = [p for p in profiles if named(p.event) == most]
    chosen = _vote(complete, lambda e: tuple(getattr(e, f) for f in ACTOR_FIELDS))
    return dict(zip(ACTOR_FIELDS, chosen or (None,) * 4, strict=True))


def fuse_group(group: Group) -> Incident:
    """The fused event of one group of reports (see the module docstring)."""
    profiles = sorted(group.members, key=_report_order)
    anchor = profiles[0]
    reports = [p.event for p in profiles]
    dated = _most_precise(profiles, lambda e: e.time_precision if e.event_date else None)
    date = _vote(dated, lambda e: e.event_date)
    placed = _most_precise(profiles, lambda e: e.geo_precision if e.admin1 else None)
    place_of = _vote(placed, lambda e: tuple(getattr(e, f) for f in PLACE_FIELDS))
    sub_event_type = _vote(profiles, lambda e: e.sub_event_type)
    typed = [p for p in profiles if p.event.sub_event_type == sub_event_type] or profiles
    status, claimed_by = claim_status(profiles)
    best, low, high = fatalities(reports)
    injuries = [e.injuries for e in reports if e.injuries is not None]
    fused = replace(
        anchor.event,
        event_date=date,
        time_precision=min(p.event.time_precision for p in dated) if date else anchor.event.time_precision,
        event_type=_vote(typed, lambda e: e.event_type) or anchor.event.event_type,
        sub_event_type=sub_event_type or anchor.event.sub_event_type,
        **_actors(typed),
        fatalities=best,
        fatalities_low=low,
        fatalities_high=high,
        injuries=_median_low(injuries) if injuries else None,
        claim_status=status,
        claimed_by=claimed_by,
        evidence=_evidence(profiles),
        confidence=_confidence(profiles, status),
        notes=next((e.notes for e in reports if e.notes), ""),
        kind="incident",
        sources=list(dict.fromkeys(p.doc_id for p in profiles)),
        date_note=None if date else next((e.date_note for e in reports if e.date_note), None),
    )
    if place_of is not None:
        fused = replace(fused, **dict(zip(PLACE_FIELDS, place_of, strict=True)))
    return Incident(event=fused, members=_members(group, anchor), reports=reports)
