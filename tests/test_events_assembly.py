"""Attribution, within-article merging, importance order, kinds and the stage's invariants."""

from __future__ import annotations

from pathlib import Path

import conftest
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.events import extract_events, may_hold_event
from frontlines.events.taxonomy import taxonomy
from frontlines.ingest import article_from_string
from frontlines.pipeline import analyse, analyse_many, extract

TYPES = Path(__file__).parents[1] / "src" / "frontlines" / "events" / "data" / "examples.tsv"


def incidents(text: str, published: str = "2021-05-04"):
    return conftest.incidents(text, published)


# --- attribution -------------------------------------------------------------------


def test_a_ministry_statement_is_reported():
    event = incidents("The defence ministry said 12 Taliban fighters were killed in an airstrike in Nawa district of Helmand on Monday.")[0]
    assert event.claim_status == "reported" and event.claimed_by is None
    assert event.sub_event_type == "Air/drone strike" and event.fatalities == 12


def test_an_armed_groups_claim_is_claimed_and_its_figures_not_counted():
    text = (
        "Two policemen were killed when a roadside bomb hit their vehicle in Gereshk on Sunday. "
        "The Taliban claimed that 15 policemen were killed in the attack."
    )
    event = incidents(text)[0]
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.fatalities == 2, "the claimed 15 widen the range but are not counted"
    assert event.fatalities_high is not None and event.fatalities_high >= 15


def test_a_report_not_confirmed_is_disputed():
    text = (
        "US special forces took part in fighting in Marjah district of Helmand on Friday, a newspaper reported. "
        "The report has not yet been confirmed by NATO."
    )
    event = incidents(text)[0]
    assert event.claim_status == "disputed"


# --- merging and order -------------------------------------------------------------------


def test_place_and_figures_from_later_sentences_join_the_event():
    text = (
        "Afghan forces launched an operation against the Taliban on Saturday. "
        "The fighting took place in Khan Abad district of Kunduz province. "
        "Fourteen militants were killed and six were wounded, the army corps said."
    )
    found = incidents(text)
    assert len(found) == 1
    event = found[0]
    assert event.sub_event_type == "Armed clash" and event.admin1 == "Kunduz"
    assert event.fatalities == 14 and len(event.evidence) == 3


def test_different_events_stay_apart_and_the_lead_comes_first():
    text = (
        "Taliban fighters attacked a police checkpoint in Nahrin district of Baghlan on Monday, killing three policemen. "
        "Separately, an airstrike killed seven militants in Chahar Dara district of Kunduz on Tuesday."
    )
    found = incidents(text)
    assert [e.sub_event_type for e in found] == ["Armed clash", "Air/drone strike"]
    assert [e.admin1 for e in found] == ["Baghlan", "Kunduz"]
    assert [e.fatalities for e in found] == [3, 7]


def test_the_same_deed_on_the_next_day_is_another_event():
    # ACLED: one event per incident, location and day - Monday's assault and Tuesday's
    # continued clashes around the same town are two events; a retelling of the same day joins
    text = (
        "Taliban fighters attacked checkpoints around Lashkar Gah in Helmand province on Monday, officials said. "
        "Fresh clashes with Afghan forces broke out around Lashkar Gah on Tuesday, the governor said. "
        "The attack on Monday killed four policemen, he added."
    )
    found = incidents(text, published="2021-05-04")
    assert [(e.event_date, e.location) for e in found] == [("2021-05-03", "Lashkar Gah"), ("2021-05-04", "Lashkar Gah")]
    assert found[0].fatalities == 4 and len(found[0].evidence) == 2


def test_history_and_totals_are_not_incidents():
    text = (
        "Taliban fighters attacked a checkpoint in Pul-e Khumri on Monday, killing two soldiers. "
        "The Taliban were driven from power by a US-led invasion in 2001. "
        "Some 1,600 civilians were killed in the first half of the year, the UN said."
    )
    found = extract(text, published="2021-07-27")
    kinds = {e.kind for e in found}
    assert [e.fatalities for e in found if e.kind == "incident"] == [2]
    assert "statistic" in kinds


