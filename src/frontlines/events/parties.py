"""Who did what to whom: actor1 and actor2 of an event mention, in ACLED's names.

From the roles of the actor mentions of a sentence (events.roles) and the
article's context (events.actors.Context): actor1 is who did the deed, actor2
the other side - the target of an attack, the side that lost the place, the
crowd the police fired on. Where the sentence names one side only, the other
is the side facing it: the article's armed group (the group the story is
about, else the country file's default) against the country's state forces.
Demonstrations name the crowd as ACLED does ("teachers protested" are
Protesters). Split from events.detect, which finds the mentions.
"""

from __future__ import annotations

from typing import Any

from . import actors as actor_book
from . import roles
from .actors import ActorMention, Context

GOVERNMENT_SIDE = {"state", "external", "government", "militia"}
Mention = Any  # events.detect.Mention (imported there; a type alias here avoids the cycle)


def side(kind: str | None) -> str | None:
    if kind is None:
        return None
    if kind in GOVERNMENT_SIDE:
        return "government"
    if kind == "rebel":
        return "nonstate"
    return None


def side_of(mention: ActorMention | None) -> str | None:
    """Which side an actor is on: its entry's own side (a communal militia is non-state), else its kind's."""
    if mention is None:
        return None
    return mention.entry.side or side(mention.kind)


def partner_name(assigned: list[roles.Role], exclude: str | None, context: Context, ours: str | None = None) -> str | None:
    """The other side of a change of control: whom the place was taken from ("secured the
    villages from Islamist insurgents": the Kurds' rivals, though non-state as they are), else an
    armed actor of the sentence not on the gainer's side (``ours``; allies named as help, "with
    support from Russian air strikes", are no side: events.roles)."""
    for role in assigned:
        if role.role in (roles.SOURCE, roles.ALLY) or role.mention.kind in ("civilian", "protester", "government"):
            continue
        name = actor_book.resolve(role.mention, context)
        if name == exclude:
            continue
        if role.role == roles.PARTNER or side(role.mention.kind) not in (_side_of_name(exclude, context), ours or "-"):
            return name
    return None


def _side_of_name(name: str | None, context: Context) -> str | None:
    if name is None:
        return None
    if name == armed_group(context):
        return "nonstate"
    return None


def armed_group(context: Context) -> str:
    """The armed group the article is about, else the country's usual one, else unidentified."""
    book = actor_book.book()
    if context.named_group:
        return context.named_group
    if context.country and context.country in book.unnamed_group:
        return book.unnamed_group[context.country]
    country = book.countries.get(context.country or "")
    return f"Unidentified Armed Group ({country.name})" if country else "Unidentified Armed Group"


def state_forces(context: Context, key: str = "military") -> str:
    """The context country's army (or another generic actor of it: ``key`` "police")."""
    book = actor_book.book()
    entry = book.entries[key]
    mention = ActorMention(0, 0, "", entry, 0)
    return book.name(mention, context)


def opposite_of(side: str, context: Context, invert: bool = True) -> str:
    """The name of the side facing ``side`` (invert) or of ``side`` itself."""
    if invert:
        side = "nonstate" if side == "government" else "government"
    return state_forces(context) if side == "government" else armed_group(context)


def _prefer_specific(candidates: list[roles.Role], context: Context, doc: Any = None) -> roles.Role:
    """Among co-agents of one deed ("Afghan Military and Special Forces", "NATO and Afghan forces"):
    the home state's forces before foreign ones (ACLED associates the foreign ones), and the most
    specific unit (a name that extends another's: "... Special Forces"); a generic word owned by a
    named force is that force ("jets of the U.S. Air Force")."""
    first = candidates[0]
    peers = [r for r in candidates if r.governor == first.governor]
    if len(peers) < 2:
        return first
    if doc is not None and first.mention.generic:
        owner = next((r for r in peers if not r.mention.generic and _owner_of(doc, r.mention, first.mention)), None)
        if owner is not None:
            return owner
    names = {id(r): actor_book.resolve(r.mention, context) for r in peers}
    home = [r for r in peers if r.mention.kind == "state"]
    if home and first.mention.kind == "external":
        first = home[0]
    for role in peers:
        if role.mention.kind == first.mention.kind and names[id(role)].startswith(names[id(first)]) and names[id(role)] != names[id(first)]:
            first = role
    return first


