"""Whether a sentence tells its deed as done: realis.

A verb reports a deed unless a threat, plan, attempt, negation or modal
governs it; a noun only as the argument of a verb of occurrence or harm; a
present-tense clause is a generic statement except in a headline; a deed told
as lasting months or years is a state of the war. Used by events.detect for
every typed deed of a sentence.
"""

from __future__ import annotations

from typing import Any

from ..models import Sentence
from . import actors as actor_book
from . import classify, clauses, lexicon, territory

LOOSE_REALIS = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                "Violent demonstration", "Other"}
LOOSE_IF_VERBAL = {"Change to group/activity", "Agreement"}


def main_clause_realis(doc: Any, headline: bool) -> bool:
    """Demonstrations, threats, announcements: the main verb happened ("farmers staged a sit-in
    to protest", "militants issued a statement threatening ..."), whatever its purpose clause says."""
    deps = lexicon.token_deps(doc)
    if "ROOT" not in deps:
        return False
    root = doc[deps.index("ROOT")]
    if root.pos_ not in ("VERB", "AUX"):
        return False
    if root.tag_ in ("VBZ", "VBP") and not headline and not _perfect_or_passive(root):
        return False
    return not any(c.dep_ == "neg" for c in root.children) and not any(
        c.dep_ == "aux" and c.lower_ in modal_words() for c in root.children
    )


def modal_words() -> frozenset[str]:
    """Modal verbs (data/realis.yaml): a deed under one is a prospect."""
    return lexicon.word_set("realis.yaml", "modal_words")


def supposed(doc: Any, anchor: int) -> bool:
    """The deed word is the venue of a statement ("Trump said at a rally in Dayton"), the one
    a statement addresses ("Trump called the protesters thugs"), or lies inside a condition or
    under a modal ("If its forces retake Aleppo ..., Damascus would deal a crushing blow to the
    insurgents who were on the march"; "said the protesters should have let the rally happen"):
    told, not reported as having happened. For the deeds read loosely (a demonstration is realis
    when the sentence's main verb is), whose own word is not weighed otherwise (data/realis.yaml)."""
    token = doc[anchor]
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head  # "called the protesters vandals" parsed as one noun phrase
    saying = lexicon.word_set("claims.yaml", "report_verbs")
    if token.dep_ == "pobj" and token.head.lower_ == "at" and token.head.head.lemma_.lower() in saying:
        return True
    if token.dep_ == "dobj" and token.head.lemma_.lower() in saying | lexicon.word_set("realis.yaml", "address_verbs"):
        return True
    modals = modal_words()
    conditions = lexicon.word_set("realis.yaml", "condition_marks")
    for node in [token, *token.ancestors]:
        if node.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "aux" and c.lower_ in modals or c.dep_ == "mark" and c.lower_ in conditions
            for c in node.children
        ):
            return True
    return False


def _names_a_relative(token: Any) -> bool:
    """A participle describing the person a relative is named through ("the widow of an American
    killed in Jordan", "the families of those killed"): data/realis.yaml relation_nouns."""
    if token.dep_ not in ("acl", "relcl") or token.tag_ != "VBN":
        return False
    person = token.head
    return person.dep_ == "pobj" and person.head.lower_ == "of" and (
        person.head.head.lemma_.lower() in lexicon.word_set("realis.yaml", "relation_nouns")
        or person.head.head.lower_ in lexicon.word_set("realis.yaml", "relation_nouns"))


