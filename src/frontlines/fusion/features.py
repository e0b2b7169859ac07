"""What fusion compares: a profile of one per-article event.

A profile holds the event's normalised date, place and actors, and the cues
its evidence sentences give that can tell two same-day, same-place incidents
apart: what was hit (targets), when in the day, "a second strike", and named
sub-locations ("the Camp area", "Shakh village"). Profiles are computed once
per event and compared pairwise by :mod:`frontlines.fusion.match`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..models import Event
from .lexicon import cues


def norm_name(name: str | None) -> str:
    """A place or actor name reduced for comparison: "Nad-e Ali" == "nad e ali"."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Profile:
    event: Event
    key: tuple[str, str, str]  # canonical order: date, doc id, event id
    source_key: str  # independence: the outlet, or the document when unknown
    published: str
    date: dt.date | None
    precision: int
    admin1: str
    admin2: str
    location: str
    geo_precision: int
    side1: frozenset[str]
    side2: frozenset[str]
    targets: frozenset[str]
    hours: frozenset[int]
    ordinal: str | None  # "first" | "later" | None
    areas: frozenset[str]
    victims: frozenset[str]  # classes of the people counted in its toll
    figures: frozenset[int]  # every number its evidence gives (not dates)
    words: str  # content words of its evidence, for text similarity

    @property
    def event_id(self) -> str:
        return self.event.event_id

    @property
    def doc_id(self) -> str:
        return self.event.doc_id


def evidence_text(event: Event) -> str:
    return " ".join(e.sentence for e in event.evidence if e.sentence)


def _side(*actors: str | None) -> frozenset[str]:
    return frozenset(a.strip() for a in actors if a and a.strip())


def targets_in(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in cues().targets.items() if pattern.search(text))


def hours_in(text: str) -> frozenset[int]:
    c = cues()
    hours = {hour for hour, pattern in c.times_of_day.values() if pattern.search(text)}
    for match in c.clock.finditer(text):
        hour = int(match.group(1))
        suffix = (match.group(3) or "").lower().replace(".", "")
        if hour > 24 or (match.group(2) is None and not suffix):
            continue  # "at 20 locations", "around 50 militants": not a time
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        hours.add(hour % 24)
    return frozenset(hours)


def ordinal_in(text: str) -> str | None:
    c = cues()
    if c.ordinal_later.search(text):
        return "later"
    if c.ordinal_first.search(text):
        return "first"
    return None


def areas_in(text: str, exclude: set[str]) -> frozenset[str]:
    """Named sub-locations, minus the names of the event's own district/province."""
    c = cues()
    found = set()
    for match in c.area.finditer(text):
        words = (match.group("a") or match.group("b") or "").split()
        while words and words[0] in c.area_stopwords:
            words.pop(0)
        name = norm_name(" ".join(words))
        if name and name not in exclude:
            found.add(name)
    return frozenset(found)


def victims_in(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in cues().victims.items() if pattern.search(text))


_NUMBER_WORDS = {
    w: n for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_DATES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[ ./-]\d{1,2}[ ./-]\d{4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?[ -]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b(?:19|20)\d{2}\b|\b\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)",
    re.IGNORECASE,
)


def figures_in(text: str) -> frozenset[int]:
    """The numbers a report gives (tolls, counts), dates and times left out: "7 killed, five wounded" -> {5, 7}."""
    text = _DATES.sub(" ", text)
    # a run of more than 12 digits is no toll or count (and Python refuses to read one of over 4,300)
    found = {int(n.replace(",", "")) for n in re.findall(r"\b\d{1,3}(?:,\d{3})*\b|\b\d+\b", text)
             if len(n) <= 12 + n.count(",")}
    found |= {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    return frozenset(found)


_STOP = frozenset(
    "a an the of in on at by to and or was were is are be been has have had that this with from for "
    "as its their his her it they he she who which during after before over into near than".split()
)


def content_words(text: str, exclude: set[str]) -> str:
    """Words that describe the incident: no numbers, dates, stop words or the event's own place names."""
    words = [w for w in norm_name(text).split() if not w.isdigit() and w not in _STOP]
    dropped = {p for name in exclude for p in name.split()}
    return " ".join(w for w in words if w not in dropped)


def profile(event: Event, published: str | None = None, source: str | None = None) -> Profile:
    """The comparable profile of one event; ``published``/``source`` describe its article."""
    text = evidence_text(event)
    admin1, admin2, location = (
        norm_name(event.admin1),
        norm_name(event.admin2),
        norm_name(event.location),
    )
    outlet = source or next((e.source for e in event.evidence if e.source), None)
    return Profile(
        event=event,
        key=(event.event_date or "9999", event.doc_id, event.event_id),
        source_key=norm_name(outlet) or f"doc:{event.doc_id}",
        published=published or event.event_date or "",
        date=parse_date(event.event_date),
        precision=event.time_precision or 3,
        admin1=admin1,
        admin2=admin2,
        location=location,
        geo_precision=event.geo_precision or (3 if not admin2 else 2),
        side1=_side(event.actor1, event.assoc_actor_1),
        side2=_side(event.actor2, event.assoc_actor_2),
        targets=targets_in(text),
        hours=hours_in(text),
        ordinal=ordinal_in(text),
        areas=areas_in(text, {admin1, admin2, location, norm_name(event.country)}),
        victims=victims_in(text),
        figures=figures_in(text),
        words=content_words(text, {admin1, admin2, location}),
    )
