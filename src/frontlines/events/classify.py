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

from . import lexicon, quantities
from .lexicon import Cue
from .roles import AGENT, OTHER, PARTNER, PATIENT, Role
from .territory import Change, is_blocked, position_taken

MEANS = ("air", "suicide", "ied", "explosion", "grenade", "shelling", "chemical")
GROUND = ("fight", "operation")
VIOLENCE = ("kill", "wound", "attack", "fight", "operation", *MEANS)
ARMED = {"state", "external", "rebel", "militia"}
_UNARMED = {"civilian", "protester", "government"}  # officials harmed are not a side in a battle
GOVERNMENT_SIDE = {"state", "external", "government"}

MEANS_TYPE = {
    "air": "Air/drone strike",
    "suicide": "Suicide bomb",
    "ied": "Remote explosive/landmine/IED",
    "explosion": "Remote explosive/landmine/IED",
    "grenade": "Grenade",
    "shelling": "Shelling/artillery/missile attack",
    "chemical": "Chemical weapon",
}

# Verbs whose object is a weapon taken out of use (lemmas): "IEDs were defused".
_DISRUPT_VERBS = {
    "defuse", "dismantle", "disarm", "seize", "confiscate", "discover", "find", "recover", "detect",
    "destroy", "neutralize", "neutralise", "intercept", "capture", "collect", "hand", "surrender",
    "uncover", "unearth", "clear", "remove", "foil", "thwart", "store", "stockpile", "smuggle",
    "transport", "make", "manufacture", "assemble", "buy", "sell", "supply", "deliver", "hide",
}
# Nouns of a weapon taken out of use: "the interception of a missile", "the seizure of explosives".
_DISRUPT_NOUNS = {"interception", "seizure", "discovery", "defusal", "defusing", "destruction", "recovery",
                  "dismantling", "confiscation", "capture", "neutralisation", "neutralization", "removal"}
# Verbs by which a weapon is found before it is used: "a landmine discovered on a road".
_FOUND_VERBS = {"discover", "find", "recover", "seize", "confiscate", "uncover", "unearth", "detect", "defuse",
                "intercept", "spot"}
# Verbs of handling a weapon: in a relative clause ("mines they were planting") the
# weapon went off in its owners' hands; as a carried object ("wearing a suicide
# vest") it is not what caused the harm.
_HANDLING = {"plant", "lay", "place", "bury", "make", "carry", "transport", "assemble", "wear", "fit",
             "manufacture", "build", "prepare", "rig", "handle", "move", "transfer", "emplace"}
# Words of appointing someone: by the government to a civilian post, not a change in a group.
_APPOINTING = {"appoint", "name", "elect", "replace", "new", "succeed"}
# Nouns of claiming a deed: "responsibility for the suicide attack" tells the attack happened.
CREDIT_NOUNS = frozenset({"responsibility", "credit", "blame"})
# Verbs of wearing an explosive vest: worn and then detonated, it is a suicide bombing.
_WORN = {"wear", "don", "strap", "carry", "put"}
# Words that make a weapon one part of a mixed attack ("attacks that included an IED blast").
_COMPONENT = {"include", "involve", "including", "comprise", "such"}
# Prepositions that frame a fight as the event's setting: "killed during clashes".
_FRAME = {"during", "amid", "in", "following", "after", "throughout"}

LIVE, DUD, PART, SELF = "live", "dud", "part", "self"
# Riot words whose doer is rioting, whoever the crowd is ("students rioted").
_RIOTING = {"riot", "rampage", "rioting"}
# Verbs that by themselves tell a demonstration took place.
_PROTEST_VERBS = {"protest", "demonstrate", "rally", "march", "picket"}
# Attack words that only say who was sought ("targeted a leader", "raided a compound").
_PURSUIT = {"target", "raid", "search", "pursue", "hunt"}
# Words for people that are not actors by themselves ("suspects", "members").
_PERSON_WORDS = {"suspect", "suspects", "member", "members", "leader", "leaders", "commander", "commanders",
                 "man", "men", "woman", "women", "people", "person", "persons", "individual", "individuals",
                 "official", "officials", "driver", "militant", "accomplice", "accomplices", "facilitator",
                 "financier", "smuggler", "smugglers", "trafficker", "traffickers", "organiser", "organizer"}
# Verbs by which a group itself changes: they outrank the weapons it hands in.
_GROUP_VERBS = {"surrender", "defect", "merge", "split", "join", "pledge", "disband", "dissolve", "appoint", "name", "elect"}
# Nouns that name the use of the weapon that modifies them: "RPG fire", "mortar rounds".
_USE_NOUNS = {"fire", "attack", "strike", "round", "rounds", "shot", "shots", "blast", "explosion", "barrage",
              "salvo", "volley", "hit", "raid", "shelling", "bombardment", "explosions", "blasts", "attacks",
              "strikes", "shell", "shells", "launch", "projectile"}
_CONTAIN = {"contain", "include", "hold", "comprise", "consist"}
# Nouns of quantity or container: "300 kg of explosives", "a cache of rockets", "boxes of ammunition".
_MEASURES = {"kg", "kilogram", "kilograms", "kilo", "kilos", "tonne", "tonnes", "ton", "tons", "pound", "pounds",
             "cache", "caches", "stockpile", "quantity", "quantities", "amount", "number", "box", "boxes", "crate",
             "crates", "consignment", "shipment", "cargo", "load", "truckload", "haul", "round", "rounds", "lot",
             "dozens", "hundreds", "thousands", "litre", "litres", "gallon", "gallons", "bag", "bags", "sack", "sacks",
             "dozen", "hundred", "thousand", "score", "scores", "barrage", "volley", "salvo", "wave", "waves",
             "series", "most", "some", "all", "several", "many", "one", "two", "three", "four", "five", "six",
             "barrel", "barrels", "canister", "canisters", "cylinder", "cylinders", "drum", "drums"}


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
    return lexicon.span_root(doc, cue.start, cue.end)