@pytest.mark.parametrize(
    "text, published, types",
    [
        ("KABUL (Reuters) - American drones carried out at least eight strikes on Taliban positions south of "
         "Lashkar Gah overnight, officials said. "
         "The Afghan army said on Sunday it had captured two villages west of Lashkar Gah.",
         "2016-02-14", ["Air/drone strike", "Government regains territory"]),
        ("KABUL (Reuters) - Afghan forces fought Taliban fighters in Nad Ali district of Helmand on Saturday. "
         "Officials in Washington said American jets had made 12 strikes around Nad Ali in the last 24 hours, "
         "killing more than 30 militants.",
         "2016-03-26", ["Air/drone strike", "Armed clash"]),
    ],
)
def test_strikes_by_another_party_are_not_the_battle_beside_them(text, published, types):
    # the air support of a side of the ground battle is the battle; a named other party's strikes
    # told beside an advance or a battle are an event of their own
    found = incidents(text, published)
    assert sorted(e.sub_event_type for e in found) == types
    strike = next(e for e in found if e.sub_event_type == "Air/drone strike")
    assert strike.admin1 == "Helmand"


def test_a_war_toll_in_a_sentence_naming_no_place_is_a_statistic():
    # the place of the sentence before does not make the war's toll an incident there
    text = (
        "Houthi fighters in Yemen shelled Taiz on Monday, residents said. "
        "Talks stalled because the warring parties - the government and the Houthis - did not sign, "
        "in a war that has killed 10,000 people."
    )
    found = extract(text, published="2016-02-14")
    assert [e.sub_event_type for e in found if e.kind == "incident"] == ["Shelling/artillery/missile attack"]
    assert not any(e.fatalities for e in found if e.kind == "incident")


# --- every sub-event type -------------------------------------------------------------------


def _examples():
    rows = [line.split("\t") for line in TYPES.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [(r[0], r[1], r[2]) for r in rows]


def test_own_examples_of_every_type(monkeypatch):
    """The project's own examples (src/frontlines/events/data/examples.tsv), read by the rules
    alone (the learned model trains on them, so it is switched off here): every one of the 25
    types is recognised, sentences that report no event ("None") give none, and at least 9 in
    10 examples get the right type."""
    import frontlines.events as events_stage

    events_stage._configure()
    monkeypatch.setattr(events_stage, "_OVERRIDE_MARGIN", float("inf"))
    monkeypatch.setattr(events_stage, "_FALLBACK_MARGIN", float("inf"))
    examples = _examples()
    tax = taxonomy()
    assert {label for _, _, label in examples} - {"None"} == set(tax.names())
    right: dict[str, int] = {}
    wrong = []
    # one process, spaCy called in batches as `frontlines extract` calls it (an extract call per
    # example took half a minute)
    articles = [article_from_string(text, published="2024-03-01") for _, text, _ in examples]
    for (ident, _, label), article in zip(examples, analyse_many(articles, workers=1), strict=True):
        found = [e for e in article.events if e.kind == "incident"]
        predicted = found[0].sub_event_type if found else "None"
        if predicted == label:
            right[label] = right.get(label, 0) + 1
        else:
            wrong.append((ident, label, predicted))
    assert set(right) >= set(tax.names()), f"types never recognised: {set(tax.names()) - set(right)}"
    assert len(wrong) <= len(examples) // 10, wrong


# --- invariants -------------------------------------------------------------------------


def test_may_hold_event_is_inclusive_for_event_sentences_and_skips_furniture():
    for _, text, label in _examples():
        assert label == "None" or may_hold_event(text), text
    for furniture in ("Back to top button", "Opinion", "Your email address will not be published.", "Musical chairs"):
        assert not may_hold_event(furniture)


_WORDS = st.sampled_from(
    "the Taliban Afghan forces killed attacked captured district of Kunduz on Monday police two seven "
    "civilians wounded in a roadside bomb near Kabul said officials airstrike militants soldiers clashes".split()
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORDS, min_size=3, max_size=18).map(" ".join), min_size=1, max_size=4))
def test_evidence_slices_back_and_ids_are_stable(sentences):
    text = ". ".join(s[:1].upper() + s[1:] for s in sentences) + "."
    first = analyse(article_from_string(text, published="2021-05-04", doc_id="doc"))
    again = analyse(article_from_string(text, published="2021-05-04", doc_id="doc"))
    assert [e.to_dict() for e in first.events] == [e.to_dict() for e in again.events]
    for number, event in enumerate(first.events):
        assert event.event_id == f"doc:{number}"
        assert event.kind in ("incident", "background", "statistic")
        assert event.sub_event_type in taxonomy().names()
        for ev in event.evidence:
            assert first.text[ev.start:ev.end] == ev.sentence


