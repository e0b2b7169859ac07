"""Around a city that is a division of its own: the division that surrounds it.

Damascus, Sanaa and Beirut are first-level divisions of their own; what lies
"near Damascus", "east of Damascus" or "in the suburbs of Damascus" lies in
the division around the city (Rif Dimashq), and ACLED codes it there. A place
resolved to such a city and framed by words of surroundings just before it
(``data/surroundings.yaml``) takes the surrounding division as its admin1,
its district dropped and its precision lowered to "near" (2). The city itself
("in Damascus", "Damascus's Mezzeh district") is left alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from importlib import resources
from typing import Any

from ..models import Place
from ..yamlload import safe_yaml

_BEFORE = 60  # characters before the name read for the frame ("in rebel-held areas east of ")


@functools.cache
def _data() -> tuple[dict[str, dict[str, str]], re.Pattern[str]]:
    raw: dict[str, Any] = safe_yaml(resources.files(__package__).joinpath("data", "surroundings.yaml").read_text(encoding="utf-8"))
    pattern = re.compile("|".join(f"(?:{p})" for p in raw["around_patterns"]), re.IGNORECASE)
    return raw["surrounding_division"], pattern


def widen(text: str, places: list[Place]) -> list[Place]:
    """The places, each city-division framed by its surroundings moved to the division around it."""
    table, around = _data()
    out = []
    for place in places:
        outer = table.get(place.country_code or "", {}).get(place.admin1 or "")
        if outer and place.kind in ("town", "province") and around.search(text[max(0, place.start - _BEFORE):place.start]):
            place = replace(place, admin1=outer, admin2=None, geo_precision=max(place.geo_precision or 1, 2))
        out.append(place)
    return out
