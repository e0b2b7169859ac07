"""Actors named in ACLED's style from the many ways news names them (events/data/actors)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontlines import extract
from frontlines.events import actors
from frontlines.events.actors import Context
from frontlines.nlp.model import load_model

GHANI_ERA = Context(country="AF", date=dt.date(2019, 5, 1))


def names(text: str, context: Context = GHANI_ERA) -> list[str]:
    doc = load_model()(text)
    return [actors.resolve(m, context) for m in actors.find_mentions(doc, context.country)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Afghan forces attacked the post.", "Military Forces of Afghanistan (2014-)"),
        ("ANSF units arrived.", "Military Forces of Afghanistan (2014-)"),
        ("The ANA withdrew.", "Military Forces of Afghanistan (2014-)"),
        ("Commandos raided the village.", "Military Forces of Afghanistan (2014-) Special Forces"),
        ("Special Operations Command said so.", "Military Forces of Afghanistan (2014-) Special Forces"),
        ("Policemen were killed.", "Police Forces of Afghanistan (2014-)"),
        ("NDS agents arrested him.", "Police Forces of Afghanistan (2014-) National Directorate of Security"),
        ("Afghan Local Police fought back.", "Police Forces of Afghanistan (2014-) Afghan Local Police"),
        ("Pro-government militia fighters died.", "Militia (Pro-Government)"),
        ("Two Arbaki were wounded.", "Militia (Pro-Government)"),
        ("Taliban militants attacked.", "Taliban"),
        ("Insurgents attacked.", "Taliban"),
        ("IS-K claimed the attack.", "Islamic State (Afghanistan)"),
        ("Daesh fighters fled.", "Islamic State (Afghanistan)"),
        ("NATO aircraft struck.", "NATO: North Atlantic Treaty Organization"),
        ("US forces took part.", "NATO: North Atlantic Treaty Organization"),
        ("Three civilians died.", "Civilians (Afghanistan)"),
    ],
)
def test_afghan_actors(text, expected):
    assert expected in names(text)


def test_acronyms_match_only_in_capitals():
    # "is" and "us" are words, "IS" and "US" are names
    assert names("It is said they told us nothing.") == []


def test_the_state_is_named_by_the_government_it_serves():
    karzai = Context(country="AF", date=dt.date(2011, 3, 1))
    assert names("Afghan soldiers died.", karzai) == ["Military Forces of Afghanistan (2004-2014)"]
    assert names("Afghan soldiers died.") == ["Military Forces of Afghanistan (2014-)"]


def test_unnamed_fighters_are_the_group_the_article_is_about():
    context = Context(country="AF", date=dt.date(2019, 5, 1), named_group="Islamic State (Afghanistan)")
    assert names("Militants attacked the post.", context) == ["Islamic State (Afghanistan)"]
    elsewhere = Context(country="NG", date=dt.date(2019, 5, 1))
    assert names("Militants attacked the post.", elsewhere) == ["Unidentified Armed Group (Nigeria)"]


def test_generic_actors_of_any_country():
    context = Context(country="KE", date=dt.date(2020, 1, 1))
    assert names("Soldiers and police officers dispersed protesters.", context) == [
        "Military Forces of Kenya", "Police Forces of Kenya", "Protesters (Kenya)",
    ]


def test_demonyms_name_foreign_forces():
    assert names("Pakistani troops shelled the border.") == ["Military Forces of Pakistan"]
    us = Context(country="SY", date=dt.date(2019, 5, 1))
    assert names("American soldiers patrolled.", us) == ["Military Forces of the United States (2017-2021)"]


def test_nato_contingents_in_afghanistan():
    assert names("Four Romanian soldiers were wounded.") == ["NATO: North Atlantic Treaty Organization"]


def test_named_groups_of_other_conflicts():
    context = Context(country="SO", date=dt.date(2020, 1, 1))
    assert names("Al-Shabaab fighters attacked the base.", context) == ["Al Shabaab"]


def test_a_modifier_is_not_an_actor():
    # the prosecutor is the victim; "military" only describes him
    assert names("Taliban killed a military prosecutor.") == ["Taliban", "Civilians (Afghanistan)"]


def test_every_country_file_override_points_to_known_entries():
    book = actors.book()
    for mapping in book.overrides.values():
        for source, target in mapping.items():
            assert source in book.entries and target in book.entries


@pytest.mark.parametrize(
    "text, sub_event_type, actor1, actor2",
    [
        # ACLED: the demonstrators are actor1 and whoever intervened actor2, however the sentence runs
        ("Police fired tear gas at hundreds of protesters in Nairobi on Monday.",
         "Protest with intervention", "Protesters (Kenya)", "Police Forces of Kenya"),
        # people protesting are Protesters, whoever they are; rioting demonstrators are Rioters
        ("Hundreds of nurses marched peacefully through Nairobi on Monday to demand unpaid wages.",
         "Peaceful protest", "Protesters (Kenya)", None),
        ("Demonstrators burned tyres and threw stones at police in Lagos on Monday.",
         "Violent demonstration", "Rioters (Nigeria)", "Police Forces of Nigeria"),
        # excessive force: the force that used it first, the protesters second
        ("Police shot dead five protesters in Khartoum on Monday.",
         "Excessive force against protesters", "Police Forces of Sudan", "Protesters (Sudan)"),
    ],
)
def test_demonstrations_name_the_crowd_as_acled_does(text, sub_event_type, actor1, actor2):
    (event, *_) = extract(text, published="2023-07-11")
    assert (event.sub_event_type, event.actor1, event.actor2) == (sub_event_type, actor1, actor2)
