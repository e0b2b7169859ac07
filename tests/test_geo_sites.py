"""Places the world gazetteer lacks abroad: named sites (air bases, dams) and villages listed
with a town it knows (geo.sites, geo.lists), and one event at each listed place (events.sites).

Names of sites and villages are made up for the test: the frames must work on names no
list holds.
"""

from __future__ import annotations

import pytest

from frontlines.ingest import article_from_string
from frontlines.pipeline import analyse

SCENE = "ALEPPO, Syria (Reuters) - Syrian troops advanced north of Aleppo on Monday, a monitor said. "


def places(text: str, published: str = "2016-02-08") -> dict:
    article = analyse(article_from_string(text, published=published))
    return {p.text: p for p in article.places}


def locations(text: str, published: str = "2016-02-08") -> list[tuple[str | None, str | None]]:
    article = analyse(article_from_string(text, published=published))
    return sorted((e.admin1, e.location) for e in article.events if e.kind == "incident")


@pytest.mark.parametrize(
    ("sentence", "text", "name", "province"),
    [
        # the site word after the name, with a modifier between; the scene gives the division
        ("Kurdish fighters seized the Kharab Jaddah air base on Wednesday.", "Kharab Jaddah air base",
         "Kharab Jaddah air base", "Aleppo"),
        # the division written after the site; spaCy tags the name a nationality, no demonym is
        ("Two suicide bombers attacked Kurdish fighters at the Tishkan dam in Raqqa province.", "Tishkan dam",
         "Tishkan dam", "Raqqa"),
        # the name after the site word
        ("The Kurdish militia seized an ex-military air base at Marqaba last week.", "Marqaba", "Marqaba", "Aleppo"),
    ],
)  # fmt: skip
def test_a_named_site_is_a_place_of_its_division(sentence, text, name, province):
    found = places(SCENE + sentence)
    assert text in found, sorted(found)
    site = found[text]
    assert (site.name, site.country_code, site.admin1, site.geonames_id) == (name, "SY", province, None)
    assert name in {location for _, location in locations(SCENE + sentence)}


def test_a_site_named_for_a_known_town_is_the_town():
    found = places("MOSUL, Iraq (Reuters) - Iraqi troops advanced on Mosul on Monday. "
                   "Islamic State fighters attacked soldiers guarding the Mosul dam on Tuesday.")
    assert not [p for p in found.values() if "dam" in p.text]


def test_a_site_at_home_needs_a_place_beside_it():
    found = places("Taliban fighters attacked the Shurkhab base on Monday, killing two soldiers, "
                   "officials in Kandahar said.")
    assert "Shurkhab base" not in found


def test_a_people_before_a_frame_word_is_no_village():
    found = places(SCENE + "Turkish artillery shelled the Kurdish town of Kobani on Saturday.")
    assert "Kurdish" not in found
    assert found["Kobani"].admin1 == "Aleppo"


def test_a_village_listed_with_a_known_town_is_in_its_division():
    # spaCy's small model tags "Kafr Dabbagh" a person: two known places around it say otherwise
    text = SCENE + ("Russian jets bombed towns north west of Aleppo, Kafr Dabbagh and Haritan, "
                    "killing 20 people, rebels said.")
    found = places(text)
    village = found["Kafr Dabbagh"]
    assert (village.kind, village.country_code, village.admin1, village.geonames_id) == ("village", "SY", "Aleppo", None)
    # one event at each listed place; the point the direction is told from is none of them
    bombed = [loc for _, loc in locations(text) if loc != "Aleppo"]
    assert sorted(bombed) == ["Haritan", "Kafr Dabbagh"]
    assert ("Aleppo", "Aleppo") not in locations(text)[1:]


def test_a_person_listed_with_one_town_is_no_village():
    found = places(SCENE + "Bashar al-Assad and Vladimir Putin discussed Aleppo on Tuesday.")
    assert not [p for p in found.values() if p.kind == "village"]


def test_a_list_of_locative_phrases_is_one_event_at_each_place():
    text = ("BEIRUT (Reuters) - Syrian rebels said they would not attend the talks. A monitor reported air strikes by jets believed to be Russian in areas "
            "west of Hama, north of Homs, and in the southern province of Deraa on Sunday.")
    assert locations(text, "2016-02-14") == [("Daraa", "Daraa"), ("Hama", "Hama"), ("Homs", "Homs")]


def test_a_place_refined_by_another_is_one_event():
    text = "KABUL (Reuters) - Taliban fighters attacked a checkpoint in Imam Sahib district, near Kunduz city, on Sunday."
    assert locations(text, "2016-02-14") == [("Kunduz", "Imam Sahib")]


def test_a_list_closed_by_its_kind_makes_its_unknown_members_places():
    text = SCENE + "Air strikes continued on Tal Rafaat, Kafr Mazza and other towns in the Aleppo countryside."
    village = places(text)["Kafr Mazza"]
    assert (village.kind, village.country_code, village.admin1) == ("village", "SY", "Aleppo")
    assert {"Tal Rafaat", "Kafr Mazza"} <= {location for _, location in locations(text)}


