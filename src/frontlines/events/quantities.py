"""Casualty and detention figures: who was killed, wounded, captured, how many.

Interface (for the events stage):

``find_casualties(sentence, offset=0, *, convention=None) -> list[Casualty]``
    ``sentence`` is a spaCy ``Doc`` / ``Span`` (ideally parsed) or a string
    (parsed here with the project's model). ``offset`` is added to every
    character span, so pass ``Sentence.start`` to get offsets in Article.text.
    Each :class:`Casualty` is one group of people to whom one thing happened:
    ``count`` (best estimate under the coding convention, ``None`` when the
    text gives no number: "militants were killed"), ``low`` / ``high``,
    ``category`` (killed | wounded | captured | missing | killed_or_wounded),
    ``group`` (the victims as written) and ``side`` (militants | soldiers |
    police | civilians | foreign | people | None), ``vague``, ``additional``
    ("two more", "9 other militants": adds to what was counted before),
    ``subset`` ("including three civilians", "three of the eight": already
    inside another figure, never added), ``statistic`` (a total over months or
    years: never an incident count), ``start`` / ``end``.

``tally(casualties, category="killed", *, conservative=False) -> Tally``
    (events.tally, re-exported here) One event's figure for a category from all its sentences' casualties
    without double counting: inside a sentence the groups add up ("7 soldiers
    and 2 militants" = 9); across sentences the same side's figure repeated
    counts once (the larger is the fuller telling; ``conservative=True``
    takes the smaller, for reports from different sources); additional
    groups add; subsets and statistics never count; a general figure
    ("16 people") covers the sides it includes. ``Tally.best/low/high``
    are ``None`` when nothing was counted.

``set_convention(name)`` / ``convention()`` — which coding convention turns
vague words into numbers ("acled": "dozens" = 12, "several" = 3; "isaf":
the press-release annotation's minimum readings). See data/quantities.yaml.

The reader works on the dependency parse: the victims are the passive subject
of a casualty verb ("7 soldiers ... were killed"), its object ("killing two
insurgents"), the subject of an intransitive one ("2 went missing"), the
noun a participle or adjective qualifies ("16 people killed", "left many
militants dead"), or the of-phrase of a casualty noun ("the deaths of 5
soldiers"). Hand-written because no maintained library reads casualty
counts; the word lists are data.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml
from .tally import Tally as Tally  # one event's figure from its mentions, re-exported:
from .tally import tally as tally  # the events stage calls quantities.tally

CATEGORIES = ("killed", "wounded", "captured", "missing", "killed_or_wounded")
_PERSON_PRONOUNS = {"he": 1, "him": 1, "she": 1, "her": 1, "himself": 1, "herself": 1}
_PLURAL_PRONOUNS = {"they", "them", "themselves", "those", "these", "all", "others"}
_NEGATORS = {"no", "none", "neither", "nobody"}
# Ancestors that make a casualty word a description of the past, an intent or
# an accusation rather than something that happened in the reported event:
# "responsible for the deaths of civilians", "planned to kill".
_NOT_AN_OUTCOME = {
    "responsible", "involve", "know", "link", "accuse", "suspect", "plan", "plot",
    "attempt", "try", "threaten", "intend", "want", "vow", "seek", "aim", "order",
    "direct", "coordinate", "facilitate", "orchestrate", "mastermind", "blame",
    "charge", "prevent", "avoid", "protect", "would", "could", "might", "if",
    "allegation", "ensure", "minimize", "risk", "fear", "threat",
}


@dataclass(frozen=True)
class Casualty:
    count: int | None
    low: int | None
    high: int | None
    category: str
    group: str
    side: str | None
    start: int
    end: int
    vague: bool = False
    additional: bool = False
    subset: bool = False
    statistic: bool = False
    total: bool = False  # "a total of N": covers the parts reported beside it
    pronoun: bool = False  # "killing him", "his death": someone already named
    definite: bool = False  # "the suspected insurgents", "both men" (no number of their own): told of before
    noun: str | None = None  # lemma of the noun naming them ("leader", "insurgent"), None for a bare number
    coding: str | None = None  # a coder's statement of the figure (ACLED notes): here | total | unknown | share
    sentence_start: int = 0  # offset of the sentence it came from (groups mentions)


@dataclass(frozen=True)
class _Lexicon:
    numbers: dict[str, int]
    max_count: int
    multipliers: dict[str, int]
    exact: dict[str, int]
    vague: dict[str, dict[str, int | None]]
    approximators: tuple[str, ...]
    lower_bounds: tuple[str, ...]
    strict_lower_bounds: tuple[str, ...]
    verbs: dict[str, str]
    adjectives: dict[str, str]
    nouns: dict[str, str]
    object_must_be_person: frozenset[str]
    raising_verbs: frozenset[str]
    groups: dict[str, str]
    side_modifiers: dict[str, str]
    statistic: re.Pattern[str]
    coding: tuple[tuple[str, re.Pattern[str]], ...]
    total_cues: tuple[str, ...]
    additional_cues: frozenset[str]
    not_to_death: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = safe_yaml(
        resources.files(__package__).joinpath("data/quantities.yaml").read_text(encoding="utf-8")
    )
    verbs: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for category, words in raw["categories"].items():
        for lemma in words.get("verbs", []):
            verbs[lemma] = category
        for word in words.get("adjectives", []):
            adjectives[word] = category
        for lemma in words.get("nouns", []):
            nouns[lemma] = category
    groups: dict[str, str] = {}
    for side, words in raw["groups"].items():
        for word in words:
            groups.setdefault(str(word).lower(), side)
    side_modifiers: dict[str, str] = {}
    for side, words in raw["side_modifiers"].items():
        for word in words:
            side_modifiers.setdefault(str(word).lower(), side)
    return _Lexicon(
        numbers={k: int(v) for k, v in raw["numbers"].items()},
        max_count=int(raw["max_count"]),
        multipliers={k: int(v) for k, v in raw["multipliers"].items()},
        exact={k: int(v) for k, v in raw["exact"].items()},
        vague=raw["vague"]["conventions"],
        approximators=tuple(raw["vague"]["approximators"]),
        lower_bounds=tuple(raw["vague"]["lower_bounds"]),
        strict_lower_bounds=tuple(raw["vague"]["strict_lower_bounds"]),
        verbs=verbs,
        adjectives=adjectives,
        nouns=nouns,
        object_must_be_person=frozenset(raw["object_must_be_person"]),
        raising_verbs=frozenset(raw["raising_verbs"]),
        groups=groups,
        side_modifiers=side_modifiers,
        statistic=re.compile("|".join(f"(?:{p})" for p in raw["statistic_cues"]), re.I),
        coding=tuple(
            (kind, re.compile(pattern, re.I)) for kind, patterns in raw["coding_statements"].items() for pattern in patterns
        ),
        total_cues=tuple(raw["total_cues"]),
        additional_cues=frozenset(raw["additional_cues"]),
        not_to_death=frozenset(raw["not_to_death"]),
    )


_convention: str | None = None


def set_convention(name: str) -> None:
    """Choose how vague words become numbers ("acled" or "isaf")."""
    global _convention
    if name not in _lexicon().vague:
        raise ValueError(f"unknown quantity convention {name!r}")
    _convention = name


def convention() -> str:
    if _convention:
        return _convention
    from .. import config

    try:
        return str(config.get("quantities", "convention"))
    except KeyError:
        return "acled"


# --- numbers -----------------------------------------------------------------

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_RANGE = re.compile(r"(\d[\d,]*)\s*(?:-|–|to)\s*(\d[\d,]*)")


def parse_number(text: str) -> int | None:
    """A cardinal written in digits or words: "1,500", "twenty-one", "1.5 million"."""
    lex = _lexicon()
    words = text.lower().replace("-", " ").replace("–", " ").split()
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word == "and" and seen:
            continue
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
        elif word in lex.numbers:
            current += lex.numbers[word]
        elif word in lex.multipliers:
            current = (current or 1) * lex.multipliers[word]
            if lex.multipliers[word] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    value = total + current
    # no count at all beyond max_count (also "1" and 400 zeros, which is float infinity)
    return int(value) if seen and value <= lex.max_count else None


# --- the reader --------------------------------------------------------------


def find_casualties(sentence: Any, offset: int = 0, *, convention: str | None = None) -> list[Casualty]:
    """Every group of casualties or detainees in one sentence (see module doc)."""
    doc = _parsed(sentence)
    if doc is None or not len(doc):
        return []
    table = _lexicon().vague[convention or globals()["convention"]()]
    base = doc[0].idx  # Span tokens keep their Doc offsets
    statistic = _statistic_clauses(doc)
    found: list[Casualty] = _coding_statements(doc.text, offset)
    seen: set[tuple[int, str]] = set()
    antecedent: _Group | None = None  # "4 soldiers were killed, 3 were wounded"
    for trigger in doc:
        category = _category(trigger)
        if not category or _negated(trigger) or _not_an_outcome(trigger):
            continue
        category = _joint_category(trigger, category)
        for group in _victims(trigger, category):
            if (group.head.i, category) in seen:
                continue
            seen.add((group.head.i, category))
            casualty = _measure(group, category, table, antecedent)
            if casualty is None:
                continue
            if _also(trigger):  # "the force also detained two suspects"
                casualty = replace(casualty, additional=True)
            antecedent = group if group.side_noun is not None else antecedent
            found.append(
                replace(
                    casualty,
                    start=casualty.start - base + offset,
                    end=casualty.end - base + offset,
                    statistic=statistic(casualty.start - base),
                    sentence_start=offset,
                )
            )
    return found


def _statistic_clauses(doc: Any) -> Any:
    """Whether a figure told at a character of the sentence is a statistic: a cue of totals over
    a period or many places ("last year", "since 2014") marks the figures of its own clause, when
    the sentence tells several ("Taliban burned a school last year, and police arrested three men
    on Sunday": the arrests are no total; events.clauses), else every figure of the sentence."""
    from .clauses import deed_clauses

    cues = [m.start() for m in _lexicon().statistic.finditer(doc.text)]
    split = deed_clauses(doc) if cues else []
    if len(split) < 2:
        return lambda _at: bool(cues)
    base = doc[0].idx

    def clause_of(at: int) -> int | None:
        token = next((t for t in doc if t.idx - base <= at < t.idx - base + len(t.text) + 1), None)
        return next((n for n, c in enumerate(split) if token is not None and token.i in c.tokens), None)

    marked = {clause_of(at) for at in cues}
    return lambda at: clause_of(at) in marked


def _coding_statements(text: str, offset: int) -> list[Casualty]:
    """What a coder says of the figure ("36 total fatalities coded", "coded here as 7", "Unknown
    fatalities coded as 10", "Fatalities are distributed across 3 events"): see data/quantities.yaml."""
    found: list[Casualty] = []
    for kind, pattern in _lexicon().coding:
        for m in pattern.finditer(text):
            value = parse_number(m.group(1))
            if value is None:
                continue
            found.append(Casualty(
                count=value, low=value, high=value, category="killed", group=m.group(), side=None,
                start=offset + m.start(), end=offset + m.end(), coding=kind, sentence_start=offset,
            ))
    return found


def _also(trigger) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in ("also", "additionally") for c in trigger.children)


