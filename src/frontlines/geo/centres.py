"""A district named by its centre: "the centre of Andar district", "the Nad Ali district centre".

The place is then the centre town itself (geo_precision 1) when the gazetteer
knows it; otherwise the district, whose point is usually that centre. Home
countries only: the world gazetteer has no district centres.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..models import Place
from .gazetteer import Gazetteer

_CENTRE_WORDS = frozenset({"centre", "center", "headquarters"})


def centre_named(gaz: Gazetteer, sentence: Any, place: Place) -> Place:
    """ "the centre of Andar district", "the Nad Ali district centre": the district centre town.

    The place is then the centre itself (geo_precision 1) when the
    gazetteer knows it; otherwise the district, whose point is usually
    that centre.
    """
    if place.kind != "district" or place.country_code not in gaz.home_countries:
        return place
    before = sentence.text[: place.start - sentence.start].lower().split()[-4:]
    after = sentence.text[place.end - sentence.start :].lower().split()[:2]
    # "the centre of [the] X", "the district centre of X" -- not "a training centre of X"
    centre_at = next(
        (i for i in range(len(before) - 1, -1, -1) if before[i] in _CENTRE_WORDS), None
    )
    named_before = (
        centre_at is not None
        and centre_at >= 1
        and len(before) - centre_at <= 3
        and before[centre_at + 1 :] in (["of"], ["of", "the"])
        and before[centre_at - 1] in ("the", "district")
    )
    named_after = bool(after) and (
        after[0].strip(",.;") in _CENTRE_WORDS
        or (
            after[0] == "district" and len(after) > 1 and after[1].strip(",.;") in _CENTRE_WORDS
        )
    )
    if not (named_before or named_after):
        return place
    code = next(
        (
            e.admin2_code
            for e in gaz.districts.values()
            if e.name == place.admin2 and e.admin1 == place.admin1
        ),
        None,
    )
    centre = gaz.centre(code)
    if centre is None or centre.latitude is None:
        return place
    return replace(
        place,
        name=centre.name,
        kind="town",
        latitude=centre.latitude,
        longitude=centre.longitude,
        geonames_id=centre.geonames_id,
        geo_precision=1,
    )
