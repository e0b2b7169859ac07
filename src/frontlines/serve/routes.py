"""The JSON API (``/api/...``), documented by the OpenAPI schema at ``/openapi.json``.

Every route reads through the request thread's read-only store
(:mod:`.reader`); only ``POST /api/articles`` writes, and only with the
service's bearer token.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import fields
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

from ..errors import AuthError, InputError, NotFoundError, RequestError, WritingDisabled
from ..export import ExportFilter
from ..fusion.service import explain
from ..store import Store
from . import latency, reader, schemas
from .params import (
    Actor,
    Admin1,
    At,
    Authorization,
    ClaimStatus,
    ControlRole,
    Country,
    DistrictPath,
    EventId,
    EventTypeParam,
    ExportFormat,
    Limit,
    Offset,
    Province,
    ProvincePath,
    SearchText,
    Since,
    Until,
    country_name,
    iso,
)
from .reader import EventQuery, page_bounds

router = APIRouter(prefix="/api", tags=["api"])

def store(request: Request) -> Store:
    return request.app.state.reader.store


Db = Annotated[Store, Depends(store)]


def _next(request: Request, total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


def _query(since, until, country, admin1, event_type, actor, claim_status, control_role=None) -> EventQuery:
    return EventQuery(since=iso(since), until=iso(until), country=country_name(country), admin1=admin1,
                      event_type=event_type and str(event_type), actor=actor, claim_status=claim_status,
                      control_role=control_role)


@router.get("/health", response_model=schemas.Health, summary="the store's counts")
def health(request: Request, db: Db) -> schemas.Health:
    count = lambda name: db.connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: E731
    return schemas.Health(
        status="ok", articles=count("articles"), events=count("events"), incidents=count("incidents"),
        districts=count("control_districts"), writable=request.app.state.write_token is not None,
    )


@router.get("/events", response_model=schemas.EventPage, summary="fused events, filtered and paged")
def events(
    request: Request, db: Db, since: Since = None, until: Until = None,
    country: Country = None, admin1: Admin1 = None, event_type: EventTypeParam = None, actor: Actor = None,
    claim_status: ClaimStatus | None = None, limit: Limit = 50, offset: Offset = 0,
) -> Response:
    """One record per real-world incident, every report fused into it (as ``frontlines export``)."""
    limit, offset = page_bounds(limit, offset)
    total, records = reader.events(db, _query(since, until, country, admin1, event_type, actor, claim_status),
                                   limit, offset)
    head = json.dumps({"total": total, "limit": limit, "offset": offset,
                       "next": _next(request, total, limit, offset)}, ensure_ascii=False)
    return Response(head[:-1] + ', "events": [' + ", ".join(records) + "]}", media_type="application/json")


@router.get("/events/{event_id}", response_model=schemas.EventDetail,
            summary="one event: every source sentence and why its reports were merged")
def event(db: Db, event_id: EventId) -> schemas.EventDetail:
    """A fused event by its id, or by the id of any report of it (as ``frontlines event``)."""
    found = explain(db, event_id)
    if found is None:
        raise NotFoundError(f"no event with id {event_id[:80]!r}")
    latencies = latency.of_events(db, [r.event.event_id for r in found.reports])
    reports = [schemas.Report(**{k: getattr(r, k) for k in schemas.Report.model_fields if k != "latency"},
                              latency=latencies.get(r.event.event_id)) for r in found.reports]
    first = min(latencies.values(), key=lambda seen: (seen["stored_at"], seen["item_published"] or ""), default=None)
    event = schemas.WatchedEvent(**{f.name: getattr(found.incident, f.name) for f in fields(found.incident)},
                                 latency=schemas.Latency(**first) if first else None)
    return schemas.EventDetail(event=event, reports=reports)


@router.get("/incidents", response_model=schemas.IncidentPage,
            summary="incidents as clusters of reports, with their role in district control")
def incidents(
    request: Request, db: Db, since: Since = None, until: Until = None,
    country: Country = None, admin1: Admin1 = None, event_type: EventTypeParam = None, actor: Actor = None,
    claim_status: ClaimStatus | None = None, control_role: ControlRole | None = None,
    limit: Limit = 50, offset: Offset = 0,
) -> schemas.IncidentPage:
    limit, offset = page_bounds(limit, offset)
    query = _query(since, until, country, admin1, event_type, actor, claim_status, control_role)
    total, found = reader.incidents(db, query, limit, offset)
    return schemas.IncidentPage(total=total, limit=limit, offset=offset,
                                next=_next(request, total, limit, offset),
                                incidents=[schemas.Incident(**item) for item in found])


@router.get("/districts", response_model=schemas.DistrictList,
            summary="every district with control evidence, and its state on a date")
def districts(
    db: Db, at: At = None, province: Province = None,
) -> schemas.DistrictList:
    found = reader.districts(db, iso(at), province)
    return schemas.DistrictList(date=iso(at), districts=[
        schemas.District(province=d.province, district=d.district, latitude=d.latitude, longitude=d.longitude,
                         periods=len(d.states), at=d.at, page=f"/districts/{reader.district_path(d.province, d.district)}")
        for d in found
    ])


@router.get("/districts/{province}/{district}", response_model=schemas.DistrictTimeline,
            summary="one district's control timeline, each state with its evidence")
def district(
    db: Db,
    province: ProvincePath, district: DistrictPath, at: At = None,
) -> schemas.DistrictTimeline:
    """``at``: also answer who held it that day."""
    found = reader.district(db, province, district, iso(at))
    if found is None:
        raise NotFoundError(f"no control evidence for a district {district[:80]!r} in {province[:80]!r}")
    return schemas.DistrictTimeline(
        province=found.province, district=found.district, latitude=found.latitude, longitude=found.longitude,
        date=iso(at), at=found.at, states=found.states,
    )


@router.get("/search", response_model=schemas.SearchPage, summary="search event notes and evidence")
def search(
    request: Request, db: Db,
    q: SearchText, limit: Limit = 50, offset: Offset = 0,
) -> schemas.SearchPage:
    limit, offset = page_bounds(limit, offset)
    total, found = reader.search(db, q, limit, offset)
    return schemas.SearchPage(query=q, total=total, limit=limit, offset=offset,
                              next=_next(request, total, limit, offset),
                              results=[schemas.SearchResult(**r) for r in found])


@router.get("/watch/latency", response_model=schemas.LatencySummary,
            summary="the watcher's latency, from feed item published to event stored, over a date range")
def watch_latency(db: Db, since: Since = None, until: Until = None) -> schemas.LatencySummary:
    """Count, median, 90th percentile and maximum, in seconds, over the events ``frontlines watch``
    stored between ``since`` and ``until`` (the dates they were stored, UTC)."""
    if since and until and since > until:
        raise RequestError(f"since {since} is after until {until}")
    return schemas.LatencySummary(**latency.summary(db, iso(since), iso(until)))


@router.get(
    "/export/{fmt}", summary="an export, streamed: ACLED csv, GeoJSON, jsonl or the control csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/geo+json": {}, "application/x-ndjson": {}}}},
)
def export(
    request: Request, fmt: ExportFormat, since: Since = None, until: Until = None, province: Province = None,
    event_type: EventTypeParam = None, actor: Actor = None,
) -> StreamingResponse:
    from .stream import MEDIA_TYPES, stream_export

    filters = ExportFilter(since=iso(since), until=iso(until), province=province or None,
                           event_type=event_type and str(event_type), actor=actor or None)
    media_type, filename = MEDIA_TYPES[fmt]
    return StreamingResponse(
        stream_export(request.app.state.db_path, fmt, filters), media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/articles", response_model=schemas.ArticleResult, status_code=201,
             responses={401: {"model": schemas.ErrorResponse}, 403: {"model": schemas.ErrorResponse},
                        413: {"model": schemas.ErrorResponse}, 422: {"model": schemas.ErrorResponse}},
             summary="add an article (only with the service's write token)")
def add_article(
    request: Request, article: schemas.ArticleIn,
    authorization: Authorization = None,
) -> schemas.ArticleResult:
    """Store the article once, extract its events and fuse them (``Authorization: Bearer TOKEN``)."""
    from ..ingest import article_from_string
    from ..ingest.decode import check_size
    from ..store import Store
    from ..watch.intake import add_article as intake

    token = request.app.state.write_token
    if token is None:
        raise WritingDisabled("writing is disabled: start frontlines serve with --write-token "
                              "or FRONTLINES_WRITE_TOKEN")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not authorization or not authorization.startswith("Bearer ") or not hmac.compare_digest(
            given.encode("utf-8", "surrogateescape"), token.encode("utf-8", "surrogateescape")):
        raise AuthError("a valid bearer token is needed to write")
    body = article.text if article.text is not None else article.html
    if not body or (article.text is not None and article.html is not None):
        raise InputError("give the article as text or as html (one of them)", origin="request")
    check_size(len(body.encode("utf-8", "surrogatepass")), "request")
    published = reader.valid_date(article.published, "published")
    built = article_from_string(body, published=published, doc_id=article.id, source=article.source,
                                url=article.url, title=article.title)
    built.origin = f"POST /api/articles {built.id}"
    with Store.open(request.app.state.db_path) as store:
        outcome = intake(store, built)
    return schemas.ArticleResult(id=outcome.id, status=outcome.status, stored_as=outcome.stored_as,  # type: ignore[arg-type]
                                 language=outcome.language, events=outcome.events, incidents=outcome.incidents)
