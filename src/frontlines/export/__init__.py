"""Stage 7, export: fused incidents and control timelines out of the store.

    frontlines export --format acled-csv|jsonl|geojson|control-csv [filters]
    frontlines map --out map.html

Formats are registered in ``EXPORTERS`` (a name -> function taking the open
store, the output stream and an :class:`ExportFilter`); a new format is one
more entry. Every export reads the fused incidents (``frontlines.fusion``),
not the per-article events: one row per real-world incident, with all its
sources.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..errors import ExportError
from ..failures import OnError, contain
from ..pause import pause
from ..store import Store
from .filters import ExportFilter


def outlets(store: Store, doc_ids: list[str]) -> list[str]:
    """The outlet of each article (its id when the outlet is unknown), once each, in order."""
    names: list[str] = []
    for doc_id in doc_ids:
        row = store.connection.execute("SELECT source FROM articles WHERE id = ?", (doc_id,)).fetchone()
        name = (row["source"] if row else None) or doc_id
        if name not in names:
            names.append(name)
    return names


def _incidents(
    store: Store, filters: ExportFilter, writer: Any, *, members: bool, on_error: OnError | None
) -> int:
    from ..fusion.service import ensure_schema
    from ..store import incidents as table

    ensure_schema(store)
    count = 0
    rows = table.iter_incident_rows(store, since=filters.since, until=filters.until, on_error=on_error)
    for event, updated_at in rows:
        try:
            if not filters.event(event):
                continue
            sources = outlets(store, event.sources or [event.doc_id])
            if members:
                writer.write(event, sources, table.get_members(store, event.event_id))
            else:
                writer.write(event, sources, updated_at)
        except Exception as exc:  # noqa: BLE001 - stage boundary: one row never stops the export
            contain(on_error, "export", exc, f"incident {event.event_id}")
            continue
        count += 1
        if count == 1:
            pause("export")
    writer.close()
    return count


def export_acled_csv(store: Store, out: TextIO, filters: ExportFilter, on_error: OnError | None = None) -> int:
    from .acled import AcledCsvWriter

    return _incidents(store, filters, AcledCsvWriter(out), members=False, on_error=on_error)


def export_jsonl(store: Store, out: TextIO, filters: ExportFilter, on_error: OnError | None = None) -> int:
    from .formats import JsonlWriter

    return _incidents(store, filters, JsonlWriter(out), members=True, on_error=on_error)


def export_geojson(store: Store, out: TextIO, filters: ExportFilter, on_error: OnError | None = None) -> int:
    from .formats import GeoJsonWriter

    return _incidents(store, filters, GeoJsonWriter(out), members=True, on_error=on_error)


def export_control_csv(
    store: Store, out: TextIO, filters: ExportFilter, on_error: OnError | None = None
) -> int:
    from ..fusion.query import control_in
    from .formats import ControlCsvWriter

    writer = ControlCsvWriter(out)
    count = 0
    for district in control_in(store, on_error=on_error).districts:
        for state in district.states:
            try:
                if not filters.state(state):
                    continue
                writer.write(state)
            except Exception as exc:  # noqa: BLE001 - stage boundary: one row never stops the export
                contain(on_error, "export", exc, f"district {district.name} from {state.start or '?'}")
                continue
            count += 1
    writer.close()
    return count


# (store, output, filters, on_error) -> rows written; a row that fails goes to on_error
Exporter = Callable[[Store, TextIO, ExportFilter, OnError | None], int]
EXPORTERS: dict[str, Exporter] = {
    "acled-csv": export_acled_csv,
    "jsonl": export_jsonl,
    "geojson": export_geojson,
    "control-csv": export_control_csv,
}


def export(
    fmt: str,
    out: TextIO | str | Path | None = None,
    *,
    db: str | Path | None = None,
    filters: ExportFilter | None = None,
    on_error: OnError | None = None,
) -> int:
    """Write the store's incidents (or control states) in ``fmt``; returns the rows written.

    ``out``: a stream, a file path, or None for standard output. A row that cannot be
    written goes to ``on_error`` (an :class:`~frontlines.errors.ExportStageError` naming
    it) and is left out; without ``on_error`` the error is raised.
    """
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(EXPORTERS)})")
    filters = filters or ExportFilter()
    exporter = EXPORTERS[fmt]
    with Store.open(db, create=False) as store:
        if out is None or out == "-":
            return exporter(store, sys.stdout, filters, on_error)
        if isinstance(out, (str, Path)):
            try:
                with open(out, "w", encoding="utf-8", newline="") as stream:
                    return exporter(store, stream, filters, on_error)
            except OSError as exc:
                raise ExportError(f"cannot write {out}: {exc}") from exc
        return exporter(store, out, filters, on_error)


__all__ = ["EXPORTERS", "ExportFilter", "export", "outlets"]
