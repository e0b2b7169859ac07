"""The watcher's pass over its feeds, and its loop.

One pass:

1. lists   expand the arguments: OPML files and URLs to their feeds, files of URLs
2. feeds   poll every feed (conditional requests, in worker threads) and record
           its new items as pending, with the feed's validators (``state``)
3. pages   fetch every pending item's page (worker threads; robots.txt, per-host
           limits, retries: ``fetch``), and as each arrives, in this thread:
4. intake  read it as an article (``ingest``), store it once, extract and fuse its
           events (``intake``), and record the item's outcome and its events'
           latency (``state``)

Failures are reported one line each, naming the URL; the pass goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import FeedError, FetchError, FrontlinesError, InputError, RobotsDisallowed
from ..store import Store
from . import state
from .feeds import is_url, local_list, looks_like_opml, opml_feeds, parse_feed
from .fetch import Fetched, Fetcher, WatchSettings

log = logging.getLogger(__name__)
Report = Callable[[str], None]


@dataclass
class PassSummary:
    feeds: int = 0
    not_modified: int = 0
    items: int = 0  # new items seen in the feeds
    fetched: int = 0  # pages fetched
    stored: int = 0  # new articles
    duplicates: int = 0
    events: int = 0
    failed: int = 0  # feeds and pages that failed (reported)
    disallowed: int = 0

    def one_line(self) -> str:
        return (
            f"watch: {self.feeds} feed(s) ({self.not_modified} not modified), {self.items} new item(s); "
            f"{self.fetched} page(s) fetched: {self.stored} new article(s), {self.duplicates} duplicate(s), "
            f"{self.events} event(s); {self.disallowed} disallowed by robots.txt, {self.failed} failed"
        )


class Watcher:
    """Watch ``sources`` (feed URLs, OPML files or URLs, files of URLs) into the store ``db``."""

    def __init__(self, sources: list[str], db: str | Path | None = None, *, interval: float | None = None,
                 settings: WatchSettings | None = None, report: Report | None = None):
        self.sources = list(sources)
        self.db = db
        self.settings = settings or WatchSettings.from_config()
        if interval is not None:
            self.settings = replace(self.settings, interval=float(interval))
        self.report = report or (lambda line: log.warning("%s", line))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # one pass -----------------------------------------------------------------

    def run_once(self) -> PassSummary:
        summary = PassSummary()
        fetcher = Fetcher(self.settings, sleep=self._sleep)
        try:
            with Store.open(self.db) as store, ThreadPoolExecutor(self.settings.concurrency) as pool:
                from ..fusion.service import ensure_schema

                ensure_schema(store)
                state.ensure(store)
                self._poll(store, fetcher, pool, summary)
                self._pages(store, fetcher, pool, summary)
        finally:
            fetcher.close()
        return summary

    def _sleep(self, seconds: float) -> None:
        self._stop.wait(seconds)  # a stop request cuts a pause short

    def _poll(self, store: Store, fetcher: Fetcher, pool: ThreadPoolExecutor, summary: PassSummary) -> None:
        urls: list[str] = []
        for source in self.sources:
            if is_url(source):
                urls.append(source)
                continue
            try:
                urls.extend(local_list(Path(source)))
            except FeedError as exc:
                summary.failed += 1
                self.report(exc.one_line())
        polled: set[str] = set()
        while urls:
            batch = [u for u in dict.fromkeys(urls) if u not in polled]
            polled.update(batch)
            urls = []
            futures: dict[Future[Fetched], str] = {}
            for url in batch:
                etag, modified = state.validators(store, url)
                futures[pool.submit(fetcher.get, url, etag=etag, last_modified=modified)] = url
            for future in as_completed(futures):
                url = futures[future]
                try:
                    fetched = future.result()
                    if fetched.status != 304 and looks_like_opml(fetched.content):
                        urls.extend(opml_feeds(fetched.content, url))  # a list of feeds, polled next
                        continue
                    summary.feeds += 1
                    if fetched.status == 304:
                        summary.not_modified += 1
                        state.record_feed(store, url, None, fetched.etag, fetched.last_modified, "not modified")
                        continue
                    feed = parse_feed(fetched.content, url)
                    if feed.warning:
                        self.report(f"{url}: warning: {feed.warning}")
                    summary.items += state.record_feed(store, url, feed.title, fetched.etag,
                                                       fetched.last_modified, "ok", feed.items)
                except FetchError as exc:  # FeedError and RobotsDisallowed too
                    summary.failed += 1
                    self.report(exc.one_line())
                    state.record_feed(store, url, None, None, None, f"failed: {exc.message}"[:300])

    def _pages(self, store: Store, fetcher: Fetcher, pool: ThreadPoolExecutor, summary: PassSummary) -> None:
        items = state.due(store, self.settings.max_attempts)
        futures = {pool.submit(fetcher.get, item.link): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            if self._stop.is_set():
                break  # the rest stay pending for the next pass
            try:
                fetched = future.result()
            except RobotsDisallowed as exc:
                summary.disallowed += 1
                self.report(exc.one_line())
                state.fail(store, item, "disallowed", exc.message)
                continue
            except FetchError as exc:
                summary.failed += 1
                tries = item.attempts + 1
                final = tries >= self.settings.max_attempts
                self.report(exc.one_line() + (f" (pass {tries} of {self.settings.max_attempts})" if not final
                                              else " (given up)"))
                state.fail(store, item, "failed", exc.message)
                continue
            summary.fetched += 1
            self._intake(store, item, fetched, summary)

    def _intake(self, store: Store, item: state.Due, fetched: Fetched, summary: PassSummary) -> None:
        from ..ingest import article_from_string
        from ..ingest.decode import check_size, decode_bytes
        from .feeds import normalise_url
        from .intake import add_article

        origin = item.link
        try:
            check_size(len(fetched.content), origin)
            decoded = decode_bytes(fetched.content, origin)
            article = article_from_string(
                decoded.text, published=item.published[:10] if item.published else None,
                doc_id=article_id(item.url), source=item.source, url=fetched.url, title=item.title,
            )
            article.origin = origin
        except InputError as exc:
            exc.origin = origin
            summary.failed += 1
            self.report(exc.one_line())
            state.fail(store, item, "rejected", exc.message)
            return
        try:
            outcome = add_article(store, article, redo=True)
        except FrontlinesError as exc:
            summary.failed += 1
            self.report(f"{origin}: {exc.message} [{exc.code}]")
            state.fail(store, item, "failed", exc.message)
            return
        if outcome.stored_as != article.id:
            summary.duplicates += 1
            self.report(f"{origin}: same story as stored article {outcome.stored_as} "
                        f"({normalise_url(fetched.url)}); kept once")
            state.finish(store, item, "duplicate", outcome.stored_as, [], outcome.note)
            return
        summary.stored += outcome.status == "new"
        summary.events += len(outcome.events)
        if outcome.note:
            self.report(f"{origin}: {outcome.note}")
        state.finish(store, item, "stored", article.id, outcome.events, outcome.note)

    # the loop -------------------------------------------------------------------

    def run_forever(self) -> None:
        """Passes every ``interval`` seconds until :meth:`stop`; a failed pass is reported, not fatal."""
        while not self._stop.is_set():
            try:
                self.report(self.run_once().one_line())
            except FrontlinesError as exc:
                self.report(f"watch: pass failed: {exc.one_line()}")
            except Exception:  # noqa: BLE001 - the watcher thread of a server must outlive one bad pass
                log.exception("watch: pass failed")
            self._stop.wait(self.settings.interval)

    def start_thread(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.run_forever, name="frontlines-watch", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def article_id(url: str) -> str:
    """A watched article's id: stable for its normalised link (so a restart finds it again)."""
    import hashlib

    return "w-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
