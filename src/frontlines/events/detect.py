"""One sentence -> the event mentions it reports.

Reads one analysed sentence (its spaCy Doc with tags, parse and entities) and
the article's places inside it; returns :class:`Mention` records: the
sub-event type, the anchor word, the actors in their roles, the change of
control if any, the attribution, and where in the sentence the place
arguments are. Merging mentions of the same event across sentences and
filling the Event records is :mod:`frontlines.events.assemble`'s job.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ..geo.primary import SPECIFICITY
from ..models import Place, Sentence
from ..spans import inside
from . import actors as actor_book
from . import claims, classify, clauses, coreference, holders, lexicon, roles, territory, told
from .actors import ActorMention, Context
from .claims import Claim
from .parties import (
    armed_group,
    fill_actors,
    name_the_crowd,
    opposite_of,
    partner_name,
    side_of,
    state_forces,
)

__all__ = ["Mention", "analyse_sentence", "armed_group", "fill_actors", "name_the_crowd", "sentence_places",
           "state_forces"]  # (who did what to whom is events.parties': re-exported for events, events.learned)

TERRITORY_TYPES = {
    "gain_government": "Government regains territory",
    "gain_nonstate": "Non-state actor overtakes territory",
    "nonviolent": "Non-violent transfer of territory",
}


@dataclass
class Mention:
    """An event as one sentence reports it."""

    sentence: int  # index in article.sentences
    sub_event_type: str
    anchor: int  # token index (in the sentence Doc) of the deciding word
    strength: float
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    actor1_name: str | None = None
    actor2_name: str | None = None
    claim: Claim = field(default_factory=Claim)
    places: list[Place] = field(default_factory=list)  # places named in the sentence
    place_words: list[str] = field(default_factory=list)  # territory nouns without a name ("the district")
    change: territory.Change | None = None
    gainer_pronoun: bool = False
    territorial: bool = False
    verbal: bool = True  # reported by a verb ("attacked"), not only by a noun ("the attack")
    support: bool = False  # only casualties ("6 militants were killed"): the figures of an event told before
    retold: bool = False  # its victims are definite ("the two suspects were detained"): told before
    definite: bool = False  # "the attack", "the fighting": refers back to an event told before
    harm_only: bool = False  # a clash told only by its harm ("confirmed the death of"): no means, no fighting word
    place_spans: list[tuple[int, int]] = field(default_factory=list)  # article offsets of the place argument
    indefinite_place: bool = False  # "a district": named later, if at all
    definite_place: bool = False  # "the city": named before it
    plural_place: bool = False  # "many districts", "5 villages": a tally unless a place anchors it
    # filled by the assembler
    place: Place | None = None
    date: Any = None
    report_date: bool = False  # the sentence's date dates a report ("said on Sunday"), not the deed
    start_date: bool = False  # the date says when it began ("launched an offensive on Friday")
    kind: str = "incident"
    figures: bool = True  # the sentence's figures are this event's (False: a copy at a further place, events.sites)
    gapped: tuple[int, int] | None = None  # a copy told by a count of its own ("and two in Baghlan"): (count, offset)
    dispute_only: bool = False  # a denial in a sentence of no occurrence: it may dispute an event, never be one
    days_before: int = 0  # told in an "after" clause: this many days before the sentence's date (events.clauses)
    clause: tuple[int, int] | None = None  # article offsets of its own clause, when the sentence tells several
    holder_name: str | None = None  # who held the place before, said beside it (events.holders)


def sentence_places(sentence: Sentence, places: list[Place]) -> list[Place]:
    """The places (in text order, as ``Article.places``) named inside the sentence."""
    return inside(places, sentence)


def _place_tokens(doc: Any, sentence: Sentence, places: list[Place]) -> dict[int, str]:
    """Token index -> place kind, for tokens inside a resolved place name."""
    tokens: dict[int, str] = {}
    for place in places:
        span = doc.char_span(place.start - sentence.start, place.end - sentence.start, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                tokens[i] = place.kind or "town"
    return tokens


def analyse_sentence(index: int, sentence: Sentence, places: list[Place], context: Context) -> list[Mention]:
    """The event mentions of one analysed sentence."""
    doc = sentence.doc
    if doc is None or not sentence.analysed or not len(doc):
        return []
    cues = lexicon.cues(doc)
    if not cues and not territory.may_change(doc) and not classify.may_be_strategic(doc):
        return []
    if _caption(sentence.text):
        return []  # what a picture shows, not what happened (data/realis.yaml)
    cues = _reported_cues(doc, cues)
    mentions = coreference.with_speakers(doc, actor_book.find_mentions(doc, context.country))
    here = sentence_places(sentence, places)
    place_tokens = _place_tokens(doc, sentence, here)
    cue_tokens = {i for c in cues if c.signal in classify.VIOLENCE or c.signal == "abduct" for i in range(c.start, c.end)}
    assigned = roles.assign(doc, mentions, cue_tokens)

    found: list[Mention] = []
    for change in territory.find_changes(doc, mentions, place_tokens):
        if change.blocked:
            continue
        held = holders.previous_holder(doc, change.place[0], mentions) if change.loser is None and change.place else None
        mention = _territory_mention(index, doc, change, assigned, context, held)
        mention.places = here
        mention.place_words = _place_words(doc, change.place, place_tokens)
        mention.place_spans = [_subtree_span(doc, i, sentence.start) for i in change.place]
        mention.indefinite_place = any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for i in change.place for c in doc[i].children
        )
        mention.definite_place = any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for i in change.place for c in doc[i].children
        )
        mention.plural_place = _quantified_plural(doc, change.place, place_tokens)
        found.append(mention)
    if found:
        # one change per place: the first reading of a place wins ("seized and occupied X")
        found = _distinct_changes(found)
    typing = classify.classify(doc, cues, assigned, [])
    if typing is None and not found:
        taken = territory.position_taken(doc)
        if taken is not None:
            typing = classify.Typing("Armed clash", taken, 0.6)  # a post overrun is a battle
    if typing is not None:
        # the anchor is the head word of the deciding phrase ("devices" of "improvised explosive devices")
        span = next((c for c in cues if c.start == typing.anchor), None)
        if span is not None:
            typing.anchor = _head_word(doc[span.start:span.end])
    if typing is not None and _rhetoric(sentence.text, here, doc[typing.anchor].idx):
        # "“We went there to deal with the people who attacked us”": a speech, not a report - unless
        # the same kind of deed is told outside the quotation ("..., said a resident of the village
        # where gunmen killed four farmers")
        outside = _told_outside_quote(doc, sentence.text, cues)
        if outside is None:
            typing = None
        else:
            typing.anchor = outside
    told = _clause_deeds(index, sentence, cues, assigned, context, here, found) if typing is not None else []
    if told:
        found.extend(told)
    elif typing is not None and not (found and typing.sub_event_type in _ABSORBED_BY_TERRITORY + _SEIZED):
        mention = _typed_mention(index, doc, typing, cues, assigned, context, here)
        if mention is not None:
            found.append(mention)
    for mention in found:
        mention.claim = claims.attribution(doc, mention.anchor, mentions)
    return found


def _typed_mention(index: int, doc: Any, typing: classify.Typing, cues: list[lexicon.Cue], assigned: list[roles.Role],
                   context: Context, here: list[Place]) -> Mention | None:
    """The mention of a typed deed, when the sentence tells it as having happened."""
    cue_set = {i for c in cues for i in range(c.start, c.end)}
    verbal_cues = [doc[c.start:c.end].root.i for c in cues if c.signal in _HARM_SIGNALS]
    verbal_cues = [i for i in verbal_cues if doc[i].pos_ == "VERB" and doc[i].dep_ not in ("amod", "compound", "nmod")]
    loose = typing.sub_event_type in told.LOOSE_REALIS or (
        typing.sub_event_type in told.LOOSE_IF_VERBAL and doc[typing.anchor].pos_ == "VERB"
    )
    if not (told.realis(doc, typing.anchor, cue_set, index == 0, loose) or any(
        told.realis(doc, i, cue_set, index == 0) for i in verbal_cues
    ) or (loose and told.main_clause_realis(doc, index == 0))) or told.lasting(doc[typing.anchor]):
        return None
    if typing.sub_event_type in told.LOOSE_REALIS and told.supposed(doc, typing.anchor):
        return None
    mention = Mention(index, typing.sub_event_type, typing.anchor, typing.strength, places=here)
    anchor = doc[typing.anchor]
    mention.verbal = anchor.pos_ in ("VERB", "AUX") or anchor.tag_.startswith("VB")
    days = lexicon.word_set("temporal.yaml", "weekdays") | {"yesterday", "today"}
    mention.definite = any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
        or c.dep_ == "poss" and c.lower_ in days
        for cue in cues if cue.signal in classify.VIOLENCE
        for c in doc[cue.start:cue.end].root.children
        if doc[cue.start:cue.end].root.pos_ == "NOUN"
    )  # "killed in the attacks on Maimana", "where Thursday's attack unfolded": the attacks told before
    fill_actors(mention, assigned, context, cue_set - classify.support_tokens(doc, cues), doc)
    signals = {c.signal for c in cues}
    mention.support = not here and signals <= {"kill", "wound", "arrest", "disrupt", "loot", "arms"}
    mention.retold = _definite_victims(doc[typing.anchor])
    decided_by = {c.signal for c in cues if c.start <= typing.anchor < c.end}
    fighting = {c.signal for c in cues if c.signal in _FIGHTING or (c.signal == "attack" and not _dated(doc, c))}
    mention.harm_only = (typing.sub_event_type == "Armed clash" and bool(decided_by)
                         and decided_by <= {"kill", "wound"} and not fighting)
    return mention


def _clause_deeds(index: int, sentence: Sentence, cues: list[lexicon.Cue], assigned: list[roles.Role],
                  context: Context, here: list[Place], found: list[Mention]) -> list[Mention]:
    """The deeds of a sentence that tells them in clauses of their own (events.clauses), each typed
    by the cues and roles of its clause and placed by the places inside it; none when fewer than
    two clauses tell a deed (the sentence is then typed whole). A clause that holds a change of
    control is that change's (``found``)."""
    doc = sentence.doc
    typed: list[tuple[clauses.Clause, classify.Typing, list[lexicon.Cue], list[roles.Role]]] = []
    for clause in clauses.deed_clauses(doc):
        inner = [c for c in cues if c.start in clause.tokens]
        if not inner or any(m.anchor in clause.tokens for m in found):
            continue
        inside = [r for r in assigned if r.governor in clause.tokens]
        own = classify.classify(doc, inner, inside, [])
        if own is None:
            continue
        span = next((c for c in inner if c.start == own.anchor), None)
        if span is not None:
            own.anchor = _head_word(doc[span.start:span.end])
        if not _rhetoric(sentence.text, here, doc[own.anchor].idx):
            typed.append((clause, own, inner, inside))
    if not typed or len(typed) == 1 and not _weak_others(doc, typed[0][0], cues):
        return []
    told = []
    for clause, own, inner, inside in typed:
        mention = _typed_mention(index, doc, own, inner, inside, context, here)
        if mention is not None:
            mention.clause = clause.span(doc, sentence.start)
            mention.place_spans = clause.runs(doc, sentence.start)
            mention.days_before = clause.days_before
            told.append(mention)
    return told


