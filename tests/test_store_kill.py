"""A real ``frontlines ingest`` killed with SIGKILL mid-batch, then run again.

Every article ends up stored exactly once, and none is half-written: each
stored row is whole (its text hashes to its content_hash, its raw input is
the generated one).
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
