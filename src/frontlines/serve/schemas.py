"""The shapes of the JSON API's answers, from which its OpenAPI schema is generated.

The records themselves are the pipeline's dataclasses (:class:`~frontlines.models.Event`,
:class:`~frontlines.models.ControlState`, :class:`~frontlines.models.Evidence`):
the API answers with exactly the fields ``frontlines export`` and the Python
API give, and its schema says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from ..models import ControlState, Event
from .params import SHAPES


class ErrorBody(BaseModel):
    code: str = Field(description="the error's code in Frontlines' catalogue (frontlines.errors), e.g. E700")
    message: str = Field(description="one line saying what went wrong and with which input")
    status: int = Field(description="the HTTP status")


class ErrorResponse(BaseModel):
    """Every error of the API, whatever its cause."""

    error: ErrorBody


class Page(BaseModel):
    total: int = Field(description="how many items match, over every page")
    limit: int
    offset: int
    next: str | None = Field(None, description="the URL of the next page, if there is one")


class Latency(BaseModel):
    """The watcher's latency for an event: from the feed item's publication (and from the watcher
    first seeing the item) to the event being stored. For a fused event, its first stored report's."""

    item_published: str | None = Field(None, description="when the feed item says it was published (ISO time)")
    first_seen: str = Field(description="when the watcher first saw the item in its feed")
    stored_at: str = Field(description="when the event was stored")
    latency_s: float | None = Field(None, description="seconds from publication to stored (null: the item gave no time)")
    seen_latency_s: float = Field(description="seconds from first seen to stored")


@dataclass
class WatchedEvent(Event):
    """A fused event (``frontlines export``'s fields) and its latency, when a watched feed brought it."""

    latency: Latency | None = None


class EventPage(Page):
    events: list[WatchedEvent]


class Figures(BaseModel):
    count: int = Field(description="events with a latency")
    median_s: float | None = None
    p90_s: float | None = Field(None, description="90th percentile (nearest rank)")
    max_s: float | None = None


class LatencySummary(Figures):
    """The watcher's latency over the events it stored between two dates (UTC, both included):
    ``count`` and the figures are from the feed item's publication to the stored event (events
    whose item gave no publication time are left out of them), ``seen`` from the watcher first
    seeing the item."""

    since: str | None = None
    until: str | None = None
    events: int = Field(description="events the watcher stored in the range")
    seen: Figures


class Member(BaseModel):
    event_id: str
    doc_id: str
    linked_to: str | None = None
    score: float | None = None
    reasons: list[str] = []


class Incident(BaseModel):
    incident_id: str
    event_date: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    control_role: str | None = Field(None, description="transfer or contest when it bears on its district's control")
    source_count: int | None = None
    latency: Latency | None = None
    reports: list[Member]


class IncidentPage(Page):
    incidents: list[Incident]


class Report(BaseModel):
    """One article's event behind an incident, its article, and why it was merged."""

    event: Event
    doc_id: str
    published: str | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    linked_to: str | None = None
    score: float | None = None
    reasons: list[str] = []
    latency: Latency | None = Field(None, description="this report's event, when the watcher stored it")


class EventDetail(BaseModel):
    event: WatchedEvent
    reports: list[Report]


class District(BaseModel):
    province: str
    district: str
    latitude: float | None = None
    longitude: float | None = None
    periods: int
    at: ControlState | None = Field(None, description="the state on the date asked, null when unknown")
    page: str


class DistrictList(BaseModel):
    date: str | None
    districts: list[District]


class DistrictTimeline(BaseModel):
    province: str
    district: str
    latitude: float | None = None
    longitude: float | None = None
    date: str | None = None
    at: ControlState | None = None
    states: list[ControlState]


class SearchResult(BaseModel):
    kind: Literal["event", "control"]
    id: str
    date: str | None = None
    title: str | None = None
    province: str | None = None
    place: str | None = None
    text: str
    page: str


class SearchPage(Page):
    query: str
    results: list[SearchResult]


class ArticleIn(BaseModel):
    """An article to add (``POST /api/articles``): its text or HTML and what is known of it."""

    text: str | None = Field(None, description="the article as plain text (or give html)")
    html: str | None = Field(None, description="the article's web page")
    id: str | None = Field(None, max_length=SHAPES["id"]["max_length"], pattern=SHAPES["id"]["pattern"],
                           description="default: a hash of the content")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="publication date YYYY-MM-DD")
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)


class ArticleResult(BaseModel):
    id: str
    status: Literal["new", "duplicate"]
    stored_as: str = Field(description="the id the story is stored under (another article's for a duplicate)")
    language: str | None = None
    events: list[str] = Field(description="ids of the article's events")
    incidents: list[str] = Field(description="ids of the fused incidents its events belong to")


class Health(BaseModel):
    status: Literal["ok"]
    articles: int
    events: int
    incidents: int
    districts: int
    writable: bool
