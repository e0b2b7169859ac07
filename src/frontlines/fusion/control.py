"""District control timelines, derived from fused incidents.

What counts (the ``role`` of an incident in its district, ``admin2``):

- a *transfer*: a territorial sub-event type (overtakes / regains /
  non-violent transfer) that concerns the district as a whole or its centre.
  The gaining side becomes the controller. A few villages, posts or a named
  area changing hands is not a district changing hands: it is contest.
- *contest*: a siege, an assault on the district centre, fighting inside the
  town (``cues.yaml``: contest), or a partial territorial change. The holder
  keeps the district but it is contested; the contest lapses
  ``[control] contest_days`` after its last evidence.

How states are built: incidents are walked in date order. The first change
also implies the state before it ("retaken from the Taliban" implies Taliban
control before; "fell to the Taliban" implies government control before),
marked ``implied`` with a lower confidence. A non-state state that ends
within ``brief_days`` or whose evidence says "briefly"/"repelled" is a brief
incursion; when nothing reports its end, the holder before it resumes.

Claims are kept apart from control: a state whose only evidence is one
party's claim has claim_status "claimed" and a low confidence; the map hatches
it and the command line says "claimed, unconfirmed".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .. import config
from ..models import ControlState, Event
from .features import evidence_text, norm_name, parse_date
from .lexicon import cues, families_of, family, side_of, type_rules

GOVERNMENT, NON_STATE, CONTESTED, UNKNOWN = "government", "non-state", "contested", "unknown"
UNNAMED_GROUP = "Unidentified non-state actor"


@dataclass(frozen=True)
class Settings:
    """``[control]`` in defaults.toml."""

    brief_days: int
    contest_days: int
    half_life_days: float
    min_confidence: float
    implied_factor: float
    claim_factors: dict[str, float]


@functools.cache
def settings() -> Settings:
    section = config.settings()["control"]
    return Settings(**{name: section[name] for name in Settings.__dataclass_fields__})


@dataclass(frozen=True)
class Role:
    kind: str  # "transfer" | "contest"
    controller: str | None = None  # transfer: who gains
    state: str | None = None  # transfer: government | non-state
    loser: str | None = None
    challenger: str | None = None  # contest: who contests
    brief: bool = False
    why: str = ""


def government_label(actor: str | None, country: str | None) -> str:
    for name in families_of(actor or ""):
        if family(name).controller:
            return family(name).controller  # type: ignore[return-value]
    return f"Government of {country}" if country else "Government"


def _actors(event: Event) -> list[str]:
    return [a for a in (event.actor1, event.actor2) if a]


def _gainer(event: Event) -> tuple[str, str, str | None] | None:
    """(controller label, state, loser label) of a territorial event."""
    actors = _actors(event)
    non_state = [a for a in actors if side_of(a) in ("non-state", "unknown")]
    government = [a for a in actors if side_of(a) in ("government", "external")]
    gov_label = government_label(government[0] if government else None, event.country)
    if event.sub_event_type == "Government regains territory":
        return gov_label, GOVERNMENT, (non_state[0] if non_state else None)
    if event.sub_event_type == "Non-state actor overtakes territory":
        return (non_state[0] if non_state else UNNAMED_GROUP), NON_STATE, gov_label
    # A non-violent transfer: ACLED does not fix which actor of the pair gains,
    # so the text says who withdrew; when it does not, districts being handed
    # over or abandoned to armed groups far more often than the reverse in the
    # conflicts this tool follows, a named non-state actor is taken to gain.
    left = {side for side, pattern in cues().withdrawal.items() if pattern.search(evidence_text(event))}
    if left == {"non-state"}:
        return gov_label, GOVERNMENT, (non_state[0] if non_state else None)
    if non_state:
        return non_state[0], NON_STATE, gov_label if government else None
    if government:
        return gov_label, GOVERNMENT, None
    return None


def _level(event: Event, c) -> str:
    """"district" when the change concerns the district or its centre, else "partial".

    Sentence by sentence: one sentence saying the district (centre, town)
    changed hands outweighs another saying the fighting spread over "parts of"
    it; with no such wording, an event placed at the district itself counts.
    """
    sentences = [e.sentence for e in event.evidence if e.sentence] or [""]
    centre = [s for s in sentences if c.centre_change.search(s)]
    if any(not c.partial_change.search(s) for s in centre):
        return "district"
    if any(c.partial_change.search(s) for s in sentences):
        return "partial"
    if centre or not event.location:
        return "district"
    return "district" if norm_name(event.location) == norm_name(event.admin2) else "partial"


def role(event: Event) -> Role | None:
    """How an incident bears on its district's control, if it does.

    A change of control a story tells as history ("was captured by the militants in late
    October") is no incident of that story, but it is a dated fact about who held the district:
    it counts as a transfer, never as a contest.
    """
    if event.kind not in ("incident", "background") or not event.admin2:
        return None
    if event.kind == "background" and (
        event.sub_event_type not in type_rules().directional or not event.event_date
    ):
        return None
    text = evidence_text(event)
    c = cues()
    brief = bool(c.brief.search(text))
    if event.sub_event_type in type_rules().directional:
        gained = _gainer(event)
        if gained is None or c.aggregate_change.search(text):
            return None
        controller, state, loser = gained
        level = _level(event, c)
        challenger = controller if state == NON_STATE else loser
        if level == "partial":
            return Role("contest", challenger=challenger, brief=brief,
                        why=f"part of the district changed hands ({event.sub_event_type})")
        if event.claim_status == "denied":
            return Role("contest", challenger=challenger, brief=brief,
                        why=f"a reported change of control was denied ({event.sub_event_type})")
        return Role("transfer", controller=controller, state=state, loser=loser, brief=brief,
                    why=event.sub_event_type)
    if event.event_type not in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return None
    hits = [name for name, pattern in c.contest.items() if pattern.search(text)]
    if not hits:
        return None
    brief = brief or bool(c.repelled.search(text))
    attackers = [a for a in _actors(event) if side_of(a) in ("non-state", "unknown")]
    return Role("contest", challenger=attackers[0] if attackers else None, brief=brief,
                why=", ".join(hits))


def _date(value: str | None) -> dt.date | None:
    return parse_date(value)


def _order(item: tuple[Event, Role]) -> tuple:
    event, r = item
    date = _date(event.event_date)
    rank = 0 if r.kind == "contest" else 1 if r.state == NON_STATE else 2
    return (date is None, date or dt.date.max, rank, event.event_id)


def _base_confidence(event: Event, s: Settings) -> float:
    return round(event.confidence * s.claim_factors.get(event.claim_status, 0.85), 4)


def _state_claim(event: Event) -> str:
    return event.claim_status if event.claim_status in ("claimed", "disputed", "confirmed") else "reported"


def _support(state: ControlState, event: Event, s: Settings) -> None:
    """Another incident behind the same state: more evidence, perhaps a firmer claim status."""
    if event.event_id not in state.events:
        state.events.append(event.event_id)
        state.evidence.extend(event.evidence)
    status = _state_claim(event)
    if state.claim_status == "claimed" and status in ("reported", "confirmed"):
        state.claim_status, state.why = status, state.why + "; later reported independently"
    elif state.claim_status == "reported" and status == "confirmed":
        state.claim_status = "confirmed"
    state.confidence = max(state.confidence, _base_confidence(event, s))


def _close(state: ControlState, date: str | None, precision: int | None) -> None:
    state.end, state.end_precision = date, precision


def _transfer_state(district: str, province: str | None, event: Event, r: Role, s: Settings) -> ControlState:
    verb = {"claimed": "claims", "disputed": "disputed report", "confirmed": "confirmed"}.get(
        event.claim_status, "reported"
    )
    return ControlState(
        district=district, province=province, state=r.state or UNKNOWN, controller=r.controller,
        start=event.event_date, start_precision=event.time_precision if event.event_date else None,
        confidence=_base_confidence(event, s), claim_status=_state_claim(event),
        claimed_by=event.claimed_by if event.claim_status == "claimed" else None,
        brief=r.brief, events=[event.event_id], evidence=list(event.evidence),
        why=f"{r.why} ({verb}) on {event.event_date or 'an unknown date'}",
    )


def _implied_before(district: str, province: str | None, event: Event, r: Role, s: Settings) -> ControlState:
    holder = r.loser
    if holder is None and r.state == NON_STATE:
        holder = government_label(None, event.country)
    state = GOVERNMENT if holder and side_of(holder) in ("government", "external") or (
        holder and holder.startswith("Government")) else NON_STATE
    return ControlState(
        district=district, province=province, state=state, controller=holder or UNNAMED_GROUP,
        end=event.event_date, end_precision=event.time_precision if event.event_date else None,
        confidence=round(_base_confidence(event, s) * s.implied_factor, 4),
        claim_status="disputed" if event.claim_status == "disputed" else "reported",
        implied=True, events=[event.event_id],
        evidence=list(event.evidence),
        why=f"implied: held by {holder or 'a non-state actor'} until the {r.why.lower()} "
            f"on {event.event_date or 'an unknown date'}",
    )


def _implied_holder(district: str, province: str | None, event: Event, r: Role, s: Settings) -> ControlState | None:
    """Who held a district whose first news is a contest: the side the challenger attacks."""
    if r.challenger is None:
        return None
    if side_of(r.challenger) in ("non-state", "unknown"):
        holder, state = government_label(None, event.country), GOVERNMENT
    else:
        others = [a for a in _actors(event) if side_of(a) in ("non-state", "unknown")]
        if not others:
            return None
        holder, state = others[0], NON_STATE
    return ControlState(
        district=district, province=province, state=state, controller=holder,
        end=event.event_date, end_precision=event.time_precision if event.event_date else None,
        confidence=round(_base_confidence(event, s) * s.implied_factor, 4), implied=True,
        events=[event.event_id], evidence=list(event.evidence),
        why=f"implied: held by {holder}, whom the contest on {event.event_date or 'an unknown date'} was against",
    )


def _last_evidence(state: ControlState, dates: dict[str, dt.date | None]) -> dt.date | None:
    known = [dates[e] for e in state.events if dates.get(e)]
    return max(known) if known else _date(state.start)


def _resume(before: ControlState | None, after: ControlState, date: dt.date, why: str) -> ControlState | None:
    """The holder before a contest or incursion, again in control after it."""
    if before is None or before.state in (CONTESTED, UNKNOWN) or not before.controller:
        return None
    return replace(
        before, start=date.isoformat(), start_precision=after.end_precision or 2, end=None,
        end_precision=None, brief=False, implied=True, events=list(before.events),
        evidence=list(before.evidence), confidence=round(before.confidence * 0.8, 4), why=why,
    )


def timeline(incidents: Iterable[Event], s: Settings | None = None) -> list[ControlState]:
    """The control states of ONE district from its incidents, oldest first."""
    s = s or settings()
    items = [(e, r) for e in incidents if (r := role(e)) is not None]
    if not items:
        return []
    items.sort(key=_order)
    district = items[0][0].admin2 or ""
    province = items[0][0].admin1
    dates = {e.event_id: _date(e.event_date) for e, _ in items}
    states: list[ControlState] = []
    current: ControlState | None = None
    holder_before: ControlState | None = None  # whom a contest or incursion is against

    def lapse_contest(until: dt.date | None) -> None:
        nonlocal current
        if current is None or current.state != CONTESTED:
            return
        last = _last_evidence(current, dates)
        if last is None or (until is not None and (until - last).days <= s.contest_days):
            return
        end = last + dt.timedelta(days=s.contest_days)
        _close(current, end.isoformat(), 2)
        resumed = _resume(holder_before, current, end, "no further contest reported; the holder kept it")
        if resumed is not None:
            states.append(resumed)
        current = resumed

    for event, r in items:
        date, precision = event.event_date, event.time_precision if event.event_date else None
        lapse_contest(dates[event.event_id])
        if r.kind == "contest":
            if current is not None and current.state == CONTESTED:
                _support(current, event, s)
                current.brief = current.brief or r.brief
                continue
            if current is None:
                implied = _implied_holder(district, province, event, r, s)
                if implied is not None:
                    states.append(implied)
                    current = implied
            holder_before = current
            if current is not None and current.brief and current.state == NON_STATE:
                # after an incursion the district is contested from its holder before it
                holder_before = next((p for p in reversed(states[:-1]) if p.state != CONTESTED), None)
            if current is not None:
                _close(current, date, precision)
            current = ControlState(
                district=district, province=province, state=CONTESTED,
                controller=holder_before.controller if holder_before else None, challenger=r.challenger,
                start=date, start_precision=precision, confidence=_base_confidence(event, s),
                claim_status=_state_claim(event), brief=r.brief, events=[event.event_id],
                evidence=list(event.evidence),
                why=f"contested: {r.why} on {date or 'an unknown date'}",
            )
            states.append(current)
            continue
        if current is not None and current.state == r.state and current.controller == r.controller:
            _support(current, event, s)
            continue
        if current is None:
            states.append(_implied_before(district, province, event, r, s))
        else:
            _close(current, date, precision)
        current = _transfer_state(district, province, event, r, s)
        states.append(current)
    lapse_contest(dt.date.max)
    return _mark_incursions(states, s)


def _mark_incursions(states: list[ControlState], s: Settings) -> list[ControlState]:
    out: list[ControlState] = []
    for n, state in enumerate(states):
        out.append(state)
        if state.state not in (NON_STATE, CONTESTED) or state.implied:
            continue
        nxt = states[n + 1] if n + 1 < len(states) else None
        start, end = _date(state.start), _date(nxt.start) if nxt else None
        quick = start is not None and end is not None and (end - start).days <= s.brief_days
        if nxt is not None and nxt.state == GOVERNMENT and quick and state.state == NON_STATE:
            state.brief = True
        if state.brief:
            state.why += "; a brief incursion"
            if nxt is None and start is not None:
                _close(state, state.start, state.start_precision)
                before = next((p for p in reversed(out[:-1]) if p.state not in (CONTESTED, NON_STATE)), None)
                resumed = _resume(before, state, start, "after a brief incursion, the holder before it")
                if resumed is not None:
                    out.append(resumed)
    return out


def timelines(incidents: Iterable[Event], s: Settings | None = None) -> dict[tuple[str, str], list[ControlState]]:
    """Every district's timeline, keyed by (province, district)."""
    by_district: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in incidents:
        if event.admin2:
            by_district[(event.admin1 or "", event.admin2)].append(event)
    result = {}
    for key in sorted(by_district):
        states = timeline(by_district[key], s)
        if states:
            point = district_point(by_district[key])
            for state in states:
                state.latitude, state.longitude = point
            result[key] = states
    return result


def district_point(incidents: list[Event]) -> tuple[float | None, float | None]:
    """Where to draw a district: an incident placed at the district itself, else its most precise one."""
    placed = [e for e in incidents if e.latitude is not None and e.longitude is not None]
    if not placed:
        return None, None
    at_district = [e for e in placed if norm_name(e.location) == norm_name(e.admin2)]
    best = min(at_district or placed, key=lambda e: (e.geo_precision or 3, e.event_id))
    return best.latitude, best.longitude


def state_at(states: list[ControlState], date: str, s: Settings | None = None) -> ControlState | None:
    """The state on ``date`` (at the day's end), its confidence decayed with the age of its evidence.

    None when no state covers the date, or the evidence is too old to say.
    """
    s = s or settings()
    day = _date(date)
    if day is None:
        return None
    covering = None
    for state in states:
        start, end = _date(state.start), _date(state.end)
        if state.start is None and (not state.implied or state.end is None):
            continue  # undated: cannot be placed on a date
        if start is not None and start > day:
            continue
        if end is not None and not (day < end or start == end == day):
            continue
        covering = state
    if covering is None:
        return None
    anchor = _date(covering.end) if covering.implied and covering.start is None else None
    dates = [d for d in (_date(covering.start), anchor) if d]
    gap = min((abs((day - d).days) for d in dates), default=0)
    confidence = round(covering.confidence * 0.5 ** (gap / s.half_life_days), 4)
    if confidence < s.min_confidence:
        return None
    return replace(covering, confidence=confidence)
