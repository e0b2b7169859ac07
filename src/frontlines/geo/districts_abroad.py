"""Districts abroad in text: a second-level division of another country is a reading of a name only
where the text points to it.

The world's districts (:mod:`.world_districts`, 47,000 of them) share their names with towns,
people and ordinary words ("Abu Kamal", "Lake", "Union"), so a bare name never reaches them: a
town of the name keeps being read as the town. A district abroad becomes a reading of a name when

* a level word frames the name ("the Abu Kamal district", "Mount Simeon district", "the district
  of Azaz", "Hama governorate") and the district lies in the story's focus country or a country
  its sentence names (:class:`.focus.Focus`); with a province word the province abroad of that
  name is a reading too, and wins, as at home;
* or the name is written inside a province or country abroad ("Mount Simeon, Aleppo", "the X
  district of Idlib province", "Ras al-Ayn in Hasakah") that holds a district of that name, and
  no other reading of the name lies there (the town Azaz in Aleppo keeps "Azaz, Aleppo").

Which level words count is ``district_level_hints`` in ``data/focus.yaml`` (kinds of
``context.yaml``'s kind words); runs of ordinary capitalised words (``common_words``,
``not_place_words``), demonyms and agency acronyms are never read so. Runs on the mentions found
so far (after :meth:`.focus.FocusFinder.narrow`), so a reading added here is not narrowed again:
it is already restricted to the countries the text points to.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Article
from .gazetteer import Entry, Gazetteer
from .normalize import GENERIC_WORDS, name_key, words
from .recognize import _NAME_LABELS, Mention, _kind_after, _kind_before, _near, lexicon

if TYPE_CHECKING:
    from .focus import Focus

_JOINERS = frozenset({"-", "'", "’"})


@functools.cache
def level_hints() -> frozenset[str]:
    from .focus import settings

    return frozenset(settings()["district_level_hints"])


@functools.cache
def _articles() -> frozenset[str]:
    from .world import settings

    return settings()["article_prefixes"]


def _keys(text: str) -> list[str]:
    """Lookup keys of a written name: as written, and without Arabic articles ("al-Bab": "albab",
    "bab"), the longer first."""
    plain = " ".join(w for w in words(text) if w not in _articles())
    keys = [k for k in dict.fromkeys((name_key(text), name_key(plain))) if len(k) >= 3]
    return keys


class DistrictsAbroad:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.lex = lexicon()

    def mentions(self, article: Article, mentions: Sequence[Mention], focus: Focus) -> list[Mention]:
        """``mentions`` with districts abroad added where the text points to them (module
        docstring), and new mentions of names only a district abroad explains."""
        out = sorted(mentions, key=lambda m: m.start)
        by_sentence: dict[int, list[Mention]] = defaultdict(list)
        for mention in out:
            by_sentence[mention.sentence].append(mention)
        added: list[Mention] = []
        for index, sentence in enumerate(article.sentences):
            doc = sentence.doc
            if doc is None:
                continue
            here = by_sentence.get(index, [])
            allowed = set(focus.pointers.get(index, set())) | ({focus.country} if focus.country else set())
            allowed -= self.gaz.home_countries
            for position, mention in enumerate(here):
                after = here[position + 1] if position + 1 < len(here) else None
                self._widen(article.text, mention, after, allowed)
            added += self._runs(article.text, index, sentence, here, allowed)
        return sorted(out + added, key=lambda m: m.start)

    # -- mentions found before -------------------------------------------------------------

    def _widen(self, text: str, mention: Mention, after: Mention | None, allowed: set[str]) -> None:
        """Add the districts (and, with a province word, provinces) abroad a found name points to."""
        if mention.match in ("capital", "phrase") or any(
            c.country_code in self.gaz.home_countries for c in mention.candidates
        ):
            return
        found = self._pointed(text, mention.text, mention.end, mention.kind_hint, after, mention.candidates, allowed)
        if found:
            known = {c.id for c in mention.candidates}
            mention.candidates = mention.candidates + [e for e in found if e.id not in known]

    def _pointed(
        self, text: str, name: str, end: int, kind: str | None, after: Mention | None,
        readings: Sequence[Entry], allowed: set[str],
    ) -> list[Entry]:
        keys = _keys(name)
        if not keys or self._ordinary(name):
            return []
        found: list[Entry] = []
        if kind in level_hints() and allowed:
            kinds = ("district", "province") if kind == "province" else ("district",)
            found += self.gaz.world_divisions(keys, kinds=kinds, countries=allowed)
        container = self._container(text, end, after)
        if container is not None:
            provinces, countries = container
            if not any(c.admin1_code in provinces or c.country_code in countries for c in readings):
                found += [
                    e for e in self.gaz.world_divisions(keys, countries={c.split(".")[0] for c in provinces} | countries)
                    if e.admin1_code in provinces or e.country_code in countries
                ]
        return list({e.id: e for e in found}.values())

    def _container(self, text: str, end: int, after: Mention | None) -> tuple[set[str], set[str]] | None:
        """(province codes, country codes) abroad of the next mention when the text between says the
        name lies inside it ("X, Aleppo", "X district of Idlib province", "X in Syria")."""
        from .resolver import _INSIDE

        if after is None or not _INSIDE.match(text[end : after.start]):
            return None
        home = self.gaz.home_countries
        provinces = {c.admin1_code for c in after.candidates if c.kind == "province" and c.admin1_code and c.country_code not in home}
        countries = {c.country_code for c in after.candidates if c.kind == "country" and c.country_code and c.country_code not in home}
        return (provinces, countries) if provinces or countries else None

    def _ordinary(self, name: str) -> bool:
        """An ordinary capitalised word, an actor, a demonym, an agency: never a district's name."""
        from .focus import demonym_country
        from .focus import settings as focus_settings

        lex = self.lex
        said = set(words(name)) - _articles() - GENERIC_WORDS
        return (
            not said
            or said <= (lex.common_words | lex.not_place_words)
            or bool(said & lex.not_place_words)
            or name in focus_settings()["agency_acronyms"]
            or any(demonym_country(w) for w in name.split())
        )

    # -- names no mention holds --------------------------------------------------------------

    def _runs(self, text: str, index: int, sentence, here: list[Mention], allowed: set[str]) -> list[Mention]:
        """Capitalised runs that no mention holds, read as districts abroad where a level word or
        a containing province or country points to one."""
        doc = sentence.doc
        tokens = list(doc)
        ents = list(doc.ents) if sentence.entities else []
        taken = [(m.start, m.end) for m in here]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            run = self._run(tokens, i)
            if run is None:
                i += 1
                continue
            first, last = run
            start = sentence.start + tokens[first].idx
            end = sentence.start + tokens[last].idx + len(tokens[last])
            i = last + 1
            if any(a < end and start < b for a, b in taken) or self._in_name(ents, first, last):
                continue
            if first > 0 and tokens[first - 1].lower_ in self.lex.person_titles:
                continue
            name = text[start:end]
            kind = _kind_after(tokens, last, self.lex) or _kind_before(tokens, first, self.lex)
            after = next((m for m in here if m.start >= end), None)
            entries = self._pointed(text, name, end, kind, after, (), allowed)
            if entries:
                prev = tokens[first - 1].lower_ if first > 0 else ""
                found.append(
                    Mention(start=start, end=end, text=name, sentence=index, candidates=entries,
                            kind_hint=kind, match="world", locative=prev in self.lex.locatives,
                            near=_near(tokens, first))
                )  # fmt: skip
        return found

    def _run(self, tokens, i: int) -> tuple[int, int] | None:
        """The capitalised run from token i (with the hyphens and apostrophes and lower-case Arabic
        articles inside a name: "Jisr al-Shughur"), and a lower-case article glued before it
        ("al-Bab"); None when token i starts none."""
        token = tokens[i]
        if not (token.is_alpha and token.text[:1].isupper()) or (token.is_stop and token.is_title):
            return None
        first = i
        if i >= 2 and tokens[i - 1].text == "-" and not tokens[i - 2].whitespace_ and not tokens[i - 1].whitespace_:
            if tokens[i - 2].lower_ in _articles():
                first = i - 2
        last = j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if nxt.is_alpha and nxt.text[:1].isupper():
                j += 1
                last = j
            elif nxt.text in _JOINERS or (nxt.lower_ in _articles() and nxt.is_lower):
                j += 1
            else:
                break
        while last > i and tokens[last].lower_ in self.lex.kind_words:
            last -= 1  # "Mount Simeon District": the level word is read after the name
        return first, last

    @staticmethod
    def _in_name(ents, first: int, last: int) -> bool:
        """Part of a longer name spaCy found (a person, an organisation)."""
        return any(
            e.start <= first and last < e.end and (e.end - e.start) > (last + 1 - first) and e.label_ in _NAME_LABELS
            for e in ents
        )
