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
        # the crowd named by who they are ("teachers") or not at all: still the Protesters
        ("Police broke up a protest by teachers in Nairobi on Monday.",
         "Protest with intervention", "Protesters (Kenya)", "Police Forces of Kenya"),
        ("Riot police used tear gas to disperse a march in Harare on Monday.",
         "Protest with intervention", "Protesters (Zimbabwe)", "Police Forces of Zimbabwe"),
        # a crackdown on a group is no demonstration: the authorities' arrests are the police's
        ("The authorities detained three Russian nationals in Istanbul on Tuesday as part of the "
         "crackdown on Islamic State.", "Arrests", "Police Forces of Turkey", "Islamic State"),
        # excessive force: the force that used it first, the protesters second
        ("Police shot dead five protesters in Khartoum on Monday.",
         "Excessive force against protesters", "Police Forces of Sudan", "Protesters (Sudan)"),
    ],
)
def test_demonstrations_name_the_crowd_as_acled_does(text, sub_event_type, actor1, actor2):
    (event, *_) = extract(text, published="2023-07-11")
    assert (event.sub_event_type, event.actor1, event.actor2) == (sub_event_type, actor1, actor2)


# --- actors of any country, named for where the event happens (events/localise.py) ----------

SYRIA_2016 = Context(country="SY", date=dt.date(2016, 2, 10))
IRAQ_2016 = Context(country="IQ", date=dt.date(2016, 2, 10))


def test_islamic_state_has_no_country_suffix_except_in_afghanistan():
    # ACLED spells the group "Islamic State" wherever it acts; AF.yaml renames it for its branch
    for country in ("SY", "IQ", "TR", "ID", "YE"):
        context = Context(country=country, date=dt.date(2016, 2, 10))
        assert names("Islamic State fighters attacked the town.", context) == ["Islamic State"]
    assert names("Islamic State fighters attacked the town.") == ["Islamic State (Afghanistan)"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russian jets struck the village.", "Military Forces of Russia (2000-)"),
        ("Russian air strikes hit the village.", "Military Forces of Russia (2000-)"),
        ("Turkish shelling hit the village.", "Military Forces of Turkey"),
        ("A U.S. drone struck the convoy.", "Military Forces of the United States (2009-2017)"),
        # the demonym and the generic word modifying one noun; the nationality said after the word
        ("A U.S. drone strike hit the convoy.", "Military Forces of the United States (2009-2017)"),
        ("Jets believed to be Russian struck the village.", "Military Forces of Russia (2000-)"),
        ("Warplanes that residents said were Turkish struck the village.", "Military Forces of Turkey"),
        ("Iranian troops fought in the south.", "Military Forces of Iran"),
        ("The Syrian army shelled the town.", "Military Forces of Syria (2000-)"),
        ("Regime forces shelled the town.", "Military Forces of Syria (2000-)"),
        ("Allied militia fighters manned the checkpoint.", "Militia (Pro-Government)"),
        ("National Defence Forces fighters manned the checkpoint.", "NDF: National Defense Forces"),
        ("Rebels fired mortars.", "Opposition Rebels (Syria)"),
        ("Insurgents fired mortars.", "Opposition Rebels (Syria)"),
        ("Free Syrian Army brigades fired mortars.", "Free Syrian Army"),
        ("Nusra Front fighters fired mortars.", "Jabhat al Nusra"),
        ("Ahrar al-Sham fighters fired mortars.", "Ahrar al Sham"),
        ("Jaish al-Islam fighters fired mortars.", "Jaish al Islam"),
        ("The Kurdish YPG militia advanced.", "YPG: People's Protection Units"),
        ("The U.S.-backed Syrian Democratic Forces advanced.", "SDF: Syrian Democratic Forces"),
        ("Hezbollah fighters advanced.", "Hezbollah"),
        ("The U.S.-led coalition struck the bridge.", "Coalition (US-led)"),
    ],
)
def test_syrian_actors(text, expected):
    assert expected in names(text, SYRIA_2016)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Iraqi troops entered the town.", "Military Forces of Iraq (2014-2018)"),
        ("Counter-Terrorism Service units entered the town.",
         "Military Forces of Iraq (2014-2018) Counter Terrorism Service"),
        ("Shi'ite militias entered the town.", "PMF: Popular Mobilization Forces"),
        ("Hashd al-Shaabi fighters entered the town.", "PMF: Popular Mobilization Forces"),
        ("Kurdish Peshmerga forces entered the town.", "Peshmerga"),
        ("Militants entered the town.", "Islamic State"),
        ("Coalition aircraft struck the bridge.", "Coalition (US-led)"),
    ],
)
def test_iraqi_actors(text, expected):
    assert expected in names(text, IRAQ_2016)


