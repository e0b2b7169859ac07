"""Places the gazetteer lacks, read from the frame they are written in, and the
resolution rules that decide which named place an event is at.

Each case is a kind of sentence, with village names made up for the test: the
frames must work on names no list holds.
"""

from __future__ import annotations

import pytest

from frontlines.geo import primary_place, resolve


def named(text: str):
    return [p for p in resolve(text) if p.country_code == "AF" and p.kind != "country"]


def by_text(text: str) -> dict:
    return {p.text: p for p in named(text)}


@pytest.mark.parametrize(
    ("sentence", "name", "kind", "province", "district"),
    [
        ("Two guards died in the Zarghun Kalay area of Andar district, Ghazni.", "Zarghun Kalay", "area", "Ghazni", "Andar"),
        ("A mine exploded in Spin Kareza village of Maywand district, Kandahar.", "Spin Kareza", "village", "Kandahar", "Maywand"),
        ("Militants attacked Tor Ghundey village in Sangin district on Friday.", "Tor Ghundey", "village", "Helmand", "Sangin"),
        ("Clashes broke out in Deh-e Mirza of Qarabagh district, Ghazni.", "Deh-e Mirza", "area", "Ghazni", "Qarabagh"),
        ("Troops searched a compound in the village of Khwaja Bolak, in the Chahar Dara district.", "Khwaja Bolak", "village", "Kunduz", "Chahar Dara"),
        ("A patrol was hit near Sra Ghar in Nawa-e Barakzai district, Helmand.", "Sra Ghar", "area", "Helmand", "Nawa-e Barakzai"),
        ("Forces raided a compound west of Mirza Kheyl, in the Sabari district.", "Mirza Kheyl", "area", "Khost", "Sabari"),
        ("Police came under fire in the Dasht-e Kalan area, Shindand district, Herat.", "Dasht-e Kalan", "area", "Herat", "Shindand"),
        ("Fighters massed in the limits of Bagh Kohna region of Doshi district, Baghlan.", "Bagh Kohna", "area", "Baghlan", "Doshi"),
    ],
)  # fmt: skip
def test_a_village_in_its_frame_is_a_place(sentence, name, kind, province, district):
    place = by_text(sentence)[name]
    assert (place.name, place.kind, place.admin1, place.admin2) == (name, kind, province, district)
    assert place.geo_precision == 2 and place.geonames_id is None
    assert place.latitude is not None and place.longitude is not None
    assert primary_place(resolve(sentence)).name == name


def test_lists_of_areas_are_each_places():
    text = "Operations continued in the Sur Kalay, Loy Bagh and Nawe Deh areas of Khakrez district, Kandahar."
    found = by_text(text)
    assert {"Sur Kalay", "Loy Bagh", "Nawe Deh"} <= set(found)
    assert all(found[n].admin2 == "Khakrez" for n in ("Sur Kalay", "Loy Bagh", "Nawe Deh"))
    assert primary_place(resolve(text)).name == "Sur Kalay"  # the first named


def test_a_village_with_only_its_province_known_has_precision_three():
    place = primary_place(resolve("A roadside bomb went off in the Kharbuza area, Ghazni."))
    assert (place.name, place.admin1, place.admin2, place.geo_precision) == (
        "Kharbuza",
        "Ghazni",
        None,
        3,
    )
    city = primary_place(resolve("A roadside bomb went off in the Kharbuza area of Ghazni city."))
    assert (city.admin2, city.geo_precision) == ("Ghazni", 2)


