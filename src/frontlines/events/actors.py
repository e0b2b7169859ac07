"""Actors: finding the groups a sentence names and giving them ACLED's names.

The vocabulary is data (``data/actors/``): ``generic.yaml`` holds the words
for actors of any conflict (soldiers, police, civilians, militants,
protesters ...) with ACLED's name templates; one file per country (``AF.yaml``)
names the actors of that conflict and renames the generic ones; and
``countries.csv`` gives country names and demonyms, so that "Pakistani troops"
in an Afghan story is Pakistan's army. Another conflict is a new file.

Alias matching (``lexicon.PhraseTable``): a word written in lowercase in the
data matches any case, a word with capitals matches exactly ("IS", "US",
"ANA"), so acronyms never fire on ordinary words ("is", "us").

Names depend on context: the article's country (generic words are that
country's forces), the event date (ACLED dates state forces by the government
they serve) and the armed group the article is about (unnamed "militants").
:func:`resolve` applies that context to an :class:`ActorMention`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml

DATA = "data/actors"
# kinds whose demonym says whose they are ("Turkish troops", "the Russian government")
NATIONAL = frozenset({"state", "government", "external"})


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary."""

    key: str
    name: str  # ACLED's name, possibly a template with {country} / {of_country}
    kind: str  # state | government | external | rebel | militia | civilian | protester | rioter
    generic: bool = False  # a common noun ("soldiers"), not a name
    resolve_to_named: bool = False  # unnamed fighters: the article's armed group
    weak: bool = False  # says little of who it is ("people", "others")
    local: bool = False  # names this actor only in its own country's news ("coalition forces")
    country: str | None = None  # ISO2 of the country file it comes from (None = generic)
    period: tuple[dt.date | None, dt.date | None] | None = None
    family: tuple[str, ...] = ()  # aliases; entries sharing them differ only by period
    side: str | None = None  # government | nonstate, where the kind does not say (communal militias)


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    the: bool

    @property
    def of_name(self) -> str:
        return f"the {self.name}" if self.the else self.name


@dataclass
class ActorMention:
    """A span of a sentence naming an actor (token offsets in the sentence Doc)."""

    start: int
    end: int
    text: str
    entry: Entry
    head: int  # token index of the span's syntactic head
    qualifier: str | None = None  # ISO2 of a demonym before a generic word ("Pakistani troops")

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def generic(self) -> bool:
        return self.entry.generic and self.qualifier is None


@dataclass
class Context:
    """What resolving a generic actor word needs to know about the article."""

    country: str | None = None  # ISO2
    date: dt.date | None = None
    named_group: str | None = None  # the armed group the article is about (ACLED name)
    extra: dict[str, Any] = field(default_factory=dict)


