"""Stage 4, events: ACLED-style events from the analysed sentences.

Reads ``Article.sentences`` (spaCy analysis of the sentences that may hold an
event), ``Article.places`` (geoparser) and ``Article.published``; fills
``Article.events``, the article's main event first.

1. context  the article's country (its focus country, geo.focus; else from its
            places, else its actors), the
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
from typing import Any

from ..models import Article, Event, Sentence
from . import actors as actor_book
from . import (
    claims,
    headline,
    incidents,
    kinds,
    learned,
    lexicon,
    quantities,
    realis,
    sites,
    temporal,
    told,
)
from .assemble import SentenceFacts, locate_mentions, merge
from .build import build_events, setting
from .detect import analyse_sentence, charged, sentence_places
from .localise import localise
from .taxonomy import taxonomy

__all__ = ["extract_events", "may_hold_event", "taxonomy"]

log = logging.getLogger(__name__)


_STOP = {"the", "and", "with", "from", "into", "down", "back", "over", "their", "his", "her", "own", "for",
         "out", "off", "fire", "heavy", "new", "set", "took", "take", "went", "held", "lay", "laid", "put"}
_WORD = re.compile(r"[a-z][a-z'-]*")


@functools.cache
def _stems() -> frozenset[str]:
    """Word stems whose presence makes a sentence worth parsing (prefix match on its words).

    Each cue phrase contributes its most telling word ("security operation" ->
    "operation", "go on strike" -> "strike"), so that common words do not make
    every sentence a candidate; every territory verb, its irregular forms, and
    the verbs of claiming and denying count too. A set look-up per word prefix
    costs a fraction of a regex alternation over a thousand words.
    """
    stems: set[str] = set()
    for phrases in lexicon.load("cues.yaml")["signals"].values():
        for phrase in phrases:
            words = [w.rstrip("*").lower() for w in str(phrase).split()]
            content = [w for w in words if len(w) >= 3 and w not in _STOP] or [w for w in words if len(w) >= 3]
            if content:
                stems.add(max(content, key=len))
    terr = lexicon.load("territory.yaml")
    for key in ("take_verbs", "expel_verbs", "fall_verbs", "abandon_verbs", "surface_forms", "control_nouns"):
        stems.update(str(w).lower() for w in terr[key] if len(str(w)) >= 3)
    claim_words = lexicon.load("claims.yaml")
    for key in ("deny_verbs", "claim_verbs", "confirm_verbs"):
        stems.update(str(w).lower() for w in claim_words[key])
    stems.update(str(w).lower() for w in claim_words["deny_phrases"] if " " not in str(w))
    return frozenset(stems)


def may_hold_event(sentence: str) -> bool:
    """Cheap test deciding which sentences get the full spaCy analysis (inclusive on purpose)."""
    stems = _stems()
    for word in _WORD.findall(sentence.lower()):
        for end in range(3, min(len(word), 16) + 1):
            if word[:end] in stems:
                return True
        if _retaken(word):
            return True
    return quantities.may_mention_casualties(sentence)


@functools.cache
def _take_prefixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    terr = lexicon.load("territory.yaml")
    # the verb without a final e or y, so that its inflections match ("occupied", "captured")
    verbs = tuple(str(v)[:-1] if str(v).endswith(("e", "y")) else str(v) for v in terr["take_verbs"])
    return tuple(str(p) for p in terr["retake_prefixes"]), verbs


def _retaken(word: str) -> bool:
    """A take verb behind a prefix of repetition ("reoccupied", "reconquered"), which the prefix
    match above cannot see."""
    prefixes, verbs = _take_prefixes()
    return any(word.startswith(p) and word[len(p):].startswith(verbs) for p in prefixes)


def extract_events(article: Article) -> Article:
    """Fill ``article.events``, the article's main event first.

    An event left without a date says why in ``date_note`` (its article has no
    publication date to resolve the story's dates against)."""
    from .build import undated_note

    article.events = _extract(article)
    for event in article.events:
        event.date_note = None if event.event_date else undated_note(article)
    return article


_LEAD = 2  # sentences (after the headline) that report the news itself
_OVERRIDE_MARGIN = 0.8  # [events] learned_override_margin
_FALLBACK_MARGIN = 0.3  # [events] learned_fallback_margin
_KINDS = kinds.Settings()  # [events] lead_sentences, passing_days (events.kinds)


@functools.cache
def _configure() -> None:
    """The [events] settings, read once per process."""
    global _LEAD, _KINDS, _OVERRIDE_MARGIN, _FALLBACK_MARGIN
    from .. import config
    from . import assemble, build

    _LEAD = int(config.get("events", "lead_sentences"))
    _KINDS = kinds.Settings(_LEAD, int(config.get("events", "passing_days")))
    _OVERRIDE_MARGIN = float(config.get("events", "learned_override_margin"))
    _FALLBACK_MARGIN = float(config.get("events", "learned_fallback_margin"))
    assemble.configure()
    build.configure()


def _extract(article: Article) -> list[Event]:
    _configure()
    analysed = [(i, s) for i, s in enumerate(article.sentences) if s.analysed and s.doc is not None]
    if not analysed:
        return []
    for _, sentence in analysed:
        sentence.doc = headline.repair(sentence.doc)
    context = _context(article, analysed)
    facts: list[SentenceFacts] = []
    for index, sentence in analysed:
        mentions = analyse_sentence(index, sentence, article.places, context)
        if not any(fact.mentions for fact in facts):
            # the first event told, the story's own; what follows it (more arrests, the
            # weapons seized in the same raid) is the rules' to join to it or not
            learned.revise(mentions, sentence.text, context, _OVERRIDE_MARGIN, sentence.doc)
        fact = _facts(article, index, sentence, mentions, context)
        if fact is not None:
            facts.append(fact)
    if not any(fact.mentions for fact in facts):
        # the rules found no event: the lead's, if the learned model is sure of it
        for index, sentence in analysed:
            lone = learned.lone_event(index, sentence, article.places, context, _FALLBACK_MARGIN) if index <= _LEAD else None
            fact = _facts(article, index, sentence, [lone], context) if lone is not None else None
            if fact is not None:
                facts = sorted([f for f in facts if f.index != index] + [fact], key=index_of)
                break
    facts = _apply_realis(facts, context.country, article)
    locate_mentions(article, facts)
    sites.split(article, facts)
    localise(article, facts, context)  # actors named for the country of each event's place
    _resolve_pronoun_gainers(article, facts, context)
    for fact in facts:
        verb = _date_verb(article.sentences[fact.index], fact.date, article.published)
        report_date = verb in lexicon.word_set("claims.yaml", "report_verbs")
        for mention in fact.mentions:
            date = kinds.clause_date(article, fact, mention)
            mention.date = temporal.earlier(date, mention.days_before, article.published)
            mention.report_date = report_date
            mention.start_date = verb in _START_VERBS  # "launched an offensive on Friday": when it began
            mention.kind = kinds.kind_of(kinds.Told(article, fact, mention, date, report_date, _KINDS))
    clusters = merge(facts)
    for cluster in clusters:
        cluster.setting = setting(article, facts, cluster)
    clusters = [c for c in incidents.join(clusters, facts) if not all(m.dispute_only for m in c.mentions)]
    return build_events(article, facts, clusters, context.country)


def _apply_realis(facts: list[SentenceFacts], focus: str | None = None, article: Article | None = None) -> list[SentenceFacts]:
    """Judge every sentence with an event (events.realis); one that reports no occurrence loses its
    events and figures (data/realis.yaml), except in the lead, and except a denial (it disputes
    the event it denies).

    A coder's statement of the figure ("coded here as 9", ACLED's notes) is not judged: it is the
    event's figure. A sentence in which the casualty reader found people killed, wounded or taken
    as the outcome of a deed (it reads the parse and leaves out totals, intentions and
    accusations) is an occurrence whatever its words suggest to the head ("Assessing an immediate
    threat, the security force fired, killing the individual"): only a judgement of a total as
    sure as ``statistic_sure`` overrules it ("the war that has killed 250,000 people"), or one of
    no occurrence as sure as ``none_sure`` ("diplomacy ... between Washington and Moscow, which back
    opposing sides in the war that has killed a quarter of a million people").
    """
    judged = [
        fact for fact in facts
        if fact.mentions and not any(c.coding for c in fact.casualties)
        and (all(c.statistic for c in fact.casualties) or _told_as_total(fact))
    ]
    if not judged:
        return facts
    settings = realis.rules()
    for fact, judgement in zip(judged, realis.judge([f.text for f in judged]), strict=True):
        if any(not c.statistic for c in fact.casualties):
            if judgement.statistic >= settings["statistic_sure"]:
                judgement = realis.Judgement(0.0, 0.0, judgement.statistic, 0.0)
            elif judgement.none >= settings["none_sure"]:
                judgement = realis.Judgement(0.0, 0.0, 0.0, judgement.none)
            else:
                continue
        fact.realis = judgement
    kept = []
    for fact in facts:
        none_min = settings["none_abroad_min"] if _only_abroad(fact, focus) else settings["none_min"]
        if fact.realis is not None and fact.index >= settings["lead_sentences"] and fact.realis.none >= none_min:
            # a denial is no occurrence, but it may dispute one told elsewhere in the story: it joins
            # that event (the claims module weighs it) and never stands as an event of its own
            done = [m for m in fact.mentions if article is not None and _plainly_done(article, fact, m)]
            fact.mentions = [m for m in fact.mentions if m.claim.status in (claims.DENIED, claims.DISPUTED) and m not in done]
            for mention in fact.mentions:
                mention.dispute_only = True
            fact.mentions += done
            if not fact.mentions and fact.standalone_claim is None:
                continue
            fact.casualties = []
        kept.append(fact)
    return kept


def _plainly_done(article: Article, fact: SentenceFacts, mention: Any) -> bool:
    """A demonstration told by the main verb in the past, with its day in the story's recent past
    ("Thousands of Houthi supporters rallied in Sanaa on Tuesday to denounce the market strike,
    chanting slogans ... and urging the delegation in Kuwait to walk out of the talks"): an
    occurrence, whatever its slogans and demands make the realis head read (the head reads them
    as politics; a demonstration's words are its purpose, events.told LOOSE_REALIS)."""
    doc = article.sentences[fact.index].doc
    if mention.sub_event_type not in told.LOOSE_REALIS or doc is None or not 0 <= mention.anchor < len(doc):
        return False
    if fact.date is None or fact.date.precision != 1:
        return False
    verb = doc[mention.anchor]
    return (verb.tag_ == "VBD" and verb.dep_ == "ROOT"
            and kinds.dated_news(fact, article.published, _KINDS))


def _only_abroad(fact: SentenceFacts, focus: str | None) -> bool:
    """Every place the sentence names lies outside the story's country: the venue of talks, a
    conference, a statement, a lawsuit more often than the scene of the story's violence."""
    named = [p for p in fact.places if p.country_code]
    return focus is not None and bool(named) and all(p.country_code != focus for p in named)


def _told_as_total(fact: SentenceFacts) -> bool:
    """A sentence with casualties that may still be a total: summing words (data: aggregate
    patterns), or a perfect ("the war that has killed 250,000 people") or a span ("since").
    Only such sentences are worth the encoder's time (most figures are told in the past)."""
    if fact.aggregate or " since " in fact.text:
        return True
    return any(c.lower() in ("has", "have", "had") for c in fact.text.split())


def _facts(article: Article, index: int, sentence: Sentence, mentions: list, context: actor_book.Context) -> SentenceFacts | None:
    """What one sentence tells: its events, casualty figures, date and claims (None: nothing)."""
    casualties = quantities.find_casualties(sentence.doc, sentence.start) if quantities.may_mention_casualties(sentence.text) else []
    if casualties and mentions:
        casualties = _not_held_for(sentence, casualties)
    standalone = None
    if not mentions:
        standalone = claims.standalone(sentence.doc, actor_book.find_mentions(sentence.doc, context.country))
        if not casualties and standalone is None:
            return None
    date = temporal.event_date(sentence.text, article.published, doc=sentence.doc)
    has_date = date.date is not None and not date.background
    # a strategic development told in passing deep in a story (no date, after the lead) is context
    mentions = [m for m in mentions if m.sub_event_type not in kinds.WEAK or has_date or index <= _LEAD]
    if not mentions and not casualties and standalone is None:
        return None
    return SentenceFacts(
        index=index,
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        mentions=mentions,
        casualties=casualties,
        date=date,
        places=sentence_places(sentence, article.places),
        standalone_claim=standalone,
        aggregate_at=_aggregate(sentence),
    )


def _not_held_for(sentence: Sentence, casualties: list) -> list:
    """The figures of the sentence's own deed: not those of the earlier deed someone is held for
    ("arrested four people in connection with the truck attack that killed 31 people")."""
    held_for = charged(sentence.doc)
    if not held_for:
        return casualties
    base = sentence.start - sentence.doc[0].idx
    spans = [(base + sentence.doc[i].idx, base + sentence.doc[i].idx + len(sentence.doc[i])) for i in held_for]
    inside = quantities.told_within(casualties, spans)
    return [c for c in casualties if c not in inside]


def index_of(fact: SentenceFacts) -> int:
    return fact.index


_START_VERBS = {"launch", "begin", "start", "initiate", "open", "mount", "embark"}


def _date_verb(sentence: Sentence, date: Any, published: str | None) -> str | None:
    """The lemma of the verb the sentence's date is attached to ("reported on Tuesday" -> report)."""
    if date is None or not date.date or sentence.doc is None:
        return None
    doc = sentence.doc
    for mention in temporal.find_dates(sentence.text, published):
        if mention.date != date.date:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for ancestor in span[-1].ancestors:
            if ancestor.pos_ in ("VERB", "AUX"):
                return ancestor.lemma_.lower()
    return None


def _report_date(sentence: Sentence, date: Any, published: str | None) -> bool:
    """Whether the sentence's date is attached to a verb of saying ("local media reported on Tuesday")."""
    return _date_verb(sentence, date, published) in lexicon.word_set("claims.yaml", "report_verbs")


def _resolve_pronoun_gainers(article: Article, facts: list[SentenceFacts], context: actor_book.Context) -> None:
    """"They have seized X", and a change told with nobody named ("The capture of the towns of
    Mayer and then Kafin ..."): the armed group named last before it (in the two sentences before)."""
    from .detect import armed_group

    for fact in facts:
        for mention in fact.mentions:
            nobody = mention.change is not None and mention.actor1 is None and mention.actor2 is None
            if not (mention.gainer_pronoun or nobody) or (mention.actor1_name and not nobody):
                continue
            name = None
            for back in (1, 2):
                if fact.index - back < 0:
                    break
                sentence = article.sentences[fact.index - back]
                if sentence.doc is None:
                    continue
                armed = [m for m in actor_book.find_mentions(sentence.doc, context.country)
                         if m.kind in ("rebel", "state", "external", "militia")]
                if armed:
                    name = actor_book.resolve(armed[-1], context)
                    kind = armed[-1].kind
                    break
            if name is None:
                continue
            mention.actor1_name = name
            if nobody or mention.holder_name:
                # the default loser was the default gainer's opposite; a holder written with the
                # place ("the rebel-held villages") is whom it was taken from
                mention.actor2_name = mention.holder_name if mention.holder_name != name else None
            government = kind in ("state", "external", "militia")
            if not mention.change or not mention.change.nonviolent:
                mention.sub_event_type = (
                    "Government regains territory" if government else "Non-state actor overtakes territory"
                )
            if mention.actor2_name is None:
                from .detect import state_forces

                mention.actor2_name = armed_group(context) if government else state_forces(context)


@functools.cache
def _aggregate_patterns() -> re.Pattern[str]:
    patterns = lexicon.load("cues.yaml")["aggregate_patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _aggregate(sentence: Sentence) -> list[int]:
    """Where the sentence sums up many events over a period or an area (data: aggregate_patterns;
    article offsets), in its main clause: "insurgents who have threatened districts over recent
    months" is not."""
    doc = sentence.doc
    found = []
    for match in _aggregate_patterns().finditer(sentence.text):
        token = doc.char_span(match.start(), match.end(), alignment_mode="expand") if doc is not None else None
        token = token.root if token is not None and len(token) else None
        if token is None or not any(a.dep_ == "relcl" for a in [token, *token.ancestors]):
            found.append(sentence.start + match.start())
    return found


def _context(article: Article, analysed: list) -> actor_book.Context:
    """The article's country, date and the armed group it is about."""
    book = actor_book.book()
    countries = Counter(p.country_code for p in article.places if p.country_code and p.kind != "country")
    country = article.focus_country or (countries.most_common(1)[0][0] if countries else None)
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
