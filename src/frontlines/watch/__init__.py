"""``frontlines watch``: news feeds polled, each new article stored, extracted and fused as it comes.

    frontlines watch --db frontlines.db feeds.opml            # every [watch] interval, until Ctrl-C
    frontlines watch --db frontlines.db --once https://example.org/rss.xml   # one pass (cron)

Modules: :mod:`.feeds` (lists, OPML, feedparser), :mod:`.fetch` (one polite
HTTP client), :mod:`.state` (the tables that let a restart continue),
:mod:`.intake` (one article into the store), :mod:`.run` (the pass and the loop).
"""

from __future__ import annotations

from pathlib import Path

from .fetch import WatchSettings
from .run import PassSummary, Report, Watcher

EXIT_OK, EXIT_PARTIAL = 0, 1


def watch(sources: list[str], db: str | Path | None = None, *, once: bool = False, interval: float | None = None,
          settings: WatchSettings | None = None, report: Report | None = None) -> int:
    """Watch ``sources`` into the store ``db``: one pass (``once``; exit status 1 if anything
    failed) or passes every ``interval`` seconds until interrupted."""
    watcher = Watcher(sources, db, interval=interval, settings=settings, report=report)
    if once:
        summary = watcher.run_once()
        watcher.report(summary.one_line())
        return EXIT_PARTIAL if summary.failed else EXIT_OK
    try:
        watcher.run_forever()
    except KeyboardInterrupt:
        watcher.stop()
    return EXIT_OK


__all__ = ["PassSummary", "WatchSettings", "Watcher", "watch"]
