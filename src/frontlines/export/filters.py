"""Which incidents and control states an export includes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import ExportError
from ..fusion.features import norm_name
from ..models import ControlState, Event


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise ExportError(f"--{name} must be a date YYYY-MM-DD, got {value!r}") from exc


@dataclass(frozen=True)
class ExportFilter:
    """Date range (inclusive), province, event type or sub-event type, actor (part of a name).

    Names match whatever their case and punctuation: "nad e ali" matches
    "Nad-e Ali"; ``actor="taliban"`` matches "Taliban and/or Islamic State".
    """

    since: str | None = None
    until: str | None = None
    province: str | None = None
    event_type: str | None = None
    actor: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", _date(self.since, "since"))
        object.__setattr__(self, "until", _date(self.until, "until"))
        if self.since and self.until and self.since > self.until:
            raise ExportError(f"--since {self.since} is after --until {self.until}")

    def _in_range(self, start: str | None, end: str | None) -> bool:
        """Whether [start, end] (None: open) overlaps the filter's range."""
        if self.since is None and self.until is None:
            return True
        if start is None and end is None:
            return False
        if self.until is not None and start is not None and start[:10] > self.until:
            return False
        return not (self.since is not None and end is not None and end[:10] < self.since)

    def _actor_in(self, names: list[str | None]) -> bool:
        if not self.actor:
            return True
        wanted = norm_name(self.actor)
        return any(wanted in norm_name(n) for n in names if n)

    def _province_is(self, province: str | None) -> bool:
        return not self.province or norm_name(province) == norm_name(self.province)

    def event(self, e: Event) -> bool:
        if not self._in_range(e.event_date, e.event_date):
            return False
        if not self._province_is(e.admin1):
            return False
        if self.event_type and norm_name(self.event_type) not in (
            norm_name(e.event_type), norm_name(e.sub_event_type)
        ):
            return False
        return self._actor_in([e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2])

    def state(self, s: ControlState) -> bool:
        """Control states: by period overlap, province and controller/challenger."""
        start = s.start if s.start is not None else ("0000-01-01" if s.end else None)
        end = s.end if s.end is not None else ("9999-12-31" if s.start else None)
        return (
            self._in_range(start, end)
            and self._province_is(s.province)
            and self._actor_in([s.controller, s.challenger])
        )
