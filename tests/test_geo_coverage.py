"""The gazetteer measured against the reference files in ../shared (never its source).

OCHA 2018 provinces and districts must be found by their English names and by
election-commission spellings; district points must lie in or near the
geoBoundaries polygon; every district point says what it is.
"""

from __future__ import annotations

import pytest
from conftest import GAZ_REF, need

from frontlines.geo.gazetteer import load
from frontlines.geo.measure import coverage


@pytest.fixture(scope="module")
def measured():
    need(GAZ_REF)
    pytest.importorskip("shapely")
    result = coverage(GAZ_REF)
    print(result.summary())
    return result


def test_every_province_is_found(measured):
    assert measured.provinces_total == 34
    assert measured.provinces_found == 34


def test_districts_found_by_ocha_name_and_an_election_spelling(measured):
    assert measured.districts_total == 399
    assert measured.found_by_name / measured.districts_total >= 0.99, measured.missing
    assert measured.found_by_alternate / measured.districts_total >= 0.99


def test_district_points_lie_in_or_near_their_polygon(measured):
    assert measured.measured_points >= 0.99 * measured.found_by_name
    assert measured.within_15km / measured.measured_points >= 0.90, measured.far


def test_every_district_point_says_what_it_is():
    districts = load().places(country="AF", kind="district")
    assert len(districts) >= 398
    for district in districts:
        assert district.latitude is not None and district.longitude is not None, district.name
        assert district.point in {"centre", "inside", "province_centre"}, district
        assert 29 <= district.latitude <= 39 and 60 <= district.longitude <= 75, district


def test_every_province_has_a_capital_in_it():
    gaz = load()
    for code, province in gaz.provinces.items():
        capital = gaz.capital(code)
        assert capital is not None, province.name
        assert capital.admin1_code == code
        assert gaz.district(capital.admin2_code) is not None, capital
