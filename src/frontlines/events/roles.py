"""Who did what to whom: the grammatical role of each actor mention.

Reads the dependency parse of one sentence (spaCy's English labels) and
classifies every actor mention as

* ``agent``   - does the deed: subject of an active verb, "by X" of a passive
  or of an event noun ("an airstrike by NATO", "an IED planted by the
  Taliban"), the modifier of a weapon or attack noun ("a Taliban attack",
  "Taliban-planted mines");
* ``patient`` - undergoes it: object, passive subject, "on/against X",
  "casualties among X";
* ``partner`` - the other side of a symmetric verb ("clashed with X",
  "clashes between X and Y");
* ``source``  - says so: subject of a verb of saying, "according to X";
* ``other``   - anything else (a place modifier, "Taliban-held area").

Conjuncts and appositions share the role of their head ("7 soldiers and 2
militants were killed": both patients). The rules are written against the
parse, not against word lists, so they hold for any sentence of the same
shape; the few lexical checks (verbs of saying, weapon nouns) come from the
data files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import lexicon
from .actors import ActorMention

AGENT, PATIENT, PARTNER, SOURCE, OTHER = "agent", "patient", "partner", "source", "other"
ALLY = "ally"  # named as help ("backed by X", "with support from X"): on nobody's side of the deed

_SUBJECTS = {"nsubj", "csubj", "expl"}
_OBJECTS = {"dobj", "obj", "dative", "oprd", "attr"}
_MODIFIERS = {"compound", "amod", "nmod", "npadvmod", "poss", "nummod"}
# verbs that make their subject's role the role of the clause below:
# "Taliban claimed to have ..." -> the Taliban is also the agent of what follows
_RAISING = {"xcomp"}
# Nouns of harm suffered: their modifiers are the victims ("civilian deaths").
_HARM_NOUNS = {"death", "deaths", "casualty", "casualties", "injury", "injuries", "fatality", "fatalities",
               "toll", "loss", "losses", "killing", "killings", "abduction", "abductions", "kidnapping", "arrest"}


@dataclass
class Role:
    mention: ActorMention
    role: str
    governor: int  # token index of the word the role is relative to
    depth: int  # distance of the governor from the sentence root (0 = root)


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _climb_coordination(token: Any) -> Any:
    """The first conjunct / the appositive head: "X and Y" share X's role."""
    steps = 0
    while token.dep_ in ("conj", "appos") and token.head.i != token.i and steps < 10:
        token = token.head
        steps += 1
    return token


def _is_say(token: Any) -> bool:
    return token.lemma_.lower() in lexicon.word_set("claims.yaml", "report_verbs")


def _is_claim(token: Any) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon.word_set("claims.yaml", "claim_verbs") or lemma in lexicon.word_set(
        "claims.yaml", "deny_verbs"
    )


def assign(doc: Any, mentions: list[ActorMention], event_tokens: set[int]) -> list[Role]:
    """The role of each mention; ``event_tokens`` are the sentence's cue tokens (weapons, attacks ...)."""
    return [_role(doc, m, event_tokens) for m in mentions]


def _role(doc: Any, mention: ActorMention, event_tokens: set[int]) -> Role:
    token = _climb_coordination(doc[mention.head])
    role, governor = _relation(token, event_tokens, 0)
    return Role(mention, role, governor.i, _depth(governor))


def _relation(token: Any, event_tokens: set[int], level: int) -> tuple[str, Any]:
    dep, head = token.dep_, token.head
    if level > 6 or head.i == token.i:
        # a fragment whose root is the actor ("ANDSF with NATO support conducted ..." misparsed)
        return (AGENT if dep == "ROOT" else OTHER), token
    if dep in _SUBJECTS:
        if _is_say(head) or _is_claim(head):
            # "the Taliban claimed to have seized X": the claimant of its own deed is its agent
            if _is_claim(head) and any(c.dep_ in ("xcomp", "ccomp") for c in head.children):
                return AGENT, head
            return SOURCE, head
        if token.lower_ in ("who", "which", "that") and head.dep_ == "relcl":
            return AGENT, head
        if head.lemma_.lower() in lexicon.word_set("cues.yaml", "suffered_verbs"):
            return PATIENT, head  # "a 10th victim had died": the one who died suffered it
        return AGENT, head
    if dep == "nsubjpass":
        return PATIENT, head
    if dep in _OBJECTS:
        return PATIENT, head
    if dep == "pobj":
        return _prepositional(token, head, event_tokens, level)
    if dep == "agent":  # spaCy attaches "by" itself as 'agent'
        return AGENT, head
    fired = _fired_from_ground_held(head) if dep in _MODIFIERS else None
    if fired is not None:
        return AGENT, fired  # "rockets fired from Islamic State-held territory"
    if dep in _MODIFIERS:
        # "civilian deaths", "soldier casualties": the victims of a harm noun
        if head.i in event_tokens and head.lemma_.lower() in _HARM_NOUNS:
            return PATIENT, head
        # "Taliban-planted IED", "a Taliban attack", "NATO airstrikes": the doer of the deed
        if head.i in event_tokens or _planted(head):
            # ... unless the deed is the help given to the doer ("forces, backed by Russian air
            # strikes, launched ...": Russia is an ally there, not the doer of the offensive)
            return (ALLY if _given_in_support(_climb_coordination(head)) else AGENT), head
        if _crowd_word(head):
            return OTHER, head  # "Houthi supporters rallied": whose supporters, not who rallied
        # "a Taliban commander was killed": the role of the phrase it modifies
        return _relation(_climb_coordination(head), event_tokens, level + 1)
    if dep in ("conj", "appos"):
        return _relation(_climb_coordination(token), event_tokens, level + 1)
    if dep in ("acl", "relcl"):
        return OTHER, head
    return OTHER, head


