"""The watcher's latency as the API gives it: per event, and summed up over a date range.

``frontlines watch`` records, for every event of a watched article, when the feed
item was published, when the watcher first saw it and when the event was stored
(table ``watch_latency``, see :mod:`frontlines.watch.state`). A fused event's
latency is that of its first report the watcher stored: when the event first
appeared in the store. Events from ``frontlines extract`` or ``POST /api/articles``
have none (null).
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..store import Store

_FIELDS = ("item_published", "first_seen", "stored_at", "latency_s", "seen_latency_s")
_OBJECT = "json_object(" + ", ".join(f"'{name}', l.{name}" for name in _FIELDS) + ")"


def incident_column(table: str = "incidents") -> str:
    """SQL for a column holding an incident's latency as a JSON object (NULL when it has none)."""
    return (f"(SELECT {_OBJECT} FROM incident_members m JOIN watch_latency l ON l.event_id = m.event_id "
            f"WHERE m.incident_id = {table}.incident_id ORDER BY l.stored_at, l.event_id LIMIT 1)")


def of_events(store: Store, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The latency of each of these (per-article) events that the watcher stored."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start:start + 500]
        rows = store.connection.execute(
            f"SELECT l.event_id, {_OBJECT} AS latency FROM watch_latency l "
            f"WHERE l.event_id IN ({', '.join('?' * len(chunk))})", chunk)
        found.update((row["event_id"], json.loads(row["latency"])) for row in rows)
    return found


def _rank(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of them at or below it."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _figures(values: list[float]) -> dict[str, float | None]:
    ordered = sorted(values)
    if not ordered:
        return {"median_s": None, "p90_s": None, "max_s": None}
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"median_s": round(median, 3), "p90_s": _rank(ordered, 0.9), "max_s": ordered[-1]}


def summary(store: Store, since: str | None, until: str | None) -> dict[str, Any]:
    """Count, median, 90th percentile and maximum of the latency of the events the watcher stored
    between ``since`` and ``until`` (dates the events were stored, UTC, both included)."""
    clauses, params = [], []
    if since:
        clauses.append("substr(l.stored_at, 1, 10) >= ?")
        params.append(since)
    if until:
        clauses.append("substr(l.stored_at, 1, 10) <= ?")
        params.append(until)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.connection.execute(  # events since removed from the store are left out
        f"SELECT l.latency_s, l.seen_latency_s FROM watch_latency l JOIN events e USING (event_id){where}",
        params).fetchall()
    published = [row["latency_s"] for row in rows if row["latency_s"] is not None]
    seen = _figures([row["seen_latency_s"] for row in rows])
    return {
        "since": since, "until": until, "events": len(rows), "count": len(published),
        **_figures(published),
        "seen": {"count": len(rows), **seen},
    }