def _owner_of(doc: Any, owner: ActorMention, owned: ActorMention) -> bool:
    """``owner`` is named by "of" after ``owned`` ("jets of the U.S. Air Force")."""
    token = doc[owner.head]
    return token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i == owned.head


_PATIENT_RANK = {"state": 0, "external": 0, "militia": 1, "rebel": 2, "protester": 3, "rioter": 3, "civilian": 4}
_BATTLE_TYPES = {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
_CROWD_FIRST = {"Peaceful protest", "Protest with intervention", "Violent demonstration"}


def _counterpart(first: ActorMention | None, first_name: str | None, candidates: list[roles.Role],
                 mention: Mention, context: Context, protest: bool, governor: int | None = None) -> ActorMention | None:
    """actor2: the other side. Who actor1's own deed (``governor``) was done to or with before the
    doers of other clauses ("... fought insurgents, while government forces shelled ..."); the
    opponents of actor1 before its own side; state forces before the militias fighting with them
    (ACLED associates those); armed targets before civilians caught in a battle - civilians are
    actor2 only of violence aimed at them."""
    first_side = side(first.kind) if first is not None else None
    options = []
    for position, role in enumerate(candidates):
        elsewhere = governor is not None and role.role == roles.AGENT and role.governor != governor
        if role.mention.kind == "government" and not protest:
            continue
        name = actor_book.resolve(role.mention, context)
        if first_name and (name == first_name or first_name.startswith(name) or name.startswith(first_name)):
            continue
        kind = role.mention.kind
        if kind == "civilian" and role.mention.entry.weak and mention.sub_event_type in _BATTLE_TYPES:
            continue
        same_side = first_side is not None and side(kind) == first_side
        battle_civilian = kind == "civilian" and mention.sub_event_type in _BATTLE_TYPES
        options.append((elsewhere, same_side, battle_civilian, _PATIENT_RANK.get(kind, 3), role.depth, position,
                        role.mention))
    if not options:
        return None
    options.sort(key=lambda item: item[:6])
    best = options[0]
    if best[2] and mention.sub_event_type in _BATTLE_TYPES:
        return None  # only civilians: the armed opponent is filled in from the other side
    return best[6]


def fill_actors(mention: Mention, assigned: list[roles.Role], context: Context, cue_tokens: set[int] | None = None,
                doc: Any = None) -> None:
    """actor1 = who did it, actor2 = to whom; the other side when the sentence names one only
    (``doc``: the sentence, where the determiners of its actor words tell what they refer to)."""
    cue_tokens = cue_tokens or set()
    usable = [r for r in assigned if r.role != roles.SOURCE and not (
        doc is not None and (_other_clause(doc, r, mention.anchor) or _later_clause(doc, r, mention.anchor)))]

    def order(role: roles.Role) -> tuple:
        # the doer of an event word ("bombarded", "airstrike") or the means of the deed itself
        # ("Russian jets intensified ...") before the doer of anything else
        means = any(i in cue_tokens for i in range(role.mention.start, role.mention.end))
        return (role.governor not in cue_tokens and not means, role.depth, role.mention.start)

    agents = sorted((r for r in usable if r.role == roles.AGENT), key=order)
    patients = sorted((r for r in usable if r.role == roles.PATIENT), key=lambda r: (r.depth, r.mention.start))
    partners = [r for r in usable if r.role == roles.PARTNER]
    protest = mention.sub_event_type in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters", "Violent demonstration", "Mob violence")
    if mention.sub_event_type == "Arrests":
        # "the authorities detained ...": the state's police made the arrests
        named = actor_book.book().country_names
        agents = [_as_police(r) if r.mention.kind == "government" or r.mention.text in named else r for r in agents]
    if not protest:
        # civilians do not fight: as agents they are witnesses ("residents said")
        agents = [r for r in agents if r.mention.kind not in ("civilian", "government")]
    if agents:
        agents.remove(chosen := _prefer_specific(agents, context, doc))
        agents.insert(0, chosen)
    if mention.sub_event_type in _CROWD_FIRST:
        # ACLED codes a demonstration with the demonstrators as actor1 and whoever
        # intervened as actor2, however the sentence is built ("police dispersed protesters")
        # the crowd as named ("protesters"), else the people who gathered ("teachers", "students")
        crowd = next((r for r in agents + patients if r.mention.kind in ("protester", "rioter")), None) or next(
            (r for r in agents + patients if r.mention.kind == "civilian" and not r.mention.entry.weak), None)
        if crowd is not None:
            for group in (agents, patients):
                if crowd in group:
                    group.remove(crowd)
            agents.insert(0, crowd)
            patients = [r for r in agents[1:] if r.mention.kind != crowd.mention.kind] + patients
            agents = agents[:1]
    first = agents[0].mention if agents else None
    if mention.sub_event_type == "Excessive force against protesters" and agents:
        first = next((r.mention for r in agents if r.mention.kind in ("state", "militia")), first)
    if mention.sub_event_type == "Disrupted weapons use" and (first is None or first.kind == "rebel") and patients and not (
        first is not None and any(side(r.mention.kind) == "government" for r in patients)  # "shot down a NATO drone"
    ):
        # "militants killed by their own mine": the weapon's owners are the actor, and nobody else
        owner = first if first is not None else patients[0].mention
        mention.actor1, mention.actor1_name = owner, actor_book.resolve(owner, context)
        return
    if first is None and mention.sub_event_type == "Armed clash":
        # a battle told by its casualties, nobody told as the doer. As ACLED codes them: "2
        # soldiers were killed in clashes with the Taliban" - the side they clashed with first;
        # "5 soldiers and 4 militants were killed in clashes" - the non-state side first
        armed = [r for r in partners if side(r.mention.kind) is not None]
        # "fighting between the YPG and Islamic State": both sides named, rivals though non-state
        # both (two arms of the state named together are one side)
        between = len(armed) >= 2 and "nonstate" in {side(r.mention.kind) for r in armed[:2]}
        armed = armed or [r for r in patients if side(r.mention.kind) == "nonstate"]
        if between or (armed and any(side(r.mention.kind) not in (None, side(armed[0].mention.kind)) for r in patients + partners)):
            first = armed[0].mention
            patients = [r for r in patients if r is not armed[0]]
            partners = [r for r in partners if r is not armed[0]]
    first_name = actor_book.resolve(first, context) if first else None
    if doc is not None and agents and first is agents[0].mention and mention.sub_event_type not in _BATTLE_TYPES \
            and _indefinite(doc, first) and any(
        actor_book.resolve(r.mention, context) == first_name for r in patients + partners
    ):  # "two bombers attacked YPG fighters" in a story about the YPG: not the YPG's own bombers
        first_name = state_forces(context, "unidentified")
    # co-agents of the same deed ("army, police and special forces launched ...") are one side
    others = [r for r in agents[1:] if not (
        (r.governor == agents[0].governor or side(r.mention.kind) == "government")
        and side(r.mention.kind) == side(agents[0].mention.kind)
    )]  # ... but "the Taliban and Afghan forces clashed" names both sides; and the state's allies
    # doing another deed are not its enemy ("Russian jets struck ... in support of the army's offensive")
    second = _counterpart(first, first_name, patients + partners + others, mention, context, protest,
                          agents[0].governor if agents else None)
    if mention.sub_event_type == "Peaceful protest" and second is not None and second.kind == "civilian":
        second = None  # "rallied to denounce the market strike": the market's people are no other side
    mention.actor1, mention.actor2 = first, second
    mention.actor1_name = first_name
    mention.actor2_name = actor_book.resolve(second, context) if second else None
    crowd = not protest and second is not None and second.kind == "protester" and (
        second.text.lower() in actor_book.book().crowd_words
    )
    if crowd:  # "drove a truck into crowds of people celebrating": the people there, not demonstrators
        mention.actor2_name = state_forces(context, "civilians")
    armed_types = mention.sub_event_type in ("Armed clash", "Air/drone strike", "Shelling/artillery/missile attack",
                                             "Remote explosive/landmine/IED", "Grenade", "Suicide bomb", "Attack",
                                             "Abduction/forced disappearance", "Sexual violence", "Chemical weapon")
    if mention.actor1_name is None and second is not None and armed_types:
        their = side(second.kind)
        if second.kind == "civilian" or crowd or mention.sub_event_type in _NONSTATE_MEANS:
            mention.actor1_name = _unnamed_doer(mention, context, mention.actor2_name)
        elif their is not None:
            mention.actor1_name = opposite_of(their, context)
    if mention.actor2_name is None and first is not None and mention.sub_event_type == "Armed clash":
        ours = side(first.kind)
        if ours is not None:
            mention.actor2_name = opposite_of(ours, context)
    if mention.actor1_name is None and mention.actor2_name is None and armed_types:
        mention.actor1_name = _unnamed_doer(mention, context)
        if mention.sub_event_type == "Armed clash":
            mention.actor2_name = state_forces(context)
    if mention.actor1_name is None and mention.sub_event_type == "Arrests":
        mention.actor1_name = state_forces(context, "police")  # "three suspects were detained"
    name_the_crowd(mention, context)


# Means of war only states wield in the conflicts ACLED covers: an air strike nobody is named for
# is the state's (the country's air force, or a foreign one the article names elsewhere).
_STATE_MEANS = {"Air/drone strike"}
# ... and one only armed groups use: a suicide bombing of rebels is another group's, not the state's
_NONSTATE_MEANS = {"Suicide bomb"}


def _other_clause(doc: Any, role: roles.Role, anchor: int) -> bool:
    """The role is the doer or the object of a relative clause about something other than the deed
    ("suicide attacks at the dam, which Kurds captured in December": the Kurds captured the dam,
    they did not attack; but "clashes that included Afghan forces" are about the clashes)."""
    clause = doc[role.governor]
    if clause.dep_ != "relcl" or any(t.i == anchor for t in clause.subtree):
        return False
    from .lexicon import deed_tokens

    return clause.head.i not in deed_tokens(doc)


def _later_clause(doc: Any, role: roles.Role, anchor: int) -> bool:
    """The role belongs to what happened next, in a "before" / "until" clause the deed is not in
    ("a man stabbed two people to death before police shot him dead": the police ended the
    attack, they did not make it)."""
    for token in [doc[role.governor], *doc[role.governor].ancestors]:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("before", "until") for c in token.children):
            return not any(t.i == anchor for t in token.subtree)
    return False