def _weak_others(doc: Any, clause: clauses.Clause, cues: list[lexicon.Cue]) -> bool:
    """The sentence's other clauses hold deed words that type nothing alone ("reported advances
    in the same area, adding that Russian jets had hit three towns"): the one typed clause is the
    deed; read whole, the words of the others would recast it ("advances" with "jets" a battle)."""
    return any(c.start not in clause.tokens for c in cues)


_FIGHTING = {"fight", "operation", "air", "shelling", "ied", "explosion", "grenade", "suicide", "chemical"}
_HARM_SIGNALS = {"kill", "wound", "attack", "fight", "abduct", "sexual", "arrest", "protest", "riot", "loot", "disrupt",
                 "explosion"}
_NOT_YET = {"future", "further", "possible", "potential", "planned", "imminent", "feared", "expected", "new"}
_SEIZED = ("Abduction/forced disappearance", "Change to group/activity")
_ABSORBED_BY_TERRITORY = ("Armed clash", "Arrests", "Looting/property destruction", "Disrupted weapons use",
                          "Shelling/artillery/missile attack", "Air/drone strike")


_QUOTES = ('"', "\u201c", "'", "\u2018")
_FIRST_PERSON = re.compile(r"\b(?:we|us|our|me|my)\b|\bI\b", re.IGNORECASE)


