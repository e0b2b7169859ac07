"""The store as tables people can browse: incidents and control periods with real columns.

Checked with sqlite3 itself and with Datasette (``datasette frontlines.db``),
on stores built from the fusion fixtures (no NLP).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from fusion_fixtures import district_reports, store_with, strike_reports

from frontlines.fusion.query import control_in
from frontlines.fusion.service import rebuild, update
from frontlines.store import Store
from frontlines.store import control as control_rows
from frontlines.store import incidents as table

INCIDENT_COLUMNS = {
    "incident_id", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "claim_status", "claimed_by",
    "confidence", "notes", "source_count", "sources", "evidence_text", "control_role", "record",
}  # fmt: skip
PERIOD_COLUMNS = {
    "period_id", "province", "district", "position", "state", "controller", "challenger", "start",
    "start_precision", "end", "end_precision", "confidence", "claim_status", "claimed_by", "brief",
    "implied", "why", "latitude", "longitude", "incidents",
}  # fmt: skip
EVIDENCE_COLUMNS = {"period_id", "position", "doc_id", "source", "sentence", "start", "end"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("browse") / "frontlines.db"
    store_with(district_reports() + strike_reports(), str(path)).close()
    return path


def _columns(connection: sqlite3.Connection, name: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({name})")}


def test_tables_have_real_columns(db_path):
    with sqlite3.connect(db_path) as db:
        assert INCIDENT_COLUMNS <= _columns(db, "incidents")
        assert PERIOD_COLUMNS <= _columns(db, "control_periods")
        assert EVIDENCE_COLUMNS <= _columns(db, "control_evidence")
        assert {"province", "district", "latitude", "longitude", "periods"} <= _columns(db, "control_districts")


def test_incident_columns_hold_the_record(db_path):
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM incidents").fetchall()
    assert len(rows) == 12  # 15 reports: the Kaldar and wedding reports merge (2 + 1)
    for row in rows:
        record = json.loads(row["record"])
        for name in ("actor1", "actor2", "fatalities", "fatalities_low", "fatalities_high",
                     "claim_status", "latitude", "longitude", "notes", "country", "location"):
            assert row[name] == record[name], (row["incident_id"], name)
        assert row["source_count"] == len(record["sources"])
        assert row["evidence_text"].split("\n") == [e["sentence"] for e in record["evidence"]]
    wedding = [r for r in rows if "wedding" in r["evidence_text"]]
    assert [(r["fatalities"], r["fatalities_low"], r["fatalities_high"], r["source_count"]) for r in wedding] == [
        (10, 10, 11, 2)
    ]


def test_control_rows_equal_the_computed_timelines(db_path):
    with Store.open(db_path) as store:
        stored = dict(control_rows.read_timelines(store))
        computed = {(d.province or "", d.district): d.states for d in control_in(store).districts}
    assert sorted(stored) == sorted(computed) and len(stored) == 6
    for key, states in computed.items():
        assert [s.to_dict() for s in stored[key]] == [s.to_dict() for s in states], key
    with sqlite3.connect(db_path) as db:
        kaldar = db.execute(
            "SELECT state, controller, start, \"end\" FROM control_periods WHERE district = 'Kaldar' ORDER BY position"
        ).fetchall()
        evidence = db.execute(
            "SELECT e.sentence, e.source FROM control_evidence e JOIN control_periods p USING (period_id) "
            "WHERE p.district = 'Kaldar' AND p.state = 'non-state'"
        ).fetchall()
    assert kaldar[1][:2] == ("non-state", "Taliban") and kaldar[2][:2] == ("government", "Government of Afghanistan")
    assert ("The district, which runs along the Amu River, was said to have fallen to the Taliban a month ago.", "RT") in evidence


def test_control_rows_follow_fusion_and_reruns_change_nothing(tmp_path):
    reports = district_reports()
    with store_with(reports[:1], str(tmp_path / "s.db")) as store:
        before = dict(control_rows.read_timelines(store))
        assert [s.state for s in before[("Balkh", "Kaldar")]] == ["government", "non-state", "government"]
        for r in reports[1:]:
            store.add_article(r.article())
            store.replace_events(r.doc_id, r.events)
            update(store, [r.doc_id])
        stamp = store.connection.execute("SELECT group_concat(updated_at || digest) FROM control_districts").fetchone()[0]
        update(store, [r.doc_id for r in reports])
        rebuild(store)
        assert store.connection.execute(
            "SELECT group_concat(updated_at || digest) FROM control_districts").fetchone()[0] == stamp
        # an article re-extracted without its events: the district it alone spoke of loses its rows
        store.replace_events("darqad-afp", [])
        update(store, ["darqad-afp"])
        assert ("Takhar", "Darqad") not in dict(control_rows.read_timelines(store))


def test_a_store_fused_before_the_columns_is_migrated(tmp_path):
    """A store whose incidents table is at step 1 gets the columns filled from ``record``,
    and its control rows filled on first use."""
    path = tmp_path / "old.db"
    with store_with(strike_reports() + district_reports()[:1], str(path)) as store:
        expected = {r["incident_id"]: dict(r) for r in store.connection.execute("SELECT * FROM incidents")}
    with sqlite3.connect(path) as db:  # back to the old layout: step 1 only, no control tables
        for name in ("control_evidence", "control_periods", "control_districts"):
            db.execute(f"DROP TABLE {name}")
        db.execute("DELETE FROM schema_version WHERE name = 'control'")
        keep = ("incident_id", "event_date", "time_precision", "event_type", "sub_event_type",
                "admin1", "admin2", "control_role", "record", "updated_at")
        db.execute("ALTER TABLE incidents RENAME TO incidents_new")
        db.execute(f"CREATE TABLE incidents AS SELECT {', '.join(keep)} FROM incidents_new")
        db.execute("DROP TABLE incidents_new")
        db.execute("UPDATE schema_version SET version = 1 WHERE name = 'fusion'")
    from frontlines.fusion.service import ensure_schema

    with Store.open(path) as store:
        ensure_schema(store)
        rows = {r["incident_id"]: dict(r) for r in store.connection.execute("SELECT * FROM incidents")}
        assert store.schema_version("fusion") == len(table.SCHEMA)
        assert dict(control_rows.read_timelines(store))[("Balkh", "Kaldar")]
    for incident_id, row in expected.items():
        for name in INCIDENT_COLUMNS:
            assert rows[incident_id][name] == row[name], (incident_id, name)


def test_datasette_opens_the_store_and_shows_the_columns(db_path):
    datasette_app = pytest.importorskip("datasette.app")

    async def fetch() -> dict[str, dict]:
        ds = datasette_app.Datasette([str(db_path)])
        await ds.invoke_startup()
        found = {}
        for name in ("incidents", "control_periods", "control_evidence", "control_districts"):
            response = await ds.client.get(f"/frontlines/{name}.json?_shape=objects&_size=max")
            assert response.status_code == 200, (name, response.text[:200])
            found[name] = response.json()
        return found

    tables = asyncio.run(fetch())
    assert INCIDENT_COLUMNS <= set(tables["incidents"]["rows"][0])
    assert PERIOD_COLUMNS <= set(tables["control_periods"]["rows"][0])
    assert EVIDENCE_COLUMNS <= set(tables["control_evidence"]["rows"][0])
    strikes = [r for r in tables["incidents"]["rows"] if r["sub_event_type"] == "Air/drone strike"]
    assert sorted(r["fatalities_high"] for r in strikes) == [3, 11]
    assert {r["state"] for r in tables["control_periods"]["rows"]} >= {"government", "non-state", "contested"}
