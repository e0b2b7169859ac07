"""Worker processes end with their parent: ``kill -9`` of ``frontlines extract`` leaves none behind.

A real ``frontlines extract --workers 2`` runs on a generated batch; once its
two workers exist, the parent is killed with SIGKILL (no cleanup of any kind
runs) and every worker must be gone within a few seconds, instead of living
on under PID 1 with the model loaded and the store open.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from test_store_kill import _articles  # 400 generated articles of twelve paragraphs

GONE_WITHIN_S = 5.0


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _workers_of(parent: psutil.Process, count: int, timeout: float) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = parent.children(recursive=True)
        if len(children) >= count:
            return children
        time.sleep(0.05)
    raise AssertionError(f"no {count} workers after {timeout} s")


@pytest.mark.slow
def test_kill_9_of_extract_leaves_no_worker(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(record) + "\n" for record in _articles()))
    command = [sys.executable, "-m", "frontlines", "extract", "--workers", "2",
               "--db", str(tmp_path / "k.db"), str(batch)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[psutil.Process] = []
    try:
        workers = _workers_of(psutil.Process(process.pid), 2, timeout=120)
        time.sleep(1.0)  # let them start work (the kill may also land before: see workers.py)
        assert process.poll() is None, "extract ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + GONE_WITHIN_S
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [w.pid for w in workers if _alive(w)]
    finally:
        for worker in workers:  # never leave one behind for the other tests
            if _alive(worker):
                worker.kill()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert survivors == [], f"workers outlived their parent: {survivors}"
