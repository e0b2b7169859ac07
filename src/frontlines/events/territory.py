"""Changes of control over a place, read from the dependency parse.

Five predicate shapes cover how news reports a place changing hands (the
vocabulary of each is in ``data/territory.yaml``):

1. take     "the Taliban captured the district", "X was seized by Y", "took over X"
2. expel    "Afghan forces drove the Taliban out of X", "X was cleared of militants"
3. fall     "X had fallen to the Taliban", "the city fell"
4. control  "took control of X", "X came under Taliban control", "wrested control of X from Y"
5. abandon  "forces abandoned X", "withdrew from X" (non-violent unless fighting is reported)

Each finding names the place argument, who gains, who loses, and whether the
context says control did NOT change: an attempt, a threat, a plan, nearness
("came close to taking Marjah", "threatening Lashkar Gah"), negation, a
modal, a purpose clause ("launched an offensive to recapture X"). Denials and
claims are not blocks: they are attribution (``events/claims.py``).

Military positions (posts, checkpoints, bases) are not territory: taking one
is part of a battle (ACLED codes "militants overran two posts" as a clash), and
the district control timeline must not flip a district because a checkpoint fell.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from . import lexicon
from .actors import ActorMention

GAIN, LOSS = "gain", "loss"
_SAYING = {"say", "announce", "report", "claim", "state", "confirm", "add", "tell", "declare"}
_FILE = "territory.yaml"


def _words(key: str) -> frozenset[str]:
    return lexicon.word_set(_FILE, key)


@dataclass
class Change:
    """One reported change of control in a sentence."""

    predicate: int  # token index of the verb (or noun) that reports it
    shape: str  # take | expel | fall | control | abandon
    place: list[int]  # token indices of the place argument heads
    gainer: ActorMention | None = None
    loser: ActorMention | None = None
    gainer_pronoun: bool = False  # "they seized X": resolve from the preceding sentences
    nonviolent: bool = False
    blocked: bool = False  # an attempt, a threat, negated ...: no change of control
    retake_verb: bool = False  # the verb itself says "again" (recapture, liberate, clear, drive out)
    notes: list[str] = field(default_factory=list)


def may_change(doc: Any) -> bool:
    """Whether a sentence has any word that can report a change of control (cheap)."""
    verbs = _all_verbs() | _words("take_nouns") | _words("fall_nouns") | _words("control_nouns")
    return any(lemma_of(token) in verbs for token in doc)


def lemma_of(token: Any) -> str:
    """The token's lemma, with the irregular forms the lemmatizer misses ("retook"), and a take
    verb's prefixed form read as the verb ("reoccupied" -> occupy; see :func:`prefixed_retake`)."""
    lemma = _repaired_lemma(token)
    return _unprefixed(lemma) or lemma


def _repaired_lemma(token: Any) -> str:
    lemma = _irregular().get(token.lower_, token.lemma_.lower())
    if lemma.endswith("ie") and token.lower_.endswith("ied"):
        lemma = lemma[:-2] + "y"  # the lemmatizer's guess for a verb it does not know ("reoccupie")
    return lemma


def _unprefixed(lemma: str) -> str | None:
    if lemma in _all_verbs():
        return None  # "retake", "regain" are verbs of their own
    for prefix in _words("retake_prefixes"):
        rest = lemma[len(prefix):]
        if lemma.startswith(prefix) and rest in _words("take_verbs"):
            return _irregular().get(rest, rest)
    return None


def prefixed_retake(token: Any) -> bool:
    """A take verb with a prefix of repetition: "reoccupied", "reconquered", "re-entered" (which
    the tokenizer splits into "re - entered"): the place is taken back."""
    if _unprefixed(_repaired_lemma(token)):
        return True
    doc, i = token.doc, token.i
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in _words("retake_prefixes")


@functools.cache
def _irregular() -> dict[str, str]:
    return {str(k).lower(): str(v).lower() for k, v in (lexicon.load(_FILE).get("irregular") or {}).items()}


def _all_verbs() -> frozenset[str]:
    keys = ("take_verbs", "expel_verbs", "fall_verbs", "control_change_verbs", "control_take_verbs", "abandon_verbs")
    return frozenset().union(*(_words(k) for k in keys))


