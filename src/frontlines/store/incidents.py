"""The fusion tables: fused incidents and the reports behind each.

- ``incidents``: one row per fused incident; the full record (a fused
  :class:`~frontlines.models.Event`) as JSON, and every field people browse
  or filter on as a real column (date, place, type, actors, fatalities best /
  low / high, claim status, coordinates, notes, the evidence sentences as
  text, the incident's role in district control), so that any SQLite tool
  (``datasette frontlines.db``) shows incidents without reading JSON.
- ``incident_members``: every per-article event, the incident it belongs to,
  the member it was matched with and the reasons (``frontlines event ID``).

Rows are rewritten only when their content changes, so re-running fusion on
the same articles changes nothing, not even ``updated_at``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from ..failures import OnError, contain
from ..models import Event, Evidence
from .db import Store, register_schema

SCHEMA = [
    # step 1
    """
    CREATE TABLE incidents (
        incident_id    TEXT PRIMARY KEY,
        event_date     TEXT,
        time_precision INTEGER,
        event_type     TEXT,
        sub_event_type TEXT,
        admin1         TEXT,
        admin2         TEXT,
        control_role   TEXT,
        record         TEXT NOT NULL,
        updated_at     TEXT NOT NULL
    );
    CREATE INDEX incidents_date ON incidents (event_date);
    CREATE INDEX incidents_place ON incidents (admin1, admin2);
    CREATE INDEX incidents_role ON incidents (control_role);
    CREATE TABLE incident_members (
        event_id    TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        doc_id      TEXT NOT NULL,
        linked_to   TEXT,
        score       REAL,
        reasons     TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX incident_members_incident ON incident_members (incident_id);
    CREATE INDEX incident_members_doc ON incident_members (doc_id);
    """,
]

SCHEMA.append(
    # step 2: the record's fields as real columns (filled from ``record`` for stored rows)
    """
    ALTER TABLE incidents ADD COLUMN actor1 TEXT;
    ALTER TABLE incidents ADD COLUMN assoc_actor_1 TEXT;
    ALTER TABLE incidents ADD COLUMN actor2 TEXT;
    ALTER TABLE incidents ADD COLUMN assoc_actor_2 TEXT;
    ALTER TABLE incidents ADD COLUMN country TEXT;
    ALTER TABLE incidents ADD COLUMN iso INTEGER;
    ALTER TABLE incidents ADD COLUMN location TEXT;
    ALTER TABLE incidents ADD COLUMN latitude REAL;
    ALTER TABLE incidents ADD COLUMN longitude REAL;
    ALTER TABLE incidents ADD COLUMN geo_precision INTEGER;
    ALTER TABLE incidents ADD COLUMN fatalities INTEGER;
    ALTER TABLE incidents ADD COLUMN fatalities_low INTEGER;
    ALTER TABLE incidents ADD COLUMN fatalities_high INTEGER;
    ALTER TABLE incidents ADD COLUMN injuries INTEGER;
    ALTER TABLE incidents ADD COLUMN detained INTEGER;
    ALTER TABLE incidents ADD COLUMN claim_status TEXT;
    ALTER TABLE incidents ADD COLUMN claimed_by TEXT;
    ALTER TABLE incidents ADD COLUMN confidence REAL;
    ALTER TABLE incidents ADD COLUMN notes TEXT;
    ALTER TABLE incidents ADD COLUMN source_count INTEGER;
    ALTER TABLE incidents ADD COLUMN sources TEXT;
    ALTER TABLE incidents ADD COLUMN evidence_text TEXT;
    UPDATE incidents SET
        actor1 = json_extract(record, '$.actor1'),
        assoc_actor_1 = json_extract(record, '$.assoc_actor_1'),
        actor2 = json_extract(record, '$.actor2'),
        assoc_actor_2 = json_extract(record, '$.assoc_actor_2'),
        country = json_extract(record, '$.country'),
        iso = json_extract(record, '$.iso'),
        location = json_extract(record, '$.location'),
        latitude = json_extract(record, '$.latitude'),
        longitude = json_extract(record, '$.longitude'),
        geo_precision = json_extract(record, '$.geo_precision'),
        fatalities = json_extract(record, '$.fatalities'),
        fatalities_low = json_extract(record, '$.fatalities_low'),
        fatalities_high = json_extract(record, '$.fatalities_high'),
        injuries = json_extract(record, '$.injuries'),
        detained = json_extract(record, '$.detained'),
        claim_status = json_extract(record, '$.claim_status'),
        claimed_by = json_extract(record, '$.claimed_by'),
        confidence = json_extract(record, '$.confidence'),
        notes = json_extract(record, '$.notes'),
        source_count = json_array_length(record, '$.sources'),
        sources = json_extract(record, '$.sources'),
        evidence_text = (SELECT group_concat(json_extract(value, '$.sentence'), char(10))
                         FROM json_each(record, '$.evidence'));
    CREATE INDEX incidents_country ON incidents (country, admin1);
    CREATE INDEX incidents_claim ON incidents (claim_status);
    """
)

SCHEMA.append(
    # step 3: a district's incidents found by index; reads filter places without regard to
    # case, and the step-1 index is case-sensitive, so each district's control timeline
    # scanned every incident (20 s per 100 articles fused into a store of 50,000 incidents)
    """
    CREATE INDEX incidents_district ON incidents (admin2 COLLATE NOCASE, admin1 COLLATE NOCASE);
    """
)

# The columns of an incident row besides ``record`` and ``updated_at``, in table order.
_FIELDS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "admin1", "admin2",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high",
    "injuries", "detained", "claim_status", "claimed_by", "confidence", "notes",
)  # fmt: skip
COLUMNS = ("incident_id", *_FIELDS, "source_count", "sources", "evidence_text", "control_role")

register_schema("fusion", SCHEMA)


def _columns(event: Event, role: str | None) -> dict[str, Any]:
    """The incident's row (without ``record`` and ``updated_at``)."""
    row: dict[str, Any] = {name: getattr(event, name) for name in _FIELDS}
    row["incident_id"] = event.event_id
    row["source_count"] = len(event.sources)
    row["sources"] = json.dumps(event.sources, ensure_ascii=False, separators=(",", ":"))  # as json_extract writes it
    row["evidence_text"] = "\n".join(e.sentence for e in event.evidence)
    row["control_role"] = role
    return row


def _record(event: Event) -> str:
    return json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True)