class ActorBook:
    """The actor dictionary: entries, their aliases, countries and their demonyms."""

    def __init__(self, generic: dict[str, Any], countries: list[Country], demonyms: dict[str, str],
                 country_files: dict[str, dict[str, Any]]):
        self.countries = {c.iso2: c for c in countries}
        self.country_names = {c.name: c.iso2 for c in countries if " " not in c.name}  # "Turkey shelled ..."
        self.demonyms = demonyms  # token text (lowercase unless written with capitals) -> ISO2
        self.entries: dict[str, Entry] = {}
        self.aliases: dict[str, list[str]] = {}  # alias -> entry keys, country files first
        self.overrides: dict[str, dict[str, str]] = {}  # ISO2 -> generic key -> country key
        self.unnamed_group: dict[str, str] = {}  # ISO2 -> ACLED name of the default armed group
        self.contingents: dict[str, tuple[frozenset[str], str]] = {}  # ISO2 -> (foreign ISO2s, entry key)
        self.periods: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
        # words whose demonym names a state's forces as the doer ("Russian air strikes")
        self.deed_nouns = frozenset(str(w).lower() for w in generic.get("state_deed_nouns") or ())
        self.described_verbs = frozenset(str(w).lower() for w in generic.get("described_as_verbs") or ())
        # nouns of help: who gives it is an ally of the deed's doer ("with support from Russian jets")
        self.support_words = frozenset(str(w).lower() for w in generic.get("support_nouns") or ())
        self.crowd_words = frozenset(str(w).lower() for w in generic.get("crowd_words") or ())
        self.held_by = tuple(str(w).lower() for w in generic.get("held_by") or ())
        self.held_places = tuple(str(w).lower() for w in generic.get("held_places") or ())
        # verbs of help: "backed by X" names an ally of the doer, not the doer
        self.support_verbs = frozenset(str(w).lower() for w in generic.get("support_verbs") or ())
        for iso2, data in country_files.items():
            self._add_entries(data.get("actors", []), iso2)
            self.overrides[iso2] = dict(data.get("overrides") or {})
            if data.get("unnamed_armed_group"):
                self.unnamed_group[iso2] = data["unnamed_armed_group"]
            if data.get("nato_contingents") and data.get("foreign_forces_as"):
                self.contingents[iso2] = (frozenset(data["nato_contingents"]), data["foreign_forces_as"])
        self._add_entries(generic.get("actors", []), None)
        for iso2, spans in (generic.get("periods") or {}).items():
            self.periods[iso2] = [(p["suffix"], _date(p.get("from")), _date(p.get("until"))) for p in spans]
        for iso2, mapping in self.overrides.items():
            for source, target in mapping.items():
                if source not in self.entries or target not in self.entries:
                    raise ValueError(f"actors/{iso2}.yaml: override {source} -> {target} names an unknown key")

    def _add_entries(self, raw: Iterable[dict[str, Any]], iso2: str | None) -> None:
        for item in raw:
            aliases = tuple(str(a) for a in item.get("aliases", []))
            period = item.get("period")
            entry = Entry(
                key=item["key"],
                name=item["name"],
                kind=item["kind"],
                generic=bool(item.get("generic", False)),
                resolve_to_named=bool(item.get("resolve_to_named", False)),
                weak=bool(item.get("weak", False)),
                local=bool(item.get("local", False)),
                country=iso2,
                period=(_date(period.get("from")), _date(period.get("until"))) if period else None,
                family=aliases,
                side=item.get("side"),
            )
            if entry.key in self.entries:
                raise ValueError(f"actor key {entry.key!r} defined twice")
            self.entries[entry.key] = entry
            for alias in aliases:
                self.aliases.setdefault(alias, []).append(entry.key)

    # --- resolution -------------------------------------------------------------

    def candidates(self, alias: str) -> list[Entry]:
        return [self.entries[k] for k in self.aliases.get(alias, [])]

    def usable(self, alias: str, country: str | None) -> bool:
        """Whether an alias names anyone in an article about ``country`` ("coalition forces" names
        NATO in Afghanistan, nobody in particular elsewhere)."""
        return any(not e.local or e.country == country for e in self.candidates(alias))

    def choose(self, alias: str, country: str | None, qualifier: str | None = None) -> Entry:
        """The entry an alias stands for in an article about ``country``; a demonym before it
        ("Syrian rebels" in a Turkish story) points to its own country's file first."""
        entries = [e for e in self.candidates(alias) if not e.local or e.country == country] or self.candidates(alias)
        for wanted in (qualifier, country):
            for entry in entries:
                if wanted and entry.country == wanted:
                    return entry
        for entry in entries:
            if entry.country is None:
                return entry
        return entries[0]

    def name(self, mention: ActorMention, context: Context) -> str:
        """ACLED's name for a mention, given the article's context."""
        entry = mention.entry
        # a demonym names the country of a state's forces ("Russian jets"); of anyone else it tells
        # the nationality, and ACLED names civilians, crowds and gunmen for where the event happens
        qualifier = mention.qualifier if entry.kind in NATIONAL else None
        country = qualifier or context.country
        if qualifier and context.country and qualifier != context.country and entry.kind == "state":
            # "Romanian soldiers" in Afghanistan: a contingent of the international force, when in its period
            members, key = self.contingents.get(context.country, (frozenset(), ""))
            if qualifier in members:
                force = self.entries[key]
                start, end = force.period or (None, None)
                when = context.date
                if when is None or ((start is None or start <= when) and (end is None or when <= end)):
                    return force.name
        if entry.resolve_to_named and not qualifier:
            if context.named_group:
                return context.named_group
            if country and country in self.unnamed_group:
                return self.unnamed_group[country]
        if entry.country is None and country:
            override = self.overrides.get(country, {}).get(entry.key)
            if override:
                entry = self.entries[override]
        if entry.country is not None:
            return self._by_period(entry, context.date).name
        return self._template(entry, country, context.date)

    def _by_period(self, entry: Entry, when: dt.date | None) -> Entry:
        family = [e for e in self.entries.values() if e.family == entry.family and e.country == entry.country]
        if len(family) == 1 or entry.period is None:
            return entry
        if when is None:  # the most recent period
            return max(family, key=lambda e: (e.period or (None, None))[0] or dt.date.min)
        for candidate in family:
            start, end = candidate.period or (None, None)
            if (start is None or start <= when) and (end is None or when <= end):
                return candidate
        return min(family, key=lambda e: _distance(e.period, when))

    def _template(self, entry: Entry, iso2: str | None, when: dt.date | None) -> str:
        country = self.countries.get(iso2 or "")
        if country is None:
            # no country known: ACLED's name without the country part
            return re.sub(r"\s*(?:of \{of_country\}|of \{country\}|\(\{country\}\))", "", entry.name).strip()
        name = entry.name.format(country=country.name, of_country=country.of_name)
        if entry.kind == "state" and "{of_country}" in entry.name:
            name += self._period_suffix(country.iso2, when)
        return name

    def _period_suffix(self, iso2: str, when: dt.date | None) -> str:
        spans = self.periods.get(iso2)
        if not spans:
            return ""
        if when is None:
            return spans[-1][0]
        for suffix, start, end in spans:
            if (start is None or start <= when) and (end is None or when <= end):
                return suffix
        return spans[0][0] if when < (spans[0][1] or dt.date.min) else spans[-1][0]

    def generic_of(self, entry: Entry) -> Entry | None:
        """The generic entry a country file's entry renames ("Military Forces of Syria": soldiers)."""
        if entry.country is None:
            return entry if entry.generic else None
        source = next((k for k, v in self.overrides.get(entry.country, {}).items() if v == entry.key), None)
        return self.entries[source] if source else None

    def country_of_name(self, name: str) -> str | None:
        """The ISO2 of the country file that defines an actor name, if any."""
        for entry in self.entries.values():
            if entry.country and entry.name == name:
                return entry.country
        return None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _distance(period: tuple[dt.date | None, dt.date | None] | None, when: dt.date) -> int:
    if not period:
        return 0
    start, end = period
    if start and when < start:
        return (start - when).days
    if end and when > end:
        return (when - end).days
    return 0


