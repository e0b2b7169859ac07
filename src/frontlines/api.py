"""The functions behind ``frontlines ingest``, ``clean`` and ``extract``.

Each takes the command's options as arguments, reports problems through
``report`` (one line each: the CLI prints them on stderr) and never stops a
batch for one bad input. ``extract_to`` is the whole pipeline:

1. read     ``ingest.read_inputs``: decode, clean, date, language
2. store    ``store.Store.add_article``: each article once
3. analyse  ``pipeline.analyse_many``: sentences, places, events (worker processes)
4. store    ``store.Store.replace_events``: an article's events replace its earlier ones
5. write    one event a line (jsonl), csv, or a GeoJSON FeatureCollection

Articles in a language the extractor does not read are stored and skipped,
with a note. GeoJSON: an event without coordinates is kept as a Feature with
``"geometry": null`` (RFC 7946, section 3.2: an unlocated feature), so no
event is lost from any format.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from . import config
from .errors import FrontlinesError, InputError, UnsupportedLanguage
from .export.formats import FeatureStream, event_feature
from .ingest import read_inputs
from .models import EVENT_FIELDS, Article, Event

Report = Callable[[str], None]
EXIT_OK, EXIT_PARTIAL = 0, 1
FORMATS = ("jsonl", "csv", "geojson")


def _quiet(_: str) -> None:
    pass


@dataclass
class Summary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    events: int = 0
    skipped: int = 0  # articles not analysed (language)

    def one_line(self) -> str:
        return (
            f"read {self.read} / new {self.new} / duplicate {self.duplicate} / failed {self.failed}"
        )


# ingest ---------------------------------------------------------------------


def ingest(
    inputs: Iterable[str],
    published: str | None = None,
    db: str | None = None,
    report: Report = _quiet,
) -> Summary:
    """Store the articles of ``inputs`` once each; count read / new / duplicate / failed."""
    from .store import Store

    summary = Summary()
    with Store.open(db) as store, _progress("ingest") as advance:
        for item in _read(inputs, published, summary, report, advance):
            _store_article(store, item, summary, report)
    return summary


# clean ----------------------------------------------------------------------


def clean(
    inputs: Iterable[str],
    published: str | None = None,
    out: TextIO = sys.stdout,
    report: Report = _quiet,
) -> int:
    """Print each article's detected metadata and cleaned text (for inspection)."""
    summary = Summary()
    first = True
    for item in read_inputs(inputs, published):
        if _failed(item, summary, report):
            continue
        summary.read += 1
        if not first:
            out.write("\n")
        first = False
        out.write(f"=== {item.origin}\n")
        for key, value in item.metadata().items():
            if key == "origin":
                continue
            if key == "published" and value:
                value = f"{value} (from {item.published_from})"
            if key != "published_from":
                out.write(f"{key}: {value if value is not None else '-'}\n")
        out.write(f"content_hash: {item.content_hash[:16]}\n")
        for warning in item.warnings:
            out.write(f"warning: {warning}\n")
        out.write("---\n")
        out.write(item.text.rstrip("\n") + "\n")
    return EXIT_PARTIAL if summary.failed else EXIT_OK


# extract --------------------------------------------------------------------