def _unnamed_doer(mention: Mention, context: Context, target: str | None = None) -> str:
    """Who did a deed the sentence names no doer for: not its target ("suicide attacks against
    Kurdish fighters" in a story about the YPG are an unidentified group's)."""
    if mention.sub_event_type in _STATE_MEANS:
        return state_forces(context)
    group = armed_group(context)
    return group if group != target else state_forces(context, "unidentified")


def _indefinite(doc: Any, mention: ActorMention) -> bool:
    """Unnamed fighters told for the first time ("two bombers", not "the militants", which refers
    back to a group named before)."""
    if not mention.entry.resolve_to_named:
        return False
    return not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "these", "those", "their", "its")
                   for c in doc[mention.head].children)


def _as_police(role: roles.Role) -> roles.Role:
    """The same role, its actor read as the police of its country ("Turkish authorities detained")."""
    found = role.mention
    police = actor_book.book().entries["police"]
    as_police = ActorMention(found.start, found.end, found.text, police, found.head, found.qualifier)
    return roles.Role(as_police, role.role, role.governor, role.depth)


# ACLED names the people in a demonstration by what they did, not who they are: "teachers
# protested" are Protesters (Kenya), "protesters burned tyres" Rioters (Nigeria).
_CROWD_KIND = {"Peaceful protest": "protester", "Protest with intervention": "protester",
               "Violent demonstration": "rioter", "Mob violence": "rioter"}
