"""The functions behind ``frontlines ingest``, ``clean`` and ``extract``.

Each takes the command's options as arguments, reports problems through
``report`` (one line each: the CLI prints them on stderr) and never stops a
batch for one bad input or one internal error (``frontlines.failures``: the
input, the stage and a code on one line; ``strict`` stops at the first
failure instead). ``extract_to`` is the whole pipeline:

1. read     ``ingest.read_inputs``: decode, clean, date, language
2. store    ``store.Store.add_article``: each article once
3. analyse  ``pipeline.analyse_many``: sentences, places, events (worker processes)
4. store    ``store.Store.replace_events``: an article's events replace its earlier ones
5. write    one event a line (jsonl), csv, or a GeoJSON FeatureCollection
6. fuse     ``fusion.service.update``: the new events join the store's incidents

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
from .errors import FrontlinesError, InputError, Stopped, UnsupportedLanguage
from .export.formats import FeatureStream, event_feature
from .failures import Failures, contain
from .ingest import read_inputs
from .models import EVENT_FIELDS, Article, Event
from .undated import UndatedArticles

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
    failed: int = 0  # articles that failed (to read, store or analyse)
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
    strict: bool = False,
) -> Summary:
    """Store the articles of ``inputs`` once each; count read / new / duplicate / failed."""
    from .store import Store

    summary, failures = Summary(), Failures(report, strict)
    undated = UndatedArticles(events=False)
    with Store.open(db) as store, _progress("ingest") as advance:
        for item in _read(read_inputs(inputs, published), summary, failures, advance):
            if _store_article(store, item, summary, failures):
                undated.add(item)
    for line in undated.lines():
        report(line)
    return summary


# clean ----------------------------------------------------------------------


def clean(
    inputs: Iterable[str],
    published: str | None = None,
    out: TextIO = sys.stdout,
    report: Report = _quiet,
    strict: bool = False,
) -> int:
    """Print each article's detected metadata and cleaned text (for inspection)."""
    summary, failures = Summary(), Failures(report, strict)
    first = True
    for item in read_inputs(inputs, published):
        if _failed(item, summary, failures):
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
            elif key == "published" and item.undated:
                value = f"- ({item.undated})"
            if key != "published_from":
                out.write(f"{key}: {value if value is not None else '-'}\n")
        out.write(f"content_hash: {item.content_hash[:16]}\n")
        for warning in item.warnings:
            out.write(f"warning: {warning}\n")
        out.write("---\n")
        out.write(item.text.rstrip("\n") + "\n")
    return EXIT_PARTIAL if failures.count else EXIT_OK


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
    strict: bool = False,
) -> int:
    """Read, store, analyse and write the events of ``inputs``; the exit status.

    With ``strict`` the first failure stops the run (raised as :class:`~frontlines.errors.Stopped`),
    after the events stored so far are fused.
    """
    if fmt not in FORMATS:
        raise FrontlinesError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    from .pipeline import analyse_many

    return settle(
        read_inputs(inputs, published),
        lambda articles: analyse_many(articles, workers=workers),
        _WRITERS[fmt](out),
        db=db, store=store, failures=Failures(report, strict), report=report,
    )


def settle(
    items: Iterable[Article | InputError],
    analyse: Callable[[Iterator[Article]], Iterator[Any]],
    writer: Any,
    *,
    db: str | None,
    store: bool,
    failures: Failures,
    report: Report,
) -> int:
    """Stages 2-6 of ``extract`` over articles read (or inputs that failed): the exit status.

    ``analyse`` gives an Article with its events or a ``pipeline.Failure`` for each article it
    is given, in order: ``analyse_many`` here, the events a Dask cluster wrote for
    ``--engine dask`` (``frontlines.cluster``), so both runs store, fuse and report alike.
    """
    from .errors import stage_error
    from .pipeline import Failure

    summary = Summary()
    undated = UndatedArticles()
    stopped: Stopped | None = None
    with ExitStack() as stack:
        opened = None
        analysed: dict[str, str] = {}  # id -> origin of articles whose events were stored: fused below
        if store:
            from .store import Store

            opened = stack.enter_context(Store.open(db))
        advance = stack.enter_context(_progress("extract"))
        readable = _readable(items, opened, summary, failures, advance)
        try:
            for result in analyse(readable):
                if isinstance(result, Failure):
                    summary.failed += 1
                    failures.add(stage_error(result.stage, result.message, origin=result.origin))
                    continue
                if not _store_events(opened, result, failures):
                    summary.failed += 1
                    continue
                analysed[result.id] = result.origin
                undated.add(result)
                for event in result.events:
                    try:
                        writer.write(event)
                    except Exception as exc:  # noqa: BLE001 - stage boundary (export): one event
                        contain(failures.add, "export", exc, f"{result.origin}: event {event.event_id}")
                        continue
                    summary.events += 1
        except Stopped as exc:  # --strict: what was stored is still fused below
            stopped = exc
        writer.close()
        # stage 6, fusion (frontlines.fusion): the new events join the store's
        # cross-article incidents and district control timelines
        if opened is not None and analysed:
            _fuse(opened, analysed, failures, report)
    for line in undated.lines():
        report(line)
    if stopped is not None:
        raise stopped
    if summary.skipped:
        report(f"{summary.skipped} article(s) not in {', '.join(_languages())}: stored, not extracted")
    report(f"{summary.one_line()} / events {summary.events}")
    return EXIT_PARTIAL if failures.count else EXIT_OK


