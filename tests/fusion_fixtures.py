"""Realistic per-article events for the fusion, control, export and map tests.

The events are what the extractor produces for short news reports: ACLED
field names and actor names, evidence sentences that slice back out of the
article text, claim statuses as the events stage sets them. Stores are built
from them without running the NLP pipeline, so these tests do not depend on
extraction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from frontlines.models import Article, Event, Evidence
from frontlines.store import Store

TALIBAN = "Taliban"
ARMY = "Military Forces of Afghanistan (2014-)"
POLICE = "Police Forces of Afghanistan (2014-)"
CIVILIANS = "Civilians (Afghanistan)"
IS_K = "Islamic State (Afghanistan)"

# district: (province, latitude, longitude) - approximate district centres
PLACES = {
    "Kaldar": ("Balkh", 37.18, 67.70),
    "Darqad": ("Takhar", 37.38, 69.45),
    "Qala-e-Naw": ("Badghis", 34.98, 63.13),
    "Nad-e Ali": ("Helmand", 31.63, 64.26),
    "Khanishin": ("Helmand", 30.55, 63.78),
    "Lashkar Gah": ("Helmand", 31.59, 64.37),
    "Marjah": ("Helmand", 31.52, 64.12),
}

TYPES = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Non-violent transfer of territory": "Strategic developments",
}


@dataclass
class Report:
    """One article: its metadata and the events extracted from it."""

    doc_id: str
    published: str | None
    source: str | None
    sentences: list[str]
    events: list[Event] = field(default_factory=list)
    url: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def article(self) -> Article:
        text = self.text
        return Article(
            id=self.doc_id, text=text, raw=text, title=self.sentences[0][:60], source=self.source,
            url=self.url, published=self.published, language="en", origin=f"{self.doc_id}.txt",
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )

    def event(self, sentence: int, sub_event_type: str, date: str | None, district: str | None,
              actor1: str | None, actor2: str | None = None, *, precision: int = 1,
              fatalities: int | None = None, claim: str = "reported", claimed_by: str | None = None,
              location: str | None = None, geo_precision: int = 2, confidence: float = 0.7,
              kind: str = "incident", province: str | None = None) -> Report:
        """Add an event whose evidence is sentence number ``sentence`` of this article."""
        text = self.text
        start = text.index(self.sentences[sentence])
        end = start + len(self.sentences[sentence])
        prov, lat, lon = PLACES.get(district or "", (province, None, None))
        n = len(self.events)
        self.events.append(Event(
            event_id=f"{self.doc_id}-e{n}", doc_id=self.doc_id, event_date=date,
            time_precision=precision, event_type=TYPES[sub_event_type],
            sub_event_type=sub_event_type, actor1=actor1, actor2=actor2,
            country="Afghanistan", iso=4, admin1=province or prov, admin2=district,
            location=location or district, latitude=lat, longitude=lon,
            geo_precision=geo_precision, fatalities=fatalities,
            fatalities_low=fatalities, fatalities_high=fatalities,
            claim_status=claim, claimed_by=claimed_by, confidence=confidence, kind=kind,
            evidence=[Evidence(self.doc_id, text[start:end], start, end, self.source)],
            notes=text[start:end],
        ))
        return self


def store_with(reports: list[Report], path: str = ":memory:", fuse: bool = True) -> Store:
    """A store holding the reports' articles and events, fused article by article."""
    from frontlines.fusion.service import update

    store = Store.open(path)
    for r in reports:
        store.add_article(r.article())
        store.replace_events(r.doc_id, r.events)
        if fuse:
            update(store, [r.doc_id])
    return store


