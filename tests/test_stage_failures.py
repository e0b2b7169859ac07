"""No traceback reaches a user: an unexpected error in one stage for one item is one line.

Each test makes one stage fail for one article (or its fusion group, export
row, district) by replacing a stage function with one that raises for it,
then runs the real command (the real pipeline, one worker unless said) and
checks: one line on stderr naming the input, the stage and its code; no
traceback; the other articles' events, incidents and rows kept; exit status
1; and with ``--strict`` the run stops at that first failure.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import time

import pytest
from conftest import run_cli as run

from frontlines import errors, fusion, geo
from frontlines.cli import main
from frontlines.export import acled
from frontlines.fusion import query
from frontlines.ingest import readers
from frontlines.nlp import annotate as annotate_module
from frontlines.store import Store

STORIES = {
    "a": "The Taliban overran Darqad district in Takhar province on Monday after days of fighting, officials said.",
    "b": "Taliban fighters captured the centre of Kaldar district in Balkh province on Sunday after heavy "
    "fighting, officials said.",
    "c": "A roadside bomb killed three civilians in Nad-e-Ali district of Helmand province on Tuesday, "
    "police said.",
}
POISONED = "Kaldar"  # the marker of article b, on line 2 of the input


def write_batch(path):
    """The three stories as a jsonl file (a, b, c on lines 1, 2, 3)."""
    path.write_text(
        "".join(json.dumps({"id": k, "published": "2021-07-10", "text": v}) + "\n" for k, v in STORIES.items())
    )
    return path


@pytest.fixture
def batch(tmp_path):
    return write_batch(tmp_path / "in.jsonl")


def stored_docs(db) -> set[str]:
    with Store.open(db) as store:
        return {e.doc_id for e in store.iter_events()}


def fused_docs(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT doc_id FROM incident_members")}


def poisoned(value) -> bool:
    """Article b, a batch holding it, or its text."""
    if isinstance(value, list):
        return any(poisoned(v) for v in value)
    text = value if isinstance(value, str) else getattr(value, "text", None)
    return isinstance(text, str) and POISONED in text


def of_b(value) -> bool:
    """Article b (its id), one of its events, or a list or fusion group holding one."""
    if isinstance(value, list):
        return any(of_b(v) for v in value)
    members = getattr(value, "members", None)
    if isinstance(members, list):
        return of_b(members)
    return value == "b" or "b" in (getattr(value, "doc_id", None), getattr(value, "id", None))


def raising_when(original, predicate, exc: BaseException | None = None):
    """``original``, except that it raises when ``predicate`` holds for any positional argument."""

    def replacement(*args, **kwargs):
        if any(predicate(a) for a in args):
            raise exc or RuntimeError("injected failure")
        return original(*args, **kwargs)

    return replacement


def assert_one_line(err: str, *parts: str) -> str:
    """Exactly one stderr line holds every part; no traceback anywhere."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if all(p in line for p in parts)]
    assert len(lines) == 1, err
    return lines[0]


# analysis stages: nlp, geo, events (in the parent and in worker processes) ----------


def _break_nlp(monkeypatch):
    monkeypatch.setattr(annotate_module, "annotate_many", raising_when(annotate_module.annotate_many, poisoned))
    monkeypatch.setattr(annotate_module, "annotate", raising_when(annotate_module.annotate, poisoned))


def _break_geo(monkeypatch):
    monkeypatch.setattr(geo, "locate", raising_when(geo.locate, poisoned))


def _break_events(monkeypatch):
    from frontlines import events

    monkeypatch.setattr(events, "extract_events", raising_when(events.extract_events, poisoned))


BREAK = {"nlp": (_break_nlp, "E802"), "geo": (_break_geo, "E803"), "events": (_break_events, "E804")}


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("stage", list(BREAK))
def test_an_analysis_stage_failing_for_one_article_is_one_line_and_the_rest_is_stored(
    capsys, tmp_path, batch, monkeypatch, stage, workers
):
    breaker, code = BREAK[stage]
    breaker(monkeypatch)
    db = tmp_path / "s.db"
    status, out, err = run(capsys, "extract", "--workers", workers, "--db", db, batch)
    assert status == 1
    line = assert_one_line(err, f"{batch}:2", f"internal error in stage {stage}", f"[{code}]")
    assert "injected failure" in line
    assert "Traceback" not in out
    assert stored_docs(db) == {"a", "c"} and fused_docs(db) == {"a", "c"}
    assert "read 3 / new 3 / duplicate 0 / failed 1" in err


