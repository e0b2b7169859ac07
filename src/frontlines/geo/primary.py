"""The place an event is coded at, and the rule for scoring a location against ACLED's.

ACLED codes an event at the most specific place its sources name: a town or
village when named and known (geo_precision 1), else the district named
(geo_precision 2; ACLED writes the district centre town as the location, e.g.
"Girishk" for Nahr-e Saraj), else the province (geo_precision 3, at the
provincial capital). :func:`primary_place` applies that rule to the places
found in a sentence; :func:`same_location` decides whether a predicted
location and ACLED's ``location`` name the same place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..models import Place
from .gazetteer import Entry, Gazetteer, load
from .normalize import name_key, skeleton

_LEVEL = {"town": 1, "district": 2, "province": 3}


def _home(places: Sequence[Place], gaz: Gazetteer) -> list[Place]:
    return [p for p in places if p.country_code in gaz.home_countries and p.kind in _LEVEL]


def primary_place(
    places: Sequence[Place],
    sentence_span: tuple[int, int] | None = None,
    *,
    fallback: bool = True,
) -> Place | None:
    """The place an event described in ``sentence_span`` (offsets in Article.text) is coded at.

    Rules, in order: the places named inside the span, home country first;
    the most specific level named (town, then district, then province), where a
    district centre glossed beside its district ("Nahri Saraj (Girishk)
    district") counts as the district; among equals, the one inside a province
    also named in the span, then the first in the text. A province alone is
    coded at its capital with geo_precision 3. With ``fallback``, a span naming
    no place takes the nearest home-country place named before it, else the
    province the article names most.
    """
    gaz = load()
    inside = [
        p
        for p in places
        if sentence_span is None or (sentence_span[0] <= p.start and p.end <= sentence_span[1])
    ]
    home = _home(inside, gaz)
    if not home:
        foreign = [p for p in inside if p.kind == "town"]
        if foreign:
            return foreign[0]
        if sentence_span is not None and fallback:
            before = [p for p in _home(places, gaz) if p.end <= sentence_span[0]]
            if before:
                home = [before[-1]]
        if not home and fallback and places:
            home = _home(places, gaz)
            counts = Counter(p.admin1 for p in home)
            if counts:
                top = counts.most_common(1)[0][0]
                home = [p for p in home if p.admin1 == top]
        if not home:
            return None
    return _most_specific(home, gaz)


def _most_specific(home: list[Place], gaz: Gazetteer) -> Place:
    provinces = {p.admin1 for p in home if p.kind == "province"}
    districts = [p for p in home if p.kind == "district"]

    def glossed(town: Place) -> Place | None:
        """The district a town is written beside as its other name: "Nahri Saraj (Girishk) district"."""
        for district in districts:
            adjacent = 0 <= town.start - district.end <= 3 or 0 <= district.start - town.end <= 3
            if adjacent and district.admin1 == town.admin1:
                return district
        return None

    ranked: list[tuple[int, int, int, Place]] = []
    for order, place in enumerate(home):
        chosen = place
        if place.kind == "town" and glossed(place) is not None:
            chosen = glossed(place) or place
        fits = 0 if not provinces or chosen.admin1 in provinces else 1
        ranked.append((fits, _LEVEL[chosen.kind], order, chosen))
    ranked.sort(key=lambda item: item[:3])
    best = ranked[0][3]
    if best.kind == "province":
        return _at_capital(best, gaz)
    return best


def _at_capital(province: Place, gaz: Gazetteer) -> Place:
    code = next((e.admin1_code for e in gaz.provinces.values() if e.name == province.admin1), None)
    capital = gaz.capital(code)
    if capital is None:
        return province
    return replace(
        province,
        name=capital.name,
        admin2=capital.admin2,
        latitude=capital.latitude,
        longitude=capital.longitude,
        geonames_id=capital.geonames_id,
        geo_precision=3,
        kind="town",
    )


# --- scoring ---------------------------------------------------------------------------------


def province_code(name: str | None, gaz: Gazetteer | None = None) -> str | None:
    """The GeoNames admin1 code of a province named in any known spelling."""
    if not name:
        return None
    gaz = gaz or load()
    key = name_key(name)
    found = [e for e in gaz.by_name_key(key) if e.kind == "province"]
    if not found:
        found = [e for e in gaz.by_name_skeleton(key) if e.kind == "province"]
    return found[0].admin1_code if found else None


def same_province(a: str | None, b: str | None) -> bool:
    code = province_code(a)
    return code is not None and code == province_code(b)


def _entries_named(name: str, admin1_code: str | None, gaz: Gazetteer) -> list[Entry]:
    key = name_key(name)
    kinds = ("district", "town")
    found = [e for e in gaz.by_name_key(key) if e.kind in kinds]
    if not found:
        found = [e for e in gaz.by_name_skeleton(key) if e.kind in kinds]
    if admin1_code:
        found = [e for e in found if e.admin1_code == admin1_code]
    return found


def _entry_for(place: Place, gaz: Gazetteer) -> Entry | None:
    for entry in gaz.by_name_key(name_key(place.name)):
        if (
            entry.kind == place.kind
            and entry.admin1 == place.admin1
            and entry.geonames_id == place.geonames_id
        ):
            return entry
    for entry in gaz.by_name_key(name_key(place.name)):
        if entry.kind == place.kind and entry.admin1 == place.admin1:
            return entry
    return None


def same_location(
    predicted: Place | str | None, gold_location: str, gold_admin1: str | None = None
) -> bool:
    """Whether a predicted location names the same place as ACLED's ``location``.

    True when the names are equal once normalised (spelling, diacritics,
    ezafe, transliteration skeleton); or when both resolve, inside the gold
    province, to the same gazetteer place; or when one is a district and the
    other that district's centre town ("Nahr-e Saraj" = "Girishk"). A district
    does not match a town that is not its centre, and a province never matches
    a location.
    """
    if predicted is None or not gold_location:
        return False
    gaz = load()
    gold_code = province_code(gold_admin1, gaz)
    name = predicted if isinstance(predicted, str) else predicted.name
    if isinstance(predicted, Place):
        if predicted.kind not in ("district", "town"):
            return False
        if gold_code and predicted.admin1 and province_code(predicted.admin1, gaz) != gold_code:
            return False
    pred_key, gold_key = name_key(name), name_key(gold_location)
    if pred_key == gold_key or skeleton(pred_key) == skeleton(gold_key):
        return True
    gold = _entries_named(gold_location, gold_code, gaz)
    if isinstance(predicted, Place):
        entry = _entry_for(predicted, gaz)
        mine = [entry] if entry is not None else []
    else:
        mine = _entries_named(predicted, gold_code, gaz)
    for a in mine:
        for b in gold:
            if a.id == b.id:
                return True
            if _centre_of(a, b) or _centre_of(b, a):
                return True
    return False


def _centre_of(town: Entry, district: Entry) -> bool:
    """Whether ``town`` is the district centre (or provincial capital) of ``district``."""
    if town.kind != "town" or district.kind != "district":
        return False
    if town.admin2_code != district.admin2_code:
        return False
    if town.role in ("centre", "capital"):
        return True
    return bool(district.centre) and name_key(district.centre) == name_key(town.name)
