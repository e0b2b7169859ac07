"""Toponym recognition: find the spans of text that name places.

Two sources of mentions, merged per sentence:

1. **Gazetteer scan** over the tokens of every sentence (analysed or not):
   starting at each capitalised token, successive n-grams are normalised
   (:func:`~frontlines.geo.normalize.name_key`) and looked up; the longest
   n-gram that is a gazetteer key wins, and the scan stops early as soon as the
   normalised text is no longer the prefix of any key. Hand-written rather
   than a spaCy ``PhraseMatcher`` because the match is on normalised keys, not
   on token sequences: "Qala-e-Naw", "Qala i Naw" and "Qal'ah-ye Now" are
   tokenised differently but share one key, and the prefix set keeps the scan
   to a few dictionary look-ups per capitalised token.
2. **spaCy NER** (sentences with full analysis only): GPE/LOC/FAC entities the
   scan did not find are looked up by key, transliteration skeleton, foreign
   city and, last, fuzzy match -- so that spellings the gazetteer lacks are
   still found, and foreign cities resolve to their countries.

Filters keep ordinary words and people's names out: a hit inside a PERSON
entity, after a title ("Governor", "Mullah") or a first name, or a minor
village whose name is a common word, is dropped unless the context says it
is a place ("X district", "the village of X").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml
from .gazetteer import Entry, Gazetteer
from .normalize import GENERIC_WORDS, name_key

MAX_NAME_TOKENS = 9  # "Qal ' ah - ye Now" is seven tokens
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "the Indonesian capital" (not followed by its name: "the Afghan capital Kabul" names it)
_NATIONAL_CAPITAL = re.compile(r"\bthe ([A-Z][A-Za-z.]+) capital(?:'s)?\b(?!,? [A-Z]| city)")
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
_JOINERS = frozenset(
    {"-", "'", "’", "‘", "e", "i", "ye", "y", "a", "eh", "wa", "o", "al", "ul", "us", "as", "ud"}
)


@dataclass(frozen=True)
class Lexicon:
    kind_words: dict[str, str]  # word -> kind
    locatives: frozenset[str]
    person_titles: frozenset[str]
    qualifiers: frozenset[str]
    capital_phrases: tuple[str, ...]
    common_words: frozenset[str]
    frame_words: dict[str, str]  # word -> village | area | region (see frames.py)
    not_place_words: frozenset[str]
    origin_suffixes: frozenset[str] = frozenset()
    site_words: frozenset[str] = frozenset()  # a named site: "the Tishrin dam" (see sites.py)
    site_modifiers: frozenset[str] = frozenset()  # "air" in "Menagh air base"
    group_words: frozenset[str] = frozenset()  # peoples and faiths: "Kurdish", "Sunni"
    kind_modifiers: frozenset[str] = frozenset()  # "tribal" in "X tribal region"


def _dateline_places(text: str, doc: Any) -> list[Any]:
    """The names of a dateline ("ADEN (Reuters) -", "MOSUL, Iraq -") as place entities.

    A dateline is not analysed (no NER), and a town abroad is looked up only where NER or the
    text calls it a place: a dateline does, for its capitalised names before the agency's
    parentheses."""
    from spacy.tokens import Span

    from ..nlp.annotate import dateline_end

    if not text.strip() or dateline_end(text) < len(text.rstrip()):
        return []
    spans: list[Any] = []
    start = None
    for token in doc:
        if token.text == "(":
            break
        if token.is_alpha and token.text[0].isupper():
            start = token.i if start is None else start
            continue
        if start is not None:
            spans.append(Span(doc, start, token.i, label="GPE"))
            start = None
    if start is not None:
        spans.append(Span(doc, start, token.i if token.text == "(" else len(doc), label="GPE"))
    return spans


@functools.cache
def lexicon() -> Lexicon:
    data: dict[str, Any] = safe_yaml(
        resources.files(__package__).joinpath("data", "context.yaml").read_text(encoding="utf-8")
    )
    kind_words = {w: kind for kind, ws in data["kind_words"].items() for w in ws}
    return Lexicon(
        kind_words=kind_words,
        locatives=frozenset(data["locative_words"]),
        person_titles=frozenset(data["person_titles"]),
        qualifiers=frozenset(data["place_qualifiers"]),
        capital_phrases=tuple(sorted(data["capital_phrases"], key=len, reverse=True)),
        common_words=frozenset(data["common_words"]),
        frame_words={w: kind for kind, ws in data["frame_words"].items() for w in ws},
        not_place_words=frozenset(data["not_place_words"]),
        origin_suffixes=frozenset(data.get("origin_suffixes") or ()),
        site_words=frozenset(data.get("site_words") or ()),
        site_modifiers=frozenset(data.get("site_modifiers") or ()),
        group_words=frozenset(data.get("group_words") or ()),
        kind_modifiers=frozenset(data.get("kind_modifiers") or ()),
    )


@dataclass
class Mention:
    """A span of Article.text that may name a place, with its candidate places."""

    start: int
    end: int
    text: str
    sentence: int  # index in Article.sentences
    candidates: list[Entry] = field(default_factory=list)
    kind_hint: str | None = None  # district | province | town | village | country
    match: str = "exact"  # exact | skeleton | world | fuzzy | capital | phrase (named by a phrase: "the Syrian capital")
    ner_label: str | None = None
    locative: bool = False  # preceded by "in", "near" ...
    near: bool = False  # "near X", "outskirts of X": the event is close to, not in, the place
    in_name: bool = False  # part of a longer capitalised name ("Kabul University")


def _is_capitalised(token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and text[0].isalpha()


def _title_case_sentence(tokens) -> bool:
    alpha = [t for t in tokens if t.is_alpha and len(t.text) > 3]
    return len(alpha) >= 3 and sum(t.text[0].isupper() for t in alpha) / len(alpha) >= 0.6


_NEAR_WORDS = frozenset({"near", "outskirts", "around", "outside", "nearby"})
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "north-east", "north-west", "south-east", "south-west"}
)  # fmt: skip


def _near(tokens, i: int) -> bool:
    """ "near X", "near the X", "on the outskirts of X", "west of X": the event is close to, not
    in, the place ("the west of X" is a part of it)."""
    before = [t.lower_ for t in tokens[max(0, i - 3) : i]]
    of = bool(before) and before[-1] == "of"
    while before and before[-1] in ("the", "of"):
        before.pop()
    if of and before and before[-1] in DIRECTIONS:
        return len(before) < 2 or before[-2] != "the"
    return bool(before) and before[-1] in _NEAR_WORDS


def _hyphen_follows(tokens, j: int) -> bool:
    """Token j is glued by a hyphen to a following word ("Dand" in "Dand-e-Ghori")."""
    return (
        j + 2 < len(tokens)
        and not tokens[j].whitespace_
        and tokens[j + 1].text == "-"
        and not tokens[j + 1].whitespace_
        and tokens[j + 2].is_alpha
    )


def _origin(tokens, j: int, lex: Lexicon) -> bool:
    """"an Ankara-based diplomat": the place says where someone is based, not a scene."""
    return _hyphen_follows(tokens, j) and tokens[j + 2].lower_ in lex.origin_suffixes


def _kind_after(tokens, j: int, lex: Lexicon) -> str | None:
    """The kind word after a name: "X district", "X and Y districts", "X (Y) district".

    Across a comma only a plural kind word is shared ("X, Y and Z districts");
    in "X, Y province" the word is Y's.
    """
    crossed = False
    for k in range(j + 1, min(len(tokens), j + 7)):
        word = tokens[k].lower_
        if word in lex.kind_words:
            if crossed and not word.endswith("s"):
                return None
            return lex.kind_words[word]
        crossed = crossed or word == ","
        if (
            word in {"and", ",", "(", ")", "-", "&"}
            or _is_capitalised(tokens[k])
            or word in _JOINERS
            or word in lex.kind_modifiers  # "the North Waziristan tribal region"
        ):
            continue
        break
    return None


def _kind_before(tokens, i: int, lex: Lexicon) -> str | None:
    """The kind word before a name: "the district of X", "X's neighbouring province Y"."""
    if i >= 2 and tokens[i - 1].lower_ == "of" and tokens[i - 2].lower_ in lex.kind_words:
        if i >= 3 and _is_capitalised(tokens[i - 3]) and tokens[i - 3].lower_ not in lex.qualifiers:
            return None  # "the Dand area of Kandahar": the kind word is Dand's
        return lex.kind_words[tokens[i - 2].lower_]
    if i >= 1 and tokens[i - 1].lower_ in lex.kind_words and tokens[i - 1].lower_ != "capital":
        return lex.kind_words[tokens[i - 1].lower_]
    if i >= 2 and tokens[i - 1].text == "," and tokens[i - 2].lower_ in ("capital", "city", "town"):
        return "town"  # "the provincial capital, Lashkar Gah"
    return None


class Recognizer:
    """Finds place mentions in an article's sentences (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.lex = lexicon()

    @functools.cached_property
    def _explained_words(self) -> frozenset[str]:
        """Words that, capitalised, need no entity recogniser: parts of place names that are not
        also people's names or titles, and known non-place words (actors, months)."""
        lex = self.lex
        ambiguous = lex.common_words | lex.person_titles
        place_words = {w for key in self.gaz.by_key for w in key.split() if w not in ambiguous}
        return frozenset(place_words | lex.not_place_words)

    def needs_entities(self, doc) -> bool:
        """Whether spaCy's NER could tell something the gazetteer scan cannot.

        NER helps with names the gazetteer lacks (a foreign town, a misspelt
        district) and with people's and organisations' names that contain a
        place's name. A sentence whose capitalised words are all known parts
        of place names, or known words that are never names (actors, months,
        sentence-initial function words), gains nothing from it. Skipping NER
        there saves about a third of it on press releases; with NER off
        everywhere the ACLED and ISAF geo figures were unchanged (measured
        2026-11-22), so this is the conservative side of a safe trade.
        """
        explained = self._explained_words
        for token in doc:
            if not token.is_alpha or not (token.is_title or (token.is_upper and len(token) > 1)):
                continue
            if token.i == 0 and token.is_stop:
                continue
            if name_key(token.text) not in explained and token.lower_ not in explained:
                return True
        return False

    def mentions(self, sentences: list[Any]) -> list[Mention]:
        found: list[Mention] = []
        for index, sentence in enumerate(sentences):
            if sentence.doc is None:
                continue
            found.extend(self._sentence(index, sentence))
        return found

    # -- one sentence -----------------------------------------------------------------------

    def _sentence(self, index: int, sentence) -> list[Mention]:
        doc = sentence.doc
        tokens = list(doc)
        ents = list(doc.ents) if sentence.entities else []
        if not ents and not getattr(sentence, "analysed", True):
            ents = _dateline_places(sentence.text, doc)
        title_case = _title_case_sentence(tokens)
        mentions: list[Mention] = []
        taken = [False] * len(tokens)
        i = 0
        while i < len(tokens):
            stop = (
                tokens[i].is_stop
                and not tokens[i].is_upper
                and not (i + 1 < len(tokens) and _is_capitalised(tokens[i + 1]))
            )
            if not _is_capitalised(tokens[i]) or stop or len(tokens[i]) == 1:
                i += 1
                continue
            hit, run_end = self._longest(tokens, i)
            if tokens[i].is_stop and not tokens[i].is_upper and (hit is None or hit[2] != "exact"):
                # "In Musa Qal'ah district", "Of Chahar Dara": a capitalised preposition
                # joins a name only as an exact key ("Now Zad")
                i += 1
                continue
            if hit is None or hit[0] < run_end:
                hit = self._fuzzy_run(tokens, i, run_end) or hit
            if hit is None:
                i += 1
                continue
            j, candidates, how = hit
            mention = self._mention(
                sentence, index, doc, tokens, i, j, candidates, how, ents, title_case
            )
            if mention is not None:
                mentions.append(mention)
                for k in range(i, j + 1):
                    taken[k] = True
            i = j + 1
        for ent in ents:
            if ent.label_ not in _PLACE_LABELS or any(taken[ent.start : ent.end]):
                continue
            mention = self._from_entity(sentence, index, tokens, ent)
            if mention is not None:
                mentions.append(mention)
                for k in range(ent.start, ent.end):
                    taken[k] = True
        mentions.extend(self._called_towns(sentence, index, tokens, taken))
        mentions.extend(self._capital_phrases(sentence, index, mentions))
        mentions.extend(self._national_capitals(sentence, index, mentions))
        return sorted(mentions, key=lambda m: m.start)

    def _fuzzy_run(self, tokens, i: int, run_end: int) -> tuple[int, list[Entry], str] | None:
        """A capitalised run the keys miss but the text calls a district or province: fuzzy match.

        "Dara i Sufi Payan district" is written nowhere in the gazetteer; the
        kind word makes a place reading certain enough to accept the closest
        district name above the calibrated threshold.
        """
        kind = _kind_after(tokens, run_end, self.lex)
        if kind not in ("district", "province") or tokens[run_end + 1 : run_end + 2] == []:
            return None
        if tokens[run_end + 1].lower_ not in self.lex.kind_words:
            return None
        key = name_key(tokens[i].doc[i : run_end + 1].text)
        found = self.gaz.fuzzy(key, kinds=(kind,))
        if not found and kind == "province":
            found = self.gaz.province_typo(key)  # "Ghanzi province"
        return (run_end, found, "fuzzy") if found else None

    def _lowercase_tail(self, tokens, i: int, j: int) -> bool:
        """Token j, lower case, ends an administrative unit's name written before its kind word."""
        token = tokens[j]
        if not (token.is_alpha and token.is_lower and not token.is_stop and j + 1 < len(tokens)):
            return False
        if tokens[j + 1].lower_ not in ("district", "province"):
            return False
        key = name_key(tokens[i].doc[i : j + 1].text)
        return any(e.is_admin for e in self.gaz.by_name_key(key))

    def _longest(self, tokens, i: int) -> tuple[tuple[int, list[Entry], str] | None, int]:
        """The longest n-gram from token i that names gazetteer places.

        Exact keys first (pruned by the key-prefix set); then the
        transliteration skeleton over the longer capitalised run, so that
        "Dara i Sufi Payan" is not cut down to a district "Dara" elsewhere.
        Places whose skeleton equals the exact key's join the candidates
        ("Dawlat Abad" is spelt differently in Balkh and in Faryab).
        """
        gaz = self.gaz
        doc = tokens[i].doc
        exact: tuple[int, list[Entry]] | None = None
        run_end = i
        prefix_alive = True
        for j in range(i, min(len(tokens), i + MAX_NAME_TOKENS)):
            token = tokens[j]
            # "Qal'ah" may be split after its apostrophe; a possessive "'s" is not part of a name
            attached = (
                j > i
                and not tokens[j - 1].whitespace_
                and token.lower_ not in {"'s", "’s", "s"}
                and token.text[:1] in "'’‘-"
            )
            if j > i and (
                token.lower_ in GENERIC_WORDS
                or not (_is_capitalised(token) or token.lower_ in _JOINERS or attached)
            ):
                # "the Ali abad district": a lower-case last word completes a district's name
                if prefix_alive and self._lowercase_tail(tokens, i, j):
                    exact = (j, gaz.by_name_key(name_key(doc[i : j + 1].text)))
                    run_end = j
                break
            # a lower-case joiner links the words of a name ("Dara i Sufi", "Tal al Abyad") and
            # never ends one ("Kabul as saying": the name is "Kabul")
            ends = token.text[-1].isalnum() and not (j > i and token.lower_ in _JOINERS and token.is_lower)
            if ends:
                run_end = j
            if not prefix_alive:
                continue
            key = name_key(doc[i : j + 1].text)
            if not key or key not in gaz.prefixes:
                prefix_alive = False
                continue
            if ends and key in gaz.by_key:
                exact = (j, gaz.by_name_key(key))
        if exact and exact[0] < run_end and _hyphen_follows(tokens, exact[0]):
            exact = None  # "Dand" of "Dand-e-Ghori": a longer hyphenated name, not the place "Dand"
        shortest = exact[0] + 1 if exact else i
        for j in range(run_end, shortest - 1, -1):
            if not tokens[j].text[-1].isalpha():
                continue
            key = name_key(doc[i : j + 1].text)
            if len(key) < 5:
                continue
            found = [
                e
                for e in gaz.by_name_skeleton(key)
                if e.is_notable and e.country_code in gaz.home_countries
            ]
            if found:
                if exact and exact[0] == j:
                    return (j, list(dict.fromkeys(exact[1] + found)), "exact"), run_end
                return (j, found, "skeleton"), run_end
        return ((exact[0], exact[1], "exact") if exact else None), run_end

    def _mention(
        self, sentence, index, doc, tokens, i, j, candidates, how, ents, title_case
    ) -> Mention | None:
        lex = self.lex
        span = doc[i : j + 1]
        label = next((e.label_ for e in ents if e.start <= i and j < e.end), None)
        enclosing = next((e for e in ents if e.start <= i and j < e.end), None)
        prev = tokens[i - 1] if i > 0 else None
        prev_word = prev.lower_ if prev is not None else ""
        kind_hint = _kind_after(tokens, j, lex) or _kind_before(tokens, i, lex)
        locative = prev_word in lex.locatives or (
            i >= 2 and tokens[i - 2].lower_ in lex.locatives and prev_word in lex.qualifiers
        )
        # a person's name, or a word of one
        if enclosing is not None and enclosing.label_ == "PERSON" and not kind_hint:
            # part of a longer name ("Ajmal Omar Shinwari"); a name of its own
            # only when nothing says it is a place (spaCy often tags places PERSON)
            if (enclosing.end - enclosing.start) > (j + 1 - i):
                return None
            if not locative and not any(c.is_admin or c.role for c in candidates):
                return None
        if prev_word in lex.person_titles and not kind_hint:
            return None
        if _origin(tokens, j, lex):
            return None
        if (
            prev is not None
            and _is_capitalised(prev)
            and not title_case
            and not prev.is_stop
            and prev_word not in lex.qualifiers
            and prev_word not in lex.kind_words
            and name_key(prev.text) not in self.gaz.by_key
            and not kind_hint
        ):
            return None
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        in_name = bool(
            nxt is not None
            and _is_capitalised(nxt)
            and nxt.lower_ not in lex.kind_words
            and not title_case
        ) or bool(
            enclosing is not None
            and enclosing.label_ in _NAME_LABELS
            and (enclosing.end - enclosing.start) > (j + 1 - i)
        )
        strong_context = bool(kind_hint) or (locative and label in _PLACE_LABELS)
        candidates = [
            c
            for c in candidates
            if self._plausible(
                c, span.text, strong_context, locative, i == 0 or title_case, in_name
            )
        ]
        if not candidates:
            return None
        start = sentence.start + span.start_char
        return Mention(
            start=start,
            end=start + len(span.text),
            text=span.text,
            sentence=index,
            candidates=candidates,
            kind_hint=kind_hint,
            match=how,
            ner_label=label,
            locative=locative,
            near=_near(tokens, i),
            in_name=in_name,
        )

    def _plausible(
        self, entry: Entry, text: str, strong: bool, locative: bool, initial: bool, in_name: bool
    ) -> bool:
        """Whether a candidate may stand for this span, given how much context supports it."""
        key = name_key(text)
        common = (
            text.lower() in self.lex.common_words or key in self.lex.common_words or len(key) <= 3
        )
        if common:
            return strong
        if entry.kind == "town" and not entry.is_notable:
            # a minor village: only with context, never inside a longer name
            return strong or (locative and not in_name and not initial and " " in text.strip())
        if in_name and entry.kind == "town" and not entry.role:
            return False
        return True

    def _from_entity(self, sentence, index, tokens, ent) -> Mention | None:
        text = ent.text
        offset = 0
        m = re.match(r"(?i)(the\s+)", text)
        if m:
            offset = m.end()
            text = text[offset:]
        if not text or not text[0].isupper() or _origin(tokens, ent.end - 1, self.lex):
            return None
        key = name_key(text)
        kind_hint = _kind_after(tokens, ent.end - 1, self.lex) or _kind_before(
            tokens, ent.start, self.lex
        )
        if (key in self.lex.common_words or len(key) <= 3) and not kind_hint:
            return None
        candidates = self.gaz.lookup(text, fuzzy=False, world=True)
        how = (
            "world"
            if candidates and all(c.country_code not in self.gaz.home_countries for c in candidates)
            else "skeleton"
        )
        if kind_hint == "province" and not any(c.kind == "province" for c in candidates):
            # "Ghanzi province" is Ghazni, not the town of Ghanzi in Botswana
            typo = self.gaz.province_typo(key)
            if typo:
                candidates, how = typo, "fuzzy"
        if not candidates:
            candidates = self.gaz.fuzzy(name_key(text))
            how = "fuzzy"
        if not candidates:
            return None
        start = sentence.start + ent.start_char + offset
        prev_word = tokens[ent.start - 1].lower_ if ent.start > 0 else ""
        return Mention(
            start=start,
            end=start + len(text),
            text=text,
            sentence=index,
            candidates=candidates,
            kind_hint=kind_hint,
            match=how,
            ner_label=ent.label_,
            locative=prev_word in self.lex.locatives,
            near=_near(tokens, ent.start),
        )

    def _called_towns(self, sentence, index: int, tokens, taken: list[bool]) -> list[Mention]:
        """A name the text calls a city, a town or a province ("the city of Kharkiv", "Goma
        city", "in Aleppo province", which spaCy may tag as a nationality) that neither the
        gazetteer scan nor spaCy's NER took: looked up as the NER's places are."""
        from spacy.tokens import Span

        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            if taken[i] or not _is_capitalised(tokens[i]):
                i += 1
                continue
            j = i
            while j + 1 < len(tokens) and not taken[j + 1] and _is_capitalised(tokens[j + 1]):
                j += 1
            if {"town", "province"} & {_kind_before(tokens, i, self.lex), _kind_after(tokens, j, self.lex)}:
                mention = self._from_entity(sentence, index, tokens, Span(tokens[i].doc, i, j + 1, label="GPE"))
                if mention is not None:
                    found.append(mention)
            i = j + 1
        return found

    def _national_capitals(self, sentence, index: int, named: list[Mention]) -> list[Mention]:
        """'the Indonesian capital', 'the Syrian capital' without its name: that country's capital."""
        from .focus import demonym_country

        found: list[Mention] = []
        for m in _NATIONAL_CAPITAL.finditer(sentence.text):
            code = demonym_country(m.group(1))
            capital = self.gaz.national_capital(code)
            start = sentence.start + m.start(1)
            end = sentence.start + m.end()
            if capital is None or any(x.start < end and start < x.end and x.text != m.group(1) for x in named):
                continue
            named[:] = [x for x in named if x.text != m.group(1) or not (x.start < end and start < x.end)]  # "Malian" is no town
            found.append(Mention(start=start, end=end, text=m.group(0)[m.start(1) - m.start():], sentence=index,
                                 candidates=[capital], kind_hint="town", match="phrase", locative=True))
        return found

    def _capital_phrases(self, sentence, index: int, named: list[Mention]) -> list[Mention]:
        """'the provincial capital' without its name: resolved later to the capital in context."""
        found: list[Mention] = []
        lowered = sentence.text.lower()
        for phrase in self.lex.capital_phrases:
            for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", lowered):
                start = sentence.start + m.start()
                end = sentence.start + m.end()
                if any(
                    start <= x.start < end + 4 or x.start <= start < x.end for x in named + found
                ):
                    continue
                after = sentence.text[m.end() : m.end() + 3]
                gap = re.search(r",\s*(the\s+)?$", sentence.text[: m.start()])
                named_before = gap is not None and any(
                    x.end == sentence.start + gap.start() for x in named
                )
                if re.match(r",?\s?[A-Z]", after) or named_before:
                    continue  # "the provincial capital, Lashkar Gah" / "Lashkar Gah, the provincial capital"
                found.append(
                    Mention(
                        start=start,
                        end=end,
                        text=sentence.text[m.start() : m.end()],
                        sentence=index,
                        match="capital",
                    )
                )
        return found
