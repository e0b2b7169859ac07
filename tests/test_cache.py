"""Files built once per machine (frontlines.cache): version keys, atomic builds shared between
processes, pruning that never takes a file another process uses or builds."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frontlines import cache
from frontlines.errors import GazetteerError
from frontlines.geo import build as geo_build

THING = cache.Product("thing", ".txt", "the thing", seconds=1)

# a process that obtains key KEY of THING in DIR (its build takes SLEEP seconds and logs its pid),
# prints what it read, then holds the file until DIR/release exists
PROCESS = """
import os, sys, time
from pathlib import Path
from frontlines import cache
directory, key, sleep = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
def build(path):
    with open(directory / "builds.log", "a") as log:
        log.write(f"{key} {os.getpid()}\\n")
    if sleep:  # hold the build until another process has come for the same file, then a while
        deadline = time.time() + 30
        while time.time() < deadline and not [
                p for p in directory.glob("arrived-*") if p.name != f"arrived-{os.getpid()}"]:
            time.sleep(0.02)
        time.sleep(sleep)
    path.write_text(f"built by {os.getpid()}")
product = cache.Product("thing", ".txt", "the thing", seconds=1)
(directory / f"arrived-{os.getpid()}").touch()
print(cache.obtain(product, key, build, lambda p: p.read_text(), keep=1, directory=directory), flush=True)
while not (directory / "release").exists():
    time.sleep(0.05)
"""


def _start(directory: Path, key: str, sleep: float = 0.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PROCESS, str(directory), key, str(sleep)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _obtain(directory: Path, key: str, keep: int = 3, builds: list[str] | None = None) -> str:
    def build(path: Path) -> None:
        (builds if builds is not None else []).append(key)
        path.write_text(f"version {key}")

    return cache.obtain(THING, key, build, lambda p: p.read_text(), keep=keep, directory=directory)


def test_two_processes_building_one_key_build_it_once(tmp_path):
    first, second = _start(tmp_path, "aa", sleep=1.0), None
    while not (tmp_path / "builds.log").exists():
        time.sleep(0.02)
    second = _start(tmp_path, "aa")  # arrives while the first builds: waits for it
    lines = [first.stdout.readline().strip(), second.stdout.readline().strip()]
    (tmp_path / "release").touch()
    assert first.wait(20) == 0 and second.wait(20) == 0
    assert lines == [f"built by {first.pid}"] * 2
    assert (tmp_path / "builds.log").read_text().split() == ["aa", str(first.pid)]
    assert "building the thing" in first.stderr.read()
    assert "waited" in second.stderr.read()
    assert sorted(p.name for p in tmp_path.glob("thing-*")) == ["thing-aa.build.lock", "thing-aa.lock", "thing-aa.txt"]
    assert [p.name for p in tmp_path.glob("*.tmp*")] == []


def test_a_file_another_process_uses_is_never_pruned(tmp_path):
    user = _start(tmp_path, "aa")  # uses version aa (keep=1: only its own)
    assert user.stdout.readline().strip() == f"built by {user.pid}"
    assert _obtain(tmp_path, "bb", keep=1) == "version bb"  # builds bb; aa is in use: stays
    assert (tmp_path / "thing-aa.txt").exists()
    other = _start(tmp_path, "cc")  # and another process building cc (keep=1) leaves both aa and bb
    assert other.stdout.readline().strip() == f"built by {other.pid}"
    assert (tmp_path / "thing-aa.txt").exists() and (tmp_path / "thing-bb.txt").exists()
    (tmp_path / "release").touch()
    assert user.wait(20) == 0 and other.wait(20) == 0
    # nobody uses aa any more (this process holds bb): the next use of cc with keep=1 prunes aa
    _obtain(tmp_path, "cc", keep=1)
    assert not (tmp_path / "thing-aa.txt").exists() and not (tmp_path / "thing-aa.lock").exists()
    assert (tmp_path / "thing-bb.txt").exists()


def test_alternating_versions_keep_each_others_files(tmp_path):
    # two checkouts of different versions sharing the cache directory: no rebuild ping-pong
    builds: list[str] = []
    for key in ("aa", "bb", "aa", "bb", "aa"):
        assert _obtain(tmp_path, key, keep=3, builds=builds) == f"version {key}"
    assert builds == ["aa", "bb"]


def test_least_recently_used_versions_beyond_keep_go(tmp_path):
    for age, key in enumerate(("aa", "bb", "cc")):
        _obtain(tmp_path, key)
        for name in (f"thing-{key}.txt", f"thing-{key}.lock"):
            os.utime(tmp_path / name, (1e9 + age, 1e9 + age))
    cache.release()  # as if another process, now ended, had used them
    removed = cache.prune(THING, "dd", keep=3, directory=tmp_path)  # dd and the two last used of the others
    assert [p.name for p in removed] == ["thing-aa.txt"]
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == ["thing-bb.txt", "thing-cc.txt"]


def test_dead_builders_temporary_files_go_live_ones_stay(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"thing-aa.txt.{dead.stdout.strip()}.tmp"
    live = tmp_path / f"thing-aa.txt.{os.getppid()}.tmp"
    for path in (stale, live):
        path.write_text("half")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / f"thing-bb.txt.{dead.stdout.strip()}.tmp"
    fresh.write_text("half")  # a dead builder's, but young: left (its pid may be reused by a live one)
    _obtain(tmp_path, "aa")
    assert not stale.exists() and live.exists() and fresh.exists()


def test_a_build_that_fails_leaves_no_file(tmp_path):
    def build(path: Path) -> None:
        path.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        cache.obtain(THING, "aa", build, lambda p: p.read_text(), directory=tmp_path)
    assert not list(tmp_path.glob("*.txt*"))


def test_version_keys_separate_their_parts():
    assert cache.version_key("ab", "c") != cache.version_key("a", "bc")
    assert len(cache.version_key("x")) == 16


@pytest.fixture
def tiny_gazetteer(tmp_path, monkeypatch):
    """A private cache directory whose gazetteer builds are of its meta table only (the real
    build takes a minute); returns the current key."""
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path))
    key = geo_build.fingerprint()

    def tiny_build(path: Path, key: str = key) -> Path:
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (key,))
        conn.close()
        return path

    monkeypatch.setattr(geo_build, "build", tiny_build)
    return key


def test_a_corrupt_gazetteer_is_built_again(tiny_gazetteer, tmp_path, capsys):
    key = tiny_gazetteer
    path = tmp_path / f"gazetteer-{key}.sqlite"
    for bad in (b"", b"SQLite format 3\x00 cut short" + bytes(200)):
        path.write_bytes(bad)
        assert geo_build.builtin_path() == path
        assert "cannot be read" in capsys.readouterr().err
        geo_build._checked(path, key)
    with pytest.raises(GazetteerError, match="other sources"):
        geo_build._checked(path, "0" * 16)
    assert geo_build.builtin_path() == path and capsys.readouterr().err == ""  # later runs say nothing


def test_the_gazetteer_build_command_builds_again_and_says_so(tiny_gazetteer, tmp_path, capsys):
    from frontlines.geo import rebuild_gazetteer

    first = rebuild_gazetteer()
    assert "building the gazetteer (asked for" in capsys.readouterr().err
    assert rebuild_gazetteer() == first  # built again though it exists
    err = capsys.readouterr().err
    assert "building the gazetteer (asked for" in err and "built the gazetteer in" in err
