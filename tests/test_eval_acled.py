"""``frontlines eval acled``: reading ACLED exports, scoring notes shared by several rows,
and the scores on a sample of the real dev notes (full set: tests/test_quality_gate.py)."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import pytest
from conftest import ACLED_DEV, need

from frontlines.errors import EvalDataError
from frontlines.evaluation import acled

COLUMNS = ["event_date", "year", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location",
           "latitude", "longitude", "fatalities", "notes"]


def write_export(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


SHARED_NOTE = (
    "On 12 May 2021, Afghan forces conducted operations against Taliban militants in Andar and Giro "
    "districts, Ghazni province. 6 militants were killed (split across 2 events)."
)


def rows():
    base = {"event_date": "12 May 2021", "year": "2021", "event_type": "Battles", "sub_event_type": "Armed clash",
            "actor1": "Military Forces of Afghanistan (2014-)", "actor2": "Taliban", "admin1": "Ghazni"}
    return [
        {**base, "location": "Andar", "fatalities": "3", "notes": SHARED_NOTE},
        {**base, "location": "Giro", "fatalities": "3", "notes": SHARED_NOTE},
        {**base, "event_date": "13 May 2021", "event_type": "Explosions/Remote violence",
         "sub_event_type": "Remote explosive/landmine/IED", "actor1": "Taliban",
         "actor2": "Civilians (Afghanistan)", "admin1": "Kandahar", "location": "Spin Boldak", "fatalities": "2",
         "notes": "On 13 May 2021, 2 civilians were killed when a Taliban-planted roadside bomb hit their car "
                  "in Spin Boldak district, Kandahar."},
    ]


def test_notes_shared_by_rows_are_read_once(tmp_path):
    notes = acled.read_notes(write_export(tmp_path / "a.csv", rows()))
    assert [len(n.rows) for n in notes] == [2, 1]
    assert notes[0].published == "2021-05-12" and notes[1].published == "2021-05-13"
    assert acled.read_notes(write_export(tmp_path / "b.csv", rows()), limit=1)[0].text == SHARED_NOTE


def test_one_month_of_notes_is_read_alone(tmp_path):
    data = rows()
    data[2] = {**data[2], "event_date": "13 June 2021"}
    path = write_export(tmp_path / "m.csv", data)
    assert [n.published for n in acled.read_notes(path, month="2021-06")] == ["2021-06-13"]
    assert [n.published for n in acled.read_notes(path, month="2021-05")] == ["2021-05-12"]
    with pytest.raises(EvalDataError, match="2021-07"):
        acled.read_notes(path, month="2021-07")


def test_acled_dates():
    assert acled.acled_date("31 May 2019") == "2019-05-31"
    assert acled.acled_date("2019-05-31") == "2019-05-31"
    assert acled.acled_date("sometime") is None


def test_bad_exports_are_clear_errors(tmp_path):
    missing = tmp_path / "m.csv"
    missing.write_text("event_date,notes\n1 May 2019,x\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="missing column"):
        acled.read_notes(missing)
    with pytest.raises(EvalDataError):
        acled.read_notes(tmp_path / "absent.csv")
    empty = write_export(tmp_path / "e.csv", [])
    with pytest.raises(EvalDataError, match="no notes"):
        acled.read_notes(empty)


def test_a_field_counts_when_any_of_the_notes_rows_matches(tmp_path):
    note = acled.read_notes(write_export(tmp_path / "a.csv", rows()))[0]
    event = SimpleNamespace(sub_event_type="Armed clash", event_type="Battles", actor1="Taliban", actor2=None,
                            admin1="Ghazni", location="Giro", fatalities=3, geo_precision=2, admin2=None,
                            geonames_id=None)
    scores = acled.score_note(note, event)
    assert scores["sub_event_type"] and scores["fatalities"] and scores["admin1"] and scores["location"]
    assert not scores["actor1"] and not scores["actor2"]
    assert not any(acled.score_note(note, None).values())


def test_evaluate_counts_territory_and_confusion():
    notes = [acled.Note("n1", "x", None, [{"sub_event_type": "Government regains territory", "event_type": "Battles",
                                            "actor1": "", "actor2": "", "admin1": "", "location": "", "fatalities": "0"}]),
             acled.Note("n2", "y", None, [{"sub_event_type": "Armed clash", "event_type": "Battles",
                                            "actor1": "", "actor2": "", "admin1": "", "location": "", "fatalities": "0"}])]
    regain = SimpleNamespace(sub_event_type="Government regains territory", event_type="Battles", actor1=None,
                             actor2=None, admin1=None, location=None, fatalities=0, kind="incident")
    results = {"n1": SimpleNamespace(events=[regain]), "n2": SimpleNamespace(events=[regain])}
    report = acled.evaluate(notes, results)
    assert (report["territory"].tp, report["territory"].fp, report["territory"].fn) == (1, 1, 0)
    assert report["fields"]["sub_event_type"].correct == 1
    assert report["classification"].confusion["Armed clash"] == {"Government regains territory": 1}


def test_run_end_to_end(tmp_path):
    out = tmp_path / "report.json"
    report = acled.run(write_export(tmp_path / "a.csv", rows()), out_json=out, workers=1)
    assert report["notes"] == 2 and report["rows"] == 3 and not report["failures"]
    assert report["fields"]["sub_event_type"].correct == 2
    assert report["fields"]["admin1"].correct == 2
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["fields"]["sub_event_type"]["value"] == 1.0


@pytest.mark.slow
def test_sample_of_the_dev_notes():
    """The first 250 distinct notes of the ACLED dev export (the gate runs all 1,582)."""
    report = acled.run(need(ACLED_DEV), limit=250, workers=2)
    fields = report["fields"]
    assert fields["sub_event_type"].value >= 0.95
    assert fields["actor1"].value >= 0.9 and fields["actor2"].value >= 0.88
    assert fields["admin1"].value >= 0.95
    assert not report["failures"]


def test_zero_coded_notes_are_told_apart_for_the_fatalities_diagnostic():
    row = {"sub_event_type": "Armed clash", "event_type": "Battles", "actor1": "Taliban",
           "actor2": "Military Forces of Afghanistan (2014-)", "admin1": "Herat", "location": "Herat",
           "fatalities": "0"}
    killed = acled.Note("n1", "On 16-May-2019, 1 Afghan soldier was killed by Taliban militants in Herat city.", None, [row])
    quiet = acled.Note("n2", "On 04-April-2019, Taliban militants clashed with Afghan Military Forces in Jaghatu "
                             "district. No injuries or fatalities were reported.", None, [row])
    counted = acled.Note("n3", killed.text, None, [{**row, "fatalities": "1"}])
    assert acled.zero_coded(killed)
    assert not acled.zero_coded(quiet) and not acled.zero_coded(counted)
    event = SimpleNamespace(sub_event_type="Armed clash", event_type="Battles", actor1="Taliban", actor2=None,
                            admin1=None, location=None, fatalities=1, kind="incident")
    results = {n.id: SimpleNamespace(events=[event]) for n in (killed, quiet, counted)}
    report = acled.evaluate([killed, quiet, counted], results)
    assert report["zero_coded_notes"] == 1
    assert (report["fatalities_outside_zero_coding"].correct, report["fatalities_outside_zero_coding"].total) == (1, 2)
