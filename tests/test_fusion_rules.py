"""Pairwise fusion rules and the fused record: which reports merge, and into what."""

from __future__ import annotations

from fusion_fixtures import ARMY, CIVILIANS, POLICE, TALIBAN, Report, strike_reports

from frontlines.fusion import ReportInfo, fuse
from frontlines.fusion.features import profile
from frontlines.fusion.match import decide
from frontlines.fusion.merge import claim_status, fatalities


def _one(doc, published, source, sentence, *args, **kwargs):
    return Report(doc, published, source, [sentence]).event(0, *args, **kwargs).events[0]


def _fused(events, sources=None):
    sources = sources or {}
    reports = {e.doc_id: ReportInfo(e.event_date, sources.get(e.doc_id, e.doc_id)) for e in events}
    return fuse(events, reports)


def test_two_reports_of_one_clash_merge_with_every_source_and_sentence():
    a = _one("a", "2021-07-27", "Dawn", "Taliban fighters attacked a checkpoint in Nad-e Ali on Monday, killing five soldiers.",
             "Armed clash", "2021-07-26", "Nad-e Ali", TALIBAN, ARMY, fatalities=5)
    b = _one("b", "2021-07-27", "AFP", "Five Afghan soldiers were left dead when insurgents stormed a security post in Nad-e Ali.",
             "Armed clash", "2021-07-26", "Nad-e Ali", ARMY, TALIBAN, fatalities=5)
    [incident] = _fused([a, b])
    assert incident.event.sources == ["a", "b"]
    assert [e.sentence for e in incident.event.evidence] == [a.evidence[0].sentence, b.evidence[0].sentence]
    joined = next(m for m in incident.members if m.linked_to)
    assert "same target (security post)" in joined.reasons and "same toll (5)" in joined.reasons


def test_same_place_and_day_alone_is_not_enough():
    a = _one("a", "2021-07-27", "Dawn", "Taliban militants clashed with Afghan forces in Nad-e Ali district.",
             "Armed clash", "2021-07-26", "Nad-e Ali", TALIBAN, ARMY)
    b = _one("b", "2021-07-27", "AFP", "Fighting was reported between the army and the Taliban in Nad-e Ali.",
             "Armed clash", "2021-07-26", "Nad-e Ali", ARMY, TALIBAN)
    decision = decide(profile(a), profile(b))
    assert decision.ok and decision.score < 0.6
    assert any("no corroborating detail" in r for r in decision.reasons)
    assert len(_fused([a, b])) == 2


def test_district_changing_hands_needs_no_more_than_place_day_and_actors():
    a = _one("a", "2016-01-10", "AFP", "Afghan forces wrested control of Darqad district from the Taliban on Sunday.",
             "Government regains territory", "2016-01-10", "Darqad", ARMY, TALIBAN)
    b = _one("b", "2016-01-11", "Tolo", "The army recaptured Darqad on Sunday, the defence ministry said.",
             "Government regains territory", "2016-01-10", "Darqad", ARMY, TALIBAN)
    assert len(_fused([a, b])) == 1


def test_two_airstrikes_in_one_district_on_one_day_stay_two():
    incidents = fuse([e for r in strike_reports() for e in r.events])
    strikes = sorted((i for i in incidents if i.event.sub_event_type == "Air/drone strike"),
                     key=lambda i: i.event.fatalities)
    assert len(strikes) == 2
    hideout, wedding = strikes
    assert set(hideout.event.sources) == {"strikes-pajhwok", "hideout-mod"}
    assert set(wedding.event.sources) == {"strikes-pajhwok", "wedding-tolo"}
    assert (wedding.event.fatalities_low, wedding.event.fatalities_high) == (10, 11)