@functools.cache
def book() -> ActorBook:
    """The actor dictionary shipped with the package (loaded once per process)."""
    folder = resources.files(__package__).joinpath(*DATA.split("/"))
    generic = safe_yaml(folder.joinpath("generic.yaml").read_text("utf-8"))
    countries: list[Country] = []
    demonyms: dict[str, str] = {}
    text = folder.joinpath("countries.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO("".join(line for line in text.splitlines(True) if not line.startswith("#"))))
    for row in rows:
        countries.append(Country(row["iso2"], row["name"], row["the"] == "yes"))
        for word in filter(None, (row["demonyms"] or "").split("|")):
            demonyms[word] = row["iso2"]
    country_files = {}
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".yaml") or item.name == "generic.yaml":
            continue
        data = safe_yaml(item.read_text("utf-8"))
        if data.get("country"):
            country_files[data["country"]] = data
        else:  # more actors of any country (groups.yaml)
            generic = {**generic, "actors": [*generic.get("actors", []), *data.get("actors", [])]}
    return ActorBook(generic, countries, demonyms, country_files)


# --- finding mentions in a sentence ------------------------------------------------


@functools.cache
def _alias_table():
    """Every alias, and the places each side holds named by its fighters' alias ("Kurdish
    positions" for "Kurdish forces": ``held_by`` / ``held_places`` in generic.yaml)."""
    from .lexicon import PhraseTable

    actors = book()
    phrases = {alias: [alias] for alias in actors.aliases}  # the signal (an alias) -> its phrases
    for alias in actors.aliases:
        prefix, _, last = alias.rpartition(" ")
        if prefix and last in actors.held_by:
            phrases[alias] += [f"{prefix} {place}" for place in actors.held_places
                               if f"{prefix} {place}" not in actors.aliases]
    return PhraseTable(phrases, lemmas=False)