def realis(doc: Any, anchor: int, cue_tokens: set[int], headline: bool = False, loose: bool = False) -> bool:
    """Whether the anchor word reports something that happened.

    A verb: unless a threat, plan, attempt, negation or modal governs it
    ("threatened to attack", "could strike"). A noun ("clashes", "an
    airstrike"): only as the argument of a verb of occurrence or harm ("clashes
    erupted", "killed in an airstrike", "launched an offensive"), itself
    realis; a noun in passing ("the fighting comes as ...", "hearing the
    blasts", "sanctions such as executions") is not an event. A present-tense
    clause is a generic statement except in a headline.
    """
    token = doc[anchor]
    eventive = lexicon.word_set("cues.yaml", "eventive_verbs")
    if token.head.dep_ == "ROOT" and token.head.tag_ in ("VBZ", "VBP") and actor_book.book().aliases.get(token.head.lower_):
        return True  # "Taliban militants clashes with ...": the "verb" is a misparsed noun
    if _names_a_relative(token):
        return False  # "sued by the widow of an American killed in Jordan": who she is, not news
    if token.dep_ == "amod" and token.tag_ in ("VBN", "VBD") and token.head.pos_ in ("NOUN", "PROPN") and (
        token.head.i not in cue_tokens
    ) and any(c.i < token.i and (c.dep_ in ("det", "nummod", "predet", "poss") or c.dep_ == "amod" and c.pos_ == "ADJ")
              for c in token.head.children):
        # "footage showing several smashed display cases", "the burned cars": a state, not a deed
        # (inside its noun phrase: "Forces loyal to Assad battled rebels", a verb the parser took
        # for a modifier, has nothing of the phrase before it)
        return False
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        if not headline and ongoing(token):
            return False
        if loose:
            return main_clause_realis(doc, headline) or not territory.is_blocked(token)
        if territory.is_blocked(token) and not _has_outcome(doc, token):
            return False
        return True
    if token.dep_ == "ROOT" or token.head.i == token.i:
        return True
    if any(clauses.prior_measure(t) for t in [token, *token.ancestors][:6]):
        return True  # "a day after an attack by suicide bombers in Jakarta": a deed dated by its distance
    if nominal_deed(token):
        return True  # "the rape of three women by armed men was condemned": told with its doer and victim
    if token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.lemma_.lower() in classify.CREDIT_NOUNS:
        return True  # "claimed responsibility for the assault at Splendid Hotel", "no group took credit for the attack"
    if any(c.dep_ in ("amod", "acl") and c.tag_ in ("VBN", "VBD") and c.lemma_.lower() in eventive for c in token.children):
        return True  # "conducted clearing operations" with "conducted" misparsed as a modifier
    node = token
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return node.pos_ in ("NOUN", "PROPN")
        if head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
            lemma = head.lemma_.lower()
            particle = {c.lower_ for c in head.children if c.dep_ in ("prt", "dobj")}
            if head.i in cue_tokens or lemma in eventive or (lemma == "carry" and "out" in particle) or (
                lemma == "go" and "off" in particle  # "a bomb went off"
            ):
                if head.tag_ in ("VBZ", "VBP") and not headline and not _perfect_or_passive(head) and not _past_told(doc):
                    return False  # "the fighting comes as talks begin": a generic present
                return not territory.is_blocked(head)
            if head.dep_ in ("csubj", "acl") and head.head.i != head.i:
                node = head  # "IEDs planted by the Taliban killed ...": the participle modifies the deed
                continue
            return False
        if node.dep_ == "acl" or head.dep_ == "acl":
            node = head  # "a barrel bomb containing chlorine", "munitions containing the agent"
            continue
        if node.dep_ in ("pobj", "prep", "conj", "appos", "compound", "amod", "nmod", "cc"):
            # climb through prepositions and coordination, but not into another noun's
            # description ("the focus of an offensive", "sanctions such as executions")
            if head.pos_ in ("NOUN", "PROPN") and head.i not in cue_tokens and node.dep_ in ("pobj", "prep"):
                frame = head.lemma_.lower() in lexicon.word_set("cues.yaml", "deed_frames")
                if node.dep_ == "prep" and not classify.quantity_word(head) and not frame:
                    return False  # (but "dozens of missiles", "a barrage of rockets": the quantity is the
                    # deed; "the use of chlorine", "cases of rape": the deed told through a frame noun)
            node = head
            continue
        return False
    return False


def ongoing(verb: Any) -> bool:
    """A present progressive that describes a state of the war, not a deed of the story's time:
    the perfect progressive with no date of its own ("Hadi's forces have been battling the Houthi
    militia in Sanaa") and the progressive of a relative clause that describes a party
    ("militants, who are battling Ankara in southeast Turkey, have ..."). A dated one is kept
    ("have been fighting since Monday"), and so is the plain progressive of a main clause ("forces
    are battling the Taliban in Kunduz"), which news uses for what is happening now."""
    if verb.tag_ != "VBG":
        return False
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    present = any(c.tag_ in ("VBP", "VBZ") for c in auxes)
    perfect = present and any(c.lemma_.lower() == "have" for c in auxes) and any(c.lower_ == "been" for c in auxes)
    if not (perfect or (present and verb.dep_ == "relcl")):
        return False
    return not any(t.ent_type_ in ("DATE", "TIME") or t.lower_ == "since" for t in verb.subtree)