def weapon_use(doc: Any, cue: Cue, cue_tokens: set[int]) -> str:
    """How a weapon word is used: LIVE (it did the harm), DUD (seized, defused, went off in
    its owners' hands) or PART (a modifier of something else, a component of a mixed attack)."""
    token = _root(doc, cue)
    if any(t.lower_ == "own" for t in doc[max(cue.start - 2, 0):cue.start]):
        return SELF  # "killed by their own mine"
    if cue.end < len(doc) and _trade(doc[cue.end]):
        return PART  # "an explosives expert", "an IED facilitator": a person, whatever the parse says
    if token.lemma_.lower() == "mine" and any(
        c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in lexicon.word_set("cues.yaml", "mine_kinds")
        for c in token.children
    ):
        return PART  # "the lithium mine", "a gold mine": a pit, not a landmine
    if any(c.dep_ == "acl" and c.lemma_.lower() in _FOUND_VERBS and c.tag_ == "VBN" for c in token.children):
        return DUD  # "a landmine discovered on a road", "explosives found in a car" (not "a bomb hidden in")
    for child in token.children:
        if (
            child.dep_ == "relcl" and child.lemma_.lower() in _HANDLING and child.tag_ == "VBG"
            and any(c.dep_ == "nsubj" for c in child.children)
        ):
            return SELF  # "the mines they were planting exploded" (but not "a rocket carrying gas")
    eventive = lexicon.word_set("cues.yaml", "eventive_verbs")
    component = any(a.lemma_.lower() in _COMPONENT for a in token.ancestors)
    # "airstrikes conducted by ...": used, even where the parse has lost the clause around it
    participle = not component and any(
        c.dep_ in ("amod", "acl") and c.tag_ in ("VBN", "VBD") and c.lemma_.lower() in eventive for c in token.children
    )
    if token.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and token.head.i not in cue_tokens and not participle:
        if token.head.lower_ not in _USE_NOUNS and token.head.lemma_.lower() not in _USE_NOUNS:
            return PART  # "an IED factory", "a grenade launcher" (but "RPG fire" is the weapon used)
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in _DISRUPT_NOUNS:
        return DUD  # "the interception of a missile", "the discovery of a cache of explosives"
    if token.dep_ == "pobj" and token.head.lower_ in ("for", "as", "of", "with") and token.head.head.i not in cue_tokens and not participle:
        container = token.head.head
        measure = token.head.lower_ == "of" and (container.lemma_.lower() in _MEASURES or container.lower_ in _MEASURES)
        loaded = token.head.lower_ == "with" and container.dep_ == "acl"  # "a car packed with explosives"
        if measure or loaded:
            token = container.head if loaded else container  # what happened to the car, the 300 kg
        elif container.lemma_.lower() in CREDIT_NOUNS:
            pass  # "claimed responsibility for the suicide attack": the attack happened
        elif token.head.lower_ != "with" or container.pos_ in ("NOUN", "PROPN"):
            return PART  # "a centre for suicide bombers", "prepped as a VBIED", "a factory of IEDs"
    node = token
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            break
        if head.lemma_.lower() in _COMPONENT or (node.dep_ == "prep" and node.lower_ in ("including", "like")):
            return PART
        if node.dep_ in ("dobj", "obj") and head.lemma_.lower() in _CONTAIN and head.dep_ in ("acl", "relcl"):
            node = head.head  # "a cache containing 37 missiles": what happened to the cache
            continue
        if node.dep_ in ("dobj", "obj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            if any(c.dep_ == "prt" and c.lower_ == "out" for c in head.children):
                return LIVE  # "carried out airstrikes"
            if lemma in _DISRUPT_VERBS or (lemma in ("shoot", "bring") and any(c.lower_ == "down" for c in head.children)):
                return PART if is_blocked(head) else DUD  # "an operation to seize explosives": not yet seized
            if lemma in _HANDLING and node.dep_ == "dobj" and head.dep_ not in ("acl",):
                return PART if lemma in ("wear", "carry") else DUD if head.tag_ == "VBG" else LIVE
            return LIVE
        if node.dep_ in ("conj", "appos", "compound", "pobj", "prep", "dobj", "amod"):
            node = head
            continue
        break
    return LIVE


_EARLIER = {"earlier", "previous", "prior", "past", "former", "last"}


def _delivered(doc: Any, cue: Cue) -> bool:
    """An agent in a munition that was dropped, fired or used ("dropped munitions containing
    riot control agents", "used chlorine"): a chemical attack even when no harm is told."""
    eventive = lexicon.word_set("cues.yaml", "eventive_verbs")
    for ancestor in list(_root(doc, cue).ancestors)[:4]:
        if ancestor.pos_ == "VERB" and ancestor.dep_ not in ("acl", "relcl", "amod"):
            return ancestor.lemma_.lower() in eventive and not is_blocked(ancestor)
    return False


def _trade(token: Any) -> bool:
    trades = lexicon.word_set("cues.yaml", "weapon_trades")
    return token.lower_ in trades or token.lemma_.lower() in trades


def _earlier(doc: Any, cue: Cue) -> bool:
    """A weapon word that names an event before the one reported ("an earlier rocket attack", "the
    investigation into the blast")."""
    tokens = [lexicon.span_root(doc, cue.start, cue.end), *doc[cue.start:cue.end]]
    heads = {t.head for t in tokens if t.dep_ in ("compound", "amod", "nmod")}
    if any(c.lower_ in _EARLIER for t in [*tokens, *heads] for c in t.children if c.dep_ in ("amod", "advmod")):
        return True
    # "detained as part of the investigation into the blast", "arrested in connection with the
    # bombing": the deed referred to is told elsewhere; the sentence reports what followed it
    root = tokens[0]
    frames = lexicon.word_set("cues.yaml", "reference_frames")
    return root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.lemma_.lower() in frames


def support_tokens(doc: Any, cues: list[Cue]) -> set[int]:
    """Tokens of the weapons told as the help of another deed in the sentence (see _supporting):
    their owners are not the deed's doers ("with the support of Russian jets, troops attacked")."""
    deeds = {i for c in cues for i in range(c.start, c.end)} | {position_taken(doc)}
    return {i for c in cues if c.signal in MEANS and _supporting(doc, c, deeds) for i in range(c.start, c.end)}


def _supporting(doc: Any, cue: Cue, deeds: set[int]) -> bool:
    """A weapon told as the help of another deed (``deeds``: token indices of the sentence's deed
    words): "backed by Russian air strikes, [fighters] seized the base", "with the support of
    coalition jets", "under cover of artillery fire", "with Russian air support"."""
    verbs = lexicon.word_set("cues.yaml", "support_verbs")
    nouns = lexicon.word_set("cues.yaml", "support_nouns")
    token = lexicon.first_conjunct(_root(doc, cue))
    if token.dep_ != "pobj":
        return False
    prep, governor = token.head, token.head.head
    if token.lemma_.lower() in nouns or doc[cue.start:cue.end].text.lower() in nouns:
        helped = prep.lower_ in ("with", "under")  # "with Russian air support"
        attached = prep
    elif prep.lower_ in ("by", "with", "from") and governor.lemma_.lower() in verbs:
        helped = governor.dep_ in ("acl", "advcl", "amod", "relcl")  # "fighters, backed by air strikes,"
        attached = governor
    else:
        helped = prep.lower_ in ("of", "from") and governor.lemma_.lower() in nouns and governor.dep_ == "pobj"
        attached = governor.head  # "with the support of coalition jets"
    if not helped:
        return False
    # the deed helped: the first verb above the adjunct, itself a deed word
    verb = next((a for a in attached.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.i in deeds and verb.i not in range(cue.start, cue.end)


def _exchange(doc: Any, cue: Cue, partners: list[Role]) -> bool:
    """"mortar fire between the army and the Taliban": a two-sided exchange is a clash
    (but "a mine between Douentza and Boni" is a place)."""
    token = _root(doc, cue)
    return any(r.governor in (token.i, token.head.i) for r in partners)


def _framed(doc: Any, cue: Cue) -> bool:
    """A fight that frames the event: "killed during clashes", "wounded in fighting"."""
    token = _root(doc, cue)
    return token.dep_ == "pobj" and token.head.lower_ in _FRAME


def classify(doc: Any, cues: list[Cue], roles: list[Role], changes: list[Change]) -> Typing | None:
    """The sub-event type of a sentence's (non-territorial) event, or None when it reports none."""
    found = _unarmed_warnings(doc, signals(cues), roles)
    cue_tokens = {i for c in cues for i in range(c.start, c.end)}
    # the participants of the deed: roles governed by an event word ("killed two farmers"),
    # not by a verb beside it ("farmers they accused of supporting the rebels")
    governed = [r for r in roles if r.governor in cue_tokens or r.role == PARTNER]
    if any(r.role in (AGENT, PATIENT) for r in governed):
        roles = governed + [r for r in roles if r.role not in (AGENT, PATIENT, PARTNER)]
    patients = [r for r in roles if r.role == PATIENT]
    agents = [r for r in roles if r.role == AGENT]
    partners = [r for r in roles if r.role == PARTNER]
    kinds_hurt = {r.mention.kind for r in patients}
    # unarmed victims: civilians, and activists or protesters harmed away from a demonstration
    strong_civilians = [r for r in patients if r.mention.kind in _UNARMED and not r.mention.entry.weak]
    violence_tokens = {i for c in cues if c.signal in VIOLENCE or c.signal in ("abduct", "sexual")
                       for i in range(c.start, c.end)}
    # armed victims of the violence ("appointed a new military chief" names no victim)
    armed_patients = [r for r in patients if r.mention.kind in ARMED and (not violence_tokens or r.governor in violence_tokens)]
    armed_agents = [r for r in agents if r.mention.kind in ARMED]
    crowd_agents = [r for r in agents if r.mention.kind in ("civilian", "rioter", "protester") and not r.mention.entry.weak]
    harm = bool(found.get("kill") or found.get("wound") or found.get("attack"))
    def first(signal: str) -> Cue:
        return found[signal][0]

    # 2. demonstrations and crowds
    if _protest_is_event(doc, found, roles):
        typing = _demonstration(doc, found, agents, patients)
        if typing is not None:
            return typing
    mob = [c for c in found.get("mob", []) if _crowd_does(doc, c)]
    rioters = [r for r in agents if r.mention.kind == "rioter"]
    riot_tokens = {i for c in found.get("riot", []) for i in range(c.start, c.end)}
    riot_doers = [r for r in agents if r.governor in riot_tokens] or agents
    if found.get("riot") and any(r.mention.kind in ARMED for r in riot_doers):
        # "gunmen looted shops": armed men destroying property is not a riot
        found = {**found, "loot": found.get("loot", []) + found["riot"], "riot": []}
    elif found.get("riot") and (rioters or not crowd_agents or any(
        r.governor in riot_tokens and doc[r.governor].lemma_.lower() in _RIOTING for r in crowd_agents
    )):
        return Typing("Violent demonstration", found["riot"][0].start, 0.7)  # "students rioted"
    violent = harm or found.get("riot") or found.get("fight") or found.get("loot")
    if violent and not mob and any(r.mention.kind == "protester" for r in crowd_agents) and not armed_agents:
        anchor = (found.get("riot") or found.get("loot") or found.get("attack") or found.get("kill") or found.get("fight")
                  or found.get("wound"))[0].start
        return Typing("Violent demonstration", anchor, 0.7)  # "opposition activists set fire to buses"
    # a crowd doing the violence itself ("villagers beat two thieves"), not a crowd beside it
    # ("elders brokered a truce after weeks of fighting")
    violent_crowd = [r for r in crowd_agents if r.governor in violence_tokens | riot_tokens
                     or any(r.governor in range(c.start, c.end) for c in found.get("loot", []))]
    # fighting with stones and sticks, no armed group named on either side: a brawl of crowds
    brawl = bool(found.get("crude")) and bool(found.get("fight") or harm) and not (
        armed_agents or armed_patients or any(r.mention.kind in ARMED for r in partners)
    )
    if violent_crowd and found.get("protest") and not (mob or brawl or found.get("kill")) and not armed_agents:
        # "farmers stormed the district office and damaged furniture while demanding compensation":
        # a crowd with a demand is demonstrating, violently
        anchor = (found.get("riot") or found.get("loot") or found.get("attack") or found.get("operation")
                  or found["protest"])[0].start
        return Typing("Violent demonstration", anchor, 0.7)
    if mob or brawl or (violent and violent_crowd and not armed_agents and not _armed_violence(found)):
        anchor = (mob or found.get("riot") or found.get("attack") or found.get("kill") or found.get("fight")
                  or found.get("wound") or found.get("loot"))[0].start
        return Typing("Mob violence", anchor, 0.7)  # an unorganised crowd, not an armed group
    crowd = any(r.mention.kind in ("protester", "rioter") for r in roles) and not any(
        r.mention.kind == "rebel" for r in roles
    )
    if found.get("crowd_clash") and crowd:
        return Typing("Violent demonstration", found["crowd_clash"][0].start, 0.7)
    if found.get("crowd_clash"):
        # "Taliban fighters clashed with police": no crowd on either side, a battle
        found = {**found, "fight": found.get("fight", []) + found["crowd_clash"]}
    accident = found.get("accident") or found.get("remains")
    if accident and not found.get("attack") and not found.get("fight"):
        return Typing("Other", accident[0].start, 0.5)  # a crash, a depot fire, a mass grave: no hostile act here

    # 3.-5. named means of violence
    use = {id(c): weapon_use(doc, c, cue_tokens) for s in MEANS for c in found.get(s, [])}
    for cue in found.get("explosion", []):
        # "experts detonated a landmine discovered on a road": a controlled blast of a found weapon;
        # "a bomb was found and safely detonated": the verb shares the found weapon of its conjunct
        verb = _root(doc, cue)
        governors = {verb.i, verb.head.i} if verb.dep_ == "conj" else {verb.i}
        objects = [c for s in MEANS for c in found.get(s, []) if _root(doc, c).head.i in governors
                   and _root(doc, c).dep_ in ("dobj", "obj", "nsubjpass")]
        if objects and all(use[id(c)] == DUD for c in objects):
            use[id(cue)] = DUD
    self_hit = [c for s in MEANS for c in found.get(s, []) if use[id(c)] == SELF]
    if self_hit:
        # the bomb went off in its owners' hands: a weapon that failed, whatever exploded
        return Typing("Disrupted weapons use", self_hit[0].start, 0.8)
    disrupting = {_root(doc, c).i for c in found.get("disrupt", []) if _root(doc, c).pos_ == "VERB"}
    for s in MEANS:
        for c in found.get(s, []):
            if use[id(c)] == LIVE and any(a.i in disrupting for a in _root(doc, c).ancestors):
                use[id(c)] = DUD  # "intercepted most of the rockets fired from Gaza", "shot down drones launched at"
    live_means = {s: [c for c in found.get(s, []) if use[id(c)] == LIVE] for s in MEANS}
    deeds = cue_tokens | {c.predicate for c in changes} | {position_taken(doc)}
    helpers = [c for s in MEANS for c in live_means[s] if _supporting(doc, c, deeds)]
    if helpers:
        # "fighters, backed by Russian air strikes, attacked rebel positions": the attack is the deed
        live_means = {s: [c for c in cues_ if c not in helpers] for s, cues_ in live_means.items()}
    if not live_means["suicide"] and (live_means["explosion"] or live_means["ied"]):
        # "the attacker wore a suicide vest and detonated it": the vest worn is the bomb that went off
        live_means["suicide"] = [c for c in found.get("suicide", []) if _root(doc, c).head.lemma_.lower() in _WORN]
    dud_means = any(use[id(c)] == DUD for s in MEANS for c in found.get(s, [])) or any(
        weapon_use(doc, c, cue_tokens) == DUD for c in found.get("arms", [])
    )
    # "targeted a leader, detaining one and several suspects during operations": a raid in which
    # nobody was hurt and people were taken is an arrest
    pursuit = [c for c in found.get("attack", [])
               if lexicon.span_root(doc, c.start, c.end).lemma_.lower() not in _PURSUIT and not _described(doc, c)]
    if not (found.get("kill") or found.get("wound") or found.get("fight") or pursuit or found.get("sexual")):
        arrested = _arrest_cues(doc, found.get("arrest", []), roles, _other_deeds(found))
        takers = [r for r in roles if r.role == AGENT and any(r.governor in range(c.start, c.end) for c in arrested)]
        if arrested and not any(r.mention.kind in ("rebel", "militia", "civilian") for r in takers) and (
            takers or any(r.mention.kind in ("state", "external", "government") for r in roles)
        ) and not (found.get("abduct") and _vanished(doc)):  # "detained ... whereabouts unknown": disappeared
            if not (dud_means and _first_weapon(found) < arrested[0].start):
                return Typing("Arrests", arrested[0].start, 0.7)

    chemical = [c for c in found.get("chemical", []) if use[id(c)] != DUD]
    chemical.sort(key=lambda c: _root(doc, c).pos_ == "PROPN")  # "sarin" before "the Chemical Weapons" of a name
    if chemical and (harm or live_means_any(live_means) or found.get("fight") or any(_delivered(doc, c) for c in chemical)):
        # a shell "filled with chlorine" is a chemical attack; anchored on the munition that was used
        return Typing("Chemical weapon", chemical[0].start, 0.9)
    if live_means["suicide"]:
        return Typing("Suicide bomb", live_means["suicide"][0].start, 0.9)
    self_inflicted = _self_inflicted(doc, found)
    if self_inflicted is None and dud_means and not live_means_any(live_means) and found.get("kill"):
        self_inflicted = next(
            (c.start for s in MEANS for c in found.get(s, []) if use[id(c)] == DUD and _owners_hit(doc, c)), None
        )
    if self_inflicted is not None:
        return Typing("Disrupted weapons use", self_inflicted, 0.8)
    if found.get("sexual"):
        return Typing("Sexual violence", first("sexual").start, 0.85)  # rape during a raid is sexual violence
    seizure = _seizure(doc, found, roles)
    if seizure is not None:
        return seizure

    if not _main_clause_harm(doc, found) and not live_means_any(live_means) and not armed_patients:
        # "ADF rebels looted and burned a health centre ... before the attack": the main verb decides
        strategic = _strategic(doc, found, dud_means, roles)
        if strategic is not None and _shallower(doc, strategic.anchor, found):
            return strategic

    specific = {i for s in MEANS if s != "explosion" for c in live_means[s] for i in range(c.start, c.end)}
    ranked: list[tuple[float, int, str, Cue]] = []
    for signal in ("air", "ied", "explosion", "grenade", "shelling"):
        for cue in live_means[signal]:
            if _earlier(doc, cue):
                continue  # "responded to an earlier rocket attack": another, past event
            if signal == "explosion" and (specific or live_means["ied"]):
                continue  # "grenade explosion", "IED blast": the named weapon decides
            if _exchange(doc, cue, partners):
                ranked.append((depth(_root(doc, cue)), 0, "fight", cue))
                continue
            ranked.append((_means_depth(doc, cue), 1, signal, cue))
    for signal in GROUND:
        for cue in found.get(signal, []):
            if signal == "operation" and not _ground_operation(doc, cue, found):
                continue
            rank = -1 if signal == "fight" and _framed(doc, cue) else depth(_root(doc, cue))
            ranked.append((rank, 0, signal, cue))
    ranked.sort(key=lambda item: (item[0], item[1], item[3].start))
    if ranked:
        _, _, signal, cue = ranked[0]
        if signal in MEANS_TYPE:
            return Typing(MEANS_TYPE[signal], cue.start, 0.85)
        # ground fighting
        if found.get("abduct") and strong_civilians and not armed_patients:
            return Typing("Abduction/forced disappearance", first("abduct").start, 0.7)
        if signal == "operation" and not harm and _done(doc, _strategic(doc, found, dud_means, roles)):
            pass  # "an operation seized 2 tonnes of explosives": fall through to strategic types
            # (but "an operation to capture a facilitator" is the operation: who was taken is told later)
        elif signal == "operation" and _unarmed_victims(strong_civilians, patients, agents) and not armed_patients \
                and not partners and harm:
            return Typing("Attack", cue.start, 0.75)  # "gunmen stormed a village and shot dead 17 residents"
        elif signal == "fight" or harm or _armed_parties(agents, patients, partners):
            return Typing("Armed clash", cue.start, 0.8 if harm or signal == "fight" else 0.6)

    # 6. harm with no named means
    if found.get("abduct") and not found.get("kill"):
        return Typing("Abduction/forced disappearance", first("abduct").start, 0.75)
    if harm:
        anchor = _verbal_first(doc, found.get("attack", []) + found.get("kill", []) + found.get("wound", [])).start
        only_people = bool(patients) and all(r.mention.kind in _UNARMED for r in patients)
        # victims no actor word names: a person ("stabbed a council member") or civilians told beside
        # the deed ("set fire to a house with a family inside, killing five")
        unnamed_victims = not patients and not partners and (
            _person_victim(doc, found) or any(r.mention.kind in _UNARMED and not r.mention.entry.weak for r in roles
                                              if r.role == OTHER)
        )
        if (strong_civilians or unnamed_victims or (only_people and armed_agents)) and not armed_patients and not found.get("fight"):
            if not agents or armed_agents or not crowd_agents:
                return Typing("Attack", anchor, 0.75)  # "gunmen shot dead five people"
        if armed_patients or any(r.mention.kind in ARMED for r in agents + partners):
            if dud_means and not armed_patients and not found.get("attack") and not found.get("kill"):
                return Typing("Disrupted weapons use", anchor, 0.6)
            return Typing("Armed clash", anchor, 0.7)
        if kinds_hurt and kinds_hurt <= _UNARMED and found.get("kill"):
            return Typing("Attack", anchor, 0.5)
        if found.get("attack") and not found.get("kill") and not found.get("wound"):
            target = _attack_target_kind(roles)
            if target == "civilian":
                return Typing("Attack", anchor, 0.5)
            if target in ARMED:
                return Typing("Armed clash", anchor, 0.5)

    # 7. strategic developments
    return _strategic(doc, found, dud_means, roles)


def _done(doc: Any, typing: Typing | None) -> bool:
    """A strategic deed that happened, not the purpose of another ("an operation to capture X")."""
    return typing is not None and not is_blocked(doc[typing.anchor])


def quantity_word(token: Any) -> bool:
    """A noun of quantity or container ("dozens", "a barrage", "300 kg"): its "of" names the thing."""
    return token.lemma_.lower() in _MEASURES or token.lower_ in _MEASURES


def _person_victim(doc: Any, found: dict[str, list[Cue]]) -> bool:
    """The object of a killing or an attack is a person no actor word names ("stabbed a local
    council member", "shot a man"): a victim, not a side in a battle."""
    people = lexicon.word_set("cues.yaml", "person_nouns") | _PERSON_WORDS
    for cue in found.get("attack", []) + found.get("kill", []):
        verb = _root(doc, cue)
        for child in verb.children:
            if child.dep_ in ("dobj", "obj", "nsubjpass") and (child.lemma_.lower() in people or child.ent_type_ == "PERSON"):
                return True
    return False


def _described(doc: Any, cue: Cue) -> bool:
    """A deed in a clause describing someone ("a leader who coordinates attacks"), not the event."""
    for ancestor in lexicon.span_root(doc, cue.start, cue.end).ancestors:
        if ancestor.dep_ in ("relcl", "acl") and ancestor.head.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def _other_deeds(found: dict[str, list[Cue]]) -> bool:
    return any(cues for signal, cues in found.items() if signal not in ("arrest", "arms"))


def _first_weapon(found: dict[str, list[Cue]]) -> int:
    starts = [c.start for s in (*MEANS, "arms") for c in found.get(s, [])]
    return min(starts) if starts else 10**6


def _arrest_cues(doc: Any, cues: list[Cue], roles: list[Role], others: bool = False) -> list[Cue]:
    """Arrests of people - not "its capture" or "the capture of the district" (a place taken).
    ``others``: the sentence tells another deed, so an arrest in a relative clause is background."""
    from .territory import is_place_word

    kept = []
    for cue in cues:
        root = lexicon.span_root(doc, cue.start, cue.end)
        if root.dep_ == "relcl" and others:
            continue  # "residents stoned gang members who had been detained by police": an earlier deed
        if root.pos_ in ("VERB", "AUX"):
            if any(is_place_word(c) for c in quantities.taken(root)):
                continue
            patients = [r.mention for r in roles if r.role == PATIENT and r.governor == root.i]
            if quantities.takes_only_things(root, patients):
                continue  # "captured the Zafaran roundabout": a thing taken, not a person
            kept.append(cue)
            continue
        # a noun: "the arrest of a Taliban leader", "the capture of a commander"
        if root.dep_ == "pobj" and root.head.lower_ in ("into", "in") and root.head.head.pos_ == "VERB":
            kept.append(cue)  # "taken into custody", "held in detention"
            continue
        of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whom = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if whom is not None and not is_place_word(whom):
            kept.append(cue)
        elif any(r.role == PATIENT and r.governor == root.i for r in roles):
            kept.append(cue)
    return kept


def _crowd_does(doc: Any, cue: Cue) -> bool:
    """A mob word that names the doer ("a mob lynched ...") or the deed ("lynched"), not a victim
    ("grenades lobbed into a crowd")."""
    token = _root(doc, cue)
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ in ("nsubj", "nsubjpass", "ROOT") or (token.dep_ == "pobj" and token.head.dep_ == "agent")


def _main_clause_harm(doc: Any, found: dict[str, list[Cue]]) -> bool:
    """Killing or wounding told in the main clause, not in a clause about an earlier deed
    ("after its leader was killed last month")."""
    for cue in found.get("kill", []) + found.get("wound", []):
        node = _root(doc, cue)
        earlier = False
        for _ in range(6):
            if any(c.dep_ in ("mark", "prep") and c.lower_ in ("after", "since", "before", "following") for c in node.children):
                earlier = True
                break
            if node.head.i == node.i:
                break
            node = node.head
        if not earlier:
            return True
    return False


def _shallower(doc: Any, anchor: int, found: dict[str, list[Cue]]) -> bool:
    """The strategic deed is told by a verb nearer the root than any violence word."""
    violence = [c for s in ("attack", "fight", "operation", "kill", "wound") for c in found.get(s, [])]
    if not violence:
        return True
    token = doc[anchor]
    for _ in range(3):  # "has chosen a new emir": the noun phrase is told by its verb
        if token.pos_ == "VERB" or token.head.i == token.i:
            break
        token = token.head
    here = depth(token)
    return token.pos_ == "VERB" and all(depth(_root(doc, c)) > here for c in violence)


def may_be_strategic(doc: Any) -> bool:
    """Whether a sentence with no cue may still report a base set up or a person seized (cheap)."""
    lemmas = set(lexicon.token_forms(doc)[2])
    return bool(lemmas & (lexicon.word_set("cues.yaml", "hq_verbs") | lexicon.word_set("cues.yaml", "seize_verbs")))


def _demonstration(doc: Any, found: dict[str, list[Cue]], agents: list[Role], patients: list[Role]) -> Typing | None:
    """The protest and riot types, once a demonstration took place."""
    anchor = (found.get("protest") or found.get("excessive") or found.get("intervention"))[0].start
    # "protesters set fire to a police station after officers shot a student": the shooting that
    # set off the riot is an earlier event, not force used on this crowd
    found = {k: [c for c in v if k not in ("kill", "attack") or not _trigger(_root(doc, c))] for k, v in found.items()}
    agents = [r for r in agents if not _trigger(doc[r.governor])]
    forces = any(r.mention.kind in ("state", "militia") for r in agents)
    rebels = any(r.mention.kind == "rebel" for r in agents)
    # a bomb or a shell that killed at a rally is that explosion, not force used on the crowd
    lethal = bool(found.get("excessive")) or (
        (found.get("kill") or _fire(doc, found)) and not rebels and (forces or not agents) and not _armed_violence(found)
    )
    if lethal:
        return Typing("Excessive force against protesters", anchor, 0.8)
    storming = {i for s in ("attack", "operation") for c in found.get(s, []) for i in range(c.start, c.end)}
    crowd_violence = found.get("riot") or found.get("crowd_clash") or (
        found.get("loot") and not forces
    ) or any(r.mention.kind in ("protester", "rioter") and r.governor in storming for r in agents)  # "protesters stormed parliament"
    if crowd_violence:
        return Typing("Violent demonstration", anchor, 0.8)
    arrests = [c for c in found.get("arrest", []) if lexicon.span_root(doc, c.start, c.end).pos_ == "VERB"
               and lexicon.span_root(doc, c.start, c.end).dep_ not in ("amod", "acl")]  # not "relatives of detained activists"
    if found.get("intervention") or arrests or (found.get("wound") and forces):
        return Typing("Protest with intervention", anchor, 0.8)
    if not (found.get("kill") or found.get("fight") or _live_violence(doc, found)):
        return Typing("Peaceful protest", anchor, 0.7)
    return None


def _trigger(word: Any) -> bool:
    """A word in a clause of what came before ("after officers shot a student")."""
    for token in [word, *word.ancestors][:4]:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("after", "because") for c in token.children):
            return True
    return False


def _means_depth(doc: Any, cue: Cue) -> float:
    """A weapon that is the subject of the deed ("warplanes bombed", "artillery pounded") outranks it."""
    token = _root(doc, cue)
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        return depth(token.head) - 0.5
    return float(depth(token))


def _seizure(doc: Any, found: dict[str, list[Cue]], roles: list[Role]) -> Typing | None:
    """A person seized: by state agents an arrest, by others an abduction; a disappearance either way."""
    escort = lexicon.word_set("cues.yaml", "escort_verbs")
    verbs = lexicon.word_set("cues.yaml", "seize_verbs") | escort
    lemmas = lexicon.token_forms(doc)[2]
    vanished = _vanished(doc)
    # the people taken: actors in the patient's role, or persons no actor word names ("picked up
    # three opposition leaders") - (verb, kind of the taken)
    taken = [(doc[r.governor], r.mention.kind) for r in roles
             if r.role == PATIENT and r.mention.kind in ("civilian", "state", "militia", "rebel", "protester")]
    people = lexicon.word_set("cues.yaml", "person_nouns")
    taken += [(t.head, "civilian") for t in doc if t.dep_ in ("dobj", "obj") and t.lemma_.lower() in people
              and not any(v.i == t.head.i for v, _ in taken)]
    for verb, kind in taken:
        if kind in ("state", "militia") and not vanished:
            continue  # soldiers captured are part of the fighting, not an abduction of civilians
        if lemmas[verb.i] not in verbs or verb.pos_ != "VERB":
            continue
        if lemmas[verb.i] in ("pick", "round") and not any(c.lower_ == "up" for c in verb.children):
            continue
        if lemmas[verb.i] == "take" and not any(c.lower_ in ("away", "from", "hostage", "captive") for c in verb.subtree):
            continue
        if lemmas[verb.i] in escort and not any(
            c.lower_ in lexicon.word_set("cues.yaml", "escort_particles") for c in verb.children
        ):
            continue
        takers = [r for r in roles if r.role == AGENT and r.governor == verb.i]
        state = any(r.mention.kind == "state" for r in takers)
        if vanished or not state:
            if found.get("kill") and not vanished:
                return None
            return Typing("Abduction/forced disappearance", verb.i, 0.75)
        return Typing("Arrests", verb.i, 0.7)
    if vanished and found.get("abduct"):
        return Typing("Abduction/forced disappearance", found["abduct"][0].start, 0.7)
    return None


def _vanished(doc: Any) -> bool:
    """"whereabouts unknown", "not been heard from since": whoever took the person, a disappearance."""
    text = lexicon.doc_text(doc).lower()
    return any(p in text for p in lexicon.word_set("cues.yaml", "disappearance"))


def _headquarters(doc: Any) -> int | None:
    """"set up a new base", "opened a training camp", "established a headquarters"."""
    verbs = lexicon.word_set("cues.yaml", "hq_verbs")
    objects = lexicon.word_set("cues.yaml", "hq_objects")
    lemmas = lexicon.token_forms(doc)[2]
    for i, lemma in enumerate(lemmas):
        if lemma not in verbs:
            continue
        verb = doc[i]
        if lemma == "set" and not any(c.lower_ == "up" for c in verb.children):
            continue
        for child in verb.children:
            if child.dep_ in ("dobj", "obj", "nsubjpass") and child.lemma_.lower() in objects:
                return i
    return None


def live_means_any(live_means: dict[str, list[Cue]]) -> bool:
    return any(live_means.values())


def _owners_hit(doc: Any, cue: Cue) -> bool:
    """The weapon that went off killed those handling it ("killed while planting a mine")."""
    token = _root(doc, cue)
    head = token.head
    return head.lemma_.lower() in _HANDLING and (head.tag_ == "VBG" or any(c.lower_ == "while" for c in head.children))


def _verbal_first(doc: Any, cues: list[Cue]) -> Cue:
    """The cue to anchor on: a verb ("destroyed") before a noun or a label ("Property destruction:")."""
    return next((c for c in cues if lexicon.span_root(doc, c.start, c.end).pos_ == "VERB"), cues[0])


def _strategic(doc: Any, found: dict[str, list[Cue]], dud_means: bool = False, roles: list[Role] | None = None) -> Typing | None:
    found = {k: sorted(v, key=lambda c: lexicon.span_root(doc, c.start, c.end).pos_ != "VERB") for k, v in found.items()}
    hq = _headquarters(doc)
    if hq is not None:
        return Typing("Headquarters or base established", hq, 0.6)
    arrested = _arrest_cues(doc, found.get("arrest", []), roles or [], _other_deeds(found))
    dud_first = dud_means and arrested and _first_weapon(found) < arrested[0].start
    if arrested and not dud_first:
        return Typing("Arrests", arrested[0].start, 0.6)  # "arrested 3 militants and seized weapons"
    appointing = [c for c in found.get("change_group", [])
                  if any(t.lemma_.lower() in _APPOINTING for t in doc[c.start:c.end])]
    if appointing and roles and not any(r.mention.kind in ARMED for r in roles) and any(
        r.mention.kind == "government" for r in roles
    ):
        # "the president appointed a new finance minister": the government's own business, not a
        # change in an armed or political group
        found = {**found, "change_group": []}
    group = [c for c in found.get("change_group", []) if lexicon.span_root(doc, c.start, c.end).pos_ == "VERB"
             and lexicon.span_root(doc, c.start, c.end).lemma_.lower() in _GROUP_VERBS]
    if group:
        return Typing("Change to group/activity", group[0].start, 0.6)  # "surrendered and handed in their weapons"
    if dud_means:  # weapons found, seized, destroyed, defused: disrupted, whatever else was destroyed
        cue = (found.get("disrupt") or found.get("loot") or [None])[0]
        anchor = cue.start if cue is not None else _disrupting_verb(doc, found)
        return Typing("Disrupted weapons use", anchor, 0.6)
    if found.get("disrupt"):
        return Typing("Disrupted weapons use", found["disrupt"][0].start, 0.6)
    if found.get("agreement"):
        return Typing("Agreement", found["agreement"][0].start, 0.5)
    if found.get("loot"):
        return Typing("Looting/property destruction", found["loot"][0].start, 0.5)
    if found.get("change_group"):
        return Typing("Change to group/activity", found["change_group"][0].start, 0.4)
    if found.get("other"):
        return Typing("Other", found["other"][0].start, 0.4)
    return None


def _disrupting_verb(doc: Any, found: dict[str, list[Cue]]) -> int:
    """The verb that took the weapons ("seized a large quantity of weapons", "recovered 40 rifles"):
    the deed to anchor on when no phrase of disruption names it (else the sentence's first word)."""
    for signal in ("arms", *MEANS):
        for cue in found.get(signal, []):
            verb = next((a for a in _root(doc, cue).ancestors if a.pos_ == "VERB"), None)
            if verb is not None and verb.lemma_.lower() in _DISRUPT_VERBS:
                return verb.i
    return 0


def _unarmed_warnings(doc: Any, found: dict[str, list[Cue]], roles: list[Role]) -> dict[str, list[Cue]]:
    """Without warnings in a sentence that names no armed actor ("aid agencies warned that
    millions face hunger"): a statement, not an armed group's threat."""
    if any(r.mention.kind in ARMED for r in roles):
        return found
    kept = [c for c in found.get("other", [])
            if lexicon.span_root(doc, c.start, c.end).lemma_.lower() not in ("warn", "warning")]
    return {**found, "other": kept}


def _protest_is_event(doc: Any, found: dict[str, list[Cue]], roles: list[Role]) -> bool:
    """A demonstration took place (not "protested the decision" in a statement, not a march of troops)."""
    if not (found.get("protest") or found.get("excessive") or found.get("intervention")):
        return False
    if any(r.mention.kind == "rebel" and r.role == AGENT for r in roles):
        return False
    if found.get("chemical") and not found.get("protest") and not found.get("excessive"):
        return False  # "tear gas grenades filled with chloropicrin against positions": a battlefield
    crowdless = lexicon.word_set("cues.yaml", "crowdless_interventions")
    if found.get("excessive") or any(c.tokens(doc).text.lower() not in crowdless for c in found.get("intervention", [])):
        return True  # tear gas, baton charges, fire on a crowd: there was a crowd
    if any(r.mention.kind in ("protester",) for r in roles):
        return True
    protest = found.get("protest", [])  # "the crackdown on Islamic State" alone is no demonstration
    if len({_root(doc, c).lemma_.lower() for c in protest}) >= 2:
        return True  # two signs of a demonstration: "gathered outside the bank to demand ..."
    for cue in protest:
        token = _root(doc, cue)
        if token.pos_ in ("NOUN", "PROPN") or token.lemma_.lower() in _PROTEST_VERBS:
            # troops marching into a town are not a demonstration; a march fired on is one
            marching = token.lemma_.lower() == "march" and token.pos_ == "VERB"
            if marching and any(c.dep_ in ("dobj", "obj") for c in token.children):
                return False  # "marched the passengers into the bush": people led off, not a march
            return not (marching and any(r.mention.kind in ARMED for r in roles if r.role == AGENT and r.governor == token.i))
    return False


def _fire(doc: Any, found: dict[str, list[Cue]]) -> bool:
    """Shooting told by a cue: "fired on", "shot at", and "opened fire" (its root is "open")."""
    return any(t.lemma_.lower() in ("fire", "shoot") for c in found.get("attack", []) for t in doc[c.start:c.end])


def _armed_violence(found: dict[str, list[Cue]]) -> bool:
    return any(found.get(s) for s in MEANS)


def _live_violence(doc: Any, found: dict[str, list[Cue]]) -> bool:
    """A weapon used, not one named in passing ("to oppose the lithium mine")."""
    cue_tokens = {i for cues in found.values() for c in cues for i in range(c.start, c.end)}
    return any(weapon_use(doc, c, cue_tokens) == LIVE for s in MEANS for c in found.get(s, []))


def _self_inflicted(doc: Any, found: dict[str, list[Cue]]) -> int | None:
    """"killed by their own mine", "exploded prematurely", "while planting": the weapon's owner was hit."""
    for cue in found.get("disrupt", []):
        text = doc[cue.start:cue.end].text.lower()
        if text.startswith(("own", "premature", "while", "accident")) or "accident" in text:
            return cue.start
    return None


def _unarmed_victims(strong_civilians: list, patients: list, agents: list) -> bool:
    """Those an operation harmed were unarmed: civilians named as such, or people no word arms
    when armed men who are not the state's did it ("gunmen stormed a hotel, killing 15 people")."""
    if strong_civilians:
        return True
    irregular = bool(agents) and all(r.mention.kind == "rebel" for r in agents)
    return irregular and bool(patients) and all(r.mention.kind in _UNARMED for r in patients)


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