def test_the_text_keeps_same_day_strikes_apart():
    base = dict(sub_event_type="Air/drone strike", date="2021-05-03", district="Nad-e Ali", actor1=ARMY)
    wedding = _one("w", None, "X", "An airstrike hit a wedding party in Nad-e Ali, killing ten.", **base, actor2=CIVILIANS, fatalities=10)
    school = _one("s", None, "Y", "An airstrike hit a school in Nad-e Ali, killing ten.", **base, actor2=CIVILIANS, fatalities=10)
    morning = _one("m", None, "X", "An airstrike in Nad-e Ali killed ten people in the morning.", **base, actor2=CIVILIANS, fatalities=10)
    night = _one("n", None, "Y", "An airstrike in Nad-e Ali killed ten people late at night.", **base, actor2=CIVILIANS, fatalities=10)
    first = _one("f", None, "X", "The first airstrike in Nad-e Ali killed ten people.", **base, actor2=CIVILIANS, fatalities=10)
    second = _one("2", None, "Y", "A second airstrike in Nad-e Ali killed ten people.", **base, actor2=CIVILIANS, fatalities=10)
    camp = _one("c", None, "X", "An airstrike in the Camp area of Nad-e Ali killed ten people.", **base, actor2=CIVILIANS, fatalities=10)
    lochak = _one("l", None, "Y", "An airstrike in the Lochak area of Nad-e Ali killed ten people.", **base, actor2=CIVILIANS, fatalities=10)
    for x, y, why in [(wedding, school, "different targets"), (morning, night, "different times of day"),
                      (first, second, "first strike"), (camp, lochak, "different named areas")]:
        decision = decide(profile(x), profile(y))
        assert not decision.ok and why in decision.blocker


def test_events_of_one_article_are_never_merged():
    [report] = [r for r in strike_reports() if r.doc_id == "strikes-pajhwok"]
    a, b = (profile(e) for e in report.events)
    assert decide(a, b).blocker.startswith("same article")


def test_places_must_be_the_same_or_nested():
    a = _one("a", None, "X", "Taliban attacked a checkpoint in Nad-e Ali, killing 4 police.", "Armed clash",
             "2021-07-26", "Nad-e Ali", TALIBAN, POLICE, fatalities=4)
    b = _one("b", None, "Y", "Taliban attacked a checkpoint in Marjah, killing 4 police.", "Armed clash",
             "2021-07-26", "Marjah", TALIBAN, POLICE, fatalities=4)
    province_only = _one("c", None, "Z", "Taliban attacked a checkpoint in Helmand, killing 4 police.", "Armed clash",
                         "2021-07-26", None, TALIBAN, POLICE, fatalities=4, province="Helmand")
    assert "different districts" in decide(profile(a), profile(b)).blocker
    nested = decide(profile(a), profile(province_only))
    assert nested.ok and "within one province (Helmand)" in nested.reasons


def test_dates_within_their_precision_windows():
    month = _one("a", None, "X", "Kaldar fell to the Taliban a month ago.", "Non-state actor overtakes territory",
                 "2021-06-27", "Kaldar", TALIBAN, ARMY, precision=3)
    day = _one("b", None, "Y", "The Taliban captured Kaldar district on 22 June.", "Non-state actor overtakes territory",
               "2021-06-22", "Kaldar", TALIBAN, ARMY)
    far = _one("c", None, "Z", "The Taliban captured Kaldar district on 1 May.", "Non-state actor overtakes territory",
               "2021-05-01", "Kaldar", TALIBAN, ARMY)
    assert decide(profile(month), profile(day)).ok
    assert "days apart" in decide(profile(month), profile(far)).blocker
    undated = _one("d", None, "W", "The Taliban captured Kaldar district.", "Non-state actor overtakes territory",
                   None, "Kaldar", TALIBAN, ARMY)
    assert decide(profile(month), profile(undated)).blocker == "a report gives no date"


