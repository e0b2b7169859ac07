"""Shards: the units of work of ``extract --engine dask``, planned by the client, read by a worker.

A shard is a slice of the input that one task analyses:

* ``lines``: consecutive lines of a ``.jsonl`` or ``.jsonl.gz`` file (byte range of the
  decompressed stream, and the number of lines before it, so each article keeps its
  ``file:line`` origin);
* ``rows``: whole row groups of a Parquet file with the article fields as columns (``id``,
  ``text`` or ``html``, ``published``, ``source``, ``url``, ``title``); row numbers count
  as line numbers in origins;
* ``files``: consecutive ``.txt`` / ``.html`` / ``.htm`` files of the input list (a
  directory's files in the order ``frontlines extract`` reads them).

Each shard has a key: the sha256 of its bytes, its place (path, first line) and what
else decides its output (``--published``, the settings, Frontlines' version). A shard
whose key has an output already is not run again (resume); a changed file, setting or
release gives new keys. The client reads each input once to hash it; workers read the
shard's bytes themselves, so inputs and the output directory must be on a file system
every worker sees (one machine, NFS, a cluster file system).

Reading goes through ``ingest.readers``: every record is checked, decoded and cleaned
as a single-process run does, and each bad one becomes the same one-line error.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .. import config
from ..errors import InputError
from ..ingest.readers import RECORD_FIELDS, read_file, read_jsonl, walk
from ..models import Article

LINES = (".jsonl", ".jsonl.gz")
ROWS = (".parquet",)
FILES = (".txt", ".html", ".htm")
SUFFIXES = (*LINES, *ROWS, *FILES)
_CHUNK = 1 << 20  # bytes read at a time while hashing


@dataclass(frozen=True)
class Shard:
    key: str  # hex sha256: content, place and settings (module doc)
    kind: str  # lines | rows | files
    paths: tuple[str, ...]  # files: each file; lines and rows: the one file
    first: int = 0  # lines: lines before the shard; rows: rows before it
    start: int = 0  # lines: first byte (decompressed); rows: first row group
    stop: int = 0  # lines: byte after the last; rows: row group after the last

    @property
    def origin(self) -> str:
        """How messages name the shard: a file, "file:lines 1-500", or "3 files from a"."""
        if self.kind == "files":
            return self.paths[0] if len(self.paths) == 1 else f"{len(self.paths)} files from {self.paths[0]}"
        return f"{self.paths[0]}:{'rows' if self.kind == 'rows' else 'lines'} from {self.first + 1}"


def fingerprint(published: str | None) -> str:
    """What besides the bytes decides a shard's output: ``--published``, the settings, the release."""
    from .. import __version__

    settings = json.dumps(config.settings(), sort_keys=True, default=str)
    return hashlib.sha256(f"{__version__}\0{published}\0{settings}".encode()).hexdigest()


def expand(inputs: Iterable[str]) -> Iterator[Path | InputError]:
    """Each input file in order: directories walked as ``extract`` walks them, globs expanded."""
    for name in inputs:
        path = Path(name)
        if name == "-":
            yield InputError("standard input cannot be shared with workers: give files to --engine dask", origin=name)
        elif path.is_dir():
            yield from walk(path, SUFFIXES)
        elif path.exists():
            yield path
        elif glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield InputError("no file matches this pattern", origin=name)
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    yield from walk(found, SUFFIXES)
                else:
                    yield found
        else:
            yield InputError("no such file or directory", origin=name)


