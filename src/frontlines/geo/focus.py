"""The article's focus country, and which readings of its place names the story allows.

A name means different places in different stories: "Madaya" is a Syrian
village in a story filed from Madaya, Syria, and a Burmese town elsewhere;
"Haritan" near Aleppo is not Hairatan on the Afghan border. What the story is
about decides, so before names are resolved the article gets a focus country
(ISO 3166-1 alpha-2), scored from:

* the headline (``Article.title``), the lead and the rest of the body,
  weighted by position (``data/focus.yaml``: the headline counts most, the
  dateline least -- "BEIRUT (Reuters) -" stories are mostly about Syria);
* countries named ("Syria"), demonyms ("Syrian", from the actor dictionary's
  ``events/data/actors/countries.csv``) and the countries of the places named,
  a place that lies in one country counting fully, a minor village or a name
  several countries share counting little.

Words that are not places do not vote: agency acronyms ("SANA", "AFP"), and
words used as a person's name -- inside a spaCy PERSON entity, or right before
a verb of saying ("Mateen said").

:meth:`FocusFinder.narrow` then keeps, for each mention, the readings the
story allows:

* agency acronyms are no place at all;
* a small town abroad, a division abroad, and a town found only by an exonym
  are readings only in the focus country or a country the story names;
* in a story whose focus lies outside the home countries (the Afghan
  gazetteer, scanned word by word), a home-country reading needs the sentence
  to name the home country, one of its provinces, or its people; a person's
  name is no town; and where a reading lies in the focus country, readings in
  other countries are dropped unless that country is named in the same
  sentence (countries and capitals stay: "Moscow", "Geneva").

A story focused on a home country, or with no focus (a one-line note naming
nothing), is read as before focus existed, so the Afghan figures stand.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..models import Article
from ..yamlload import safe_yaml
from .gazetteer import Entry, Gazetteer
from .normalize import name_key
from .recognize import _NAME_LABELS, _PLACE_LABELS, Mention

_DEMONYMS = Path(__file__).resolve().parents[1] / "events" / "data" / "actors" / "countries.csv"
# A dateline opening the story: capitalised place names ("BEIRUT", "GENEVA/AMMAN", "MADAYA, Syria").
_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'\-]{2,}(?:[ /][A-Z][A-Z.'\-]+)*(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?")
# "in the capital", "the capital's main hospital" with no name or country of its own (those are
# read in geo.recognize: "the Syrian capital", "the capital, Kabul", "the capital of Mali").
# "the country's capital", "the Southeast Asian nation's capital": the story's country's capital too.
_BARE_CAPITAL = re.compile(
    r"\bthe (?:(?:[A-Z][\w-]* )*(?:country|nation)['\u2019]s )?(capital)(?:'s)?\b(?!,? [A-Z]| city| of| region| district| province)"
)
_TITLE_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F'’.\-]*")


@functools.cache
def settings() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "focus.yaml").read_text(encoding="utf-8")
    data = safe_yaml(text)
    data["speech_verbs"] = frozenset(str(w).lower() for w in data["speech_verbs"])
    data["agency_acronyms"] = frozenset(str(w) for w in data["agency_acronyms"])
    return data


@functools.cache
def demonyms() -> dict[str, str]:
    """Demonym as written (lower case unless it has capitals: "US") -> ISO alpha-2."""
    text = _DEMONYMS.read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(line for line in text.splitlines(True) if not line.startswith("#"))))
    return {word: row["iso2"] for row in rows for word in filter(None, (row["demonyms"] or "").split("|"))}


def parsed_sentences(article: Article):
    """(index, sentence, its Doc, its tokens) of each sentence that was parsed."""
    for index, sentence in enumerate(article.sentences):
        if sentence.doc is not None:
            yield index, sentence, sentence.doc, list(sentence.doc)


def demonym_country(word: str) -> str | None:
    """The country of a capitalised word used as a demonym ("Syrian", "Iraqis", "U.S.")."""
    table = demonyms()
    if word in table and not word.islower():  # written with capitals in the table: "US", "U.S."
        return table[word]
    if word[:1].isupper() and not word.isupper() and word.lower() in table:
        return table[word.lower()]
    return None


@dataclass
class Focus:
    """What the story is about, and what it names."""

    country: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    named: set[str] = field(default_factory=set)  # countries named or whose people are named, anywhere
    pointers: dict[int, set[str]] = field(default_factory=dict)  # sentence -> countries named in it
    person_words: set[str] = field(default_factory=set)


class FocusFinder:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.cfg = settings()

    # -- the focus --------------------------------------------------------------------------

    def find(self, article: Article, mentions: Sequence[Mention]) -> Focus:
        sentences = article.sentences
        focus = Focus(person_words=self._person_words(sentences))
        scores: dict[str, float] = defaultdict(float)
        positions = self._positions(article)
        weights = self.cfg["position_weights"]
        for mention in mentions:
            if self._not_a_place(mention, focus):
                continue
            place = positions.get(mention.sentence, "body")
            if place == "lead" and self._in_dateline(article, mention):
                place = "dateline"
            factor = float(self.cfg["locative_factor"]) if mention.locative else 1.0
            for country, weight in self._votes(mention).items():
                scores[country] += weights[place] * weight * factor
            named = {c.country_code for c in mention.candidates if c.kind == "country" and c.country_code}
            if mention.match == "exact":
                named |= {
                    c.country_code for c in mention.candidates
                    if c.kind == "province" and c.country_code in self.gaz.home_countries
                }
            focus.named |= {c for c in named if c}
            focus.pointers.setdefault(mention.sentence, set()).update(c for c in named if c)
        title = self._title(article)
        kinds = self.cfg["kind_weights"]
        corroborated = set(scores) | set(title)
        for index, sentence in enumerate(sentences):
            if sentence.doc is None:
                continue
            for token in sentence.doc:
                country = demonym_country(token.text)
                if country:
                    demonym = float(kinds["demonym"] if country in corroborated else kinds["demonym_alone"])
                    scores[country] += weights[positions.get(index, "body")] * demonym
                    focus.named.add(country)
                    focus.pointers.setdefault(index, set()).add(country)
        for country, weight in title.items():
            scores[country] += weights["title"] * weight
            focus.named.add(country)
        focus.scores = dict(scores)
        if scores:
            best = max(scores.items(), key=lambda item: (item[1], item[0]))
            if best[1] >= float(self.cfg["min_score"]):
                focus.country = best[0]
        return focus

    def _positions(self, article: Article) -> dict[int, str]:
        """Sentence index -> dateline | lead (the first sentences after a dateline) | body."""
        from ..nlp.annotate import dateline_end

        positions: dict[int, str] = {}
        lead = int(self.cfg["lead_sentences"])
        for index, sentence in enumerate(article.sentences):
            text = sentence.text.strip()
            cut = dateline_end(text)
            if cut and not text[cut:].strip() and lead == int(self.cfg["lead_sentences"]):
                positions[index] = "dateline"  # a dateline of its own, before the lead
            elif lead > 0:
                positions[index] = "lead"
                lead -= 1
            else:
                break
        return positions

    def _in_dateline(self, article: Article, mention: Mention) -> bool:
        """A mention in the capitalised dateline opening the first sentence ("MADAYA, Syria An ...")."""
        first = next((s for s in article.sentences if s.text.strip()), None)
        if first is None or mention.start >= first.end:
            return False
        match = _DATELINE.match(first.text)
        return bool(match) and mention.end <= first.start + match.end()

    def _votes(self, mention: Mention) -> dict[str, float]:
        """How much a mention says for each country (kind_weights)."""
        kinds = self.cfg["kind_weights"]
        candidates = mention.candidates
        countries = [c for c in candidates if c.kind == "country" and c.country_code]
        if countries:
            return {c.country_code: float(kinds["country"]) / len(countries) for c in countries}
        codes = {c.country_code for c in candidates if c.country_code}
        if not codes:
            return {}
        if mention.match in ("skeleton", "fuzzy"):
            weight = float(kinds["loose"])
        elif len(codes) > 1:
            # a name several countries share: a little, for its most populous reading's country
            biggest = max(candidates, key=lambda c: (c.population, c.country_code or ""))
            return {biggest.country_code: float(kinds["shared"])} if biggest.country_code else {}
        elif any(c.is_notable and c.origin != "exonym" for c in candidates):
            weight = float(kinds["place"])
        else:
            weight = float(kinds["village"])
        return {code: weight / len(codes) for code in codes}

    def _not_a_place(self, mention: Mention, focus: Focus) -> bool:
        if mention.text in self.cfg["agency_acronyms"]:
            return True
        return mention.text in focus.person_words and not any(_stands(c) for c in mention.candidates)

    def _person_words(self, sentences: Sequence[Any]) -> set[str]:
        """Capitalised words used as a person's name: the words of a spaCy PERSON entity of two
        words or more ("Omar Mateen"), and a word right before a verb of saying ("Mateen said").
        A one-word PERSON entity alone is not enough: spaCy tags towns so ("into Palmyra")."""
        words: set[str] = set()
        verbs = self.cfg["speech_verbs"]
        for sentence in sentences:
            doc = sentence.doc
            if doc is None:
                continue
            if sentence.entities:
                for ent in doc.ents:
                    if ent.label_ == "PERSON" and len(ent) > 1:
                        words.update(t.text for t in ent if t.is_alpha and t.text[:1].isupper() and len(t) > 2)
            for token in doc[1:]:
                before = doc[token.i - 1]
                if (
                    token.lower_ in verbs
                    and before.is_alpha
                    and before.is_title
                    and not demonym_country(before.text)
                    and (before.i == 0 or not doc[before.i - 1].is_title or doc[before.i - 1].is_stop)
                ):
                    words.add(before.text)
        return words

    def _title(self, article: Article) -> dict[str, float]:
        """Countries the headline names: countries, demonyms, and towns big enough to be news."""
        title = (article.title or "").strip()
        if not title or article.text.lstrip().startswith(title[:40]):
            return {}  # no headline, or it is the text's first line (weighed as the lead)
        kinds = self.cfg["kind_weights"]
        words = _TITLE_WORD.findall(title)
        votes: dict[str, float] = defaultdict(float)
        i = 0
        while i < len(words):
            country = demonym_country(words[i])
            if country:
                votes[country] += float(kinds["demonym"])
                i += 1
                continue
            for n in (3, 2, 1):
                phrase = " ".join(words[i : i + n])
                if len(words[i : i + n]) < n or not phrase[:1].isupper():
                    continue
                found = self._title_place(phrase)
                if found:
                    code, weight = found
                    locative = i > 0 and words[i - 1].lower() in _locatives()
                    votes[code] += weight * (float(self.cfg["locative_factor"]) if locative else 1.0)
                    i += n - 1
                    break
            i += 1
        return dict(votes)

    def _title_place(self, phrase: str) -> tuple[str, float] | None:
        key = name_key(phrase)
        if len(key) < 3 or phrase in self.cfg["agency_acronyms"]:
            return None
        kinds = self.cfg["kind_weights"]
        entries = self.gaz.by_name_key(key)
        for entry in entries:
            if entry.kind == "country" and entry.country_code:
                return entry.country_code, float(kinds["country"])
        notable = [e for e in entries if e.is_admin or e.role == "capital"]
        if notable and len({e.country_code for e in notable}) == 1:
            return notable[0].country_code or "", float(kinds["place"])
        if entries:
            return None
        big = int(self.cfg["title_town_population"])
        towns = [e for e in self.gaz.world_lookup(key) if e.kind == "town" and e.origin != "exonym" and e.population >= big]
        if towns:
            return towns[0].country_code or "", float(kinds["place"])
        return None

    # -- the readings the story allows --------------------------------------------------------

    def narrow(self, mentions: Sequence[Mention], focus: Focus) -> list[Mention]:
        """The mentions with only the readings the story allows (module docstring); a mention left
        with none is dropped."""
        home = self.gaz.home_countries
        foreign_focus = focus.country is not None and focus.country not in home
        kept: list[Mention] = []
        for mention in mentions:
            if mention.match == "capital":
                kept.append(mention)  # "the provincial capital": resolved from the provinces named
                continue
            if mention.text in self.cfg["agency_acronyms"] or demonym_country(mention.text):
                continue  # "SANA", "AFP"; "German" is no Germantown
            pointers = focus.pointers.get(mention.sentence, set())
            allowed = pointers | ({focus.country} if focus.country else set())
            candidates = [
                c for c in mention.candidates
                if c.country_code in allowed or not self._only_where_named(c, mention)
            ]
            if foreign_focus:
                candidates = [c for c in candidates if c.country_code not in home or c.country_code in pointers]
                if mention.text in focus.person_words and not mention.locative:
                    candidates = [c for c in candidates if _stands(c)]
                if any(c.country_code == focus.country for c in candidates):
                    candidates = [
                        c for c in candidates
                        if c.country_code == focus.country or _stands(c) or c.country_code in pointers
                    ]
            if candidates:
                mention.candidates = candidates
                kept.append(mention)
        return kept

    def _only_where_named(self, entry: Entry, mention: Mention) -> bool:
        """A reading that counts only in the focus country or a country named in the same sentence:
        a town found only by an exonym, a small town abroad, a division abroad not called one."""
        if entry.country_code in self.gaz.home_countries or entry.kind == "country" or entry.role == "capital":
            return False
        if entry.origin == "exonym":
            return True
        if entry.kind == "province":
            return mention.kind_hint != "province"
        return entry.kind == "town" and entry.population < int(self.cfg["small_town_population"])

    # -- names of the focus country the scan and spaCy left -----------------------------------

    def focus_mentions(self, article: Article, mentions: Sequence[Mention], focus: Focus) -> list[Mention]:
        """Names of the focus country (abroad) that neither the gazetteer scan nor spaCy's NER
        took: spaCy tags "Palmyra" PERSON and never runs on sentences without an event cue, and
        the world's towns are not scanned word by word. A capitalised run (with the joining
        articles of Arabic names: "Deir el-Zour") filed under a name of a town or division of the
        focus country, exactly or by transliteration skeleton, is a mention when the town is
        big and named exactly, or when a locative or a kind word frames it ("into Palmyra",
        "Baghaliyeh village"), as :meth:`_accepted` says."""
        country = focus.country
        if country is None or country in self.gaz.home_countries:
            return []
        from .recognize import _kind_after, _kind_before, _near, lexicon

        lex = lexicon()
        keys = self.gaz.country_keys(country)
        taken = [(m.start, m.end) for m in mentions]
        articles = _articles()
        found: list[Mention] = []
        for index, sentence, doc, tokens in parsed_sentences(article):
            ents = list(doc.ents) if sentence.entities else []
            i = 0
            located = -1  # the last token of the latest run read as a place after a locative
            while i < len(tokens):
                hit = self._focus_run(tokens, i, keys, articles, focus) if _capital(tokens[i]) else None
                if hit is None:
                    i += 1
                    continue
                j, entries = hit
                start, end = sentence.start + tokens[i].idx, sentence.start + tokens[j].idx + len(tokens[j])
                prev = tokens[i - 1].lower_ if i > 0 else ""
                locative = prev in lex.locatives or _next_in_list(tokens, located, i)
                kind = _kind_after(tokens, j, lex) or _kind_before(tokens, i, lex)
                accepted = self._accepted(entries, _entity(ents, i, j), locative, kind, tokens[i : j + 1])
                if accepted and not any(a < end and start < b for a, b in taken):
                    found.append(
                        Mention(start=start, end=end, text=doc[i : j + 1].text, sentence=index,
                                candidates=accepted, kind_hint=kind, match="world", locative=locative,
                                near=_near(tokens, i))
                    )
                    located = j if locative else located
                i = j + 1
        return found

    def capital_mentions(self, article: Article, mentions: Sequence[Mention], focus: Focus) -> list[Mention]:
        """"a hotel in the capital": the focus country's capital, when the story has a focus (a
        wire story names its country in the dateline or the lead and then says "the capital")."""
        capital = self.gaz.national_capital(focus.country)
        if capital is None:
            return []
        found: list[Mention] = []
        for index, sentence in enumerate(article.sentences):
            for m in _BARE_CAPITAL.finditer(sentence.text):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(x.start < end + 4 and start - 2 < x.end for x in mentions):
                    continue  # "the capital Kabul", "Kabul, the capital"
                word = sentence.start + m.start(1)
                found.append(Mention(start=word, end=word + 7, text="capital", sentence=index,
                                     candidates=[capital], kind_hint="town", match="phrase", locative=True))
        return found

    def _accepted(self, entries, ent, locative: bool, kind: str | None, run) -> list[Entry]:
        """The readings of a run of the focus country that its frame supports.

        A kind word ("Baghaliyeh village") supports every reading. A run inside a longer name
        spaCy found (a person, an organisation: "Observatory for Human Rights") is none. A run
        spaCy tags as a place, or that follows a locative ("into Palmyra": spaCy tags it PERSON,
        and "Aleppo" NORP, so a one-word tag of another kind is not trusted), supports its exact
        readings, and its readings by transliteration skeleton when long enough (``skeleton_min_length``)
        or after a locative. Else only
        an exact name of a town at least ``title_town_population`` strong. Ordinary capitalised
        words (months, actors: context.yaml) need the kind word."""
        from .recognize import lexicon

        lex = lexicon()
        if kind is not None:
            return [e for e, _ in entries]
        if {t.lower_ for t in run} & (lex.not_place_words | lex.common_words):
            return []
        if ent is not None and len(ent) > len(run) and ent.label_ in _NAME_LABELS:
            return []
        tagged = ent is not None and ent.label_ in _PLACE_LABELS
        if locative:
            return [e for e, _ in entries]
        big = int(self.cfg["title_town_population"])
        long_enough = len(name_key(" ".join(t.text for t in run))) >= int(self.cfg["skeleton_min_length"])
        return [
            e for e, exact in entries
            if (exact and (tagged or (e.origin != "exonym" and e.population >= big))) or (tagged and long_enough)
        ]

    def _focus_run(self, tokens, i: int, keys: frozenset[str], articles: frozenset[str], focus: Focus):
        """The longest run from token i whose key (with or without Arabic articles) or skeleton
        names a place of the focus country: (last token, [(entry, exact)])."""
        from .normalize import skeleton

        word = tokens[i].text
        if word in self.cfg["agency_acronyms"] or demonym_country(word) or word.isupper():
            return None
        if word in focus.person_words and (i == 0 or tokens[i - 1].lower_ not in _locatives()):
            return None
        doc = tokens[i].doc
        for j in range(min(len(tokens), i + 4) - 1, i - 1, -1):
            if not _capital(tokens[j]) or any(not (_capital(t) or t.lower_ in articles or t.text == "-") for t in tokens[i : j + 1]):
                continue
            text = doc[i : j + 1].text
            plain = " ".join(t.text for t in tokens[i : j + 1] if t.lower_ not in articles and t.text != "-")
            variants = {name_key(text), name_key(plain)}
            if not any(k in keys or skeleton(k) in keys for k in variants if len(k) >= 4):
                continue
            entries = self.gaz.country_lookup(variants, focus.country or "")
            if entries:
                return j, entries
        return None


def _entity(ents, i: int, j: int):
    """spaCy's entity holding tokens i..j, if any."""
    return next((e for e in ents if e.start <= i and j < e.end), None)


def _capital(token) -> bool:
    return token.is_alpha and token.text[:1].isupper()


def _next_in_list(tokens, located: int, i: int) -> bool:
    """Run i continues a list whose earlier item, ending at token ``located``, followed a
    locative ("strikes on Tal Rafaat, Anadan and other towns"): only commas and "and"/"or"
    between them."""
    if located < 0 or i - located > 3:
        return False
    gap = tokens[located + 1 : i]
    return bool(gap) and all(t.text == "," or t.lower_ in ("and", "or") for t in gap)


def _locatives() -> frozenset[str]:
    from .recognize import lexicon

    return lexicon().locatives


@functools.cache
def _articles() -> frozenset[str]:
    from .world import settings as world_settings

    return frozenset(world_settings()["article_prefixes"])


def _stands(entry: Entry) -> bool:
    """Countries and capitals: readings no story context takes away."""
    return entry.kind == "country" or entry.role == "capital"
