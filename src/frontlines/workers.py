"""Worker processes of the analysis stages: they end with their parent, and none dies silently.

* **They end with their parent, ``kill -9`` included.** A worker asks Linux to
  send it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``) and also
  runs a watchdog thread that exits when its parent process is gone (its
  parent pid changes to the reaper's). Both are hand-written because neither
  ``multiprocessing`` nor ``concurrent.futures`` offers it, and the PyPI
  bindings of prctl (python-prctl) build against libcap headers for one call
  that ``ctypes`` makes from the C library already loaded. The watchdog covers
  what the signal does not: other POSIX systems, and Linux's rule that the
  signal follows the *thread* that forked the worker (a pool created by a
  thread that ends before the process would lose its workers early - here the
  pool lives and dies inside :func:`analyse_in_workers`, in the thread that
  iterates it).
* **A worker that dies loses nothing silently.** When a worker dies (killed,
  out of memory, a crash in native code) every batch in flight fails with
  ``BrokenProcessPool``; those batches are analysed again article by article
  in a fresh one-worker pool, so an article that kills its worker again is the
  one reported (a :class:`~frontlines.pipeline.Failure` of stage "worker",
  ``E809``) and every other article of the batch comes back; then a new pool
  takes the rest of the input.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .models import Article
from .pipeline import Failure

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_WATCH_INTERVAL_S = 0.5  # how soon an orphaned worker notices (the signal is immediate on Linux)

Result = Article | Failure
Analyse = Callable[[list[Article]], list[Result]]


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this process as soon as ``parent`` is gone (see module doc)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no C library symbol: the watchdog alone
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable", exc_info=True)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="frontlines-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_INTERVAL_S)
    os._exit(1)  # no cleanup: the parent holds the store, the worker holds nothing to save


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),))


def _died(article: Article, exc: BaseException) -> Failure:
    if isinstance(exc, BrokenProcessPool):
        message = "the worker process analysing it died (killed, out of memory or crashed)"
    else:
        message = f"the worker could not return its result ({type(exc).__name__}: {exc})"
    return Failure(article.id, article.origin, message, stage="worker")


def _one_by_one(articles: list[Article], analyse: Analyse) -> Iterator[Result]:
    """Each article alone in a one-worker pool; a new pool after each death."""
    pool = _pool(1)
    try:
        for article in articles:
            try:
                yield from pool.submit(analyse, [article]).result()
            except BrokenProcessPool as exc:
                yield _died(article, exc)
                pool.shutdown(wait=True)
                pool = _pool(1)
            except Exception as exc:  # noqa: BLE001 - the article's result could not come back
                yield _died(article, exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def analyse_in_workers(batches: Iterable[list[Article]], workers: int, analyse: Analyse) -> Iterator[Result]:
    """``analyse`` over ``batches`` in ``workers`` processes; results in input order.

    At most two batches per worker are in flight, so a huge input is streamed, not read whole.
    """
    in_flight: deque[tuple[list[Article], Future[list[Result]]]] = deque()
    pool = _pool(workers)

    def settle_first() -> Iterator[Result]:
        nonlocal pool
        batch, future = in_flight.popleft()
        try:
            yield from future.result()
            return
        except BrokenProcessPool:
            retry = [*batch, *(a for b, _ in in_flight for a in b)]
            in_flight.clear()
            log.debug("a worker process died; %d article(s) in flight analysed again one by one", len(retry))
            pool.shutdown(wait=True)
            pool = _pool(workers)
        except Exception:  # noqa: BLE001 - a batch whose results could not come back
            log.debug("a batch failed in its worker", exc_info=True)
            retry = batch
        yield from _one_by_one(retry, analyse)

    try:
        for batch in batches:
            try:
                future = pool.submit(analyse, batch)
            except BrokenProcessPool:
                # a worker died before its batch was settled: the batches in flight are analysed
                # again (settle_first renews the pool), then this one goes to the new pool
                renewed = bool(in_flight)
                while in_flight:
                    yield from settle_first()
                if not renewed:
                    pool.shutdown(wait=True)
                    pool = _pool(workers)
                future = pool.submit(analyse, batch)
            in_flight.append((batch, future))
            if len(in_flight) >= 2 * workers:
                yield from settle_first()
        while in_flight:
            yield from settle_first()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
