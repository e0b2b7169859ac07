"""Who held a place before it changed hands, when the sentence says so beside the place.

"seized the rebel-held town of Tal Rifaat", "retook the Islamic State-controlled city",
"overran an air base that had been in the hands of Syrian rebels since 2013", "recaptured the
town, which the militants had held for two years": the holder written with the place is whom the
place was taken from - better than the story's default enemy in a war of many sides (Kurdish
fighters taking villages from rebels, not from the army). Read from the parse of the place's
noun phrase: a participle of holding before it ("-held", "-controlled"), or a relative clause of
holding ("held by X", "in the hands of X", "under X control", "which X had held"). Word lists:
territory.yaml ``holder_participles`` and ``control_nouns``; ``hold_verbs``.
"""

from __future__ import annotations

from typing import Any

from . import lexicon
from .actors import ActorMention

_FILE = "territory.yaml"
_ARMED = {"state", "external", "rebel", "militia"}


def previous_holder(doc: Any, place: int, mentions: list[ActorMention]) -> ActorMention | None:
    """The armed actor the noun phrase of the place at token ``place`` says held it, if any."""
    token = doc[place]
    nouns = [token]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        nouns.append(token.head.head)  # "the rebel-held town of X": the frame noun carries it
    for noun in nouns:
        for child in noun.children:
            found = None
            if child.dep_ in ("amod", "compound") and child.lower_ in _words("holder_participles"):
                found = _armed(_actor_words(child), mentions)  # "rebel-held", "IS-controlled"
                found = found or _armed(_agent(child), mentions)
            elif child.dep_ in ("relcl", "acl"):
                found = _from_clause(child, mentions)
            if found is not None:
                return found
    return None


def _from_clause(verb: Any, mentions: list[ActorMention]) -> ActorMention | None:
    """"(which had been) in the hands of X", "held by X", "under X control", "which X held"."""
    if verb.lemma_.lower() in _words("hold_verbs"):
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subject is not None:
            return _armed([subject, *subject.children], mentions)
        return _armed(_agent(verb), mentions)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "under")):
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if noun.lower_ not in _words("control_nouns"):
                continue
            owners = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]
            found = _armed(owners, mentions)
            if found is not None:
                return found
    return None


def _actor_words(participle: Any) -> list[Any]:
    """The words naming who holds in "rebel-held" / "Islamic State-controlled" (before the hyphen)."""
    return [t for t in participle.subtree if t.i < participle.i and t.pos_ in ("NOUN", "PROPN", "ADJ")]


def _agent(verb: Any) -> list[Any]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _armed(tokens: list[Any], mentions: list[ActorMention]) -> ActorMention | None:
    for token in tokens:
        for mention in mentions:
            if mention.start <= token.i < mention.end and mention.kind in _ARMED:
                return mention
    return None


def _words(key: str) -> set[str]:
    return lexicon.word_set(_FILE, key)
