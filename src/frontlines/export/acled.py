"""ACLED-format CSV: ACLED's columns, in ACLED's order, one row per fused incident.

The column list is a data file (``data/acled_columns.csv``) written from
ACLED's codebook; the codes Frontlines derives (disorder type, actor types,
region) are in ``data/acled_codes.yaml``. What ACLED has no column for
(fatality range, claim status, number of reports, confidence) goes into
``tags`` as ACLED-style ``key=value`` pairs, so the columns stay ACLED's.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from importlib import resources
from typing import Any, TextIO

from ..fusion.lexicon import families_of, family, inter_code
from ..models import Event
from ..yamlload import safe_yaml


def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def columns() -> tuple[str, ...]:
    """ACLED's column names, in order."""
    lines = [line for line in _data("acled_columns.csv").splitlines() if not line.startswith("#")]
    return tuple(row["column"] for row in csv.DictReader(lines))


@functools.cache
def codes() -> dict[str, Any]:
    return safe_yaml(_data("acled_codes.yaml"))


def disorder_type(event: Event) -> str:
    table = codes()["disorder_type"]
    return table["by_sub_event_type"].get(event.sub_event_type) or table["by_event_type"].get(
        event.event_type, table["default"]
    )


def interaction(code1: int | None, code2: int | None) -> str:
    labels = codes()["inter"]
    present = sorted(c for c in (code1, code2) if c is not None)
    if not present:
        return ""
    if len(present) == 1:
        return f"{labels[present[0]]} only"
    return "-".join(labels[c] for c in present)


def _is_civilian(actor: str | None) -> bool:
    return any(family(f).side == "civilian" for f in families_of(actor or ""))


def _number(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _timestamp(updated_at: str | None) -> str:
    if not updated_at:
        return ""
    try:
        return str(int(dt.datetime.fromisoformat(updated_at).timestamp()))
    except ValueError:
        return ""


def tags(event: Event) -> str:
    parts = [f"claim status={event.claim_status}"]
    if event.claimed_by:
        parts.append(f"claimed by={event.claimed_by}")
    if event.fatalities_low is not None or event.fatalities_high is not None:
        parts.append(f"fatalities low={event.fatalities_low}")
        parts.append(f"fatalities high={event.fatalities_high}")
    elif event.fatalities is None:
        parts.append("fatalities=no report")
    parts.append(f"reports={len(event.sources) or 1}")
    parts.append(f"confidence={event.confidence:.2f}")
    if event.date_note:  # ACLED has no column for it; its event_date and year stay empty
        parts.append(f"date note={event.date_note.replace(';', ',')}")
    return "; ".join(parts)


def row(event: Event, sources: list[str], updated_at: str | None = None) -> dict[str, str]:
    """One ACLED row (every value a string, as csv writes it)."""
    code1, code2 = inter_code(event.actor1), inter_code(event.actor2)
    labels = codes()["inter"]
    country = codes()["countries"].get(event.country or "", {})
    iso = event.iso if event.iso is not None else country.get("iso")
    year = event.event_date[:4] if event.event_date else ""
    notes = event.notes or next((e.sentence for e in event.evidence if e.sentence), "")
    values = {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date or "",
        "year": year,
        "time_precision": str(event.time_precision or ""),
        "disorder_type": disorder_type(event),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "assoc_actor_1": event.assoc_actor_1 or "",
        "inter1": labels.get(code1, "") if event.actor1 else "",
        "actor2": event.actor2 or "",
        "assoc_actor_2": event.assoc_actor_2 or "",
        "inter2": labels.get(code2, "") if event.actor2 else "",
        "interaction": interaction(code1 if event.actor1 else None, code2 if event.actor2 else None),
        "civilian_targeting": "Civilian targeting"
        if _is_civilian(event.actor2) or _is_civilian(event.actor1) else "",
        "iso": "" if iso is None else str(iso),
        "region": country.get("region", ""),
        "country": event.country or "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": "",
        "location": event.location or "",
        "latitude": _number(event.latitude),
        "longitude": _number(event.longitude),
        "geo_precision": "" if event.geo_precision is None else str(event.geo_precision),
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": " ".join(notes.split()),
        "fatalities": str(event.fatalities if event.fatalities is not None else 0),
        "tags": tags(event),
        "timestamp": _timestamp(updated_at),
    }
    return {name: values[name] for name in columns()}


class AcledCsvWriter:
    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\n")
        self.writer.writeheader()

    def write(self, event: Event, sources: list[str], updated_at: str | None = None) -> None:
        self.writer.writerow(row(event, sources, updated_at))

    def close(self) -> None:
        self.out.flush()
