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
further south, government forces renewed ..."), or an earlier deed told with
its distance in time ("..., a day after the group targeted Damascus and Homs
in car bomb attacks": ``Clause.days_before``, read from the measure of
"after"; an "after" clause with no measure is not split, its deed may be
months old; a deed noun after a measured "after" is such a clause too: "a day
after an attack by suicide bombers in Jakarta"). Coordinated verbs ("were
killed and 1 was wounded by airstrikes", "killed one militant and arrested
two more") are not split: most tell one incident (measured on the ACLED dev
notes: splitting them cost actor2 0.953 -> 0.872), unless the second verb has a
doer of its own and names a place or a day of its own ("Rebels shelled the
airport in Aleppo last month, and government jets bombed Idlib on Sunday":
two deeds, each dated by its own clause). The tokens of a clause are
its verb's subtree less the subtrees of the other clauses inside it. Reported
speech ("the Observatory said rebels shelled X") is not split: the clause
under a verb of saying is the sentence's one deed, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_SUBJECTS = ("nsubj", "nsubjpass")
_CONTRAST_MARKS = ("while", "whereas")  # "while further south, government forces ..."
_PRIOR_MARKS = ("after",)  # "a day after the group targeted Damascus"


@dataclass(frozen=True)
class Clause:
    head: int  # token index of the clause's verb
    tokens: frozenset[int]
    days_before: int = 0  # the clause's deed happened this many days before the sentence's main deed

    def span(self, doc: Any, offset: int) -> tuple[int, int]:
        """Article offsets from the clause's first to its last word (``offset``: the sentence's
        start); the sentence's closing stop, which hangs on the main clause, is no word of it."""
        words = self._words(doc)
        return self._offsets(doc, offset, words[0], words[-1])

    def runs(self, doc: Any, offset: int) -> list[tuple[int, int]]:
        """Article offsets of each unbroken run of the clause's words: the main clause around a
        clause inside it ("killed one militant in Central Sulawesi, while two others were arrested
        in Cirebon") is two runs, and the inner clause's places are not the main clause's."""
        words = self._words(doc)
        found: list[tuple[int, int]] = []
        start = previous = words[0]
        for i in words[1:] + [None]:
            if i is None or any(j not in self.tokens for j in range(previous + 1, i)):
                found.append(self._offsets(doc, offset, start, previous))
                start = i
            previous = i if i is not None else previous
        return found

    def _words(self, doc: Any) -> list[int]:
        words = sorted(i for i in self.tokens if not doc[i].is_punct)
        return words or sorted(self.tokens)

    @staticmethod
    def _offsets(doc: Any, offset: int, first: int, last: int) -> tuple[int, int]:
        return offset + doc[first].idx - doc[0].idx, offset + doc[last].idx - doc[0].idx + len(doc[last].text)


def _verb(token: Any) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def _heads(doc: Any) -> list[tuple[Any, int]]:
    """The clause heads with how many days before the main deed each tells its deed."""
    from .lexicon import word_set

    reports = word_set("claims.yaml", "report_verbs")
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    added = None
    if root is not None and root.lemma_.lower() in reports:
        said = next((c for c in root.children if c.dep_ == "ccomp" and _verb(c)), None)  # what was said
        # "reported advances in the same area, adding that Russian jets had hit three towns": the
        # report's own object is one deed, what it adds another
        if said is None and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in root.children):
            added = _added(root, reports)
        root = said if added is None else root
    if root is None or not _verb(root):
        return []
    heads: list[tuple[Any, int]] = [(root, 0)] + ([(added, 0)] if added is not None else [])
    for token in doc:
        verbs = [h for h, _ in heads]
        if token.dep_ == "prep" and token.lower_ in _PRIOR_MARKS and token.head.dep_ == "npadvmod" and (
            _within(token.head.head, verbs) and any(c.dep_ == "pobj" and c.pos_ == "NOUN" for c in token.children)
        ):
            days = _measure_days(token.head)
            if days is not None:
                heads.append((token, days))  # "..., a day after an attack by suicide bombers in Jakarta"
            continue
        if token is root or not _verb(token) or token.tag_ in ("VBG", "VBN") and not _finite_passive(token):
            continue
        if _coordinated_statement(token, verbs):
            heads.append((token, 0))  # "Rebels shelled the airport last month, and government jets bombed Idlib"
            continue
        if token.dep_ != "advcl" or token.head not in verbs or not any(c.dep_ in _SUBJECTS for c in token.children):
            continue
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if marks & set(_CONTRAST_MARKS) and not (_toll(token) and _toll(token.head)):
            heads.append((token, 0))  # "..., while government forces renewed their shelling"
        elif marks & set(_PRIOR_MARKS):
            days = next((d for d in map(_measure_days, (c for c in token.children if c.dep_ == "npadvmod"))
                         if d is not None), None)
            if days is not None:
                heads.append((token, days))  # "..., a day after the group targeted Damascus"
    return heads