_CROWD_ENTRY = {"protester": "protesters", "rioter": "rioters"}


def crowd(kind: str, context: Context) -> str:
    """ACLED's name for demonstrators ("protester") or rioters ("rioter") in the context's country."""
    book = actor_book.book()
    return book.name(ActorMention(0, 0, "", book.entries[_CROWD_ENTRY[kind]], 0), context)


def name_the_crowd(mention: Mention, context: Context) -> None:
    kind = _CROWD_KIND.get(mention.sub_event_type)
    if mention.sub_event_type in _CROWD_FIRST and mention.actor1 is not None and side(mention.actor1.kind) == "government" \
            and (mention.actor2 is None or mention.actor2.kind in ("civilian", "protester")):
        # "riot police broke up a march", "dispersed hundreds of people": the crowd is actor1 even
        # when the text names only the police, or the crowd only as people
        mention.actor2, mention.actor2_name = mention.actor1, mention.actor1_name
        mention.actor1, mention.actor1_name = None, None
    if kind and (mention.actor1 is None or mention.actor1.kind in ("civilian", "protester", "rioter", "government")):
        mention.actor1_name = crowd(kind, context)
    if mention.sub_event_type == "Excessive force against protesters" and (
        mention.actor2 is None or mention.actor2.kind in ("civilian", "protester")
    ):
        mention.actor2_name = crowd("protester", context)
