"""Fusion over the store: incremental updates, explanations, control queries.

``update(store, doc_ids)`` is called after the events of some articles were
stored (``frontlines extract``). It gathers the new events and every stored
event connected to them by a chain of compatible pairs (same province, dates
within the widest window, no hard rule against the pair), plus the other
members of their old incidents, fuses that group afresh and rewrites only the
incidents that changed. Fusion groups each such connected set the same way
whether it is fused alone or with everything else, so incremental updates give
the same incidents as fusing the whole store at once (``rebuild``), in any
order of arrival, and re-running on the same articles changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import FrontlinesError
from ..failures import OnError, contain
from ..models import Event
from ..pause import pause
from ..store import Store
from ..store import control as control_rows
from ..store import incidents as table
from . import ReportInfo, fusable, fuse, group_name, periods
from .control import role
from .features import Profile, profile
from .match import decide, settings
from .merge import Incident


def ensure_schema(store: Store) -> None:
    if store.schema_version("fusion") < len(table.SCHEMA):
        store.apply_schema("fusion", table.SCHEMA)
    if store.schema_version("control") < len(control_rows.SCHEMA):
        fresh = store.schema_version("control") == 0
        store.apply_schema("control", control_rows.SCHEMA)
        if fresh:
            periods.refresh(store)  # a store fused before the control tables existed


@dataclass
class UpdateSummary:
    events: int = 0  # per-article events considered (new and connected)
    incidents: int = 0  # incidents they form
    changed: int = 0  # incident rows written or deleted
    failed: int = 0  # groups whose fusion failed (reported; their stored incidents kept)

    def one_line(self) -> str:
        failed = f", {self.failed} group(s) failed" if self.failed else ""
        return f"fusion: {self.events} event(s) -> {self.incidents} incident(s), {self.changed} changed{failed}"


class _FailedGroups:
    """The event ids of groups whose fusion failed; each error passed on to ``on_error``."""

    def __init__(self, on_error: OnError | None):
        self.on_error = on_error
        self.event_ids: set[str] = set()
        self.groups = 0

    def __call__(self, error: FrontlinesError) -> None:
        self.event_ids.update(getattr(error, "items", ()))
        self.groups += 1
        if self.on_error is None:
            raise error
        self.on_error(error)

    def rows(self, incidents: list[Incident]) -> list[tuple[Event, str | None, list[dict[str, Any]]]]:
        """Each incident with its control role, as ``write_incidents`` takes them."""
        rows = []
        for incident in incidents:
            try:
                r = role(incident.event)
            except Exception as exc:  # noqa: BLE001 - stage boundary: one group never loses the batch
                ids = tuple(sorted(m.event_id for m in incident.members))
                contain(self, "fusion", exc, group_name(ids), items=ids)
                continue
            rows.append((incident.event, r.kind if r else None, [m.to_dict() for m in incident.members]))
        return rows


class _Neighbourhood:
    """Stored events of one province, loaded by date range as the search needs them."""

    def __init__(self, store: Store, admin1: str):
        self.store, self.admin1 = store, admin1
        self.lo: dt.date | None = None
        self.hi: dt.date | None = None
        self.events: dict[str, Event] = {}
        self.ordinals: list[int] = []
        self.sorted: list[Event] = []

    def _load(self, lo: dt.date, hi: dt.date) -> None:
        for event in self.store.iter_events(
            admin1=self.admin1, since=lo.isoformat(), until=hi.isoformat() + "\uffff", kind="incident"
        ):
            self.events.setdefault(event.event_id, event)

    def around(self, day: dt.date, days: int) -> list[Event]:
        lo, hi = day - dt.timedelta(days=days), day + dt.timedelta(days=days)
        if self.lo is None or self.hi is None:
            self._load(lo, hi)
            self.lo, self.hi = lo, hi
        else:
            if lo < self.lo:
                self._load(lo, self.lo)
                self.lo = lo
            if hi > self.hi:
                self._load(self.hi, hi)
                self.hi = hi
        if len(self.sorted) != len(self.events):
            self.sorted = sorted(
                (e for e in self.events.values() if _day(e)), key=lambda e: (_day(e), e.event_id)
            )
            self.ordinals = [_day(e).toordinal() for e in self.sorted]  # type: ignore[union-attr]
        i, j = bisect_left(self.ordinals, lo.toordinal()), bisect_right(self.ordinals, hi.toordinal())
        return self.sorted[i:j]


def _day(event: Event) -> dt.date | None:
    try:
        return dt.date.fromisoformat(event.event_date[:10]) if event.event_date else None
    except ValueError:
        return None


class _Reports:
    """Publication date and outlet of each article, read once."""

    def __init__(self, store: Store):
        self.store = store
        self.cache: dict[str, ReportInfo] = {}

    def __getitem__(self, doc_id: str) -> ReportInfo:
        if doc_id not in self.cache:
            row = self.store.connection.execute(
                "SELECT published, source FROM articles WHERE id = ?", (doc_id,)
            ).fetchone()
            self.cache[doc_id] = ReportInfo(row["published"], row["source"]) if row else ReportInfo()
        return self.cache[doc_id]

    def get(self, doc_id: str, default: Any = None) -> ReportInfo:
        return self[doc_id]


def _connected(store: Store, seeds: list[Event], reports: _Reports) -> dict[str, Event]:
    """The seeds and every stored event linked to them by compatible pairs (see module doc)."""
    s = settings()
    found = {e.event_id: e for e in seeds}
    profiles: dict[str, Profile] = {}

    def prof(e: Event) -> Profile:
        if e.event_id not in profiles:
            profiles[e.event_id] = profile(e, *reports[e.doc_id])
        return profiles[e.event_id]

    areas: dict[str, _Neighbourhood] = {}
    frontier = list(seeds)
    while frontier:
        event = frontier.pop()
        day = _day(event)
        if not fusable(event) or day is None or not event.admin1:
            continue
        near = areas.setdefault(event.admin1, _Neighbourhood(store, event.admin1))
        for other in near.around(day, s.widest_window):
            if other.event_id in found or not fusable(other):
                continue
            if decide(prof(event), prof(other), s).ok:
                found[other.event_id] = other
                frontier.append(other)
                for mate in _mates(store, other.event_id, found):
                    found[mate.event_id] = mate
                    frontier.append(mate)
    return found


def _mates(store: Store, event_id: str, found: dict[str, Event]) -> list[Event]:
    """Other members of an event's current incident (they must be regrouped with it)."""
    incident = table.incident_of(store, event_id)
    if incident is None:
        return []
    mates = []
    for mate_id in table.member_ids(store, [incident]) - found.keys():
        event = _stored_event(store, mate_id)
        if event is not None:
            mates.append(event)
    return mates