_CLOSING = re.compile("[\"\u201d]")


@functools.cache
def _caption_pattern() -> re.Pattern[str]:
    patterns = lexicon.load("realis.yaml")["caption_patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _caption(text: str) -> bool:
    """A caption: a sentence telling what a picture or a film shows."""
    return bool(_caption_pattern().search(text))


def _rhetoric(text: str, places: list[Place], anchor: int) -> bool:
    """A quoted first-person statement that names no place: a speech, not a report of an event
    (unless the deed is told outside the quotation: "...," said a resident of the village where
    gunmen killed four farmers)."""
    if not text.lstrip().startswith(_QUOTES) or any(p.kind in SPECIFICITY for p in places):
        return False
    lead = len(text) - len(text.lstrip())
    closing = _CLOSING.search(text, lead + 1)
    quote = text[lead:closing.end()] if closing else text
    return bool(_FIRST_PERSON.search(quote)) and (closing is None or anchor < closing.start())


def _dated(doc: Any, cue: lexicon.Cue) -> bool:
    """An event noun dated by its own modifier ("the May 11 insider attack", "last week's attack"):
    another, earlier event than the one reported."""
    root = lexicon.span_root(doc, cue.start, cue.end)
    return root.pos_ == "NOUN" and any(t.ent_type_ == "DATE" for c in root.lefts for t in c.subtree)


def _handed_over(token: Any) -> bool:
    """Remains that are handed over, exchanged or returned ("swapped the bodies of soldiers")."""
    if token.lemma_.lower() not in ("body", "remains", "corpse"):
        return False
    verbs = lexicon.word_set("cues.yaml", "body_transfer_verbs")
    return token.dep_ in ("dobj", "obj", "nsubjpass", "conj") and token.head.lemma_.lower() in verbs


def _portrait(token: Any) -> bool:
    """A deed in a "who" clause describing a person ("the general, who led the offensive in 2016",
    "a commander who organised attacks"): who the person is, not what is reported."""
    people = lexicon.word_set("cues.yaml", "person_nouns")
    for ancestor in [token, *token.ancestors][:5]:
        if ancestor.dep_ != "relcl":
            continue
        person = ancestor.head
        relative = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "whom") for c in ancestor.children)
        if ancestor.i == token.i and _suffered(ancestor):
            return False  # "treated 25 women who were raped by armed men": the victims, with the deed's doer
        return relative and (person.ent_type_ == "PERSON" or person.lemma_.lower() in people)
    return False


