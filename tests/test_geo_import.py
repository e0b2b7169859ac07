"""``frontlines gazetteer import`` on small files written here in the public formats."""

from __future__ import annotations

import json

import pytest

import frontlines.geo as geo
from frontlines.cli import main
from frontlines.errors import GazetteerError
from frontlines.geo.gazetteer import load, reset
from frontlines.geo.importer import import_file, representative_point


# The GeoNames dump's 19 columns: geonameid, name, asciiname, alternatenames, lat, lon, class, code,
# cc, cc2, admin1, admin2, admin3, admin4, population, elevation, dem, timezone, modified.
def _row(geonameid, name, asciiname, alternatenames, lat, lon, feature_class, feature_code,
         admin1, admin2, population, dem):
    """A Syrian dump row; the columns every row here leaves alike are filled in."""
    return (geonameid, name, asciiname, alternatenames, lat, lon, feature_class, feature_code,
            "SY", "", admin1, admin2, "", "", population, "", dem, "Asia/Damascus", "2024-01-01")


ROWS = [
    _row("990000001", "Syria", "Syria", "Syrian Arab Republic", "35.0", "38.0", "A", "PCLI", "00", "", "17500000", "300"),
    _row("990000002", "Idlib Governorate", "Idlib Governorate", "Idleb,Idlib", "35.8", "36.6", "A", "ADM1", "10", "", "1500000", "400"),
    _row("990000003", "Maarrat al-Numan District", "Maarrat al-Numan District", "Ma'arrat an-Nu'man District", "35.6", "36.7", "A", "ADM2", "10", "1003", "0", "400"),
    _row("990000004", "Idlib", "Idlib", "Idleb,Edlib", "35.93", "36.63", "P", "PPLA", "10", "1001", "165000", "450"),
    _row("990000005", "Saraqib", "Saraqib", "Saraqeb,Sarakib", "35.86", "36.80", "P", "PPL", "10", "1001", "34000", "380"),
    _row("990000006", "Ma'arrat an-Nu'man", "Maarrat an-Numan", "Maarat al-Numan,Maarrat al-Numan", "35.64", "36.67", "P", "PPLA2", "10", "1003", "58000", "500"),
    _row("990000007", "Nahr Tall", "Nahr Tall", "", "35.7", "36.7", "H", "STM", "10", "", "0", "300"),
]  # fmt: skip


@pytest.fixture
def user_gazetteer(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINES_DATA", str(tmp_path / "data"))
    reset()
    geo._stages.cache_clear()
    yield tmp_path
    reset()
    geo._stages.cache_clear()


def _dump(tmp_path, rows=ROWS):
    path = tmp_path / "SY.txt"
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_geonames_dump_import_extends_resolution(user_gazetteer):
    summary = import_file(_dump(user_gazetteer))
    assert summary.by_kind == {
        "country": 1,
        "province": 1,
        "district": 1,
        "town": 3,
    }  # the stream is not a place
    places = geo.resolve("Airstrikes hit Saraqib and Maarat al-Numan in Idlib province on Monday.")
    by_text = {p.text: p for p in places}
    assert by_text["Saraqib"].country_code == "SY"
    assert by_text["Saraqib"].admin1 == "Idlib Governorate"
    assert by_text["Maarat al-Numan"].admin2 == "Maarrat al-Numan"
    assert by_text["Idlib"].kind == "province"
    # built-in places still resolve, and importing again replaces rather than duplicates
    import_file(_dump(user_gazetteer))
    assert len([e for e in load().places(country="SY", kind="town") if e.origin == "user"]) == 3
    assert geo.resolve("Fighting in Kaldar district of Balkh.")[0].admin1 == "Balkh"


def test_geojson_import_gives_each_unit_a_point_inside_it(user_gazetteer):
    ring = [
        [36.0, 35.0],
        [36.4, 35.0],
        [36.4, 35.2],
        [36.2, 35.05],
        [36.0, 35.2],
        [36.0, 35.0],
    ]  # a concave "V"
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"shapeName": "Jisr al-Shughur", "shapeType": "ADM2", "shapeGroup": "SYR"},
             "geometry": {"type": "Polygon", "coordinates": [ring]}},
        ],
    }  # fmt: skip
    path = user_gazetteer / "districts.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    summary = import_file(path, country="SY")
    assert summary.by_kind == {"district": 1}
    entry = [e for e in load().places(country="SY", kind="district")][0]
    assert entry.name == "Jisr al-Shughur"
    assert 36.0 < entry.longitude < 36.4 and 35.0 < entry.latitude < 35.2
    x, y = representative_point(collection["features"][0]["geometry"])
    assert (x, y) == (entry.longitude, entry.latitude)


def test_bad_files_are_refused_with_a_clear_error(user_gazetteer):
    bad = user_gazetteer / "XX.txt"
    bad.write_text("1\tOnly\tthree columns\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="19 tab-separated columns"):
        import_file(bad)
    with pytest.raises(GazetteerError):
        import_file(user_gazetteer / "missing.txt")


def test_cli_import_and_list(user_gazetteer, capsys):
    assert main(["gazetteer", "import", str(_dump(user_gazetteer))]) == 0
    assert "imported 6 places" in capsys.readouterr().out
    assert main(["gazetteer", "list", "--country", "SY", "--level", "town"]) == 0
    names = {json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()}
    assert {"Idlib", "Saraqib", "Maarrat an-Numan"} <= names  # with the built-in capital, Damascus
