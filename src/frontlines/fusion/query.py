"""Questions asked of the fused store: who controlled a district, and what is this event.

    import frontlines
    answer = frontlines.control(district="Kaldar", at="2021-07-20")
    answer.districts[0].at          # the ControlState that day, with its evidence
    answer.districts[0].states      # the district's whole timeline

These functions back ``frontlines control`` and ``frontlines event``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import FrontlinesError, NotFoundError
from ..failures import OnError, contain
from ..models import ControlState
from ..store import Store
from .control import district_point, state_at, timeline
from .features import norm_name
from .service import Explanation, by_district, explain


@dataclass
class DistrictControl:
    province: str
    district: str
    states: list[ControlState]
    at: ControlState | None = None  # the state on the date asked (None: unknown)

    @property
    def name(self) -> str:
        return f"{self.district} ({self.province})" if self.province else self.district


@dataclass
class ControlReport:
    date: str | None
    districts: list[DistrictControl] = field(default_factory=list)


def _validate_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise FrontlinesError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def resolve_district(name: str, known: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (province, district) keys a user's district name means.

    Accepts "Kaldar", "kaldar", "Kaldar (Balkh)", "Balkh/Kaldar" and close
    spellings ("Nad Ali" for "Nad-e Ali"); a name shared by districts of
    several provinces gives all of them.
    """
    wanted, province = name, None
    if "(" in name and name.rstrip().endswith(")"):
        wanted, province = name.split("(", 1)[0], name.rsplit("(", 1)[1].rstrip(") ")
    elif "/" in name:
        province, wanted = name.split("/", 1)
    target = norm_name(wanted)
    candidates = [k for k in known if not province or norm_name(k[0]) == norm_name(province)]
    exact = [k for k in candidates if norm_name(k[1]) == target]
    if exact:
        return exact
    squashed = target.replace(" ", "")
    exact = [k for k in candidates if norm_name(k[1]).replace(" ", "") == squashed]
    if exact:
        return exact
    via_gazetteer = _gazetteer_keys(wanted, candidates)
    if via_gazetteer:
        return via_gazetteer
    names = {norm_name(k[1]): k[1] for k in candidates}
    match = process.extractOne(target, list(names), scorer=fuzz.ratio, score_cutoff=80)
    if match is None:
        return []
    return [k for k in candidates if norm_name(k[1]) == match[0]]


def _gazetteer_keys(name: str, candidates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Districts the gazetteer knows ``name`` for ("Khanishin" -> Reg-e Khan Neshin, Helmand)."""
    try:
        from ..geo.gazetteer import load

        entries = load().lookup(name, fuzzy=True)
    except (ImportError, FrontlinesError, OSError, sqlite3.Error):
        # no gazetteer (or its cache file removed under a running process, as another
        # checkout sharing the user cache directory does): the store's own names alone
        return []
    wanted = {
        (norm_name(e.admin1), norm_name(e.admin2))
        for e in entries if e.kind in ("district", "town") and e.admin2
    }
    return [k for k in candidates if (norm_name(k[0]), norm_name(k[1])) in wanted]


def control_in(
    store: Store, at: str | None = None, district: str | None = None, on_error: OnError | None = None
) -> ControlReport:
    """Control states from an open store (see :func:`control`).

    A district whose timeline cannot be derived goes to ``on_error`` (a
    :class:`~frontlines.errors.ControlStageError` naming it) and is left out;
    without ``on_error`` the error is raised.
    """
    at = _validate_date(at)
    grouped = by_district(store, on_error)
    keys = sorted(grouped)
    if district is not None:
        keys = resolve_district(district, keys)
        if not keys:
            raise NotFoundError(f"no control evidence for a district named {district!r}")
    report = ControlReport(date=at)
    for key in keys:
        item = DistrictControl(province=key[0], district=key[1], states=[])
        try:
            item.states = timeline(grouped[key])
            if not item.states:
                continue
            lat, lon = district_point(grouped[key])
            for state in item.states:
                state.latitude, state.longitude = lat, lon
            if at is not None:
                item.at = state_at(item.states, at)
        except Exception as exc:  # noqa: BLE001 - stage boundary: one district never stops the others
            contain(on_error, "control", exc, f"district {item.name}")
            continue
        report.districts.append(item)
    return report


def control(
    at: str | None = None,
    district: str | None = None,
    db: str | Path | None = None,
    on_error: OnError | None = None,
) -> ControlReport:
    """Every district's control (``at``: on that date), or one district's timeline.

    ``district`` and ``at`` together answer "who held it that day, and why".
    """
    with Store.open(db, create=False) as store:
        return control_in(store, at=at, district=district, on_error=on_error)


def event(event_id: str, db: str | Path | None = None) -> Explanation:
    """A fused incident by its id (or any of its reports' event ids), with every source sentence."""
    with Store.open(db, create=False) as store:
        found = explain(store, event_id)
    if found is None:
        raise NotFoundError(f"no event with id {event_id!r}")
    return found
