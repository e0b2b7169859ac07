"""Where a frame's place lies when the sentence names nothing beside it: the scene abroad.

Abroad, a village named as one ("killing dozens in Baghaliyeh village", "the
villages of Deir Jamal and Maranaz") with no place written beside it lies in
the focus country: in the division the sentence names, else in the one the
story named last before it (the scene it is telling), else in the country
itself. A sentence set in another country ("In neighbouring Iraq, ...", "the
town of Makhmour, east of Mosul") moves the village there. Used by
:class:`.frames.FrameFinder` (a mixin: the finder keeps the state of the
sentence being read). A village frame that names, under another spelling, a
town the world gazetteer holds in that country is that town.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..models import Place

# Abroad, a village named with no place beside it lies in the division of the last of this many
# places the story named before it (the scene it is telling), when one is of the focus country.
SCENE_PLACES = 3
# Words before a country that set the sentence there: "in neighbouring Iraq".
_SCENE_WORDS = frozenset({"neighbouring", "neighboring", "northern", "southern", "eastern", "western"})


class Scenes:
    """The scene of the sentence a :class:`.frames.FrameFinder` is reading."""

    gaz: Any
    lexicon: Any
    _abroad: str | None
    _before: list[Place]
    _sentence: Any

    def _in_focus_country(self, places: list[Place]) -> Place | None:
        """Abroad, a village named as one with no place beside it: the sentence's place of the
        focus country (the division or town it names), else the one the story named last before
        it ("They have seized a string of villages including Ziyara and Khreiybeh", after the
        towns north of Aleppo), else the focus country itself."""
        if self._abroad is None:
            return None
        elsewhere = [
            p for p in places
            if p.country_code != self._abroad and (p.kind in ("province", "town") or (p.kind == "country" and self._set_in(p)))
        ]
        if elsewhere:
            # "the town of Makhmour, east of Mosul": the sentence is in another country, and the
            # village in the division of the town named there when it names one country only
            divisions = [p for p in elsewhere if p.kind in ("province", "town") and p.admin1]
            if len({p.country_code for p in elsewhere}) == 1 and divisions:
                division = next((p for p in divisions if p.kind == "province"), None)
                return division or replace(divisions[0], kind="province", admin2=None)
            return None
        local = [p for p in places if p.country_code == self._abroad and p.kind in ("province", "town")]
        if local and not any(p.kind == "province" for p in local):
            return local[0]  # the town the sentence names: the place lies by it ("in the Souq al-Juma district")
        if not local:
            earlier = [
                p for p in self._before[-SCENE_PLACES:]
                if p.country_code == self._abroad and p.kind in ("province", "town", "village") and p.admin1
            ]
            local = earlier[-1:]
        if local:
            division = next((p for p in local if p.kind == "province"), None)
            return division or replace(local[0], kind="province", admin2=None)
        return self._country_place(self._abroad)

    def _set_in(self, country: Place) -> bool:
        """A country named as where the sentence is set ("In neighbouring Iraq, ..."), not as a
        party to it ("seized an air base at Menagh, angering Turkey")."""
        sentence = self._sentence
        if sentence is None:
            return True
        before = sentence.text[: max(0, country.start - sentence.start)].lower().split()[-2:]
        return bool(before) and (before[-1] in self.lexicon.locatives or before[-1] in _SCENE_WORDS)

    def _country_place(self, code: str) -> Place | None:
        entry = self._countries().get(code)
        if entry is None:
            return None
        return Place(
            text="", start=-1, end=-1, name=entry.name, country=entry.country,
            country_code=code, latitude=entry.latitude, longitude=entry.longitude,
            geo_precision=3, kind="country", score=0.6,
        )

    def _demonym_country(self, word: str) -> Place | None:
        """The country a demonym before a frame word names ("the Tunisian town of X")."""
        from .focus import demonym_country

        code = demonym_country(word)
        return self._country_place(code) if code else None

    def _countries(self) -> dict[str, Any]:
        if not hasattr(self, "_country_entries"):
            self._country_entries = {
                e.country_code: e for e in self.gaz.entries.values() if e.kind == "country"
            }
        return self._country_entries

    def _town_of(self, text: str, container: Place, near: bool) -> Place | None:
        """The town of the container's country (and division, when it has one) that a village
        frame names under another spelling ("the Syrian border town of al-Rai": Ar Ra'i;
        "the town of Qaryatain": Al Qaryatayn): found by key or transliteration skeleton, with
        and without the Arabic article; None unless exactly one town answers."""
        from .districts_abroad import _articles, _keys

        if not container.country_code:
            return None
        keys = _keys(text)
        keys += [article + keys[-1] for article in sorted(_articles())]  # "al-Rai" is also "Ar Ra'i"
        found = [
            e for e, _ in self.gaz.country_lookup(keys, container.country_code)
            if e.kind == "town" and (container.kind == "country" or e.admin1 == container.admin1)
        ]
        if len(found) != 1:
            return None
        entry = found[0]
        return Place(
            text=text, start=-1, end=-1, name=" ".join(text.split()), country=entry.country,
            country_code=entry.country_code, admin1=entry.admin1, admin2=entry.admin2,
            latitude=entry.latitude, longitude=entry.longitude, geonames_id=entry.geonames_id,
            geo_precision=2 if near else 1, kind="town", score=0.8,
        )
