"""``frontlines gazetteer import``: extend the gazetteer with the user's own files.

Two public formats are read:

* a **GeoNames country dump** (``XX.txt``, or ``allCountries.txt``): tab
  separated, 19 columns (geonameid, name, asciiname, alternatenames, latitude,
  longitude, feature class, feature code, country code, cc2, admin1, admin2,
  admin3, admin4, population, elevation, dem, timezone, modification date).
  Administrative divisions (ADM1 -> province, ADM2 -> district), countries
  (PCLI) and populated places (class P) are kept; capitals (PPLC, PPLA) and
  district seats (PPLA2) are marked as such.
* a **boundary GeoJSON** (geoBoundaries, GADM or OCHA style): one feature per
  unit, its name in ``shapeName`` / ``name`` / ``ADMn_EN`` / ``NAME_n``; the
  unit's point is a representative point inside its polygon.

Imported places go to the user's gazetteer (an SQLite file in the user's data
directory, ``[geo] user_gazetteer`` to override), beside the built-in one;
re-importing a file replaces what it brought before.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import GazetteerError
from .build import INDEXES, SCHEMA, PlaceRow, write_rows
from .normalize import display_name

GEONAMES_COLUMNS = 19
_ADMIN_CODES = {
    "ADM1": "province",
    "ADM2": "district",
    "PCLI": "country",
    "PCLD": "country",
    "PCLIX": "country",
}


@dataclass
class ImportSummary:
    path: str
    places: int
    by_kind: dict[str, int]

    def one_line(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.by_kind.items()))
        return f"imported {self.places} places from {self.path} ({kinds or 'nothing usable'})"


def user_path() -> Path:
    configured = config.get("geo", "user_gazetteer")
    if configured:
        return Path(configured).expanduser()
    override = os.environ.get("FRONTLINES_DATA")
    if override:
        return Path(override) / "gazetteer-user.sqlite"
    from platformdirs import user_data_dir

    return Path(user_data_dir("frontlines")) / "gazetteer-user.sqlite"


def _open_user_db(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    conn = sqlite3.connect(path)
    if fresh:
        conn.executescript(SCHEMA + INDEXES)
        conn.execute("CREATE TABLE imports (source TEXT PRIMARY KEY, sha TEXT, places INTEGER)")
        conn.commit()
    return conn


def import_file(
    path: str | Path, *, country: str | None = None, level: str | None = None
) -> ImportSummary:
    """Load a GeoNames dump or a boundary GeoJSON into the user's gazetteer."""
    source = Path(path)
    if not source.is_file():
        raise GazetteerError(f"no such file: {source}")
    data = source.read_bytes()
    if source.suffix.lower() in (".geojson", ".json") or data.lstrip()[:1] == b"{":
        rows = list(_geojson_rows(data, source, country, level))
    else:
        rows = list(_geonames_rows(data, source))
    if not rows:
        raise GazetteerError(
            f"{source}: no places found (expected a GeoNames dump or a boundary GeoJSON)"
        )
    target = user_path()
    conn = _open_user_db(target)
    label = str(source.resolve())
    with conn:
        conn.execute(
            "DELETE FROM names WHERE place_id IN (SELECT id FROM places WHERE source = ?)", (label,)
        )
        conn.execute("DELETE FROM places WHERE source = ?", (label,))
        for row in rows:
            row.source = label
        count = write_rows(conn, rows, origin="user")
        conn.execute(
            "INSERT OR REPLACE INTO imports VALUES (?, ?, ?)",
            (label, hashlib.sha256(data).hexdigest(), count),
        )
    conn.close()
    from .gazetteer import reset

    reset()
    by_kind: dict[str, int] = {}
    for row in rows:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
    return ImportSummary(str(source), count, by_kind)


# --- GeoNames dump ---------------------------------------------------------------------------


