"""``frontlines ingest``, ``clean`` and ``extract``: the thin CLI over frontlines.api.

The extract tests that check the writers, the store and the notes replace the
analysis stage by a stand-in that attaches known events (the real stages are
tested in their own areas); one slow test runs the real pipeline end to end
on the bundled examples, as ``make run`` does.
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import geojson
import pytest
from conftest import EXAMPLES, SEEDS, need
from conftest import run_cli as run

from frontlines import api, pipeline
from frontlines.models import EVENT_FIELDS, Event, Evidence
from frontlines.store import Store

STORY = (
    "Afghan forces retook the centre of Dand-e-Ghori district in Baghlan province on Monday, "
    "a week after it fell to the Taliban, the provincial governor said."
)
GERMAN = (
    "Afghanische Truppen haben am Montag das Zentrum des Bezirks Dand-e-Ghori in der Provinz "
    "Baghlan zurückerobert, eine Woche nachdem es an die Taliban gefallen war."
)


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": STORY.replace("Monday", "Friday"), "published": "2021-06-27"})
        + "\n"
        + json.dumps({"id": "de1", "text": GERMAN})
        + "\n"
    )
    return folder


def fake_analyse_many(articles, workers=None, batch_size=None):
    """Two events per article: the first located, the second without coordinates."""
    for article in articles:
        start = article.text.index("Dand-e-Ghori")
        evidence = Evidence(article.id, article.text[:80], start, start + 12, article.source)
        article.events = [
            Event(f"{article.id}-1", article.id, "2021-06-26", 1, "Strategic developments",
                  "Government regains territory", actor1="Military Forces of Afghanistan (2014-)",
                  country="Afghanistan", iso=4, admin1="Baghlan", admin2="Dahana-i-Ghori",
                  location="Dand-e-Ghori", latitude=35.9, longitude=68.5, geo_precision=2,
                  evidence=[evidence], sources=[article.id], notes="a, b; \"quoted\"\nline"),
            Event(f"{article.id}-2", article.id, "2021-06-26", 2, "Battles", "Armed clash",
                  country="Afghanistan", evidence=[evidence], sources=[article.id]),
        ]
        yield article


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(pipeline, "analyse_many", fake_analyse_many)


# ingest ---------------------------------------------------------------------


def test_ingest_prints_one_line_and_reingesting_the_seeds_adds_nothing(capsys, tmp_path):
    need(SEEDS)
    db = tmp_path / "s.db"
    assert run(capsys, "ingest", "--db", db, SEEDS)[:2] == (0, "read 5 / new 5 / duplicate 0 / failed 0\n")
    assert run(capsys, "ingest", "--db", db, SEEDS)[:2] == (0, "read 5 / new 0 / duplicate 5 / failed 0\n")
    with Store.open(db) as store:
        assert store.count_articles() == 5


def test_ingest_reports_failures_and_exits_non_zero(capsys, tmp_path, inputs):
    (inputs / "bad.jsonl").write_text("{not json\n")
    (inputs / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run(capsys, "ingest", "--db", tmp_path / "f.db", inputs)
    assert code == 1
    assert out == "read 3 / new 3 / duplicate 0 / failed 2\n"
    lines = err.strip().splitlines()
    assert any(line.startswith(f"{inputs / 'bad.jsonl'}:1: malformed JSON") for line in lines)
    assert any(line.startswith(f"{inputs / 'bin.txt'}: binary file") for line in lines)


def test_bad_published_option_is_one_line(capsys, tmp_path, inputs):
    code, out, err = run(capsys, "ingest", "--db", tmp_path / "x.db", "--published", "soon", inputs)
    assert code == 1 and err.count("\n") == 1 and "--published" in err


# clean ----------------------------------------------------------------------


def test_clean_prints_metadata_and_cleaned_text(capsys):
    need(SEEDS)
    seed = next(SEEDS.glob("003_*.txt"))
    code, out, _ = run(capsys, "clean", seed)
    assert code == 0
    assert out.startswith(f"=== {seed}\n")
    assert "published: 2021-05-04 (from dateline)\n" in out
    assert "language: en\n" in out
    assert "title: Afghan forces fighting back huge Taliban offensive" in out
    assert "UNITED24" not in out and "mailing list" not in out
    assert "\n---\nAfghan security forces have attempted to confront" in out


# extract --------------------------------------------------------------------


def test_extract_jsonl_stores_articles_and_events_once(capsys, tmp_path, inputs, fake_pipeline):
    db = tmp_path / "e.db"
    code, out, err = run(capsys, "extract", "--db", db, inputs)
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    first = events[0]["doc_id"]  # a.txt (generated id), then b.jsonl, in input order
    assert [e["event_id"] for e in events] == [f"{first}-1", f"{first}-2", "b1-1", "b1-2"]
    assert all(list(e) == list(EVENT_FIELDS) for e in events)
    assert "language 'de': stored, not extracted [W201]" in err
    again = run(capsys, "extract", "--db", db, inputs)
    assert again[0] == 0 and again[1] == out  # same output, nothing added twice
    with Store.open(db) as store:
        assert store.count_articles() == 3
        assert [e.event_id for e in store.iter_events()] == [e["event_id"] for e in events]
        assert store.get_article("de1").language == "de"


def test_extract_csv(capsys, inputs, fake_pipeline):
    code, out, _ = run(capsys, "extract", "--no-store", "--format", "csv", inputs)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 and list(rows[0]) == list(EVENT_FIELDS)
    assert rows[0]["notes"] == "a, b; \"quoted\"\nline"
    assert json.loads(rows[0]["evidence"])[0]["start"] >= 0
    assert rows[0]["latitude"] == "35.9"


def test_extract_geojson_is_a_valid_feature_collection(capsys, inputs, fake_pipeline):
    code, out, err = run(capsys, "extract", "--no-store", "--format", "geojson", inputs)
    assert code == 0
    collection = geojson.loads(out)
    assert collection.is_valid and collection["type"] == "FeatureCollection"
    located, unlocated = collection["features"][0], collection["features"][1]
    assert located["geometry"] == {"type": "Point", "coordinates": [68.5, 35.9]}  # [lon, lat]
    assert unlocated["geometry"] is None  # RFC 7946 3.2: an unlocated feature, kept
    assert located["properties"]["admin1"] == "Baghlan"
    assert len(collection["features"]) == 4


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_extract_with_no_events_writes_valid_empty_output(capsys, tmp_path, fmt, monkeypatch):
    monkeypatch.setattr(pipeline, "analyse_many", lambda articles, **_: iter(list(articles)))
    (tmp_path / "a.txt").write_text(STORY)
    code, out, _ = run(capsys, "extract", "--no-store", "--format", fmt, tmp_path / "a.txt")
    assert code == 0
    if fmt == "jsonl":
        assert out == ""
    elif fmt == "csv":
        assert out.strip() == ",".join(EVENT_FIELDS)
    else:
        assert geojson.loads(out).is_valid and json.loads(out)["features"] == []


def test_extract_exit_status_on_failures(capsys, tmp_path, inputs, fake_pipeline, monkeypatch):
    (inputs / "empty.txt").write_text("")
    code, out, err = run(capsys, "extract", "--no-store", inputs)
    assert code == 1
    assert f"{inputs / 'empty.txt'}: empty article" in err
    assert len(out.splitlines()) == 4  # the other articles' events all written

    def one_fails(articles, workers=None, batch_size=None):
        for article in articles:
            yield pipeline.Failure(article.id, article.origin, "ValueError: boom")

    monkeypatch.setattr(pipeline, "analyse_many", one_fails)
    (inputs / "empty.txt").unlink()
    code, _, err = run(capsys, "extract", "--no-store", inputs)
    assert code == 1 and "internal error in stage events: ValueError: boom [E804]" in err


def test_progress_is_off_when_stderr_is_not_a_terminal(capsys, inputs, fake_pipeline):
    _, _, err = run(capsys, "extract", "--no-store", inputs)
    assert "\r" not in err and "\x1b[" not in err


def test_api_summary_one_line():
    assert api.Summary(4, 2, 1, 1).one_line() == "read 4 / new 2 / duplicate 1 / failed 1"


@pytest.mark.slow
def test_make_run_on_the_bundled_examples(capsys, tmp_path, monkeypatch):
    """What ``make run`` does, with the real pipeline; its events then written as csv and geojson."""
    need(EXAMPLES)
    examples = tmp_path / "articles"
    shutil.copytree(EXAMPLES, examples)
    db = tmp_path / "example.db"
    code, out, err = run(capsys, "extract", "--workers", "1", "--db", db, examples)
    assert code == 0, err
    assert "read 8 / new 8 / duplicate 0 / failed 0" in err
    events = [json.loads(line) for line in out.splitlines()]
    assert all(list(e) == list(EVENT_FIELDS) for e in events)
    with Store.open(db) as store:
        assert store.count_articles() == 8
        assert store.count_events() == len(events)

    # the same events through the other writers (the pipeline itself ran once above)
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        e["evidence"] = [Evidence(**x) for x in e["evidence"]]
        by_doc.setdefault(e["doc_id"], []).append(Event(**e))

    def replay(articles, workers=None, batch_size=None):
        for article in articles:
            article.events = by_doc.get(article.id, [])
            yield article

    monkeypatch.setattr(pipeline, "analyse_many", replay)
    code, out, err = run(capsys, "extract", "--no-store", "--format", "csv", examples)
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == len(events)
    code, out, err = run(capsys, "extract", "--no-store", "--format", "geojson", examples)
    collection = geojson.loads(out)
    assert code == 0 and collection.is_valid and len(collection["features"]) == len(events)


def test_a_figure_only_a_party_claims_is_fused_and_exported(capsys, tmp_path, monkeypatch):
    """Issue 10's minimal input: fusion crashed (min() of an empty sequence) on an event whose only
    figure is a party's claim, and every later run that re-fused it crashed again."""
    story = (
        "Taliban fighters attacked a police checkpoint in Andar district of Ghazni province on Monday night, "
        "officials said. A Taliban spokesman claimed that 12 policemen were killed."
    )
    source = tmp_path / "andar.txt"
    source.write_text(story)
    db = tmp_path / "t.db"
    for _ in range(2):  # the second run re-reads the store's incident
        code, out, err = run(capsys, "extract", "--workers", "1", "--db", db, "--published", "2021-07-10", source)
        assert code == 0, err
        assert "Traceback" not in err
    code, out, err = run(capsys, "export", "--db", db, "--format", "jsonl")
    [incident] = [json.loads(line) for line in out.splitlines()]
    assert incident["fatalities_high"] == 12 and incident["fatalities"] is None