def test_actors_must_be_compatible():
    taliban = _one("a", None, "X", "Taliban militants attacked a checkpoint in Nad-e Ali, killing 4 soldiers.",
                   "Armed clash", "2021-07-26", "Nad-e Ali", TALIBAN, ARMY, fatalities=4)
    police = _one("b", None, "Y", "Insurgents attacked a checkpoint in Nad-e Ali, killing 4 police.",
                  "Armed clash", "2021-07-26", "Nad-e Ali", POLICE, TALIBAN, fatalities=4)
    islamic_state = _one("c", None, "Z", "Islamic State fighters attacked a checkpoint in Nad-e Ali, killing 4 soldiers.",
                         "Armed clash", "2021-07-26", "Nad-e Ali", "Islamic State (Afghanistan)", ARMY, fatalities=4)
    assert decide(profile(taliban), profile(police)).ok  # army ~ police: one side, sides swapped
    assert "actors differ" in decide(profile(taliban), profile(islamic_state)).blocker


def test_fatalities_are_a_range_and_a_party_claim_does_not_set_the_best_estimate():
    reports = [
        _one("a", None, "MoD", "The ministry said 12 Taliban were killed.", "Armed clash", "2021-07-26", "Kaldar", ARMY, TALIBAN, fatalities=12),
        _one("b", None, "Tolo", "Officials said 20 Taliban were killed.", "Armed clash", "2021-07-26", "Kaldar", ARMY, TALIBAN, fatalities=20),
        _one("c", None, "Taliban", "The Taliban claimed 60 soldiers were killed.", "Armed clash", "2021-07-26", "Kaldar", TALIBAN, ARMY,
             fatalities=60, claim="claimed", claimed_by="Taliban"),
    ]
    assert fatalities(reports) == (12, 12, 60)


def test_a_figure_only_a_party_claims_has_no_best_estimate_and_does_not_crash():
    """Issue 10: a report with fatalities None and only a claimed upper bound (fatalities_high 12)
    made min() of an empty sequence crash fusion for the whole batch."""
    from dataclasses import replace

    claimed = _one("a", None, "Dawn", "A Taliban spokesman claimed that 12 policemen were killed.",
                   "Armed clash", "2021-07-10", "Andar", TALIBAN, POLICE, claim="claimed", claimed_by="Taliban")
    claimed = replace(claimed, fatalities=None, fatalities_low=None, fatalities_high=12)
    assert fatalities([claimed]) == (None, 0, 12)
    reported = _one("b", None, "AFP", "Officials said 5 policemen were killed.", "Armed clash", "2021-07-10",
                    "Andar", TALIBAN, POLICE, fatalities=5)
    assert fatalities([claimed, reported]) == (5, 0, 12)


def test_claim_status_over_independent_sources():
    def profiles(*specs):
        out = []
        for n, (source, claim, by) in enumerate(specs):
            e = _one(f"d{n}", None, source, "The Taliban captured Kaldar district.", "Non-state actor overtakes territory",
                     "2021-06-27", "Kaldar", TALIBAN, ARMY, claim=claim, claimed_by=by)
            out.append(profile(e, None, source))
        return out

    assert claim_status(profiles(("RT", "claimed", "Taliban")))[0] == "claimed"
    assert claim_status(profiles(("RT", "claimed", "Taliban"), ("Taliban site", "claimed", "Taliban")))[0] == "claimed"
    assert claim_status(profiles(("RT", "claimed", "Taliban"), ("AFP", "reported", None)))[0] == "confirmed"
    assert claim_status(profiles(("RT", "reported", None), ("AFP", "reported", None)))[0] == "confirmed"
    assert claim_status(profiles(("RT", "reported", None), ("RT", "reported", None)))[0] == "reported"
    assert claim_status(profiles(("RT", "claimed", "Taliban"), ("MoD", "denied", "Ministry of Defence")))[0] == "disputed"


def test_background_and_statistics_are_not_incidents():
    stat = _one("a", None, "X", "1,649 civilians were killed in the first half of 2021.", "Attack", "2021-06-30",
                None, None, CIVILIANS, kind="statistic", province="Kabul")
    assert fuse([stat]) == []