def find_changes(doc: Any, mentions: list[ActorMention], place_tokens: dict[int, str]) -> list[Change]:
    """Every change of control reported in a sentence.

    ``place_tokens`` maps token index -> place kind (from the geoparser) for
    tokens inside a resolved place name.
    """
    changes: list[Change] = []
    quiet: bool | None = None
    verbs = _all_verbs() | _words("take_nouns") | _words("fall_nouns")
    nouns = _words("take_nouns") | _words("fall_nouns")
    verbs = verbs | _words("hold_verbs") | _words("flag_verbs")
    for token in doc:
        lemma = lemma_of(token)
        if lemma not in verbs:
            continue
        change = None
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            if lemma in _words("hold_verbs"):
                change = _now_holds(token, mentions, place_tokens)
            if lemma in _words("flag_verbs"):
                change = _flag_raised(token, mentions, place_tokens)
            if lemma in _words("abandon_verbs") and _control_object(token):
                change = _cede_control(token, mentions, place_tokens)  # "handed control of X to Y"
            if change is None and lemma in _words("control_take_verbs") and _control_object(token):
                change = _control_take(token, mentions, place_tokens)
            if change is None and lemma in _words("control_take_verbs") and _lost_clause(token):
                change = _control_take(token, mentions, place_tokens, control=token.head)
            if change is None and lemma in _words("take_verbs"):
                change = _take(token, mentions, place_tokens)
            if change is None and lemma in _words("expel_verbs"):
                change = _expel(token, mentions, place_tokens)
            if change is None and lemma in _words("fall_verbs"):
                change = _fall(token, mentions, place_tokens)
            if change is None and lemma in _words("control_change_verbs"):
                change = _come_under(token, mentions, place_tokens)
            if change is None and lemma in _words("abandon_verbs"):
                change = _abandon(token, mentions, place_tokens)
        elif token.pos_ in ("NOUN", "PROPN", "ADJ") and lemma in _words("take_verbs") and _be_participle(token):
            change = _take(token, mentions, place_tokens, subject_of_be=True)  # "was overrun/NN by"
        if change is None and lemma in nouns and token.pos_ in ("NOUN", "PROPN"):
            change = _nominal(token, mentions, place_tokens)  # "the recapture of Palmyra by ..."
        if change is not None:
            change.blocked = change.blocked or is_blocked(token)
            if quiet is None:
                quiet = _nonviolent(doc)
            change.nonviolent = change.nonviolent or quiet
            changes.append(change)
    for token in doc:
        if token.lemma_.lower() in _words("control_nouns") and token.dep_ == "pobj":
            change = _back_under(token, mentions, place_tokens)
            if change is not None and not any(c.place == change.place for c in changes):
                change.blocked = is_blocked(token)
                changes.append(change)
    return changes