def event_from_record(text: str) -> Event:
    values = json.loads(text)
    values["evidence"] = [Evidence(**item) for item in values.get("evidence", [])]
    return Event(**values)


def _row_event(row: Any) -> Event:
    return event_from_record(row["record"])


def write_incidents(
    store: Store,
    stale_ids: Iterable[str],
    incidents: Iterable[tuple[Event, str | None, list[dict[str, Any]]]],
) -> int:
    """Replace the incidents ``stale_ids`` by ``incidents`` (event, control role, members).

    One transaction. Returns how many incident rows changed.
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    incidents = list(incidents)
    keep = {event.event_id for event, _, _ in incidents}
    changed = 0
    with store.transaction() as db:
        for incident_id in set(stale_ids) - keep:
            db.execute("DELETE FROM incidents WHERE incident_id = ?", (incident_id,))
            db.execute("DELETE FROM incident_members WHERE incident_id = ?", (incident_id,))
            changed += 1
        for event, role, members in incidents:
            record = _record(event)
            old = db.execute(
                "SELECT record, control_role FROM incidents WHERE incident_id = ?", (event.event_id,)
            ).fetchone()
            if old is None or old["record"] != record or old["control_role"] != role:
                changed += 1
                row = {**_columns(event, role), "record": record, "updated_at": now}
                names = ", ".join(row)
                updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != "incident_id")
                db.execute(
                    f"INSERT INTO incidents ({names}) VALUES ({', '.join(':' + n for n in row)}) "
                    f"ON CONFLICT (incident_id) DO UPDATE SET {updates}",
                    row,
                )
            for m in members:
                reasons = json.dumps(m["reasons"], ensure_ascii=False)
                db.execute(
                    "INSERT INTO incident_members (event_id, incident_id, doc_id, linked_to, score, reasons) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET "
                    "incident_id = excluded.incident_id, doc_id = excluded.doc_id, "
                    "linked_to = excluded.linked_to, score = excluded.score, reasons = excluded.reasons "
                    "WHERE incident_members.incident_id IS NOT excluded.incident_id "
                    "OR incident_members.linked_to IS NOT excluded.linked_to "
                    "OR incident_members.score IS NOT excluded.score "
                    "OR incident_members.reasons IS NOT excluded.reasons",
                    (m["event_id"], event.event_id, m["doc_id"], m["linked_to"], m["score"], reasons),
                )
    return changed


def forget_members(store: Store, event_ids: Iterable[str]) -> None:
    """Drop memberships of events that no longer exist (an article re-extracted)."""
    with store.transaction() as db:
        db.executemany("DELETE FROM incident_members WHERE event_id = ?", [(e,) for e in event_ids])


def incident_of(store: Store, event_id: str) -> str | None:
    """The incident an id names: an incident id itself, or a member event's incident."""
    row = store.connection.execute(
        "SELECT incident_id FROM incidents WHERE incident_id = ? UNION ALL "
        "SELECT incident_id FROM incident_members WHERE event_id = ? LIMIT 1",
        (event_id, event_id),
    ).fetchone()
    return row["incident_id"] if row else None


