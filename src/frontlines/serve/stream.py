"""Exports streamed to the client as they are written, never held whole in memory.

The exporters of ``frontlines.export`` write to a text stream. Here one runs
in its own thread, on its own read-only connection, writing into a bounded
queue that the response drains: memory stays at a few chunks whatever the
size of the store, and a client that goes away stops the export.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

from ..export import EXPORTERS, ExportFilter
from .reader import Reader

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
MEDIA_TYPES = {
    "acled-csv": ("text/csv; charset=utf-8", "frontlines-acled.csv"),
    "control-csv": ("text/csv; charset=utf-8", "frontlines-control.csv"),
    "geojson": ("application/geo+json", "frontlines-events.geojson"),
    "jsonl": ("application/x-ndjson", "frontlines-events.jsonl"),
}
_DONE = object()


class _Cancelled(Exception):
    pass


class _QueueWriter:
    """A text stream whose writes become chunks of UTF-8 in a bounded queue."""

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event):
        self.chunks, self.cancelled = chunks, cancelled
        self.buffer: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.buffer.append(text)
        self.size += len(text)
        if self.size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if not self.buffer:
            return
        data = "".join(self.buffer).encode("utf-8")
        self.buffer, self.size = [], 0
        while True:
            if self.cancelled.is_set():
                raise _Cancelled
            try:
                self.chunks.put(data, timeout=0.5)
                return
            except queue.Full:
                continue


def stream_export(path: Path, fmt: str, filters: ExportFilter) -> Iterator[bytes]:
    """The bytes of export ``fmt`` of the store at ``path``, chunk by chunk."""
    chunks: queue.Queue = queue.Queue(maxsize=8)
    cancelled = threading.Event()

    def produce() -> None:
        writer = _QueueWriter(chunks, cancelled)
        try:
            reader = Reader(path)
            EXPORTERS[fmt](reader.store, writer, filters)  # type: ignore[arg-type]
            writer.flush()
        except _Cancelled:
            pass
        except Exception:  # noqa: BLE001 - the response has started: log it and end the stream
            log.exception("export %s failed", fmt)
        finally:
            while not cancelled.is_set():
                try:
                    chunks.put(_DONE, timeout=0.5)
                    break
                except queue.Full:
                    continue

    thread = threading.Thread(target=produce, name=f"export-{fmt}", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            yield item
    finally:
        cancelled.set()