def test_a_demonym_before_civilians_or_gunmen_is_their_nationality_not_the_place():
    turkey = Context(country="TR", date=dt.date(2016, 1, 12), named_group="Islamic State")
    # German tourists killed in Istanbul are civilians of Turkey; a bomber "from Syria" is the group's
    assert names("A Syrian suicide bomber killed ten German tourists.", turkey) == [
        "Islamic State", "Civilians (Turkey)",
    ]


def test_a_demonym_names_another_country_beside_a_named_army():
    assert names("Syrian and Russian warplanes bombed the town.", SYRIA_2016) == [
        "Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)",
    ]


def test_a_country_doing_a_deed_is_its_army_but_not_when_it_only_speaks():
    assert names("Turkey shelled the border villages.", SYRIA_2016) == ["Military Forces of Turkey"]
    assert names("Turkey demanded a halt to the advance.", SYRIA_2016) == []


def test_generic_rebels_of_syria_do_not_hide_the_group_the_article_names():
    nusra = Context(country="SY", date=dt.date(2016, 2, 10), named_group="Jabhat al Nusra")
    assert names("Militants attacked the post and rebels fled.", nusra) == [
        "Jabhat al Nusra", "Opposition Rebels (Syria)",
    ]
    assert names("Militants attacked the post.", SYRIA_2016) == ["Opposition Rebels (Syria)"]


STORY_ELSEWHERE = (
    "JAKARTA (Reuters) - Indonesian police arrested four men in Jakarta on Friday over a plot to bomb "
    "a shopping mall, police said. "
    "On Tuesday, a suicide bomber killed ten tourists in Istanbul's Sultanahmet square."
)


def test_actors_are_named_for_the_country_of_the_event_place():
    events = extract(STORY_ELSEWHERE, published="2016-01-15")
    bombing = next(e for e in events if e.sub_event_type == "Suicide bomb")
    assert bombing.country == "Turkey"
    assert bombing.actor2 == "Civilians (Turkey)"
    arrests = next(e for e in events if e.sub_event_type == "Arrests")
    assert arrests.actor1 == "Police Forces of Indonesia"


@pytest.mark.parametrize(
    "text, name, country, code, kind, verb",
    [
        ("Soldiers killed two militants, the ministry in Ankara said.", "Ankara", "Turkey", "TR", None, "killed"),
        ("Soldiers advanced with Moscow's help.", "Moscow", "Russia", "RU", None, "advanced"),
        # rockets fired from across the border land where they land
        ("Rockets fired from Pakistan hit two villages.", "Pakistan", "Pakistan", "PK", "country", "hit"),
    ],
)
def test_a_place_named_in_another_clause_does_not_rename_the_actors(text, name, country, code, kind, verb):
    from frontlines.events.localise import _in_clause
    from frontlines.models import Place

    doc = load_model()(text)
    start = text.index(name)
    place = Place(name, start, start + len(name), name, country, code, kind=kind)
    deed = next(t.i for t in doc if t.lower_ == verb)
    assert not _in_clause(doc, 0, place, deed)


@pytest.mark.parametrize(
    "text, sub_event_type, actor1, actor2",
    [
        # the target of the attack, from the event's own clause
        ("Turkish artillery shelled YPG positions near Azaz in northern Syria on Sunday.",
         "Shelling/artillery/missile attack", "Military Forces of Turkey", "YPG: People's Protection Units"),
        # the side that lost the place; the ally's air strikes are not the other side
        ("Syrian government forces recaptured the town of Qaryatain from Islamic State on Sunday "
         "with support from Russian air strikes.",
         "Government regains territory", "Military Forces of Syria (2000-)", "Islamic State"),
        # an unattributed air strike is the state's, its victims civilians
        ("An air strike killed eight civilians in the town of Douma, near Damascus, on Monday.",
         "Air/drone strike", "Military Forces of Syria (2000-)", "Civilians (Syria)"),
        # a place only civilians use, struck, names them as the target
        ("Russian warplanes hit two hospitals in Idlib province on Monday.",
         "Air/drone strike", "Military Forces of Russia (2000-)", "Civilians (Syria)"),
        # the state's ally doing another deed is not its enemy
        ("Russian warplanes struck rebel positions near Aleppo on Monday in support of the Syrian army's offensive.",
         "Air/drone strike", "Military Forces of Russia (2000-)", "Opposition Rebels (Syria)"),
        # unnamed bombers attacking the one group named are not that group's own
        ("Two suicide bombers attacked YPG fighters at the Tishrin dam in Aleppo province on Friday, "
         "killing three, the YPG said.",
         "Suicide bomb", "Unidentified Armed Group (Syria)", "YPG: People's Protection Units"),
        # what the bomber drove into is the target (the bomber: SY.yaml's unnamed armed group)
        ("A suicide bomber drove a truck into a police officers' club in Homs on Tuesday, killing six.",
         "Suicide bomb", "Opposition Rebels (Syria)", "Police Forces of Syria (2000-)"),
    ],
)
def test_the_other_party_comes_from_the_event_clause(text, sub_event_type, actor1, actor2):
    (event, *_) = extract(text, published="2016-02-15")
    assert (event.sub_event_type, event.actor1, event.actor2) == (sub_event_type, actor1, actor2)


