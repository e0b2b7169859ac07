"""The place an event is coded at, and the rule for scoring a location against ACLED's.

An event is coded at the most specific place its text names (MISSION.md:
"admin1, admin2, location: province, district, and the named place"): a
village, area or town (geo_precision 1 when the gazetteer knows where it is;
2 when only its district is known, or the event was *near* it), else the
district (geo_precision 2, at the district's point), else the province
(geo_precision 3, at the provincial capital). admin2 is filled whenever the
district is known. :func:`primary_place` applies that rule to the places
found in a sentence.

:func:`same_location` is the scoring rule against a gold location (ACLED's
``location``); :func:`location_match` says which part of it matched. ACLED
itself codes a village only when it can place it, and otherwise writes the
district's centre town ("Girishk" for an event "in the Seydano area of Nahri
Saraj district"), so a names-only comparison would punish the more specific
answer. Hence two parts:

(a) **same place** -- the names are the same once normalised (spelling,
    diacritics, ezafe, transliteration skeleton), or one is a known alternate
    name of the other (both resolve to the same gazetteer place in the gold
    province);
(b) **within the gold district** -- the gold location is a district or a
    district centre (or provincial capital) and the prediction lies inside
    that same district: the district itself, or a village, area or town of it.
    The prediction is then more specific than the gold and consistent with it.

Never a match: a prediction in another province, a province, or a prediction
coarser than the gold (gold village "Sorkh Doz", predicted its district
"Nawa-e Barakzai"). ``strict=True`` keeps part (a) only: report that figure
beside the other so that nobody is misled.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..models import Place
from .gazetteer import Entry, Gazetteer, load
from .normalize import name_key, skeleton

# How specific a place of each kind is (lower is more specific). "village" and "area" are the
# places the gazetteer lacks that geo.frames recognises from their frame.
SPECIFICITY = {"village": 1, "area": 1, "town": 1, "district": 2, "province": 3}
NAMED_PLACE_KINDS = frozenset(SPECIFICITY)
_LEVEL = SPECIFICITY
_ADJACENT = 3  # characters between a name and its parenthesised gloss: "Nad Ali (Marjah)"


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
    the most specific level named (village, area or town; then district;
    then province), where a district centre glossed beside its district
    ("Nahri Saraj (Girishk) district") counts as the district, another town
    glossed so ("Khash Rod (Delaram)") is the more specific place, and of two
    districts ("Nad Ali (Marjah) district") the first, the one the writer
    named, is meant; a provincial capital named like its province ("In
    Kunduz ...") is read as the province when the span also names a place of
    that province outside the capital's district; among equals, the one
    inside a province also named in the span, then the first in the text. A
    province alone is coded at its capital with geo_precision 3. With
    ``fallback``, a span naming no place takes the nearest home-country place
    named before it, else the province the article names most.
    """
    gaz = load()
    inside = [
        p
        for p in places
        if sentence_span is None or (sentence_span[0] <= p.start and p.end <= sentence_span[1])
    ]
    home = _home(inside, gaz)
    if not home:
        foreign = [p for p in inside if p.kind in _LEVEL]
        if foreign:
            return _most_specific_abroad(foreign, gaz)
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


def _near_towns(places: Sequence[Place]) -> set[str]:
    """Towns the event was near, not in ("near X", "west of X": geo.resolver gives a town precision
    2 only then), by name: "near Damascus, the capital," names one such town twice."""
    return {p.name for p in places if p.kind == "town" and p.geo_precision == 2}


def _reference(place: Place, near: set[str]) -> int:
    """1 for a town the event was near: of two towns a sentence names, the other is where it
    happened ("air strikes on towns west of Aleppo, killing 12 civilians in Atareb": Atareb)."""
    return int(place.kind == "town" and place.name in near)


def _adjacent(a: Place, b: Place) -> bool:
    return 0 <= b.start - a.end <= _ADJACENT or 0 <= a.start - b.end <= _ADJACENT