def district_reports() -> list[Report]:
    """Reports behind the five reference districts' timelines, as the seeds tell them."""
    kaldar_fall = Report("kaldar-rt", "2021-07-27", "RT", [
        "Afghan security forces supported by local residents have kicked the Taliban out of Kaldar district.",
        "The district, which runs along the Amu River, was said to have fallen to the Taliban a month ago.",
    ])
    kaldar_fall.event(0, "Government regains territory", "2021-07-26", "Kaldar", ARMY, TALIBAN, fatalities=20)
    kaldar_fall.event(1, "Non-state actor overtakes territory", "2021-06-27", "Kaldar", TALIBAN, ARMY, precision=3)
    kaldar_tweet = Report("kaldar-tolo", "2021-07-26", "Tolo", [
        "Kaldar district of Balkh province was liberated from the Taliban terrorists on Monday.",
    ])
    kaldar_tweet.event(0, "Government regains territory", "2021-07-26", "Kaldar", ARMY, TALIBAN, fatalities=14)
    darqad = Report("darqad-afp", "2016-01-10", "AFP", [
        "Afghan forces on Sunday wrested control of Darqad district in Takhar province from the Taliban.",
        "Darqad was captured by the militants in late October in a battle that left six Afghan security force members dead.",
    ])
    darqad.event(0, "Government regains territory", "2016-01-10", "Darqad", ARMY, TALIBAN, fatalities=21)
    darqad.event(1, "Non-state actor overtakes territory", "2015-10-25", "Darqad", TALIBAN, ARMY, precision=3, fatalities=6)
    qala = Report("qala-bbc", "2021-07-08", "BBC", [
        "Taliban fighters briefly entered Qala-e-Naw in Badghis province on Wednesday.",
        "A spokesperson said the town had been cleared of Taliban fighters and was now fully under the control of Afghan security forces.",
    ])
    qala.event(0, "Non-state actor overtakes territory", "2021-07-07", "Qala-e-Naw", TALIBAN, ARMY)
    qala.event(1, "Government regains territory", "2021-07-07", "Qala-e-Naw", ARMY, TALIBAN)
    nad_ali = Report("nadali-rt", "2021-07-27", "RT", [
        "Earlier Tuesday, the Taliban claimed to have occupied the center of Nad-e Ali district, capturing the local police chief.",
    ])
    nad_ali.event(0, "Non-state actor overtakes territory", "2021-07-27", "Nad-e Ali", TALIBAN, POLICE,
                  claim="claimed", claimed_by="Taliban", confidence=0.6)
    khanishin = Report("khanishin-dawn", None, "Dawn", [
        "Security forces had retaken the district of Khanishin.",
        "The region, in the south of Helmand, had fallen to the Taliban earlier this month.",
    ])
    khanishin.event(0, "Government regains territory", None, "Khanishin", ARMY, TALIBAN)
    khanishin.event(1, "Non-state actor overtakes territory", None, "Khanishin", TALIBAN, ARMY)
    return [kaldar_fall, kaldar_tweet, darqad, qala, nad_ali, khanishin]


def strike_reports() -> list[Report]:
    """Two airstrikes in one district on one day, told apart by the text, plus a siege."""
    two = Report("strikes-pajhwok", "2021-05-04", "Pajhwok", [
        "An airstrike hit a wedding party in Nad-e Ali district on Monday morning, killing ten civilians.",
        "A second airstrike struck a Taliban hideout in the same district in the evening, killing three militants.",
    ])
    two.event(0, "Air/drone strike", "2021-05-03", "Nad-e Ali", ARMY, CIVILIANS, fatalities=10)
    two.event(1, "Air/drone strike", "2021-05-03", "Nad-e Ali", ARMY, TALIBAN, fatalities=3)
    wedding = Report("wedding-tolo", "2021-05-04", "Tolo", [
        "Ten civilians were left dead when a wedding in Nad-e Ali was bombed from the air on Monday.",
    ])
    wedding.event(0, "Air/drone strike", "2021-05-03", "Nad-e Ali", ARMY, CIVILIANS, fatalities=11)
    hideout = Report("hideout-mod", "2021-05-04", "Ministry of Defence", [
        "Three Taliban militants were killed in an air strike on their hideout in Nad-e Ali on Monday night.",
    ])
    hideout.event(0, "Air/drone strike", "2021-05-03", "Nad-e Ali", ARMY, TALIBAN, fatalities=3)
    siege = Report("siege-khaama", "2021-05-05", "Khaama", [
        "Taliban militants besieged Lashkar Gah and attacked checkpoints around the provincial capital on Monday.",
    ])
    siege.event(0, "Armed clash", "2021-05-03", "Lashkar Gah", TALIBAN, ARMY, fatalities=100)
    return [two, wedding, hideout, siege]
