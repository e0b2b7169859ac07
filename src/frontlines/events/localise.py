"""Actors named for the country where each event happens.

Generic actor words ("soldiers", "civilians", "gunmen", "protesters") are first
named for the article's country, its focus (:func:`frontlines.events._context`).
An event told in a place of another country ("a bomber killed ten tourists in
Istanbul" in a story about Jakarta, "government forces in neighbouring Iraq
began an offensive" in a Syrian story) gets its actors named for that country:
its sentence is read again in that country's context, so that the country's
own file (IQ.yaml for an Iraqi town) names its forces and groups. Actors named
by their own country ("Russian jets", "the Turkish army") keep their names, as
do actors of an event whose place is named only in another clause of the
sentence ("Russia's consulate in Antalya said ..." does not make a Russian
event Turkish, nor a Turkish one Russian): the place must be an argument of
the event's own clause.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..models import Article, Place
from . import actors as actor_book
from .detect import Mention, analyse_sentence


def localise(article: Article, facts: list[Any], context: actor_book.Context) -> None:
    """Rename the actors of every mention placed, in its own clause, in another country than the
    article's (``facts``: the SentenceFacts of events.assemble, mentions already located)."""
    countries = actor_book.book().countries
    for fact in facts:
        sentence = article.sentences[fact.index]
        if sentence.doc is None:
            continue
        again: dict[str, list[Mention]] = {}
        countries_named = [p for p in fact.places if p.kind == "country"]
        for mention in fact.mentions:
            # the mention's place, else a country named in its clause ("in Pakistan's Baluchistan
            # province", where the gazetteer knows the country only)
            place = mention.place or next(
                (p for p in countries_named if _in_clause(sentence.doc, sentence.start, p, mention.anchor)), None)
            iso2 = place.country_code if place is not None else None
            if not iso2 or iso2 == context.country or iso2 not in countries:
                continue
            if not _in_clause(sentence.doc, sentence.start, place, mention.anchor):
                continue
            if iso2 not in again:
                local = dataclasses.replace(context, country=iso2)
                again[iso2] = analyse_sentence(fact.index, sentence, article.places, local)
            twin = next((m for m in again[iso2] if m.anchor == mention.anchor
                         and m.sub_event_type == mention.sub_event_type), None)
            if twin is not None:
                mention.actor1, mention.actor2 = twin.actor1, twin.actor2
                mention.actor1_name, mention.actor2_name = twin.actor1_name, twin.actor2_name


def _clause(token: Any) -> int:
    """The verb heading the clause a token belongs to (the token itself if a verb); a participle
    describing a noun belongs to that noun's clause ("struck a car carrying ... near X")."""
    for node in (token, *token.ancestors):
        if (node.pos_ in ("VERB", "AUX") and node.dep_ != "acl") or node.dep_ == "ROOT":
            return node.i
    return token.i


def _in_clause(doc: Any, offset: int, place: Place, anchor: int) -> bool:
    """Whether a place (article offsets) hangs in the same clause as the event's anchor word."""
    if not place.end or place.start < offset:
        return False
    span = doc.char_span(place.start - offset, place.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return False
    node = span.root
    while node.dep_ in ("poss", "compound", "amod", "nmod") and node.head.i != node.i:
        node = node.head  # "in Istanbul's historic heart": the phrase the name belongs to
    if node.dep_ == "pobj" and node.head.lower_ in _NOT_WHERE:
        return False  # "with Moscow's help", "backed by Ankara": a government named by its capital
    return _clause(span.root) == _clause(doc[anchor])


# prepositions that do not say where something happened
# ("rockets fired from Pakistan" land where they land)
_NOT_WHERE = {"with", "by", "for", "against", "like", "than", "about", "despite", "including", "from"}
