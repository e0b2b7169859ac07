"""One event per place: a deed told of several coordinated places is an event at each.

ACLED codes one event per incident, location and day: "the capture of the towns
of Mayer and then Kafin", "air strikes continued on Tal Rafaat, Anadan and
other towns", "secured the villages of Deir Jamal and Maranaz" are two events
each. After each mention has its place (events.assemble.locate_mentions), a
mention whose sentence names two or more places of the same local level
(towns and villages, areas, districts) joined by coordination in the parse ("X and Y",
"X, Y and Z", "X and then Y") is copied once for every other place; within
a territory event's own argument ("took X and Y") only the places of that
argument count. A place a direction is told from is no site when places are
listed with it ("towns north west of Aleppo, Anadan and Haritan": Anadan and
Haritan). A list of locative phrases closed by "and" ("east of Damascus, north
of Homs, and in the southern province of Deraa") is a list of sites at any
level, each in its own province.

A place named as the deed's doer ("Damascus and Moscow intensified
assaults": the active subject and its conjuncts) names a government, and a
place qualifying the source ("a military official in Kunduz said") is where
the speaker is: neither is where the deed happened, so the mention takes the
sentence's most specific other place, or none.

The copies carry the deed but not the sentence's figures (``figures`` False):
ACLED splits a toll across such events only when the source does, and the
sentence's figure is kept once, on the first place. A clause that leaves the
verb out splits it itself ("killed five people in Kunduz and two in Baghlan"):
the copy at Baghlan takes its own count (``gapped``), at whatever level the place
is named, and the deed stays where its own words put it (Kunduz).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

from ..models import Article, Place
from .assemble import SentenceFacts, _same_place
from .detect import Mention
from .lexicon import first_conjunct

LOCAL = ("town", "village", "area", "district")
_DOERS = ("nsubj",)
_CHAIN_KINDS = ("town", "village", "area", "district", "province")
# The words between two places of a list of locative phrases: ", north of", ", and in the southern
# province of", " and near".
_PHRASE_GAP = re.compile(
    r"^\s*,?\s*(?:and\s+)?(?:also\s+)?(?:in|near|around|outside|inside|at"
    r"|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)"
    r"\s+(?:the\s+)?(?:\w+ern\s+)?(?:(?:province|governorate|city|town|district|region|areas?)\s+of\s+)?$",
    re.IGNORECASE,
)


def split(article: Article, facts: list[SentenceFacts]) -> None:
    """Add a copy of each mention for every further coordinated place (module docstring);
    a place named as the doer is no place of the deed."""
    for fact in facts:
        doc = article.sentences[fact.index].doc
        if doc is None or not fact.mentions:
            continue
        added: list[Mention] = []
        for mention in fact.mentions:
            if mention.place is not None and _doer(doc, fact, mention.place):
                mention.place = _other_place(doc, fact, mention.place)
            if mention.place is None or mention.kind != "incident":
                continue
            gapped = _gapped(doc, fact, mention)
            if any(_same_place(mention.place, p) for p, _, _ in gapped):  # the deed is not where a gap is
                mention.place = _before_gaps(doc, fact, mention, gapped) or mention.place
            gapped = [g for g in gapped if not _same_place(mention.place, g[0])]
            further = {} if mention.place.kind not in LOCAL else {p.name: p for p in _coordinated(doc, fact, mention)}
            sites = {n: p for n, p in further.items() if not _reference(doc, fact, p)}
            if sites:
                # "towns north west of Aleppo, Anadan and Haritan": the places listed are the sites,
                # not the point the direction is told from ("east of Damascus, north of Homs": both)
                if _reference(doc, fact, mention.place):
                    first, *rest = sites.values()
                    mention.place, sites = first, {p.name: p for p in rest}
                further = sites
            further.update({p.name: p for p in _phrase_chain(fact, mention.place) if p.name not in further})
            for place in further.values():  # each place once, however it is told
                if place.name not in {p.name for p, _, _ in gapped}:
                    added.append(replace(mention, place=place, figures=False))
            for place, count, at in {p.name: (p, c, a) for p, c, a in gapped}.values():
                added.append(replace(mention, place=place, figures=False, gapped=(count, at) if count else None))
        fact.mentions.extend(added)


def _phrase_chain(fact: SentenceFacts, place: Place) -> list[Place]:
    """The other places of a list of locative phrases the place heads one of, closed by "and"
    ("in areas east of Damascus, north of Homs, and in the southern province of Deraa"), each in
    another province: a list of where the deed happened, at whatever level each is named. Read
    from the words between the places (the parse attaches such lists any way it likes); a place
    refined by another ("in Kunduz, near Baghlan") is no list, for want of the "and"."""
    ordered = sorted((p for p in fact.places if p.kind in _CHAIN_KINDS), key=lambda p: p.start)
    chains: list[list[Place]] = []
    for current in ordered:
        gap = fact.text[chains[-1][-1].end - fact.start: current.start - fact.start] if chains else ""
        if chains and _PHRASE_GAP.match(gap) and current.start >= chains[-1][-1].end:
            chains[-1].append(current)
        else:
            chains.append([current])
    for chain in chains:
        if place.start not in {p.start for p in chain} or len(chain) < 2:
            continue
        gaps = [fact.text[a.end - fact.start: b.start - fact.start] for a, b in itertools.pairwise(chain)]
        if not re.search(r"\band\b", gaps[-1]) or len({p.admin1 for p in chain}) < len(chain):
            return []
        return [p for p in chain if p.start != place.start]
    return []


def _reference(doc: Any, fact: SentenceFacts, place: Place) -> bool:
    """The place is the point a direction is told from ("north west of Aleppo"), not a site."""
    from ..geo.recognize import DIRECTIONS

    return any(
        t.head.lower_ == "of" and t.dep_ == "pobj" and t.head.head.lower_ in DIRECTIONS
        for t in _tokens(doc, fact, place)
    )


def _gapped(doc: Any, fact: SentenceFacts, mention: Mention) -> list[tuple[Place, int | None, int]]:
    """The places of clauses that leave the deed's verb out ("detained two men in Antwerp and a
    fourth in Molenbeek", "five were held in Akcakale, six in Gaziantep and three in Adana"), each
    with the clause's count and its article offset: a count standing alone (no noun of its own, no
    verb) that carries an "in" / "at" phrase, after the deed's word. Read from the words the parse
    gives it, however it attaches them."""
    from ..geo.primary import SPECIFICITY
    from .quantities import parse_number

    found = []
    for token in doc[mention.anchor + 1:] if 0 <= mention.anchor < len(doc) else []:
        count = token.like_num or token.ent_type_ in ("ORDINAL", "CARDINAL")
        if not count or token.dep_ in ("nummod", "quantmod", "npadvmod") or token.pos_ in ("VERB", "AUX"):
            continue
        phrase = {t for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "at") for t in c.subtree}
        places = [p for p in fact.places if p.kind in SPECIFICITY and _tokens(doc, fact, p) & phrase]
        if places:
            place = min(places, key=lambda p: (SPECIFICITY.get(p.kind, 9), p.start))
            value = parse_number(token.text) if token.ent_type_ != "ORDINAL" else 1  # "a fourth": one more
            found.append((place, value, fact.start + token.idx - doc[0].idx))
    return found


def _before_gaps(doc: Any, fact: SentenceFacts, mention: Mention, gapped: list) -> Place | None:
    """The most specific place named before the first gapped clause, none of its places and no doer
    ("killed five people in Kunduz and two in Baghlan": Kunduz)."""
    from ..geo.primary import SPECIFICITY

    first = min(at for _, _, at in gapped)
    taken = {p.name for p, _, _ in gapped}
    others = [p for p in fact.places if p.end <= first and p.name not in taken and p.kind in SPECIFICITY
              and not _doer(doc, fact, p)]
    return min(others, key=lambda p: (SPECIFICITY[p.kind], -p.start)) if others else None


def _doer(doc: Any, fact: SentenceFacts, place: Place) -> bool:
    """ "Damascus and Moscow intensified assaults": a city as the active doer of the deed names a
    government, not where it happened ("Istanbul's Sultanahmet square" is a place: possessors
    are not doers). "a military official in Kunduz said": the source's place, not the deed's."""
    tokens = _tokens(doc, fact, place)
    return any(first_conjunct(t).dep_ in _DOERS for t in tokens) or any(_of_source(t) for t in tokens)


def _of_source(token: Any) -> bool:
    """The token qualifies the speaker of a verb of saying ("an official in Kunduz told reporters")."""
    from . import lexicon

    report = lexicon.word_set("claims.yaml", "report_verbs")
    node = token
    while node.head is not node:
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() in report:
            return node is not token  # the place itself as the subject is a doer, handled above
        if node.dep_ not in ("pobj", "prep", "compound", "amod", "appos", "conj"):
            return False
        node = node.head
    return False


def _other_place(doc: Any, fact: SentenceFacts, place: Place) -> Place | None:
    """The most specific place of the sentence that is not a doer, else none."""
    from ..geo.primary import SPECIFICITY

    others = [p for p in fact.places if p.name != place.name and p.kind in SPECIFICITY and not _doer(doc, fact, p)]
    return min(others, key=lambda p: (SPECIFICITY[p.kind], p.start)) if others else None


def _level(kind: str) -> str:
    """Towns and villages are one level: a list may name a town the gazetteer holds beside a
    village it lacks ("Anadan and Haritan")."""
    return "settlement" if kind in ("town", "village") else kind


def _candidates(fact: SentenceFacts, mention: Mention) -> list[Place]:
    places = [p for p in fact.places if _level(p.kind) == _level(mention.place.kind)]
    if mention.place_spans:
        places = [p for p in places if any(a <= p.start and p.end <= b for a, b in mention.place_spans)]
    seen: set[str] = set()
    unique = []
    for place in sorted(places, key=lambda p: p.start):
        if place.name not in seen:
            seen.add(place.name)
            unique.append(place)
    return unique


def _coordinated(doc: Any, fact: SentenceFacts, mention: Mention) -> list[Place]:
    """The other places coordinated with the mention's own, in text order."""
    places = _candidates(fact, mention)
    if len(places) < 2 or mention.place.name not in {p.name for p in places}:
        return []
    tokens = {p.name: _tokens(doc, fact, p) for p in places}
    # a capital as the doer ("Damascus and Moscow intensified assaults") names governments
    places = [p for p in places if not _doer(doc, fact, p)]
    if mention.place.name not in {p.name for p in places}:
        return []
    own = tokens[mention.place.name]
    group = {t for token in own for t in _conjuncts(token)}
    return [p for p in places if p.name != mention.place.name and tokens[p.name] & group]


def _tokens(doc: Any, fact: SentenceFacts, place: Place) -> set[Any]:
    span = doc.char_span(place.start - fact.start, place.end - fact.start, alignment_mode="expand")
    return set(span) if span is not None else set()


def _conjuncts(token: Any) -> set[Any]:
    """The token and every token coordinated with it ("Tal Rafaat, Anadan and other towns"), also
    through the noun it names ("the towns of Mayer and then Kafin": the parse may join Kafin to
    "towns", Mayer being the "of" of it)."""
    head = first_conjunct(token)
    found = {head, *head.conjuncts}
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head is not head.head:
        noun = first_conjunct(head.head.head)
        found |= {*noun.conjuncts}
    return found
