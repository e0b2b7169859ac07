"""A speaker's pronouns: "the army said it had recaptured X", "the group announced that its
fighters had seized Y".

News tells much of a war in reported speech, and the doer of the reported deed
is then a pronoun standing for the one who speaks. A general coreference model
would be a heavy dependency for one narrow need, so this reads the parse: a
pronoun that is the subject (or the subject's possessor) of a clause reported
by a verb of saying, or that possesses a word in the object of that verb ("announced a new
commander for its forces"), stands for the verb's subject - when that subject names an armed
actor named before the pronoun (a trailing "..., rebels said" is the source of a clause whose
"they" points back). Spokesmen, media and rights groups are left alone: "the UN said it had documented
the rape of 40 women" does not make the UN the doer.
"""

from __future__ import annotations

from typing import Any

from . import lexicon
from .actors import ActorMention

_PRONOUNS = {"it", "its", "they", "their"}
_ARMED = {"state", "external", "rebel", "militia"}
# the clause a verb of saying reports (its complement), and the phrases of the verb itself
_REPORTED = {"ccomp", "xcomp"}
_OWN_PHRASES = {"dobj", "obj", "prep", "pobj", "dative"}
_SUBJECTS = {"nsubj", "nsubjpass"}


def with_speakers(doc: Any, mentions: list[ActorMention]) -> list[ActorMention]:
    """The sentence's actor mentions plus one for each pronoun that stands for an armed speaker;
    a generic word the pronoun possesses ("its forces", "their fighters") becomes the speaker."""
    speakers: dict[int, ActorMention] = {}
    nations: dict[int, str] = {}  # "Russia's defence ministry said its jets struck ...": whose the jets are
    for token in doc:
        if token.lower_ not in _PRONOUNS or token.dep_ not in _SUBJECTS | {"poss"}:
            continue
        speaker = _speaker(token, mentions)
        if speaker is not None and not any(m.start <= token.i < m.end for m in mentions):
            speakers[token.i] = speaker
        elif speaker is None and token.dep_ == "poss":
            government = _speaker(token, mentions, {"government"})
            if government is not None and government.qualifier:
                nations[token.i] = government.qualifier
    if not speakers and not nations:
        return mentions
    resolved = []
    for mention in mentions:
        owner = next((c.i for c in doc[mention.head].children if c.dep_ == "poss" and c.i in speakers), None)
        if owner is not None and mention.generic:
            speaker = speakers[owner]
            mention = ActorMention(mention.start, mention.end, mention.text, speaker.entry, mention.head,
                                   speaker.qualifier)
        nation = next((nations[c.i] for c in doc[mention.head].children if c.dep_ == "poss" and c.i in nations), None)
        if nation is not None and mention.generic and mention.kind == "state":
            mention = ActorMention(mention.start, mention.end, mention.text, mention.entry, mention.head, nation)
        resolved.append(mention)
    for i, speaker in speakers.items():
        resolved.append(ActorMention(i, i + 1, doc[i].text, speaker.entry, i, speaker.qualifier))
    return sorted(resolved, key=lambda m: m.start)


def _speaker(pronoun: Any, mentions: list[ActorMention], kinds: set[str] = _ARMED) -> ActorMention | None:
    """The armed actor (an actor of ``kinds``) that says the clause the pronoun is in, if any."""
    report_verbs = lexicon.word_set("claims.yaml", "report_verbs") | lexicon.word_set("claims.yaml", "claim_verbs")
    # the verb whose phrase holds the pronoun, and that phrase ("one of its fighters" is a subject)
    path = [pronoun, *pronoun.ancestors]
    verb = next((a for a in path[1:] if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    phrase = path[path.index(verb) - 1]
    if phrase.dep_ in _OWN_PHRASES and verb.lemma_.lower() in report_verbs:
        return _armed_subject(verb, mentions, kinds)  # "announced a new commander for its forces"
    if phrase.dep_ not in _SUBJECTS:
        return None
    clause = verb
    for _ in range(3):  # "said that its units were once again in control", "said it had been able to retake"
        if clause.dep_ in _REPORTED and clause.head.lemma_.lower() in report_verbs:
            speaker = _armed_subject(clause.head, mentions, kinds)
            # a pronoun points back: in "They have seized X, rebels said" the speaker named
            # after it is the source, and "they" someone the story named before
            return speaker if speaker is not None and speaker.start < pronoun.i else None
        if clause.dep_ not in ("conj", "xcomp") or clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def _armed_subject(verb: Any, mentions: list[ActorMention], kinds: set[str] = _ARMED) -> ActorMention | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    words = [subject, *(c for c in subject.children if c.dep_ in ("compound", "amod", "poss"))]  # "the Houthi movement"
    mention = next((m for m in mentions for w in words if m.start <= w.i < m.end), None)
    return mention if mention is not None and mention.kind in kinds else None
