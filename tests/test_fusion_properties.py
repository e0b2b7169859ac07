"""Fusion is deterministic, order-independent, incremental and idempotent (property-based)."""

from __future__ import annotations

import json

from fusion_fixtures import ARMY, CIVILIANS, POLICE, TALIBAN, Report, store_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.fusion import ReportInfo, fuse
from frontlines.fusion.service import rebuild, update
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