def find_mentions(doc: Any, country: str | None = None) -> list[ActorMention]:
    """The actor mentions of a sentence Doc, longest first where they overlap, in text order."""
    key = f"frontlines.actors.{country}"
    cached = doc.user_data.get(key)
    if cached is not None:
        return cached
    actors = book()
    mentions: list[ActorMention] = []
    table = _alias_table()
    found = doc.user_data.get("frontlines.actor_matches")
    if found is None:
        found = doc.user_data["frontlines.actor_matches"] = table.matches(doc)
    matches = [m for m in found if actors.usable(m[0], country)]
    for cue in table.longest(matches, len(doc)):
        span = doc[cue.start:cue.end]
        qualifier = _qualifier(doc, span, actors)
        entry = actors.choose(cue.signal, country, qualifier)
        mentions.append(ActorMention(span.start, span.end, span.text, entry, span.root.i, qualifier))
    mentions = _drop_modifiers(doc, _merge_named_heads(doc, mentions))
    mentions = sorted(mentions + _demonym_deeds(doc, mentions, actors), key=lambda m: m.start)
    doc.user_data[key] = mentions
    return mentions


def _qualifier(doc: Any, span: Any, actors: ActorBook) -> str | None:
    """A demonym right before a generic word: "Pakistani troops", "US-led forces"; or a country's
    name owning it: "Russia's defence ministry", "Turkey's army"; or said of it just after ("jets
    believed to be Russian", "warplanes that residents said were Russian")."""
    return _before(doc, span, actors) or _described_as(doc, span, actors)


def _described_as(doc: Any, span: Any, actors: ActorBook) -> str | None:
    """A demonym a few words after the generic word, after a verb of belief or saying and "be" /
    "as": the nationality the text gives it. Read from the words, not the parse (the small model
    often takes "believed" for the sentence's verb)."""
    words = doc[span.end : span.end + 7]
    told = False
    for k, token in enumerate(words):
        lower = token.lower_
        if lower in actors.described_verbs:
            told = True
        elif told and k and words[k - 1].lower_ in ("be", "were", "was", "as", "being"):
            return actors.demonyms.get(token.text) or actors.demonyms.get(lower)
        elif token.pos_ in ("VERB", "AUX") and lower not in ("be", "were", "was", "being") and told:
            return None
    return None


def _before(doc: Any, span: Any, actors: ActorBook) -> str | None:
    i = span.start - 1
    while i >= 0 and i >= span.start - 3:
        token = doc[i]
        for form in (token.text, token.lower_):
            iso2 = actors.demonyms.get(form)
            if iso2 and _modifies(token, span):  # not "with Russian jets, government troops"
                return iso2
        if token.dep_ == "poss" and token.text in actors.country_names:
            return actors.country_names[token.text]
        if token.pos_ not in ("ADJ", "PROPN", "NOUN", "PUNCT") and token.text != "-" and token.dep_ != "case":
            break
        i -= 1
    return None


def _modifies(token: Any, span: Any) -> bool:
    """The word hangs on the span, directly or through the words between them ("US-led forces")."""
    root = span.root
    if token.head.i == root.head.i != root.i and token.i == span.start - 1 and root.dep_ in ("compound", "amod"):
        return True  # "a U.S. drone strike": the two words modify one noun
    node = token
    for _ in range(4):
        if span.start <= node.i < span.end:
            return True
        if node.head is node or not span.start - 3 <= node.head.i < span.end:  # "Syrian and Russian jets"
            return False
        node = node.head
    return False