def test_the_frame_overrules_a_reading_elsewhere():
    # a district of another name, a foreign capital, a village of that name in another district
    assert (
        by_text("Fighting in the Gilan area of Andar district, Ghazni.")["Gilan"].admin2 == "Andar"
    )
    foreign = by_text("Gunmen killed a guard in Islamabad of Alishing district, Laghman.")[
        "Islamabad"
    ]
    assert (foreign.country_code, foreign.admin2, foreign.kind) == ("AF", "Alishing", "area")
    # a district of the province it is said to be an area of stays the district
    assert (
        by_text("Police said in the Dand area of Kandahar that four were killed.")["Dand"].kind
        == "district"
    )
    assert (
        by_text("Forces moved west of Nad-e Ali, Helmand province.")["Nad-e Ali"].kind == "district"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Taliban fighters attacked in the Taliban-controlled areas of Sangin district on Monday.",
        "Officials in the Afghan areas of Kandahar province said so.",
        "Taliban Attack Checkpoints In Kunduz Area Of Chahar Dara District",
        "In May of Sangin district's worst year, markets closed.",
        "The ANA area of Kandahar province was quiet.",
        "Governor Karimi of Sangin district resigned.",
    ],
)
def test_actors_headlines_months_and_titles_are_not_villages(sentence):
    assert not [p for p in resolve(sentence) if p.kind in ("village", "area")]


def test_parentheses_gloss_or_name_a_second_place():
    # the district's own centre: still the district
    glossed = primary_place(
        resolve("A soldier was killed in Nahri Saraj (Girishk) district, Helmand.")
    )
    assert (glossed.kind, glossed.admin2) == ("district", "Nahr-e Saraj")
    # two districts (Marjah was carved out of Nad Ali): the one the writer named first
    both = primary_place(
        resolve("Police were attacked in the Kuz Bagh area of Nad Ali (Marjah) district, Helmand.")
    )
    assert (both.name, both.admin2) == ("Kuz Bagh", "Nad-e Ali")
    # a town of the district that is not its centre: the town
    town = primary_place(resolve("A post was overrun in Khash Rod (Delaram) district, Nimruz."))
    assert (town.name, town.kind, town.admin2, town.geo_precision) == (
        "Delaram",
        "town",
        "Khash Rod",
        1,
    )
    # a gloss resolved into another province is a misreading, not a place
    assert all(
        p.admin1 == "Uruzgan"
        for p in named("Airstrikes hit Khas Uruzgan (Khas) district, Uruzgan.")
    )


def test_a_capital_named_like_its_province_can_be_the_province():
    text = "In Kunduz last night, a joint force searched a compound in the village of Aq Tepa, in the Chahar Dara district."
    places = by_text(text)
    assert places["Kunduz"].kind == "province"
    assert (primary_place(resolve(text)).name, primary_place(resolve(text)).admin2) == (
        "Aq Tepa",
        "Chahar Dara",
    )
    # alone, or called a city, it is the city
    assert by_text("Two policemen were killed in Kunduz on Monday.")["Kunduz"].kind == "town"
    assert (
        by_text("Fighting reached Kunduz city and Chahar Dara district.")["Kunduz"].kind == "town"
    )


def test_a_province_far_from_the_district_named_with_it_is_a_slip():
    place = primary_place(resolve("Two mine planters were killed in Sangin district, Ghazni."))
    assert (place.admin1, place.admin2) == ("Helmand", "Sangin")
    # a district near the province named with it: the text is kept (districts move between neighbours)
    near = named("Forces killed a leader in Ghormach district, Faryab province.")
    assert {p.admin1 for p in near} == {"Faryab"}


def test_the_centre_of_a_district_is_its_centre_town():
    for text in (
        "Fighting reached the centre of Andar district, Ghazni.",
        "Fighting in Andar district centre, Ghazni.",
    ):
        place = primary_place(resolve(text))
        assert (place.name, place.kind, place.admin2, place.geo_precision) == (
            "Miray",
            "town",
            "Andar",
            1,
        )
    assert primary_place(resolve("Fighting in Andar district of Ghazni.")).kind == "district"
    # the seat GeoNames calls "Hukumat-e Nad Ali" is named after its district
    seat = primary_place(resolve("Forces retook the Nad Ali district centre in Helmand."))
    assert (seat.name, seat.kind) == ("Nad-e Ali", "town")


