"""Articles whose date cannot be resolved are reported, and their events say why they have no date.

Many ISAF releases open "KABUL, Afghanistan (Jan. 25) -": a dateline without
a year, and no other date. Their events used to be stored with no date and
nothing said, then dropped out of the map and of exports' date filters.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import run_cli as run

from frontlines import pipeline
from frontlines.fusion import fuse
from frontlines.ingest import article_from_string
from frontlines.models import Event
from frontlines.store import Store
from frontlines.undated import FILES_NAMED

RELEASES = [
    {"id": "r1", "text": "KABUL, Afghanistan (Jan. 25) – An Afghan and coalition security force detained "
     "two suspected insurgents in Nad-e Ali district, Helmand province, yesterday."},
    {"id": "r2", "published": "2011-01-27", "text": "KABUL, Afghanistan (Jan. 27) – An Afghan and coalition "
     "security force killed four insurgents in Marjah district, Helmand province, today."},
]
NO_YEAR = "its dateline 'Jan. 25' has no year"


def test_why_an_article_has_no_publication_date():
    assert article_from_string(RELEASES[0]["text"]).undated == NO_YEAR
    assert article_from_string("KABUL, Afghanistan (Jan. 25, 2011) – A force detained two.").undated is None
    plain = article_from_string("A force detained two suspected insurgents in Helmand province.")
    assert plain.published is None
    assert plain.undated == "no published field, --published option, HTML date or dated dateline"
    assert article_from_string(RELEASES[0]["text"], published="2011-01-26").undated is None


def test_an_undated_release_is_one_warning_and_its_events_carry_the_reason(capsys, tmp_path):
    source = tmp_path / "releases.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RELEASES))
    db = tmp_path / "u.db"
    code, out, err = run(capsys, "extract", "--workers", 1, "--db", db, source)
    assert code == 0  # a note, not a failure
    warnings = [line for line in err.splitlines() if "[W202]" in line]
    assert warnings == [
        f"{source}:1: no publication date ({NO_YEAR}): 1 event(s) left without a date "
        "(each says why in date_note) [W202]"
    ]
    events = {e["doc_id"]: e for e in map(json.loads, out.splitlines())}
    assert events["r1"]["event_date"] is None and NO_YEAR in events["r1"]["date_note"]
    assert events["r2"]["event_date"] == "2011-01-27" and events["r2"]["date_note"] is None

    with Store.open(db) as store:  # stored with the event
        [stored] = store.iter_events(doc_id="r1")
        assert stored.date_note == events["r1"]["date_note"]

    code, out, _ = run(capsys, "export", "--db", db, "--format", "acled-csv")
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["r1:0"]["event_date"] == "" and "date note=no date: the article has no publication date" in rows[
        "r1:0"]["tags"]
    assert "date note" not in rows["r2:0"]["tags"]
    code, out, _ = run(capsys, "export", "--db", db, "--format", "jsonl")
    incidents = {i["event_id"]: i for i in map(json.loads, out.splitlines())}
    assert NO_YEAR in incidents["r1:0"]["date_note"] and incidents["r2:0"]["date_note"] is None

    code, _, err = run(capsys, "map", "--db", db, "--out", tmp_path / "m.html")
    assert code == 0 and "1 event(s) without a date not drawn" in err


@pytest.fixture
def no_analysis(monkeypatch):
    monkeypatch.setattr(pipeline, "analyse_many", lambda articles, **_: iter(list(articles)))


def test_many_undated_files_give_one_line_each_then_one_summary(capsys, tmp_path, no_analysis):
    folder = tmp_path / "in"
    folder.mkdir()
    extra = 3
    for n in range(FILES_NAMED + extra):
        (folder / f"{n:02d}.txt").write_text(f"Report {n}: a force detained {n + 2} suspected insurgents.")
    (folder / "dated.txt").write_text("KABUL, Afghanistan (Jan. 25, 2011) – A force detained two insurgents.")
    code, _, err = run(capsys, "extract", "--no-store", folder)
    assert code == 0
    warnings = [line for line in err.splitlines() if "[W202]" in line]
    assert len(warnings) == FILES_NAMED + 1
    assert warnings[0].startswith(f"{folder / '00.txt'}: no publication date")
    assert warnings[-1] == (
        f"{extra} more file(s) with {extra} article(s) without a publication date: "
        "0 event(s) left without a date (each says why in date_note) [W202]"
    )
    assert not any("dated.txt" in line for line in warnings)


def test_a_jsonl_file_of_undated_records_is_one_line(capsys, tmp_path):
    source = tmp_path / "many.jsonl"
    records = [
        {"id": f"x{n}", "text": f"KABUL, Afghanistan (Jan. {n + 1}) – A force detained {n + 2} men."}
        for n in range(6)
    ] + [{"id": "y", "text": "A force detained two men."}, {"id": "z", "text": "A force detained six men."}]
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, out, err = run(capsys, "ingest", "--db", tmp_path / "i.db", source)
    assert code == 0 and out == "read 8 / new 8 / duplicate 0 / failed 0\n"
    assert err == (
        f"{source}: 8 articles without a publication date (lines 1, 2, 3, 4, 5 and 3 more; "
        "6: its dateline has no year (e.g. 'Jan. 1'), 2: no published field, --published option, "
        "HTML date or dated dateline): their events will have no date unless the text gives a full one [W202]\n"
    )


def test_fusion_keeps_the_reason_only_while_no_report_dates_the_incident():
    note = f"no date: the article has no publication date ({NO_YEAR}) and the text gives no full date"
    undated = Event("u:0", "u", None, 3, "Battles", "Armed clash", admin1="Helmand", date_note=note)
    dated = Event("d:0", "d", "2011-01-27", 1, "Battles", "Armed clash", admin1="Helmand")
    incidents = {i.event.event_id: i.event for i in fuse([undated, dated])}
    assert incidents["u:0"].date_note == note and incidents["d:0"].date_note is None