@pytest.mark.parametrize("stage", list(BREAK))
def test_strict_stops_at_the_first_failing_article(capsys, tmp_path, batch, monkeypatch, stage):
    breaker, code = BREAK[stage]
    breaker(monkeypatch)
    db = tmp_path / "s.db"
    status, out, err = run(capsys, "extract", "--strict", "--workers", 1, "--db", db, batch)
    assert status == 1
    assert_one_line(err, f"{batch}:2", f"[{code}]", "--strict")
    assert "read 3" not in err  # no closing summary: the run stopped
    assert stored_docs(db) == {"a"}  # c came after the failure
    assert fused_docs(db) == {"a"}  # what was stored before the stop is fused


def test_an_exception_not_in_any_stage_is_one_line(capsys, tmp_path, batch, monkeypatch):
    """The last net in ``main``: whatever escapes is one line with E800, never a traceback."""
    from frontlines import api

    def broken(*args, **kwargs):
        raise KeyError("nowhere")

    monkeypatch.setattr(api, "extract_to", broken)
    status, out, err = run(capsys, "extract", "--db", tmp_path / "s.db", batch)
    assert status == 1 and out == ""
    assert err == "frontlines: internal error in stage frontlines: KeyError: 'nowhere' [E800]\n"


# worker processes ------------------------------------------------------------------------


def test_a_worker_that_dies_costs_only_the_article_that_killed_it(capsys, tmp_path, batch, monkeypatch):
    """One article a batch, more batches than are in flight: the pool breaks with batches in
    flight and more to come; each in-flight article is analysed again alone, a new pool takes the rest."""
    from frontlines import events, pipeline

    original, batches = events.extract_events, pipeline._batches

    def die_on_poison(article):
        if POISONED in article.text:
            os._exit(3)  # as a crash in native code or the OOM killer would: no exception, no result
        return original(article)

    monkeypatch.setattr(events, "extract_events", die_on_poison)
    monkeypatch.setattr(pipeline, "_batches", lambda articles, size: batches(articles, 1))
    more = [
        {"id": f"c{n}", "published": "2021-07-10", "text": STORIES["c"].replace("three", str(n))}
        for n in range(4, 10)
    ]
    with batch.open("a") as stream:
        stream.writelines(json.dumps(record) + "\n" for record in more)
    db = tmp_path / "s.db"
    status, out, err = run(capsys, "extract", "--workers", 2, "--db", db, batch)
    assert status == 1
    assert_one_line(err, f"{batch}:2", "stage worker", "died", "[E809]")
    assert "Traceback" not in err and err.count("[E") == 1
    expected = ["a", "c", *(r["id"] for r in more)]
    assert stored_docs(db) == set(expected)
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == expected  # input order kept


# ingest and store ------------------------------------------------------------------------


def test_ingest_failing_for_one_record(capsys, tmp_path, batch, monkeypatch):
    monkeypatch.setattr(readers, "build_article", raising_when(readers.build_article, poisoned))
    db = tmp_path / "s.db"
    status, _, err = run(capsys, "extract", "--workers", 1, "--db", db, batch)
    assert status == 1
    assert_one_line(err, f"{batch}:2", "internal error in stage ingest", "[E801]")
    assert stored_docs(db) == {"a", "c"}


@pytest.mark.parametrize("method", ["add_article", "replace_events"])
def test_a_store_write_failing_for_one_article(capsys, tmp_path, batch, monkeypatch, method):
    failing = raising_when(getattr(Store, method), of_b, sqlite3.OperationalError("disk I/O error"))
    monkeypatch.setattr(Store, method, failing)
    db = tmp_path / "s.db"
    status, out, err = run(capsys, "extract", "--workers", 1, "--db", db, batch)
    assert status == 1
    assert_one_line(err, f"{batch}:2", "internal error in stage store", "OperationalError: disk I/O error", "[E806]")
    assert stored_docs(db) == {"a", "c"} and fused_docs(db) == {"a", "c"}
    assert {json.loads(line)["doc_id"] for line in out.splitlines()} == {"a", "c"}  # nothing unstored shown