def plan(inputs: Iterable[str], published: str | None, size: int) -> Iterator[Shard | InputError]:
    """The shards of ``inputs`` in input order (``size`` articles each), or an InputError for an
    input that cannot be read at all (the others go on)."""
    salt = fingerprint(published)
    pending: list[Path] = []  # text and HTML files waiting to fill a shard

    def flush() -> Iterator[Shard]:
        if pending:
            digest = hashlib.sha256(salt.encode())
            for path in pending:
                digest.update(f"\0{path}\0".encode())
                _hash_file(path, digest)
            yield Shard(digest.hexdigest(), "files", tuple(str(p) for p in pending))
            pending.clear()

    for item in expand(inputs):
        if isinstance(item, InputError):
            yield from flush()
            yield item
            continue
        name = item.name.lower()
        try:
            if name.endswith(LINES):
                yield from flush()
                yield from _line_shards(item, salt, size)
            elif name.endswith(ROWS):
                yield from flush()
                yield from _row_shards(item, salt, size)
            else:
                pending.append(item)
                if len(pending) >= size:
                    yield from flush()
        except OSError as exc:
            yield InputError(f"cannot read: {exc.strerror or exc}", origin=str(item))
        except Exception as exc:  # noqa: BLE001 - an unreadable file (a broken Parquet footer) never stops the run
            yield InputError(f"cannot read: {type(exc).__name__}: {exc}", origin=str(item))
    yield from flush()


def _hash_file(path: Path, digest) -> None:
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)


def _open(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _line_shards(path: Path, salt: str, size: int) -> Iterator[Shard]:
    """Slices of ``size`` lines, found by reading the (decompressed) file once."""

    def shard(first: int, start: int, stop: int, digest) -> Shard:
        digest.update(f"\0{path}\0{first}".encode())
        return Shard(digest.hexdigest(), "lines", (str(path),), first, start, stop)

    with _open(path) as stream:
        digest, first, start, position, lines = hashlib.sha256(salt.encode()), 0, 0, 0, 0
        while piece := stream.readline(_CHUNK):  # pieces: a huge line is never held whole
            digest.update(piece)
            position += len(piece)
            if piece.endswith(b"\n"):
                lines += 1
                if lines - first >= size:
                    yield shard(first, start, position, digest)
                    digest, first, start = hashlib.sha256(salt.encode()), lines, position
        if position > start:
            yield shard(first, start, position, digest)


def _row_shards(path: Path, salt: str, size: int) -> Iterator[Shard]:
    """Runs of whole row groups of at least ``size`` rows (the last may be shorter)."""
    import pyarrow.parquet as pq

    digest = hashlib.sha256(salt.encode())
    _hash_file(path, digest)
    digest.update(f"\0{path}".encode())
    metadata = pq.ParquetFile(path).metadata
    first, start, rows = 0, 0, 0
    for group in range(metadata.num_row_groups):
        rows += metadata.row_group(group).num_rows
        if rows - first >= size or group == metadata.num_row_groups - 1:
            key = hashlib.sha256(f"{digest.hexdigest()}\0{start}".encode()).hexdigest()
            yield Shard(key, "rows", (str(path),), first, start, group + 1)
            first, start = rows, group + 1


# worker side ----------------------------------------------------------------


def read_shard(shard: Shard, published: str | None) -> Iterator[Article | InputError]:
    """The articles of ``shard`` in order, an InputError in place of each input that fails."""
    if shard.kind == "files":
        for path in shard.paths:
            yield from read_file(path, published)
    elif shard.kind == "lines":
        yield from read_jsonl(io.BytesIO(_slice(Path(shard.paths[0]), shard.start, shard.stop)),
                              shard.paths[0], published, shard.first)
    else:
        yield from read_jsonl(_rows_as_lines(shard), shard.paths[0], published, shard.first)


def _slice(path: Path, start: int, stop: int) -> bytes:
    with _open(path) as stream:
        stream.seek(start)  # gzip: decompresses up to start
        return stream.read(stop - start)


def _rows_as_lines(shard: Shard) -> BinaryIO:
    """The shard's rows as JSON lines (a row's article fields), so that ``read_jsonl`` checks them
    as it checks a JSON-lines record; a column not among the article fields is not read."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(shard.paths[0])
    columns = [name for name in parquet.schema_arrow.names if name in RECORD_FIELDS]
    table = parquet.read_row_groups(range(shard.start, shard.stop), columns=columns)
    lines = [
        json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False, default=str)
        for row in table.to_pylist()
    ]
    return io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
