"""ACLED's taxonomy as the events stage ships it: 6 event types, 25 sub-event types."""

from __future__ import annotations

import pytest

from frontlines.events.taxonomy import taxonomy

ACLED = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ],
}


def test_spelled_exactly_as_acled():
    tax = taxonomy()
    assert list(tax.event_types) == list(ACLED)
    assert tax.names() == [sub for subs in ACLED.values() for sub in subs]
    for event_type, subs in ACLED.items():
        for sub in subs:
            assert tax.event_type(sub) == event_type


@pytest.mark.parametrize("label", ["air/drone strike", "AIR_STRIKE", "Air drone strike", "air_strike"])
def test_labels_resolve_by_name_or_code(label):
    assert taxonomy().resolve(label).name == "Air/drone strike"


def test_codes_are_unique_and_unknown_labels_resolve_to_none():
    tax = taxonomy()
    codes = [sub.code for sub in tax.sub_event_types]
    assert len(set(codes)) == 25
    assert tax.resolve("Bombing") is None
    assert tax.event_type("nonsense") == ""


def test_territorial_types():
    tax = taxonomy()
    assert tax.territorial == {
        "Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory",
    }
    assert not tax.is_territorial("Armed clash")
