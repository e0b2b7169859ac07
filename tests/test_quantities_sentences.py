"""Casualty and detention figures read from sentences written for these tests,
and a quality gate on real ISAF releases (read from ../shared, skipped when absent)."""

from __future__ import annotations

import json
import random

import pytest
from conftest import ISAF, need

from frontlines.events import quantities as Q
from frontlines.events.quantities import find_casualties, parse_number, tally


def killed(text: str, **kw) -> int | None:
    return tally(find_casualties(text, **kw), "killed").best


def count(text: str, category: str, **kw) -> int | None:
    return tally(find_casualties(text, **kw), category).best


@pytest.mark.parametrize(
    "text, value",
    [("1,500", 1500), ("twenty-one", 21), ("twenty one", 21), ("two hundred", 200),
     ("1.5 million", 1_500_000), ("seven", 7), ("many", None), ("", None)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Seven soldiers and two Taliban fighters were killed in the clash.", 9),
        ("Sixteen people, including three civilians, were killed in the fighting.", 16),
        ("The helicopter fired on the compound, killing two insurgents.", 2),
        ("About 20 militants were killed when the army retook the village.", 20),
        ("Police said some 1,500 Taliban fighters were killed in the offensive.", 1500),
        ("At least six policemen died in the attack on the checkpoint.", 6),
        ("A commander along with 9 other militants were killed in the raid.", 10),
        ("Officials said 8-13 soldiers were killed in the assault.", 8),
        ("The guards shot dead a suicide bomber at the gate.", 1),
        ("No one was killed in the explosion.", None),
        # any deed whose result is death kills; a sentence to death does not
        ("A man stabbed two people to death outside the mosque.", 2),
        ("Three men were beaten to death by a mob.", 3),
        ("A court sentenced two men to death for the bombing.", None),
    ],
)
def test_killed(text, expected):
    assert killed(text) == expected


def test_sides_and_wounded_counted_apart():
    cs = find_casualties("Four soldiers and two militants were killed, and 5 soldiers were wounded.")
    sides = {(c.category, c.side, c.count) for c in cs}
    assert ("killed", "soldiers", 4) in sides and ("killed", "militants", 2) in sides
    assert ("wounded", "soldiers", 5) in sides
    assert tally(cs, "wounded").best == 5


def test_number_without_noun_takes_the_side_before_it():
    cs = find_casualties("Three Afghan soldiers were killed and 12 were wounded.")
    wounded = [c for c in cs if c.category == "wounded"]
    assert wounded and wounded[0].count == 12 and wounded[0].side == "soldiers"


def test_part_of_a_figure_is_not_added():
    text = "Eight militants were killed. Three of the eight militants killed were foreign fighters."
    from frontlines.nlp.annotate import split_sentences

    cs = [c for a, b in split_sentences(text) for c in find_casualties(text[a:b], offset=a)]
    assert tally(cs).best == 8


def test_statistic_never_counts():
    cs = find_casualties("The UN said 1,649 civilians were killed in the first half of 2021.")
    assert cs and all(c.statistic for c in cs)
    assert tally(cs).best is None


def test_spans_slice_back_to_the_victims():
    text = "Afghan forces killed 12 Taliban militants near the district centre."
    cs = find_casualties(text, offset=100)
    (c,) = cs
    assert ("x" * 100 + text)[c.start : c.end] == "12 Taliban militants"


def test_past_deeds_and_intentions_are_not_casualties():
    assert killed("He was responsible for the deaths of five civilians in Kabul.") is None
    assert killed("The group planned to kill the governor.") is None


def test_killed_and_wounded_together_counts_half():
    # ACLED: fatalities coded as half (rounded down) when deaths and injuries are not told apart
    assert killed("Seven soldiers were killed and wounded when their vehicle hit a mine.") == 3


def test_conventions_for_vague_words():
    text = "The force detained dozens of suspected insurgents."
    assert count(text, "captured", convention="acled") == 12
    assert count(text, "captured", convention="isaf") == 24
    assert count("The patrol detained numerous suspected insurgents.", "captured", convention="isaf") == 4
    assert count("Several militants were killed.", "killed", convention="acled") == 3
    assert killed("Many militants were killed.", convention="acled") is None