def _most_specific(home: list[Place], gaz: Gazetteer) -> Place:
    provinces = {p.admin1 for p in home if p.kind == "province"}
    near = _near_towns(home)
    districts = [p for p in home if p.kind == "district"]

    def glossed(place: Place) -> Place | None:
        """The district a town is written beside as its other name: "Nahri Saraj (Girishk) district".

        Only the district's own centre is another name for it; another town
        written so ("Khash Rod (Delaram) district") is the more specific place.
        """
        for district in districts:
            if (
                _adjacent(place, district)
                and district.admin1 == place.admin1
                and district.admin2 == place.admin2
                and _is_centre(place, gaz)
            ):
                return district
        return None

    ranked: list[tuple[int, int, int, Place]] = []
    for order, place in enumerate(home):
        chosen = place
        if place.kind == "town" and glossed(place) is not None:
            chosen = glossed(place) or place
        level = _LEVEL[chosen.kind or "province"]
        if chosen.kind == "town" and _capital_read_as_province(chosen, home, gaz):
            level = _LEVEL["province"]
        fits = 0 if not provinces or chosen.admin1 in provinces else 1
        ranked.append((fits, level, _reference(chosen, near), order, chosen))
    ranked.sort(key=lambda item: item[:4])
    best = ranked[0][4]
    if best.kind == "province":
        return _at_capital(best, gaz)
    return best


def _most_specific_abroad(places: list[Place], gaz: Gazetteer) -> Place:
    """The same rule abroad, where the gazetteer knows towns and first-level divisions (and
    districts where the text calls them so): a district of a city named with it (the city's
    quarter), a town (one inside a division also named first, then the first named), else the division
    ("in the northwestern Latakia province"), coded at its town of the same name when there
    is one (Latakia, Aleppo: ACLED's provincial capital) and at the division itself when
    there is none (Central Sulawesi: no capital is made up)."""
    divisions = {p.admin1 for p in places if p.kind == "province"}
    near = _near_towns(places)
    # a district of the division of a city named with it that GeoNames files in no district of its
    # own ("raids in the city's Zeytinburnu district" of Istanbul): a part of that city
    cities = {p.admin1 for p in places if p.kind == "town" and not p.admin2}
    towns = {p.admin1 for p in places if p.kind == "town"}

    def level(place: Place) -> float:
        if place.kind == "district" and place.admin1 in cities:
            return 0.5
        if place.kind == "area" and place.geonames_id is None and place.admin1 in towns:
            return 0.5  # a quarter told by the town beside it ("the Brussels district of Molenbeek")
        return _LEVEL[place.kind or "province"]

    ranked = sorted(
        enumerate(places),
        key=lambda item: (
            level(item[1]),
            0 if not divisions or item[1].admin1 in divisions else 1,
            _reference(item[1], near),
            item[0],
        ),
    )
    best = ranked[0][1]
    if best.kind != "province":
        return best
    seat = next(
        (
            e
            for e in gaz.lookup(best.name)
            if e.kind == "town" and e.country_code == best.country_code and e.admin1 == best.admin1
        ),
        None,
    )
    if seat is None:
        return replace(best, geo_precision=3)
    # the town named as the division is named ("Raqqa province": Raqqa, not GeoNames' "Ar Raqqah"),
    # as geo.resolver names a town abroad as the story writes it
    return replace(_coded_at(best, seat), name=best.name)


def _is_centre(town: Place, gaz: Gazetteer) -> bool:
    """Whether a town is its district's centre (or a provincial capital) in the gazetteer."""
    return any(
        e.kind == "town" and e.role in ("centre", "capital") and e.admin1 == town.admin1
        for e in gaz.by_name_key(name_key(town.name))
    )


def _capital_read_as_province(town: Place, home: list[Place], gaz: Gazetteer) -> bool:
    """ "In Kunduz last night, ... in the Chahar Dara district": Kunduz is the province there."""
    if not is_capital_named_like_province(town, gaz):
        return False
    return any(
        p is not town
        and p.admin1 == town.admin1
        and p.kind in ("district", "town", "village", "area")
        and p.admin2
        and p.admin2 != town.admin2
        for p in home
    )


def is_capital_named_like_province(place: Place, gaz: Gazetteer | None = None) -> bool:
    """A provincial capital that shares its province's name ("Kunduz", "Ghazni", "Kandahar")."""
    if place.kind != "town" or not place.admin1:
        return False
    gaz = gaz or load()
    return name_key(place.name) == name_key(place.admin1) and any(
        e.role == "capital" for e in gaz.by_name_key(name_key(place.name))
    )


def _at_capital(province: Place, gaz: Gazetteer) -> Place:
    code = next((e.admin1_code for e in gaz.provinces.values() if e.name == province.admin1), None)
    capital = gaz.capital(code)
    if capital is None:
        return province
    return _coded_at(province, capital)


