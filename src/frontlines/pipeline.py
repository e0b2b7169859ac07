"""The pipeline in one place.

An article goes through these stages, each a function over the shared
:class:`~frontlines.models.Article` that fills some of its fields:

1. ingest  (``frontlines.ingest``)   read, decode, clean, date and identify the language
2. nlp     (``frontlines.nlp``)      sentences; spaCy analysis of sentences that may hold events
3. geo     (``frontlines.geo``)      place mentions resolved against the gazetteer
4. events  (``frontlines.events``)   ACLED-style events with evidence, merged within the article
5. store   (``frontlines.store``)    articles and events kept once in SQLite
6. fusion  (``frontlines.fusion``)   events merged across articles; district control timelines
7. export  (``frontlines.export``)   jsonl / csv / geojson / ACLED csv / map

Stages 2-4 are pure per article and run in worker processes for speed
(``frontlines.workers``: they end with their parent, and a worker that dies
is found out article by article); a failure in one article is caught at the
stage boundary and comes back as a :class:`Failure` naming the stage, and the
batch goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import config
from .models import Article, Event

log = logging.getLogger(__name__)


@dataclass
class Failure:
    """An article that could not be analysed; the batch goes on without it."""

    article_id: str
    origin: str
    message: str
    stage: str = "events"  # nlp | geo | events, or worker (its process died): errors.STAGE_ERRORS


def analyse(article: Article) -> Article:
    """Stages 2-4 on one article: fills sentences, places and events."""
    from .events import extract_events, may_hold_event
    from .geo import locate, needs_entities
    from .nlp.annotate import annotate

    if not is_extractable(article):
        return article
    annotate(article, select=may_hold_event, entities=needs_entities)
    locate(article)
    extract_events(article)
    return article


def is_extractable(article: Article) -> bool:
    """Only languages the extractor reads; the others are stored and noted."""
    languages = config.get("ingest", "languages")
    return not article.language or article.language in languages


def _analyse_batch(batch: list[Article]) -> list[Article | Failure]:
    """Stages 2-4 over a batch; one article's failure never stops the others.

    spaCy is called once for the sentences of the whole batch: per-article
    calls cost about a fifth more CPU on press releases (``frontlines bench``).
    """
    from .events import extract_events, may_hold_event
    from .geo import locate, needs_entities
    from .nlp.annotate import annotate, annotate_many

    extractable = [article for article in batch if is_extractable(article)]
    try:
        annotate_many(extractable, select=may_hold_event, entities=needs_entities)
        annotated = True
    except Exception:  # noqa: BLE001 - retried article by article below
        log.debug("batch annotation failed; annotating article by article", exc_info=True)
        annotated = False
    results: list[Article | Failure] = []
    for article in batch:
        stage = "nlp"
        try:
            if is_extractable(article):
                if not annotated:
                    annotate(article, select=may_hold_event, entities=needs_entities)
                stage = "geo"
                locate(article)
                stage = "events"
                extract_events(article)
        except Exception as exc:  # noqa: BLE001 - stage boundary: one article never stops the batch
            log.debug("analysis failed in stage %s", stage, exc_info=True)
            results.append(Failure(article.id, article.origin, f"{type(exc).__name__}: {exc}", stage))
            continue
        finally:
            article.sentences = []  # spaCy objects stay in the worker
        results.append(article)
    return results


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def worker_count(requested: int | None = None) -> int:
    workers = requested if requested is not None else config.get("pipeline", "workers")
    return workers if workers and workers > 0 else max(1, os.cpu_count() or 1)


def analyse_many(
    articles: Iterable[Article], workers: int | None = None, batch_size: int | None = None
) -> Iterator[Article | Failure]:
    """Stages 2-4 over many articles, in input order, using ``workers`` processes."""
    workers = worker_count(workers)
    size = batch_size or config.get("pipeline", "batch_size")
    if workers == 1:
        for batch in _batches(articles, size):
            yield from _analyse_batch(batch)
        return
    # Workers are forked after the parent has loaded nothing heavy; each loads
    # the model and gazetteer once, on its first batch.
    from .workers import analyse_in_workers

    yield from analyse_in_workers(_batches(articles, size), workers, _analyse_batch)


def extract(
    text_or_html: str,
    published: str | None = None,
    *,
    doc_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> list[Event]:
    """Events of one article given as plain text or HTML (the Python API of ``extract``)."""
    from .ingest import article_from_string

    article = article_from_string(
        text_or_html, published=published, doc_id=doc_id, source=source, url=url, title=title
    )
    analyse(article)
    return article.events