def test_detentions_need_people():
    assert count("The security force seized multiple weapons and detained three suspects.", "captured") == 3
    assert count("A Haqqani leader and two associates were captured.", "captured") == 3
    assert count("Forces detained a facilitator along with one suspected insurgent.", "captured") == 2


def test_same_figure_told_twice_counts_once_and_additions_add():
    from frontlines.nlp.annotate import split_sentences

    def over(text: str, category: str) -> int | None:
        cs = [c for a, b in split_sentences(text) for c in find_casualties(text[a:b], offset=a)]
        return tally(cs, category).best

    assert over("Forces killed two insurgents in Kajaki. The two insurgents were killed when they fired.", "killed") == 2
    assert over("Forces arrested a Taliban leader. The force also detained two suspected insurgents.", "captured") == 3


def test_set_convention_rejects_unknown():
    with pytest.raises(ValueError):
        Q.set_convention("nonsense")


@pytest.mark.slow
def test_isaf_figures_quality_gate():
    """Document-level figures on a fixed sample of real ISAF releases (minimum
    readings, the annotation's convention). Baseline measured on the whole set
    (724): killed 0.86, captured 0.81; the gate sits a little below."""
    need(ISAF)
    from frontlines.nlp.annotate import split_sentences
    from frontlines.nlp.model import load_model

    nlp = load_model()
    records = [json.loads(line) for line in ISAF.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = random.Random(4).sample(records, 200)
    hits = {"killed": 0, "captured": 0}
    for record in sample:
        text = record["text"].replace("\u2028", "\n")
        spans = split_sentences(text)
        cs = [
            c
            for (a, b), doc in zip(spans, nlp.pipe(text[a:b] for a, b in spans), strict=True)
            for c in find_casualties(doc, offset=a, convention="isaf")
        ]
        hits["killed"] += (tally(cs, "killed").best or 0) == record["gold"]["min_killed"]
        hits["captured"] += (tally(cs, "captured").best or 0) == record["gold"]["min_captured"]
    assert hits["killed"] / len(sample) >= 0.80
    assert hits["captured"] / len(sample) >= 0.70


@pytest.mark.parametrize(
    "text, expected",
    [
        ("About 20 militants were said to have been killed in the fighting.", 20),
        ("Some 15 Taliban were believed to have been killed.", 15),
        ("Ten militants are thought to have died in the strike.", 10),
        ("Thirty insurgents were reported killed.", 30),
        ("Five soldiers are feared to have been killed.", 5),
        ("The militants are expected to be killed in the assault.", None),
    ],
)
def test_outcomes_told_through_verbs_of_saying(text, expected):
    # the victims are the subject of the raising verb; a perfect infinitive or a participle is a past outcome
    assert killed(text) == expected


def test_a_negator_covers_every_coordinated_group():
    assert count("No women or children were injured or detained during the operation.", "captured") is None
    assert count("No women or children were injured or detained during the operation.", "wounded") is None


def test_more_than_is_the_least_it_can_mean_by_convention():
    text = "The force detained more than 10 suspected insurgents."
    assert count(text, "captured", convention="isaf") == 11
    assert count(text, "captured", convention="acled") == 10
    assert count("At least 10 suspects were detained.", "captured", convention="isaf") == 10


def test_lists_and_partitives():
    assert count("Forces captured a Taliban leader and several of his associates.", "captured", convention="isaf") == 4
    text = "The force captured a Haqqani leader, a Haqqani facilitator and several of their associates."
    assert count(text, "captured", convention="isaf") == 5
    assert killed("Forces killed the Taliban leader, Alaudin, and two fighters.") == 3


def _over(text: str, category: str, convention: str = "isaf") -> int | None:
    from frontlines.nlp.annotate import split_sentences

    cs = [c for a, b in split_sentences(text) for c in find_casualties(text[a:b], offset=a, convention=convention)]
    return tally(cs, category).best


def test_people_told_before_are_not_counted_again():
    text = "The force detained two suspects in Kandahar. The suspected insurgents were detained after questioning."
    assert _over(text, "captured") == 2
    text = "The force detained a facilitator and three additional suspects. The force detained the additional suspects."
    assert _over(text, "captured") == 4


def test_people_told_beside_someone_counted_already_add():
    text = ("Forces captured a Taliban leader in Paktika. After questioning, the force detained the leader "
            "along with three of his associates.")
    assert _over(text, "captured") == 4


def test_additions_of_different_people_both_add():
    text = "Forces captured another Haqqani facilitator. One additional suspected insurgent was detained."
    assert _over(text, "captured") == 2


def test_totals_since_a_date_are_statistics():
    cs = find_casualties("Joint teams have detained more than 30 individuals in six operations since Dec. 1.")
    assert cs and all(c.statistic for c in cs)


def test_figures_summed_over_several_operations_are_statistics():
    cs = find_casualties("Forces detained more than 10 suspected insurgents during four operations in Afghanistan yesterday.")
    assert cs and all(c.statistic for c in cs)
    assert not any(c.statistic for c in find_casualties("Forces detained two suspects during an operation in Khost."))


def test_a_running_total_of_an_operation_is_a_statistic():
    cs = find_casualties("The military says more than 120 militants have been killed in the operation.")
    assert cs and all(c.statistic for c in cs)
    assert not any(c.statistic for c in find_casualties("Five militants were killed in the operation on Monday."))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Taliban militants attacked a convoy. 36 total fatalities coded.", 36),
        ("An airstrike killed 13 Taliban militants. 13 fatalities split over 2 events, coded here as 7.", 7),
        ("An IED destroyed the vehicle, killing all inside. Unknown fatalities are coded as 10.", 10),
        ("9 policemen were killed in the attack. Unknown number of fatalities coded as 10.", 19),
        ("17 Taliban militants were killed in three districts. Fatalities are distributed across 3 events.", 5),
        ("12 militants were killed (coded across 3 events) and 4 were injured.", 4),
        ("Clashes were reported. Fatalities are distributed across 3 events.", None),
    ],
)
def test_coders_statements_of_the_figure(text, expected):
    # ACLED's notes state how the report's figure was coded; the statement is read as written
    assert _over(text, "killed", convention="acled") == expected