@pytest.mark.parametrize(
    ("sentence", "name", "province", "sub_event_type"),
    [
        ("Rebels shelled Kafr Naya, north of Aleppo, on Monday.", "Kafr Naya", "Aleppo",
         "Shelling/artillery/missile attack"),
        # a place object, not a person: "captured" is a takeover, not an arrest
        ("Government forces captured Khan Tumsa, southwest of Aleppo city, on Monday.", "Khan Tumsa", "Aleppo",
         "Government regains territory"),
        ("Rebels attacked an army post in Tal Wardat, 20 km west of Hama, on Monday.", "Tal Wardat", "Hama",
         "Armed clash"),
    ],
)  # fmt: skip
def test_a_place_told_by_its_bearing_from_a_known_town(sentence, name, province, sub_event_type):
    article = analyse(article_from_string(SCENE + sentence, published="2016-02-08"))
    [event] = [e for e in article.events if e.location == name]
    assert (event.admin1, event.sub_event_type) == (province, sub_event_type)
    place = next(p for p in article.places if p.text == name)
    assert place.geonames_id is None and place.geo_precision in (2, 3)


def test_a_place_named_again_is_the_same_place():
    # "the village of X" makes X a place; "jets struck X again" then names the same place, even
    # where spaCy tags the bare name a person
    text = SCENE + ("Rebels said they had taken the village of Kafr Tulmus on Sunday. Government jets struck "
                    "Kafr Tulmus again on Monday, killing four people, a monitor said.")
    article = analyse(article_from_string(text, published="2016-02-08"))
    named = [p for p in article.places if p.text == "Kafr Tulmus"]
    assert len(named) == 2 and {(p.admin1, p.kind) for p in named} == {("Aleppo", "village")}
    struck = [e for e in article.events if e.sub_event_type == "Air/drone strike"]
    assert [(e.location, e.fatalities) for e in struck] == [("Kafr Tulmus", 4)]


def test_a_part_of_a_longer_name_is_not_the_place_named_again():
    text = SCENE + ("Rebels took the village of Kafr Tulmus on Sunday. The Kafr Tulmus Brigade said it had "
                    "lost two men.")
    article = analyse(article_from_string(text, published="2016-02-08"))
    assert len([p for p in article.places if p.text == "Kafr Tulmus"]) == 1



def test_a_town_named_under_another_spelling_in_its_frame_is_the_gazetteers_town():
    # "the Syrian border town of al-Rai" is GeoNames' Ar Ra'i (Aleppo), not a village of Syria at large
    found = places("ISTANBUL (Reuters) - Turkish artillery shelled Islamic State positions around the Syrian "
                   "border town of al-Rai on Monday, killing 17 militants.")
    town = found["al-Rai"]
    assert (town.kind, town.country_code, town.admin1, town.geo_precision) == ("town", "SY", "Aleppo", 1)
    assert town.geonames_id is not None


@pytest.mark.parametrize(
    ("text", "name", "province", "precision"),
    [
        ("BENGHAZI, Libya (Reuters) - Libyan forces clashed with Islamist fighters in the western district "
         "of Ganfouda in Benghazi on Monday, killing seven soldiers.", "Ganfouda", "Benghazi", 2),
        # a quarter of the town the sentence names lies by that town
        ("TRIPOLI (Reuters) - Gunmen abducted a member of Tripoli's municipal council outside his home in "
         "the Souq al-Juma district on Sunday.", "Souq al-Juma", "Tripoli", 2),
    ],
)
def test_a_quarter_abroad_named_as_one_is_a_place_of_the_scene(text, name, province, precision):
    area = places(text, "2016-04-04")[name]
    assert (area.kind, area.admin1, area.geo_precision, area.geonames_id) == ("area", province, precision, None)


def test_a_district_of_a_city_named_with_it_is_where_the_event_was():
    text = ("ISTANBUL (Reuters) - Police in Istanbul detained 11 suspected Islamic State members in raids in the "
            "city's Zeytinburnu district on Tuesday.")
    assert locations(text, "2016-04-05") == [("Istanbul", "Zeytinburnu")]


def test_a_quarter_told_by_its_town_is_where_the_event_was():
    text = ("TRIPOLI (Reuters) - Gunmen abducted a member of Tripoli's municipal council outside his home in "
            "the Souq al-Juma district on Sunday.")
    assert locations(text, "2016-04-04") == [("Tripoli", "Souq al-Juma")]
    # "the Brussels district of Molenbeek": a quarter of Brussels, whatever town the sentence named first
    found = places("ANTWERP, Belgium (Reuters) - Police arrested three people in Borgerhout on Monday, and a "
                   "fourth in the Brussels district of Molenbeek, prosecutors said.", "2016-05-31")
    assert (found["Molenbeek"].admin1, found["Molenbeek"].kind) == ("Brussels", "area")
