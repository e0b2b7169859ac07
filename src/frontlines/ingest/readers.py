"""Inputs to Articles: files, directories, jsonl, standard input.

Fills ``Article.origin`` ("path" or "path:line") and hands each input to
``article.build_article``. Nothing here raises for a bad input: every problem
becomes an :class:`~frontlines.errors.InputError` yielded in the article's
place (one line naming the file, and the line for jsonl), and the batch goes on.

Inputs: ``.txt`` (or any other name given explicitly: sniffed as text or
HTML), ``.html`` / ``.htm``, ``.jsonl`` (one article a line: ``id``, ``text``
or ``html``, ``published``, ``source``, ``url``, ``title``), a directory (its
``.txt``, ``.html``, ``.htm`` and ``.jsonl`` files, recursively, in name
order; other files and hidden ones are passed over), ``-`` for standard input
(sniffed: jsonl, HTML or text).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    FrontlinesError,
    IngestStageError,
    InputError,
    MalformedRecordError,
    TooLargeError,
)
from ..models import Article
from .article import build_article
from .decode import check_size, decode_bytes, max_article_bytes, read_limited
from .published import parse_option

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
RECORD_FIELDS = ("id", "text", "html", "published", "source", "url", "title")
STDIN = "-"


def read_inputs(inputs: Iterable[str], published: str | None = None) -> Iterator[Article | InputError]:
    """Every article of ``inputs`` in order, or an InputError in place of each that fails.

    An unreadable ``published`` option is the one error raised (before reading anything).
    """
    option = parse_option(published)
    for name in inputs:
        if name == STDIN:
            yield from _guarded("<stdin>", _read_stream, sys.stdin.buffer, "<stdin>", option)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                yield from _guarded(str(file), _read_file, file, option)
        elif path.exists():
            yield from _guarded(name, _read_file, path, option)
        else:
            yield InputError("no such file or directory", origin=name)


def _walk(directory: Path, suffixes: Iterable[str] = ARTICLE_SUFFIXES) -> Iterator[Path]:
    """The files of ``directory`` whose names end in one of ``suffixes``, recursively, in name order."""
    endings = tuple(suffixes)
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith(".") and file.lower().endswith(endings):
                yield Path(root) / file


def walk(directory: str | Path, suffixes: Iterable[str]) -> Iterator[Path]:
    """The files a directory input gives, as :func:`read_inputs` lists them (``suffixes``: other kinds too)."""
    return _walk(Path(directory), suffixes)


def read_file(path: str | Path, published: str | None = None) -> Iterator[Article | InputError]:
    """The articles of one file as :func:`read_inputs` reads it (an InputError in place of each that fails)."""
    yield from _guarded(str(path), _read_file, Path(path), parse_option(published))


def read_jsonl(
    stream: BinaryIO, origin: str, published: str | None = None, first_line: int = 0
) -> Iterator[Article | InputError]:
    """JSON lines from ``stream`` as lines of ``origin`` numbered from ``first_line`` + 1 (a slice of a
    bigger file: the lines keep their numbers in that file)."""
    yield from _guarded(origin, _read_jsonl, stream, origin, parse_option(published), None, first_line)


def _guarded(origin: str, reader, *args) -> Iterator[Article | InputError]:
    """Run a reader; whatever goes wrong becomes an InputError, never an exception."""
    try:
        yield from reader(*args)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", origin=origin)
    except Exception as exc:  # noqa: BLE001 - one broken input never stops the batch
        log.debug("reader failed", exc_info=True)
        yield IngestStageError(exc, origin=origin)


def _read_file(path: Path, option: str | None) -> Iterator[Article | InputError]:
    origin = str(path)
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "jsonl":
        with path.open("rb") as stream:
            yield from _read_jsonl(stream, origin, option)
        return
    check_size(path.stat().st_size, origin)
    with path.open("rb") as stream:
        data = read_limited(stream, origin)
    yield _one(data, origin, option, is_html=True if kind == "html" else None)


def _read_stream(stream: BinaryIO, origin: str, option: str | None) -> Iterator[Article | InputError]:
    """Standard input: jsonl when its first line is a JSON object, else one article."""
    first = stream.readline(max_article_bytes() + 1)
    if first.lstrip().startswith(b"{"):
        try:
            is_jsonl = isinstance(json.loads(first), dict)
        except ValueError:
            is_jsonl = False
        if is_jsonl:
            yield from _read_jsonl(stream, origin, option, first_line=first)
            return
    yield _one(read_limited(stream, origin, already=first), origin, option, is_html=None)


def _one(data: bytes, origin: str, option: str | None, is_html: bool | None) -> Article | InputError:
    try:
        decoded = decode_bytes(data, origin)
        return build_article(
            decoded.text,
            is_html=is_html,
            published_option=option,
            origin=origin,
            warnings=[decoded.warning] if decoded.warning else None,
        )
    except FrontlinesError as exc:
        exc.origin = exc.origin or origin
        return exc if isinstance(exc, InputError) else InputError(exc.message, origin=origin)


def _lines(
    stream: BinaryIO, first_line: bytes | None, number: int = 0
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line, numbered after ``number``; None for a line over the size
    limit (skipped unread)."""
    limit = max_article_bytes()
    pending = first_line
    while True:
        line = pending if pending is not None else stream.readline(limit + 1)
        pending = None
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def _read_jsonl(
    stream: BinaryIO, origin: str, option: str | None, first_line: bytes | None = None, numbered_from: int = 0
) -> Iterator[Article | InputError]:
    for number, line in _lines(stream, first_line, numbered_from):
        where = f"{origin}:{number}"
        if line is None:
            yield TooLargeError(
                f"line larger than the limit of {max_article_bytes():,} bytes "
                "([ingest] max_article_bytes)",
                origin=where,
            )
            continue
        if not line.strip():
            continue
        try:
            yield _record(line, where, option)
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - one broken line never stops the file
            log.debug("record failed", exc_info=True)
            yield IngestStageError(exc, origin=where)


def _record(line: bytes, where: str, option: str | None) -> Article:
    decoded = decode_bytes(line, where)
    try:
        record = json.loads(decoded.text)
    except ValueError as exc:
        raise MalformedRecordError(f"malformed JSON: {exc}", origin=where) from None
    if not isinstance(record, dict):
        raise MalformedRecordError(
            f"a line must be a JSON object, not {type(record).__name__}", origin=where
        )
    for key in ("text", "html", "source", "url", "title", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise MalformedRecordError(f"field {key!r} must be a string", origin=where)
    doc_id = record.get("id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, str | int)):
        raise MalformedRecordError("field 'id' must be a string or a number", origin=where)
    html, text = record.get("html"), record.get("text")
    if not (html or "").strip() and not (text or "").strip():
        if "html" in record or "text" in record:
            raise MalformedRecordError("empty article: 'text' / 'html' is empty", origin=where)
        raise MalformedRecordError("no 'text' or 'html' field", origin=where)
    warnings = [decoded.warning] if decoded.warning else []
    unknown = sorted(set(record) - set(RECORD_FIELDS))
    if unknown:
        warnings.append(f"fields ignored: {', '.join(unknown)}")
    return build_article(
        html if (html or "").strip() else text,
        is_html=True if (html or "").strip() else None,
        published_field=record.get("published"),
        published_option=option,
        doc_id=None if doc_id is None else str(doc_id),
        source=record.get("source"),
        url=record.get("url"),
        title=record.get("title"),
        origin=where,
        warnings=warnings,
    )
