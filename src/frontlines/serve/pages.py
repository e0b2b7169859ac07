"""Pages for people: the map, a district's timeline, an event, search.

Article text is untrusted. The map is ``frontlines map``'s own page (its data
in an escaped JSON block, shown by its script as text only, its scripts
allowed by hash). The other pages are Jinja2 templates with autoescaping on
every value, carry no script at all, and are served with a
Content-Security-Policy that allows none; links are made only for http(s)
URLs.
"""

from __future__ import annotations

import threading
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from ..errors import NotFoundError
from ..export.map import _Articles, _evidence, _http_url, map_data, render  # the map's own readers
from ..fusion.service import explain
from . import reader
from .params import DistrictPath, EventId, Offset, PageAt, PageSearchText, ProvincePath, iso

router = APIRouter(include_in_schema=False)

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_ENV = Environment(
    loader=PackageLoader("frontlines.serve", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = _ENV.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_CSP})


def error_page(code: str, message: str, status: int) -> str:
    return _ENV.get_template("error.html").render(title=f"Error {status}", code=code, message=message)


class _MapCache:
    """The map page, rebuilt only when the store has changed since (SQLite's data_version)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: int | None = None
        self.page = ""

    def get(self, request: Request) -> str:
        state = request.app.state
        with self.lock:
            version = state.reader.version()
            if version != self.version or not self.page:
                data = map_data(state.reader.store, title="Frontlines: district control and events")
                data["pages"] = {"event": "/events/", "district": "/districts/"}
                self.page, self.version = render(data), version
            return self.page


def _cache(request: Request) -> _MapCache:
    state = request.app.state
    if not hasattr(state, "map_cache"):
        state.map_cache = _MapCache()
    return state.map_cache


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """District control on a date chosen with a slider, events sized by fatalities (``frontlines map``)."""
    return HTMLResponse(_cache(request).get(request))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)  # no icon: said plainly, so browsers log no missing file


@router.get("/static/serve.css")
def stylesheet() -> Response:
    css = resources.files(__package__).joinpath("static", "serve.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: EventId) -> HTMLResponse:
    store = request.app.state.reader.store
    found = explain(store, event_id)
    if found is None:
        raise NotFoundError(f"no event with id {event_id[:80]!r}")
    articles = _Articles(store)
    e = found.incident
    reports = []
    for r in found.reports:
        reports.append({
            "source": r.source, "doc_id": r.doc_id, "published": r.published, "title": r.title,
            "url": _http_url(r.url), "event": r.event, "linked_to": r.linked_to, "score": r.score,
            "reasons": r.reasons, "evidence": _evidence(r.event.evidence, articles),
        })
    title = f"{e.sub_event_type or e.event_type or 'Event'}: {e.location or e.admin2 or e.admin1 or 'unplaced'}"
    return _page("event.html", title=title, e=e, evidence=_evidence(e.evidence, articles), reports=reports,
                 district_path=reader.district_path(e.admin1, e.admin2) if e.admin2 else "")


@router.get("/districts", response_class=HTMLResponse)
def districts_page(request: Request, at: PageAt = None) -> HTMLResponse:
    store = request.app.state.reader.store
    found = reader.districts(store, iso(at))
    rows = [{"province": d.province, "district": d.district, "path": reader.district_path(d.province, d.district),
             "states": d.states, "shown": d.at if at else d.states[-1]} for d in found]
    return _page("districts.html", title="Districts", districts=rows, date=iso(at))


@router.get("/districts/{province}/{district}", response_class=HTMLResponse)
def district_page(
    request: Request,
    province: ProvincePath, district: DistrictPath, at: PageAt = None,
) -> HTMLResponse:
    store = request.app.state.reader.store
    found = reader.district(store, province, district, iso(at))
    if found is None:
        raise NotFoundError(f"no control evidence for a district {district[:80]!r} in {province[:80]!r}")
    articles = _Articles(store)
    title = found.district + (f" ({found.province})" if found.province else "")
    return _page("district.html", title=title, d=found, date=iso(at),
                 evidence=[_evidence(s.evidence, articles) for s in found.states])


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: PageSearchText = None,
    offset: Offset = 0,
) -> HTMLResponse:
    q = q or ""
    total, results = 0, []
    if q.strip():
        total, results = reader.search(request.app.state.reader.store, q, 100, offset)
    return _page("search.html", title="Search", q=q, total=total, results=results)
