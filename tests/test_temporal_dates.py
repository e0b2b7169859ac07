"""Event dates resolved against the publication date (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontlines.events.temporal import dateline_date, event_date, find_dates

PUB = "2021-07-27"  # a Tuesday


@pytest.mark.parametrize(
    "sentence, date, precision, published",
    [
        ("Afghan forces regained the district on Friday.", "2021-07-23", 1, PUB),
        ("Fighting broke out Monday morning.", "2021-07-26", 1, PUB),
        ("Earlier Tuesday, the Taliban attacked a checkpoint.", "2021-07-27", 1, PUB),
        ("Yesterday the district fell.", "2021-07-26", 1, PUB),
        ("The base was overrun last night.", "2021-07-26", 1, PUB),
        ("Last week the Taliban captured it.", "2021-07-20", 2, PUB),
        ("Earlier this month, militants attacked the town.", "2021-07-14", 3, PUB),
        ("A month ago the town fell.", "2021-06-27", 3, PUB),
        ("On May 31 2019, 8 civilians were wounded.", "2019-05-31", 1, "2019-05-31"),
        ("On 24 04 2019, militants clashed with the army.", "2019-04-24", 1, "2019-04-25"),
        ("On 18-April-2019, a soldier was killed.", "2019-04-18", 1, "2019-04-20"),
        ("The post fell on Jan. 25, 2013.", "2013-01-25", 1, "2013-01-26"),
        ("The town was attacked on July 20.", "2021-07-20", 1, PUB),
    ],
)
def test_relative_and_absolute_dates(sentence, date, precision, published):
    assert event_date(sentence, published) == (date, precision, False)


def test_weekday_is_on_or_before_publication_and_last_is_strictly_before():
    assert event_date("The attack came on Tuesday.", PUB).date == "2021-07-27"
    assert event_date("The attack came last Tuesday.", PUB).date == "2021-07-20"


def test_months_without_year_look_back_from_publication():
    assert event_date("The district was captured in late October.", "2016-01-10") == ("2015-10-25", 3, False)
    assert event_date("The army left last September.", "2016-01-10").date == "2015-09-15"


def test_background_history_is_flagged():
    assert event_date("The Taliban were driven from power in 2001.", PUB).background
    assert event_date("Talks broke down after the 2018 peace talks.", PUB).background
    assert event_date("Last September's brief capture of Kunduz shocked officials.", "2016-01-10").background


def test_report_date_gives_way_to_event_date():
    assert event_date("On Tuesday, officials said the Taliban had seized Kaldar on Sunday.", PUB).date == "2021-07-25"
    text = "KABUL, Afghanistan (Jan. 22, 2013) Forces confirmed a leader was arrested in Maiwand district, Sunday."
    assert event_date(text, "2013-01-22").date == "2013-01-20"


def test_no_date_and_may_the_verb():
    assert event_date("Government forces may retake the town.", PUB) == (None, 3, False)


def test_future_dates_are_not_event_dates():
    assert event_date("Elections are due on August 30, 2021.", PUB).date is None
    assert event_date("The vote is set for next year, on 5 April 2022.", PUB).date is None


def test_deadlines_and_limits_are_not_event_dates():
    assert event_date("Foreign forces were to have left the country by May 1.", "2021-05-04").date is None
    assert event_date("The curfew stays in force until Friday.", PUB).date is None
    assert event_date("Rebels vowed to hold the town until late August.", PUB).date is None
    # the deed's own day still wins beside a deadline
    assert event_date("Militants stormed the post on Monday, days before the deadline of July 30.", PUB).date == "2021-07-26"


def test_last_year_is_history():
    text = "Under an agreement reached in Qatar last year, troops were to leave by May 1."
    assert event_date(text, "2021-05-04") == ("2020-07-01", 3, True)
    assert event_date("Last year's offensive failed.", PUB).background


@pytest.mark.parametrize(
    "text, date",
    [
        ("2013-01-S-025\n\nKABUL, Afghanistan (Jan. 25, 2013)\nDuring an operation", "2013-01-25"),
        ("Apr. 5: Afghan-ISAF Operations in Helmand\nISAF Joint Command 2010-04-CA-015", "2010-04-05"),
        ("ISAF Joint Command Operational Update, Jan. 10, 2011\nISAF", "2011-01-10"),
        ("2012-05-S-040 For Immediate Release KABUL, Afghanistan (May 24) In Argo district", "2012-05-24"),
        ("Today, in Chak-e Wardak district, a force detained a facilitator.", None),
    ],
)
def test_datelines(text, date):
    assert dateline_date(text) == date


@given(st.dates(min_value=dt.date(2000, 1, 8), max_value=dt.date(2030, 12, 31)),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
def test_weekday_always_within_the_week_before(published, weekday):
    date = event_date(f"The attack happened on {weekday}.", published.isoformat()).date
    resolved = dt.date.fromisoformat(date)
    assert 0 <= (published - resolved).days <= 6
    assert resolved.strftime("%A") == weekday


def test_spans_slice_back():
    text = "Militants attacked on Friday and again yesterday."
    for mention in find_dates(text, PUB):
        assert text[mention.start : mention.end] == mention.text


def test_a_period_ending_with_the_report_is_the_reports_day():
    assert event_date("Numerous insurgents were killed over the past 24 hours.", "2011-01-12").date == "2011-01-12"


def test_a_time_of_night_gives_way_to_the_day():
    text = "Forces captured a Taliban leader during an overnight operation in Wardak province Monday."
    assert event_date(text, "2010-10-13").date == "2010-10-11"
    assert event_date("Forces captured a leader during an overnight operation.", "2010-10-13").date == "2010-10-12"


def _parsed(text: str):
    from frontlines.nlp.model import load_model

    return load_model()(text)


def test_a_date_naming_another_occasion_gives_way_to_the_deeds():
    text = ("Forces targeted a Taliban leader responsible for an attack Jan. 7 in Charkh district, "
            "detaining four suspected insurgents in Logar province yesterday.")
    assert event_date(text, "2011-01-09", doc=_parsed(text)).date == "2011-01-08"
    text = "The force conducted a precision strike on a commander connected to the July 2 attack in Kunduz today."
    assert event_date(text, "2010-07-15", doc=_parsed(text)).date == "2010-07-15"


def test_a_confirmation_dates_the_report_not_the_capture():
    text = "ISAF today confirmed the capture of a Taliban facilitator in Zabul province, June 14."
    assert event_date(text, "2011-06-21", doc=_parsed(text)).date == "2011-06-14"


def test_a_month_with_its_day_is_a_day():
    (mention,) = find_dates("the 60th leader captured since Oct. 1", "2010-12-04")
    assert (mention.text, mention.date, mention.background) == ("Oct. 1", "2010-10-01", True)


def test_the_time_a_sentence_sets_for_the_next():
    from frontlines.events.temporal import setting_date

    assert setting_date("In Kunduz last night, a force searched a compound.", "2010-04-23").date == "2010-04-22"
    assert setting_date("KABUL, Afghanistan (Jan. 25, 2013)", "2013-01-25") is None
    assert setting_date("Apr. 23: Afghan-ISAF Operations in Northern Afghanistan", "2010-04-23") is None
    assert setting_date("The Taliban were driven from power in 2001.", "2010-04-23") is None


def test_an_event_undated_in_its_own_sentences_takes_the_time_set_before():
    import frontlines

    text = ("In Kunduz last night, an Afghan security force searched a compound in Chahar Darah district, "
            "Kunduz province, after intelligence indicated militant activity. During the search the security "
            "force detained one suspected insurgent for further questioning.")
    (event,) = frontlines.extract(text, published="2010-04-23")
    assert (event.event_date, event.time_precision) == ("2010-04-22", 1)


@pytest.mark.parametrize(
    "text",
    [
        "Government forces have entered the town of Palmyra, which has been held by the Islamic State group since last May.",
        "Afghan forces retook Nawa district, which the Taliban had seized in 2015.",
    ],
)
def test_history_told_in_a_relative_clause_does_not_date_the_deed(text):
    from frontlines.events import temporal
    from frontlines.nlp.model import load_model

    date = temporal.event_date(text, "2016-03-24", doc=load_model()(text))
    assert date.date is None and not date.background


@pytest.mark.parametrize(
    "text, date",
    [
        # the place's history in its own clause; the deed is dated by the report
        ("The group said on Friday two of its members carried out suicide attacks at the dam, "
         "which Kurdish fighters captured in December.", "2016-03-11"),
        # a clause about the weapon is about the deed: its date is the deed's
        ("Police said on Tuesday a bomb, which exploded on Monday near the bazaar, killed five people.", "2016-03-07"),
    ],
)
def test_a_date_in_a_clause_about_a_place_does_not_date_the_deed(text, date):
    from frontlines.events import temporal
    from frontlines.nlp.model import load_model

    assert temporal.event_date(text, "2016-03-12", doc=load_model()(text)).date == date


def test_who_took_a_place_in_a_clause_about_it_is_not_the_doer_of_the_deed():
    text = ("BEIRUT (Reuters) - Islamic State fighters attacked Kurdish positions in northern Syria on Saturday. "
            "Two suicide bombers struck Kurdish fighters at the Tishrin dam in Aleppo province on Friday, "
            "a dam which Kurds and Arab rebel groups captured in December.")
    from frontlines import extract

    strikes = [e for e in extract(text, published="2016-03-12") if e.sub_event_type == "Suicide bomb"]
    assert [(e.event_date, e.actor2) for e in strikes] == [("2016-03-11", "YPG: People's Protection Units")]
    assert strikes[0].actor1 != "YPG: People's Protection Units"
