"""What the service reads from the store: read-only connections and the queries behind the API.

Each worker thread of the server gets its own read-only SQLite connection
(``mode=ro``, ``query_only``): the service cannot change the store through
them, whatever a request holds, and WAL lets them read while a watcher or
``frontlines extract`` writes. Every value from a request reaches SQL only as
a bound parameter; column names come from this module's own tables.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import RequestError, StoreError
from ..fusion.control import state_at
from ..fusion.query import resolve_district
from ..models import ControlState
from ..store import Store
from ..store import control as control_rows
from ..store import incidents as table
from . import latency

CLAIM_STATUSES = ("reported", "claimed", "confirmed", "denied", "disputed")
MAX_LIMIT = 500


def valid_date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise RequestError(f"{name} must be a date YYYY-MM-DD, got {value[:40]!r}") from exc


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def valid_text(value: str | None, name: str) -> str | None:
    """A name or words from a request: control characters refused (SQLite ends a LIKE pattern
    at a NUL, which would make it match everything)."""
    if value is not None and _CONTROL.search(value):
        raise RequestError(f"{name} holds a control character")
    return value


class Reader:
    """Read-only access to one store file, one connection per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self._version_lock = threading.Lock()
        self._version_connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0, check_same_thread=False
            )
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store: {exc}", origin=str(self.path)) from exc
        return connection

    @property
    def store(self) -> Store:
        """This thread's read-only store."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self._connect(), self.path)
            self._local.store = store
        return store

    def version(self) -> int:
        """A number that changes whenever another connection commits (SQLite's data_version)."""
        with self._version_lock:
            if self._version_connection is None:
                self._version_connection = self._connect()
            return self._version_connection.execute("PRAGMA data_version").fetchone()[0]


# events ----------------------------------------------------------------------


@dataclass(frozen=True)
class EventQuery:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    claim_status: str | None = None
    control_role: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", valid_date(self.since, "since"))
        object.__setattr__(self, "until", valid_date(self.until, "until"))
        if self.since and self.until and self.since > self.until:
            raise RequestError(f"since {self.since} is after until {self.until}")
        for name in ("country", "admin1", "event_type", "actor"):
            valid_text(getattr(self, name), name)
        if self.claim_status is not None and self.claim_status not in CLAIM_STATUSES:
            raise RequestError(f"claim_status must be one of {', '.join(CLAIM_STATUSES)}")

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("event_date >= ?", self.since),
            ("event_date <= ?", self.until + "\uffff" if self.until else None),
            ("country = ? COLLATE NOCASE", self.country),
            ("admin1 = ? COLLATE NOCASE", self.admin1),
            ("(event_type = ? COLLATE NOCASE OR sub_event_type = ? COLLATE NOCASE)", self.event_type),
            ("claim_status = ?", self.claim_status),
            ("control_role = ?", self.control_role),
        ):
            if value:
                clauses.append(clause)
                params.extend([value] * clause.count("?"))
        if self.actor:
            pattern = like_pattern(self.actor)
            clauses.append(
                "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in
                                  ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")) + ")"
            )
            params.extend([pattern] * 4)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def like_pattern(text: str) -> str:
    """``%text%`` for LIKE, with LIKE's own wildcards in ``text`` taken literally."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def page_bounds(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise RequestError(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise RequestError("offset must be 0 or more")
    return limit, offset


def events(store: Store, query: EventQuery, limit: int, offset: int) -> tuple[int, list[str]]:
    """(how many match, the page of fused incidents as their stored JSON records), by date
    (undated last), then id. The records are :class:`Event` as JSON already: the API sends
    them as they are, rather than parsing and serialising them again (most of a request's time)."""
    where, params = query.where()
    total = store.connection.execute(f"SELECT count(*) FROM incidents{where}", params).fetchone()[0]
    rows = store.connection.execute(
        f"SELECT record, {latency.incident_column()} AS latency FROM incidents{where} "
        "ORDER BY event_date IS NULL, event_date, incident_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, [_with_latency(r["record"], r["latency"]) for r in rows]


def _with_latency(record: str, latency_json: str | None) -> str:
    """The stored JSON record with the watcher's latency added as its last field (``null`` when none)."""
    return record.rstrip()[:-1] + ', "latency": ' + (latency_json or "null") + "}"


def incidents(store: Store, query: EventQuery, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Incidents as clusters of reports: where, when, what, the control role and every member."""
    where, params = query.where()
    total = store.connection.execute(f"SELECT count(*) FROM incidents{where}", params).fetchone()[0]
    rows = store.connection.execute(
        "SELECT incident_id, event_date, event_type, sub_event_type, country, admin1, admin2, location, "
        f"control_role, source_count, {latency.incident_column()} AS latency FROM incidents{where} "
        "ORDER BY event_date IS NULL, event_date, incident_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    found = []
    for row in rows:
        item = dict(row)
        item["latency"] = json.loads(row["latency"]) if row["latency"] else None
        item["reports"] = table.get_members(store, row["incident_id"])
        found.append(item)
    return total, found


# districts -------------------------------------------------------------------


@dataclass
class District:
    province: str
    district: str
    latitude: float | None
    longitude: float | None
    states: list[ControlState]
    at: ControlState | None = None


def district_keys(store: Store) -> list[tuple[str, str]]:
    return control_rows.districts(store)


def districts(store: Store, at: str | None, province: str | None = None) -> list[District]:
    at = valid_date(at, "at")
    valid_text(province, "province")
    keys = [k for k in district_keys(store) if province is None or k[0].casefold() == province.casefold()]
    found = []
    for (prov, name), states in control_rows.read_timelines(store, keys):
        found.append(District(prov, name, states[0].latitude, states[0].longitude, states,
                              state_at(states, at) if at else None))
    return found


def district(store: Store, province: str, name: str, at: str | None = None) -> District | None:
    """One district by its province and name (as stored, or a spelling ``frontlines control`` accepts)."""
    at = valid_date(at, "at")
    valid_text(province, "province")
    valid_text(name, "district")
    province = "" if province == "-" else province
    keys = district_keys(store)
    key = next((k for k in keys if k == (province, name)), None)
    if key is None:
        matches = resolve_district(f"{name} ({province})" if province else name, keys)
        key = matches[0] if len(matches) == 1 else None
    if key is None:
        return None
    for (prov, dist), states in control_rows.read_timelines(store, [key]):
        return District(prov, dist, states[0].latitude, states[0].longitude, states,
                        state_at(states, at) if at else None)
    return None


def district_path(province: str | None, name: str) -> str:
    return f"{quote(province or '-', safe='')}/{quote(name, safe='')}"


# search ----------------------------------------------------------------------

MAX_TERMS = 8


def terms(q: str) -> list[str]:
    words = [w for w in re.split(r"\s+", valid_text(q, "q").strip()) if w]
    if not words:
        raise RequestError("q must hold at least one word")
    return words[:MAX_TERMS]


def search(store: Store, q: str, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Incidents whose notes, evidence or place, and control periods whose evidence or reason,
    hold every word of ``q`` (case-insensitive, as written: no wildcards)."""
    words = terms(q)
    patterns = [like_pattern(w) for w in words]
    event_where = " AND ".join(
        "(notes LIKE ? ESCAPE '\\' OR evidence_text LIKE ? ESCAPE '\\' OR location LIKE ? ESCAPE '\\' "
        "OR admin2 LIKE ? ESCAPE '\\')" for _ in words
    )
    event_params = [p for p in patterns for _ in range(4)]
    period_where = " AND ".join(
        "(p.why LIKE ? ESCAPE '\\' OR p.district LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM control_evidence e "
        "WHERE e.period_id = p.period_id AND e.sentence LIKE ? ESCAPE '\\'))" for _ in words
    )
    period_params = [p for p in patterns for _ in range(3)]
    db = store.connection
    total = db.execute(f"SELECT count(*) FROM incidents WHERE {event_where}", event_params).fetchone()[0]
    total += db.execute(f"SELECT count(*) FROM control_periods p WHERE {period_where}", period_params).fetchone()[0]
    rows = db.execute(
        "SELECT * FROM ("
        f"SELECT 'event' AS kind, incident_id AS id, event_date AS date, sub_event_type AS title, "
        f"admin1 AS province, coalesce(location, admin2) AS place, notes, evidence_text AS text "
        f"FROM incidents WHERE {event_where} "
        "UNION ALL "
        "SELECT 'control' AS kind, p.period_id AS id, p.start AS date, p.state AS title, p.province, "
        "p.district AS place, p.why AS notes, (SELECT group_concat(e.sentence, char(10)) FROM control_evidence e "
        f"WHERE e.period_id = p.period_id) AS text FROM control_periods p WHERE {period_where}"
        ") ORDER BY date IS NULL, date DESC, kind, id LIMIT ? OFFSET ?",
        [*event_params, *period_params, limit, offset],
    ).fetchall()
    results = []
    for row in rows:
        results.append({
            "kind": row["kind"], "id": row["id"], "date": row["date"], "title": row["title"],
            "province": row["province"], "place": row["place"],
            "text": _snippet(row["text"] or "", row["notes"] or "", words),
            "page": (f"/events/{quote(row['id'], safe='')}" if row["kind"] == "event"
                     else f"/districts/{district_path(row['province'], row['place'])}"),
        })
    return total, results


def _snippet(text: str, notes: str, words: list[str]) -> str:
    """The first sentence holding a searched word, else the notes."""
    lowered = [w.casefold() for w in words]
    for sentence in text.split("\n"):
        if any(w in sentence.casefold() for w in lowered):
            return sentence
    return notes or text.split("\n")[0]
