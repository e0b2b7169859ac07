"""Fusion is deterministic, order-independent, incremental and idempotent (property-based)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from fusion_fixtures import ARMY, CIVILIANS, POLICE, TALIBAN, Report, store_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.fusion import ReportInfo, fuse
from frontlines.fusion.service import _Neighbourhood, _View, rebuild, update, update_in_turns
from frontlines.store import control as control_rows
from frontlines.store import incidents as table

# The building blocks of reports that overlap a lot: few districts, few days,
# few targets - so that many pairs are candidates and the grouping matters.
SENTENCES = {
    "Air/drone strike": [
        ("An airstrike hit a wedding party in {d}, killing {n} civilians.", ARMY, CIVILIANS),
        ("An air strike on a Taliban hideout in {d} killed {n} militants.", ARMY, TALIBAN),
        ("A second airstrike struck {d} in the evening, killing {n} militants.", ARMY, TALIBAN),
    ],
    "Armed clash": [
        ("Taliban fighters attacked a checkpoint in {d}, killing {n} soldiers.", TALIBAN, ARMY),
        ("{n} police officers were killed when insurgents stormed a police station in {d}.", POLICE, TALIBAN),
        ("Clashes broke out in the Camp area of {d}; {n} militants died.", ARMY, TALIBAN),
    ],
    "Government regains territory": [
        ("Afghan forces retook {d} district from the Taliban.", ARMY, TALIBAN),
    ],
}
DISTRICTS = ["Nad-e Ali", "Marjah", "Kaldar"]
DAYS = ["2021-07-25", "2021-07-26", "2021-07-27"]
OUTLETS = ["Dawn", "AFP", "Tolo", "RT"]


@st.composite
def reports(draw) -> list[Report]:
    count = draw(st.integers(min_value=1, max_value=7))
    out = []
    for n in range(count):
        outlet = draw(st.sampled_from(OUTLETS))
        items = draw(st.lists(st.tuples(
            st.sampled_from(sorted(SENTENCES)), st.integers(0, 2), st.sampled_from(DISTRICTS),
            st.sampled_from(DAYS), st.sampled_from([1, 1, 1, 2, 3]), st.integers(0, 12),
            st.sampled_from(["reported", "reported", "claimed", "denied"]),
        ), min_size=1, max_size=3))
        sentences, specs = [], []
        for sub, k, district, day, precision, toll, claim in items:
            options = SENTENCES[sub]
            template, a1, a2 = options[k % len(options)]
            sentences.append(template.format(d=district, n=toll))
            specs.append((sub, district, day, precision, toll, claim, a1, a2))
        sentences.append(f"(Report {n} by {outlet}.)")  # no two articles alike: each is stored
        report = Report(f"doc{n}", draw(st.sampled_from(DAYS)), outlet, sentences)
        for i, (sub, district, day, precision, toll, claim, a1, a2) in enumerate(specs):
            report.event(i, sub, day, district, a1, a2, precision=precision, fatalities=toll, claim=claim,
                         claimed_by="Taliban" if claim == "claimed" else None)
        out.append(report)
    return out


def canonical(incidents) -> str:
    rows = [
        [i.event.to_dict(), sorted((m.event_id, m.linked_to or "", m.score or 0) for m in i.members)]
        for i in incidents
    ]
    return json.dumps(sorted(rows, key=lambda r: r[0]["event_id"]), sort_keys=True, default=str)


def stored(store) -> str:
    rows = []
    for event in table.iter_incidents(store):
        members = sorted(
            (m["event_id"], m["linked_to"] or "", m["score"] or 0)
            for m in table.get_members(store, event.event_id)
        )
        rows.append([event.to_dict(), members])
    return json.dumps(sorted(rows, key=lambda r: r[0]["event_id"]), sort_keys=True, default=str)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(reports(), st.randoms(use_true_random=False))
def test_fusion_gives_the_same_incidents_in_any_input_order(batch, rng):
    events = [e for r in batch for e in r.events]
    info = {r.doc_id: ReportInfo(r.published, r.source) for r in batch}
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert canonical(fuse(events, info)) == canonical(fuse(shuffled, info))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.randoms(use_true_random=False))
def test_incremental_fusion_equals_fusing_everything_at_once_and_rerunning_changes_nothing(batch, rng):
    order = list(batch)
    rng.shuffle(order)
    with store_with(order) as store:  # fused article by article, in a random order
        incremental = stored(store)
        assert update(store, [r.doc_id for r in batch]).changed == 0  # idempotent
        assert stored(store) == incremental
        rebuild(store)
        assert stored(store) == incremental


# Days weeks and years apart, so that chunks of a batch meet several separate windows
# of one province (and events just inside and just outside each other's window)
SPREAD_DAYS = ["2019-04-02", "2019-04-05", "2019-05-20", "2021-07-25", "2021-07-27", "2021-08-30"]


@st.composite
def spread_reports(draw) -> list[Report]:
    batch = draw(reports())
    for report in batch:
        for event in report.events:
            event.event_date = draw(st.sampled_from(SPREAD_DAYS))
            if event.sub_event_type == "Government regains territory" and draw(st.booleans()):
                event.kind = "background"  # told as history: on the district's timeline, no incident
    return batch


def timelines(store) -> str:
    return json.dumps([[key, [asdict(s) for s in states]] for key, states in control_rows.read_timelines(store)],
                      sort_keys=True, default=str)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spread_reports(), st.integers(1, 3))
def test_fusing_a_batch_in_chunks_equals_fusing_everything_at_once(batch, chunk):
    """update_in_turns orders its chunks by place and date and reads only the windows they
    need: neither may change an incident."""
    with store_with(batch, fuse=False) as store:
        update_in_turns(store, [r.doc_id for r in batch], chunk=chunk)
        chunked, control = stored(store), timelines(store)
        rebuild(store)
        assert stored(store) == chunked
        assert timelines(store) == control


def test_a_province_neighbourhood_reads_the_windows_asked_for_not_the_days_between():
    days = ["2019-04-02", "2020-01-15", "2021-07-26"]
    batch = []
    for n, day in enumerate(days):
        report = Report(f"d{n}", day, "Dawn", [f"Taliban fighters attacked a checkpoint in Marjah, killing {n + 2} soldiers."])
        batch.append(report.event(0, "Armed clash", day, "Marjah", TALIBAN, ARMY, fatalities=n + 2))
    with store_with(batch, fuse=False) as store:
        near = _Neighbourhood(store, "Helmand")
        assert [e.doc_id for e in near.around(dt.date(2019, 4, 3), 10)] == ["d0"]
        assert [e.doc_id for e in near.around(dt.date(2021, 7, 20), 10)] == ["d2"]
        assert set(near.events) == {"d0-e0", "d2-e0"}  # 2020 lies between the windows: not read
        # a window over all three reads the days before, between and after those read
        assert [e.doc_id for e in near.around(dt.date(2020, 6, 1), 800)] == ["d0", "d1", "d2"]
        assert len(near.loaded) == 1


def test_what_fusion_read_is_kept_between_chunks_until_another_process_writes(tmp_path):
    first = Report("a", "2021-07-27", "Dawn", ["Taliban fighters attacked a checkpoint in Marjah, killing 4 soldiers."])
    first.event(0, "Armed clash", "2021-07-26", "Marjah", TALIBAN, ARMY, fatalities=4)
    second = Report("b", "2021-07-27", "AFP", ["Four soldiers died when the Taliban attacked a checkpoint in Marjah."])
    second.event(0, "Armed clash", "2021-07-26", "Marjah", ARMY, TALIBAN, fatalities=4)
    path = str(tmp_path / "view.db")
    with store_with([first], path=path, fuse=False) as store:
        view = _View(store)
        assert [e.doc_id for e in view.area("Helmand").around(dt.date(2021, 7, 26), 3)] == ["a"]
        assert [e.doc_id for e in view.fresh().area("Helmand").around(dt.date(2021, 7, 26), 3)] == ["a"]  # kept
        with store_with([second], path=path, fuse=False):  # another connection stores an article
            pass
        assert [e.doc_id for e in view.fresh().area("Helmand").around(dt.date(2021, 7, 26), 3)] == ["a", "b"]
        update(store, ["a", "b"], view=view)
        [incident] = list(table.iter_incidents(store))
        assert incident.sources == ["a", "b"]


def test_reextracting_an_article_replaces_its_events_in_the_incidents():
    a = Report("a", "2021-07-27", "Dawn", ["Taliban fighters attacked a checkpoint in Marjah, killing 4 soldiers."])
    a.event(0, "Armed clash", "2021-07-26", "Marjah", TALIBAN, ARMY, fatalities=4)
    b = Report("b", "2021-07-27", "AFP", ["Four soldiers died when the Taliban attacked a checkpoint in Marjah."])
    b.event(0, "Armed clash", "2021-07-26", "Marjah", ARMY, TALIBAN, fatalities=4)
    with store_with([a, b]) as store:
        [incident] = list(table.iter_incidents(store))
        assert incident.sources == ["a", "b"]
        store.replace_events("b", [])  # b re-extracted: no event any more
        update(store, ["b"])
        [incident] = list(table.iter_incidents(store))
        assert incident.sources == ["a"]
        assert table.incident_of(store, "b-e0") is None
