"""Several deeds in one sentence: clauses of their own, lists of places, and the dates and states
that say whether a deed is this story's incident (sentences written for these tests)."""

from __future__ import annotations

import conftest
import pytest

from frontlines.events.temporal import event_date
from frontlines.pipeline import extract


def _events(text: str, published: str):
    return [e for e in conftest.incidents(text, published) if e.kind == "incident"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kurdish-backed forces were fighting with insurgent groups near Tel Rifaat in the northern Aleppo "
         "countryside on Sunday, while further south, government forces renewed their shelling of rebel positions "
         "to the northwest of Aleppo city.",
         {("Armed clash", "Tel Rifaat"), ("Shelling/artillery/missile attack", "Aleppo")}),
        ("Taliban fighters attacked a police checkpoint in Andar district of Ghazni province on Monday, while US "
         "drones struck a Taliban compound in Nawa district of Helmand province.",
         {("Armed clash", "Andar"), ("Air/drone strike", "Nawa-e Barakzai")}),
        # the main clause around the inner one takes none of its places
        ("Soldiers killed two insurgents in a gun battle in Ghazni province, while three others were arrested in "
         "the city of Pul-e Khumri.",
         {("Armed clash", "Ghazni"), ("Arrests", "Pul-e Khumri")}),
    ],
)
def test_a_deed_told_in_a_clause_of_its_own_is_an_event_at_its_own_place(text, expected):
    found = {(e.sub_event_type, e.location) for e in _events(text, "2016-02-15")}
    assert expected <= found


