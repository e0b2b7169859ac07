"""Country outlines for the map's background, from the vendored world-atlas.

The map must work with no network, so it cannot fetch tiles; instead it draws
Natural Earth's country borders (world-atlas 2.0.2, 1:50m, vendored in
``assets/world-atlas``) for the countries around the data.

The file is TopoJSON. Decoding it is written here by hand because it is short
(delta-encoded, quantised arcs shared between polygons) and the PyPI
``topojson`` package is an encoder with heavy dependencies (geopandas, shapely).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

Ring = list[list[float]]


@functools.cache
def _topology() -> dict[str, Any]:
    path = resources.files(__package__).joinpath("assets", "world-atlas", "countries-50m.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _arcs() -> list[Ring]:
    """Every arc as absolute [lon, lat] points (undoing quantisation and delta coding)."""
    topology = _topology()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
        decoded.append(points)
    return decoded


def _ring(indexes: list[int]) -> Ring:
    """A closed ring from arc indexes; a negative index ~i means arc i reversed."""
    arcs = _arcs()
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point
        ring.extend(points if not ring else points[1:])
    return ring


def _geometry(geometry: dict[str, Any]) -> dict[str, Any] | None:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r) for r in geometry["arcs"]]}
    if geometry["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[_ring(r) for r in polygon] for polygon in geometry["arcs"]],
        }
    return None


def _bbox(coordinates: Any) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(value: Any) -> None:
        if value and isinstance(value[0], (int, float)):
            xs.append(value[0])
            ys.append(value[1])
        else:
            for item in value:
                walk(item)

    walk(coordinates)
    return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def _polygons() -> tuple[tuple[str, list[Ring], tuple[float, float, float, float]], ...]:
    """Every country polygon with its name and bounding box.

    Polygons, not countries, are kept or dropped: a country's box can span the
    globe (the United States' Aleutians cross the antimeridian).
    """
    out = []
    for geometry in _topology()["objects"]["countries"]["geometries"]:
        shape = _geometry(geometry)
        if shape is None:
            continue
        name = (geometry.get("properties") or {}).get("name", "")
        parts = [shape["coordinates"]] if shape["type"] == "Polygon" else shape["coordinates"]
        out.extend((name, polygon, _bbox(polygon)) for polygon in parts)
    return tuple(out)


def outlines_around(
    points: list[tuple[float, float]], margin: float = 4.0
) -> dict[str, Any]:
    """GeoJSON FeatureCollection of the country outlines within ``margin`` degrees of the points.

    ``points`` are (lat, lon) pairs; no points gives an empty collection.
    """
    if not points:
        return {"type": "FeatureCollection", "features": []}
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    west, south = min(lons) - margin, min(lats) - margin
    east, north = max(lons) + margin, max(lats) + margin
    kept: dict[str, list[list[Ring]]] = {}
    for name, polygon, (x0, y0, x1, y1) in _polygons():
        if x0 <= east and x1 >= west and y0 <= north and y1 >= south:
            kept.setdefault(name, []).append(polygon)
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        }
        for name, polygons in kept.items()
    ]
    return {"type": "FeatureCollection", "features": features}
