"""Files built once per machine and kept in the user's cache directory (the gazetteer, the learned model).

Each file is named after its kind and a *version key*: a hash of everything it is built from
(data files, the building code's settings, the versions of the libraries that build it,
Frontlines' own version), so a change to any of them builds a new file and a file built from
something else is never read by mistake.

Several processes - of one checkout, or of several checkouts sharing the user cache directory -
use these files at once. The rules:

* a file is built under its key's *build lock* (one builder per key: a second process that
  wants it waits, then reads what the first built) into a temporary file named with the
  builder's pid, then renamed into place, so a reader sees the whole file or none;
* a process using a file holds a shared *use lock* on its key for as long as it lives (the
  gazetteer is read lazily, so its file must stay while the process runs);
* pruning removes a file of another key only when nobody holds its use or build lock and it is
  not among the ``keep`` most recently used keys of its kind (two checkouts that alternate keep
  both files instead of rebuilding each other's); a temporary file only when its builder is dead;
* a file that cannot be read (cut short, corrupt, written by something else) is built again,
  with a one-line note on stderr; the first build of a kind says what it builds and, when
  done, how long it took.

Locks are ``flock`` locks on small ``.lock`` files beside the data (POSIX; where ``fcntl`` is
missing nothing is locked and nothing of another key is pruned).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")
WAIT_NOTE_SECONDS = 0.5  # a builder that waits longer for another's build says so
STALE_TEMP_SECONDS = 600.0  # a temporary file of a dead builder younger than this is left alone
UNNAMED_TEMP_SECONDS = 86400.0  # a temporary file naming no builder (older versions) goes after a day


@dataclass(frozen=True)
class Product:
    """A kind of cached file."""

    kind: str  # file name prefix: "gazetteer", "learned-model"
    suffix: str  # ".sqlite", ".npz"
    what: str  # for notes: "the gazetteer"
    seconds: int  # about how long one build takes here, for the first-run note


def cache_dir() -> Path:
    """``$FRONTLINES_CACHE``, else the user's cache directory (platformdirs)."""
    override = os.environ.get("FRONTLINES_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("frontlines"))


def version_key(*parts: str | bytes) -> str:
    """16 hex digits of a sha256 over ``parts`` (each length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def package_versions(*names: str) -> str:
    """``name=version`` of installed distributions (``name=missing`` for one that is not)."""
    from importlib import metadata

    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=missing")
    return ";".join(found)


def note(message: str) -> None:
    """A one-line note on stderr (building, rebuilding, waiting)."""
    print(f"frontlines: {message}", file=sys.stderr, flush=True)


def obtain(
    product: Product,
    key: str,
    build: Callable[[Path], None],
    load: Callable[[Path], T],
    *,
    keep: int = 3,
    rebuild: bool = False,
    directory: Path | None = None,
) -> T:
    """``load`` of the cached file of ``product`` under ``key``, built first by ``build`` (which
    writes the path it is given) when it is missing or ``load`` fails on it, or when ``rebuild``."""
    directory = directory or cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{product.kind}-{key}{product.suffix}"
    _hold_use_lock(directory / f"{product.kind}-{key}.lock")
    broken: Exception | None = None
    if not rebuild and path.exists():
        try:
            loaded = load(path)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is built again
            broken = exc
        else:
            prune(product, key, keep=keep, directory=directory)  # what others left: a glob when nothing is
            return loaded
    with _locked(directory / f"{product.kind}-{key}.build.lock", product):
        if not rebuild and path.exists():
            try:
                return load(path)  # built by another process while this one waited
            except Exception as exc:  # noqa: BLE001
                broken = exc
        if broken is not None and path.exists():
            reason = " ".join(str(broken).split())[:120] or type(broken).__name__
            note(f"the cached {product.what} {path.name} cannot be read ({reason}); building it again")
        why = "asked for" if rebuild else "its sources changed" if _others(directory, product, key) else "first run"
        _build(product, path, build, why)
    prune(product, key, keep=keep, directory=directory)
    return load(path)


def _build(product: Product, path: Path, build: Callable[[Path], None], why: str) -> None:
    note(f"building {product.what} ({why}, about {product.seconds} s) ...")
    started = time.monotonic()
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        build(temp)
        os.replace(temp, path)
    finally:
        for leftover in path.parent.glob(f"{temp.name}*"):
            leftover.unlink(missing_ok=True)
    note(f"built {product.what} in {time.monotonic() - started:.1f} s ({path})")


def _others(directory: Path, product: Product, key: str) -> list[tuple[str, Path]]:
    """(key, file) of the other versions of ``product`` in ``directory``."""
    found = []
    for path in directory.glob(f"{product.kind}-*{product.suffix}"):
        other = path.name[len(product.kind) + 1 : len(path.name) - len(product.suffix)]
        if other != key and re.fullmatch(r"[0-9a-f]+", other):
            found.append((other, path))
    return found


# --- locks --------------------------------------------------------------------------------------

_HELD: dict[Path, int] = {}  # use locks this process holds (kept open for its life; workers inherit them)


def release() -> None:
    """Let go of every use lock this process holds (its files may be pruned by others from now on)."""
    while _HELD:
        os.close(_HELD.popitem()[1])


def _open_locked(path: Path, operation: int) -> int:
    """An open descriptor of ``path`` holding ``operation`` (flock); retried when a pruner removed
    the file between the open and the lock (the lock would be on a file nobody else sees)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, operation)
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _hold_use_lock(path: Path) -> None:
    if fcntl is None or path in _HELD:
        if path in _HELD:
            os.utime(path)
        return
    _HELD[path] = _open_locked(path, fcntl.LOCK_SH)
    os.utime(path)  # its modification time is the key's last use