def _charge(token: Any) -> bool:
    """A deed noun that is what someone is held or tried for ("arrested over the killing of",
    "charged for the attack on"): an earlier event, the reason for this one."""
    prep = token.head
    return (token.pos_ == "NOUN" and token.dep_ == "pobj" and prep.lower_ in ("over", "for")
            and prep.head.lemma_.lower() in lexicon.word_set("cues.yaml", "charge_verbs"))


def _suffered(verb: Any) -> bool:
    """A passive deed with its doer and no date of its own ("who were raped by armed men")."""
    return (any(c.dep_ == "nsubjpass" for c in verb.children) and any(c.dep_ == "agent" for c in verb.children)
            and not any(t.ent_type_ == "DATE" for t in verb.subtree))


def _told_outside_quote(doc: Any, text: str, cues: list[lexicon.Cue]) -> int | None:
    """The first harm word after the closing quotation mark (a token index), if any."""
    lead = len(text) - len(text.lstrip())
    closing = _CLOSING.search(text, lead + 1)
    if closing is None:
        return None
    base = doc[0].idx
    for cue in cues:
        if cue.signal in ("kill", "wound", "attack", "abduct", "sexual") and doc[cue.start].idx - base > closing.start():
            return lexicon.span_root(doc, cue.start, cue.end).i
    return None