def test_a_lower_case_word_completing_a_district_name():
    place = primary_place(
        resolve("A militia member was killed in the Ali abad district of Kunduz province.")
    )
    assert (place.kind, place.admin2) == ("district", "Ali Abad")


def test_a_province_misspelt_is_still_the_province_and_a_foreign_one_is_not_ours():
    place = primary_place(
        resolve("Forces killed insurgents in Nawah district, Ghanzi province, yesterday.")
    )
    assert (place.admin1, place.admin2) == ("Ghazni", "Nawa")
    assert (
        by_text("Soldiers died in the Qarghayi district of Laghma province.")["Laghma"].admin1
        == "Laghman"
    )
    assert not named("Clashes in Punjab province killed four.")  # not Panjab district, Bamyan


def test_spaced_apostrophe_spellings():
    place = by_text("Commandos searched a village in Qal’ eh ye Zal district, July 12.")[
        "Qal’ eh ye Zal"
    ]
    assert (place.kind, place.admin1) == ("district", "Kunduz")


# --- abroad: villages the world gazetteer lacks, in the story's focus country ----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sentence names the division: each listed village lies in it
        ("Syrian troops shelled rebel positions in Idlib province on Monday. Government forces "
         "captured the villages of Kafr Sabbah and Tal Jibrin in Idlib province, a monitor said.",
         {"Kafr Sabbah": "Idlib", "Tal Jibrin": "Idlib"}),
        # nothing beside the villages: the division of the scene told just before
        ("Syrian troops advanced north of Aleppo on Monday, a monitor said. Kurdish fighters secured "
         "the villages of Ain Sawda and Marj Hanin from rebels.",
         {"Ain Sawda": "Aleppo", "Marj Hanin": "Aleppo"}),
        # "then" in a list, and an Arabic article written in lower case
        ("The Syrian army advanced near Homs on Friday, Syrian state media said. The army took the "
         "towns of Qabr Salman and then al-Mazhara overnight.",
         {"Qabr Salman": "Homs", "al-Mazhara": "Homs"}),
        # the scene is the places named last, in text order: villages a frame added earlier in the
        # story ("the villages of ...") do not hide the towns named since, and a village of the
        # scene lends its division too
        ("Syrian troops took the villages of Tal Sousin, Ain Hamra and Kafr Nabudah near Homs on Monday, a "
         "monitor said. Kurdish fighters hold the town of Manbij, east of Jarablus. They seized the villages of "
         "Umm Tuyur and Qarat Harab from rebels.",
         {"Tal Sousin": "Homs", "Umm Tuyur": "Aleppo", "Qarat Harab": "Aleppo"}),
        ("Rebels said they had taken the villages of Ain Sawda and Marj Hanin in Aleppo province. "
         "They later took the village of Khirbet Zaatar.",
         {"Khirbet Zaatar": "Aleppo"}),
        # "in X village", the kind word after the name and nothing beside it
        ("Islamic State militants attacked government-held areas of Deir ez-Zor city on Saturday. "
         "The state news agency said the militants killed dozens of civilians in Baqaliyat village.",
         {"Baqaliyat": "Deir ez-Zor"}),
    ],
)
def test_villages_abroad_named_as_such_are_places_of_the_focus_country(text, expected):
    from frontlines.ingest import article_from_string
    from frontlines.pipeline import analyse

    article = analyse(article_from_string(text, published="2016-02-08"))
    found = {p.text: p for p in article.places if p.kind == "village"}
    for name, division in expected.items():
        assert name in found and found[name].country_code == "SY" and found[name].admin1 == division
    located = {e.location for e in article.events}
    assert set(expected) <= located  # one event at each village of the list (events.sites)


def test_a_village_list_abroad_needs_a_foreign_focus():
    # in an Afghan story, a list of villages with no district or province beside it stays unplaced
    from frontlines.ingest import article_from_string
    from frontlines.pipeline import analyse

    article = analyse(article_from_string(
        "Afghan forces cleared the villages of Zarin Kalay and Spin Ghar in Kandahar province on Monday, "
        "officials said. Taliban fighters later retook the villages of Tor Khel and Sur Kalay.",
        published="2016-02-08"))
    assert not [p for p in article.places if p.text in ("Tor Khel", "Sur Kalay")]