@contextlib.contextmanager
def _locked(path: Path, product: Product) -> Iterator[None]:
    """The build lock of one key, waited for (with a note when another process holds it)."""
    if fcntl is None:
        yield
        return
    try:
        fd = _open_locked(path, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        started = time.monotonic()
        fd = _open_locked(path, fcntl.LOCK_EX)
        if time.monotonic() - started > WAIT_NOTE_SECONDS:
            note(f"waited {time.monotonic() - started:.1f} s for another process building {product.what}")
    try:
        yield
    finally:
        os.close(fd)


def _try_exclusive(path: Path) -> int | None:
    """A descriptor holding ``path`` exclusively, or None when somebody holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except BlockingIOError:
        os.close(fd)
        return None


# --- pruning ------------------------------------------------------------------------------------


def prune(product: Product, key: str, *, keep: int, directory: Path) -> list[Path]:
    """Remove the files of other keys of ``product`` that nobody uses or builds, beyond the ``keep``
    most recently used (the current key counts as one), and dead builders' temporary files."""
    removed = _prune_temporary(directory, product)
    if fcntl is None:
        return removed

    def last_use(item: tuple[str, Path]) -> float:
        lock = directory / f"{product.kind}-{item[0]}.lock"
        return max(_mtime(lock), _mtime(item[1]))

    others = sorted(_others(directory, product, key), key=last_use, reverse=True)
    for other, path in others[max(keep - 1, 0):]:
        use, build = directory / f"{product.kind}-{other}.lock", directory / f"{product.kind}-{other}.build.lock"
        held = [fd for fd in (_try_exclusive(use), _try_exclusive(build)) if fd is not None]
        try:
            if len(held) == 2:  # nobody uses it or builds it: gone, with its locks
                for name in (path, use, build):
                    name.unlink(missing_ok=True)
                removed.append(path)
        finally:
            for fd in held:
                os.close(fd)
    return removed


def _prune_temporary(directory: Path, product: Product) -> list[Path]:
    removed = []
    for temp in directory.glob(f"{product.kind}-*.tmp*"):
        match = re.search(r"\.(\d+)\.tmp", temp.name)
        if match is not None and (int(match.group(1)) == os.getpid() or _alive(int(match.group(1)))):
            continue
        if time.time() - _mtime(temp) > (STALE_TEMP_SECONDS if match else UNNAMED_TEMP_SECONDS):
            temp.unlink(missing_ok=True)
            removed.append(temp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