def _parsed(sentence: Any):
    if isinstance(sentence, str):
        from ..nlp.model import load_model

        return load_model()(sentence) if sentence.strip() else None
    doc = sentence.doc if hasattr(sentence, "doc") and not hasattr(sentence, "vocab") else sentence
    if doc.has_annotation("DEP"):
        return sentence
    # Sentences the annotator only tokenised: parse them here (rare, so cheap).
    from ..nlp.model import load_model

    return load_model()(sentence.text)


def _category(token) -> str | None:
    lex = _lexicon()
    lemma = token.lemma_.lower()
    text = token.lower_
    if token.pos_ in ("VERB", "AUX") and lemma in lex.verbs:
        if lemma == "take" and not _takes_custody(token):
            return None
        if lemma in ("go", "lose", "shoot", "gun", "round"):
            return None
        return lex.verbs[lemma]
    if token.pos_ == "VERB":
        for child in token.children:  # phrasal: "shot dead", "gunned down", "went missing"
            phrase = f"{lemma} {child.lower_}"
            if phrase in lex.verbs and child.dep_ in ("prt", "oprd", "acomp", "advmod", "advcl", "xcomp"):
                return lex.verbs[phrase]
        if lemma == "take" and _takes_custody(token):
            return "captured"
        if lemma not in lex.not_to_death and _to_death(token):
            return "killed"
    if token.pos_ in ("ADJ", "VERB") and text in lex.adjectives and token.dep_ in (
        "amod", "acomp", "oprd", "conj", "advcl", "xcomp", "ROOT", "ccomp", "attr",
    ):
        return lex.adjectives[text]
    if token.pos_ == "NOUN" and lemma in lex.nouns:
        return lex.nouns[lemma]
    return None


