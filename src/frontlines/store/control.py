"""The control tables: every district's control timeline as rows people can browse.

- ``control_districts``: one row per district with control evidence: its
  province, its point on the map, how many periods its timeline has, and a
  digest of the timeline (a district is rewritten only when it changes).
- ``control_periods``: one row per period of a district's timeline
  (:class:`~frontlines.models.ControlState`): state, controller, challenger,
  start / end with their precision, confidence, claim status, brief incursion,
  implied, why, and the incidents behind it.
- ``control_evidence``: every sentence behind a period, with its article
  (``doc_id`` references ``articles``), outlet and character span.

Fusion keeps them up to date (``frontlines.fusion.service``); they are derived
data, rebuilt from the incidents at any time, and the JSON API and pages read
them instead of recomputing timelines on every request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from ..models import ControlState, Evidence
from .db import Store

SCHEMA = [
    # step 1
    """
    CREATE TABLE control_districts (
        province     TEXT NOT NULL,
        district     TEXT NOT NULL,
        latitude     REAL,
        longitude    REAL,
        periods      INTEGER NOT NULL,
        digest       TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (province, district)
    );
    CREATE TABLE control_periods (
        period_id       TEXT PRIMARY KEY,
        province        TEXT NOT NULL,
        district        TEXT NOT NULL,
        position        INTEGER NOT NULL,
        state           TEXT NOT NULL,
        controller      TEXT,
        challenger      TEXT,
        start           TEXT,
        start_precision INTEGER,
        "end"           TEXT,
        end_precision   INTEGER,
        confidence      REAL,
        claim_status    TEXT,
        claimed_by      TEXT,
        brief           INTEGER NOT NULL,
        implied         INTEGER NOT NULL,
        why             TEXT,
        latitude        REAL,
        longitude       REAL,
        incidents       TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX control_periods_district ON control_periods (province, district, position);
    CREATE INDEX control_periods_dates ON control_periods (start, "end");
    CREATE TABLE control_evidence (
        period_id TEXT NOT NULL REFERENCES control_periods (period_id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        doc_id    TEXT NOT NULL,
        source    TEXT,
        sentence  TEXT NOT NULL,
        start     INTEGER,
        "end"     INTEGER,
        PRIMARY KEY (period_id, position)
    );
    CREATE INDEX control_evidence_doc ON control_evidence (doc_id);
    """,
]

# Not registered with ``register_schema``: fusion applies it (``fusion.service.ensure_schema``)
# and fills the tables from the incidents at once, so a store fused before they existed
# gets them complete.

_PERIOD_FIELDS = (
    "state", "controller", "challenger", "start", "start_precision", "end", "end_precision",
    "confidence", "claim_status", "claimed_by", "why", "latitude", "longitude",
)  # fmt: skip


def period_id(province: str, district: str, position: int) -> str:
    """A readable, stable id: the same district's n-th period keeps its id across rewrites."""
    return f"{province}/{district}/{position}"


def _digest(states: list[ControlState]) -> str:
    text = json.dumps([s.to_dict() for s in states], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_district(store: Store, province: str, district: str, states: list[ControlState]) -> bool:
    """Make the district's rows ``states`` (none: the district is dropped); True when they changed."""
    digest = _digest(states)
    db = store.connection
    old = db.execute(
        "SELECT digest FROM control_districts WHERE province = ? AND district = ?", (province, district)
    ).fetchone()
    if (old["digest"] if old else None) == (digest if states else None):
        return False
    with store.transaction() as tx:
        tx.execute(
            "DELETE FROM control_evidence WHERE period_id IN (SELECT period_id FROM control_periods "
            "WHERE province = ? AND district = ?)", (province, district),
        )
        tx.execute("DELETE FROM control_periods WHERE province = ? AND district = ?", (province, district))
        tx.execute("DELETE FROM control_districts WHERE province = ? AND district = ?", (province, district))
        if not states:
            return True
        tx.execute(
            "INSERT INTO control_districts VALUES (?, ?, ?, ?, ?, ?, ?)",
            (province, district, states[0].latitude, states[0].longitude, len(states), digest,
             datetime.now(UTC).isoformat(timespec="seconds")),
        )
        for position, state in enumerate(states):
            pid = period_id(province, district, position)
            values = {name: getattr(state, name) for name in _PERIOD_FIELDS}
            tx.execute(
                "INSERT INTO control_periods (period_id, province, district, position, brief, implied, "
                "incidents, " + ", ".join(f'"{n}"' for n in values) + ") VALUES (?, ?, ?, ?, ?, ?, ?, "
                + ", ".join("?" for _ in values) + ")",
                (pid, province, district, position, int(state.brief), int(state.implied),
                 json.dumps(state.events, ensure_ascii=False), *values.values()),
            )
            tx.executemany(
                'INSERT INTO control_evidence (period_id, position, doc_id, source, sentence, start, "end") '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(pid, n, e.doc_id, e.source, e.sentence, e.start, e.end) for n, e in enumerate(state.evidence)],
            )
    return True


def districts(store: Store) -> list[tuple[str, str]]:
    """(province, district) of every district with rows, sorted."""
    rows = store.connection.execute("SELECT province, district FROM control_districts ORDER BY province, district")
    return [(r["province"], r["district"]) for r in rows]


def read_timelines(store: Store, keys: Iterable[tuple[str, str]] | None = None) -> Iterator[
        tuple[tuple[str, str], list[ControlState]]]:
    """Each district's stored timeline, oldest period first (``keys``: only these districts)."""
    wanted = districts(store) if keys is None else list(keys)
    for province, district in wanted:
        rows = store.connection.execute(
            "SELECT * FROM control_periods WHERE province = ? AND district = ? ORDER BY position",
            (province, district),
        ).fetchall()
        if not rows:
            continue
        yield (province, district), [_state(store, row) for row in rows]


def _state(store: Store, row: Any) -> ControlState:
    evidence = [
        Evidence(doc_id=e["doc_id"], sentence=e["sentence"], start=e["start"], end=e["end"], source=e["source"])
        for e in store.connection.execute(
            "SELECT * FROM control_evidence WHERE period_id = ? ORDER BY position", (row["period_id"],)
        )
    ]
    return ControlState(
        district=row["district"], province=row["province"] or None,
        brief=bool(row["brief"]), implied=bool(row["implied"]),
        events=json.loads(row["incidents"] or "[]"), evidence=evidence,
        **{name: row[name] for name in _PERIOD_FIELDS},
    )
