"""The clauses of a sentence that may each tell a deed of their own.

News packs several incidents into one sentence: "Kurdish-backed forces were
fighting with insurgent groups near Tel Rifaat, while further south,
government forces renewed their shelling of rebel positions northwest of
Aleppo city" is a clash and a shelling, at two places. ACLED codes one event
per incident, place and day, so each such clause is typed on its own
(events.detect), with the cues and the roles inside it, and located by the
places inside it.

A clause here is a finite verb that heads its own statement: the sentence's
root, or an adverbial clause of contrast with a subject of its own ("while
further south, government forces renewed ..."). Coordinated verbs ("were
killed and 1 was wounded by airstrikes", "killed one militant and arrested
two more") are not split: most tell one incident (measured on the ACLED dev
notes: splitting them cost actor2 0.953 -> 0.872). The tokens of a clause are
its verb's subtree less the subtrees of the other clauses inside it. Reported
speech ("the Observatory said rebels shelled X") is not split: the clause
under a verb of saying is the sentence's one deed, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_SUBJECTS = ("nsubj", "nsubjpass")
_CONTRAST_MARKS = ("while", "whereas")  # "while further south, government forces ..."


@dataclass(frozen=True)
class Clause:
    head: int  # token index of the clause's verb
    tokens: frozenset[int]

    def span(self, doc: Any, offset: int) -> tuple[int, int]:
        """Article offsets from the clause's first to its last token (``offset``: the sentence's start)."""
        first, last = doc[min(self.tokens)], doc[max(self.tokens)]
        return offset + first.idx - doc[0].idx, offset + last.idx - doc[0].idx + len(last.text)


def _verb(token: Any) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def _heads(doc: Any) -> list[Any]:
    from .lexicon import word_set

    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root.lemma_.lower() in word_set("claims.yaml", "report_verbs"):
        root = next((c for c in root.children if c.dep_ == "ccomp" and _verb(c)), None)  # what was said
    if root is None or not _verb(root):
        return []
    heads = [root]
    for token in doc:
        if token is root or not _verb(token) or token.tag_ in ("VBG", "VBN") and not _finite_passive(token):
            continue
        chain = token.head
        if token.dep_ == "advcl" and chain in heads and any(c.dep_ in _SUBJECTS for c in token.children) and any(
            c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in token.children
        ):
            heads.append(token)  # "..., while government forces renewed their shelling"
    return heads


def _finite_passive(token: Any) -> bool:
    """A participle that heads a finite clause through its auxiliaries ("were fighting", "was killed")."""
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in token.children)


def deed_clauses(doc: Any) -> list[Clause]:
    """The sentence's clauses in text order (module docstring); one clause, or none, means the
    sentence is read whole."""
    heads = _heads(doc)
    if len(heads) < 2:
        return []
    indices = {h.i for h in heads}
    clauses = []
    for head in heads:
        inner = [t for t in head.subtree if t.i != head.i and t.i in indices]
        excluded = {s.i for t in inner for s in t.subtree}
        clauses.append(Clause(head.i, frozenset(t.i for t in head.subtree if t.i not in excluded)))
    return sorted(clauses, key=lambda c: min(c.tokens))
