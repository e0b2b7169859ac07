"""``frontlines map``: one self-contained HTML file with district control and events.

The page carries everything it needs: Leaflet (vendored in
``assets/leaflet``, version and licence in VENDORED.txt) and the map code are
inlined, the data is embedded as JSON. Nothing is fetched when it is opened,
so it works offline, on a plain background with a graticule; a tile URL
(``--tiles``) may be given to draw a base map where tiles can be reached.

Article text is untrusted. It goes into the page only inside a JSON block in
which ``<``, ``>`` and ``&`` are escaped (so no ``</script>`` or ``<!--`` can
end it), and the page's code puts it on screen only as text, never as HTML
(``assets/map.js``). A Content-Security-Policy allows only the page's own
scripts (by hash) to run, as a second line of defence.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ExportError
from ..failures import OnError, contain
from ..models import ControlState, Event, Evidence
from ..store import Store
from .filters import ExportFilter
from .outlines import outlines_around

ASSETS = "assets"


def _asset(*parts: str) -> resources.abc.Traversable:
    return resources.files(__package__).joinpath(ASSETS, *parts)


def _leaflet_css() -> str:
    """Leaflet's CSS with its images inlined as data: URIs (no file fetched by the page)."""
    css = _asset("leaflet", "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        name = match.group(1)
        data = base64.b64encode(_asset("leaflet", *name.split("/")).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def embed_json(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no markup can close or comment it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _http_url(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass
class MapSummary:
    path: str
    events: int
    districts: int
    unplaced: int  # events and districts without coordinates
    undated: int = 0  # events without a date (an undated article's: see their date_note)

    def one_line(self) -> str:
        undated = f", {self.undated} event(s) without a date" if self.undated else ""
        return (
            f"map: {self.path} ({self.events} event(s), {self.districts} district(s); "
            f"{self.unplaced} without coordinates{undated} not drawn)"
        )


class _Articles:
    def __init__(self, store: Store):
        self.store, self.cache = store, {}

    def __call__(self, doc_id: str) -> dict[str, Any]:
        if doc_id not in self.cache:
            row = self.store.connection.execute(
                "SELECT source, url, published, title FROM articles WHERE id = ?", (doc_id,)
            ).fetchone()
            self.cache[doc_id] = {
                "name": (row["source"] if row else None) or doc_id,
                "doc_id": doc_id,
                "url": _http_url(row["url"]) if row else None,
                "published": row["published"] if row else None,
                "title": row["title"] if row else None,
            }
        return self.cache[doc_id]


def _evidence(items: list[Evidence], articles: _Articles) -> list[dict[str, Any]]:
    out = []
    for ev in items:
        meta = articles(ev.doc_id)
        out.append({
            "sentence": ev.sentence,
            "source": ev.source or meta["name"],
            "doc_id": ev.doc_id,
            "url": meta["url"],
            "published": meta["published"],
        })
    return out


def _event(e: Event, articles: _Articles) -> dict[str, Any]:
    return {
        "id": e.event_id, "date": e.event_date, "precision": e.time_precision,
        "type": e.event_type, "sub_type": e.sub_event_type,
        "actor1": e.actor1, "actor2": e.actor2,
        "location": e.location, "admin1": e.admin1, "admin2": e.admin2,
        "lat": e.latitude, "lon": e.longitude,
        "fatalities": e.fatalities, "low": e.fatalities_low, "high": e.fatalities_high,
        "claim_status": e.claim_status, "claimed_by": e.claimed_by,
        "sources": [articles(d) for d in (e.sources or [e.doc_id])],
        "evidence": _evidence(e.evidence, articles), "notes": e.notes,
    }


def _state(s: ControlState, articles: _Articles) -> dict[str, Any]:
    return {
        "state": s.state, "controller": s.controller, "challenger": s.challenger,
        "start": s.start, "end": s.end,
        "start_precision": s.start_precision, "end_precision": s.end_precision,
        "claim_status": s.claim_status, "claimed_by": s.claimed_by,
        "brief": s.brief, "implied": s.implied, "confidence": s.confidence,
        "why": s.why, "events": s.events, "evidence": _evidence(s.evidence, articles),
    }


def map_data(store: Store, filters: ExportFilter | None = None, title: str | None = None,
             tiles: str | None = None, on_error: OnError | None = None) -> dict[str, Any]:
    """The JSON the page draws: districts with timelines, placed events, the date range.

    An incident or district that cannot be drawn goes to ``on_error`` and is left out
    (without ``on_error`` the error is raised)."""
    from ..fusion.query import control_in
    from ..fusion.service import ensure_schema
    from ..store import incidents as table

    ensure_schema(store)
    filters = filters or ExportFilter()
    articles = _Articles(store)
    events, unplaced, undated = [], 0, 0
    countries: set[str] = set()  # drawn with a stronger border than their neighbours
    for e in table.iter_incidents(store, since=filters.since, until=filters.until, on_error=on_error):
        try:
            if not filters.event(e):
                continue
            if not e.event_date:
                undated += 1
                continue
            if e.latitude is None or e.longitude is None:
                unplaced += 1
                continue
            events.append(_event(e, articles))
        except Exception as exc:  # noqa: BLE001 - stage boundary: one incident never stops the map
            contain(on_error, "export", exc, f"incident {e.event_id}")
            continue
        if e.country:
            countries.add(e.country)
    districts = []
    for d in control_in(store, on_error=on_error).districts:
        try:
            states = [s for s in d.states if filters.state(s)]
            if not states:
                continue
            if states[0].latitude is None or states[0].longitude is None:
                unplaced += 1
                continue
            districts.append({
                "name": d.district, "province": d.province,
                "lat": states[0].latitude, "lon": states[0].longitude,
                "states": [_state(s, articles) for s in states],
            })
        except Exception as exc:  # noqa: BLE001 - stage boundary: one district never stops the map
            contain(on_error, "export", exc, f"district {d.name}")
    dates = [e["date"] for e in events]
    for d in districts:
        for s in d["states"]:
            dates.extend(x for x in (s["start"], s["end"]) if x)
    today = dt.date.today().isoformat()
    points = [(e["lat"], e["lon"]) for e in events] + [(d["lat"], d["lon"]) for d in districts]
    return {
        "title": title or "Frontlines: district control and events",
        "generated": today,
        "range": {"min": min(dates) if dates else today, "max": max(dates) if dates else today},
        "tiles": tiles,
        "districts": districts,
        "events": events,
        "unplaced": unplaced,
        "undated": undated,
        "outlines": outlines_around(points),
        "countries": sorted(countries),
    }


def _csp(scripts: list[str], tiles: str | None) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    images = "data:"
    if tiles:
        parts = urlsplit(tiles)
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        f"img-src {images}; base-uri 'none'; form-action 'none'"
    )


def render(data: dict[str, Any]) -> str:
    """The whole HTML page for ``data`` (see :func:`map_data`)."""
    template = _asset("map.html").read_text(encoding="utf-8")
    leaflet_js = _asset("leaflet", "leaflet.js").read_text(encoding="utf-8")
    map_js = _asset("map.js").read_text(encoding="utf-8")
    for code in (leaflet_js, map_js):
        if "</script" in code.lower():  # vendored code must not be able to end its own element
            raise ExportError("a map script contains '</script': cannot inline it")
    parts = {
        "{{CSP}}": html.escape(_csp([leaflet_js, map_js], data.get("tiles")), quote=False),
        "{{TITLE}}": html.escape(data["title"]),
        "{{LEAFLET_CSS}}": _leaflet_css(),
        "{{MAP_CSS}}": _asset("map.css").read_text(encoding="utf-8"),
        "{{DATA}}": embed_json(data),
        "{{LEAFLET_JS}}": leaflet_js,
        "{{MAP_JS}}": map_js,
    }
    # one pass, so that no replacement is searched for placeholders again
    pattern = re.compile("|".join(re.escape(k) for k in parts))
    return pattern.sub(lambda m: parts[m.group(0)], template)


def build_map(out: str | Path, *, db: str | Path | None = None, store: Store | None = None,
              filters: ExportFilter | None = None, title: str | None = None,
              tiles: str | None = None, on_error: OnError | None = None) -> MapSummary:
    """Write the map of the store's incidents and control timelines to ``out``."""
    if tiles and not _http_url(tiles.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")):
        raise ExportError(f"--tiles must be an http(s) URL template, got {tiles!r}")
    if store is None:
        with Store.open(db, create=False) as opened:
            data = map_data(opened, filters, title, tiles, on_error)
    else:
        data = map_data(store, filters, title, tiles, on_error)
    page = render(data)
    try:
        Path(out).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc}") from exc
    return MapSummary(str(out), len(data["events"]), len(data["districts"]), data["unplaced"], data["undated"])
