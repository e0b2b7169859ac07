"""Exports of fused incidents (jsonl, GeoJSON) and control timelines (control-csv).

Each writer has the same shape: built on an output stream, fed one record at
a time, closed once; so exports stream and never hold a whole store.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from ..models import ControlState, Event


class JsonlWriter:
    """One fused incident a line: the event record, its outlets, and its reports."""

    def __init__(self, out: TextIO):
        self.out = out

    def write(self, event: Event, sources: list[str], members: list[dict[str, Any]]) -> None:
        record = event.to_dict()
        record["source_names"] = sources
        record["reports"] = members
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


def event_feature(event: Event, digits: int | None = None) -> dict[str, Any]:
    """An RFC 7946 Feature of an event: Point [longitude, latitude] in WGS 84, or null
    geometry when unplaced (section 3.2); coordinates rounded to ``digits`` if given."""
    lat, lon = event.latitude, event.longitude
    geometry = None
    if lat is not None and lon is not None:
        if digits is not None:
            lat, lon = round(lat, digits), round(lon, digits)
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": event.to_dict()}


def feature(event: Event, sources: list[str]) -> dict[str, Any]:
    """A fused incident's Feature, with its outlets' names."""
    incident = event_feature(event, digits=6)
    incident["properties"]["source_names"] = sources
    return incident


class FeatureStream:
    """A FeatureCollection, streamed (RFC 7946: no "crs" member; coordinates lon, lat)."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0
        out.write('{"type": "FeatureCollection", "features": [')

    def add(self, item: dict[str, Any]) -> None:
        text = json.dumps(item, ensure_ascii=False)
        self.out.write(("\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def close(self) -> None:
        self.out.write("\n]}\n" if self.count else "]}\n")
        self.out.flush()


class GeoJsonWriter(FeatureStream):
    """Fused incidents as a FeatureCollection."""

    def write(self, event: Event, sources: list[str], members: list[dict[str, Any]]) -> None:
        self.add(feature(event, sources))


CONTROL_COLUMNS = (
    "province", "district", "state", "controller", "challenger",
    "start", "start_precision", "end", "end_precision", "brief", "implied",
    "claim_status", "claimed_by", "confidence", "latitude", "longitude",
    "events", "evidence", "why",
)  # fmt: skip


class ControlCsvWriter:
    """One row per control state; evidence sentences joined with " | ", each with its source."""

    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CONTROL_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, state: ControlState) -> None:
        evidence = " | ".join(
            f"{' '.join(e.sentence.split())} [{e.source or e.doc_id}]" for e in state.evidence
        )
        values = {
            "province": state.province or "",
            "district": state.district,
            "state": state.state,
            "controller": state.controller or "",
            "challenger": state.challenger or "",
            "start": state.start or "",
            "start_precision": state.start_precision or "",
            "end": state.end or "",
            "end_precision": state.end_precision or "",
            "brief": "yes" if state.brief else "no",
            "implied": "yes" if state.implied else "no",
            "claim_status": state.claim_status,
            "claimed_by": state.claimed_by or "",
            "confidence": f"{state.confidence:.2f}",
            "latitude": "" if state.latitude is None else f"{state.latitude:.4f}",
            "longitude": "" if state.longitude is None else f"{state.longitude:.4f}",
            "events": ";".join(state.events),
            "evidence": evidence,
            "why": state.why,
        }
        self.writer.writerow(values)

    def close(self) -> None:
        self.out.flush()