def test_the_shelling_clause_names_its_own_doer():
    text = ("Kurdish-backed forces were fighting with insurgent groups near Tel Rifaat on Sunday, while further "
            "south, government forces renewed their shelling of rebel positions northwest of Aleppo city.")
    shelling = [e for e in _events(text, "2016-02-15") if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert shelling and shelling[0].actor1.startswith("Military Forces of Syria")


def test_coordinated_verbs_of_one_incident_stay_one_event():
    text = ("On Monday, 3 Taliban militants were killed and 1 was wounded by Afghan military airstrikes in "
            "Maruf district, Kandahar.")
    events = _events(text, "2019-05-28")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


def test_a_prospect_in_the_other_clause_is_no_event():
    text = ("The Turkish army shelled Kurdish militia in northern Syria for a second day on Sunday, while Russia "
            "made clear it would continue bombing Syrian rebel targets.")
    assert [e.sub_event_type for e in _events(text, "2016-02-14")] == ["Shelling/artillery/missile attack"]


def test_a_place_and_its_own_province_are_one_place():
    text = "Taliban fighters attacked a police post in Kunduz city in Kunduz province on Monday."
    assert len(_events(text, "2016-02-15")) == 1


def test_a_place_named_after_a_verb_is_not_in_the_list():
    # "Kabul" ends the list of the attack's places: it is where the ministry spoke
    text = "Gunmen attacked a police post in Kunduz city on Monday, the ministry in Kabul said."
    assert {e.admin1 for e in _events(text, "2016-02-15")} == {"Kunduz"}


def test_fighters_clashing_with_police_is_a_battle_and_protesters_a_demonstration():
    assert [e.sub_event_type for e in _events("Taliban fighters clashed with police in Kunduz city on Monday.",
                                              "2016-01-13")] == ["Armed clash"]
    assert [e.sub_event_type for e in _events("Protesters clashed with police in Kabul on Monday.",
                                              "2016-01-13")] == ["Violent demonstration"]


def test_a_deed_lasting_years_is_a_state_not_an_incident_but_days_are_an_incident():
    assert not _events("Government forces have besieged rebel-held areas near Damascus for several years.",
                       "2016-01-11")
    assert [e.sub_event_type for e in _events(
        "Taliban fighters clashed with police for two days in Kunduz city.", "2016-01-11")] == ["Armed clash"]


def test_a_withdrawal_demanded_of_another_party_is_not_a_transfer():
    text = ("Turkey began shelling while demanding that the YPG militia withdraw from areas it has captured from "
            "Syrian rebels in the northern Aleppo region.")
    types = {e.sub_event_type for e in _events(text, "2016-02-14")}
    assert "Non-violent transfer of territory" not in types and "Shelling/artillery/missile attack" in types


@pytest.mark.parametrize(
    "sentence, background",
    [
        ("There was a spate of militant attacks in the 2000s, the deadliest of which was a nightclub bombing.", True),
        ("In the 1990s, the Taliban captured Kabul.", True),
        ("Militants stormed the post on Monday.", False),
    ],
)
def test_a_decade_dates_history(sentence, background):
    assert event_date(sentence, "2016-01-15").background is background


def test_a_possessive_date_of_the_deed_itself_dates_it_but_not_an_occasion_referred_to():
    pub = "2016-01-16"  # a Saturday
    assert _events("Seven people were killed in Thursday's attack in Jakarta.", pub)[0].event_date == "2016-01-14"
    assert _events("Thursday's attack in Jakarta killed seven people.", pub)[0].event_date == "2016-01-14"
    arrests = _events("Police arrested three suspects over Thursday's attack in Jakarta.", pub)
    assert arrests and arrests[0].event_date == "2016-01-16"


@pytest.mark.parametrize(
    "lead, state, place",
    [
        ("A suicide bomber killed 10 people in Aden on Monday.",
         "Backed by a Saudi-led coalition, government forces have been battling the Houthi militia in Taiz.", "Aden"),
        ("A car bomb killed 10 people in Damascus on Monday.",
         "Islamist rebels, who are battling government forces in Idlib province, claimed the attack.", "Damascus"),
        ("A car bomb killed 10 people in Damascus on Monday.",
         "The group, which is fighting the army in Idlib province, claimed the attack.", "Damascus"),
    ],
)
def test_an_ongoing_war_told_in_the_progressive_is_a_state(lead, state, place):
    assert {e.location for e in _events(f"{lead} {state}", "2016-02-15")} == {place}


def test_a_dated_progressive_is_an_event():
    lead = "A suicide bomber killed 10 people in Aden on Monday."
    found = _events(f"{lead} Government forces have been battling the Houthi militia in Taiz since Sunday.",
                    "2016-02-15")
    assert {e.location for e in found} == {"Aden", "Taiz"}


def test_a_deed_a_day_before_the_main_one_is_an_event_of_its_own_day():
    text = ("Islamic State fighters attacked an army convoy near Khanasser in Aleppo province on Monday, a day after "
            "the group set off two car bombs in Homs.")
    found = {(e.sub_event_type, e.admin1, e.event_date) for e in _events(text, "2016-02-23")}
    assert ("Remote explosive/landmine/IED", "Homs", "2016-02-21") in found
    assert any(admin1 == "Aleppo" and date == "2016-02-22" for _, admin1, date in found)


def test_two_clauses_of_one_sentence_set_on_different_days_are_never_one_event():
    # "Islamic State attacked the supply route, a day after the group set off car bombs in Hama":
    # even when the main clause has no date of its own to keep them apart
    from frontlines.events.assemble import Cluster, _joins
    from frontlines.events.detect import Mention

    attack = Mention(4, "Armed clash", 2, 0.9, clause=(0, 60))
    bombs = Mention(4, "Remote explosive/landmine/IED", 14, 0.9, clause=(62, 120), days_before=1)
    cluster = Cluster()
    cluster.mentions.append(attack)
    assert not _joins(cluster, bombs)
    assert _joins(cluster, Mention(4, "Armed clash", 14, 0.9, clause=(62, 120)))  # the same day: it may
    assert not _joins(cluster, Mention(4, "Armed clash", 14, 0.9, clause=(62, 120), days_before=1))


def test_fighting_with_no_side_and_no_place_is_the_state_of_the_war():
    for state in ("Warring parties in Syria have continued to fight and jostle for territory on Friday ahead of "
                  "a partial cease-fire.", "Fierce fighting was still underway in Syria on Friday, activists said."):
        assert _events(state, "2016-02-27") == []
    # ... but fighting at a place the gazetteer lacks is an event
    kept = _events("Fighting continued on Friday on the eastern outskirts of Kafr Zita, a monitor said.", "2016-02-27")
    assert [e.sub_event_type for e in kept] == ["Armed clash"]
    # with a side named, fighting in a country is an event
    named = _events("Government forces fought Islamic State fighters in Syria on Friday, activists said.", "2016-02-27")
    assert [e.sub_event_type for e in named] == ["Armed clash"]


def test_a_deed_noun_a_day_before_the_main_one_is_an_event_of_its_own_day():
    text = ("Police arrested three men in raids across the country on Friday, a day after an attack by suicide "
            "bombers in Jakarta.")
    found = {(e.sub_event_type, e.location, e.event_date) for e in _events(text, "2016-01-15")}
    assert ("Suicide bomb", "Jakarta", "2016-01-14") in found


def test_an_after_clause_with_no_measure_is_not_split():
    # "after" alone may reach back months: no day to give the earlier deed
    text = ("Islamic State fighters attacked an army convoy near Khanasser in Aleppo province on Monday, after "
            "the group set off two car bombs in Homs.")
    assert "Homs" not in {e.admin1 for e in _events(text, "2016-02-23")}


def test_the_toll_of_a_campaign_is_a_statistic():
    text = ("Government forces retook the town of Sheikh Miskeen on Sunday, state media said. Around 180 soldiers "
            "were killed in the campaign to retake the town, the monitor said.")
    kinds = {e.kind for e in extract(text, published="2016-03-27") if e.fatalities == 180}
    assert kinds == {"statistic"}


def test_each_clause_keeps_its_own_figures():
    text = ("Soldiers killed two insurgents in a gun battle in Ghazni province, while three others were arrested in "
            "the city of Pul-e Khumri.")
    found = {e.sub_event_type: e for e in _events(text, "2016-02-15")}
    assert found["Armed clash"].fatalities == 2
    assert found["Arrests"].fatalities in (0, None) and found["Arrests"].detained == 3


@pytest.mark.parametrize(
    "text",
    [
        "Five militants were killed in one strike while six others were killed in a second strike.",
        "Five fighters lost their lives in one strike while six others lost their lives in a second strike.",
    ],
)
def test_a_toll_broken_down_by_while_is_one_deed_not_two(text):
    from frontlines.events.clauses import deed_clauses
    from frontlines.nlp.model import load_model

    assert deed_clauses(load_model()(text)) == []


@pytest.mark.parametrize(
    "text, mob",
    [
        ("The strike hit the weekly market at midday, when it was crowded with villagers buying qat.", False),
        ("A suicide bomber blew himself up at the entrance to a crowded market in Baghdad.", False),
        ("Shoppers crowded the stalls when the bomber struck.", False),
        ("A crowd attacked a police station in Kano on Monday.", True),
    ],
)
def test_a_crowded_place_is_no_crowd(text, mob):
    from frontlines.events import lexicon
    from frontlines.nlp.model import load_model

    doc = load_model()(text)
    assert any(c.signal == "mob" for c in lexicon.cues(doc)) is mob