def _head_word(span: Any) -> int:
    """The word a phrase is about: its last noun ("bomb" of "roadside bomb", even where the parse
    calls "roadside" a verb), else its syntactic root ("detained")."""
    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
    if len(span) > 1 and nouns and span.root.pos_ != "VERB":
        return nouns[-1].i
    return span.root.i  # a verb phrase's verb ("transform into a political party")


def _definite_victims(anchor: Any) -> bool:
    """"The two suspected insurgents were detained", "they detained the militants": people already named."""
    for child in anchor.children:
        if child.dep_ in ("nsubjpass", "dobj"):
            if child.pos_ == "PRON" and child.lower_ in ("him", "her", "them", "they", "he", "she"):
                return True
            if any(d.dep_ == "det" and d.lower_ in ("the", "these", "those") for d in child.children):
                return True
    return False


def _nobody(verb: Any) -> bool:
    """A harm denied: "no civilians were injured", "nobody was killed", "killing no one"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "pobj" and any(c.dep_ == "neg" for c in verb.head.children):
        return True  # "caused by a fire and not by an attack"
    if verb.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.lower_ == "no" for d in verb.children if d.dep_ == "det"):
        return True  # the harm word is itself denied: "no shots were fired", "no casualties"
    for child in (verb.head, *verb.children) if verb.pos_ == "NOUN" else verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
            child.lower_ in ("nobody", "none", "no-one") or any(d.lower_ == "no" for d in child.children if d.dep_ == "det")
            or (child.lower_ == "one" and any(d.lower_ == "no" for d in child.children))
        ):
            return True
    return False


def _none_denied(word: Any) -> bool:
    """"denied that any clashes had taken place", "did not report any arrests": "any" under a denial
    or a negation says nothing of the kind happened (a denial of one told deed, "denied that the
    city fell", is attribution instead: events/claims.py)."""
    nouns = [word] + [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if not any(d.dep_ == "det" and d.lower_ == "any" for n in nouns for d in n.children):
        return False
    deny = lexicon.word_set("claims.yaml", "deny_verbs")
    for governor in list(word.ancestors)[:3]:
        if governor.lemma_.lower() in deny or any(c.dep_ == "neg" for c in governor.children):
            return True
    return False


def _reported_cues(doc: Any, cues: list[lexicon.Cue]) -> list[lexicon.Cue]:
    """The cues that describe the reported deed: not words inside the source ("a vigilante leader
    said", "the Joint Operations Command announced"), not deeds planned or threatened ("a cell
    planning attacks") - those say who speaks or what may come, not what happened."""
    report_verbs = lexicon.word_set("claims.yaml", "report_verbs")
    lemmas = lexicon.token_forms(doc)[2]
    source: set[int] = set()
    for i, lemma in enumerate(lemmas):
        if lemma in report_verbs or (lemma == "accord" and i + 1 < len(lemmas) and lemmas[i + 1] == "to"):
            verb = doc[i]
            # the sayer: the subject of an active verb, "by X" of a passive ("was reported by the
            # UN"); a passive's subject is what was said ("the arrest ... was announced")
            sayers = [c for c in verb.children if c.dep_ == "nsubj" or (lemma == "accord" and c.dep_ == "prep")]
            sayers += [c for c in verb.children if c.dep_ == "agent"]
            for child in sayers:
                # the noun phrase only: a misparse can hang a whole clause under the sayer
                clauses = {t.i for v in child.subtree if v.pos_ in ("VERB", "AUX") and v.i != child.i for t in v.subtree}
                source.update(t.i for t in child.subtree if t.i not in clauses)
    kept = []
    held_for = charged(doc)
    for cue in cues:
        if source and all(i in source for i in range(cue.start, cue.end)):
            continue
        if lemmas[cue.start] == "accord" and cue.end - cue.start == 1 and cue.start + 1 < len(lemmas) and lemmas[cue.start + 1] == "to":
            continue  # "According to the UN": a source, not an accord
        if cue.signal == "kill" and _handed_over(doc[cue.start]):
            continue  # "exchanged the bodies of fallen soldiers": remains handed over, not a killing
        root = doc[cue.start:cue.end].root
        threat = cue.signal == "other" and root.lemma_.lower() in ("threaten", "warn", "order")
        # "the rebel group announced that it would lay down its arms": the announcement is the change
        announced = cue.signal == "change_group" and any(
            a.lemma_.lower() in ("announce", "declare", "decide", "vow", "pledge") for a in list(root.ancestors)[:2]
        )
        if cue.signal != "protest" and not threat and not announced and territory.is_blocked(root) and not told.nominal_deed(root):
            continue  # (a threat is itself the "Other" event: "issued a statement threatening ...")
        if any(c.dep_ == "amod" and c.lower_ in _NOT_YET and not cue.start <= c.i < cue.end for c in root.children):
            continue  # "a warning of future attacks" (but "announced a new commander": the cue's own word)
        if _portrait(root):
            continue  # "the general, who led the offensive against the rebels in 2016, retired"
        if cue.signal == "operation" and root.dep_ == "amod" and root.head.pos_ in ("NOUN", "PROPN"):
            continue  # "hit the besieged suburb of Daraya": the place's state, not the deed told
        if _nobody(root) or _none_denied(root):
            continue  # "no civilians were injured in the strike", "no shots were fired", "no clashes were
            # reported", "no protesters were arrested", "denied that any clashes had taken place"
        if cue.signal in classify.VIOLENCE and (_charge(root) or cue.start in held_for):
            continue  # "detained four soldiers over the killing of civilians": the charge, told before
        kept.append(cue)
    return kept


def charged(doc: Any) -> set[int]:
    """Tokens of a deed someone is held for through a frame of reference, with all that is told of
    it ("arrested four people in connection with the truck attack that killed 31 people",
    "detained as part of the investigation into the blast"): the earlier event, not this one."""
    charges = lexicon.word_set("cues.yaml", "charge_verbs")
    frames = lexicon.word_set("cues.yaml", "reference_frames")
    found: set[int] = set()
    for token in doc:
        frame = token.head.head if token.dep_ == "pobj" and token.head.dep_ == "prep" else None
        if token.pos_ != "NOUN" or frame is None or frame.lemma_.lower() not in frames:
            continue
        node = frame
        for _ in range(4):  # "in connection with", "as part of the investigation into"
            node = node.head
            if node.lemma_.lower() in charges:
                found.update(t.i for t in token.subtree)
                # the parse may hang the deed's own clause on the frame ("in connection with the
                # shooting at a bar on Friday night that killed nine people")
                found.update(t.i for c in frame.children if c.dep_ == "relcl" for t in c.subtree)
                break
            if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                break
    return found


_QUANTIFIERS = {"many", "several", "dozens", "scores", "hundreds", "numerous", "most", "some", "all", "half",
                "multiple", "various", "more", "other", "a", "few"}


_PARTITIVE = {"part", "parts", "area", "areas", "section", "sections", "neighbourhoods", "neighborhoods", "quarters"}


def _quantified_plural(doc: Any, heads: list[int], place_tokens: dict[int, str]) -> bool:
    """"many districts", "dozens of districts", "34 provincial capitals" with no place named
    (but "several parts of the city" is one place)."""
    for i in heads:
        token = doc[i]
        if token.tag_ not in ("NNS", "NNPS") or any(t.i in place_tokens for t in token.subtree):
            continue
        if any(c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper() and c.ent_type_ in ("GPE", "LOC", "NORP")
               for c in token.children):
            continue  # "two Aleppo neighbourhoods": parts of a named place the gazetteer missed
        if token.lemma_.lower() in _PARTITIVE or token.lower_ in _PARTITIVE:
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if inner is not None and inner.tag_ in ("NN", "NNP"):
                continue
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "nummod", "det", "quantmod")}
        if modifiers & _QUANTIFIERS or any(c.dep_ == "nummod" for c in token.children):
            return True
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in _QUANTIFIERS:
            return True
    return False