def test_an_article_without_analysed_sentences_has_no_events():
    from frontlines.models import Article
    from frontlines.nlp.annotate import annotate

    article = Article(id="x", text="Opinion. Editorial. Back to top button.")
    annotate(article, select=may_hold_event)
    assert not any(s.analysed for s in article.sentences)
    assert extract_events(article).events == []


@pytest.mark.parametrize("text", ["", "   ", "\u0000\u0001", "..."])
def test_bad_text_never_raises(text):
    try:
        article = article_from_string(text or "x", doc_id="x")
    except Exception:  # noqa: BLE001 - ingest may refuse empty input; the events stage must not crash
        return
    analyse(article)


def test_a_later_days_operation_joins_that_days_event_not_an_earlier_months():
    """"fell a month ago" only loosely dates the capture; Monday's operation and its dead
    belong to Monday's recapture, even when the capture is the sentence just before."""
    text = ("Government forces recaptured Shortepa district in Balkh province on Monday, officials said. "
            "The district had fallen to the Taliban a month ago. "
            "The operation to liberate Shortepa began on Monday morning, with police and army units "
            "pushing the insurgents out. About 15 insurgents were killed in the operation.")
    events = {e.sub_event_type: e for e in extract(text, published="2021-08-03")}
    regained = events["Government regains territory"]
    fallen = events["Non-state actor overtakes territory"]
    assert (regained.event_date, regained.fatalities) == ("2021-08-02", 15)
    assert (fallen.event_date, fallen.time_precision, fallen.fatalities) == ("2021-07-03", 3, None)


@pytest.mark.parametrize(
    "source",
    [
        "Pakistani television quoted the interior ministry in Islamabad as saying",
        "Officials in Islamabad said",
        "According to the interior ministry in Islamabad,",
    ],
)
def test_the_seat_of_a_source_is_not_the_place_of_the_event(source):
    text = f"{source} a bomb killed six people at a market in Quetta on Friday."
    (event,) = incidents(text, "2016-03-26")
    assert (event.admin1, event.location) == ("Balochistan", "Quetta")


def test_a_meeting_abroad_is_not_the_place_of_the_strikes_it_heard_of():
    text = (
        "BEIRUT (Reuters) - Syrian rebels said on Friday that government jets had bombed the city of Aleppo in northern Syria. "
        "A conference in Munich heard that Russian jets had bombed Idlib on Friday, killing six people."
    )
    assert all(e.country == "Syria" for e in extract(text, published="2016-03-26"))



@pytest.mark.parametrize(
    "text",
    [
        "KABUL (Reuters) - One man was detained on Tuesday as part of the investigation into the blast, police said.",
        "KABUL (Reuters) - Police arrested three men in connection with the bombing on Monday.",
    ],
)
def test_an_arrest_over_a_bombing_told_elsewhere_is_an_arrest(text):
    (event,) = incidents(text, "2016-01-13")
    assert event.sub_event_type == "Arrests"


def test_a_place_abroad_sets_no_scene_for_a_deed_without_a_place():
    # the story is about Indonesia; the blog post's Paris is a comparison, not where the police struck
    text = ("JAKARTA (Reuters) - Suicide bombers and gunmen attacked a shopping district in the Indonesian capital "
            "Jakarta on Thursday, killing seven people, Indonesian police said.\n\n"
            "Indonesian President Joko Widodo visited the site in Jakarta on Friday.\n\n"
            "Indonesia has seen attacks before, but the assault has echoes of the siege in Mumbai and in Paris last "
            "November.\n\n"
            "In a recent blog post, a militant leader had urged his followers to study the jihadis in the French "
            "capital.\n\n"
            "Counter-terrorism police detained about 20 people with suspected links to Islamic State, officials said.")
    arrests = [e for e in extract(text, published="2016-01-15") if e.sub_event_type == "Arrests"]
    assert [e.country for e in arrests] == ["Indonesia"]
    assert arrests[0].event_date != "2015-11-15"  # nor is it dated by the history told before it


def test_a_vague_time_told_before_does_not_date_an_undated_deed():
    # "earlier this month" dates the collapse of the talks, not the fighting told next
    text = ("Warplanes struck a market in Idlib on Friday, killing 12 people, activists said.\n\n"
            "Peace talks quickly collapsed earlier this month as government forces advanced near Aleppo.\n\n"
            "Activists, meanwhile, said forces loyal to President Bashar al-Assad continued to battle rebels in "
            "the northwestern Latakia province.")
    [latakia] = [e for e in extract(text, published="2016-02-26") if e.admin1 == "Latakia"]
    assert latakia.event_date == "2016-02-26"


