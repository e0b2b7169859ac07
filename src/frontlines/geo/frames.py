"""Places the gazetteer lacks, recognised from the frame they are written in.

Most villages and areas named in conflict reporting are in no gazetteer
("the Sorkh Doz area of Nawa-e Barakzayi district", "Lalkhanabad village of
Qarghayi district"), yet the sentence says plainly that they are places and
where they lie. A capitalised name in one of these frames is a place:

* ``the X area|village|locality|region of|in Y`` and ``X area, Y district``
  (also lists: "the X, Z and W areas of Y");
* ``the village|town|area of X, in|of Y``;
* ``in|at X of Y district`` (ACLED's shorthand: "in Sorkh Doz of Nawa-e
  Barakzayi district");
* ``near|outside|west of X in|of Y`` (the event is near X: still X's district);
* abroad, ``in|near X village`` with no Y: the focus country's division told in
  the sentence or just before it (``_in_focus_country``).

Y must be a place the resolver has already found (a district, a province or
a town of the home country): it gives the new place its province, its
district and, lacking coordinates of its own, the district's point with
geo_precision 2 (3 when only the province is known). The name is kept as
written; kind is "village" when the text says village or town, else "area";
geonames_id is None. A name the resolver read as another place that the
frame contradicts (a district or a village of that name elsewhere, a
foreign city: "Islamabad of Alishing district") is replaced; one it found
inside Y is kept, with its own coordinates.

Capitalisation and the tokens decide, not a list of names: the run must be
capitalised words (with the joiners of Dari and Pashto names), and is
rejected when it is an ordinary capitalised word (months, actors, "Afghan")
listed in ``data/context.yaml``. Hand-written over the tokens rather than a
spaCy ``Matcher`` because the frames hinge on places already resolved
(Y) and on the resolver's spans, which a token pattern cannot see.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..models import Place
from ..spans import starting_within
from .bearings import bearing_frames
from .centres import centre_named
from .gazetteer import Gazetteer
from .lists import list_frames
from .primary import is_capital_named_like_province
from .recognize import DIRECTIONS, lexicon
from .scenes import SCENE_PLACES, Scenes
from .sites import site_frames

# Joining particles and punctuation inside a written place name: "Tapa-e Qishlaq", "Qal'ah-ye Zal".
_JOINERS = frozenset(
    {"-", "e", "i", "ye", "y", "e-", "i-", "-e", "-i", "wa", "o", "al", "ul", "'", "’", "-e-"}
)
_LEADING = frozenset({"the", "in", "at", "near", "of", "a", "an", "on", "from", "into"})
_LOCATIVES = frozenset({"in", "at", "inside"})
_NEAR = frozenset({"near", "outside", "around", "nearby"})
_DIRECTIONS = DIRECTIONS
_CONNECTORS = frozenset({"of", "in", ","})
# The Arabic article as English news writes it before a name, in lower case ("al-Tamura").
_ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es"})
_CONTAINER_KINDS = ("district", "province", "town")


@dataclass(frozen=True)
class _Frame:
    first: int  # token span of the name (inclusive)
    last: int
    kind: str  # village | area
    near: bool
    container: Place
    inferred: bool = False  # Y not written: the scene's division or the country (``_in_focus_country``)


def _capitalised(token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and text[0].isalpha()


def _headline(tokens) -> bool:
    """Title case: hardly any lower-case content word (a sentence of names still has its verbs)."""
    lower = [
        t for t in tokens if t.is_alpha and len(t.text) > 3 and t.text.islower() and not t.is_stop
    ]
    return len(lower) < 2


def _latest_before(done: list[Place], added: list[Place], start: int) -> list[Place]:
    """The last few places (the scene) ending before ``start``, read or added, in text order."""
    ended = sorted((p for p in itertools.chain(done, added) if p.end <= start), key=lambda p: p.end)
    return ended[-SCENE_PLACES:]


class FrameFinder(Scenes):
    """Adds to resolved places the unlisted villages and areas their frames name."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self._abroad: str | None = None  # the focus country when it is not a home country
        self._before: list[Place] = []  # the places named before the sentence being read
        self._sentence: Any = None  # the sentence being read
        lex = self.lexicon = lexicon()
        self.frame_words: dict[str, str] = lex.frame_words
        self.common_words = lex.common_words
        self.never_names = lex.not_place_words
        self.person_titles = lex.person_titles

    def places(
        self, sentences: Sequence[Any], places: list[Place], focus: str | None = None
    ) -> list[Place]:
        """``places`` with the frame-named places added (and the readings they overrule removed).

        ``focus``: the article's focus country (geo.focus). In a story about a country abroad,
        whose villages the world gazetteer mostly lacks, a place of that country may contain a
        frame's place, and a village named as one ("the villages of Deir Jamal and Maranaz")
        lies in the focus country even where the sentence names nothing else.
        """
        self._abroad = focus if focus and focus not in self.gaz.home_countries else None
        # Sentence by sentence, in text order, each looking only at the places that start in it
        # (a frame's place lies in its sentence): ``done`` holds the places read so far, the
        # ones the frames added apart (the scene of a later sentence, :meth:`_in_focus_country`,
        # takes them as the latest named).
        pending = sorted(places, key=lambda p: p.start)
        done: list[Place] = []
        added: list[Place] = []
        taken = 0
        for sentence in sorted(sentences, key=lambda s: s.start):
            window = starting_within(pending, sentence.start, sentence.end)
            first = max(window.start, taken)
            done.extend(pending[taken:first])
            local = pending[first : max(window.stop, first)]
            taken = max(window.stop, first)
            inside = [p for p in local if p.end <= sentence.end]
            if sentence.doc is None or (not inside and self._abroad is None):
                done.extend(local)  # a frame needs a resolved place to lie in
                continue
            self._before = _latest_before(done, added, sentence.start)
            self._sentence = sentence
            result = local
            for frame in self._frames(sentence, inside):
                result = self._apply(sentence, frame, result)
            ours = {id(p) for p in local}
            centred = {id(p) for p in inside}
            done.extend(centre_named(self.gaz, sentence, p) if id(p) in centred else p for p in result if id(p) in ours)
            added.extend(p for p in result if id(p) not in ours)
        done.extend(pending[taken:])
        return sorted(done + added, key=lambda p: p.start)

    # -- finding frames ---------------------------------------------------------------------

    def _frames(self, sentence, places: list[Place]) -> list[_Frame]:
        tokens = list(sentence.doc)
        if _headline(tokens):
            return []  # a headline capitalises every word: no frame can be read from it
        starts = {sentence.start + t.idx: i for i, t in enumerate(tokens)}
        at_token: dict[int, Place] = {}
        for place in places:
            if place.start in starts:
                at_token[starts[place.start]] = place
        frames: list[_Frame] = []
        for k, token in enumerate(tokens):
            word = token.lower_
            if word in _DIRECTIONS:
                frames.extend(bearing_frames(self, tokens, k, at_token))
            if (
                word in self.frame_words and k > 0 and token.text.islower()
            ):  # not a headline's "Area"
                frames.extend(self._kind_after(tokens, k, at_token, places))
                frames.extend(self._kind_before(tokens, k, at_token, places))
            elif word in self.lexicon.site_words and k > 0 and token.text.islower():
                frames.extend(site_frames(self, tokens, k, at_token, places))
            elif word in _LOCATIVES | _NEAR or (
                word == "of" and k > 0 and tokens[k - 1].lower_ in _DIRECTIONS
            ):
                frame = self._bare(tokens, k, at_token)
                if frame is not None:
                    frames.append(frame)
        frames.extend(list_frames(self, tokens, at_token))
        seen: set[tuple[int, int]] = set()
        unique = []
        for frame in frames:
            if (frame.first, frame.last) not in seen:
                seen.add((frame.first, frame.last))
                unique.append(frame)
        return unique

    def _kind_after(self, tokens, k: int, at_token: dict[int, Place], places: list[Place]) -> list[_Frame]:
        """``the X [(gloss)] area of Y`` / ``X village, Y district`` / ``the X and Z areas of Y``;
        abroad also ``in X village`` with no Y, in the focus country (``_in_focus_country``)."""
        word = tokens[k].lower_
        container = self._container(tokens, k + 1, at_token, allow_comma=True)
        inferred = False
        if container is None and self.frame_words[word] in ("village", "area") and not word.endswith("s"):
            run = self._run_before(tokens, k - 1)
            before = run[0] - 1 if run is not None else -1
            if before > 0 and tokens[before].lower_ == "the":
                before -= 1  # "in the Souq al-Juma district"
            if before >= 0 and tokens[before].lower_ in _LOCATIVES | _NEAR:
                # "killing dozens in Baghaliyeh village"; abroad, "abducted ... in the Souq al-Juma district"
                container, inferred = self._in_focus_country(places), True
        if container is None:
            return []
        if self.frame_words[word] == "region" and container.kind != "district":
            return []  # "region" names a province or more, except inside a district
        kind = "village" if self.frame_words[word] == "village" else "area"
        near = k >= 2 and tokens[k - 1].lower_ in _NEAR
        runs = []
        end = k - 1
        plural = word.endswith("s")
        while end >= 0:
            run = self._run_before(tokens, end)
            if run is None:
                break
            runs.append(run)
            if not plural:
                break
            j = run[0] - 1
            # list separators: ",", "and", ", and"
            steps = 0
            while j >= 0 and tokens[j].lower_ in {",", "and", "&"} and steps < 2:
                j -= 1
                steps += 1
            if steps == 0:
                break
            end = j
        if word == "district":
            # a district the gazetteer lists under another spelling ("Zurmay", "Shinwr") is the
            # resolver's to read; only a name no district resembles is an unlisted area
            runs = [(a, b) for a, b in runs if not self._listed_district(tokens, a, b)]
        return [_Frame(a, b, kind, near, container, inferred) for a, b in reversed(runs)]

    def _listed_district(self, tokens, first: int, last: int) -> bool:
        from .normalize import name_key

        doc = tokens[first].doc
        keys = [name_key(doc[i : last + 1].text) for i in range(first, last + 1)]  # "Want Waygal": "Waygal"
        return any(self.gaz.by_name_key(k) or self.gaz.fuzzy(k, kinds=("district",)) for k in keys)

    def _kind_before(
        self, tokens, k: int, at_token: dict[int, Place], places: list[Place]
    ) -> list[_Frame]:
        """``the village of X, in Y district`` / ``the town of X in Y``; abroad also ``the
        villages of X and Y`` and ``villages including X and Y``, in the focus country."""
        word = tokens[k].lower_
        plural = word.endswith("s")
        linked = k + 1 < len(tokens) and (
            tokens[k + 1].lower_ == "of" or (plural and tokens[k + 1].lower_ == "including")
        )
        if k + 2 >= len(tokens) or not linked or (plural and self._abroad is None):
            return []
        runs = self._listed_runs(tokens, k + 2) if plural else [self._run_after(tokens, k + 2)]
        runs = [r for r in runs if r is not None]
        if not runs:
            return []
        container = self._container(tokens, runs[-1][1] + 1, at_token, allow_comma=True)
        if container is None and k >= 1:
            named = at_token.get(k - 1)  # "the Brussels district of Molenbeek": a quarter of Brussels
            if named is not None and named.kind == "town" and named.country_code == self._abroad:
                container = named
        if container is None and k >= 1:
            container = self._demonym_country(tokens[k - 1].text)  # "the Tunisian town of Ben Guerdan"
        if container is None and k >= 2 and tokens[k - 1].is_lower:
            container = self._demonym_country(tokens[k - 2].text)  # "the Syrian border town of al-Rai"
        inferred = False
        if container is None and self.frame_words[word] in ("village", "area"):
            container, inferred = self._in_focus_country(places), True  # "the western district of Ganfouda"
        if container is None:
            return []
        kind = "village" if self.frame_words[word] == "village" else "area"
        near = k >= 2 and tokens[k - 1].lower_ in _NEAR | {"of"} and tokens[k - 2].lower_ in _NEAR
        return [_Frame(a, b, kind, near, container, inferred) for a, b in runs]

    def _listed_runs(self, tokens, start: int) -> list[tuple[int, int] | None]:
        """The names of a list: "Mayer and then Kafin", "Deir Jamal, Maranaz and Tal Rifaat"."""
        runs = [self._run_after(tokens, start)]
        while runs[-1] is not None and len(runs) < 8:
            j = runs[-1][1] + 1
            steps = 0
            while j < len(tokens) and tokens[j].lower_ in {",", "and", "then", "&"} and steps < 3:
                j += 1
                steps += 1
            if steps == 0:
                break
            runs.append(self._run_after(tokens, j))
        return runs

    def _bare(self, tokens, k: int, at_token: dict[int, Place]) -> _Frame | None:
        """``in X of Y district`` / ``near X in Y`` / ``west of X, in the Y district``."""
        start = k + 1
        if start < len(tokens) and tokens[start].lower_ == "the":
            start += 1
        run = self._run_after(tokens, start)
        if run is None:
            return None
        near = tokens[k].lower_ in _NEAR or tokens[k].lower_ == "of"
        nxt = run[1] + 1
        if nxt >= len(tokens):
            return None
        if near:
            container = self._container(tokens, nxt, at_token, allow_comma=True)
        else:
            # "in X of Y district": only a district written as such says X lies in it
            if tokens[nxt].lower_ != "of":
                return None
            container = self._container(tokens, nxt, at_token, allow_comma=False)
            if container is None or container.kind != "district":
                return None
        if container is None:
            return None
        return _Frame(run[0], run[1], "area", near, container)

    def _container(
        self, tokens, i: int, at_token: dict[int, Place], allow_comma: bool
    ) -> Place | None:
        """The resolved home place that a connector at token ``i`` ("of", "in", ",") leads to."""
        if i >= len(tokens):
            return None
        word = tokens[i].lower_
        if word not in _CONNECTORS or (word == "," and not allow_comma):
            return None
        j = i + 1
        if word == "," and j < len(tokens) and tokens[j].lower_ in {"in", "of"}:
            j += 1
        for _ in range(2):  # "the", "southern"
            if j < len(tokens) and (tokens[j].lower_ == "the" or tokens[j].lower_.endswith("ern")):
                j += 1
        place = at_token.get(j)
        if place is None or place.kind not in _CONTAINER_KINDS:
            return None
        if place.country_code not in self.gaz.home_countries:
            return place if place.country_code == self._abroad and place.kind != "district" else None
        if is_capital_named_like_province(place, self.gaz) and not self._called_town(
            tokens, j, place
        ):
            # "the Bazazi area, Ghazni": the province, unless the text says "Ghazni city"
            return replace(place, kind="province", admin2=None)
        return place

    @staticmethod
    def _called_town(tokens, index: int, place: Place) -> bool:
        end = index
        while end + 1 < len(tokens) and tokens[end + 1].idx < tokens[index].idx + len(place.text):
            end += 1
        return end + 1 < len(tokens) and tokens[end + 1].lower_ in {"city", "town"}

    # -- name runs --------------------------------------------------------------------------

    def _run_before(self, tokens, end: int) -> tuple[int, int] | None:
        """The capitalised name ending at token ``end``, skipping a "(gloss)" written after it."""
        if end >= 0 and tokens[end].text == ")":
            depth = end
            while depth >= 0 and tokens[depth].text != "(":
                depth -= 1
            if depth <= 0:
                return None
            end = depth - 1
        if end < 0 or not _capitalised(tokens[end]):
            return None
        start = end
        while True:
            j = start - 1
            while j >= 0 and start - j <= 3 and tokens[j].lower_ in _JOINERS:
                j -= 1  # "Bagh - e Shamal", "Dasht - e- Buz"
            if j >= 0 and _capitalised(tokens[j]) and tokens[j].lower_ not in _LEADING:
                start = j
            else:
                break
        return self._valid(tokens, start, end)

    def _run_after(self, tokens, start: int) -> tuple[int, int] | None:
        """The capitalised name starting at token ``start`` (or at an Arabic article written before
        it in lower case: "al-Tamura", "el-Bab")."""
        if (
            start + 2 < len(tokens)
            and tokens[start].lower_ in _ARABIC_ARTICLES
            and tokens[start + 1].text == "-"
            and _capitalised(tokens[start + 2])
        ):
            run = self._run_after(tokens, start + 2)
            return (start, run[1]) if run is not None else None
        if start >= len(tokens) or not _capitalised(tokens[start]):
            return None
        end = start
        while True:
            j = end + 1
            while j < len(tokens) and j - end <= 3 and tokens[j].lower_ in _JOINERS:
                j += 1
            if j < len(tokens) and _capitalised(tokens[j]) and tokens[j].lower_ not in _LEADING:
                end = j
            else:
                break
        return self._valid(tokens, start, end)

    def _valid(self, tokens, start: int, end: int) -> tuple[int, int] | None:
        """A name run, or None when it is an ordinary capitalised word, a title, or an acronym.

        A word such as "Now" or "Bar" is a name only inside a longer name ("Now Dari
        Qalah"); words that never stand in a village's name ("Taliban", "Afghan",
        months) rule the run out wherever they are.
        """
        while start <= end and tokens[start].lower_ in _LEADING:
            start += 1
        if start > end or end - start >= 6:
            return None
        words = [t for t in tokens[start : end + 1] if _capitalised(t)]
        if not words:
            return None
        lowered = {t.lower_ for t in words}
        if lowered & self.never_names or (len(words) == 1 and lowered & self.common_words):
            return None
        if start > 0 and tokens[start - 1].lower_ in self.person_titles:
            return None
        if len(words) == 1 and words[0].is_upper and len(words[0].text) <= 5:
            return None  # an acronym: "DHQ", "ANA"
        if self._abroad is not None and all(t.ent_type_ == "NORP" and self._group_word(t.text) for t in words):
            # a nationality or a people: "the northern Syrian town of Azaz", "the Kurdish town of
            # Kobani" (abroad only: the tagger also calls Afghan village names nationalities,
            # "the Yakhchal area of Nahri Saraj", and Syrian ones: "the Tishrin dam")
            return None
        if any(t.like_num for t in tokens[start : end + 1]):
            return None
        return start, end

    def _group_word(self, word: str) -> bool:
        from .focus import demonym_country

        return demonym_country(word) is not None or word.lower() in self.lexicon.group_words

    # -- the place ----------------------------------------------------------------------------

    def _apply(self, sentence, frame: _Frame, places: list[Place]) -> list[Place]:
        tokens = sentence.doc
        start = sentence.start + tokens[frame.first].idx
        last = tokens[frame.last]
        end = sentence.start + last.idx + len(last.text)
        overlapping = [p for p in places if p.start < end and start < p.end]
        if any(p is frame.container for p in overlapping):
            return places
        container = frame.container
        abroad = container.country_code not in self.gaz.home_countries
        if container.kind == "town" and not container.admin2 and not abroad:
            return places
        for found in overlapping:
            if self._fits(found, container) and found.start == start and found.end == end:
                return places  # the gazetteer's own place of that name, inside Y
            if frame.inferred and found.kind == "town" and found.country_code == container.country_code and (
                found.start == start and found.end == end
            ):
                return places  # "the town of Gao" after "Kidal region": Gao, wherever it lies in Mali
        text = sentence.text[start - sentence.start : end - sentence.start]
        if abroad and frame.kind == "village":
            known = self._town_of(text, container, frame.near)
            if known is not None:
                kept = [p for p in places if not any(p is o for o in overlapping)]
                return [*kept, replace(known, text=text, start=start, end=end)]
        district_known = container.kind in ("district", "town") and bool(container.admin2)
        by_town = abroad and container.kind == "town"  # at the town's point, near it
        if abroad and container.kind == "town":
            # a village "of" or "near" a town abroad: in the town's division (and district when
            # known), at the town's point
            container = replace(container, kind="district" if container.admin2 else "province")
        place = replace(
            container,
            text=text,
            start=start,
            end=end,
            name=" ".join(text.split()),
            admin2=container.admin2 if district_known else None,
            geonames_id=None,
            geo_precision=2 if district_known or by_town else 3,
            kind=frame.kind,
            score=round(min(container.score, 0.8), 2),
        )
        if not district_known and not abroad:
            capital = self._province_point(container)
            if capital is not None:
                place = replace(place, latitude=capital[0], longitude=capital[1])
        kept = [p for p in places if not any(p is o for o in overlapping)]
        return [*kept, place]

    def _fits(self, found: Place, container: Place) -> bool:
        """Whether a resolved reading of the name agrees with the place the frame puts it in.

        A village or town of that name inside Y is the gazetteer's own place; so is a
        district of Y's province when Y is the province ("west of Nad-e Ali, Helmand
        province"). A district named as an area of another district ("the Gilan area
        of Andar district") is not.
        """
        if found.country_code not in self.gaz.home_countries:
            # abroad: a town or district the world gazetteer knows in the same country (and
            # division, if known)
            return (
                found.kind in ("town", "district")
                and found.country_code == container.country_code
                and (container.admin1 is None or found.admin1 == container.admin1)
            )
        if found.admin1 != container.admin1:
            return False
        if container.kind == "province":
            return found.kind in ("town", "district")
        if found.kind == "district":
            return found.admin2 == container.admin2
        return found.kind == "town" and found.admin2 == container.admin2

    def _province_point(self, province: Place) -> tuple[float, float] | None:
        """The province's point (its capital, as ACLED places province-level events)."""
        code = next(
            (e.admin1_code for e in self.gaz.provinces.values() if e.name == province.admin1), None
        )
        capital = self.gaz.capital(code)
        if capital is None or capital.latitude is None or capital.longitude is None:
            return None
        return capital.latitude, capital.longitude
