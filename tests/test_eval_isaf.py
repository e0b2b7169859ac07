"""`frontlines eval isaf`: reading releases, aggregating a release's events, scoring."""

from __future__ import annotations

import json

import pytest
from conftest import ISAF, need

from frontlines.errors import EvalDataError
from frontlines.evaluation import isaf
from frontlines.models import Event


def _event(i: int, **fields) -> Event:
    return Event(event_id=f"e{i}", doc_id="d", **fields)


def test_predictions_take_the_fullest_incident_event():
    # one record is one incident: its events retell it, so the fullest figure counts, not the sum
    events = [
        _event(1, event_date="2013-01-24", admin1="Ghazni", sub_event_type="Armed clash", fatalities=2, detained=1),
        _event(2, sub_event_type="Arrests", detained=3),
        _event(3, sub_event_type="Air/drone strike", fatalities=1),
        _event(4, sub_event_type="Armed clash", fatalities=40, detained=9, kind="background"),
    ]
    got = isaf.predictions(events)
    assert got == {
        "start_date": "2013-01-24",
        "province": "Ghazni",
        "killed": 2,
        "captured": 3,
        "airstrike": True,
    }


def test_people_detained_in_a_clash_count_as_captured():
    events = [_event(1, sub_event_type="Armed clash", fatalities=1, detained=2)]
    assert isaf.predictions(events)["captured"] == 2


def test_no_events_predicts_nothing():
    assert isaf.predictions([]) == {
        "start_date": None, "province": None, "killed": 0, "captured": 0, "airstrike": False,
    }


def test_score_against_gold():
    release = isaf.Release(
        "r1",
        "text",
        {"start_date": "2011-11-19", "province": ["helmand"], "min_killed": 0, "min_captured": 4, "airstrike": False},
    )
    predicted = {"start_date": "2011-11-19", "province": "Helmand", "killed": 0, "captured": 3, "airstrike": False}
    assert isaf.score(release, predicted) == {
        "start_date": True, "province": True, "killed": True, "captured": False, "airstrike": True,
    }


def test_province_spellings_meet():
    assert isaf._same_province("Helmand Province", ["helmand"])
    assert not isaf._same_province("Kandahar", ["helmand"])
    assert not isaf._same_province(None, ["helmand"])


def test_malformed_line_is_an_error_naming_it(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x", "gold": {}}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(EvalDataError) as err:
        isaf.read_releases(path)
    assert "bad.jsonl:2" in err.value.one_line()


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(EvalDataError):
        isaf.read_releases(path)


@pytest.mark.slow
def test_eval_isaf_runs_end_to_end(tmp_path):
    need(ISAF)
    out = tmp_path / "isaf.json"
    report = isaf.run(ISAF, out_json=out, workers=1, limit=8, quiet=True)
    assert report["n"] == 8
    assert set(report["scores"]) == set(isaf.FIELDS)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["n"] == 8 and len(written["items"]) == 8
    # every release with a dateline is published on it
    assert all(item["published"] for item in written["items"] if "KABUL, Afghanistan (" in item["text"])


def test_eval_isaf_runs_from_the_command_line(tmp_path, capsys):
    need(ISAF)
    from frontlines.cli import main

    assert main(["eval", "isaf", str(ISAF), "--limit", "2", "--workers", "1", "--out", str(tmp_path / "i.json")]) == 0
    assert json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))["n"] == 2
