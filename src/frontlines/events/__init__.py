"""Stage 4, events: ACLED-style events from the analysed sentences.

Reads ``Article.sentences`` (spaCy analysis of the sentences that may hold an
event), ``Article.places`` (geoparser) and ``Article.published``; fills
``Article.events``, the article's main event first.

1. context  the article's country (from its places, else its actors), the
            armed group it is about, its date - what generic words resolve to
2. detect   per sentence: cues, actors and their roles, changes of control,
            the sub-event type, attribution (events.detect)
3. facts    per sentence: casualty figures (events.quantities) and the date
            (events.temporal); denials and confirmations with no event of their own
4. assemble merge the mentions of each event, fill and order the Event
            records (events.assemble)

:func:`may_hold_event` is the cheap test the nlp stage uses to decide which
sentences get the full parse; it is inclusive on purpose (a false negative
loses an event), built from the same vocabulary files as the extractor.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter

from ..models import Article, Event
from . import actors as actor_book
from . import claims, lexicon, quantities, temporal
from .assemble import SentenceFacts, build_events, merge
from .detect import analyse_sentence, sentence_places
from .taxonomy import taxonomy

__all__ = ["extract_events", "may_hold_event", "taxonomy"]

log = logging.getLogger(__name__)


@functools.cache
def _filter() -> re.Pattern[str]:
    """One regex over the words of every cue, territory verb and denial (prefix match)."""
    words: set[str] = set()
    for signal, phrases in lexicon.load("cues.yaml")["signals"].items():
        if signal == "statistic":
            continue
        for phrase in phrases:
            first = str(phrase).split()[0].rstrip("*").lower()
            if len(first) >= 3:
                words.add(first)
    terr = lexicon.load("territory.yaml")
    for key in ("take_verbs", "expel_verbs", "fall_verbs", "abandon_verbs", "surface_forms", "control_nouns"):
        words.update(str(w).lower() for w in terr[key] if len(str(w)) >= 3)
    for key in ("deny_verbs", "claim_verbs", "confirm_verbs"):
        words.update(str(w).lower() for w in lexicon.load("claims.yaml")[key])
    words.update(str(w).lower() for w in lexicon.load("claims.yaml")["deny_phrases"] if " " not in str(w))
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")", re.IGNORECASE)


def may_hold_event(sentence: str) -> bool:
    """Cheap test deciding which sentences get the full spaCy analysis."""
    return bool(_filter().search(sentence)) or quantities.may_mention_casualties(sentence)


def extract_events(article: Article) -> Article:
    """Fill ``article.events``, the article's main event first."""
    article.events = _extract(article)
    return article


def _extract(article: Article) -> list[Event]:
    analysed = [(i, s) for i, s in enumerate(article.sentences) if s.analysed and s.doc is not None]
    if not analysed:
        return []
    context = _context(article, analysed)
    facts: list[SentenceFacts] = []
    for index, sentence in analysed:
        mentions = analyse_sentence(index, sentence, article.places, context)
        casualties = quantities.find_casualties(sentence.doc, sentence.start) if quantities.may_mention_casualties(sentence.text) else []
        standalone = None
        if not mentions:
            standalone = claims.standalone(sentence.doc, actor_book.find_mentions(sentence.doc, context.country))
            if not casualties and standalone is None:
                continue
        date = temporal.event_date(sentence.text, article.published, doc=sentence.doc)
        statistic = any(c.statistic for c in casualties) or any(
            c.signal == "statistic" for c in lexicon.cues(sentence.doc)
        )
        facts.append(
            SentenceFacts(
                index=index,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                mentions=mentions,
                casualties=casualties,
                date=date,
                places=sentence_places(sentence, article.places),
                standalone_claim=standalone,
                statistic=statistic,
            )
        )
    clusters = merge(facts)
    return build_events(article, facts, clusters)


def _context(article: Article, analysed: list) -> actor_book.Context:
    """The article's country, date and the armed group it is about."""
    book = actor_book.book()
    countries = Counter(p.country_code for p in article.places if p.country_code and p.kind != "country")
    country = countries.most_common(1)[0][0] if countries else None
    named: Counter[str] = Counter()
    implied: Counter[str] = Counter()
    for _, sentence in analysed:
        for mention in actor_book.find_mentions(sentence.doc, country):
            entry = mention.entry
            if entry.country:
                implied[entry.country] += 1
            if entry.kind == "rebel" and not entry.generic:
                named[entry.key] += 1
    if country is None and implied:
        country = implied.most_common(1)[0][0]
    if country is None:
        all_countries = Counter(p.country_code for p in article.places if p.country_code)
        country = all_countries.most_common(1)[0][0] if all_countries else None
    published = None
    if article.published:
        try:
            published = dt.date.fromisoformat(article.published[:10])
        except ValueError:
            published = None
    context = actor_book.Context(country=country, date=published)
    if named:
        key = named.most_common(1)[0][0]
        entry = book.entries[key]
        mention = actor_book.ActorMention(0, 0, "", entry, 0)
        context.named_group = book.name(mention, context)
    return context