def _to_death(token) -> bool:
    """ "stabbed two people to death", "were beaten to death": the deed's result is death."""
    return any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
               for c in token.children)


def _takes_custody(token) -> bool:
    return any(t.lower_ in ("custody", "prisoner", "prisoners", "hostage", "hostages") for t in token.subtree)


def _negated(token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def told_within(casualties: list[Casualty], spans: list[tuple[int, int]]) -> list[Casualty]:
    """The casualties whose words start inside one of ``spans`` (article offsets)."""
    return [c for c in casualties if any(a <= c.start < b for a, b in spans)]


def _not_an_outcome(token) -> bool:
    raised = _raised(token)
    for ancestor in [token, *token.ancestors]:
        if ancestor.lemma_.lower() in _NOT_AN_OUTCOME and ancestor is not token:
            if not (raised and ancestor.i == token.head.i):  # "feared to have been killed" is an outcome
                return True
        if ancestor.dep_ in ("aux",) and ancestor.lower_ in ("will", "would"):
            return True
        if ancestor is token and not raised and any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "to") for c in ancestor.children
        ):
            return True
    return False


def _raised(token) -> bool:
    """ "20 militants were said to have been killed", "were reported killed": a past outcome told
    through a verb of saying or believing, whose subject is the victims."""
    if token.dep_ != "xcomp" or token.head.lemma_.lower() not in _lexicon().raising_verbs:
        return False
    auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    return "have" in auxes or (token.tag_ == "VBN" and "to" not in auxes)


