"""``frontlines extract --engine dask`` (issue 13): the same answer as one process.

One LocalCluster of 2 worker processes serves the module (spaCy loads once in each).
The bundled examples plus bad inputs go through the single-process ``extract`` and
through the cluster; the events (Parquet and store), the articles, the fused incidents
and control timelines, the reported lines and the exit status must be the same. One
run kills a worker process while shards are in flight and must still end complete,
with no shard written twice; a rerun resumes without running anything.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import sqlite3
import sys

import pytest
from conftest import EXAMPLES, ISAF, need
from conftest import run_cli as run

pytest.importorskip("distributed", reason="the [dask] extra is not installed")
pytest.importorskip("pyarrow", reason="the [dask] extra is not installed")

from frontlines import api  # noqa: E402
from frontlines.cluster import extract_on_dask  # noqa: E402
from frontlines.cluster.parquet import event_from_row  # noqa: E402
from frontlines.export.acled import columns as acled_columns  # noqa: E402
from frontlines.models import EVENT_FIELDS  # noqa: E402

STAMPS = {"updated_at", "ingested_at"}  # when a row was written: the only columns allowed to differ
FRENCH = (
    "Les forces afghanes ont repris dimanche le centre du district de Dand-e-Ghori dans la province "
    "de Baghlan, une semaine après sa chute aux mains des talibans, a indiqué le gouverneur."
)


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    from frontlines.cluster.tasks import warm

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as local, Client(local) as client:
        # the models load in the workers while this process runs the single-process reference
        # (the engine's plugin then finds them loaded); the machine has 2 cores, the test 40 s
        loading = [client.submit(warm, workers=[address], pure=False) for address in client.scheduler_info()["workers"]]
        yield client
        del loading


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The bundled examples, and a folder of inputs that fail or are skipped, as a user gives them."""
    bad = tmp_path_factory.mktemp("bad")
    lines = [
        json.dumps({"id": "fr-1", "text": FRENCH, "published": "2021-06-28"}),
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps(["a", "list"]),
    ]
    (bad / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    return [str(EXAMPLES), str(bad), str(bad / "missing.jsonl")]


def single_process(inputs, db):
    lines: list[str] = []
    out = io.StringIO()
    status = api.extract_to(inputs, db=str(db), workers=1, out=out, report=lines.append)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    return status, events, lines


@pytest.fixture(scope="module")
def reference(inputs, cluster, tmp_path_factory):
    """The single-process run: exit status, events written, lines reported, store."""
    db = tmp_path_factory.mktemp("single") / "single.db"
    status, events, lines = single_process(inputs, db)
    return {"status": status, "events": events, "lines": lines, "db": db}


@pytest.fixture(scope="module")
def on_dask(inputs, cluster, tmp_path_factory):
    """The CLI against the module's cluster (``--scheduler``), 2 articles a shard."""
    work = tmp_path_factory.mktemp("dask")
    from frontlines.cli import main

    stderr = io.StringIO()
    real, sys.stderr = sys.stderr, stderr
    try:
        status = main(["extract", "--engine", "dask", "--scheduler", cluster.scheduler.address,
                       "--shard-articles", "2", "--out-parquet", str(work / "out"),
                       "--db", str(work / "dask.db"), *inputs])
    finally:
        sys.stderr = real
    return {"status": status, "lines": stderr.getvalue().splitlines(), "out": work / "out",
            "db": work / "dask.db"}


def parquet_events(out) -> list[dict]:
    import pyarrow.dataset as ds

    table = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    return sorted((event_from_row(row).to_dict() for row in table.to_pylist()), key=lambda e: e["event_id"])


def store_rows(db) -> dict[str, list]:
    """Every table of the store, rows sorted, without the time each was written."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {}
    for table in tables:
        rows = [{k: r[k] for k in r.keys() if k not in STAMPS} for r in con.execute(f"SELECT * FROM {table}")]
        found[table] = sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))
    con.close()
    return found


def test_the_events_equal_the_single_process_events(reference, on_dask):
    expected = sorted(reference["events"], key=lambda e: e["event_id"])
    found = parquet_events(on_dask["out"])
    assert len(expected) >= 10
    assert [e["event_id"] for e in found] == [e["event_id"] for e in expected]
    for mine, theirs in zip(found, expected, strict=True):
        for name in EVENT_FIELDS:
            assert mine[name] == theirs[name], (mine["event_id"], name)


def test_the_store_incidents_and_control_equal_the_single_process_store(reference, on_dask):
    expected, found = store_rows(reference["db"]), store_rows(on_dask["db"])
    assert found.keys() == expected.keys()
    assert len(expected["incidents"]) >= 5 and expected["control_periods"]
    for table in expected:
        assert found[table] == expected[table], table


def test_bad_inputs_are_reported_as_one_process_reports_them(reference, on_dask):
    assert on_dask["status"] == reference["status"] == 1
    assert sorted(on_dask["lines"]) == sorted(reference["lines"])
    text = "\n".join(on_dask["lines"])
    for code in ("[E100]", "[E101]", "[E103]", "[W201]"):
        assert code in text
    assert "Traceback" not in text


def test_the_parquet_is_partitioned_by_country_and_month_with_acled_columns(on_dask, reference):
    import pandas as pd

    frame = pd.read_parquet(on_dask["out"] / "events")
    shared = set(acled_columns()) & set(EVENT_FIELDS)
    assert {"event_date", "event_type", "sub_event_type", "actor1", "admin1", "fatalities"} <= shared
    assert shared | {"doc_id", "content_hash", "month"} <= set(frame.columns)
    assert len(frame) == len(reference["events"])
    assert set(frame["country"].astype(str)) == {e["country"] for e in reference["events"]}
    dated = frame[frame["event_date"].notna()]
    assert (dated["event_date"].str[:7] == dated["month"].astype(str)).all()
    assert not frame.duplicated(["event_id"]).any()
    articles = pd.read_parquet(on_dask["out"] / "articles")
    assert set(articles["status"]) == {"extracted", "skipped", "unreadable"}
    assert set(frame["content_hash"]) <= set(articles["content_hash"].dropna())
    assert not (on_dask["out"] / "_tmp").exists()


def test_a_rerun_skips_the_finished_shards(inputs, on_dask, reference, tmp_path):
    lines: list[str] = []
    status = extract_on_dask(inputs, on_dask["out"], db=str(tmp_path / "again.db"),
                             scheduler="tcp://127.0.0.1:9", shard_articles=2, report=lines.append,
                             on_shard=lambda record: pytest.fail("a finished shard ran again"))
    assert status == 1
    assert any(line.startswith("resume:") for line in lines)
    assert store_rows(tmp_path / "again.db") == store_rows(reference["db"])


def test_a_shard_whose_output_was_removed_is_one_line_and_the_rest_is_stored(inputs, on_dask, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(on_dask["out"], out)
    removed = sorted((out / "articles").glob("*.parquet"))[0]
    removed.unlink()
    lines: list[str] = []
    status = extract_on_dask(inputs, out, db=str(tmp_path / "damaged.db"), scheduler="tcp://127.0.0.1:9",
                             shard_articles=2, report=lines.append)
    assert status == 1
    damaged = [line for line in lines if "[E860]" in line]
    assert len(damaged) == 1 and f"{removed.stem}.json to extract it again" in damaged[0]
    assert lines[-1].startswith("read ") and "Traceback" not in "\n".join(lines)


def test_a_worker_killed_mid_run_leaves_the_run_complete_without_duplicates(inputs, cluster, reference, tmp_path):
    killed: dict[str, object] = {}

    def kill_a_busy_worker(record):
        if killed:
            return
        busy = [address for address, keys in cluster.processing().items() if keys]
        if not busy:
            return
        pid = cluster.run(os.getpid, workers=busy[:1])[busy[0]]
        killed.update(pid=pid, keys=list(cluster.processing()[busy[0]]))
        os.kill(pid, signal.SIGKILL)

    out = tmp_path / "out"
    status = extract_on_dask(inputs, out, client=cluster, db=str(tmp_path / "killed.db"), shard_articles=1,
                             report=lambda _: None, on_shard=kill_a_busy_worker)
    assert killed, "no worker was busy when the first shard finished"
    assert status == reference["status"]
    assert parquet_events(out) == sorted(reference["events"], key=lambda e: e["event_id"])
    assert store_rows(tmp_path / "killed.db") == store_rows(reference["db"])
    records = [json.loads(p.read_text()) for p in (out / "_shards").glob("*.json")]
    assert len({r["key"] for r in records}) == len(records) == len(list((out / "articles").glob("*.parquet")))
    assert not (out / "_tmp").exists()


def test_parquet_and_gzip_inputs_read_as_their_json_lines(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from frontlines.cluster.shards import Shard, plan, read_shard

    source = EXAMPLES / "2021-07_balkh-kunduz-wire.jsonl"
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    names = sorted({name for record in records for name in record})  # one has html, not text
    rows = [{name: record.get(name) for name in names} for record in records]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "wire.parquet", row_group_size=1)
    with gzip.open(tmp_path / "wire.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write(source.read_text(encoding="utf-8"))
    shutil.copy(source, tmp_path / "wire.jsonl")

    def articles(name, size):
        shards = list(plan([str(tmp_path / name)], None, size))
        assert all(isinstance(s, Shard) for s in shards)
        return shards, [(a.id, a.content_hash, a.origin.rsplit(":", 1)[1], a.published)
                        for s in shards for a in read_shard(s, None)]

    plain_shards, plain = articles("wire.jsonl", 2)
    assert len(plain_shards) == 2 and len(plain) == len(records) == 3
    assert articles("wire.jsonl.gz", 2)[1] == plain
    assert articles("wire.parquet", 2)[1] == plain


def test_without_dask_the_engine_is_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, out, err = run(capsys, "extract", "--engine", "dask", "--out-parquet", tmp_path / "out",
                         "--db", tmp_path / "x.db", EXAMPLES)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "pip install 'frontlines[dask]'" in err and "[E861]" in err


def test_dask_options_need_the_dask_engine(capsys, tmp_path):
    code, _, err = run(capsys, "extract", "--out-parquet", tmp_path / "out", EXAMPLES)
    assert code == 2 and "only with --engine dask" in err
    code, _, err = run(capsys, "extract", "--engine", "dask", EXAMPLES)
    assert code == 2 and "--out-parquet" in err


ISAF_SAMPLE = 80  # releases: the whole file (724) gives the same answer too, in 3.5 minutes on 2 busy cores


@pytest.mark.slow
def test_the_isaf_releases_give_the_single_process_answer(cluster, tmp_path):
    """The first ISAF releases (a temporary copy, never kept), in shards of 20 lines."""
    lines = need(ISAF).read_text(encoding="utf-8").splitlines(keepends=True)[:ISAF_SAMPLE]
    sample = tmp_path / "isaf-sample.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    status, expected, reported = single_process([str(sample)], tmp_path / "single.db")
    found: list[str] = []
    code = extract_on_dask([str(sample)], tmp_path / "out", client=cluster, db=str(tmp_path / "dask.db"),
                           shard_articles=20, report=found.append)
    assert code == status
    assert len(expected) > ISAF_SAMPLE
    assert parquet_events(tmp_path / "out") == sorted(expected, key=lambda e: e["event_id"])
    assert store_rows(tmp_path / "dask.db") == store_rows(tmp_path / "single.db")
    assert sorted(found) == sorted(reported)
