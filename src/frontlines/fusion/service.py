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
    """Stored events of one province, loaded by date range as the search needs them.

    Only the windows asked for are read (kept as disjoint day ranges): seeds years apart
    in one province read two windows, not the years between (at 20,000 articles a chunk
    of 100 read half the store that way).
    """

    def __init__(self, store: Store, admin1: str):
        self.store, self.admin1 = store, admin1
        self.loaded: list[tuple[int, int]] = []  # disjoint, sorted (first, last) day ordinals
        self.events: dict[str, Event] = {}
        self.ordinals: list[int] = []
        self.sorted: list[Event] = []

    def _load(self, lo: int, hi: int) -> None:
        since, until = dt.date.fromordinal(lo).isoformat(), dt.date.fromordinal(hi).isoformat()
        for event in self.store.iter_events(admin1=self.admin1, since=since, until=until + "\uffff", kind="incident"):
            self.events.setdefault(event.event_id, event)

    def _cover(self, lo: int, hi: int) -> None:
        """Read the days of [lo, hi] not read yet, and note the range as read."""
        day = lo
        for first, last in self.loaded:
            if last < day:
                continue
            if first > hi:
                break
            if first > day:
                self._load(day, first - 1)
            day = max(day, last + 1)
        if day <= hi:
            self._load(day, hi)
        merged: list[tuple[int, int]] = []
        for first, last in sorted([*self.loaded, (lo, hi)]):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        self.loaded = merged

    def around(self, day: dt.date, days: int) -> list[Event]:
        lo, hi = day.toordinal() - days, day.toordinal() + days
        self._cover(lo, hi)
        if len(self.sorted) != len(self.events):
            self.sorted = sorted(
                (e for e in self.events.values() if _day(e)), key=lambda e: (_day(e), e.event_id)
            )
            self.ordinals = [_day(e).toordinal() for e in self.sorted]  # type: ignore[union-attr]
        i, j = bisect_left(self.ordinals, lo), bisect_right(self.ordinals, hi)
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


class _View:
    """What fusion reads of the stored events - each province's events by date, their profiles,
    the articles' dates and outlets - kept from one :func:`update` to the next while nobody else
    writes: ``update_in_turns`` fuses chunk after chunk over the same neighbourhoods, and reading
    and profiling them again for every chunk cost more than the fusion itself. SQLite's
    ``data_version`` tells when another connection has committed since; then all is read afresh.
    (Fusion's own writes touch incidents and control rows, never events: the districts' dated
    background changes, read for their control timelines, are kept too.)"""

    def __init__(self, store: Store):
        self.store = store
        self.version: int | None = None
        self.fresh()

    def fresh(self) -> _View:
        """This view, emptied if another connection has written since it was last used."""
        version = self.store.connection.execute("PRAGMA data_version").fetchone()[0]
        if version != self.version:
            self.version = version
            self.reports = _Reports(self.store)
            self.areas: dict[str, _Neighbourhood] = {}
            self.profiles: dict[str, Profile] = {}
            self.history: dict[tuple[str, str], list[Event]] = {}  # periods.district_events
        return self

    def area(self, admin1: str) -> _Neighbourhood:
        if admin1 not in self.areas:
            self.areas[admin1] = _Neighbourhood(self.store, admin1)
        return self.areas[admin1]

    def profile(self, event: Event) -> Profile:
        if event.event_id not in self.profiles:
            self.profiles[event.event_id] = profile(event, *self.reports[event.doc_id])
        return self.profiles[event.event_id]


def _connected(store: Store, seeds: list[Event], view: _View) -> dict[str, Event]:
    """The seeds and every stored event linked to them by compatible pairs (see module doc)."""
    s = settings()
    found = {e.event_id: e for e in seeds}
    frontier = list(seeds)
    while frontier:
        event = frontier.pop()
        day = _day(event)
        if not fusable(event) or day is None or not event.admin1:
            continue
        for other in view.area(event.admin1).around(day, s.widest_window):
            if other.event_id in found or not fusable(other):
                continue
            if decide(view.profile(event), view.profile(other), s).ok:
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


def update(store: Store, doc_ids: Iterable[str], on_error: OnError | None = None,
           view: _View | None = None) -> UpdateSummary:
    """Fuse the events of ``doc_ids`` into the store's incidents (incremental; see module doc).

    A group whose fusion fails goes to ``on_error`` (see :func:`~frontlines.fusion.fuse`); the
    incidents it had are kept as stored and every other group is written. ``view``: what an
    earlier update of the same batch read (``update_in_turns``).
    """
    ensure_schema(store)
    doc_ids = list(dict.fromkeys(doc_ids))
    view = view.fresh() if view is not None else _View(store)
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
    group = _connected(store, seeds, view)
    stale |= table.incident_ids_of_events(store, group)
    # the districts whose control timelines may change: of the old incidents, of the new
    # ones, and of the articles' dated background changes
    districts = periods.keys_of_incidents(store, stale) | periods.keys_of(group.values())
    districts |= periods.keys_of(e for d in doc_ids for e in store.iter_events(doc_id=d, kind="background"))
    failed = _FailedGroups(on_error)
    rows = failed.rows(fuse(group.values(), view.reports, on_error=failed, profile_of=view.profile))
    stale -= table.incident_ids_of_events(store, failed.event_ids)
    pause("fusion")  # tests: a process held here has read its view and not yet written it
    changed = table.write_incidents(store, stale, rows)
    periods.refresh(store, districts, view.history)
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
    doc_ids = _by_locality(store, list(dict.fromkeys(doc_ids)))
    total = UpdateSummary()
    view = _View(store)
    for start in range(0, len(doc_ids), size):
        if start:
            time.sleep(_TURN_S)
        with store.transaction():
            part = update(store, doc_ids[start : start + size], on_error=on_error, view=view)
        total.events += part.events
        total.incidents += part.incidents
        total.changed += part.changed
        total.failed += part.failed
    return total


def _by_locality(store: Store, doc_ids: list[str]) -> list[str]:
    """``doc_ids`` ordered by the province and date of their first incident, so that each chunk
    of :func:`update_in_turns` reads one stretch of the store rather than all of it (chunks
    of articles in arrival order from a shuffled archive each read a neighbourhood spanning
    every province and year). The order changes no incident: updates are order-independent."""
    first: dict[str, str] = {}
    for start in range(0, len(doc_ids), 500):
        part = doc_ids[start : start + 500]
        marks = ",".join("?" * len(part))
        for row in store.connection.execute(
            "SELECT doc_id, min(coalesce(admin1, '') || char(31) || coalesce(event_date, '')) AS place "
            f"FROM events WHERE kind = 'incident' AND doc_id IN ({marks}) GROUP BY doc_id",
            part,
        ):
            first[row["doc_id"]] = row["place"]
    return sorted(doc_ids, key=lambda d: first.get(d, ""))


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