def _coded_at(province: Place, town: Entry) -> Place:
    """A province-level place coded at a town of it (geo_precision 3), as ACLED codes a province."""
    return replace(
        province,
        name=town.name,
        admin2=town.admin2,
        latitude=town.latitude,
        longitude=town.longitude,
        geonames_id=town.geonames_id,
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


@functools.cache
def _district_codes(gaz_id: int) -> dict[tuple[str, str], str]:
    """(admin1 code, district name key) -> admin2 code."""
    gaz = load()
    return {
        (e.admin1_code or "", name_key(e.name)): e.admin2_code or "" for e in gaz.districts.values()
    }


class _Prediction:
    """What a prediction says: a name, and where it lies when known (Place, Event or a bare name)."""

    def __init__(self, predicted: Any):
        if isinstance(predicted, str):
            self.name, self.kind, self.admin1, self.admin2, self.place = (
                predicted,
                None,
                None,
                None,
                None,
            )
        elif isinstance(predicted, Place):
            self.name, self.kind = predicted.name, predicted.kind
            self.admin1, self.admin2, self.place = predicted.admin1, predicted.admin2, predicted
        else:  # an Event (ACLED fields: location, admin1, admin2)
            self.name = getattr(predicted, "location", None) or ""
            self.kind = None
            self.admin1 = getattr(predicted, "admin1", None)
            self.admin2 = getattr(predicted, "admin2", None)
            self.place = None


def location_match(
    predicted: Place | Any | str | None, gold_location: str, gold_admin1: str | None = None
) -> str | None:
    """Which part of the rule (module docstring) a prediction meets: "name", "within", or None.

    ``predicted`` is a Place, an Event (its ``location``, ``admin1`` and
    ``admin2``) or a bare name; a bare name lies in a district only when the
    gazetteer places it there.
    """
    if predicted is None or not gold_location:
        return None
    pred = _Prediction(predicted)
    if not pred.name:
        return None
    gaz = load()
    gold_code = province_code(gold_admin1, gaz)
    if pred.kind is not None and pred.kind not in ("district", "town", "village", "area"):
        return None
    if gold_code and pred.admin1 and province_code(pred.admin1, gaz) != gold_code:
        return None
    pred_key, gold_key = name_key(pred.name), name_key(gold_location)
    if pred_key == gold_key or skeleton(pred_key) == skeleton(gold_key):
        return "name"
    gold = _entries_named(gold_location, gold_code, gaz)
    if pred.place is not None:
        entry = _entry_for(pred.place, gaz)
        mine = [entry] if entry is not None else []
    elif pred.kind is None:
        mine = _entries_named(pred.name, gold_code, gaz)
    else:
        mine = []
    if any(a.id == b.id for a in mine for b in gold):
        return "name"
    # (b): the gold is a district, or a district centre / provincial capital
    gold_districts = {
        b.admin2_code
        for b in gold
        if b.admin2_code and (b.kind == "district" or b.role in ("centre", "capital"))
    }
    if not gold_districts:
        return None
    if pred.admin2:
        code = _district_codes(id(gaz)).get(
            (gold_code or province_code(pred.admin1, gaz) or "", name_key(pred.admin2))
        )
        pred_districts = {code} if code else set()
    else:
        pred_districts = {a.admin2_code for a in mine if a.admin2_code}
    return "within" if pred_districts & gold_districts else None


def same_location(
    predicted: Place | Any | str | None,
    gold_location: str,
    gold_admin1: str | None = None,
    *,
    strict: bool = False,
) -> bool:
    """Whether a predicted location matches ACLED's ``location`` (rule in the module docstring).

    (a) the same place: equal normalised names, a known alternate name, the
    same gazetteer place; (b) the gold is a district or a district centre and
    the prediction lies within that district (more specific than the gold and
    consistent with it). A prediction coarser than a gold village, or in
    another province, is a miss. ``strict``: part (a) only.
    """
    found = location_match(predicted, gold_location, gold_admin1)
    return found == "name" if strict else found is not None


LOCATION_RULE = (
    "location: right when (a) the same place as ACLED's (normalised name, known alternate name, "
    "same gazetteer place) or (b) ACLED's location is a district or district centre and the "
    "prediction lies within that district; 'names only' counts (a) alone"
)
