"""Country outlines for the map background, decoded from the vendored world-atlas."""

from __future__ import annotations

from shapely.geometry import Point, shape

from frontlines.export.outlines import outlines_around

KABUL = (34.53, 69.17)
KANDAHAR = (31.61, 65.71)
ISLAMABAD = (33.69, 73.06)


def _by_name(collection):
    return {f["properties"]["name"]: shape(f["geometry"]) for f in collection["features"]}


def test_the_countries_around_the_data_and_only_those():
    names = _by_name(outlines_around([KABUL, KANDAHAR]))
    assert {"Afghanistan", "Pakistan", "Iran", "Tajikistan", "Uzbekistan", "Turkmenistan"} <= set(names)
    # a country whose box spans the globe (Alaska crosses the antimeridian) is not drawn
    assert "United States of America" not in names and "Brazil" not in names


def test_decoded_outlines_are_valid_and_put_cities_in_their_country():
    names = _by_name(outlines_around([KABUL, KANDAHAR]))
    afghanistan, pakistan = names["Afghanistan"], names["Pakistan"]
    assert afghanistan.is_valid and pakistan.is_valid
    for lat, lon in (KABUL, KANDAHAR):
        assert afghanistan.contains(Point(lon, lat))
    assert pakistan.contains(Point(ISLAMABAD[1], ISLAMABAD[0]))
    assert not afghanistan.contains(Point(ISLAMABAD[1], ISLAMABAD[0]))


def test_no_points_no_outlines():
    assert outlines_around([]) == {"type": "FeatureCollection", "features": []}
