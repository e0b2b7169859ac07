"""District control timelines from fused incidents, and the control query/CLI."""

from __future__ import annotations

import pytest
from fusion_fixtures import ARMY, TALIBAN, Report, district_reports, store_with, strike_reports

from frontlines.cli import main
from frontlines.errors import NotFoundError
from frontlines.fusion.control import role, state_at, timeline
from frontlines.fusion.query import control_in, resolve_district
from frontlines.fusion.render import label, render_control


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("control") / "store.db"
    with store_with(district_reports() + strike_reports(), str(path)) as opened:
        yield opened


def _states(store, name):
    [district] = control_in(store, district=name).districts
    return district.states


def test_kaldar_taliban_from_late_june_government_from_26_july(store):
    states = [s for s in _states(store, "Kaldar") if not s.implied]
    taliban, government = states
    assert (taliban.controller, taliban.start, taliban.start_precision) == ("Taliban", "2021-06-27", 3)
    assert taliban.end == "2021-07-26"
    assert (government.state, government.start, government.claim_status) == ("government", "2021-07-26", "confirmed")
    assert {e.source for e in government.evidence} == {"RT", "Tolo"}


def test_who_held_kaldar_on_20_july_2021_and_why_is_one_call(store):
    [answer] = control_in(store, district="Kaldar", at="2021-07-20").districts
    assert answer.at.controller == "Taliban"
    assert "fallen to the Taliban a month ago" in answer.at.evidence[0].sentence
    assert answer.at.why.startswith("Non-state actor overtakes territory")


def test_a_brief_incursion_is_shown_as_such_and_the_government_holds_after(store):
    states = _states(store, "Qala-e-Naw")
    incursion = next(s for s in states if s.brief)
    assert (incursion.controller, incursion.start, incursion.end) == ("Taliban", "2021-07-07", "2021-07-07")
    assert states[-1].state == "government" and states[-1].start == "2021-07-07"
    assert "incursion (brief)" in label(incursion)


def test_a_taliban_only_claim_is_claimed_not_control(store):
    claim = _states(store, "Nad-e Ali")[-1]
    assert (claim.controller, claim.start, claim.claim_status) == ("Taliban", "2021-07-27", "claimed")
    assert claim.confidence < 0.3
    assert "claimed by Taliban, unconfirmed" in label(claim)


def test_taken_then_retaken_without_dates(store):
    states = [s for s in _states(store, "Khanishin") if not s.implied]
    assert [(s.state, s.controller) for s in states] == [
        ("non-state", "Taliban"), ("government", "Government of Afghanistan")
    ]


def test_darqad(store):
    states = [s for s in _states(store, "Darqad") if not s.implied]
    assert [(s.controller, s.start[:7]) for s in states] == [
        ("Taliban", "2015-10"), ("Government of Afghanistan", "2016-01")
    ]


def test_a_siege_makes_a_district_contested_and_the_contest_lapses(store):
    states = _states(store, "Lashkar Gah")
    contested = next(s for s in states if s.state == "contested")
    assert (contested.challenger, contested.controller) == ("Taliban", "Government of Afghanistan")
    assert contested.end == "2021-05-17"
    assert states[-1].state == "government" and states[-1].start == "2021-05-17"


def test_villages_changing_hands_are_contest_not_control():
    r = Report("v", "2019-05-11", "X", ["Taliban militants overtook 9 villages in Tala Wa Barfak district, Baghlan."])
    r.event(0, "Non-state actor overtakes territory", "2019-05-11", "Tala wa Barfak", TALIBAN, ARMY, province="Baghlan")
    assert role(r.events[0]).kind == "contest"
    centre = Report("c", "2019-05-30", "X", ["Taliban overtook the district center of Murghab."])
    centre.event(0, "Non-state actor overtakes territory", "2019-05-30", "Murghab", TALIBAN, ARMY,
                 province="Badghis", location="Murghab bazaar")
    assert role(centre.events[0]).kind == "transfer"


def test_state_at_decays_to_unknown_far_from_the_evidence(store):
    states = _states(store, "Darqad")
    assert state_at(states, "2016-02-01").controller == "Government of Afghanistan"
    assert state_at(states, "2019-01-01") is None
    assert state_at(states, "2015-12-01").controller == "Taliban"


def test_every_district_on_a_date(store):
    report = control_in(store, at="2021-07-20")
    held = {d.district: (d.at.controller if d.at else None) for d in report.districts}
    assert held["Kaldar"] == "Taliban"
    assert held["Qala-e-Naw"] == "Government of Afghanistan"
    assert held["Khanishin"] is None  # undated evidence cannot be placed on a date
    text = render_control(report)
    assert text.splitlines()[0] == "Control on 2021-07-20 (6 district(s) with evidence)"


def test_district_names_resolve_loosely():
    known = [("Helmand", "Nad-e Ali"), ("Balkh", "Kaldar"), ("Badghis", "Qala-e-Naw")]
    assert resolve_district("nad ali", known) == [("Helmand", "Nad-e Ali")]
    assert resolve_district("Qala i Naw", known) == [("Badghis", "Qala-e-Naw")]
    assert resolve_district("Kaldar (Balkh)", known) == [("Balkh", "Kaldar")]
    assert resolve_district("Kabul", known) == []


def test_control_command_line(store, capsys):
    path = str(store.path)
    assert main(["control", "--db", path, "--district", "Kaldar", "--at", "2021-07-20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("On 2021-07-20, Kaldar (Balkh): Taliban")
    assert "Kaldar district of Balkh province was liberated" in out
    assert main(["control", "--db", path, "--at", "2021-07-28"]) == 0
    assert "Nad-e Ali (Helmand)" in capsys.readouterr().out
    assert main(["control", "--db", path, "--district", "Atlantis"]) == 1
    assert "no control evidence for a district named 'Atlantis' [E700]" in capsys.readouterr().err


def test_unknown_district_is_a_typed_error(store):
    with pytest.raises(NotFoundError):
        control_in(store, district="Atlantis")


def test_timeline_of_nothing_is_empty():
    assert timeline([]) == []