def test_the_city_refers_back_to_a_town_named_before_not_one_named_after_it():
    text = (
        "Iraqi forces fought their way into Rutba on Saturday, officials said.\n\n"
        "The army said on Sunday that its forces had taken over the city, opening the road north to Haditha."
    )
    found = [e for e in extract(text, published="2016-04-11") if e.kind == "incident"]
    assert [(e.sub_event_type, e.location) for e in found] == [("Government regains territory", "Rutba")]


def test_deeds_told_as_a_rate_are_a_tally_not_an_incident():
    text = (
        "Rebels fired dozens of rockets a day at Fuah, residents said. "
        "Government jets bombed the town of Binnish every night, residents said."
    )
    found = extract(text, published="2016-04-11")
    assert found and all(e.kind == "statistic" for e in found)


def test_a_deed_placed_in_another_country_takes_no_scene_from_the_story():
    # the sentence before set the scene in Turkey; the strike is placed "of northern Iraq"
    text = ("ANKARA (Reuters) - A suicide bomber killed 12 people at the bus station in Gaziantep on Sunday, "
            "officials said. Turkish warplanes struck PKK camps in the Qandil mountains and the Zap region of "
            "northern Iraq early on Monday, the military said.")
    strikes = [e for e in extract(text, published="2016-04-11") if e.sub_event_type == "Air/drone strike"]
    assert [(e.country, e.admin1) for e in strikes] == [("Iraq", None)]


@pytest.mark.parametrize(
    "text",
    [
        # where the fighters come from, or their aircraft fly from
        "Brigades mostly from the western city of Misrata captured the Zafaran roundabout in Sirte on Tuesday.",
        "Aircraft operating from Misrata's air academy struck Islamic State positions in Sirte on Tuesday.",
        # a source's seat written as a possessive
        "A car bomb killed 11 people in Sirte on Tuesday, according to a spokesman for Misrata's central hospital.",
    ],
)
def test_where_fighters_come_from_or_a_source_sits_is_not_the_scene(text):
    found = [e for e in extract(f"TRIPOLI (Reuters) - {text}", published="2016-06-15") if e.kind == "incident"]
    assert found and {e.location for e in found} == {"Sirte"}


@pytest.mark.parametrize(
    "text",
    [
        "Several hundred people protested in Kunduz city on Tuesday, blocking the main road to neighboring "
        "Baghlan province for several hours.",
        "Hundreds of people protested in Kunduz city on Tuesday, and many later fled towards Baghlan province.",
    ],
)
def test_where_a_road_leads_or_people_went_is_not_the_scene(text):
    found = [e for e in extract(f"KUNDUZ, Afghanistan (Reuters) - {text}", published="2016-05-11")
             if e.kind == "incident"]
    assert found and {(e.admin1, e.location) for e in found} == {("Kunduz", "Kunduz")}


def test_a_town_abroad_naming_a_building_is_not_the_scene():
    text = ("SIRTE, Libya (Reuters) - Libyan forces took the port of Sirte on Tuesday. Islamic State struck back on "
            "Wednesday, sending three suicide car bombs against forces positioned near the Ouagadougou conference "
            "centre.")
    assert "Burkina Faso" not in {e.country for e in extract(text, published="2016-06-15")}


@pytest.mark.parametrize("text, expected", [
    # a clause that leaves the verb out tells its own place and count: an event at each
    ("Gunmen killed five people in Kunduz and two in Baghlan on Monday, officials said.",
     {("Kunduz", 5), ("Baghlan", 2)}),
    ("Gunmen killed five people in Kunduz city and two in Pul-e-Khumri on Monday, officials said.",
     {("Kunduz", 5), ("Baghlan", 2)}),
    ("Air strikes killed 12 civilians in Idlib and seven in Aleppo on Monday, a monitor said.",
     {("Idlib", 12), ("Aleppo", 7)}),
])
def test_a_toll_split_by_place_in_clauses_without_a_verb_is_an_event_at_each(text, expected):
    events = incidents(text, "2016-02-17")
    assert {(e.admin1, e.fatalities) for e in events} == expected