def _geonames_rows(data: bytes, source: Path) -> Iterator[PlaceRow]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{source}: not UTF-8 text", origin=str(source)) from exc
    records: list[list[str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != GEONAMES_COLUMNS:
            raise GazetteerError(
                f"expected {GEONAMES_COLUMNS} tab-separated columns, found {len(fields)}",
                origin=f"{source}:{number}",
            )
        records.append(fields)
    admin1: dict[tuple[str, str], str] = {}
    admin2: dict[tuple[str, str, str], str] = {}
    countries: dict[str, str] = {}
    for f in records:
        code = f[7]
        if code == "ADM1":
            admin1[(f[8], f[10])] = display_name(f[1])
        elif code == "ADM2":
            admin2[(f[8], f[10], f[11])] = display_name(f[1])
        elif code in ("PCLI", "PCLD", "PCLIX"):
            countries[f[8]] = f[1]
    for f in records:
        feature_class, code, cc = f[6], f[7], f[8]
        kind = (
            _ADMIN_CODES.get(code)
            if feature_class == "A"
            else ("town" if feature_class == "P" else None)
        )
        if kind is None:
            continue
        try:
            latitude, longitude = float(f[4]), float(f[5])
            population = int(f[14] or 0)
        except ValueError as exc:
            raise GazetteerError(f"bad number in {f[:2]}", origin=str(source)) from exc
        a1 = admin1.get((cc, f[10]))
        a2 = admin2.get((cc, f[10], f[11]))
        row = PlaceRow(
            name=display_name(f[1]),
            kind=kind,
            country_code=cc,
            country=countries.get(cc, cc),
            admin1=a1 if kind != "country" else None,
            admin1_code=f"{cc}.{f[10]}" if f[10] and kind != "country" else None,
            admin2=a2 if kind in ("district", "town") else None,
            admin2_code=f"{cc}.{f[10]}.{f[11]}" if f[11] and kind in ("district", "town") else None,
            latitude=latitude,
            longitude=longitude,
            geonames_id=int(f[0]),
            population=population,
            point="inside"
            if kind == "district"
            else ("province_centre" if kind == "province" else "self"),
            role={"PPLC": "capital", "PPLA": "capital", "PPLA2": "centre"}.get(code, ""),
        )
        if kind == "province":
            row.admin1 = row.name
        if kind == "district":
            row.admin2 = row.name
        row.add_names([f[1], f[2]], "canonical")
        row.add_names([n for n in f[3].split(",") if n and not n.isupper()], "alternate")
        yield row


# --- boundary GeoJSON ------------------------------------------------------------------------

_NAME_FIELDS = (
    "shapeName",
    "name",
    "NAME",
    "ADM2_EN",
    "ADM1_EN",
    "NAME_2",
    "NAME_1",
    "admin2Name",
    "admin1Name",
)
_LEVEL_FIELDS = ("shapeType", "level", "ADM_LEVEL")


def _geojson_rows(
    data: bytes, source: Path, country: str | None, level: str | None
) -> Iterator[PlaceRow]:
    try:
        collection = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerError(f"{source}: not valid GeoJSON ({exc})", origin=str(source)) from exc
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise GazetteerError(f"{source}: no 'features' list", origin=str(source))
    for feature in features:
        props = feature.get("properties") or {}
        name = next((str(props[k]) for k in _NAME_FIELDS if props.get(k)), None)
        point = representative_point(feature.get("geometry") or {})
        if not name or point is None:
            continue
        kind = _kind(props, level)
        cc = (
            country
            or str(props.get("shapeGroup") or props.get("ADM0_PCODE") or props.get("iso") or "")
        ).upper()[:2] or None
        row = PlaceRow(
            name=display_name(name),
            kind=kind,
            country_code=cc or "",
            country=str(props.get("ADM0_EN") or cc or ""),
            admin1=str(props.get("ADM1_EN")) if props.get("ADM1_EN") else None,
            admin2=display_name(name) if kind == "district" else None,
            latitude=point[1],
            longitude=point[0],
            point="inside",
        )
        if kind == "province":
            row.admin1 = row.name
        row.add_names([name], "canonical")
        for key in ("ADM2ALT1EN", "ADM2ALT2EN", "ADM1ALT1EN", "ADM1ALT2EN", "alt_name"):
            if props.get(key):
                row.add_names([str(props[key])], "alternate")
        yield row


def _kind(props: dict, level: str | None) -> str:
    value = (level or next((str(props[k]) for k in _LEVEL_FIELDS if props.get(k)), "")).lower()
    if value in ("adm1", "1", "province", "state", "region"):
        return "province"
    if value in ("adm0", "0", "country"):
        return "country"
    if value in ("town", "city", "village"):
        return "town"
    return "district"


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords[0]] if coords else []
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coords if polygon]
    if kind == "Point" and len(coords) >= 2:
        return [[coords]]
    return []


def _area(ring: list[list[float]]) -> float:
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def representative_point(geometry: dict) -> tuple[float, float] | None:
    """A point inside a polygon: the middle of its widest horizontal chord through the middle latitude.

    Hand-written because shapely is only a test dependency; a centroid can fall
    outside a concave district, this point cannot.
    """
    rings = _rings(geometry)
    if not rings:
        return None
    ring = max(rings, key=_area)
    if len(ring) == 1:
        return float(ring[0][0]), float(ring[0][1])
    ys = [p[1] for p in ring]
    y = (min(ys) + max(ys)) / 2
    crossings = []
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 <= y < y1) or (y1 <= y < y0):
            crossings.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    chords = [(crossings[k], crossings[k + 1]) for k in range(0, len(crossings) - 1, 2)]
    if not chords:
        xs = [p[0] for p in ring]
        return (min(xs) + max(xs)) / 2, y
    left, right = max(chords, key=lambda c: c[1] - c[0])
    return (left + right) / 2, y