# fusion, export, control: on a store extracted once -----------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """A store holding the three articles' events and incidents (the real pipeline, once)."""
    folder = tmp_path_factory.mktemp("extracted")
    source = write_batch(folder / "in.jsonl")
    db = folder / "s.db"
    assert main(["extract", "--workers", "1", "--db", str(db), str(source)]) == 0
    return db


@pytest.fixture
def store_copy(extracted, tmp_path):
    db = tmp_path / "copy.db"
    with sqlite3.connect(extracted) as source, sqlite3.connect(db) as target:
        source.backup(target)
    return db


def test_one_fusion_group_failing_keeps_the_others_fused(capsys, tmp_path, batch, monkeypatch):
    monkeypatch.setattr(fusion, "fuse_group", raising_when(fusion.fuse_group, of_b))
    db = tmp_path / "s.db"
    status, _, err = run(capsys, "extract", "--workers", 1, "--db", db, batch)
    assert status == 1
    assert_one_line(err, "events b:0", "internal error in stage fusion", "[E805]")
    assert "1 group(s) failed" in err
    assert stored_docs(db) == {"a", "b", "c"}  # b's events are stored, only its group is not fused
    assert fused_docs(db) == {"a", "c"}
    monkeypatch.undo()
    assert run(capsys, "extract", "--workers", 1, "--db", db, batch)[0] == 0  # the next run fuses it
    assert fused_docs(db) == {"a", "b", "c"}


def test_a_failing_group_keeps_its_stored_incident(capsys, store_copy, batch, monkeypatch):
    """Re-fusing an incident that fails now leaves the incident as it was stored, never deletes it."""
    monkeypatch.setattr(fusion, "fuse_group", raising_when(fusion.fuse_group, of_b))
    status, _, err = run(capsys, "extract", "--workers", 1, "--db", store_copy, batch)
    assert status == 1 and "[E805]" in err
    assert fused_docs(store_copy) == {"a", "b", "c"}


def test_fusion_failing_outside_any_group_is_retried_article_by_article(capsys, tmp_path, batch, monkeypatch):
    from frontlines.fusion import service

    original = service._connected

    def failing(store, seeds, reports):
        if any(e.doc_id == "b" for e in seeds):
            raise ValueError("clustering failed")
        return original(store, seeds, reports)

    monkeypatch.setattr(service, "_connected", failing)
    db = tmp_path / "s.db"
    status, _, err = run(capsys, "extract", "--workers", 1, "--db", db, batch)
    assert status == 1
    assert_one_line(err, f"{batch}:2", "internal error in stage fusion", "clustering failed", "[E805]")
    assert fused_docs(db) == {"a", "c"}


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl"])
def test_one_export_row_failing(capsys, store_copy, monkeypatch, fmt):
    from frontlines.export import formats

    if fmt == "acled-csv":
        monkeypatch.setattr(acled, "row", raising_when(acled.row, of_b, ValueError("bad row")))
    else:
        monkeypatch.setattr(formats.JsonlWriter, "write", raising_when(formats.JsonlWriter.write, of_b))
    status, out, err = run(capsys, "export", "--db", store_copy, "--format", fmt)
    assert status == 1
    assert_one_line(err, "incident b:0", "internal error in stage export", "[E807]")
    assert "export: 2 row(s) written, 1 failed" in err
    assert "a:0" in out and "c:0" in out and "b:0" not in out

    status, out, err = run(capsys, "export", "--db", store_copy, "--format", fmt, "--strict")
    assert status == 1
    assert_one_line(err, "incident b:0", "[E807]", "--strict")


