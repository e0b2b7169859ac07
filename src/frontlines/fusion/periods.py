"""District control timelines kept in the store (``store.control``), up to date with fusion.

``refresh(store, keys)`` recomputes the timelines of the districts ``keys``
((province, district) pairs) from their incidents, exactly as ``frontlines
control`` computes them (:func:`frontlines.fusion.control.timeline`), and
rewrites the rows of those whose timeline changed. Fusion calls it with the
districts an update touched; ``keys=None`` refreshes every district (a store
made before these tables existed is filled on first open).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Event
from ..store import Store
from ..store import control as rows
from ..store import incidents as table
from .control import district_point, role, timeline


def district_events(store: Store, key: tuple[str, str],
                    history: dict[tuple[str, str], list[Event]] | None = None) -> list[Event]:
    """The incidents bearing on one district's control, and its dated background changes
    (the same selection as :func:`frontlines.fusion.service.by_district`). ``history``: the
    background changes read before, by district, while no article was stored (fusion's view)."""
    province, district = key
    within = province or None  # an empty province is a district of no known province
    found = [
        e for e in table.iter_incidents(store, admin1=within, admin2=district, control=True)
        if (e.admin1 or "") == province and e.admin2 == district
    ]
    if history is None or key not in history:
        changes = [
            e for e in store.iter_events(admin1=within, admin2=district, kind="background")
            if (e.admin1 or "") == province and role(e) is not None
        ]
        if history is None:
            return found + changes
        history[key] = changes
    return found + history[key]


def all_keys(store: Store) -> set[tuple[str, str]]:
    """Every district with a control incident or a dated background change, and every district
    with stored rows (so a district whose evidence is gone loses its rows)."""
    keys = {
        (r["admin1"] or "", r["admin2"])
        for r in store.connection.execute(
            "SELECT DISTINCT admin1, admin2 FROM incidents WHERE control_role IS NOT NULL AND admin2 IS NOT NULL"
        )
    }
    keys |= {
        (r["admin1"] or "", r["admin2"])
        for r in store.connection.execute(
            "SELECT DISTINCT admin1, admin2 FROM events WHERE kind = 'background' AND admin2 IS NOT NULL"
        )
    }
    return keys | set(rows.districts(store))


def refresh(store: Store, keys: Iterable[tuple[str, str]] | None = None,
            history: dict[tuple[str, str], list[Event]] | None = None) -> int:
    """Rewrite the stored timelines of ``keys`` (None: every district); returns how many changed.
    ``history``: see :func:`district_events`."""
    wanted = all_keys(store) if keys is None else {(p or "", d) for p, d in keys if d}
    changed = 0
    for key in sorted(wanted):
        events = district_events(store, key, history)
        states = timeline(events) if events else []
        if states:
            lat, lon = district_point(events)
            for state in states:
                state.latitude, state.longitude = lat, lon
        changed += rows.write_district(store, key[0], key[1], states)
    return changed


def keys_of(events: Iterable[Event]) -> set[tuple[str, str]]:
    return {(e.admin1 or "", e.admin2) for e in events if e.admin2}


def keys_of_incidents(store: Store, incident_ids: Iterable[str]) -> set[tuple[str, str]]:
    """The districts of stored incidents (read before they are rewritten)."""
    found = set()
    for incident_id in incident_ids:
        row = store.connection.execute(
            "SELECT admin1, admin2 FROM incidents WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        if row and row["admin2"]:
            found.add((row["admin1"] or "", row["admin2"]))
    return found