def _demonym_deeds(doc: Any, mentions: list[ActorMention], actors: ActorBook) -> list[ActorMention]:
    """"Russian air strikes", "Turkish shelling", "Russia's bombardment": a demonym or a country's
    name modifying a deed of war (``state_deed_nouns``) with no actor word of its own names that
    state's forces; so does a country named as the subject of a deed ("Turkey shelled ...")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for token in doc:
        named = actors.country_names.get(token.text)
        iso2 = actors.demonyms.get(token.text) or actors.demonyms.get(token.lower_) or named
        if iso2 is None or token.i in taken:
            continue
        if named and token.dep_ == "nsubj" and token.head.pos_ == "VERB":
            verbs = [token.head, *(c for c in token.head.children if c.dep_ == "xcomp")]  # "began shelling"
            if any(v.i in _violent_tokens(doc) for v in verbs):  # not "Turkey demanded", "Russia proposed"
                found.append(ActorMention(token.i, token.i + 1, token.text, actors.entries["military"], token.i, iso2))
            continue
        if token.dep_ not in ("amod", "compound", "nmod", "poss", "conj"):
            continue
        head = token.head
        while head.dep_ == "conj" and head.head.i != head.i and head.i not in taken:
            head = head.head  # "Syrian and Russian jets": "Russian" hangs on "Syrian"
        if token.dep_ == "conj":
            head = head.head
        state = next((m for m in mentions if m.head == head.i and m.entry.kind in NATIONAL), None)
        generic = actors.generic_of(state.entry) if state is not None else None
        if generic is not None and (state.qualifier or state.entry.country) not in (None, iso2):
            # another country's forces of the same kind, coordinated before the shared noun
            found.append(ActorMention(token.i, token.i + 1, token.text, generic, token.i, iso2))
            continue
        words = {head.lower_, head.lemma_.lower()}
        if head.i > 0:
            words.add(f"{doc[head.i - 1].lower_} {head.lower_}")
        if head.i <= token.i or not words & actors.deed_nouns or any(i in taken for i in range(token.i, head.i + 1)):
            continue
        found.append(ActorMention(token.i, token.i + 1, token.text, actors.entries["military"], token.i, iso2))
    return found


def _violent_tokens(doc: Any) -> set[int]:
    """Tokens of the sentence's cues of violence (events/data/cues.yaml)."""
    from .classify import VIOLENCE
    from .lexicon import cues

    return {i for c in cues(doc) if c.signal in VIOLENCE for i in range(c.start, c.end)}


def _merge_named_heads(doc: Any, mentions: list[ActorMention]) -> list[ActorMention]:
    """"Taliban militants", "IS fighters": a name followed by a generic word is one mention."""
    merged: list[ActorMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.entry.generic
            and mention.entry.generic
            and mention.start - previous.end <= 2
            and all(t.text in ("-", '"', "'", "“", "”", "’") for t in doc[previous.end:mention.start])
            and _compatible(previous.entry.kind, mention.entry.kind)
        ):
            merged[-1] = ActorMention(
                previous.start, mention.end, doc[previous.start:mention.end].text,
                previous.entry, mention.head, previous.qualifier,
            )
            continue
        merged.append(mention)
    return merged


def _drop_modifiers(doc: Any, mentions: list[ActorMention]) -> list[ActorMention]:
    """"a military prosecutor", "police vehicles": a generic word that only modifies another
    actor's noun does not name an actor of its own (the prosecutor is the civilian)."""
    kept = []
    for mention in mentions:
        token = doc[mention.head]
        if mention.entry.generic and token.dep_ in ("amod", "compound") and any(
            other is not mention and other.start <= token.head.i < other.end for other in mentions
        ):
            continue
        kept.append(mention)
    return kept


def _compatible(named: str, generic: str) -> bool:
    armed = {"rebel", "militia", "state", "external"}
    return named == generic or (named in armed and generic in armed)


def resolve(mention: ActorMention, context: Context) -> str:
    return book().name(mention, context)