@pytest.mark.parametrize("text, admin1", [
    # where words were said or a meeting sat is not where the deed was done
    ("Speaking in Washington on Tuesday, Obama said U.S. air strikes had killed a senior Islamic State "
     "commander in Mosul on Sunday.", "Nineveh"),
    ("The U.N. envoy, speaking in Moscow, said Russian air strikes had killed 20 civilians in Idlib province "
     "on Saturday.", "Idlib"),
    ("Syrian peace talks resumed in Geneva on Monday as fighting raged near Aleppo.", "Aleppo"),
    # ... but a demonstration is where its rally was held
    ("Protesters at a rally in Kabul on Monday demanded the release of detainees.", "Kabul"),
])
def test_a_deed_is_not_placed_where_it_was_told_or_discussed(text, admin1):
    [event] = incidents(text, "2016-06-14")
    assert event.admin1 == admin1


@pytest.mark.parametrize("text, sub_event_type", [
    # armed men who are not the state's storming a place and killing people no word arms: an attack
    ("Gunmen stormed a hotel in Mogadishu on Friday, killing at least 15 people.", "Attack"),
    # ... and still a battle when the state's forces do it, or armed men are the victims
    ("Afghan forces launched an operation in Kunduz on Friday, killing 15 people.", "Armed clash"),
    ("Taliban fighters stormed a police checkpoint in Kunduz on Friday, killing 5 policemen.", "Armed clash"),
])
def test_storming_a_place_and_killing_unarmed_people_is_an_attack(text, sub_event_type):
    [event] = incidents(text, "2016-07-16")
    assert event.sub_event_type == sub_event_type


def test_soldiers_opening_fire_on_a_crowd_that_took_to_the_streets_is_excessive_force():
    [event] = incidents("Soldiers opened fire on crowds in Istanbul on Friday as thousands took to the streets "
                        "to oppose the coup.", "2016-07-16")
    assert event.sub_event_type == "Excessive force against protesters"


def test_a_deed_told_in_a_relative_clause_with_a_date_of_its_own_is_that_dates_history():
    events = extract("Police arrested two men in Brussels on Friday. The men belonged to the network "
                     "that carried out the November 13 attacks in Paris, in which 130 people were killed.",
                     published="2016-07-16")
    paris = [e for e in events if e.location == "Paris"]
    assert [(e.kind, e.event_date) for e in paris] == [("background", "2015-11-13")]
    assert [e.sub_event_type for e in events if e.kind == "incident"] == ["Arrests"]


@pytest.mark.parametrize("text, incident, background", [
    # two doers, each with a place and a day of its own: two deeds, each dated by its own clause
    ("Taliban fighters burned down a school in Kunduz last year, and police arrested three men in Baghlan "
     "on Sunday.", ("Arrests", "Baghlan", "2016-03-27"), ("Looting/property destruction", "Kunduz", "2015")),
    ("Rebels shelled the airport in Aleppo last month, and government jets bombed Idlib on Sunday.",
     ("Air/drone strike", "Idlib", "2016-03-27"), ("Shelling/artillery/missile attack", "Aleppo", "2016-02")),
])
def test_coordinated_statements_with_their_own_doer_place_and_day_are_two_deeds(text, incident, background):
    events = extract(text, published="2016-03-27")
    news = [(e.sub_event_type, e.admin1, e.event_date) for e in events if e.kind == "incident"]
    history = [(e.sub_event_type, e.admin1, e.event_date[:len(background[2])]) for e in events if e.kind == "background"]
    assert news == [incident]
    assert history == [background]


@pytest.mark.parametrize("text, actor1, actor2", [
    # the response within the same incident names no place or day of its own: one event
    ("On May 25 2019, Taliban militants shot rockets in Kandahar province, but Afghan forces found the spot "
     "and arrested 3 militants.", "Taliban", "Military Forces of Afghanistan (2014-)"),
    # passives share their doer: one raid
    ("On 26-May-2019, 20 Taliban militants were killed, 2 were arrested, and 7 IEDs were destroyed by "
     "Afghan Special Forces in the Khogyani district of Nangarhar province.",
     "Military Forces of Afghanistan (2014-) Special Forces", "Taliban"),
])
def test_a_response_or_a_toll_told_in_coordinated_clauses_stays_one_event(text, actor1, actor2):
    [event] = [e for e in extract(text, published="2019-05-31") if e.kind == "incident"]
    assert (event.actor1, event.actor2) == (actor1, actor2)