@functools.cache
def _nonviolent_pattern() -> Any:
    import re

    phrases = sorted(_words("nonviolent_markers"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def _nonviolent(doc: Any) -> bool:
    """"without a fight", "peacefully", "handed over": the change came without fighting."""
    return bool(_nonviolent_pattern().search(lexicon.doc_text(doc)))


# --- predicate shapes -----------------------------------------------------------------


def _passive(verb: Any) -> bool:
    """Passive voice ("was captured"); an object means the "auxpass" is a mis-tagged subject ("IS overtook")."""
    if any(c.dep_ == "nsubjpass" for c in verb.children) or _reduced_passive(verb):
        return True
    return any(c.dep_ == "auxpass" for c in verb.children) and _child(verb, "dobj", "obj") is None


def _reduced_passive(verb: Any) -> bool:
    """A headline's passive without its auxiliary: "Army says Boko Haram driven from Gwoza"."""
    return (
        verb.tag_ == "VBN" and verb.dep_ in ("ccomp", "ROOT", "conj") and _child(verb, "dobj", "obj") is None
        and _child(verb, "nsubj") is not None and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _passive_subject(verb: Any) -> Any:
    return _child(verb, "nsubjpass") or (_child(verb, "nsubj") if _reduced_passive(verb) else None)


def _be_participle(token: Any) -> bool:
    """A participle the parse read as a noun or adjective after "be" ("the town was overrun/NN by
    militiamen"): the passive verb it is."""
    head = token.head
    return token.dep_ in ("attr", "acomp", "oprd") and head.lemma_.lower() == "be" and _child(head, "nsubj", "nsubjpass") is not None


def _take(verb: Any, mentions: list[ActorMention], places: dict[int, str], subject_of_be: bool = False) -> Change | None:
    lemma = lemma_of(verb)
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    passive = subject_of_be or _passive(verb)
    place = None
    if subject_of_be:
        place = _child(verb.head, "nsubj", "nsubjpass")
    elif passive:
        place = _passive_subject(verb)
    else:
        place = _child(verb, "dobj", "obj")
        if place is None and particles & _words("take_particles"):
            place = _pobj(verb, ("of",))  # "took over in X" is rare; "took over X" parses as dobj
    vacated = place is not None and any(c.dep_ == "acl" and lemma_of(c) in _words("abandon_verbs") for c in place.children)
    quiet_base = (
        place is not None and bool(lexicon.load(_FILE).get("transfer_positions")) and _is_position(place)
        and lemma in ("take", "occupy", "enter") and (_nonviolent(verb.doc) or vacated)
    )  # "took over a base after the group agreed to leave it peacefully", "... the camp vacated by
    # UN peacekeepers" (not "secured the compound")
    unlisted = place is not None and (lemma in _RETAKE_OR_OVERRUN or prefixed_retake(verb)) and _unlisted_place(place, mentions)
    if place is None or not (_is_territory(place, places) or quiet_base or unlisted):
        return None
    if lemma in ("take", "win") and not (particles & _words("take_particles")) and not _named_place(place, places) and not quiet_base:
        return None  # "took the district" is fine; "took 5 prisoners" is not territory (checked above)
    change = Change(verb.i, "take", _place_heads(place),
                    retake_verb=lemma in _RETAKE or "back" in particles or prefixed_retake(verb))
    change.nonviolent = vacated  # "took over the camp vacated by UN peacekeepers": a handover
    if passive:
        change.gainer = _mention_at(_pobj(verb, ("by",), agent=True), mentions)
    else:
        subject = _subject(verb)
        change.gainer = _mention_at(subject, mentions)
        change.gainer_pronoun = subject is not None and subject.pos_ == "PRON" and change.gainer is None
        if lemma in _words("arrival_verbs") and subject is not None and subject.pos_ in ("NOUN", "PROPN") and (
            change.gainer is None
        ):
            return None  # "aid trucks entered the besieged town": an arrival, no party gains it
    change.loser = _mention_at(_pobj(verb, ("from",)), mentions)
    return change


_RETAKE = {"retake", "recapture", "regain", "reclaim", "liberate", "free", "secure", "recover", "wrest"}
# Verbs whose proper-noun object is a place even when the gazetteer does not know it
# ("reclaimed Anefis from separatist rebels"); "freed Smith" and "captured Smith" are people.
_RETAKE_OR_OVERRUN = {"retake", "recapture", "regain", "reclaim", "overrun", "occupy"}
_NOT_PLACES = {"ORG", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "EVENT",
               "PRODUCT", "LAW", "LANGUAGE", "WORK_OF_ART"}


def _unlisted_place(token: Any, mentions: list[ActorMention]) -> bool:
    """A proper noun that is not an actor nor another kind of name: a place the gazetteer lacks."""
    return (
        token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PLACES
        and not any(m.start <= token.i < m.end for m in mentions)
    )


def _unnamed_town(token: Any, mentions: list[ActorMention]) -> bool:
    """A proper noun no actor names after a word of control ("regained control of Debre Markos"):
    the small model often tags a town it does not know as an organisation or a person."""
    return (
        token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PLACES - {"ORG"}
        and not any(m.start <= t.i < m.end for m in mentions for t in _name_tokens(token))
    )


def _name_tokens(token: Any) -> list[Any]:
    """The words of a name ("Debre Markos"), not the clauses that describe it ("..., which the RSF
    had seized")."""
    return [t for t in token.subtree if t.i == token.i or (t.dep_ in ("compound", "flat") and t.head.i == token.i)]


def _now_holds(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """"Islamic State fighters now control the village of X", "the rebels now hold X": a holder
    that is new ("now") tells a change of control."""
    if not any(c.dep_ == "advmod" and c.lower_ in _words("hold_markers") for c in verb.children):
        return None
    place = _child(verb, "dobj", "obj")
    if place is None or not (_is_territory(place, places) or _unnamed_town(place, mentions)):
        return None
    return _taken_by_subject(verb, place, mentions)


def _taken_by_subject(verb: Any, place: Any, mentions: list[ActorMention]) -> Change:
    """The place taken by the verb's subject (a pronoun subject is resolved from the sentences before)."""
    change = Change(verb.i, "take", _place_heads(place))
    subject = _subject(verb)
    change.gainer = _mention_at(subject, mentions)
    change.gainer_pronoun = subject is not None and subject.pos_ == "PRON" and change.gainer is None
    return change


def _flag_raised(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """"stormed the town of X and raised their flag over the gendarmerie", "hoisted their flag in
    X": raising one's flag over a place is taking it - the place is the flag's, or else the one the
    coordinated verb took ("stormed the town")."""
    flag = _child(verb, "dobj", "obj", "nsubjpass")
    if flag is None or flag.lemma_.lower() not in _words("flag_nouns"):
        return None
    place = _pobj(verb, ("over", "in", "on", "above", "at"))
    if place is None or not _is_territory(place, places):
        place = _child(verb.head, "dobj", "obj") if verb.dep_ == "conj" else None
    if place is None or not _is_territory(place, places):
        return None
    return _taken_by_subject(verb, place, mentions)


def _expel(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    passive = _passive(verb)
    obj = _passive_subject(verb) if passive else _child(verb, "dobj", "obj")
    place = _pobj(verb, tuple(_words("expel_place_preps")), deep=True)
    if place is None and obj is not None:
        place = _pobj(obj, tuple(_words("expel_place_preps")))  # "flushed out the insurgents from the town"
    if place is None and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        place = _pobj(verb, ("in", "at")) or (_pobj(obj, ("in", "at")) if obj is not None else None)  # "drives out Taliban in a town"
    loser_token = obj
    if lemma_of(verb) == "clear" and obj is not None and _is_territory(obj, places):
        # "cleared the town of militants": the object is the place, "of" names the loser
        place, loser_token = obj, _pobj(verb, ("of",))
    expelled = _mention_at(obj, mentions) is not None and lemma_of(verb) != "clear"
    if place is None or not (_is_territory(place, places) or (expelled and _unlisted_place(place, mentions))):
        return None  # (an armed group driven out of a proper noun: a place the gazetteer lacks)
    change = Change(verb.i, "expel", _place_heads(place), retake_verb=True)
    change.loser = _mention_at(loser_token, mentions)
    if lemma_of(verb) == "clear" and loser_token is None and not _named_place(place, places, strict=True):
        return None  # "the force secured and cleared the area": a search, not a change of control
    if passive:
        change.gainer = _mention_at(_pobj(verb, ("by",), agent=True), mentions)
    else:
        subject = _subject(verb)
        change.gainer = _mention_at(subject, mentions)
        change.gainer_pronoun = subject is not None and subject.pos_ == "PRON" and change.gainer is None
    return change


def _fall(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    subject = _subject(verb)
    if subject is None or not _is_territory(subject, places):
        return None
    gainer_token = _pobj(verb, tuple(_words("fall_gainer_preps")))
    lemma = lemma_of(verb)
    if lemma in ("pass", "go", "surrender") and gainer_token is None:
        return None  # "the district passed" / "went" mean nothing without "to X"
    if gainer_token is not None and gainer_token.lemma_.lower() in _words("control_nouns"):
        gainer_token = _controller(gainer_token)
    change = Change(verb.i, "fall", _place_heads(subject))
    change.gainer = _mention_at(gainer_token, mentions)
    return change


def _come_under(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """"X came under the control of Y", "X fell into Taliban hands", "brought X under control"."""
    control = None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("under", "into", "to"):
            obj = _child(prep, "pobj")
            if obj is not None and obj.lemma_.lower() in _words("control_nouns"):
                control = obj
    if control is None:
        return None
    subject = _child(verb, "dobj", "obj") or _subject(verb)  # "brought X under control" / "X came under"
    if subject is None or not _is_territory(subject, places):
        return None
    change = Change(verb.i, "control", _place_heads(subject))
    controller = _controller(control)
    change.gainer = _mention_at(controller, mentions)
    if change.gainer is None and verb.lemma_.lower() in ("bring", "put", "place"):
        change.gainer = _mention_at(_subject(verb), mentions)
    return change


def _nominal(noun: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """A change of control told by a noun: "the capture of Kidal by Tuareg rebels", "the recapture
    of Palmyra from IS by government forces", "the fall of Kunduz to the Taliban" - as the subject
    or object of the clause or a headline, not in passing ("after the capture of ...")."""
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "obj", "ROOT", "attr"):
        return None
    if noun.dep_ != "ROOT" and noun.head.lemma_.lower() in _words("blockers"):
        return None
    place = _pobj(noun, ("of",))
    if place is None or not _is_territory(place, places):
        return None
    lemma = noun.lemma_.lower()
    change = Change(noun.i, "fall" if lemma in _words("fall_nouns") else "take", _place_heads(place),
                    retake_verb=lemma in _words("retake_nouns"))
    gainer = _pobj(noun, ("by",), agent=True) or (_pobj(noun, ("to",)) if lemma in _words("fall_nouns") else None)
    change.gainer = _mention_at(gainer, mentions)
    change.loser = _mention_at(_pobj(noun, ("from",)), mentions)
    if change.gainer is None and lemma not in _words("fall_nouns"):
        # "the Taliban's capture of the district", "Taliban capture of Nawa"
        change.gainer = _mention_at(_child(noun, "poss", "compound"), mentions)
    if change.gainer is None and noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in _words("own_deed_verbs"):
        # "The Syrian army announced the capture of more ground": who announces a capture made it
        change.gainer = _mention_at(_subject(noun.head), mentions)
    return change


def _back_under(control: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """A place "back under government control" / "back in Taliban hands", or a group "in control of"
    a place, told without a verb (a headline): "back" says control changed, and a headline tells
    news, not a standing state."""
    prep = control.head
    if prep.lower_ not in ("under", "in", "into") or prep.head.pos_ in ("VERB",):
        return None
    holder = prep.head
    be = holder if holder.lemma_.lower() == "be" else holder.head  # "were back in control": "in" hangs off "back"
    if prep.lower_ == "in" and be.lemma_.lower() == "be":
        again = _in_control_again(be, control, mentions, places)
        if again is not None:
            return again
    gainer = _mention_at(holder, mentions)
    if prep.lower_ == "in" and gainer is not None and holder.dep_ in ("ROOT", "dep", "nsubj") and gainer.kind != "civilian":
        place = _pobj(control, ("of", "over"))  # a headline: "Rebels in control of Goma, UN says"
        if place is None or not _is_territory(place, places):
            return None
        change = Change(control.i, "control", _place_heads(place))
        change.gainer = gainer
        return change
    if holder.lower_ in ("back", "again") and holder.head.lemma_.lower() == "be":
        place = _child(holder.head, "nsubj")  # "the town is back under Taliban control"
        if place is None:
            return None
    elif holder.lower_ in ("back", "again") and holder.head.i != holder.i:
        place = holder.head
    elif any(c.lower_ in ("back", "again") for c in prep.children) or any(c.lower_ in ("back", "again") for c in holder.children):
        place = holder
    else:
        return None
    if not _is_territory(place, places):
        return None
    change = Change(control.i, "control", _place_heads(place), retake_verb=True)
    change.gainer = _mention_at(_controller(control), mentions)
    return change


def _in_control_again(be: Any, control: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """"its units were once again in control of Wad Madani", "the rebels are now in full control of
    X": a holder that is back or new tells a change of control (but "the army is in control of the
    situation" tells none)."""
    markers = _words("hold_markers") | {"back", "again"}
    if not any(c.dep_ in ("advmod", "prep") and c.lower_ in markers for c in be.children):
        return None
    place = _pobj(control, ("of", "over"))
    if place is None or not (_is_territory(place, places) or _unnamed_town(place, mentions)):
        return None
    change = _taken_by_subject(be, place, mentions)
    change.predicate = control.i
    change.retake_verb = any(c.lower_ in ("back", "again") for c in be.children)
    return change


def _control_object(verb: Any) -> bool:
    obj = _child(verb, "dobj", "obj", "nsubjpass")
    if obj is not None and any(c.lower_ in _words("advantage_modifiers") for c in obj.children):
        return False  # "Russia had gained the upper hand in Syria": an advantage, not a place's control
    return obj is not None and obj.lemma_.lower() in (_words("control_nouns") | {"security", "responsibility"})


def _lost_clause(verb: Any) -> bool:
    """A past verb the parse hung as a modifier on the control noun after it: "Afghan forces on
    Sunday wrested control of X" read as "on Sunday-wrested control" (a rarer verb after a time
    phrase loses its clause in the small model's parse)."""
    head = verb.head
    return (
        verb.dep_ == "amod" and verb.tag_ in ("VBD", "VBN") and head.i == verb.i + 1
        and head.lemma_.lower() in _words("control_nouns")
    )


def _subject_before(verb: Any, mentions: list[ActorMention]) -> ActorMention | None:
    """The actor named last before ``verb`` in its clause (no verb between): the subject a lost
    clause had."""
    before = [m for m in mentions if m.end <= verb.i]
    if not before:
        return None
    nearest = max(before, key=lambda m: m.end)
    between = verb.doc[nearest.end:verb.i]
    if any(t.pos_ in ("VERB", "AUX") or t.text in (";", ":") for t in between) or len(between) > 6:
        return None
    return nearest


def _control_take(verb: Any, mentions: list[ActorMention], places: dict[int, str], control: Any = None) -> Change | None:
    """"took control of X", "seized control over X", "wrested control of X from Y"."""
    lost = control is not None
    control = control if lost else _child(verb, "dobj", "obj", "nsubjpass")
    place = _pobj(control, ("of", "over", "in")) if control is not None else None
    if place is None:
        place = _pobj(verb, ("of", "over", "in"))
    if place is None or not (_is_territory(place, places) or _unnamed_town(place, mentions)):
        return None  # (control "of" a proper noun no actor names: a place the gazetteer lacks)
    change = Change(verb.i, "control", _place_heads(place), retake_verb=verb.lemma_.lower() in ("regain", "retake", "restore", "wrest", "recover", "reassert", "re-establish", "reestablish"))
    if lost:
        change.gainer = _subject_before(verb, mentions)
    elif control is not None and control.dep_ == "nsubjpass":
        change.gainer = _mention_at(_pobj(verb, ("by",), agent=True), mentions)
    else:
        subject = _subject(verb)
        change.gainer = _mention_at(subject, mentions)
        change.gainer_pronoun = subject is not None and subject.pos_ == "PRON" and change.gainer is None
    change.loser = _mention_at(_pobj(verb, ("from",)) or (_pobj(control, ("from",)) if control is not None else None), mentions)
    return change


def _abandon(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    lemma = lemma_of(verb)
    place = _child(verb, "dobj", "obj")
    if place is None or lemma in ("withdraw", "retreat", "pull", "evacuate"):
        place = place or _pobj(verb, ("from", "of", "out"), deep=True)
    if lemma in ("hand", "surrender", "cede", "relinquish"):
        place = _child(verb, "dobj", "obj")
    positions = bool(lexicon.load(_FILE).get("transfer_positions"))
    if place is not None and place.lower_ == "it" and lemma in ("hand", "cede", "surrender", "relinquish"):
        # "withdrew from the Menaka base and handed it over": the place named before in the sentence
        place = next((t for t in reversed(verb.doc[:place.i]) if t.pos_ in ("NOUN", "PROPN")
                      and (_is_territory(t, places) or (positions and _is_position(t)))), None)
    if place is None or not (_is_territory(place, places) or (positions and _is_position(place))):
        return None
    left_to = lemma == "leave" and _pobj(verb, ("to",)) is not None  # "left the town to the regional force"
    if lemma == "leave" and not _is_position(place) and place.i not in places and not _nonviolent(verb.doc) and not left_to:
        return None  # "left the area" is often a move, not a handover; a named place, a base or a
        # handover said to be peaceful ("troops leave border town, rebels move in without resistance") counts
    change = Change(verb.i, "abandon", _place_heads(place), nonviolent=True)
    change.loser = _mention_at(_subject(verb), mentions)
    change.gainer = _mention_at(_pobj(verb, ("to",)), mentions)
    return change


# --- arguments ------------------------------------------------------------------------


def _is_position(token: Any) -> bool:
    return token.lower_ in _words("position_nouns") or token.lemma_.lower() in _words("position_nouns")


def _cede_control(verb: Any, mentions: list[ActorMention], places: dict[int, str]) -> Change | None:
    """"handed control of the ports to X", "ceded control of a village to Y", "handed over security of X",
    "control of the city was handed over to X"."""
    control = _child(verb, "dobj", "obj", "nsubjpass")
    place = _pobj(control, ("of", "over")) if control is not None else None
    if place is None or not (_is_territory(place, places) or _is_position(place)):
        return None
    change = Change(verb.i, "abandon", _place_heads(place), nonviolent=True)
    change.loser = _mention_at(_subject(verb), mentions)
    change.gainer = _mention_at(_pobj(verb, ("to",)), mentions)
    return change


def _child(token: Any, *deps: str) -> Any:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _pobj(token: Any, preps: tuple[str, ...], agent: bool = False, deep: bool = False) -> Any:
    """The object of a preposition attached to ``token`` ("out of X": deep=True looks one level down)."""
    if token is None:
        return None
    for child in token.children:
        is_prep = child.dep_ in ("prep", "agent") or (deep and child.dep_ in ("prt", "advmod"))
        if not is_prep:
            continue
        if child.lower_ in preps or (agent and child.dep_ == "agent"):
            obj = _child(child, "pobj")
            if obj is not None:
                return obj
        if deep:
            # "out of X", "away from X": the preposition hangs off the particle
            for grandchild in child.children:
                if grandchild.dep_ == "prep" and grandchild.lower_ in preps:
                    obj = _child(grandchild, "pobj")
                    if obj is not None:
                        return obj
    return None


def _subject(verb: Any) -> Any:
    """The subject, following relative clauses, conjoined verbs and control verbs."""
    seen = 0
    token = verb
    while seen < 5:
        subject = _child(token, "nsubj", "csubj")
        if subject is None and token.pos_ in ("NOUN", "PROPN"):
            # "the Taliban claim to have seized X": the noun's modifier is the claimant
            subject = _child(token, "compound", "poss", "nmod")
        if subject is None and token.i == verb.i:
            # a subject the parser mislabelled ("IS overtook" with IS as an auxiliary)
            subject = next((c for c in token.lefts if c.dep_ in ("auxpass", "aux") and c.text.isupper() and len(c.text) > 1), None)
        if subject is not None:
            if subject.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
                return token.head
            if subject.pos_ == "PRON" and token.dep_ == "ccomp" and token.head.lemma_.lower() in _SAYING:
                # "the army said it had regained X": the sayer is the doer; a sayer named after
                # the pronoun ("They have seized X, rebels said") is the source, not the doer
                sayer = _child(token.head, "nsubj")
                if sayer is not None and sayer.pos_ != "PRON" and sayer.i < subject.i:
                    return sayer
            return subject
        if token.dep_ == "relcl":  # "militants who ..." parsed without a "who"
            return token.head
        if token.dep_ in ("conj", "xcomp", "advcl", "ccomp") and token.head.i != token.i:
            if token.dep_ == "xcomp":
                # "the district was said to have fallen": the raised subject of the passive
                raised = _child(token.head, "nsubjpass")
                if raised is not None:
                    return raised
            token = token.head
            seen += 1
            continue
        if token.dep_ == "acl":  # "forces working to push X out": the noun is the subject
            return token.head
        return None
    return None


def _controller(control: Any) -> Any:
    """Who holds the control: "Taliban control", "the control of X", "Taliban hands"."""
    for child in control.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            return child
    return _pobj(control, ("of",))


def _mention_at(token: Any, mentions: list[ActorMention]) -> ActorMention | None:
    if token is None:
        return None
    candidates = [token, *[c for c in token.children if c.dep_ in ("compound", "amod", "poss", "conj", "appos")]]
    for candidate in candidates:
        for mention in mentions:
            if mention.start <= candidate.i < mention.end:
                return mention
    return None


def _place_heads(token: Any) -> list[int]:
    heads = [token.i]
    heads += [c.i for c in token.children if c.dep_ == "conj"]
    return heads


def _is_territory(token: Any, places: dict[int, str], depth: int = 0) -> bool:
    """Whether a noun phrase names a place that can change hands (not a post, not a country)."""
    if token is None or depth > 3:
        return False
    lower, lemma = token.lower_, token.lemma_.lower()
    words = [t.lower_ for t in token.subtree if (t.dep_ in ("compound", "amod") and t.i < token.i) or t.i == token.i]
    # the phrase as written, or its end ("Menagh air base": an air base)
    phrase = next((p for p in (" ".join(words[k:]) for k in range(len(words))) if p in _words("territory_nouns")),
                  " ".join(words))
    if lower in _words("position_nouns") or lemma in _words("position_nouns"):
        if lemma in ("headquarters",):  # "headquarters of Giro district": the district seat
            pass
        elif phrase not in _words("territory_nouns"):
            return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.head.i in {token.i, following.i, token.head.i} and (
        following.lower_ in _words("position_nouns") or following.lemma_.lower() in _words("position_nouns")
    ):
        return False  # "Bagram airfield", "Shindand air base": a base, not the place
    if token.i in places:
        return places[token.i] != "country"
    if any(c.i in places and places[c.i] != "country" for c in token.children if c.dep_ in ("compound", "poss", "nmod", "appos")):
        return True
    if lower in _words("territory_nouns") or lemma in _words("territory_nouns") or phrase in _words("territory_nouns"):
        return True
    if token.pos_ == "PROPN" and any(
        c.dep_ == "appos" and (c.lower_ in _words("territory_nouns") or c.lemma_.lower() in _words("territory_nouns"))
        for c in token.children
    ):
        return True  # "Wad Madani, the capital of Gezira state"
    if token.ent_type_ in ("GPE", "LOC", "FAC") and token.pos_ == "PROPN":
        return token.ent_type_ != "GPE" or not _is_country_name(token)
    if lower in _words("part_words") or lemma in _words("part_words"):
        inner = _pobj(token, ("of",))
        return _is_territory(inner, places, depth + 1)
    return False


def position_taken(doc: Any) -> int | None:
    """A military position taken ("overran two army posts", "had taken over the army's base",
    "captured a checkpoint"): not a change of control of territory but a battle (ACLED codes the
    storming of a post as an armed clash) - the token of the verb, if any."""
    for token in doc:
        lemma = lemma_of(token)
        if lemma not in _words("take_verbs") or not (token.pos_ == "VERB" or token.tag_.startswith("VB")):
            continue
        if lemma in ("take", "win") and not any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children):
            continue
        place = _passive_subject(token) if _passive(token) else _child(token, "dobj", "obj")
        if place is not None and place.lemma_.lower() in _words("military_positions") and not is_blocked(token):
            return token.i
    return None


def is_place_word(token: Any) -> bool:
    """A noun that names a place or a military position (for telling a place taken from a person taken)."""
    return _is_territory(token, {}) or _is_position(token) or token.ent_type_ in ("GPE", "LOC", "FAC")


def _is_country_name(token: Any) -> bool:
    from .actors import book

    text = " ".join(t.text for t in token.subtree if t.dep_ == "compound" or t.i == token.i)
    return any(c.name.lower() == text.lower() for c in book().countries.values())


def _named_place(token: Any, places: dict[int, str], strict: bool = False) -> bool:
    """A place with a name ("Marjah", "the district of Nawa"); unless strict, a territory noun too."""
    named = token.i in places or token.ent_type_ in ("GPE", "LOC", "FAC") or any(
        c.i in places for c in token.subtree if c.i != token.i
    )
    return named or (not strict and token.lower_ in _words("territory_nouns"))


# --- modality ---------------------------------------------------------------------




def _modals() -> frozenset[str]:
    return lexicon.word_set("realis.yaml", "modal_words")


def is_blocked(predicate: Any) -> bool:
    """Whether the context says the deed did not (yet) happen: threat, attempt, negation, purpose."""
    blockers = _words("blockers")
    if any(c.dep_ == "neg" for c in predicate.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in _modals() for c in predicate.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "before") for c in predicate.children):
        return True
    if predicate.dep_ in ("csubj", "csubjpass") and predicate.head.i != predicate.i and is_blocked(predicate.head):
        return True  # "Retaking the city would mean access to the airport": the deed as a prospect
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in predicate.children)
    if infinitive and predicate.dep_ in ("advcl", "xcomp", "acl", "relcl", "ccomp"):
        governor = predicate.head.lemma_.lower()
        if governor not in lexicon.word_set("claims.yaml", "claim_verbs") and governor not in (
            "manage", "succeed", "begin", "start", "continue", "help", "say", "report", "appear", "seem",
        ):
            return True
    token = predicate
    coordinate = False
    complement = False  # reached through a verb's complement ("would continue bombing")
    for _ in range(4):
        lemma = token.lemma_.lower()
        if token.i != predicate.i and lemma in blockers and not coordinate:
            return True
        if complement and any(c.dep_ == "aux" and c.lower_ in _modals() for c in token.children):
            return True  # "Russia made clear it would continue bombing rebel targets": a prospect
        complement = token.dep_ == "xcomp"
        coordinate = token.dep_ == "conj"  # "stopped a woman and assaulted her": a sibling, not a governor
        if token.i == predicate.i and lemma in ("threaten",):
            return True
        if token.dep_ == "pcomp" and token.head.lower_ in ("to", "of", "at", "in") and token.head.head.lemma_.lower() in blockers:
            return True
        if token.head.i == token.i:
            break
        if lemma in lexicon.word_set("claims.yaml", "report_verbs") and token.i != predicate.i:
            break  # above a verb of saying is another clause
        token = token.head
    return False