def _fired_from_ground_held(word: Any) -> Any:
    """The verb of firing when ``word`` (what an actor name modifies) is ground held by that actor
    and fired from ("rockets fired from Islamic State-held territory": who holds the ground fired
    from it); else None. The parse hangs the name on the participle or on the ground noun."""
    participles = lexicon.word_set("territory.yaml", "holder_participles")
    if word.dep_ == "amod" and word.lower_ in participles:
        ground = word.head
    elif any(c.dep_ == "amod" and c.lower_ in participles for c in word.children):
        ground = word
    else:
        return None
    if ground.dep_ == "pobj" and ground.head.lower_ == "from" and _planted(ground.head.head):
        return ground.head.head
    return None


def _crowd_word(token: Any) -> bool:
    """A word that names a crowd of followers ("supporters", "protesters"); not "employees" or
    "staff", who are their organisation's own ("an NDS employee")."""
    from .actors import book

    entries = book().candidates(token.lower_)
    return bool(entries) and all(e.kind == "protester" for e in entries)


def _symmetric(token: Any) -> bool:
    """A word of two sides ("clash", "fight", "talks", "truce"): its "with" names the other side."""
    words = lexicon.word_set("cues.yaml", "symmetric_words")
    return token.lemma_.lower() in words or token.lower_ in words


def _planted(token: Any) -> bool:
    """"planted", "laid", "placed", "fired", "conducted": a participle of laying or launching a weapon."""
    return token.lemma_.lower() in ("plant", "lay", "place", "fire", "launch", "conduct", "carry", "set", "detonate", "throw", "hurl")


def _support_words() -> frozenset[str]:
    from .actors import book

    return book().support_words


def _support_verbs() -> frozenset[str]:
    from .actors import book

    return book().support_verbs


def _given_in_support(token: Any) -> bool:
    """A phrase that names help: "(backed) by X", "(with support) from X"."""
    if token.dep_ != "pobj":
        return False
    prep, governor = token.head, token.head.head
    if prep.dep_ == "agent" or prep.lower_ == "by":
        return governor.lemma_.lower() in _support_verbs() and governor.pos_ == "VERB"
    return prep.lower_ in ("from", "of") and governor.lemma_.lower() in _support_words()


def _generic_actor_word(token: Any) -> bool:
    """A word that names an actor only in general ("jets", "troops", "soldiers")."""
    from .actors import book

    entries = book().candidates(token.lower_)
    return bool(entries) and all(e.generic for e in entries)


def _prepositional(token: Any, prep: Any, event_tokens: set[int], level: int) -> tuple[str, Any]:
    word = prep.lower_
    governor = prep.head
    if _given_in_support(token):
        return ALLY, governor  # "forces, backed by Russian jets, launched ...": an ally
    if prep.dep_ == "agent" or word == "by":
        return AGENT, governor
    if word in ("on", "upon", "against", "at", "targeting", "into"):  # "drove his car into a police club"
        return PATIENT, governor
    if word == "between" or (word == "with" and _symmetric(governor)):
        return PARTNER, governor  # "clashed with X", "a truce with Y" (not "a house with a family inside")
    if word == "among":
        return PATIENT, governor
    if word == "to" and governor.lower_ == "according":
        return SOURCE, governor
    if word == "of":
        # "the killing of 3 soldiers", "an attack of militants" -> patient;
        # "the Ministry of Defence" -> the phrase's own role; so is "jets of the U.S. Air Force"
        # (a force's own weapons or men, a generic actor word owned by the one named)
        if governor.i in event_tokens and not _generic_actor_word(governor):
            return PATIENT, governor
        return _relation(_climb_coordination(governor), event_tokens, level + 1)
    if word == "from":
        if governor.i in event_tokens and governor.pos_ in ("NOUN", "PROPN"):
            return AGENT, governor  # "tank fire from government troops", "rockets from Hezbollah"
        return PARTNER, governor
    if word == "to":
        return PARTNER, governor
    return OTHER, governor
