"""What runs on a Dask worker: the models loaded once, and one shard's extraction.

:class:`LoadModels` is a Dask worker plugin: each worker process loads spaCy, the
gazetteer and the event models when it starts (and again only if it is restarted),
by analysing one short article; they stay in the process's caches
(``functools.cache`` in ``nlp.model``, ``geo.gazetteer``, ``events.learned``) for every
task after. :func:`run_shard` is the task: it reads a shard, runs stages 2-4 with the
single-process code (``pipeline._analyse_batch``, in batches of ``[pipeline]
batch_size``) and writes the shard's Parquet files (``cluster.parquet``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from .. import config
from ..errors import InputError
from ..models import Article
from ..pipeline import Failure, _analyse_batch, is_extractable
from .parquet import event_row, finished, write_shard
from .shards import Shard, read_shard

log = logging.getLogger(__name__)

# An article that takes every model: spaCy's parse and entities, the gazetteer, the event rules.
WARM_UP = (
    "KABUL, Afghanistan (July 3, 2021) - Taliban fighters attacked a police checkpoint in "
    "Nad Ali district of Helmand province on Friday, killing three policemen, officials said."
)


_LOADING = threading.Lock()
_LOADED = threading.Event()


def warm() -> None:
    """Load the models into this process by analysing :data:`WARM_UP`, once.

    A worker that joins a running cluster (a restart after a kill) may be given a task
    while the plugin still loads in its thread: the task waits here instead of loading
    the same models beside it.
    """
    if _LOADED.is_set():
        return
    with _LOADING:
        if _LOADED.is_set():
            return
        from ..ingest import article_from_string

        started = time.perf_counter()
        _analyse_batch([article_from_string(WARM_UP, published="2021-07-03")])
        log.debug("models loaded in %.1f s", time.perf_counter() - started)
        _LOADED.set()


class LoadModels(WorkerPlugin):
    """Loads the models once per worker process, when the worker starts."""

    name = "frontlines-load-models"

    async def setup(self, worker: Any) -> None:
        try:  # in a thread: the worker's event loop keeps answering the scheduler meanwhile
            await asyncio.to_thread(warm)
        except Exception:  # noqa: BLE001 - the shard's articles then fail one by one, each reported
            log.warning("frontlines: loading the models failed on %s", worker.address, exc_info=True)


def run_shard(shard: Shard, out: str, published: str | None) -> dict[str, Any]:
    """Extract one shard and write its output; the shard's record (``cluster.parquet``).

    A shard already written (a rerun, or a second try of a task whose worker died after
    writing) is not done again.
    """
    root = Path(out)
    done = finished(root, shard.key)
    if done is not None:
        return done
    warm()
    wall, cpu = time.perf_counter(), time.process_time()
    items = list(read_shard(shard, published))
    outcomes = _analyse(items)
    articles, events = [], []
    for position, item in enumerate(items):
        if isinstance(item, InputError):
            articles.append(_error_row(position, item))
            continue
        result = outcomes.get(position)
        articles.append(_article_row(position, item, result))
        if isinstance(result, Article):
            events += [event_row(e, n, position, item.content_hash, shard.key) for n, e in enumerate(result.events)]
    record = {
        "origin": shard.origin,
        "inputs": len(items),
        "articles": sum(1 for a in articles if a["status"] != "unreadable"),
        "events": len(events),
        "failed": sum(1 for a in articles if a["status"] in ("failed", "unreadable")),
        "words": sum(len(a.text.split()) for a in items if isinstance(a, Article)),
        "seconds": round(time.perf_counter() - wall, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "host": socket.gethostname(),
        "pid": os.getpid(),
    }
    return write_shard(root, shard.key, articles, events, record)


def _analyse(items: list[Article | InputError]) -> dict[int, Article | Failure]:
    """Stages 2-4 over the extractable articles of ``items``, by their place in ``items``."""
    extractable = [(n, a) for n, a in enumerate(items) if isinstance(a, Article) and is_extractable(a)]
    size = config.get("pipeline", "batch_size")
    outcomes: dict[int, Article | Failure] = {}
    for start in range(0, len(extractable), size):
        batch = extractable[start : start + size]
        results = _analyse_batch([article for _, article in batch])
        outcomes.update((n, result) for (n, _), result in zip(batch, results, strict=True))
    return outcomes


def _article_row(position: int, article: Article, result: Article | Failure | None) -> dict[str, Any]:
    import json

    row = {name: getattr(article, name) for name in (
        "id", "content_hash", "title", "source", "url", "published", "published_from", "undated",
        "language", "origin", "focus_country", "text", "raw",
    )}
    row.update(position=position, warnings=json.dumps(article.warnings, ensure_ascii=False))
    if result is None:
        row["status"] = "skipped"
    elif isinstance(result, Failure):
        row.update(status="failed", error_stage=result.stage, error=result.message)
    else:
        row["status"] = "extracted"
    return row


def _error_row(position: int, error: InputError) -> dict[str, Any]:
    return {
        "position": position, "origin": error.origin, "status": "unreadable",
        "error_class": type(error).__name__, "error_code": error.code, "error": error.message,
    }