def test_arrests_by_the_authorities_are_the_police_s():
    (event, *_) = extract("Turkish authorities detained three foreign nationals in Istanbul on Wednesday "
                          "over suspected links to Islamic State.", published="2016-01-13")
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Arrests", "Police Forces of Turkey", "Islamic State")


def test_a_battle_told_by_its_dead_names_the_side_they_clashed_with_first():
    # as ACLED codes such reports: the side the victims clashed with is actor1
    (event, *_) = extract("Two soldiers were killed in clashes with Taliban militants in Nad-e Ali "
                          "district, Helmand, on Monday.", published="2019-05-14")
    assert (event.actor1, event.actor2) == ("Taliban", "Military Forces of Afghanistan (2014-)")


@pytest.mark.parametrize(
    "country, date, expected",
    [
        # al Qaeda's branch where the event happens (a per-country override, not code)
        ("SY", dt.date(2016, 2, 26), "Jabhat al Nusra"),
        ("YE", dt.date(2016, 3, 22), "AQAP: Al Qaeda in the Arabian Peninsula"),
        ("BF", dt.date(2016, 1, 16), "AQIM: Al Qaeda in the Islamic Maghreb"),
        ("BF", dt.date(2019, 1, 16), "JNIM: Group for Support of Islam and Muslims"),
        ("ML", dt.date(2018, 6, 1), "JNIM: Group for Support of Islam and Muslims"),
        ("AF", dt.date(2019, 5, 1), "Al Qaeda"),
    ],
)
def test_al_qaeda_is_named_for_its_branch_in_the_country(country, date, expected):
    assert names("Al Qaeda fighters attacked the base.", Context(country=country, date=date)) == [expected]


def test_a_foreign_ministry_s_own_forces_are_that_country_s():
    from frontlines.events import coreference

    doc = load_model()("Russia's defence ministry said its warplanes had struck 40 targets near Palmyra.")
    found = coreference.with_speakers(doc, actors.find_mentions(doc, "SY"))
    assert [actors.resolve(m, SYRIA_2016) for m in found] == [
        "Government of Russia", "Military Forces of Russia (2000-)",
    ]


def test_who_gives_support_is_an_ally_not_the_other_side():
    from frontlines.events import roles

    doc = load_model()("The hostages were freed in an operation that received support from French forces.")
    found = actors.find_mentions(doc, "BF")
    french = next(m for m in found if m.text == "forces")
    (role,) = [r for r in roles.assign(doc, found, set()) if r.mention is french]
    assert role.role == roles.ALLY


DRONE_ACROSS_THE_BORDER = (
    "KABUL (Reuters) - Taliban fighters attacked an army checkpoint in Kunduz province on Sunday, "
    "killing four Afghan soldiers, officials said. "
    "Separately, a U.S. drone struck a car carrying two Taliban commanders near a village in "
    "Pakistan's Baluchistan province on Saturday, Pakistani officials said."
)


def test_a_foreign_strike_across_the_border_is_named_for_the_striking_country():
    # in an Afghan story, U.S. forces in Afghanistan are NATO's contingent; their strike in
    # Pakistan (only the country is known to the gazetteer) is the United States' own
    from frontlines.events import build

    seen = []
    original = build.build_events

    def spy(article, facts, clusters, country=None):
        seen.extend(m for f in facts for m in f.mentions)
        return original(article, facts, clusters, country)

    import frontlines.events as events

    events.build_events, saved = spy, events.build_events
    try:
        extract(DRONE_ACROSS_THE_BORDER, published="2016-05-23")
    finally:
        events.build_events = saved
    strike = next(m for m in seen if m.sub_event_type == "Air/drone strike")
    assert strike.actor1_name == "Military Forces of the United States (2009-2017)"


