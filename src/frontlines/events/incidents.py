"""One event per incident within an article.

events.assemble joins the mentions of an event told over neighbouring
sentences. A full news story tells its main incident again and again, far
apart: the headline, the lead, the figure two paragraphs later, a witness's
account ("Two explosions went off shortly after one another"), the toll
updated at the end. This pass joins such events into the incident told
first, unless the text marks another incident. Ordered rules, each a small
function, the first that says "apart" decides:

1. ``kind``        both incidents (background and statistics are never joined)
2. ``marked``      the sentence that first tells the later event marks another incident
                   ("another", "separately", "a second attack", "elsewhere";
                   data/incidents.yaml)
3. ``day``         both deeds are dated to a day (not only their reports), and
                   the days differ - but the fighting of the days before a change
                   of control belongs to it
4. ``place``       both name places, and the places differ (another town, another
                   province, another country); or only the later names one, and
                   its deed is of another type. Two towns this close are one
                   place (a quarter of the city and the city)
5. ``sides``       two deeds by two named armed parties, neither a side of the
                   other's deed (the Turkish army's shelling, the government's
                   shelling; events.assemble.other_sides)
6. ``family``      the types may belong to one incident: the same violent type,
                   however far apart (another type: close by or at the same
                   place); both violent (a bombing and the gunfight around it)
                   or both demonstrations, when told within a few sentences and
                   one is known only by its harm or fighting, or when the later
                   refers back ("the bomb", "the attack"), or when the later
                   names no place and no day of its own (told in the frame of
                   the incident before it); two changes of
                   territory only when the same
                   type at the same place, or when one sentence was read both
                   ways (a retaking and a takeover of one place)

A later event joins the earliest incident it may join at its own named place,
else the earliest it may join at all (the story's main incident, usually); one with no place
and no day of its own joins the latest it may join (it is told in that one's frame). The
joined incident keeps the first event's type unless that type is generic (a
clash, an attack) and the other's names the means or the outcome (ACLED's
precedence, data/incidents.yaml: a suicide bombing over the shooting around
it, a takeover over the clash that won it).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

from . import lexicon
from .assemble import (
    Cluster,
    SentenceFacts,
    _another_side_from_afar,
    _province_level,
    _same_date,
    _same_place,
    other_sides,
)


@functools.cache
def _data() -> dict:
    return lexicon.load("incidents.yaml")


@functools.cache
def _markers() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data()["another_incident"]), re.IGNORECASE)


@functools.cache
def _family_of() -> dict[str, str]:
    return {sub: name for name, subs in _data()["families"].items() for sub in subs}


@functools.cache
def _rank() -> dict[str, int]:
    return {sub: n for n, sub in enumerate(_data()["precedence"])}


Rule = Callable[[Cluster, Cluster, list[SentenceFacts]], bool]  # True: apart


def _kind(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    return first.kind != "incident" or later.kind != "incident"


def _marked(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    # the sentence that tells the later event first: a marker further on ("the final assailant was
    # killed later in another nearby hotel") is about a detail, not the event
    return later.remember("marked", lambda: bool(_markers().search(facts[min(later.facts)].text)))


def _event_date(cluster: Cluster):
    """The cluster's date when a deed is dated ("blew himself up on Tuesday"), not only a
    report ("officials said on Wednesday")."""
    deed_dated = cluster.remember(
        "deed_dated", lambda: any(m.date is not None and m.date.date and not m.report_date for m in cluster.mentions)
    )
    return cluster.date if deed_dated else None


def _day(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    a, b = _event_date(first), _event_date(later)
    if a is None or b is None or not a.date or not b.date:
        return False
    if first.territorial and _family_of().get(later.sub_event_type) == "violence" and (
        0 <= (dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days <= _data()["lead_up_days"]
    ):
        return False  # the fighting of the days before, which won the place
    if a.precision == 1 and b.precision == 1:
        return a.date != b.date
    return not _same_date(a, b)


def _place(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    if _near(first.place, later.place):
        return False  # a quarter of the city told before ("Sultanahmet", "Istanbul")
    if first.place is None and later.place is not None:
        # the later names where it happened, the first did not: the same incident only if the
        # same kind of deed (a bombing told again with its place), and not where the first's
        # scene was set elsewhere ("killed in Thursday's siege" after a lead naming Jakarta, then
        # "a gun battle in Central Sulawesi")
        if first.setting is not None and not _near(first.setting, later.place) and (
            _same_place(first.setting, later.place) is False
        ):
            return True
        return first.sub_event_type != later.sub_event_type
    return _same_place(first.place, later.place) is False


def _sides(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    if first.territorial or later.territorial:
        return False
    return other_sides(first.head, later.head)


def _near(a, b) -> bool:
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    if a.geonames_id is None or b.geonames_id is None:
        return False  # a village known only from its frame stands at its district's or province's point
    if _province_level(a) or _province_level(b) or a.country_code != b.country_code:
        return False
    from ..geo.gazetteer import haversine_km

    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= _data()["near_km"]


def _family(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    a, b = first.sub_event_type, later.sub_event_type
    if first.territorial and later.territorial and a != b:
        # one change of control read two ways is one event: told in one sentence ("drove
        # Islamic State out of Palmyra": a retaking, not also a takeover), or a takeover and
        # the withdrawal that gave it ("took control of the district ... forces had pulled out
        # of the district": not also a transfer) at the same place. A capture and a recapture
        # told apart are two changes.
        if set(first.facts) & set(later.facts):
            return False
        opposite = {a, b} <= set(_data()["opposite_changes"])
        return opposite or _same_place(first.place, later.place) is not True
    definite = any(m.definite for m in later.mentions)
    generic = _data()["generic"]
    if definite and _family_of().get(a) == "violence" and (
        b in _data()["detail_types"] or a in generic or b in generic or _event_type(a) == _event_type(b)
    ):
        return False  # "The bomb was hidden in a handcart": the deed told before, in detail
    if first.territorial and b in _data()["detail_types"] and _gap(first, later) <= _data()["family_window"]:
        return False  # the defenders' withdrawal told after the takeover: part of it
    if first.territorial or later.territorial:
        if a != b:
            return not (first.territorial and b in _data()["territory_takes_in"] and later.place is None)
        return later.place is not None and _same_place(first.place, later.place) is not True
    near = _gap(first, later) <= _data()["family_window"]
    if _family_of().get(a) == "violence" and _told_in_its_frame(later):
        return False  # "The drama played out ..., with six explosions and a gunfight": no place, no day of its own
    if _family_of().get(a) == "violence" and _toll_told_again(later):
        return False  # "police had said that three civilians and a police officer were killed": its toll
    if a == b:
        # the same deed told again: a violent one however far apart ("the attack" in the last
        # paragraph), others (arrests, agreements) when told close by or at the same place
        return not (_family_of().get(a) == "violence" or near or _specific_same(first, later))
    family = _family_of().get(a)
    if family is None or family != _family_of().get(b):
        return True
    if _another_side_from_afar(first.head, later.head) or _another_side_from_afar(later.head, first.head):
        return True  # another party's strikes beside a ground battle: two incidents (events.assemble)
    # another kind of deed of the same family: part of the incident when told close to it and
    # one of the two is known only by its harm or fighting (the gunfight after the bombing);
    # two deeds with their own means (an IED, an air strike) are two incidents
    return not (near and (a in generic or b in generic))


def _told_in_its_frame(cluster: Cluster) -> bool:
    """A violent deed told with no place and no day of its own: a detail of the violent incident
    the story told before (the place the sentences before name is only the scene's setting,
    events.build.setting)."""
    return _family_of().get(cluster.sub_event_type) == "violence" and cluster.place is None and _event_date(cluster) is None


def _toll_told_again(cluster: Cluster) -> bool:
    """Deaths told with no deed, no means and no place of their own: the toll of the incident
    the story told before, however far apart."""
    return all(m.harm_only for m in cluster.mentions) and (cluster.place is None or cluster.place.kind == "country")


def _event_type(sub_event_type: str) -> str:
    from .taxonomy import taxonomy

    return taxonomy().event_type(sub_event_type)


def _gap(first: Cluster, later: Cluster) -> int:
    return later.first - first.last


RULES: tuple[Rule, ...] = (_kind, _marked, _day, _place, _sides, _family)


def apart(first: Cluster, later: Cluster, facts: list[SentenceFacts]) -> bool:
    """Whether a rule keeps the later event apart from the first (module docstring)."""
    return any(rule(first, later, facts) for rule in RULES)


def _specific_same(a: Cluster, b: Cluster) -> bool:
    return (a.place is not None and b.place is not None and not _province_level(a.place)
            and not _province_level(b.place) and _same_place(a.place, b.place) is True)


def join(clusters: list[Cluster], facts: list[SentenceFacts]) -> list[Cluster]:
    """The clusters with every later telling of an incident joined into its first."""
    kept: list[Cluster] = []
    for cluster in sorted(clusters, key=lambda c: c.first):
        fitting = [k for k in kept if not apart(k, cluster, facts)]
        target = next((k for k in fitting if _specific_same(k, cluster)), fitting[0] if fitting else None)
        if fitting and cluster.place is None and _event_date(cluster) is None:
            # a detail with no place and no day of its own is told in the frame of the incident
            # just before it ("A suicide bomber drove a car into the checkpoint" after the attack
            # on the checkpoint, not after the story's lead)
            target = max(fitting, key=lambda k: k.last)
        if target is None:
            kept.append(cluster)
            continue
        _absorb(target, cluster, facts)
    return kept


def _absorb(target: Cluster, other: Cluster, facts: list[SentenceFacts]) -> None:
    rank = _rank()
    generic = target.sub_event_type in _data()["generic"]
    if generic and rank.get(other.sub_event_type, len(rank)) < rank.get(target.sub_event_type, len(rank)):
        target.mentions[:0] = other.mentions  # the other's type leads
    else:
        target.mentions.extend(other.mentions)
    # a sentence the story repeats word for word (a paragraph pasted twice) is told once
    told = {facts[p].text for p in target.facts + target.casualty_facts}
    target.facts = sorted(set(target.facts) | {p for p in other.facts if facts[p].text not in told})
    target.casualty_facts = sorted(
        (set(target.casualty_facts) | {p for p in other.casualty_facts if facts[p].text not in told}) - set(target.facts)
    )
