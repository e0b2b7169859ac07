"""Real ``frontlines`` processes killed with SIGKILL, then run again.

``ingest`` mid-batch: every article ends up stored exactly once, and none is
half-written: each stored row is whole (its text hashes to its content_hash,
its raw input is the generated one). ``extract`` inside a fusion chunk (held
there by a pause point, ``frontlines.pause``) and ``export`` after its first
row: the store stays whole, and a re-run completes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import store_processes as sp

from frontlines.ingest import content_hash

N_ARTICLES = 400
PROVINCES = ["Baghlan", "Kunduz", "Takhar", "Faryab", "Badghis", "Helmand", "Ghazni", "Balkh"]


def _articles() -> list[dict]:
    records = []
    for n in range(N_ARTICLES):
        province = PROVINCES[n % len(PROVINCES)]
        body = " ".join(
            f"Report {n}, paragraph {p}: fighting continued near the centre of district {n % 37} "
            f"in {province} province, officials said, and {p + n % 9} people were wounded."
            for p in range(12)
        )
        records.append({"id": f"gen-{n:04d}", "text": body, "published": "2021-07-12"})
    return records


def _count(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _ingest(batch, db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "frontlines", "ingest", "--db", str(db), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_stores_each_article_once(tmp_path):
    records = _articles()
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    db = tmp_path / "kill.db"

    process = _ingest(batch, db)
    deadline = time.monotonic() + 120
    while _count(db) < N_ARTICLES // 4 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored_at_kill = _count(db)
    assert process.returncode == -signal.SIGKILL
    assert 0 < stored_at_kill < N_ARTICLES, "the kill must land in the middle of the batch"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    rerun = _ingest(batch, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert out.strip() == (
        f"read {N_ARTICLES} / new {N_ARTICLES - stored_at_kill} / "
        f"duplicate {stored_at_kill} / failed 0"
    )

    by_id = {r["id"]: r for r in records}
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, text, raw, content_hash FROM articles").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(r[0] for r in rows) == sorted(by_id)  # every article, exactly once
    for doc_id, text, raw, stored_hash in rows:
        assert raw == by_id[doc_id]["text"]
        assert text and content_hash(text) == stored_hash


# kill -9 during fusion and during export (issue 10, part 4) ------------------------------


def _store_checks(db) -> None:
    from frontlines.fuzz.check import rebuild_problems, store_problems

    assert store_problems(db) == []  # integrity_check, every incident event in one incident ...
    assert rebuild_problems(db) == []  # ... and the incidents those of fusing all at once


def _members(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM incident_members").fetchone()[0]


@pytest.mark.slow
def test_sigkill_during_fusion_then_rerun_fuses_every_article_once(tmp_path):
    records = sp.reports(12, outlet=0, prefix="a") + sp.reports(12, outlet=1, prefix="b")
    batch = sp.write_jsonl(tmp_path / "batch.jsonl", records)
    db = tmp_path / "kill.db"
    env = {**sp.settings(tmp_path / "chunks.toml", "[fusion]\nchunk_articles = 4\n"), **sp.paused_at("fusion", tmp_path)}
    process = sp.frontlines("extract", "--db", str(db), "--workers", "1", str(batch), env=env)
    sp.wait_for(tmp_path / "fusion-1.reached", process)
    sp.release(tmp_path, "fusion", 1)  # the first chunk commits
    sp.wait_for(tmp_path / "fusion-2.reached", process)  # the second has read and fused, not written
    with sqlite3.connect(db) as conn:
        events = conn.execute("SELECT count(*) FROM events WHERE kind = 'incident'").fetchone()[0]
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        homeless = conn.execute(
            "SELECT count(*) FROM incident_members WHERE incident_id NOT IN (SELECT incident_id FROM incidents)"
        ).fetchone()[0]
        empty = conn.execute(
            "SELECT count(*) FROM incidents WHERE incident_id NOT IN (SELECT incident_id FROM incident_members)"
        ).fetchone()[0]
    assert homeless == 0 and empty == 0  # the killed chunk left nothing half-written
    assert 0 < _members(db) < events == len(records)  # the first chunk stayed, the rest is to do

    report = sp.extract_here(batch, db)
    assert f"read {len(records)} / new 0 / duplicate {len(records)} / failed 0 / events {len(records)}" in report
    assert _members(db) == len(records)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(records)
    _store_checks(db)


@pytest.mark.slow
def test_sigkill_during_export_leaves_the_store_whole(tmp_path):
    batch = sp.write_jsonl(tmp_path / "batch.jsonl", sp.reports(6, outlet=0, prefix="a"))
    db = tmp_path / "kill.db"
    sp.extract_here(batch, db)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT count(*), group_concat(incident_id) FROM incidents").fetchone()
    out = tmp_path / "events.csv"
    for fmt in ("acled-csv", "geojson"):
        (tmp_path / fmt).mkdir()
        process = sp.frontlines("export", "--db", str(db), "--format", fmt, "--out", str(out),
                             env=sp.paused_at("export", tmp_path / fmt))
        sp.wait_for(tmp_path / fmt / "export-1.reached", process)  # one row written
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*), group_concat(incident_id) FROM incidents").fetchone() == before
    code, _, err = sp.finish(sp.frontlines("export", "--db", str(db), "--format", "acled-csv", "--out", str(out)))
    assert code == 0 and f"export: {before[0]} row(s) written" in err, err
    _store_checks(db)
