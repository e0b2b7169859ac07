"""Several real ``frontlines`` processes on one store: readers beside a writer, two writers.

Each process is held at a known point (``frontlines.pause``) rather than timed with
sleeps: a writer held inside its fusion transaction has the store's write lock.
What must hold: no process fails on "database is locked" nor prints a traceback;
readers answer at once from what was committed; every article is stored once;
the incidents are those of fusing every stored event at once (nothing lost,
nothing doubled), and the store passes the fuzzer's checks.
"""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from store_processes import (
    assert_clean,
    extract_here,
    finish,
    frontlines,
    paused_at,
    release,
    reports,
    settings,
    wait_for,
    write_jsonl,
)

from frontlines.fuzz.check import rebuild_problems, store_problems
from frontlines.store import Store

READERS = [
    ("control", "--at", "2021-06-05"),
    ("export", "--format", "acled-csv"),
    ("export", "--format", "geojson"),
    ("export", "--format", "control-csv"),
    ("export", "--format", "jsonl"),
]


def _acled_ids(text: str) -> set[str]:
    return {row["event_id_cnty"] for row in csv.DictReader(io.StringIO(text))}


def _count(db, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.slow
def test_readers_answer_while_a_writer_holds_the_lock(tmp_path):
    db = tmp_path / "store.db"
    extract_here(write_jsonl(tmp_path / "first.jsonl", reports(6, outlet=0, prefix="a")), db)
    code, before, err = finish(frontlines("export", "--db", str(db), "--format", "acled-csv"))
    assert_clean(code, err)
    assert len(_acled_ids(before)) == 6

    # a writer in the middle of its fusion transaction: the write lock held, incidents half-written
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM incident_members")
    writer.execute("DELETE FROM incidents WHERE rowid % 2 = 0")
    # readers that waited for the lock would fail after 1 s
    quick = settings(tmp_path / "quick.toml", "[store]\nbusy_timeout_s = 1.0\n")
    for args in [*READERS, ("map", "--out", str(tmp_path / "map.html"))]:
        code, out, err = finish(frontlines(*args, "--db", str(db), env=quick))
        assert_clean(code, err)
        if args[-1] == "acled-csv":
            assert out == before  # what was committed, nothing half-written
    writer.execute("ROLLBACK")
    writer.close()
    assert store_problems(db) == [] and rebuild_problems(db) == []


@pytest.mark.slow
def test_two_writers_on_one_store_lose_and_double_nothing(tmp_path):
    db = tmp_path / "store.db"
    extract_here(write_jsonl(tmp_path / "first.jsonl", reports(8, outlet=0, prefix="a")), db)

    # A has read the store's incidents and fused its reports into them, and waits to write;
    # B brings further reports of the same incidents, and some of A's articles again
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    a_records = reports(8, outlet=1, prefix="b")
    b_records = reports(8, outlet=2, prefix="c") + a_records[:3]
    writer_a = frontlines("extract", "--db", str(db), "--workers", "1",
                          str(write_jsonl(tmp_path / "a.jsonl", a_records)), env=paused_at("fusion", a_dir))
    wait_for(a_dir / "fusion-1.reached", writer_a)
    writer_b = frontlines("extract", "--db", str(db), "--workers", "1",
                          str(write_jsonl(tmp_path / "b.jsonl", b_records)), env=paused_at("fusion", b_dir))
    # B must not fuse from a view A is about to overwrite: it gets to its fusion only after A
    # has written (were B to get there first, the A-then-B order below would double incidents)
    try:  # (a wait that only a broken store would end early)
        wait_for(b_dir / "fusion-1.reached", writer_b, timeout=10)
        b_went_first = True
    except AssertionError:
        b_went_first = False
    release(a_dir, "fusion")
    code, _, err = finish(writer_a)
    assert_clean(code, err)
    wait_for(b_dir / "fusion-1.reached", writer_b)
    release(b_dir, "fusion")
    code, _, err = finish(writer_b)
    assert_clean(code, err)

    assert not b_went_first, "B fused while A held its view of the store"
    assert _count(db, "articles") == 24  # 8 + 8 + 8, A's three again stored once
    assert store_problems(db) == []
    assert rebuild_problems(db) == []
    with sqlite3.connect(db) as conn:
        sizes = [n for (n,) in conn.execute("SELECT count(*) FROM incident_members GROUP BY incident_id")]
    assert sorted(sizes) == [3] * 8  # each incident told by its three outlets, once each


@pytest.mark.slow
def test_a_writer_kept_waiting_too_long_says_so_in_one_line(tmp_path):
    db = tmp_path / "store.db"
    Store.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    quick = settings(tmp_path / "quick.toml", "[store]\nbusy_timeout_s = 0.5\n")
    batch = write_jsonl(tmp_path / "batch.jsonl", reports(2, outlet=1, prefix="b"))
    holder.execute("BEGIN IMMEDIATE")
    code, out, err = finish(frontlines("ingest", "--db", str(db), str(batch), env=quick))
    holder.execute("ROLLBACK")
    holder.close()
    assert code != 0 and "Traceback" not in err, err
    lines = [line for line in err.splitlines() if "[E400]" in line]
    assert len(lines) == 2  # each article says so, the batch goes on
    assert "busy_timeout_s" in lines[0] and str(db) in lines[0]
    assert out.strip() == "read 2 / new 0 / duplicate 0 / failed 2"


def _article(n: int):
    from frontlines.ingest import article_from_string

    return article_from_string(f"Report {n}: fighting near Kunduz city, officials said.", doc_id=f"t-{n}")


def test_a_nested_transaction_is_part_of_the_outer_one(tmp_path):
    with Store.open(tmp_path / "store.db") as store:
        with store.transaction():
            store.add_article(_article(1))  # itself a transaction: here a savepoint
            with pytest.raises(RuntimeError), store.transaction():
                store.add_article(_article(2))
                raise RuntimeError("the inner part fails")
            assert store.count_articles() == 1  # the inner part undone, the outer goes on
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(_article(3))
            raise RuntimeError("the outer part fails")
        assert [a.id for a in store.iter_articles()] == ["t-1"]