@pytest.mark.parametrize(
    "text, doer, ally",
    [
        ("Syrian government forces, backed by Russian air strikes and Hezbollah fighters, launched an "
         "offensive near Aleppo on Monday, a monitor said.", "Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)"),
        ("The Kurdish YPG militia, helped by Russian air raids, seized an air base near Azaz on Tuesday, "
         "a monitor said.", "YPG: People's Protection Units", "Military Forces of Russia (2000-)"),
        ("Iraqi troops, supported by U.S.-led coalition jets, attacked Islamic State fighters near Ramadi "
         "on Sunday, the army said.", "Military Forces of Iraq (2014-2018)", "Coalition (US-led)"),
    ],
)
def test_who_is_backed_by_others_is_the_doer_and_they_are_not_its_enemy(text, doer, ally):
    # "X, backed by / helped by / supported by Y, did Z": Y is X's ally - neither the doer nor the other side
    events = extract(text, published="2016-02-10")
    assert events and events[0].actor1 == doer
    assert all(ally not in (e.actor1, e.actor2) for e in events if e.actor1 == doer)


@pytest.mark.parametrize(
    "text, gainer, loser",
    [
        # two non-state rivals: whom the place was taken from is actor2, not the state
        ("Kurdish fighters secured the village of Ain Daqna in Aleppo province from Islamist insurgents "
         "on Monday, a monitor said.", "YPG: People's Protection Units", "Opposition Rebels (Syria)"),
        ("Islamic State fighters seized the town of Maskanah from rebels on Tuesday, a monitor said.",
         "Islamic State", "Opposition Rebels (Syria)"),
    ],
)
def test_the_loser_of_a_change_is_whom_it_was_taken_from(text, gainer, loser):
    events = [e for e in extract(text, published="2016-02-10") if e.sub_event_type == "Non-state actor overtakes territory"]
    assert events and (events[0].actor1, events[0].actor2) == (gainer, loser)


@pytest.mark.parametrize(
    "text, actor1, actor2",
    [
        ("Fighting between Boko Haram and ISWAP fighters continued in Borno state on Monday, residents said.",
         "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Islamic State West Africa Province (ISWAP)"),
        ("Clashes between the Taliban and Afghan forces continued in Kunduz province on Monday.",
         "Taliban", "Military Forces of Afghanistan (2014-)"),
    ],
)
def test_fighting_between_two_named_groups_has_them_as_its_sides(text, actor1, actor2):
    # rivals though both non-state: neither side is the state's forces nobody named
    from conftest import main_incident

    event = main_incident(text, "2021-07-10")
    assert (event.actor1, event.actor2) == (actor1, actor2)


SYRIAN_LEAD = "BEIRUT (Reuters) - Syrian government forces pressed their offensive in Aleppo province on Monday. "


@pytest.mark.parametrize(
    "text, sub_event_type, actor1",
    [
        # the weapon named as the help of the deed is part of it: ACLED codes the battle
        ("Kurdish fighters, backed by Russian air strikes, attacked rebel positions near Azaz on Tuesday.",
         "Armed clash", "YPG: People's Protection Units"),
        ("The Kurdish YPG militia, helped by Russian air raids, seized an army base near Azaz on Tuesday.",
         "Armed clash", "YPG: People's Protection Units"),
        # ... and whoever gave the help is not the doer (nor does its demonym name the troops)
        ("With the support of Russian jets, government troops attacked rebel positions near Azaz on Tuesday.",
         "Armed clash", "Military Forces of Syria (2000-)"),
        # the strike as the deed itself, in support of another's offensive, stays a strike
        ("Russian jets struck rebel positions near Azaz on Tuesday in support of the army's offensive.",
         "Air/drone strike", "Military Forces of Russia (2000-)"),
    ],
)
def test_a_weapon_told_as_help_is_part_of_the_deed_it_helped(text, sub_event_type, actor1):
    events = [e for e in extract(SYRIAN_LEAD + text, published="2016-02-14") if "Azaz" in (e.location or "")]
    assert [(e.sub_event_type, e.actor1) for e in events] == [(sub_event_type, actor1)]