def _fuse(store: Any, analysed: dict[str, str], failures: Failures, report: Report) -> None:
    """Fuse the stored events of ``analysed``; a group that fails is reported, the rest stored.

    Should fusion fail outside any one group (gathering, clustering), the batch is fused
    again article by article, so only the article that makes it fail is left out.
    """
    from .fusion.service import update, update_in_turns

    try:
        # in chunks, each one write transaction (see update_in_turns): another process writing
        # to the same store gets its turn, and a kill leaves every chunk whole or absent
        report(update_in_turns(store, list(analysed), on_error=failures.add).one_line())
        return
    except Stopped:
        raise
    except Exception as exc:  # noqa: BLE001 - stage boundary (fusion), retried per article below
        if len(analysed) == 1:
            contain(failures.add, "fusion", exc, next(iter(analysed.values())))
            return
    for doc_id, origin in analysed.items():
        try:
            update(store, [doc_id], on_error=failures.add)
        except Stopped:
            raise
        except Exception as exc:  # noqa: BLE001 - stage boundary (fusion): one article
            contain(failures.add, "fusion", exc, origin)
    report(f"fusion: {len(analysed)} article(s) fused one by one")


def _readable(
    items: Iterable[Article | InputError],
    store: Any,
    summary: Summary,
    failures: Failures,
    advance: Callable[[], None],
) -> Iterator[Article]:
    """Articles to analyse: read, stored, and in a language the extractor reads."""
    from .pipeline import is_extractable

    for item in _read(items, summary, failures, advance):
        if store is not None and not _store_article(store, item, summary, failures):
            continue
        if not is_extractable(item):
            summary.skipped += 1
            note = UnsupportedLanguage(
                f"language {item.language!r}: stored, not extracted", origin=item.origin
            )
            failures.report(note.one_line())
            continue
        yield item


def _read(
    items: Iterable[Article | InputError],
    summary: Summary,
    failures: Failures,
    advance: Callable[[], None],
) -> Iterator[Article]:
    """The articles read: failures counted and reported, warnings reported, the rest counted."""
    for item in items:
        advance()
        if _failed(item, summary, failures):
            continue
        _note_warnings(item, failures.report)
        summary.read += 1
        yield item


def _store_article(store: Any, article: Article, summary: Summary, failures: Failures) -> bool:
    """Store ``article`` once; False (reported, counted) when it cannot be stored."""
    try:
        status = store.add_article(article)
        stored = store.stored_id(article) if status != "new" else article.id
    except Exception as exc:  # noqa: BLE001 - stage boundary (store): one article never stops the batch
        summary.failed += 1
        _store_failed(failures, exc, article)
        return False
    if status == "new":
        summary.new += 1
    else:
        summary.duplicate += 1
        if stored and stored != article.id:
            failures.report(f"{article.origin}: same story as stored article {stored}; kept once")
    return True


def _store_events(store: Any, article: Article, failures: Failures) -> bool:
    """Replace the article's stored events, unless its story is stored under another id.

    False (reported) when they cannot be stored."""
    if store is None:
        return True
    try:
        if store.stored_id(article) == article.id:
            store.replace_events(article.id, article.events)
    except Exception as exc:  # noqa: BLE001 - stage boundary (store): one article never stops the batch
        _store_failed(failures, exc, article)
        return False
    return True


def _store_failed(failures: Failures, exc: Exception, article: Article) -> None:
    if isinstance(exc, FrontlinesError):  # a typed error of the store: its own code
        exc.origin = exc.origin or article.origin
        failures.add(exc)
    else:
        contain(failures.add, "store", exc, article.origin)


def _failed(item: Article | InputError, summary: Summary, failures: Failures) -> bool:
    if isinstance(item, InputError):
        summary.failed += 1
        failures.add(item)
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


class NoWriter:
    """The writer of a run whose events are written elsewhere (``--engine dask``: Parquet)."""

    def write(self, event: Event) -> None:
        pass

    def close(self) -> None:
        pass


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