def test_a_number_before_coordinated_names_counts_the_whole_phrase():
    assert killed("On May 22 2019, 9 Taliban and/or IS militants were killed following an air raid.") == 9
    assert killed("As reported on 21-April-2019, 8 Taliban and Islamic State militants were killed in clashes.") == 8
    assert killed("3 soldiers and Afghan militants were killed.") == 3  # two groups: the number counts the first


@pytest.mark.parametrize(
    "text, best, low, high",
    [
        # an apposition naming the members of a counted group adds nobody (issue 9: was 4)
        ("Residents said two civilians, a farmer and his son, were killed when a bomb hit a house.", 2, 2, 2),
        # "between 5 and 10": a range, its low end the best estimate (issue 9: was 5/5/5)
        ("Between 5 and 10 soldiers were killed when fighters attacked a checkpoint.", 5, 5, 10),
        ("Between twelve and twenty villagers were killed in the raid, elders said.", 12, 12, 20),
    ],
)
def test_members_named_in_apposition_and_ranges_with_between(text, best, low, high):
    figure = tally(find_casualties(text), "killed")
    assert (figure.best, figure.low, figure.high) == (best, low, high)


@pytest.mark.parametrize(
    "text",
    [
        "The assault is a turning point in the five-year-old civil war that has killed 250,000 people.",
        "The civil war in Syria has killed hundreds of thousands of people, a monitor said.",
        "Rebels have held the town through five years of fighting that has killed 250,000 people.",
        "The conflict, which has now killed more than 6,000 people, shows no sign of ending.",
    ],
)
def test_a_wars_own_toll_is_a_statistic(text):
    # the war, not a deed, is what killed: background repeated by wire stories, never an incident's figure
    cs = find_casualties(text)
    assert cs and all(c.statistic for c in cs)


def test_a_deed_beside_a_war_is_still_counted():
    cs = find_casualties("Rebel rockets killed 19 people in a government-held district on Monday.")
    assert cs and not any(c.statistic for c in cs)