def _stored_event(store: Store, event_id: str) -> Event | None:
    row = store.connection.execute("SELECT doc_id FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    return next((e for e in store.iter_events(doc_id=row["doc_id"]) if e.event_id == event_id), None)


def update(store: Store, doc_ids: Iterable[str], on_error: OnError | None = None) -> UpdateSummary:
    """Fuse the events of ``doc_ids`` into the store's incidents (incremental; see module doc).

    A group whose fusion fails goes to ``on_error`` (see :func:`~frontlines.fusion.fuse`); the
    incidents it had are kept as stored and every other group is written.
    """
    ensure_schema(store)
    doc_ids = list(dict.fromkeys(doc_ids))
    reports = _Reports(store)
    new = [e for d in doc_ids for e in store.iter_events(doc_id=d) if fusable(e)]
    previous = table.members_by_doc(store, doc_ids)
    gone = previous - {e.event_id for e in new}
    stale = table.incident_ids_of_events(store, previous)
    seeds = list(new)
    for mate_id in sorted(table.member_ids(store, stale) - gone - {e.event_id for e in new}):
        event = _stored_event(store, mate_id)
        if event is not None:
            seeds.append(event)
    if gone:
        table.forget_members(store, gone)
    group = _connected(store, seeds, reports)
    stale |= table.incident_ids_of_events(store, group)
    # the districts whose control timelines may change: of the old incidents, of the new
    # ones, and of the articles' dated background changes
    districts = periods.keys_of_incidents(store, stale) | periods.keys_of(group.values())
    districts |= periods.keys_of(e for d in doc_ids for e in store.iter_events(doc_id=d, kind="background"))
    failed = _FailedGroups(on_error)
    rows = failed.rows(fuse(group.values(), reports, on_error=failed))
    stale -= table.incident_ids_of_events(store, failed.event_ids)
    pause("fusion")  # tests: a process held here has read its view and not yet written it
    changed = table.write_incidents(store, stale, rows)
    periods.refresh(store, districts)
    return UpdateSummary(events=len(group), incidents=len(rows), changed=changed, failed=failed.groups)


def update_in_turns(
    store: Store, doc_ids: Iterable[str], chunk: int | None = None, on_error: OnError | None = None
) -> UpdateSummary:
    """:func:`update` for many articles, ``chunk`` (``[fusion] chunk_articles``) at a time.

    Each chunk is one write transaction from its first read to its last write, so
    two processes never fuse from the same stale view (which doubled incidents),
    and a process killed while fusing leaves every chunk whole or absent (a
    re-run finishes the rest). Between chunks the write lock is left free for a
    moment, longer than SQLite's busy-wait retry (100 ms), so that another
    process waiting to write gets its turn rather than waiting out the whole batch.
    Chunks give the incidents one update gives: updates are incremental and
    order-independent (module doc).
    """
    from .. import config

    size = chunk or config.get("fusion", "chunk_articles")
    doc_ids = list(dict.fromkeys(doc_ids))
    total = UpdateSummary()
    for start in range(0, len(doc_ids), size):
        if start:
            time.sleep(_TURN_S)
        with store.transaction():
            part = update(store, doc_ids[start : start + size], on_error=on_error)
        total.events += part.events
        total.incidents += part.incidents
        total.changed += part.changed
        total.failed += part.failed
    return total


# the write lock left free between two chunks of fusion (see update_in_turns)
_TURN_S = 0.15


def rebuild(store: Store, on_error: OnError | None = None) -> UpdateSummary:
    """Fuse every stored event from scratch (the reference that ``update`` must equal)."""
    ensure_schema(store)
    with store.transaction() as db:
        db.execute("DELETE FROM incident_members")
        db.execute("DELETE FROM incidents")
    docs = [r["id"] for r in store.connection.execute("SELECT id FROM articles ORDER BY id")]
    reports = _Reports(store)
    events = [e for d in docs for e in store.iter_events(doc_id=d) if fusable(e)]
    failed = _FailedGroups(on_error)
    rows = failed.rows(fuse(events, reports, on_error=failed))
    changed = table.write_incidents(store, [], rows)
    periods.refresh(store)
    return UpdateSummary(events=len(events), incidents=len(rows), changed=changed, failed=failed.groups)


# explanations -----------------------------------------------------------------


@dataclass
class Report:
    """One per-article event behind an incident, with its article and why it joined."""

    event: Event
    doc_id: str
    published: str | None
    source: str | None
    title: str | None
    url: str | None
    linked_to: str | None
    score: float | None
    reasons: list[str] = field(default_factory=list)


@dataclass
class Explanation:
    incident: Event
    reports: list[Report]


def explain(store: Store, event_id: str) -> Explanation | None:
    """The incident an id names (incident or member event), every report and why it merged."""
    ensure_schema(store)
    incident_id = table.incident_of(store, event_id)
    if incident_id is None:
        return None
    incident = table.get_incident(store, incident_id)
    if incident is None:
        return None
    reports = []
    for member in table.get_members(store, incident_id):
        event = _stored_event(store, member["event_id"])
        article = store.get_article(member["doc_id"])
        reports.append(
            Report(
                event=event or incident,
                doc_id=member["doc_id"],
                published=article.published if article else None,
                source=article.source if article else None,
                title=article.title if article else None,
                url=article.url if article else None,
                linked_to=member["linked_to"],
                score=member["score"],
                reasons=member["reasons"],
            )
        )
    return Explanation(incident=incident, reports=reports)


def by_district(store: Store, on_error: OnError | None = None) -> dict[tuple[str, str], list[Event]]:
    """Incidents that bear on control, by (province, district); and the changes of control
    stories tell as history (background, dated), which are facts about control but no incidents."""
    from .control import role

    ensure_schema(store)
    grouped: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in table.iter_incidents(store, control=True, on_error=on_error):
        if event.admin2:
            grouped[(event.admin1 or "", event.admin2)].append(event)
    for event in store.iter_events(kind="background"):
        if event.admin2 and role(event) is not None:
            grouped[(event.admin1 or "", event.admin2)].append(event)
    return grouped