def test_a_nationality_before_a_frame_word_is_no_village():
    from frontlines.ingest import article_from_string
    from frontlines.pipeline import analyse

    article = analyse(article_from_string(
        "Syrian troops advanced north of Aleppo on Friday. Turkish forces shelled Kurdish militia targets "
        "near the northern Syrian town of Azaz on Saturday, a monitor said.", published="2016-02-13"))
    assert not [p for p in article.places if p.text == "Syrian"]
    assert [p for p in article.places if p.name == "Azaz" and p.admin1 == "Aleppo"]


def test_a_village_beside_another_countrys_town_is_not_in_the_focus_country():
    from frontlines.ingest import article_from_string
    from frontlines.pipeline import analyse

    article = analyse(article_from_string(
        "Syrian troops entered the historic town of Palmyra on Thursday, Syrian state TV said. Syrian "
        "jets struck Raqqa on Friday. In neighbouring Iraq, Iraqi forces retook villages on the outskirts "
        "of the town of Qaraj Dagh, east of Mosul.", published="2016-03-24"))
    assert not [p for p in article.places if p.text == "Qaraj Dagh" and p.country_code == "SY"]
    # ... but in the division of the other country's town the sentence names
    assert [(p.country_code, p.admin1) for p in article.places if p.text == "Qaraj Dagh"] == [("IQ", "Nineveh")]


def test_a_demonym_before_the_frame_word_names_the_country_of_an_unknown_town():
    # "the Tunisian town of X" in a story about Libya: the town is Tunisian
    from frontlines.pipeline import extract

    text = (
        "TRIPOLI (Reuters) - Libya's rival governments met in Tripoli on Sunday. "
        "Gunmen stormed through the Tunisian town of Qasr Hallouf near the Libyan border on Monday, "
        "attacking an army post, officials said. Libya has slipped into chaos since 2011."
    )
    events = [e for e in extract(text, "2016-03-07") if e.kind == "incident"]
    assert [(e.country, e.location) for e in events] == [("Tunisia", "Qasr Hallouf")]
    # ... and with a modifier between them: "the Tunisian border town of X"
    events = [e for e in extract(text.replace("Tunisian town", "Tunisian border town"), "2016-03-07")
              if e.kind == "incident"]
    assert [(e.country, e.location) for e in events] == [("Tunisia", "Qasr Hallouf")]


def test_a_known_town_named_as_one_keeps_its_own_division_abroad():
    # "the town of X" with nothing beside it would lie in the scene's division; a town of that
    # name the world gazetteer knows in the same country is that town, wherever it lies
    from frontlines.ingest import article_from_string
    from frontlines.pipeline import analyse

    article = analyse(article_from_string(
        "Malian soldiers killed two gunmen in a gun battle in Kidal region on Monday, while three others were "
        "arrested in the town of Gao, the army said.", published="2016-02-15"))
    [gao] = [p for p in article.places if p.text == "Gao"]
    assert (gao.kind, gao.country_code, gao.admin1) == ("town", "ML", "Gao")


def test_a_village_in_a_sentence_set_in_another_country_lies_in_that_countrys_division():
    from frontlines.ingest import article_from_string
    from frontlines.pipeline import analyse

    article = analyse(article_from_string(
        "Syrian troops entered the historic town of Palmyra on Thursday, Syrian state TV said. Syrian "
        "jets struck Raqqa on Friday. Iraqi forces retook several villages on the outskirts of the town of "
        "Qaraj Dagh, east of Mosul, on Thursday morning.", published="2016-03-24"))
    assert [(p.country_code, p.admin1) for p in article.places if p.text == "Qaraj Dagh"] == [("IQ", "Nineveh")]
