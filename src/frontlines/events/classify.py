"""Typing a sentence's event with ACLED's sub-event types.

The decision follows the precedence of ACLED's codebook, reading the cue
signals of ``data/cues.yaml``, the actors' roles and the territory findings:

1. a change of control over territory (taken, retaken, handed over) is a
   territory event, even when fighting came with it;
2. demonstrations: excessive force > violent demonstration > protest with
   intervention > peaceful protest; mob violence;
3. chemical weapons, suicide bombings;
4. weapons that failed or were seized (defused, shot down, killed by their
   own bomb) are disrupted weapons use;
5. otherwise, when the means of violence is named, the one closest to the
   clause root decides: ground fighting (clashes, operations) is an armed
   clash, an air strike, shelling, an IED or a grenade are their own types -
   "killed in operations that included airstrikes" is a clash, "killed in an
   airstrike" is an air strike;
6. harm with no named means: abduction and sexual violence; an attack on
   civilians alone is Violence against civilians/Attack; otherwise an armed clash;
7. strategic developments when there is no violence: arrests, seized
   weapons, agreements, bases established, changes to a group, looting and
   destruction of property.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .lexicon import Cue
from .roles import AGENT, PARTNER, PATIENT, Role
from .territory import Change

MEANS = ("air", "suicide", "ied", "grenade", "shelling", "chemical")
GROUND = ("fight", "operation")
VIOLENCE = ("kill", "wound", "attack", "fight", "operation", *MEANS)
ARMED = {"state", "external", "rebel", "militia"}
GOVERNMENT_SIDE = {"state", "external", "government"}

MEANS_TYPE = {
    "air": "Air/drone strike",
    "suicide": "Suicide bomb",
    "ied": "Remote explosive/landmine/IED",
    "grenade": "Grenade",
    "shelling": "Shelling/artillery/missile attack",
    "chemical": "Chemical weapon",
}

# Verbs whose object is a weapon taken out of use (lemmas): "IEDs were defused".
_DISRUPT_VERBS = {
    "defuse", "dismantle", "disarm", "seize", "confiscate", "discover", "find", "recover", "detect",
    "destroy", "neutralize", "neutralise", "intercept", "shoot", "down", "capture", "collect", "hand",
    "surrender", "uncover", "unearth", "clear", "remove", "foil", "thwart", "defused", "store", "stockpile",
    "transport", "smuggle", "plant", "lay", "make", "manufacture", "assemble", "carry", "place", "bury",
}


@dataclass
class Typing:
    sub_event_type: str
    anchor: int  # token index of the word that decided it
    strength: float  # 0..1: how clearly the sentence reports this event


def signals(cues: list[Cue]) -> dict[str, list[Cue]]:
    found: dict[str, list[Cue]] = defaultdict(list)
    for cue in cues:
        found[cue.signal].append(cue)
    return found


def depth(token: Any) -> int:
    steps = 0
    while token.head.i != token.i and steps < 50:
        token = token.head
        steps += 1
    return steps


def _root(doc: Any, cue: Cue) -> Any:
    return doc[cue.start:cue.end].root


def disrupted(doc: Any, cue: Cue) -> bool:
    """A weapon that is the object of seizing/defusing, or that went off in its owner's hands."""
    token = _root(doc, cue)
    if any(c.lower_ == "own" for c in token.children) or any(
        t.lower_ == "own" for t in doc[max(cue.start - 2, 0):cue.start]
    ):
        return True
    node = token
    for _ in range(3):
        if node.dep_ in ("conj", "appos", "compound", "pobj", "prep") and node.head.i != node.i:
            if node.dep_ == "pobj" and node.head.lower_ not in ("of", "with", "containing"):
                break
            node = node.head
            continue
        break
    if node.dep_ in ("dobj", "obj", "nsubjpass") and node.head.lemma_.lower() in _DISRUPT_VERBS:
        # "an IED planted by the Taliban hit a patrol": planting is part of the attack
        if node.head.lemma_.lower() in ("plant", "lay", "place", "bury", "carry") and node.dep_ != "dobj":
            return False
        if node.head.dep_ in ("acl", "relcl") and node.head.lemma_.lower() in ("plant", "lay", "place", "bury"):
            return False
        if node.head.lemma_.lower() in ("plant", "lay", "place", "bury", "make", "carry", "transport", "assemble", "manufacture"):
            # "killed while planting a mine" / "caught planting": the weapon never struck
            return node.head.dep_ in ("advcl", "pcomp", "xcomp") or any(
                c.lower_ == "while" for c in node.head.children
            )
        return True
    if node.dep_ in ("dobj", "obj") and node.head.lower_ == "down":
        return True
    return False