def test_a_participle_describing_a_thing_is_its_state_not_a_deed():
    assert not [e for e in extract("Syrian television broadcast footage from inside the Palmyra museum on Sunday "
                                   "showing several smashed display cases.", published="2016-03-27")
                if e.kind == "incident"]
    [event] = extract("Rioters smashed display cases in the Palmyra museum on Sunday.", published="2016-03-27")
    assert event.kind == "incident"


@pytest.mark.parametrize("text", ["The Taliban assault began on Friday.",
                                  "The Islamist assault began at 8.30 p.m. (2030 GMT) on Friday."])
def test_an_assault_that_names_its_side_is_an_operation_not_the_state_of_a_war(text):
    [event] = extract(text, published="2016-01-16")
    assert (event.kind, event.event_date) == ("incident", "2016-01-15")


def test_what_a_report_adds_is_a_deed_of_its_own_clause():
    # "adding that Russian jets had hit ...": the air strike is the added clause's deed; the
    # report's own "advances" types nothing alone and does not recast it as a battle
    [event] = extract("The Syrian Observatory for Human Rights reported advances near Aleppo, adding that Russian "
                      "jets had hit three rebel-held towns north of the city on Saturday.", published="2016-02-13")
    assert (event.sub_event_type, event.actor1) == ("Air/drone strike", "Military Forces of Russia (2000-)")



def test_a_capital_that_backs_a_side_is_no_place_of_the_fighting():
    [event] = extract("Regional Kurdish forces supported by Washington are also fighting Islamic State in Raqqa "
                      "province, a monitor said on Saturday.", published="2016-02-13")
    assert (event.country, event.admin1) == ("Syria", "Raqqa")


@pytest.mark.parametrize("text", [
    "Twitter Inc is being sued by the widow of an American killed in Jordan who accuses the company of giving "
    "a voice to Islamic State.",
    "The families of those killed in the attack in Kunduz demanded compensation on Monday.",
])
def test_a_person_named_through_a_relative_is_no_deed_told_as_news(text):
    assert not [e for e in extract(text, published="2016-01-15") if e.kind == "incident"]


@pytest.mark.parametrize("text, expected", [
    ("Government forces captured the Zafaran roundabout in Sirte on Monday.", False),
    ("Police captured two Taliban commanders in Kunduz on Monday.", True),
    ("Security forces captured a senior al Qaeda leader in Kunduz on Monday.", True),
])
def test_a_thing_captured_is_no_arrest(text, expected):
    events = extract(text, published="2016-06-14")
    assert any(e.sub_event_type == "Arrests" for e in events) is expected


def test_the_learned_model_alone_takes_no_place_where_the_text_takes_a_person():
    # the rules find no event; the model reads a takeover into "captured", but the object is a
    # person whose organisation's name holds a country's name
    events = extract("In the Sholgarah district, Balkh province, Afghan and coalition security forces captured an "
                     "Islamic Movement of Uzbekistan leader on Monday.", published="2011-03-22")
    assert not [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]


def test_a_rally_told_in_the_past_with_its_day_stands_whatever_its_slogans():
    events = extract("Saudi-led coalition warplanes struck a market in Taiz on Monday, killing 18 civilians. "
                     "Thousands of Houthi supporters rallied in Sanaa on Tuesday to denounce the market strike, "
                     "chanting slogans against Saudi Arabia and the United States and urging the Houthi delegation "
                     "in Kuwait to walk out of the talks.", published="2016-06-08")
    assert [(e.kind, e.location) for e in events if e.sub_event_type == "Peaceful protest"] == [("incident", "Sanaa")]


@pytest.mark.parametrize("text, sub_event_type", [
    # a point of a street or a front line taken in the fighting is a battle
    ("Rebels seized a strategic hilltop near Latakia on Monday.", "Armed clash"),
    # a takeover the learned model reads is typed by who gains
    ("Government forces captured the Zafaran roundabout in Sirte on Monday.", "Government regains territory"),
])
def test_points_taken_in_the_fighting(text, sub_event_type):
    assert [e.sub_event_type for e in extract(text, published="2016-06-15") if e.kind == "incident"] == [sub_event_type]


def test_a_verb_the_parser_took_for_a_modifier_is_still_the_deed():
    [event] = extract("Forces loyal to President Bashar al-Assad battled rebels in the northwestern Latakia province "
                      "on Friday, activists said.", published="2016-02-13")
    assert (event.sub_event_type, event.admin1) == ("Armed clash", "Latakia")