def _added(report: Any, reports: set[str] | frozenset[str]) -> Any:
    """The deed a reporting verb's ", adding that ..." tells (its finite verb with a subject of
    its own), else None."""
    for child in report.children:
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_.lower() in reports | {"add"}:
            said = next((c for c in child.children if c.dep_ == "ccomp" and _verb(c)), None)
            if said is not None and any(c.dep_ in _SUBJECTS for c in said.children):
                return said
    return None


def _coordinated_statement(verb: Any, heads: list[Any]) -> bool:
    """A verb coordinated with a clause head that tells a statement of its own: both active, each
    with its own subject, not a pronoun and not the first verb's ("Rebels shelled the airport, and
    government jets bombed Idlib"); not one doer's run of deeds ("killed one militant and arrested
    two more"), nor a toll broken down ("5 were killed and 3 were wounded")."""
    if verb.dep_ != "conj" or verb.head not in heads:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    first = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None or first is None or subject.pos_ == "PRON" or subject.lemma_.lower() == first.lemma_.lower():
        return False  # (passives share their doer: "9 militants were killed, 3 were arrested ... by
        # Afghan Special Forces in Garmsir" is one raid)
    return _own_setting(verb, subject)


def _own_setting(verb: Any, subject: Any) -> bool:
    """The clause names a place, a target or a day of its own, outside its subject ("and
    government jets bombed Idlib on Sunday"); one that names none tells the response within the
    same incident ("Taliban shot rockets in Kandahar, but Afghan forces found the spot and
    arrested 3 militants": ACLED's one event)."""
    from .temporal import find_dates

    inside = {t.i for t in subject.subtree}
    if any(t.pos_ == "PROPN" for t in verb.subtree if t.i not in inside):
        return True
    return bool(find_dates(verb.doc[verb.left_edge.i : verb.right_edge.i + 1].text, None))


def _toll(verb: Any) -> bool:
    """A clause that only counts the dead or hurt ("5 militants were killed in 1 strike", "six others
    lost their lives"): two such clauses joined by "while" break one toll down, they are no two deeds."""
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    lives = lemma == "lose" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives") for c in verb.children)
    return (passive and lemma in ("kill", "wound", "injure")) or lemma == "die" or lives


def _within(verb: Any, heads: list[Any]) -> bool:
    """The verb is a clause head or coordinated with one ("killed one and arrested two")."""
    while verb not in heads and verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb in heads


def prior_measure(noun: Any) -> bool:
    """The noun is the deed of a measured "after" ("a day after an attack by ... in Jakarta")."""
    prep = noun.head
    return (noun.dep_ == "pobj" and prep.lower_ in _PRIOR_MARKS and prep.head.dep_ == "npadvmod"
            and _measure_days(prep.head) is not None)


def _measure_days(measure: Any) -> int | None:
    """How many days a measure of time counts ("a day" 1, "two days" 2, "hours" 0, "a week" 7);
    None when it is no measure or too vague ("a few days")."""
    from .temporal import interval_units, number_words

    days = interval_units().get(measure.lower_)
    if days is None:
        return None
    if days and any(c.lower_ in ("few", "several") for c in measure.children):
        return None  # "a few days after": not a day
    count = next((c for c in measure.children if c.dep_ in ("nummod", "det")), None)
    if count is None:
        return days
    n = int(count.text) if count.text.isdigit() else number_words().get(count.lower_)
    return None if n is None else days * n


def _finite_passive(token: Any) -> bool:
    """A participle that heads a finite clause through its auxiliaries ("were fighting", "was killed")."""
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in token.children)


def deed_clauses(doc: Any) -> list[Clause]:
    """The sentence's clauses in text order (module docstring); one clause, or none, means the
    sentence is read whole."""
    heads = _heads(doc)
    if len(heads) < 2:
        return []
    indices = {h.i for h, _ in heads}
    clauses = []
    for head, days in heads:
        inner = [t for t in head.subtree if t.i != head.i and t.i in indices]
        excluded = {s.i for t in inner for s in t.subtree}
        clauses.append(Clause(head.i, frozenset(t.i for t in head.subtree if t.i not in excluded), days))
    return sorted(clauses, key=lambda c: min(c.tokens))


def relative_history(sentence: Any, anchor: int, published: str | None) -> Any:
    """The history date of the relative clause a deed is told in, else None: "the network that
    carried out the November 13 attacks in Paris, in which 130 people were killed" tells a deed of
    November (an EventDate, background) inside a clause about the network, whatever the sentence's
    own deed; a history date in a relative clause the deed is not in does not date it."""
    from .temporal import EventDate, find_dates, relative_clause

    doc = sentence.doc
    if doc is None or not 0 <= anchor < len(doc):
        return None
    for mention in find_dates(sentence.text, published):
        if not mention.background or mention.date is None:
            continue
        clause = relative_clause(mention, doc)
        if clause is not None and any(t.i == anchor for t in clause.subtree):
            return EventDate(mention.date, mention.precision, True)
    return None
