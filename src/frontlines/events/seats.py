"""Places that seat a source or a meeting, not an event: "quoted the defense ministry in Moscow as
saying ...", "officials in Kabul said ...", "a conference in Munich where ...".

A place attached by "in" / "at" / "from" to a noun that speaks (the subject of a reporting verb,
the one quoted, the one something is "according to"), to a verb of saying ("speaking in Moscow",
"said in Kabul"), to a meeting noun (data/claims.yaml: ``venue_nouns``) or to what a meeting did
("talks resumed in Geneva") says where the news was told or discussed. It stays a place of the article (the
focus country counts it), but no event of the sentence is placed there unless nothing else is
named. So does a place fighters are said to come from ("brigades from Misrata"), where a road
leads or people went ("the main road to Baghlan province", "fled to Turkey"), and a capital
that does something ("supported by Washington"). Read from
spaCy's parse; no library marks the seat of a speaker.
"""

from __future__ import annotations

import functools
from typing import Any

from ..models import Place, Sentence
from . import lexicon

_ATTACHING = {"in", "at", "from", "for"}


@functools.cache
def _report_verbs() -> frozenset[str]:
    return lexicon.word_set("claims.yaml", "report_verbs")


@functools.cache
def _venues() -> frozenset[str]:
    return lexicon.word_set("claims.yaml", "venue_nouns")


def _speaks(noun: Any) -> bool:
    """The noun is a source: the subject of "said", the one "quoted", or "according to" it."""
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _report_verbs():
        return True
    if noun.dep_ in ("dobj", "obj") and head.lemma_.lower() in ("quote", "cite"):
        return True
    return noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def seats(sentence: Sentence, places: list[Place], focus: str | None = None, venues: bool = True) -> set[int]:
    """Start offsets (in the article) of the places of ``sentence`` that only seat a source or a
    meeting, tell where fighters come from, or (a town of a country other than the story's
    ``focus``) only name a building ("the Ouagadougou conference centre" in Sirte). Without
    ``venues``, a meeting's place is not a seat (a protest is where its rally was held)."""
    doc = sentence.doc
    if doc is None:
        return set()
    found: set[int] = set()
    for place in places:
        if not sentence.start <= place.start < sentence.end:
            continue
        span = doc.char_span(place.start - sentence.start, place.end - sentence.start, alignment_mode="expand")
        if span is None:
            continue
        if _origin(span.root) or _agent(span.root) or _destination(span.root) or (
            focus and place.country_code not in (None, focus) and _names_a_building(span)
        ):
            found.add(place.start)
            continue
        node = span.root.head if span.root.dep_ == "poss" else span.root  # "a spokesman for Misrata's hospital"
        prep = node.head
        if node.dep_ != "pobj" or prep.lower_ not in _ATTACHING:
            continue
        noun = prep.head
        if noun.pos_ in ("VERB", "AUX") and (_spoken_at(noun) or (venues and _met_at(noun))):
            found.add(place.start)
            continue
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if (venues and noun.lemma_.lower() in _venues()) or _speaks(noun):
            found.add(place.start)
    return found


def _spoken_at(verb: Any) -> bool:
    """ "Speaking in Washington, Obama said ...", "the envoy, speaking in Moscow, said ...",
    "officials said in Kabul": where the words were said, not where the deed was done."""
    return verb.lemma_.lower() in _report_verbs()


def _met_at(verb: Any) -> bool:
    """ "Peace talks resumed in Geneva as fighting raged near Aleppo": a place of what a meeting
    did is the meeting's."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and {c.lower_, c.lemma_.lower()} & _venues() for c in verb.children)


def _names_a_building(span: Any) -> bool:
    """A name used as a modifier of a building or an institution ("the Ouagadougou conference
    centre", "Misrata's air academy"): the building's name, not its town."""
    root = span.root
    if root.dep_ not in ("compound", "poss") or root.head.pos_ != "NOUN":
        return False
    return root.head.lemma_.lower() in lexicon.word_set("claims.yaml", "building_nouns")


def _agent(token: Any) -> bool:
    """A place that does something ("Kurdish forces supported by Washington", "militias backed
    by Tehran and Moscow"): a capital standing for its government, the doer of a passive, not
    where anything happened."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "by" and token.head.dep_ == "agent"


def _destination(token: Any) -> bool:
    """Where a road leads or people went ("blocking the main road to neighboring Baghlan
    province", "thousands fled to Turkey"): a "to" / "towards" phrase on a route noun or a verb of
    going (data/claims.yaml ``route_nouns``, ``motion_verbs``)."""
    while token.dep_ in ("conj", "compound") and token.head is not token:
        token = token.head  # "to neighboring Baghlan province": the province word is the object
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in ("to", "toward", "towards", "into"):
        return False
    head = prep.head
    if head.pos_ in ("NOUN", "PROPN"):
        return head.lemma_.lower() in lexicon.word_set("claims.yaml", "route_nouns") and prep.lower_ != "into"
    return head.pos_ == "VERB" and head.lemma_.lower() in lexicon.word_set("claims.yaml", "motion_verbs")


def _origin(token: Any) -> bool:
    """Where fighters come from, not where they fight: "brigades mostly from the western city of
    Misrata", "militiamen from Homs" (a "from" phrase on a word that names armed men)."""
    if token.dep_ == "poss":
        token = token.head  # "from Misrata's air academy"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        token = token.head.head  # "the city of X"
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "from":
        return False
    noun = prep.head
    if noun.dep_ == "acl" and noun.pos_ == "VERB":
        noun = noun.head  # "aircraft operating from X", "jets flying from X"
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    from .actors import book

    forms = {noun.lower_, noun.lemma_.lower(), noun.lower_.removesuffix("s")}  # "Brigades" at a
    # sentence's start is lemmatised as a name
    return bool(book().candidates(noun.lower_)) or bool(forms & lexicon.word_set("claims.yaml", "origin_nouns"))