def classify(doc: Any, cues: list[Cue], roles: list[Role], changes: list[Change]) -> Typing | None:
    """The sub-event type of a sentence's (non-territorial) event, or None when it reports none."""
    found = signals(cues)
    patients = [r for r in roles if r.role == PATIENT]
    agents = [r for r in roles if r.role == AGENT]
    partners = [r for r in roles if r.role == PARTNER]
    kinds_hurt = {r.mention.kind for r in patients}
    strong_civilians = [r for r in patients if r.mention.kind == "civilian" and not r.mention.entry.weak]
    armed_patients = [r for r in patients if r.mention.kind in ARMED]

    def first(signal: str) -> Cue:
        return found[signal][0]

    violence = [s for s in VIOLENCE if found.get(s)]

    # 2. demonstrations and crowds
    if found.get("protest") and _protest_is_event(doc, found, roles):
        if found.get("excessive") or (
            (found.get("kill") or found.get("wound") or _fire(doc, found))
            and any(r.mention.kind == "protester" for r in patients)
        ):
            return Typing("Excessive force against protesters", first("protest").start, 0.8)
        if found.get("riot") or (found.get("loot") and any(r.mention.kind in ("protester", "rioter") for r in agents)):
            return Typing("Violent demonstration", first("protest").start, 0.8)
        if found.get("intervention") or (found.get("arrest") and not found.get("kill")):
            return Typing("Protest with intervention", first("protest").start, 0.8)
        if not (found.get("kill") or found.get("fight") or _armed_violence(found)):
            return Typing("Peaceful protest", first("protest").start, 0.7)
    if found.get("mob"):
        return Typing("Mob violence", first("mob").start, 0.7)
    if found.get("riot"):
        return Typing("Violent demonstration", first("riot").start, 0.7)

    # 3.-5. named means of violence
    live_means = {s: [c for c in found.get(s, []) if not disrupted(doc, c)] for s in MEANS}
    dud_means = any(c for s in MEANS for c in found.get(s, []) if disrupted(doc, c))
    if live_means["chemical"]:
        return Typing("Chemical weapon", live_means["chemical"][0].start, 0.9)
    if live_means["suicide"]:
        return Typing("Suicide bomb", live_means["suicide"][0].start, 0.9)
    self_inflicted = _self_inflicted(doc, found)
    if self_inflicted is not None:
        return Typing("Disrupted weapons use", self_inflicted, 0.8)

    ranked: list[tuple[int, int, str, Cue]] = []
    for signal in ("air", "ied", "grenade", "shelling"):
        for cue in live_means[signal]:
            ranked.append((depth(_root(doc, cue)), 1, signal, cue))
    for signal in GROUND:
        for cue in found.get(signal, []):
            if signal == "operation" and not _ground_operation(doc, cue, found):
                continue
            ranked.append((depth(_root(doc, cue)), 0, signal, cue))
    ranked.sort(key=lambda item: (item[0], item[1], item[3].start))
    harm = bool(found.get("kill") or found.get("wound") or found.get("attack"))
    if ranked:
        _, _, signal, cue = ranked[0]
        if signal in MEANS_TYPE:
            return Typing(MEANS_TYPE[signal], cue.start, 0.85)
        # ground fighting
        if found.get("abduct") and strong_civilians and not armed_patients:
            return Typing("Abduction/forced disappearance", first("abduct").start, 0.7)
        if signal == "operation" and not harm and _strategic(found):
            pass  # "an operation seized 2 tonnes of explosives": fall through to strategic types
        elif signal == "fight" or harm or _armed_parties(agents, patients, partners):
            return Typing("Armed clash", cue.start, 0.8 if harm or signal == "fight" else 0.6)

    # 6. harm with no named means
    if found.get("sexual"):
        return Typing("Sexual violence", first("sexual").start, 0.8)
    if found.get("abduct") and not armed_patients:
        return Typing("Abduction/forced disappearance", first("abduct").start, 0.75)
    if harm:
        anchor = (found.get("attack") or found.get("kill") or found.get("wound"))[0].start
        if strong_civilians and not armed_patients and not found.get("fight"):
            if not agents or any(r.mention.kind in ARMED for r in agents):
                return Typing("Attack", anchor, 0.75)
        if armed_patients or any(r.mention.kind in ARMED for r in agents + partners):
            if dud_means and not armed_patients and not found.get("attack"):
                return Typing("Disrupted weapons use", anchor, 0.6)
            return Typing("Armed clash", anchor, 0.7)
        if kinds_hurt and kinds_hurt <= {"civilian"} and found.get("kill"):
            return Typing("Attack", anchor, 0.5)
        if found.get("attack") and not found.get("kill") and not found.get("wound"):
            target = _attack_target_kind(roles)
            if target == "civilian":
                return Typing("Attack", anchor, 0.5)
            if target in ARMED:
                return Typing("Armed clash", anchor, 0.5)

    # 7. strategic developments
    strategic = _strategic(found)
    if strategic is not None:
        return strategic
    return None


