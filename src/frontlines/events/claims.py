"""Attribution: who says an event happened, and whether that is a claim or a denial.

From the clause above the event's anchor word (``data/claims.yaml``):

* a verb of claiming ("the Taliban claimed to have occupied ...") makes the
  event ``claimed`` by its subject;
* a verb of denying ("denied reports that the city fell", "dismissed these
  estimates") makes it ``denied`` by its subject;
* a verb of saying ("the defence ministry said") or "according to X" makes it
  ``reported`` with that source; when the sayer is itself an armed party
  speaking of its own deed, the report is a claim;
* doubting phrases ("has not yet been confirmed", "could not be verified")
  make it ``disputed``.

A sentence that only denies or confirms ("The Taliban has dismissed these
estimates.") carries no event of its own; :func:`standalone` reads it so that
the assembler can apply it to the event it follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import lexicon
from .actors import ActorMention

REPORTED, CLAIMED, CONFIRMED, DENIED, DISPUTED = "reported", "claimed", "confirmed", "denied", "disputed"
_FILE = "claims.yaml"


def _words(key: str) -> frozenset[str]:
    return lexicon.word_set(_FILE, key)


@dataclass
class Claim:
    status: str = REPORTED
    by: ActorMention | None = None  # the claimant / denier when it is an actor
    by_text: str | None = None  # the claimant / source as written ("the defence ministry")
    source: str | None = None  # who reports it (verb of saying / according to)


def _phrase_regex(key: str) -> re.Pattern[str]:
    phrases = sorted(_words(key), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


_DENY_RE: re.Pattern[str] | None = None


def deny_phrase(text: str) -> bool:
    global _DENY_RE
    if _DENY_RE is None:
        _DENY_RE = _phrase_regex("deny_phrases")
    return bool(_DENY_RE.search(text))


def _subject(verb: Any) -> Any:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.pos_ in ("NOUN", "PROPN"):  # "the Taliban claim to ...", "a Taliban statement said"
        for child in verb.children:
            if child.dep_ in ("compound", "poss", "nmod"):
                return child
    if verb.dep_ in ("conj", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _negated(verb: Any) -> bool:
    """The verb is denied or has nobody for a subject: "did not claim", "no group claimed",
    "nobody has claimed"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subject = _subject(verb)
    return subject is not None and (
        subject.lower_ in ("nobody", "none", "no-one") or any(d.dep_ == "det" and d.lower_ == "no" for d in subject.children)
    )


def _mention_for(token: Any, mentions: list[ActorMention]) -> ActorMention | None:
    if token is None:
        return None
    for candidate in [token, *token.subtree]:
        for mention in mentions:
            if mention.start <= candidate.i < mention.end:
                return mention
    return None


def _phrase(token: Any) -> str:
    """The noun phrase of a subject, without determiners: "the defence ministry" -> "defence ministry"."""
    words = [t for t in token.subtree if t.dep_ not in ("det", "punct", "relcl", "acl", "appos") and t.i <= token.i]
    text = " ".join(t.text for t in words).strip()
    return text[:80]


def attribution(doc: Any, anchor: int, mentions: list[ActorMention]) -> Claim:
    """The attribution of the event anchored at token ``anchor`` of a sentence."""
    claim = Claim()
    token = doc[anchor]
    for _ in range(8):
        if token.head.i == token.i:
            break
        token = token.head
        lemma = token.lemma_.lower()
        status = DENIED if lemma in _words("deny_verbs") else CLAIMED if lemma in _words("claim_verbs") else None
        if status is not None and _negated(token):
            break  # "No group claimed responsibility, but ...": nobody claims; nor is a denial denied
        if status is not None:
            subject = _subject(token)
            claim.status = status
            claim.by = _mention_for(subject, mentions)
            claim.by_text = _phrase(subject) if subject is not None else None
            return claim
        if lemma in _words("report_verbs") and claim.source is None:
            subject = _subject(token)
            if subject is not None:
                claim.source = _phrase(subject)
                claim.by = _mention_for(subject, mentions)
    # "..., the Taliban claimed." / "..., officials said.": the verb of saying is the root, the event a ccomp
    deps = lexicon.token_deps(doc)
    root = doc[deps.index("ROOT")] if "ROOT" in deps else None
    if root is not None and claim.source is None and root.i != anchor:
        lemma = root.lemma_.lower()
        subject = _subject(root)
        if subject is not None and lemma in _words("claim_verbs") and not _negated(root):
            claim.status, claim.by, claim.by_text = CLAIMED, _mention_for(subject, mentions), _phrase(subject)
            return claim
        if subject is not None and lemma in _words("report_verbs"):
            claim.source = _phrase(subject)
            claim.by = _mention_for(subject, mentions)
    if claim.source is None:
        match = re.search(r"\baccording to ([^,.;]+)", lexicon.doc_text(doc), re.IGNORECASE)
        if match:
            claim.source = match.group(1).strip()[:80]
    if deny_phrase(lexicon.doc_text(doc)):
        claim.status = DISPUTED
    return claim


def standalone(doc: Any, mentions: list[ActorMention]) -> Claim | None:
    """A sentence that denies, disputes or confirms what came before, with no event of its own."""
    wanted = _words("deny_verbs") | _words("confirm_verbs")
    for i, lemma in enumerate(lexicon.token_forms(doc)[2]):
        if lemma not in wanted:
            continue
        token = doc[i]
        if token.pos_ != "VERB":
            continue
        if lemma in _words("deny_verbs"):
            subject = _subject(token)
            return Claim(DENIED, _mention_for(subject, mentions), _phrase(subject) if subject is not None else None)
        if lemma in _words("confirm_verbs") and not any(c.dep_ == "neg" for c in token.children):
            subject = _subject(token)
            return Claim(CONFIRMED, _mention_for(subject, mentions), _phrase(subject) if subject is not None else None)
    if deny_phrase(lexicon.doc_text(doc)):
        return Claim(DISPUTED)
    return None


def combine(first: str, second: str) -> str:
    """The status of an event reported twice (in any order)."""
    pair = {first, second}
    if len(pair) == 1:
        return first
    if DENIED in pair or DISPUTED in pair:
        return DISPUTED  # one telling says it happened, another denies or doubts it
    if CONFIRMED in pair:
        return CONFIRMED
    if CLAIMED in pair:
        return CLAIMED
    return REPORTED
