"""Places that seat a source or a meeting, not an event: "quoted the defense ministry in Moscow as
saying ...", "officials in Kabul said ...", "a conference in Munich where ...".

A place attached by "in" / "at" / "from" to a noun that speaks (the subject of a reporting verb,
the one quoted, the one something is "according to") or to a meeting noun (data/claims.yaml:
``venue_nouns``) says where the news was told or discussed. It stays a place of the article (the
focus country counts it), but no event of the sentence is placed there unless nothing else is
named. Read from spaCy's parse; no library marks the seat of a speaker.
"""

from __future__ import annotations

import functools
from typing import Any

from ..models import Place, Sentence
from . import lexicon

_ATTACHING = {"in", "at", "from"}


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


def seats(sentence: Sentence, places: list[Place]) -> set[int]:
    """Start offsets (in the article) of the places of ``sentence`` that only seat a source or a meeting."""
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
        prep = span.root.head
        if span.root.dep_ != "pobj" or prep.lower_ not in _ATTACHING:
            continue
        noun = prep.head
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if noun.lemma_.lower() in _venues() or _speaks(noun):
            found.add(place.start)
    return found