def _strategic(found: dict[str, list[Cue]]) -> Typing | None:
    if found.get("arrest"):
        return Typing("Arrests", found["arrest"][0].start, 0.6)
    for signal, label in (("disrupt", "Disrupted weapons use"), ("hq", "Headquarters or base established")):
        if found.get(signal):
            return Typing(label, found[signal][0].start, 0.6)
    if found.get("loot"):
        return Typing("Looting/property destruction", found["loot"][0].start, 0.5)
    if found.get("agreement"):
        return Typing("Agreement", found["agreement"][0].start, 0.5)
    if found.get("change_group"):
        return Typing("Change to group/activity", found["change_group"][0].start, 0.4)
    return None


def _protest_is_event(doc: Any, found: dict[str, list[Cue]], roles: list[Role]) -> bool:
    """A demonstration took place (not "protested the decision" in a statement, not a march of troops)."""
    if any(r.mention.kind in ("protester",) for r in roles):
        return True
    for cue in found["protest"]:
        token = _root(doc, cue)
        if token.pos_ in ("NOUN", "PROPN") or token.lemma_.lower() in ("protest", "demonstrate", "rally", "march"):
            return not (token.lemma_.lower() == "march" and any(r.mention.kind in ARMED for r in roles if r.role == AGENT))
    return False


def _fire(doc: Any, found: dict[str, list[Cue]]) -> bool:
    return any(doc[c.start:c.end].root.lemma_.lower() in ("fire", "shoot") for c in found.get("attack", []))


def _armed_violence(found: dict[str, list[Cue]]) -> bool:
    return any(found.get(s) for s in MEANS)


def _self_inflicted(doc: Any, found: dict[str, list[Cue]]) -> int | None:
    """"killed by their own mine", "exploded prematurely", "while planting": the weapon's owner was hit."""
    for cue in found.get("disrupt", []):
        text = doc[cue.start:cue.end].text.lower()
        if text.startswith(("own", "premature", "while", "accident")) or "accident" in text:
            return cue.start
    return None


def _ground_operation(doc: Any, cue: Cue, found: dict[str, list[Cue]]) -> bool:
    """An operation that is itself fighting (not "an air operation", not "the operation to arrest")."""
    token = _root(doc, cue)
    if any(c.lower_ in ("air", "aerial") for c in token.children):
        return False
    return True


def _armed_parties(agents: list[Role], patients: list[Role], partners: list[Role]) -> bool:
    return any(r.mention.kind in ARMED for r in agents + patients + partners)


def _attack_target_kind(roles: list[Role]) -> str | None:
    for role in roles:
        if role.role == PATIENT:
            return role.mention.kind
    return None