def test_one_district_failing_in_control_and_map(capsys, store_copy, monkeypatch, tmp_path):
    monkeypatch.setattr(query, "timeline", raising_when(query.timeline, of_b, ZeroDivisionError("division by zero")))
    status, out, err = run(capsys, "control", "--db", store_copy, "--at", "2021-07-09")
    assert status == 1
    assert_one_line(err, "district Kaldar (Balkh)", "internal error in stage control", "[E808]")
    assert "Darqad" in out and "Kaldar" not in out

    status, _, err = run(capsys, "map", "--db", store_copy, "--out", tmp_path / "m.html")
    assert status == 1
    assert_one_line(err, "district Kaldar (Balkh)", "[E808]")
    assert "Darqad" in (tmp_path / "m.html").read_text()

    status, out, err = run(capsys, "control", "--db", store_copy, "--strict")
    assert status == 1 and out == ""
    assert_one_line(err, "district Kaldar (Balkh)", "[E808]", "--strict")


def test_every_stage_has_its_code():
    codes = {stage: cls.code for stage, cls in errors.STAGE_ERRORS.items()}
    assert set(codes) == {"ingest", "nlp", "geo", "events", "fusion", "store", "export", "control", "worker"}
    assert len(set(codes.values())) == len(codes) and all(c.startswith("E8") for c in codes.values())
    error = errors.stage_error("geo", ValueError("x" * 1000), origin="f.txt")
    assert error.one_line().startswith("f.txt: internal error in stage geo: ValueError: xxx")
    assert len(error.one_line()) < 400 and "\n" not in error.one_line()
    assert isinstance(errors.stage_error("ingest", "x"), errors.InputError)


def test_places_reports_a_failing_article_on_one_line(capsys, tmp_path, monkeypatch):
    _break_geo(monkeypatch)
    for name, text in STORIES.items():
        (tmp_path / f"{name}.txt").write_text(text)
    status, out, err = run(capsys, "places", "--published", "2021-07-10", tmp_path)
    assert status == 1
    assert_one_line(err, str(tmp_path / "b.txt"), "internal error in stage geo", "[E803]")
    assert "Darqad" in out and "Kaldar" not in out


def test_a_stored_incident_that_cannot_be_read_back_is_one_line(capsys, store_copy, tmp_path):
    with sqlite3.connect(store_copy) as conn:
        conn.execute("UPDATE incidents SET record = '{\"truncated' WHERE incident_id = 'b:0'")
    status, out, err = run(capsys, "export", "--db", store_copy, "--format", "jsonl")
    assert status == 1
    assert_one_line(err, "incident b:0", "internal error in stage store", "JSONDecodeError", "[E806]")
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == ["a:0", "c:0"]
    status, out, err = run(capsys, "control", "--db", store_copy)
    assert status == 1 and "Darqad" in out
    assert_one_line(err, "incident b:0", "[E806]")
    status, _, err = run(capsys, "map", "--db", store_copy, "--out", tmp_path / "m.html")
    assert status == 1 and "Traceback" not in err and "[E806]" in err


def test_an_event_the_output_cannot_write_is_one_line(capsys, tmp_path, batch, monkeypatch):
    from frontlines import api

    monkeypatch.setattr(api._JsonlWriter, "write", raising_when(api._JsonlWriter.write, of_b))
    status, out, err = run(capsys, "extract", "--workers", 1, "--no-store", batch)
    assert status == 1
    assert_one_line(err, f"{batch}:2: event b:0", "internal error in stage export", "[E807]")
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["a", "c"]


@dataclasses.dataclass(frozen=True)
class _Doc:
    id: str
    origin: str = "test"


def _ids_or_die(batch):
    if batch[0].id == "poison":
        os._exit(3)
    return [doc.id for doc in batch]


def test_a_pool_broken_before_the_next_batch_is_sent_takes_it_after_the_retry():
    """A worker dies while the next batch is still being read: sending that batch to the broken
    pool fails; the batches in flight are analysed again and the new batch goes to a new pool."""
    from frontlines.workers import analyse_in_workers

    def batches():
        yield [_Doc("a")]
        yield [_Doc("poison")]
        time.sleep(2.0)  # the worker has died by now: the pool is broken before the next submit
        yield [_Doc("b")]
        yield [_Doc("c")]

    results = list(analyse_in_workers(batches(), 1, _ids_or_die))
    assert results[0] == "a" and results[2:] == ["b", "c"]
    assert results[1].stage == "worker" and results[1].article_id == "poison"