def extract_to(
    inputs: Iterable[str],
    published: str | None = None,
    fmt: str = "jsonl",
    db: str | None = None,
    store: bool = True,
    workers: int | None = None,
    out: TextIO = sys.stdout,
    report: Report = _quiet,
) -> int:
    """Read, store, analyse and write the events of ``inputs``; the exit status."""
    if fmt not in FORMATS:
        raise FrontlinesError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    from .pipeline import Failure, analyse_many

    summary = Summary()
    with ExitStack() as stack:
        opened = None
        analysed: list[str] = []  # articles whose events were stored: fused below (stage 6)
        if store:
            from .store import Store

            opened = stack.enter_context(Store.open(db))
        writer = _WRITERS[fmt](out)
        advance = stack.enter_context(_progress("extract"))
        readable = _readable(inputs, published, opened, summary, report, advance)
        for result in analyse_many(readable, workers=workers):
            if isinstance(result, Failure):
                summary.failed += 1
                report(f"{result.origin}: extraction failed: {result.message} [E200]")
                continue
            _store_events(opened, result, report)
            analysed.append(result.id)
            for event in result.events:
                writer.write(event)
                summary.events += 1
        writer.close()
        # stage 6, fusion (frontlines.fusion, issue #5): the new events join the
        # store's cross-article incidents and district control timelines
        if opened is not None and analysed:
            from .fusion.service import update_in_turns as fuse_articles

            report(fuse_articles(opened, analysed).one_line())
    if summary.skipped:
        report(f"{summary.skipped} article(s) not in {', '.join(_languages())}: stored, not extracted")
    report(f"{summary.one_line()} / events {summary.events}")
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def _readable(
    inputs: Iterable[str],
    published: str | None,
    store: Any,
    summary: Summary,
    report: Report,
    advance: Callable[[], None],
) -> Iterator[Article]:
    """Articles to analyse: read, stored, and in a language the extractor reads."""
    from .pipeline import is_extractable

    for item in _read(inputs, published, summary, report, advance):
        if store is not None:
            _store_article(store, item, summary, report)
        if not is_extractable(item):
            summary.skipped += 1
            note = UnsupportedLanguage(
                f"language {item.language!r}: stored, not extracted", origin=item.origin
            )
            report(note.one_line())
            continue
        yield item


def _read(
    inputs: Iterable[str],
    published: str | None,
    summary: Summary,
    report: Report,
    advance: Callable[[], None],
) -> Iterator[Article]:
    """The articles read: failures counted and reported, warnings reported, the rest counted."""
    for item in read_inputs(inputs, published):
        advance()
        if _failed(item, summary, report):
            continue
        _note_warnings(item, report)
        summary.read += 1
        yield item


def _store_article(store: Any, article: Article, summary: Summary, report: Report) -> None:
    try:
        status = store.add_article(article)
    except FrontlinesError as exc:
        summary.failed += 1
        report(exc.one_line())
        return
    if status == "new":
        summary.new += 1
    else:
        summary.duplicate += 1
        stored = store.stored_id(article)
        if stored and stored != article.id:
            report(f"{article.origin}: same story as stored article {stored}; kept once")


def _store_events(store: Any, article: Article, report: Report) -> None:
    """Replace the article's stored events, unless its story is stored under another id."""
    if store is None or store.stored_id(article) != article.id:
        return
    try:
        store.replace_events(article.id, article.events)
    except FrontlinesError as exc:
        report(exc.one_line())


def _failed(item: Article | InputError, summary: Summary, report: Report) -> bool:
    if isinstance(item, InputError):
        summary.failed += 1
        report(item.one_line())
        return True
    return False


def _note_warnings(article: Article, report: Report) -> None:
    for warning in article.warnings:
        report(f"{article.origin}: warning: {warning}")


def _languages() -> list[str]:
    return list(config.get("ingest", "languages"))


@contextmanager
def _progress(label: str) -> Iterator[Callable[[], None]]:
    """A counter on stderr while articles are read; nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn(f"{label}: articles"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,  # stdout carries the events; only stderr notes go above the bar
    ) as progress:
        task = progress.add_task(label, total=None)
        yield lambda: progress.advance(task)


# writers --------------------------------------------------------------------


class _JsonlWriter:
    def __init__(self, out: TextIO):
        self.out = out

    def write(self, event: Event) -> None:
        self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class _CsvWriter:
    """One row per event, ACLED's column names; evidence and sources as JSON text."""

    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=EVENT_FIELDS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, event: Event) -> None:
        row = event.to_dict()
        for name in ("evidence", "sources"):
            row[name] = json.dumps(row[name], ensure_ascii=False)
        self.writer.writerow(row)

    def close(self) -> None:
        self.out.flush()


class _GeoJsonWriter(FeatureStream):
    """Per-article events as an RFC 7946 FeatureCollection, coordinates as the geocoder gave them."""

    def write(self, event: Event) -> None:
        self.add(event_feature(event))


_WRITERS: dict[str, Callable[[TextIO], Any]] = {
    "jsonl": _JsonlWriter,
    "csv": _CsvWriter,
    "geojson": _GeoJsonWriter,
}
