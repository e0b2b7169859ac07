"""Stage 6, fusion: events merged across articles; district control timelines.

Reads the per-article events (``Article.events``, as stored) and fills:

- incidents: one fused event per real-world incident, with every source and
  evidence sentence, UCDP-style fatality ranges and a claim status over the
  reports (:func:`fuse`; pairwise rules in :mod:`.match`, grouping in
  :mod:`.cluster`, the fused record in :mod:`.merge`);
- district control timelines derived from the incidents (:mod:`.control`).

:func:`fuse` is pure (events in, incidents out); :mod:`.service` keeps the
incidents in the store up to date as articles arrive (``update``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from ..failures import OnError, contain, name_items
from ..models import Event
from .cluster import group
from .features import Profile, profile
from .merge import Incident, Member, fuse_group


class ReportInfo(NamedTuple):
    """What fusion needs to know about an article: when and by whom it was published."""

    published: str | None = None
    source: str | None = None


def fusable(event: Event) -> bool:
    """Background history and period statistics are never incidents."""
    return event.kind == "incident"


def fuse(
    events: Iterable[Event],
    reports: Mapping[str, ReportInfo] | None = None,
    on_error: OnError | None = None,
    profile_of: Callable[[Event], Profile] | None = None,
) -> list[Incident]:
    """Fused incidents of ``events`` (any order; the result does not depend on it).

    ``reports`` maps a doc id to its article's publication date and outlet;
    without it, sources are told apart by document only. Events that are not
    incidents (background, statistics) are left out. A group of reports whose
    fusion fails unexpectedly goes to ``on_error`` as a
    :class:`~frontlines.errors.FusionStageError` naming its event ids and is
    left out; the other groups are fused (without ``on_error`` the error is raised).
    ``profile_of``: the profiles of events already profiled (``service``), else made here.
    """
    reports = reports or {}
    unique: dict[str, Event] = {}
    for event in sorted(events, key=lambda e: (e.event_id, e.doc_id, e.event_date or "")):
        if fusable(event):
            unique.setdefault(event.event_id, event)
    profiles = [
        profile_of(e) if profile_of else profile(e, *(reports.get(e.doc_id) or ReportInfo()))
        for e in unique.values()
    ]
    incidents = []
    for g in group(profiles):
        try:
            incidents.append(fuse_group(g))
        except Exception as exc:  # noqa: BLE001 - stage boundary: one group never loses the batch
            ids = tuple(sorted(p.event_id for p in g.members))
            contain(on_error, "fusion", exc, group_name(ids), items=ids)
    return incidents


def group_name(event_ids: Iterable[str]) -> str:
    """How a failed group is named in its one-line report: its reports' event ids."""
    return "events " + name_items(sorted(event_ids))


__all__ = ["Incident", "Member", "ReportInfo", "fuse", "fusable", "group_name"]
