"""The five seed articles: every Afghan place named resolves to the right province
and district, and the foreign places resolve outside Afghanistan."""

from __future__ import annotations

import pytest

from frontlines.geo import resolve

# (seed, surface text) -> (province, district or None for a province)
AFGHAN = {
    ("000", "Helmand"): ("Helmand", None),
    ("000", "Khanishin"): ("Helmand", "Reg-e Khan Neshin"),
    ("000", "Kunduz"): ("Kunduz", None),
    ("000", "Lashkar Gah"): ("Helmand", "Lashkar Gah"),
    ("000", "Musa Qal'ah"): ("Helmand", "Musa Qala"),
    ("000", "Now Zad"): ("Helmand", "Now Zad"),
    ("000", "Marjah"): ("Helmand", "Marjah"),
    ("000", "Kabul"): ("Kabul", None),
    ("001", "Kaldar"): ("Balkh", "Kaldar"),
    ("001", "Balkh"): ("Balkh", None),
    ("001", "Hairatan"): ("Balkh", "Kaldar"),
    ("001", "Faryab"): ("Faryab", None),
    ("001", "Takhar"): ("Takhar", None),
    ("001", "Ghazni"): ("Ghazni", None),
    ("001", "Maimana"): ("Faryab", "Maymana"),
    ("001", "Nade-e-Ali"): ("Helmand", "Nad-e Ali"),
    ("001", "Helmand"): ("Helmand", None),
    ("002", "Darqad"): ("Takhar", "Darqad"),
    ("002", "Takhar"): ("Takhar", None),
    ("002", "Kabul"): ("Kabul", None),
    ("003", "Helmand"): ("Helmand", None),
    ("003", "Lashkar Gah"): ("Helmand", "Lashkar Gah"),
    ("003", "Ghazni"): ("Ghazni", None),
    ("003", "Kandahar"): ("Kandahar", None),
    ("003", "Farah"): ("Farah", None),
    ("004", "Qala-e-Naw"): ("Badghis", "Qala-e Naw"),
    ("004", "Badghis"): ("Badghis", None),
    ("004", "Herat"): ("Herat", None),
    ("004", "Bagram"): ("Parwan", "Bagram"),
    ("004", "Kabul"): ("Kabul", None),
}
FOREIGN = {
    ("001", "Uzbekistan"): "UZ",
    ("001", "Tajikistan"): "TJ",
    ("001", "Russia"): "RU",
    ("002", "Tajikistan"): "TJ",
    ("002", "Islamabad"): "PK",
    ("002", "China"): "CN",
    ("002", "Uzbekistan"): "UZ",
    ("003", "Qatar"): "QA",
    ("003", "Iran"): "IR",
    ("004", "Tehran"): "IR",
    ("004", "Tajikistan"): "TJ",
    ("004", "Pakistan"): "PK",
    ("004", "Uzbekistan"): "UZ",
}


@pytest.fixture(scope="module")
def places(seeds):
    return {stem[:3]: resolve(text) for stem, text in seeds.items()}


@pytest.mark.parametrize(("key", "expected"), sorted(AFGHAN.items()))
def test_afghan_places_resolve_to_province_and_district(places, key, expected):
    seed, surface = key
    found = [p for p in places[seed] if p.text == surface]
    assert found, f"{surface} not found in seed {seed}"
    province, district = expected
    for place in found:
        assert place.country_code == "AF"
        assert place.admin1 == province, (surface, place)
        if district is not None:
            assert place.admin2 == district, (surface, place)


@pytest.mark.parametrize(("key", "country"), sorted(FOREIGN.items()))
def test_foreign_places_resolve_outside_afghanistan(places, key, country):
    seed, surface = key
    found = [p for p in places[seed] if p.text == surface]
    assert found, f"{surface} not found in seed {seed}"
    assert {p.country_code for p in found} == {country}


def test_no_afghan_place_is_invented_in_the_seeds(places):
    named = {surface for (_, surface) in AFGHAN} | {"Afghanistan", "provincial capital", "KABUL"}
    extra = {
        p.text
        for ps in places.values()
        for p in ps
        if p.country_code == "AF" and p.text not in named
    }
    assert not extra, extra
