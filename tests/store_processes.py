"""Helpers for tests that run real ``frontlines`` processes against one store.

Processes are held at known points with ``FRONTLINES_PAUSE_AT`` (``frontlines.pause``):
a test waits for ``DIR/POINT-n.reached`` and lets the process on with ``DIR/POINT-n.go``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DISTRICTS = [
    ("Andar", "Ghazni"), ("Nad-e Ali", "Helmand"), ("Kaldar", "Balkh"), ("Qarabagh", "Ghazni"),
    ("Dand", "Kandahar"), ("Khanishin", "Helmand"), ("Darqad", "Takhar"), ("Maimana", "Faryab"),
]
WORDINGS = [
    "Taliban fighters attacked a police checkpoint in {district} district of {province} province "
    "on {day}, killing {n} policemen, officials said.",
    "{n} policemen were killed when Taliban insurgents stormed a checkpoint in the {district} "
    "district of {province} on {day}, a provincial spokesman told reporters.",
    "The Taliban killed {n} police officers in an attack on a checkpoint in {district} district, "
    "{province} province, on {day}, the interior ministry said.",
]


def reports(count: int, outlet: int, prefix: str) -> list[dict]:
    """``count`` one-incident articles; outlet k tells incident n as every other outlet does
    (same district, day and toll, its own wording), so fusion merges them across articles."""
    records = []
    for n in range(count):
        district, province = DISTRICTS[n % len(DISTRICTS)]
        day = dt.date(2021, 6, 1) + dt.timedelta(days=n)
        text = WORDINGS[outlet % len(WORDINGS)].format(
            district=district, province=province, day=day.strftime("%B %d, %Y"), n=3 + n % 5
        )
        published = (day + dt.timedelta(days=1)).isoformat()
        records.append({"id": f"{prefix}-{n:03d}", "text": text, "published": published,
                        "source": f"outlet-{outlet}"})
    return records


def extract_here(path: Path, db: Path) -> list[str]:
    """``frontlines extract`` in this process (the models stay loaded between tests): its report."""
    import io

    from frontlines.api import extract_to

    lines: list[str] = []
    status = extract_to([str(path)], db=str(db), workers=1, out=io.StringIO(), report=lines.append)
    assert status == 0, lines
    return lines


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def frontlines(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "frontlines", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def settings(path: Path, text: str) -> dict[str, str]:
    """The environment that makes a process read ``text`` as its frontlines.toml."""
    path.write_text(text, encoding="utf-8")
    return {"FRONTLINES_CONFIG": str(path)}


def paused_at(point: str, folder: Path) -> dict[str, str]:
    return {"FRONTLINES_PAUSE_AT": f"{point}:{folder}"}


def wait_for(path: Path, process: subprocess.Popen, timeout: float = 300) -> None:
    """Until ``path`` exists; fails if the process ends first (with its stderr)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"process ended ({process.returncode}) before {path.name}: "
                                 f"{process.stderr.read() if process.stderr else ''}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} not reached in {timeout} s")
        time.sleep(0.02)


def release(folder: Path, point: str, n: int = 1) -> None:
    (folder / f"{point}-{n}.go").touch()


def finish(process: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def assert_clean(returncode: int, err: str) -> None:
    assert returncode == 0, err
    assert "Traceback" not in err, err
    assert "locked" not in err, err