def _joint_category(trigger, category: str) -> str:
    """ "were killed and wounded", "killing and injuring all inside": unclear which."""
    if category not in ("killed", "wounded"):
        return category
    other = "wounded" if category == "killed" else "killed"
    partners = [c for c in trigger.children if c.dep_ == "conj"]
    if trigger.dep_ == "conj":
        partners.append(trigger.head)
    for partner in partners:
        if _category(partner) != other:
            continue
        if _bare(partner) and not _own_victims(partner) or _bare(trigger) and not _own_victims(trigger):
            return "killed_or_wounded"
    return category


def _bare(token) -> bool:
    """A coordinated verb with no auxiliary of its own shares its partner's victims."""
    return token.dep_ != "conj" or not any(c.dep_ in ("aux", "auxpass") for c in token.children)


def _own_victims(token) -> bool:
    return any(c.dep_ in ("nsubjpass", "dobj", "nsubj") for c in token.children)


@dataclass
class _Group:
    head: Any  # the token naming or counting the victims
    trigger: Any
    subset: bool = False
    additional: bool = False
    side_noun: Any = None  # the noun that names them, when there is one


def _victims(trigger, category: str) -> list[_Group]:
    heads: list[Any] = []
    dep = trigger.dep_
    children = list(trigger.children)
    if trigger.pos_ == "NOUN":
        heads = [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        heads += [c for c in children if c.dep_ == "poss" and c.lower_ in _PERSON_PRONOUNS]
        if not heads and any(c.dep_ == "nummod" for c in children):
            heads = [trigger]
        if not heads and trigger.lemma_.lower() in ("body", "corpse", "dead", "detainee", "prisoner"):
            heads = [trigger]
    elif trigger.pos_ in ("VERB", "AUX") and not (dep in ("amod",) and trigger.head.pos_ in ("NOUN", "PROPN")):
        passive = [c for c in children if c.dep_ == "nsubjpass"]
        objects = [c for c in children if c.dep_ in ("dobj",)]
        subjects = [c for c in children if c.dep_ == "nsubj"]
        if passive:
            heads = passive
        elif objects:
            heads = objects
        elif dep in ("acl", "relcl") and trigger.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            heads = [trigger.head]
        elif _raised(trigger):
            heads = [c for c in trigger.head.children if c.dep_ in ("nsubjpass", "nsubj")]
        elif subjects and (_is_intransitive(trigger) or any(c.dep_ == "auxpass" for c in children)):
            heads = subjects
        elif dep == "conj" and _category(trigger.head) and _bare(trigger):
            heads = _victims_of_head(trigger.head)
        elif subjects and trigger.lower_ in _lexicon().adjectives and trigger.tag_ == "VBN":
            heads = subjects  # "dozens more wounded"
    else:  # adjectives: "found dead", "left many dead", "the wounded soldiers"
        if dep == "amod":
            heads = [trigger.head]
        elif dep == "oprd":
            heads = [c for c in trigger.head.children if c.dep_ == "dobj"]
        elif dep in ("acomp", "attr", "xcomp", "advcl"):
            heads = [c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        elif dep == "conj":
            own = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
            heads = own or _victims_of_head(trigger.head)
        elif dep == "ROOT":
            heads = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    if heads and trigger.pos_ in ("VERB", "AUX"):
        # "detained a facilitator along with one suspected insurgent"
        for child in children:
            if child.dep_ == "prep" and child.lower_ in ("along", "together"):
                heads += [g.head for g in _expand_pobj(child, trigger)]
    groups: list[_Group] = []
    for head in heads:
        groups.extend(replace(g, head=_through_name(g.head)) for g in _expand(head, trigger))
    if category == "captured" or trigger.lemma_.lower() in _lexicon().object_must_be_person:
        groups = [g for g in groups if _is_person(g)]
    return groups


def _through_name(head):
    """ "a senior Islamic Movement of Uzbekistan leader": the person inside the name."""
    if head.pos_ == "PROPN" and _side_of_noun(head) is None and head.ent_type_ != "PERSON":
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and _side_of_noun(pobj) is not None:
                        return pobj
    return head


def _victims_of_head(head) -> list[Any]:
    return [c for c in head.children if c.dep_ in ("nsubjpass", "dobj")] or (
        [head.head] if head.dep_ in ("acl", "relcl") else []
    )


def _is_intransitive(token) -> bool:
    return token.lemma_.lower() in ("die", "perish", "disappear", "go") or token.lower_ in _lexicon().adjectives


def _expand(head, trigger) -> list[_Group]:
    """The head and its coordinated or attached groups ("X and two associates")."""
    out = [_Group(head, trigger)]
    for child in head.children:
        if child.dep_ == "conj" and (child.pos_ in ("NOUN", "PROPN", "NUM", "PRON") or _partitive_quantity(child)):
            out.extend(_expand(child, trigger))
        elif child.dep_ == "appos":
            if _counted(head):
                continue  # "two civilians, a farmer and his son": the two, named
            if _listed(child):
                out.extend(_expand(child, trigger))
            else:  # "the leader, Alaudin, and two fighters": the name is the same person, the rest are not
                for more in child.children:
                    if more.dep_ == "conj" and (more.pos_ in ("NOUN", "PROPN", "NUM", "PRON") or _partitive_quantity(more)):
                        out.extend(_expand(more, trigger))
        elif child.dep_ == "prep" and child.lower_ in ("including", "among"):
            out.extend(replace(g, subset=True) for g in _expand_pobj(child, trigger))
        elif child.dep_ == "prep" and child.lower_ in ("along", "together", "with", "plus"):
            for inner in _expand_pobj(child, trigger):
                out.append(replace(inner, additional=False))
    return out


def _counted(head) -> bool:
    """ "two civilians, a farmer and his son": a group with its own number, whose apposition
    lists its members rather than more people."""
    return any(c.dep_ == "nummod" and c.like_num for c in head.children)


def _listed(appos) -> bool:
    """ "a leader, a facilitator and several associates": a list the parser took for an
    apposition (an indefinite noun heading more conjuncts), not a second name for the same person."""
    indefinite = any(c.dep_ in ("det", "nummod") and c.lower_ not in _DEFINITE for c in appos.children)
    return appos.pos_ == "NOUN" and indefinite and any(c.dep_ == "conj" for c in appos.children)


def _partitive_quantity(token) -> bool:
    """ "several of his associates", "a few of them": a quantity word heading an of-phrase."""
    return token.lower_ in _vague_words() and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


@functools.cache
def _vague_words() -> frozenset[str]:
    return frozenset(word for table in _lexicon().vague.values() for word in table if " " not in word and "_" not in word)


def _expand_pobj(prep, trigger) -> list[_Group]:
    out: list[_Group] = []
    for child in prep.children:
        if child.dep_ == "pobj":
            out.extend(_expand(child, trigger))
        elif child.dep_ == "prep":
            out.extend(_expand_pobj(child, trigger))
    return out


def names_people(token: Any, groups: Any = ()) -> bool:
    """The noun names people: a side's noun ("militants", "two suspects"), a person's or a
    people's name, a personal pronoun, a number of them, the people it is in apposition with ("an
    Islamic Movement of Uzbekistan leader"), or one of ``groups`` (actor mentions, with token
    ``start``/``end``: a group taken is its members); not a thing ("the roundabout")."""
    return (_is_person(_Group(head=_through_name(token), trigger=token.head))
            or any(c.dep_ == "appos" and _is_person(_Group(head=c, trigger=token)) for c in token.children)
            or any(g.start <= token.i < g.end for g in groups))


def taken(verb: Any) -> list[Any]:
    """What a verb takes: its objects, or its passive subject."""
    return [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")]


def takes_only_things(verb: Any, groups: Any = ()) -> bool:
    """A verb of capture whose objects name no people ("captured the Zafaran roundabout", "seized
    weapons"): no arrest (data/quantities.yaml object_must_be_person)."""
    if verb.lemma_.lower() not in _lexicon().object_must_be_person:
        return False
    objects = taken(verb)
    return bool(objects) and not any(names_people(c, groups) for c in objects)


def _is_person(group: _Group) -> bool:
    head = group.head
    lower = head.lower_
    if lower in _PERSON_PRONOUNS or lower in _PLURAL_PRONOUNS or lower in ("one", "who"):
        return True
    if head.ent_type_ in ("PERSON", "NORP"):
        return True
    noun = _named_noun(head)
    if noun is None:
        return head.pos_ == "NUM"
    return _side_of_noun(noun) is not None or noun.ent_type_ in ("PERSON", "NORP")


def _named_noun(head):
    """The noun naming the people: itself, or the of-phrase of a number/quantifier."""
    if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in _QUANTIFIER_NOUNS:
        return head
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _named_noun(pobj)
    return None


_QUANTIFIER_NOUNS = {"dozen", "dozens", "score", "scores", "hundred", "hundreds", "thousand",
                     "thousands", "number", "handful", "group", "couple", "pair", "ten", "tens", "total"}


def _side_of_noun(noun) -> str | None:
    lex = _lexicon()
    lemma = noun.lemma_.lower()
    base = lex.groups.get(lemma) or lex.groups.get(noun.lower_)
    modifier_side = None
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            side = lex.side_modifiers.get(child.lower_) or lex.side_modifiers.get(child.lemma_.lower())
            if side and (modifier_side is None or side in ("foreign", "militants", "police")):
                modifier_side = side
    if base in (None, "people") or lemma in ("force", "member", "personnel", "fighter", "officer", "guard", "commander", "leader"):
        if modifier_side == "soldiers" and base == "militants":
            return "soldiers"
        return modifier_side or base
    if base == "soldiers" and modifier_side in ("foreign", "police"):
        return modifier_side
    return base


def _measure(group: _Group, category: str, table: dict[str, int | None], antecedent: _Group | None) -> Casualty | None:
    lex = _lexicon()
    head = group.head
    tokens = [head]
    count: int | None = None
    low = high = None
    vague = False
    additional = group.additional
    subset = group.subset
    total = False
    noun = _named_noun(head)
    lower = head.lower_
    if _negated_group(head):
        return None
    pronoun = lower in _PERSON_PRONOUNS or lower in _PLURAL_PRONOUNS
    numbered = head.pos_ == "NUM" or head.lower_ == "both"
    if lower in _PERSON_PRONOUNS:
        count = 1
    elif head.pos_ == "NUM":
        count, low, high, used = _number_at(head)
        tokens += used
    elif _partitive_quantity(head):  # "several of his associates"
        count, vague = table.get(lower), True
    elif head.lemma_.lower() in _QUANTIFIER_NOUNS or lower in _QUANTIFIER_NOUNS:
        phrase = _quantifier_phrase(head)
        count, vague = _vague_value(phrase, table)
        if head.lemma_.lower() in ("dozen",) and not lower.endswith("s"):
            count, vague = 12 * (_number_at(head)[0] or 1), False
    else:
        nums = [c for c in head.children if c.dep_ == "nummod"] or _left_number(head)
        if nums:
            count, low, high, used = _number_at(nums[-1])
            tokens += used
            numbered = True
        else:
            count, vague, used = _determiner_value(head, table)
            tokens += used
    if count is None and not vague and noun is None and head.pos_ != "NUM":
        if lower in _PLURAL_PRONOUNS:
            count, vague = table.get("bare_plural"), True
    bound, bound_tokens = _bounds(head, tokens)
    tokens += bound_tokens
    if bound and count is not None:
        if bound == "strict":  # "more than 10": the least it can mean, by the convention
            count += int(table.get("more_than") or 0)
        low = count
        high = None
    # partitive "three of the eight militants": part of a figure already given
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "NUM":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (
                    any(d.lower_ in ("the", "these", "those", "them") for d in pobj.children) or pobj.lower_ in ("them", "whom")
                ):
                    subset = True
    definite = _definite(head)
    for child in head.children:
        if child.lower_ in lex.additional_cues and child.dep_ in ("amod", "advmod", "det", "quantmod"):
            # "the additional suspects" are those already told as additional, not more of them
            additional = not definite or child.lower_ in ("other", "others", "remaining")
            tokens.append(child)
    start_char = min(t.idx for t in tokens)
    prefix = head.doc.text[max(0, start_char - 14) : start_char].lower()
    if any(cue in prefix for cue in lex.total_cues):
        total = True
    if noun is None and antecedent is not None and antecedent.side_noun is not None:
        noun_for_side = antecedent.side_noun
    else:
        noun_for_side = noun
    side = _side_of_noun(noun_for_side) if noun_for_side is not None else None
    if head is group.trigger:  # "36 total fatalities", "5 deaths": everyone
        side = "people"
        total = total or any(c.lower_ in ("total", "overall") for c in head.children)
    if side is None and head.ent_type_ == "PERSON":
        side = None
    group.side_noun = noun_for_side
    if noun is not None:
        tokens.append(noun)
        tokens += [c for c in noun.children if c.dep_ in ("det", "compound", "amod", "nummod", "poss") and c.i < noun.i]
    if low is None and count is not None:
        low = count
    if high is None and count is not None and not vague:
        high = count
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return Casualty(
        count=count,
        low=low,
        high=high,
        category=category,
        group=_group_text(first, last, noun),
        side=side,
        start=first.idx,
        end=last.idx + len(last.text),
        vague=vague,
        additional=additional,
        subset=subset,
        total=total,
        pronoun=pronoun,
        definite=definite and not numbered,
        noun=noun.lemma_.lower() if noun is not None else None,
    )


_DEFINITE = {"the", "this", "these", "those", "his", "her", "their", "its", "both"}


def _definite(head) -> bool:
    """ "the suspected insurgents", "both men", "his associates": people the story has named before
    ("several of his associates" is not: its head is the quantity)."""
    if any(c.dep_ in ("det", "poss", "predet") and c.lower_ in _DEFINITE for c in head.children):
        return True
    return head.lower_ == "both"


def _negated_group(head) -> bool:
    """ "No women or children were detained": a negator on the first of coordinated nouns covers all."""
    token = head
    while True:
        if token.lower_ in _NEGATORS or any(c.lower_ in _NEGATORS for c in token.children):
            return True
        if token.dep_ != "conj" or token.head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return False
        token = token.head


def _left_number(noun) -> list[Any]:
    """A number the parser left unattached inside the noun phrase ("12 IS militants"), or gave
    to the first of coordinated names before it ("9 Taliban and/or IS militants", "8 Taliban and
    Islamic State militants"): the number counts the people the whole phrase names."""
    doc = noun.doc
    i = noun.i - 1
    names = False
    while i >= 0 and noun.i - i <= 6:
        token = doc[i]
        if token.like_num and token.pos_ == "NUM":
            return [token] if noun.i - i <= 3 or names else []
        if token.lower_ in ("and", "or", "and/or", "/") and i + 1 < noun.i and doc[i + 1].pos_ in ("PROPN", "AUX", "ADJ"):
            names = True  # only between names: "soldiers and militants" are two groups
        elif token.pos_ == "NOUN" and token.dep_ != "compound" or token.lower_ == ",":
            return []
        elif token.pos_ not in ("PROPN", "ADJ", "NOUN", "AUX", "PUNCT"):
            return []
        i -= 1
    return []


def _group_text(first, last, noun) -> str:
    doc = first.doc
    end = max(last.i, noun.i if noun is not None else last.i)
    return doc[first.i : end + 1].text


def _number_at(token) -> tuple[int | None, int | None, int | None, list[Any]]:
    """Value of the number at ``token`` with its compound parts and range."""
    parts = [token] + [
        c for c in token.children if c.dep_ in ("compound", "quantmod", "nummod") and c.like_num
    ]
    parts.sort(key=lambda t: t.i)
    doc = token.doc
    # ranges "8-13", "25 to 35": the conservative best is the low end
    span = doc[parts[0].i : parts[-1].i + 1]
    match = _RANGE.fullmatch(span.text)
    if match and len(parts) > 1:
        low_v, high_v = parse_number(match.group(1)), parse_number(match.group(2))
        return low_v, low_v, high_v, parts
    # "between 5 and 10": the parser makes the second number a conjunct of the first
    before = doc[token.i - 1] if token.i else None
    if any(c.dep_ == "quantmod" and c.lower_ == "between" for c in token.children) or (
        before is not None and before.lower_ == "between"
    ):
        upper = next((c for c in token.children if c.dep_ == "conj" and c.like_num), None)
        low_v, high_v = parse_number(token.text), parse_number(upper.text) if upper is not None else None
        if low_v is not None and high_v is not None and high_v > low_v:
            return low_v, low_v, high_v, [*parts, upper]
    value = parse_number(span.text) if all(t.like_num or t.lower_ in ("and", "-") for t in span) else None
    if value is None:
        value = parse_number(token.text)
    return value, value, value, parts


def _quantifier_phrase(head) -> str:
    words = [c.lower_ for c in head.children if c.dep_ in ("det",) and c.i < head.i]
    phrase = " ".join([*words, head.lower_])
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        phrase += " of"
    return phrase


def _vague_value(phrase: str, table: dict[str, int | None]) -> tuple[int | None, bool]:
    lex = _lexicon()
    if phrase in lex.exact:
        return lex.exact[phrase], False
    for key in (phrase, phrase.removesuffix(" of"), phrase.removeprefix("a ")):
        if key in table:
            return table[key], True
    return None, True


def _determiner_value(head, table) -> tuple[int | None, bool, list[Any]]:
    lex = _lexicon()
    mods = [c for c in head.children if c.dep_ in ("det", "amod", "quantmod", "predet") and c.i < head.i]
    for mod in mods:
        word = mod.lower_
        if word in ("a", "an") and any(m.lower_ == "few" for m in mods):
            return table.get("a few"), True, [mod]
        if word in table and word != "bare_plural":
            return table[word], True, [mod]
        if word == "another":
            return 1, False, [mod]
        if word in lex.exact and head.tag_ in ("NN", "NNP"):
            return lex.exact[word], False, [mod]
        if word in ("both",):
            return 2, False, [mod]
    plural = head.tag_ in ("NNS", "NNPS") or (head.lower_.endswith("s") and head.tag_ == "NNP" and head.lower_ not in ("taliban",))
    if head.lower_ in ("taliban", "police", "personnel") and not any(m.lower_ in ("a", "an", "one") for m in mods):
        plural = True
    if not plural and head.tag_ in ("NN", "NNP", "PRP") and head.pos_ in ("NOUN", "PROPN"):
        return 1, False, []
    return table.get("bare_plural"), True, []


def _bounds(head, tokens) -> tuple[str | None, list[Any]]:
    """ "at least 13" ("low": the number is the least), "more than 20" ("strict": the least is
    beyond it); "about 20" (approximate: no bound, the number stands)."""
    lex = _lexicon()
    doc = head.doc
    first = min(t.i for t in tokens)
    if first == 0:
        return None, []
    before = doc[max(first - 3, 0) : first]
    text = before.text.lower()
    for kind, cues in (("strict", lex.strict_lower_bounds), ("low", lex.lower_bounds), (None, lex.approximators)):
        for cue in cues:
            if text.endswith(cue) and (len(text) == len(cue) or not text[-len(cue) - 1].isalpha()):
                return kind, [t for t in before if t.lower_ in cue.split()]
    return None, []


def may_mention_casualties(text: str) -> bool:
    """Cheap pre-test (no parse) for sentences worth reading for figures."""
    return bool(_CHEAP.search(text))


_CHEAP = re.compile(
    r"\b(kill|dead|death|die|died|slain|wound|injur|hurt|captur|detain|arrest|apprehend|custody|"
    r"missing|abduct|kidnap|casualt|fatalit|bodies|martyr|behead|execut|assassinat|massacr|prisoner)",
    re.I,
)
