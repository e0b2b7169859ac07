"""Toponym resolution: choose, for each mention, the place it names.

Each candidate place of a mention is scored from what the text says around it:

* the kind word next to it ("Kaldar *district*", "*the province of* Helmand",
  "Ghazni *city*");
* the place it is said to lie in: "X district, Y province", "X district of Y",
  "X in Y", "X (Y)" -- the containing mention's province or district must
  match the candidate's;
* the provinces the article names elsewhere, nearer ones weighing more (a
  town name shared by several provinces goes to the one the story is about);
* what the place is: a province or district outranks a village of the same
  name, a capital or district centre outranks another town, and a foreign
  country or capital outranks an Afghan village ("Islamabad" is in Pakistan).

"The provincial capital" without a name resolves to the capital of the
province in context. The chosen candidate becomes a :class:`Place` with its
ACLED geo_precision (1 the place itself, 2 near it or somewhere in the
district, 3 only the province).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from .. import config
from ..models import Place
from ..spans import starting_within
from .gazetteer import Entry, Gazetteer, haversine_km
from .normalize import GENERIC_WORDS, display_name, name_key, words
from .recognize import Mention, lexicon

# text between two mentions saying the first lies inside the second
_INSIDE = re.compile(
    r"^\s*(?:(?:district|province|city|town|village|area|region|valley)s?\s*(?:cent(?:er|re)\s*)?)?"
    r"(?:,|\bof\b|\bin\b|\(|\bin\s+the\b|\bof\s+the\b)\s*(?:the\s+)?"
    r"(?:(?:southern|northern|eastern|western|central|north|south|east|west|[a-z]+ern)\s+)?"
    r"(?:(?:district|province)\s+of\s+)?$",
    re.IGNORECASE,
)
_LOOSE_START = re.compile(
    r"\s*(?:\(|(?:district|village|area|city|town|valley)s?\b)", re.IGNORECASE
)
_LOOSE_END = re.compile(r"(?:,|\bof|\bin)\s*(?:the\s+)?$", re.IGNORECASE)
_BASE = {"country": 3.0, "province": 3.0, "district": 2.6}


def _base(entry: Entry, home: set[str]) -> float:
    if entry.kind in _BASE:
        return _BASE[entry.kind]
    if entry.role == "capital":
        return 3.1 if entry.country_code in home else 2.5
    if entry.role == "centre":
        return 2.2
    if entry.country_code not in home:
        return 1.2 + min(entry.population, 5_000_000) / 5_000_000
    return 1.0 + min(entry.population, 100_000) / 200_000


_HINT_FIT = {
    "district": {"district": 5.0, "town": 0.5},
    "province": {"province": 5.0},
    "town": {"town": 3.0, "district": 0.5},
    "village": {"town": 2.0, "district": 0.5},
    "country": {"country": 4.0},
}


def _focus_bonus() -> float:
    from .focus import settings

    return float(settings()["resolver_focus_bonus"])


class _Votes:
    """The province votes of an article ((sentence, province code) pairs), counted once."""

    def __init__(self, votes: list[tuple[int, str]]):
        self.overall = Counter(code for _, code in votes)
        self.by_sentence: dict[int, Counter[str]] = defaultdict(Counter)
        for sentence, code in votes:
            self.by_sentence[sentence][code] += 1

    def within(self, sentence: int, distance: int) -> Counter[str]:
        """The votes of the sentences at most ``distance`` from ``sentence``."""
        found: Counter[str] = Counter()
        for other in range(sentence - distance, sentence + distance + 1):
            found.update(self.by_sentence.get(other, {}))
        return found


class Resolver:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.focus: str | None = None
        self.lex_kinds = lexicon().kind_words

    def resolve(self, text: str, mentions: Sequence[Mention], focus: str | None = None) -> list[Place]:
        """The place each mention names; ``focus`` is the story's focus country (geo.focus), whose
        readings gain ``resolver_focus_bonus`` when it lies outside the home countries."""
        self.focus = focus if focus not in self.gaz.home_countries else None
        mentions = sorted(mentions, key=lambda m: m.start)
        containers, loose = self._containers(text, mentions)
        glosses = {
            index
            for index in containers
            if "(" in text[mentions[index].end : mentions[index + 1].start]
        }
        slips = self._province_slips(text, mentions, containers)
        for index in slips:
            # "Sangin district, Ghazni province": the district is right, the province a slip
            del containers[index]
            loose.pop(index, None)
        votes = _Votes(self._province_votes(mentions))
        # what every mention's choice looks at, counted once (per mention it made an article's
        # cost grow with the square of its length)
        self._article_home = any(
            c.country_code in self.gaz.home_countries
            for m in mentions
            for c in m.candidates
            if c.kind in ("province", "district")
        )
        self._contained: dict[int, list[Mention]] = defaultdict(list)
        for i, j in loose.items():
            self._contained[j].append(mentions[i])
        chosen: dict[int, Entry] = {}
        confidence: dict[int, float] = {}
        for index, mention in enumerate(mentions):
            if mention.match == "capital" or index in slips.values():
                continue
            entry, confidence[index] = self._choose(
                index, mention, mentions, containers, loose, votes, glosses
            )
            if entry is not None:
                chosen[index] = entry
        self._drop_stray_glosses(glosses, chosen)
        self._capitals_as_provinces(mentions, chosen)
        places = [self._place(mentions[i], entry, confidence[i]) for i, entry in chosen.items()]
        for index, mention in enumerate(mentions):
            if mention.match == "capital":
                capital = self._capital_in_context(index, mentions, chosen, votes)
                if capital is not None:
                    places.append(self._place(mention, capital, 0.7))
        return sorted(places, key=lambda p: p.start)

    # -- context ----------------------------------------------------------------------------

    def _containers(
        self, text: str, mentions: Sequence[Mention]
    ) -> tuple[dict[int, int], dict[int, int]]:
        """index of a mention -> index of the mention that says where it lies.

        Strict links ("X district, Y", "X village of Y") also rule out the
        candidates of X that do not lie in Y; loose links ("X (Kor Zor)
        district, Herat", "X district police chief ..., Herat") only weigh.
        """
        strict: dict[int, int] = {}
        loose: dict[int, int] = {}
        for index in range(len(mentions) - 1):
            here, there = mentions[index], mentions[index + 1]
            if here.sentence != there.sentence:
                continue
            gap = text[here.end : there.start]
            if _INSIDE.match(gap):
                strict[index] = loose[index] = index + 1
            elif (
                len(gap) <= 60
                and not re.search(r"[.;:!?]", gap)
                and _LOOSE_END.search(gap)
                and _LOOSE_START.match(gap)
            ):
                loose[index] = index + 1
        return strict, loose

    def _province_slips(
        self, text: str, mentions: Sequence[Mention], containers: dict[int, int]
    ) -> dict[int, int]:
        """District mention -> the province mention beside it that cannot be its province.

        "Sangin district, Ghazni": no Sangin lies in Ghazni, and the only Sangin
        is far from every district of Ghazni, so the province is a slip of the
        pen and the district -- the more specific name -- is kept. A district
        near the named province is left alone: districts have moved between
        neighbouring provinces (Ghormach, Gizab, Kiti), and there the text may
        be right and the gazetteer out of date. The distance is ``[geo]
        province_slip_km``.
        """
        limit = float(config.get("geo", "province_slip_km"))
        home = self.gaz.home_countries
        slips: dict[int, int] = {}
        for index, outer in containers.items():
            mention, container = mentions[index], mentions[outer]
            if mention.kind_hint != "district" or mention.match not in ("exact", "skeleton"):
                continue
            before = re.search(r"(\S+)\s*$", text[max(0, mention.start - 40) : mention.start])
            if before and before.group(1)[:1].isupper():
                continue  # "Wali Kot district": only part of the name was found
            provinces = [
                c for c in container.candidates if c.kind == "province" and c.country_code in home
            ]
            districts = [
                c for c in mention.candidates if c.kind == "district" and c.country_code in home
            ]
            if len(provinces) != 1 or not districts:
                continue
            code = provinces[0].admin1_code
            if len({d.admin1_code for d in districts}) != 1 or districts[0].admin1_code == code:
                continue
            if all(self._km_to_province(d, code) > limit for d in districts):
                slips[index] = outer
        return slips

    def _km_to_province(self, district: Entry, admin1_code: str | None) -> float:
        """Distance from a district's point to the nearest district point of a province."""
        if district.latitude is None or district.longitude is None:
            return 0.0
        distances = [
            haversine_km(district.latitude, district.longitude, e.latitude, e.longitude)
            for e in self.gaz.districts.values()
            if e.admin1_code == admin1_code and e.latitude is not None and e.longitude is not None
        ]
        return min(distances, default=0.0)

    def _province_votes(self, mentions: Sequence[Mention]) -> list[tuple[int, str]]:
        """(sentence, province code) for every mention whose candidates agree on the province."""
        votes: list[tuple[int, str]] = []
        for mention in mentions:
            home = [
                c
                for c in mention.candidates
                if c.country_code in self.gaz.home_countries and c.kind != "country"
            ]
            codes = {c.admin1_code for c in home}
            if len(codes) == 1 and home and len(home) >= len(mention.candidates) / 2:
                votes.append((mention.sentence, next(iter(codes))))
        return votes

    def _choose(
        self, index, mention, mentions, containers, loose, votes, glosses
    ) -> tuple[Entry | None, float]:
        home = self.gaz.home_countries
        article_home = self._article_home
        container = mentions[containers[index]] if index in containers else None
        loose_container = mentions[loose[index]] if index in loose else None
        contained = self._contained.get(index, [])
        same_sentence = votes.within(mention.sentence, 0)
        nearby = votes.within(mention.sentence, 2)
        overall = votes.overall
        total = sum(overall.values()) or 1
        scored: list[tuple[float, Entry]] = []
        candidates = mention.candidates
        if (
            mention.kind_hint == "province"
            and mention.match not in ("exact", "world")
            and not any(c.kind in ("province", "country") for c in candidates)
        ):
            # "Punjab province" is not the district Panjab by a looser spelling; a district
            # named exactly ("Maywand province") is a slip for the district
            return None, 0.0
        if mention.kind_hint == "district":
            # a district named after its centre town ("Khas Uruzgan district")
            extra = [
                self.gaz.district(c.admin2_code) for c in candidates if c.kind == "town" and c.role
            ]
            candidates = list(dict.fromkeys(candidates + [d for d in extra if d is not None]))
        if mention.kind_hint == "village" and (container or loose_container):
            # "the Gilan area of Andar district": a village, not the district called Gilan;
            # but "the Dand area of Kandahar (province)" is the district of the province
            outer_mention = container or loose_container
            outer = outer_mention.candidates
            province_named = outer_mention.kind_hint in (None, "province") and any(
                o.kind == "province" for o in outer
            )
            candidates = [
                c
                for c in candidates
                if (c.kind == "town" or (c.kind == "district" and province_named))
                and self._fit(c, outer) > 0
            ]
            if not candidates:
                return None, 0.0
        said = set(words(mention.text))
        if mention.kind_hint != "province" and not any(self.lex_kinds.get(w) == "province" for w in said):
            # "Aleppo", "Raqqa" abroad: the town, not the division named after it (which it lies in);
            # but "California" is the state, not California City
            towns = {
                c.admin1_code for c in candidates
                if c.kind == "town" and c.country_code not in home and not (set(words(c.name)) & GENERIC_WORDS) - said
            }
            candidates = [
                c for c in candidates
                if not (c.kind == "province" and c.country_code not in home and c.admin1_code in towns)
            ]
        if container is not None and container.candidates:
            # "X village of Y district": places of that name elsewhere are not meant
            fitting = [c for c in candidates if self._fit(c, container.candidates) > 0]
            if fitting:
                candidates = fitting
            elif all(c.country_code in home for c in candidates) and index not in glosses:
                # ("X (Y)" glosses X by another name or a second place; it does not contain X)
                return None, 0.0
        for entry in candidates:
            score = _base(entry, home)
            if mention.kind_hint:
                score += _HINT_FIT.get(mention.kind_hint, {}).get(entry.kind, -2.0)
                if mention.kind_hint == "town" and entry.role:
                    score += 1.0
            if loose_container is not None:
                score += self._fit(entry, loose_container.candidates)
            if contained and entry.kind in ("province", "district", "country"):
                score += 2.0  # "X district, *Ghazni*": the second name is the larger unit
            if entry.country_code in home:
                if article_home:
                    score += 1.0
                code = entry.admin1_code
                score += 1.5 * min(same_sentence[code], 2) + 0.8 * min(nearby[code], 2)
                score += 2.0 * overall[code] / total
            elif (
                entry.kind != "country"
                and entry.role != "capital"
                and article_home
                and mention.match != "world"
            ):
                score -= 1.0
            if self.focus is not None and entry.country_code == self.focus:
                score += _focus_bonus()
            if mention.match == "skeleton":
                score -= 0.5
            elif mention.match == "fuzzy":
                score -= 1.0
            scored.append((score, entry))
        if not scored:
            return None, 0.0
        scored.sort(key=lambda pair: (pair[0], pair[1].population), reverse=True)
        best_score, best = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        margin = best_score - runner_up
        confidence = 0.95 if len(scored) == 1 else max(0.3, min(0.95, 0.5 + margin / 6))
        if mention.match == "fuzzy":
            confidence = min(confidence, 0.6)
        return best, round(confidence, 2)

    def _drop_stray_glosses(self, glosses: set[int], chosen: dict[int, Entry]) -> None:
        """ "Khas Uruzgan (Khas) district": a gloss resolved into another province is a misreading."""
        for index in glosses:
            named, gloss = chosen.get(index), chosen.get(index + 1)
            if (
                named is not None
                and gloss is not None
                and named.country_code in self.gaz.home_countries
                and gloss.country_code == named.country_code
                and gloss.admin1_code != named.admin1_code
                and named.kind in ("district", "town")
            ):
                del chosen[index + 1]

    def _capitals_as_provinces(self, mentions: Sequence[Mention], chosen: dict[int, Entry]) -> None:
        """ "In Kunduz last night, ... in the Chahar Dara district": the capital's name is the province's.

        A provincial capital named like its province, written without "city" or
        "town", names the province when the same sentence places something else
        in that province outside the capital's district.
        """
        in_sentence: dict[int, list[int]] = defaultdict(list)  # the chosen mentions of each sentence
        for j in chosen:
            in_sentence[mentions[j].sentence].append(j)
        for index, entry in list(chosen.items()):
            mention = mentions[index]
            if entry.kind != "town" or entry.role != "capital" or mention.kind_hint == "town":
                continue
            province = self.gaz.province(entry.admin1_code)
            if province is None or name_key(province.name) != name_key(entry.name):
                continue
            elsewhere = any(
                other.admin1_code == entry.admin1_code
                and other.kind in ("district", "town")
                and other.admin2_code
                and other.admin2_code != entry.admin2_code
                for other in (chosen[j] for j in in_sentence[mention.sentence] if j != index)
            )
            if elsewhere:
                chosen[index] = province

    def _fit(self, entry: Entry, outer: Sequence[Entry]) -> float:
        """How well a candidate fits inside the place its text says contains it."""
        if not outer:
            return 0.0
        best = -3.0
        for place in outer:
            if (
                place.kind == "province"
                and entry.admin1_code == place.admin1_code
                and entry.kind != "province"
            ):
                best = max(best, 6.0)
            elif (
                place.kind == "district"
                and entry.admin2_code == place.admin2_code
                and entry.kind == "town"
            ):
                best = max(best, 6.0)
            elif (
                place.kind == "district"
                and entry.admin1_code == place.admin1_code
                and entry.kind == "district"
            ):
                best = max(best, 1.0)
            elif place.kind == "country" and entry.country_code == place.country_code:
                best = max(best, 3.0)
            elif (
                place.kind == "town"
                and entry.kind == "province"
                and entry.admin1_code == place.admin1_code
            ):
                best = max(best, 2.0)
        return best

    def _capital_in_context(self, index, mentions, chosen, votes) -> Entry | None:
        here = mentions[index]
        # the nearest province named before it, this sentence first (mentions in text order:
        # the search stops where the sentences are too far)
        for j in range(index - 1, -1, -1):
            if here.sentence - mentions[j].sentence > 3:
                break
            entry = chosen.get(j)
            if entry is not None and entry.kind == "province":
                return self.gaz.capital(entry.admin1_code)
        for j in range(index + 1, len(mentions)):
            if mentions[j].sentence != here.sentence:
                break
            entry = chosen.get(j)
            if entry is not None and entry.kind == "province":
                return self.gaz.capital(entry.admin1_code)
        counts = votes.overall
        if counts:
            return self.gaz.capital(counts.most_common(1)[0][0])
        return None

    # -- output -----------------------------------------------------------------------------

    def _name(self, mention: Mention, entry: Entry) -> str:
        if entry.kind == "town" and entry.country_code not in self.gaz.home_countries and mention.match != "phrase":
            return _written(mention, entry)
        return entry.name

    def _place(self, mention: Mention, entry: Entry, confidence: float) -> Place:
        if entry.kind == "town":
            precision = 2 if mention.near else 1
        elif entry.kind == "district":
            precision = 3 if entry.point == "province_centre" else 2
        else:
            precision = 3
        return Place(
            text=mention.text,
            start=mention.start,
            end=mention.end,
            name=self._name(mention, entry),
            country=entry.country,
            country_code=entry.country_code,
            admin1=entry.admin1 if entry.kind != "country" else None,
            admin2=entry.admin2 if entry.kind in ("district", "town") else None,
            latitude=entry.latitude,
            longitude=entry.longitude,
            geonames_id=entry.geonames_id,
            geo_precision=precision,
            kind=entry.kind,
            score=confidence,
        )


def _written(mention: Mention, entry: Entry) -> str:
    """A town abroad as the story writes it when that is another name of it ("Palmyra" for
    Tadmur, "Raqqa" for Ar Raqqah: the name English readers know), else its gazetteer name
    without diacritics ("Madaya" for Maḑāyā)."""
    text = mention.text.title() if mention.text.isupper() else mention.text
    if name_key(text) != name_key(entry.name) and name_key(text):
        return text
    return display_name(entry.name)


def lend_provinces_abroad(places: Sequence[Place], sentences: Sequence, home: set[str]) -> list[Place]:
    """A foreign town named with a province of its country in the same sentence lies in that
    province ("Gwoza in Borno state"): the built-in cities abroad carry no admin1 of their own."""
    out = sorted(places, key=lambda p: p.start)
    for sentence in sentences:
        inside = [i for i in starting_within(out, sentence.start, sentence.end) if out[i].end <= sentence.end]
        provinces = {
            out[i].country_code: out[i] for i in inside
            if out[i].kind == "province" and out[i].country_code not in home
        }
        for i in inside:
            place = out[i]
            if place.kind == "town" and place.admin1 is None and place.country_code in provinces:
                out[i] = replace(place, admin1=provinces[place.country_code].admin1)
    return out
