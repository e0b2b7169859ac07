"""The typed records that flow through the pipeline.

ingest -> Article (text, metadata)
nlp    -> Article.doc (a spaCy Doc over Article.text)
geo    -> Article.places (resolved place mentions), Article.focus_country
events -> Article.events (ACLED-style event records)
fusion -> cross-article events and district ControlState timelines

Every stage reads some fields of an Article and fills others; character
offsets always refer to ``Article.text`` (the cleaned text), so that
``article.text[start:end]`` gives back the exact evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One input document, as read, cleaned and (later) analysed."""

    id: str
    text: str  # cleaned story text; all offsets refer to this string
    raw: str = ""  # the input as read (decoded text or HTML)
    title: str | None = None
    source: str | None = None  # outlet, e.g. "Dawn", "AFP"
    url: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    published_from: str | None = None  # input | option | html | dateline
    undated: str | None = None  # why no publication date was found (ingest.published); not stored
    language: str | None = None  # ISO 639-1 code
    origin: str = ""  # where it came from: "path" or "path:line"
    content_hash: str = ""  # hash of the normalised cleaned text (duplicate detection)
    warnings: list[str] = field(default_factory=list)
    # filled by later stages; not stored as columns
    focus_country: str | None = None  # ISO alpha-2 of the country the story is about (geo.focus)
    sentences: list[Sentence] = field(default_factory=list, repr=False, compare=False)
    places: list[Place] = field(default_factory=list, repr=False)
    events: list[Event] = field(default_factory=list, repr=False)

    def metadata(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "published_from": self.published_from,
            "language": self.language,
            "origin": self.origin,
        }


@dataclass
class Sentence:
    """A sentence of Article.text with its spaCy analysis.

    ``doc`` always holds the tokens; sentences that may hold an event
    (``analysed`` True) also carry tags, a dependency parse and named
    entities. Token ``idx`` values are relative to the sentence: add
    ``start`` to get offsets in Article.text.
    """

    start: int
    end: int
    text: str
    doc: Any = field(default=None, repr=False, compare=False)
    analysed: bool = False
    entities: bool = False  # spaCy's NER ran on it (only analysed sentences that need it)


@dataclass
class Place:
    """A place mention in text, resolved against the gazetteer."""

    text: str  # the surface form as written
    start: int  # character span in Article.text
    end: int
    name: str  # canonical name of the resolved place
    country: str | None = None  # country name, e.g. "Afghanistan"
    country_code: str | None = None  # ISO 3166-1 alpha-2, e.g. "AF"
    admin1: str | None = None  # province
    admin2: str | None = None  # district
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    geo_precision: int | None = None  # 1 the place itself, 2 near / within district, 3 province only
    kind: str | None = None  # country | province | district | town | region
    score: float = 1.0  # resolution confidence 0..1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """The exact text behind an event: a sentence and its span in the article."""

    doc_id: str
    sentence: str
    start: int
    end: int
    source: str | None = None  # outlet of the article (filled when known)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """An event record; field names follow ACLED's codebook."""

    event_id: str
    doc_id: str
    event_date: str | None = None  # ISO date
    time_precision: int = 3  # 1 day, 2 week / a few days, 3 month or vaguer
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    country: str | None = None
    iso: int | None = None  # ISO 3166-1 numeric, as ACLED (Afghanistan = 4)
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonames_id: int | None = None
    fatalities: int | None = None  # best estimate
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    detained: int | None = None  # people arrested / captured / detained in the event, whatever its type (a raid coded as a clash too)
    claim_status: str = "reported"  # reported | claimed | confirmed | denied | disputed
    claimed_by: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    notes: str = ""
    kind: str = "incident"  # incident | background | statistic (the latter two are never counted)
    sources: list[str] = field(default_factory=list)  # doc ids of every report behind it
    date_note: str | None = None  # why event_date is empty (an undated article), else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


EVENT_FIELDS: tuple[str, ...] = tuple(Event.__dataclass_fields__)


@dataclass
class ControlState:
    """One period of a district's control timeline (filled by fusion.control).

    ``state`` is government | non-state | contested | unknown; ``controller``
    names who holds the district ("Government of Afghanistan", "Taliban"; for
    a contested district, the holder it is contested from) and ``challenger``
    who contests it. Dates are ISO (None: not known); precisions as Event's.
    A state resting on one party's claim alone has claim_status "claimed":
    it is shown, but it is not control. ``brief`` marks an incursion (a
    district entered and lost again within days); ``implied`` a state inferred
    from a later change ("retaken from the Taliban" implies Taliban control
    before) rather than reported itself.
    """

    district: str
    province: str | None
    state: str
    controller: str | None = None
    challenger: str | None = None
    start: str | None = None
    end: str | None = None
    start_precision: int | None = None
    end_precision: int | None = None
    confidence: float = 0.5
    claim_status: str = "reported"
    claimed_by: str | None = None
    brief: bool = False
    implied: bool = False
    events: list[str] = field(default_factory=list)  # incident ids behind the state
    evidence: list[Evidence] = field(default_factory=list)
    why: str = ""  # one line: how the state was derived
    latitude: float | None = None  # the district's point (for maps)
    longitude: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