def _subtree_span(doc: Any, i: int, offset: int) -> tuple[int, int]:
    """Article offsets of a noun phrase: "the centre of a district in Helmand"."""
    tokens = list(doc[i].subtree)
    return offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)


def _distinct_changes(found: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for mention in found:
        key = (mention.sub_event_type, tuple(mention.change.place if mention.change else ()))
        if key in seen:
            continue
        seen.add(key)
        kept.append(mention)
    return kept


def _place_words(doc: Any, heads: list[int], place_tokens: dict[int, str]) -> list[str]:
    words = []
    for i in heads:
        token = doc[i]
        if i not in place_tokens:
            words.append(token.lemma_.lower())
    return words


def _territory_mention(
    index: int, doc: Any, change: territory.Change, assigned: list[roles.Role], context: Context,
    held: ActorMention | None = None,
) -> Mention:
    """``held``: who the sentence says held the place before ("the rebel-held town", events.holders)."""
    gainer, loser = change.gainer, change.loser
    if gainer is not None and gainer.kind == "civilian":
        gainer = None  # "locals took back the village" is not an armed actor's gain
    if gainer is not None and gainer.kind == "government" and not change.nonviolent:
        gainer, change.retake_verb = None, True  # "back in government hands": the state's forces took it
    if held is not None and (gainer is None or held.entry.key != gainer.entry.key) and not change.gainer_pronoun:
        loser = held
    gain_side = side_of(gainer)
    if gain_side is None and loser is not None:
        lose_side = side_of(loser)
        gain_side = {"government": "nonstate", "nonstate": "government"}.get(lose_side or "")
    if gain_side is None and not change.gainer_pronoun:
        # no named gainer: "X was recaptured / liberated / cleared" is the state retaking it,
        # "X was captured / fell" an armed group taking it - the common reading in news
        gain_side = "government" if change.retake_verb else "nonstate"
    if change.nonviolent:
        sub_event_type = TERRITORY_TYPES["nonviolent"]
    elif gain_side == "government":
        sub_event_type = TERRITORY_TYPES["gain_government"]
    else:
        sub_event_type = TERRITORY_TYPES["gain_nonstate"]
    mention = Mention(index, sub_event_type, change.predicate, 0.9, change=change, territorial=True)
    mention.gainer_pronoun = change.gainer_pronoun and gainer is None
    if change.nonviolent:
        # ACLED names first the actor that ends up holding the place
        mention.actor1, mention.actor2 = gainer, loser
    else:
        mention.actor1, mention.actor2 = gainer, loser
    mention.actor1_name = actor_book.resolve(mention.actor1, context) if mention.actor1 else None
    mention.actor2_name = actor_book.resolve(mention.actor2, context) if mention.actor2 else None
    if mention.actor1_name is None and gain_side is not None:
        mention.actor1_name = opposite_of(gain_side, context, invert=False)
    if mention.actor2_name is None and gain_side is not None:
        mention.actor2_name = partner_name(assigned, mention.actor1_name, context, gain_side) or opposite_of(gain_side, context)
    if held is not None and change.gainer_pronoun and gainer is None:
        mention.holder_name = actor_book.resolve(held, context)  # the loser once the pronoun is resolved
    return mention
