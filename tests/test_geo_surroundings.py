"""geo.surroundings: around a city that is a division of its own lies the division around it
(sentences written for this test)."""

from __future__ import annotations

import pytest

from frontlines.geo import resolve


def _admin1(text: str, name: str) -> list[str | None]:
    return [p.admin1 for p in resolve(text) if p.text == name]


@pytest.mark.parametrize(
    "text",
    [
        "Syrian jets struck rebel-held areas near Damascus on Friday, activists said.",
        "Air strikes hit areas east of Damascus on Friday, the Observatory said.",
        "Fighting raged in the southern suburbs of Damascus on Friday, state media said.",
    ],
)
def test_around_damascus_is_rif_dimashq(text):
    assert _admin1(text, "Damascus") == ["Rif Dimashq"]


def test_damascus_itself_stays_damascus():
    assert _admin1("A car bomb exploded in central Damascus on Friday, state media said.", "Damascus") == ["Damascus"]


def test_a_city_that_is_no_division_of_its_own_is_left_alone():
    assert _admin1("Syrian government forces shelled villages north of Aleppo on Friday.", "Aleppo") == ["Aleppo"]