def _members_column(store: Store, wanted: str, key: str, values: Iterable[str]) -> set[str]:
    """Every ``wanted`` value of the memberships whose ``key`` is one of ``values``.

    ``wanted`` and ``key`` are this module's own column names, never user input.
    """
    found = set()
    query = f"SELECT {wanted} FROM incident_members WHERE {key} = ?"
    for value in values:
        found.update(r[wanted] for r in store.connection.execute(query, (value,)))
    return found


def incident_ids_of_events(store: Store, event_ids: Iterable[str]) -> set[str]:
    return _members_column(store, "incident_id", "event_id", event_ids)


def member_ids(store: Store, incident_ids: Iterable[str]) -> set[str]:
    return _members_column(store, "event_id", "incident_id", incident_ids)


def members_by_doc(store: Store, doc_ids: Iterable[str]) -> set[str]:
    return _members_column(store, "event_id", "doc_id", doc_ids)


def get_incident(store: Store, incident_id: str) -> Event | None:
    row = store.connection.execute(
        "SELECT record FROM incidents WHERE incident_id = ?", (incident_id,)
    ).fetchone()
    return _row_event(row) if row else None


def get_members(store: Store, incident_id: str) -> list[dict[str, Any]]:
    rows = store.connection.execute(
        "SELECT * FROM incident_members WHERE incident_id = ? ORDER BY rowid", (incident_id,)
    )
    return [
        {
            "event_id": r["event_id"],
            "doc_id": r["doc_id"],
            "linked_to": r["linked_to"],
            "score": r["score"],
            "reasons": json.loads(r["reasons"] or "[]"),
        }
        for r in rows
    ]


def iter_incidents(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    admin1: str | None = None,
    admin2: str | None = None,
    control: bool = False,
    on_error: OnError | None = None,
) -> Iterator[Event]:
    """Fused incidents by date (undated last), then id."""
    for event, _ in iter_incident_rows(
        store, since=since, until=until, admin1=admin1, admin2=admin2, control=control, on_error=on_error
    ):
        yield event


def iter_incident_rows(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    admin1: str | None = None,
    admin2: str | None = None,
    control: bool = False,
    on_error: OnError | None = None,
) -> Iterator[tuple[Event, str]]:
    """(fused incident, ISO time it last changed), by date (undated last), then id.

    A record that cannot be read back goes to ``on_error`` (without it: raised) and is passed over.
    """
    clauses, params = [], []
    for clause, value in (
        ("event_date >= ?", since),
        ("event_date <= ?", until),
        ("admin1 = ? COLLATE NOCASE", admin1),
        ("admin2 = ? COLLATE NOCASE", admin2),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    if control:
        clauses.append("control_role IS NOT NULL")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    query = (
        f"SELECT incident_id, record, updated_at FROM incidents{where} "
        "ORDER BY event_date IS NULL, event_date, incident_id"
    )
    for row in store.connection.execute(query, params):
        try:
            event = _row_event(row)
        except Exception as exc:  # noqa: BLE001 - stage boundary (store): one record never stops a read
            contain(on_error, "store", exc, f"incident {row['incident_id']}")
            continue
        yield event, row["updated_at"]


def count_incidents(store: Store) -> int:
    return store.connection.execute("SELECT count(*) FROM incidents").fetchone()[0]