def nominal_deed(token: Any) -> bool:
    """An event noun with its victim and its doer ("the killing of an activist by hitmen", "the
    looting of the bank by armed groups"): a deed told as done, whatever verb governs it - unless
    that verb makes it hypothetical ("to prevent the killing of ... by ...")."""
    preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "agent") and any(g.dep_ == "pobj" for g in c.children)}
    if "of" not in preps or "by" not in preps:
        return False
    hypothetical = lexicon.word_set("cues.yaml", "hypothetical_heads")
    for ancestor in list(token.ancestors)[:4]:
        if ancestor.lemma_.lower() in hypothetical or any(c.dep_ == "neg" for c in ancestor.children):
            return False
        if any(c.dep_ == "aux" and c.lower_ in modal_words() for c in ancestor.children):
            return False
    return True


def _past_told(doc: Any) -> bool:
    """The sentence tells the past somewhere (a misparsed present verb is then not a generic present);
    a participle used as an adjective ("government-held areas") tells no past."""
    return any(tag in ("VBD", "VBN") and doc[i].dep_ not in ("amod", "compound", "nmod")
               for i, tag in enumerate(lexicon.token_tags(doc)))


def _perfect_or_passive(verb: Any) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in ("have", "be") and c.i > verb.i - 4 for c in verb.children) and verb.tag_ == "VBN"


def _has_outcome(doc: Any, token: Any) -> bool:
    """"attacked ..., killing 3": a planned or threatened deed with an outcome did happen."""
    lemmas = lexicon.token_forms(doc)[2]
    return any(
        lemma in ("kill", "wound", "injure", "die") and i != token.i and doc[i].pos_ == "VERB"
        and not territory.is_blocked(doc[i])
        for i, lemma in enumerate(lemmas)
    )


def lasting(anchor: Any) -> bool:
    """The deed is told as lasting months or years ("have besieged rebel-held areas for several
    years"): a state of the war, not an incident (realis.yaml lasting_units)."""
    units = lexicon.word_set("realis.yaml", "lasting_units")
    verb = next((t for t in [anchor, *anchor.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            if any(o.dep_ == "pobj" and o.lemma_.lower() in units for o in prep.children):
                return True
    return False


def faceless(mention: Any, counted: bool, sentence: Sentence) -> bool:
    """Fighting told with no side, no toll and no place finer than a country ("Warring parties
    have continued to fight and jostle for territory", "fierce fighting was still underway"): the
    state of a war, which no coder can place as one incident. (A strike or an interception told
    so is still an event: "rockets fired from Gaza were intercepted".)"""
    return (
        mention.sub_event_type == "Armed clash" and mention.actor1 is None and mention.actor2 is None and not counted and not mention.territorial
        and (mention.place is None or mention.place.kind == "country")
        and all(p.kind == "country" for p in mention.places)
        and not _unknown_place_named(sentence, mention.places)
        and not _side_on_the_deed(sentence, mention.anchor)
    )


def _side_on_the_deed(sentence: Sentence, anchor: int) -> bool:
    """The deed noun names its side ("The Taliban assault began on Friday", "the Islamist
    assault", "the rebel offensive"): one party's operation, not the state of a war."""
    doc = sentence.doc
    if doc is None or not 0 <= anchor < len(doc):
        return False
    modifiers = {c.i for c in doc[anchor].children if c.dep_ in ("compound", "amod", "poss", "nmod")}
    return any(modifiers & set(range(m.start, m.end)) for m in actor_book.find_mentions(doc))


def _unknown_place_named(sentence: Sentence, places: list[Any]) -> bool:
    """A proper noun after a preposition of place that no gazetteer reading covers ("on the
    eastern outskirts of Kubaisa"): the fighting has a place, one the gazetteer lacks."""
    doc = sentence.doc
    if doc is None:
        return False
    covered = [(p.start, p.end) for p in places]
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ != "pobj" or token.ent_type_ in ("DATE", "TIME", "NORP"):
            continue
        if token.head.lower_ in ("in", "of", "near", "at", "around", "outside", "inside") and not any(
            a <= sentence.start + token.idx < b for a, b in covered
        ):
            return True
    return False
