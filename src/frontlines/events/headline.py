"""Headlines the parser reads as one long noun phrase.

"Army helicopter gunships pound rebel hideouts in Sagaing", "Rioters torch police
station in Karachi", "Grenade attack on nightclub wounds 12": the small English
model tags the verb of a present-tense headline as a noun ("pound/NN",
"wounds/NNS") and hangs every word on the last noun, so no rule finds a doer or
a deed. When a sentence has no verb at all and an event word stands where a
headline's verb stands - after a plural noun ("gunships pound"), or before a
number ("wounds 12") - the sentence is parsed again with that word replaced by
a verb no tagger mistakes, and the new tree, tags and parts of speech are copied
onto the original Doc. A past-tense event verb the parse hung on the noun after it
while a noun became the root ("Al-Shabaab publicly flogged/amod two men") is
repaired the same way. The tokens are the same, so character offsets, entities
and lemmas stay as they were.

Hand-written: spaCy has no headline mode, and the repair costs one extra parse
for the rare verbless sentence that holds an event word.
"""

from __future__ import annotations

import functools
from typing import Any

from . import lexicon

_STAND_IN = "attacked"  # past tense, transitive, never a noun
_NOUNS = {"NN", "NNS", "NNP", "NNPS"}
_OBJECT_START = {"CD", "DT", "JJ", "NN", "NNS", "NNP", "NNPS", "PRP$"}
_CACHES = ("frontlines.forms", "frontlines.deps", "frontlines.tags", "frontlines.roots", "frontlines.cues")


@functools.cache
def _event_words() -> frozenset[str]:
    """One-word event cues and territory verbs: the words that can be a headline's verb."""
    words = {
        str(phrase).lower()
        for phrases in lexicon.load("cues.yaml")["signals"].values()
        for phrase in phrases
        if " " not in str(phrase) and "*" not in str(phrase)
    }
    territory = lexicon.load("territory.yaml")
    for key in ("take_verbs", "expel_verbs", "fall_verbs", "abandon_verbs"):
        words.update(str(w).lower() for w in territory[key])
    return frozenset(words)


def _event_word(doc: Any, i: int) -> bool:
    _, lowers, lemmas = lexicon.token_forms(doc)
    return lowers[i] in _event_words() or lemmas[i] in _event_words()


def _lost_verb(doc: Any) -> int | None:
    """A past-tense verb the parse made a modifier while a noun became the root: the clause it lost."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots or roots[0].pos_ in ("VERB", "AUX"):
        return None
    for token in doc:
        if token.tag_ == "VBD" and token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i:
            return token.i
    return None


def _verb_slot(doc: Any) -> int | None:
    """The token standing where a headline's verb stands, if it is an event word."""
    words = _event_words()
    tags = lexicon.token_tags(doc)
    _, lowers, lemmas = lexicon.token_forms(doc)
    for i in range(1, len(doc) - 1):
        if lowers[i] not in words and lemmas[i] not in words:
            continue
        before, tag, after = tags[i - 1], tags[i], tags[i + 1]
        if before not in _NOUNS or after not in _OBJECT_START:
            continue
        # "gunships pound", "Houthis/NNP seize/VB district": a plural subject, a verb read as a noun or left bare
        plural = before in ("NNS", "NNPS") or (before == "NNP" and lowers[i - 1].endswith("s"))
        plural_subject = plural and tag in ("NN", "NNP", "JJ", "VB")
        counted_object = tag in ("NNS", "NNPS") and lowers[i].endswith("s") and after in ("CD", "DT")  # "wounds 12"
        if plural_subject or counted_object:
            return i
    return None


def _verbless(doc: Any) -> bool:
    finite = ("VBD", "VBZ", "VBP", "MD")
    return not any(t.tag_ in finite or (t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")) for t in doc)


def repair(doc: Any) -> Any:
    """The Doc with a headline's verb restored (see module doc); unchanged when it has a verb -
    unless the event word sits inside the subject of the verb it has ("Police defuse bomb found
    outside church": "found" read as the verb, "defuse" as a noun of its subject)."""
    if len(doc) < 3:
        return doc
    slot = _lost_verb(doc)  # "Al-Shabaab publicly flogged/amod two men"
    if slot is not None and not _event_word(doc, slot):
        slot = None
    if slot is None:
        slot = _verb_slot(doc)
        if slot is None:
            return doc
        token = doc[slot]
        inside_subject = token.dep_ == "compound" and token.head.dep_ in ("nsubj", "nsubjpass") and token.head.head.dep_ == "ROOT"
        if not _verbless(doc) and not inside_subject:
            return doc
    from spacy.attrs import DEP, HEAD, POS, TAG
    from spacy.tokens import Doc

    from ..nlp.model import load_model

    nlp = load_model()
    words = [t.text for t in doc]
    words[slot] = _STAND_IN
    parsed = nlp(Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc]))
    if parsed[slot].pos_ != "VERB":
        return doc
    tag = "VBD" if doc[slot].tag_ == "VBD" else "VBZ" if doc[slot].tag_ in ("NNS", "NNPS") else "VBP"
    attrs = [HEAD, DEP, TAG, POS]
    doc.from_array(attrs, parsed.to_array(attrs))
    doc[slot].tag_, doc[slot].pos_ = tag, "VERB"
    for key in _CACHES:
        doc.user_data.pop(key, None)
    return doc