def test_units_are_state_forces():
    # "units" alone name the state's forces: their recapture is the government's, not the
    # article's armed group's
    from frontlines.pipeline import extract

    text = ("Iraqi troops fought Islamic State militants near Rutba on Monday. Elite units recaptured the "
            "southern district of Rutba after heavy clashes, a spokesman said.")
    changes = [e for e in extract(text, published="2016-03-22") if e.sub_event_type.endswith("territory")]
    assert changes and all(e.sub_event_type == "Government regains territory" for e in changes)


@pytest.mark.parametrize(
    "text",
    [
        "A man drove a lorry into crowds of people watching fireworks in Marseille on Thursday night, killing 12.",
        "Gunmen opened fire on a crowd at a wedding in Erbil on Saturday, killing six.",
    ],
)
def test_a_crowd_struck_away_from_a_demonstration_is_civilians(text):
    from frontlines.pipeline import extract

    [event] = [e for e in extract(text, published="2016-07-15") if e.kind == "incident"]
    assert event.sub_event_type == "Attack" and event.actor2.startswith("Civilians")
    assert event.actor1.startswith("Unidentified Armed Group")


def test_a_crowd_at_a_demonstration_is_the_demonstrators():
    from frontlines.pipeline import extract

    [event] = [e for e in extract("Police fired tear gas at a crowd of protesters in Kisumu on Monday.",
                                  published="2016-07-15") if e.kind == "incident"]
    assert event.actor1.startswith("Protesters")


@pytest.mark.parametrize(
    "text, doer",
    [
        ("Two ground attack jets of the U.S. Air Force struck Islamic State positions near Raqqa on Wednesday, "
         "a Syrian monitor said.", "Military Forces of the United States (2009-2017)"),
        ("Soldiers of the Turkish army shelled Kurdish militia positions near Azaz on Saturday, a monitor said.",
         "Military Forces of Turkey"),
    ],
)
def test_a_generic_word_owned_by_a_named_force_is_that_force(text, doer):
    from frontlines.pipeline import extract

    events = [e for e in extract(text, published="2016-02-11") if e.kind == "incident"]
    assert events and events[0].actor1 == doer
    assert all(doer != e.actor2 for e in events)


def test_who_holds_the_ground_fire_came_from_fired_it():
    from frontlines.pipeline import extract

    text = ("ANKARA (Reuters) - Two rockets fired from Islamic State-held territory across the border struck the "
            "town of Kilis on Sunday, wounding four people, the local governor said.")
    [event] = [e for e in extract(text, published="2016-04-11") if e.kind == "incident"]
    assert (event.sub_event_type, event.actor1) == ("Shelling/artillery/missile attack", "Islamic State")


def test_who_died_suffered_the_harm():
    from frontlines.events import actors, roles
    from frontlines.nlp.model import load_model

    doc = load_model()("Outlets reported that a 10th victim, a woman in her 20s, had died.")
    found = roles.assign(doc, actors.find_mentions(doc, "BE"), set())
    assert {r.mention.text: r.role for r in found}["victim"] == roles.PATIENT


def test_the_coalition_in_yemen_is_the_saudi_military():
    context = Context(country="YE", date=dt.date(2016, 6, 7))
    assert names("Saudi-led coalition warplanes struck the camp.", context) == ["Military Forces of Saudi Arabia"]
    assert names("Coalition jets struck the camp.", context) == ["Military Forces of Saudi Arabia"]


@pytest.mark.parametrize("text, actor2", [
    # the places a side holds, named by its name for its fighters, are that side's
    ("Islamic State fighters attacked Kurdish positions near Bashiqa in northern Iraq on Monday.", "Peshmerga"),
    ("Turkish jets struck Kurdish positions near Tal Rifaat in northern Syria on Monday.",
     "YPG: People's Protection Units"),
])
def test_the_positions_of_a_side_named_by_its_fighters_are_that_side(text, actor2):
    import conftest

    [event] = conftest.incidents(text, "2016-02-10")
    assert event.actor2 == actor2


def test_who_ended_an_attack_in_a_before_clause_did_not_make_it():
    import conftest

    [event] = conftest.incidents("A man stabbed two people to death in Kandahar on Monday before police shot "
                                 "him dead.", "2016-07-16")
    assert event.actor1 != "Police Forces of Afghanistan (2014-)"
    assert event.actor2 == "Civilians (Afghanistan)"
