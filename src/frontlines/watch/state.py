"""The watcher's tables: where each feed and item stands, so a restart continues where it stopped.

- ``watch_feeds``: each feed polled, its ETag / Last-Modified for the next
  conditional request, when it was last checked and how.
- ``watch_items``: each item by its normalised link, with its state:
  ``pending`` (seen, page not yet stored), ``stored``, ``duplicate`` (the
  same story as a stored article), ``failed`` (tried again on later passes up
  to ``[watch] max_attempts``), ``disallowed`` (robots.txt), ``rejected``
  (not an article: binary, empty, too large).
- ``watch_latency``: for every event of a watched article, the time from the
  feed item's publication (and from the watcher first seeing it) to the
  event being stored.

How a kill -9 at any moment loses nothing and stores nothing twice: a feed's
new items and its validators are written in one transaction, so a feed is
either read with all its items pending or will be read again; an item leaves
``pending`` only in the transaction that records its outcome, after its
article and events are committed; and storing an article, its events and
their fusion are idempotent (``watch.intake``), so an item found pending
again is simply done again, to the same result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..store import Store
from .feeds import Item

SCHEMA = [
    # step 1
    """
    CREATE TABLE watch_feeds (
        url           TEXT PRIMARY KEY,
        title         TEXT,
        etag          TEXT,
        last_modified TEXT,
        last_checked  TEXT,
        last_status   TEXT,
        items         INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE watch_items (
        url        TEXT PRIMARY KEY,
        link       TEXT NOT NULL,
        feed_url   TEXT NOT NULL,
        title      TEXT,
        source     TEXT,
        published  TEXT,
        first_seen TEXT NOT NULL,
        status     TEXT NOT NULL DEFAULT 'pending',
        attempts   INTEGER NOT NULL DEFAULT 0,
        doc_id     TEXT,
        last_error TEXT,
        done_at    TEXT
    );
    CREATE INDEX watch_items_status ON watch_items (status);
    CREATE TABLE watch_latency (
        event_id       TEXT PRIMARY KEY,
        doc_id         TEXT NOT NULL,
        item_url       TEXT NOT NULL,
        item_published TEXT,
        first_seen     TEXT NOT NULL,
        stored_at      TEXT NOT NULL,
        latency_s      REAL,
        seen_latency_s REAL
    );
    CREATE INDEX watch_latency_doc ON watch_latency (doc_id);
    """,
]

FINAL = ("stored", "duplicate", "disallowed", "rejected")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


def ensure(store: Store) -> None:
    if store.schema_version("watch") < len(SCHEMA):
        store.apply_schema("watch", SCHEMA)


@dataclass
class Due:
    """An item whose page is to be fetched."""

    url: str
    link: str
    title: str | None
    source: str | None
    published: str | None
    first_seen: str
    attempts: int


def validators(store: Store, url: str) -> tuple[str | None, str | None]:
    row = store.connection.execute("SELECT etag, last_modified FROM watch_feeds WHERE url = ?", (url,)).fetchone()
    return (row["etag"], row["last_modified"]) if row else (None, None)


def record_feed(store: Store, url: str, title: str | None, etag: str | None, last_modified: str | None,
                status: str, items: Iterable[Item] = ()) -> int:
    """The feed's new items (pending) and its validators, in one transaction; how many items are new."""
    seen = iso(now())
    new = 0
    with store.transaction() as db:
        for item in items:
            cursor = db.execute(
                "INSERT INTO watch_items (url, link, feed_url, title, source, published, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                (item.url, item.link, item.feed_url, item.title, item.source, iso(item.published), seen),
            )
            new += cursor.rowcount
        db.execute(
            "INSERT INTO watch_feeds (url, title, etag, last_modified, last_checked, last_status, items) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "title = coalesce(excluded.title, watch_feeds.title), "
            "etag = CASE WHEN excluded.last_status = 'ok' THEN excluded.etag ELSE watch_feeds.etag END, "
            "last_modified = CASE WHEN excluded.last_status = 'ok' THEN excluded.last_modified "
            "ELSE watch_feeds.last_modified END, "
            "last_checked = excluded.last_checked, last_status = excluded.last_status, "
            "items = watch_feeds.items + excluded.items",
            (url, title, etag, last_modified, seen, status, new),
        )
    return new


def due(store: Store, max_attempts: int) -> list[Due]:
    """Items to fetch: pending ones, and failed ones not yet tried ``max_attempts`` times."""
    rows = store.connection.execute(
        "SELECT * FROM watch_items WHERE status = 'pending' OR (status = 'failed' AND attempts < ?) "
        "ORDER BY first_seen, rowid",
        (max_attempts,),
    )
    return [Due(r["url"], r["link"], r["title"], r["source"], r["published"], r["first_seen"], r["attempts"])
            for r in rows]


def fail(store: Store, item: Due, status: str, error: str) -> None:
    """``failed`` (tried again later) or a final ``disallowed`` / ``rejected``."""
    with store.transaction() as db:
        db.execute(
            "UPDATE watch_items SET status = ?, attempts = attempts + 1, last_error = ?, done_at = ? WHERE url = ?",
            (status, error[:500], iso(now()) if status in FINAL else None, item.url),
        )


def finish(store: Store, item: Due, status: str, doc_id: str, event_ids: Iterable[str], note: str | None) -> None:
    """The item's outcome and the latency of each of its events, in one transaction."""
    stored = now()
    published = dt.datetime.fromisoformat(item.published) if item.published else None
    first_seen = dt.datetime.fromisoformat(item.first_seen)
    with store.transaction() as db:
        db.execute(
            "UPDATE watch_items SET status = ?, attempts = attempts + 1, doc_id = ?, last_error = ?, done_at = ? "
            "WHERE url = ?",
            (status, doc_id, note, iso(stored), item.url),
        )
        db.executemany(
            "INSERT INTO watch_latency (event_id, doc_id, item_url, item_published, first_seen, stored_at, "
            "latency_s, seen_latency_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
            [(event_id, doc_id, item.url, item.published, item.first_seen, iso(stored),
              round((stored - published).total_seconds(), 3) if published else None,
              round((stored - first_seen).total_seconds(), 3)) for event_id in event_ids],
        )


def counts(store: Store) -> dict[str, int]:
    rows = store.connection.execute("SELECT status, count(*) AS n FROM watch_items GROUP BY status")
    return {r["status"]: r["n"] for r in rows}
