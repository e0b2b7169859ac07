"""Plain-text views of control reports and event explanations (for the command line)."""

from __future__ import annotations

import textwrap

from ..models import ControlState, Evidence
from .query import ControlReport, DistrictControl
from .service import Explanation

PRECISION = {1: "day", 2: "week", 3: "month"}


def when(date: str | None, precision: int | None) -> str:
    if not date:
        return "date unknown"
    if precision and precision > 1:
        return f"about {date} (to the {PRECISION.get(precision, 'month')})"
    return date


def label(state: ControlState) -> str:
    """"Taliban", "Government of Afghanistan", "contested (Taliban vs Government of ...)" ..."""
    if state.state == "contested":
        parties = " vs ".join(p for p in (state.challenger, state.controller) if p)
        text = f"contested ({parties})" if parties else "contested"
        return f"{state.challenger or 'armed'} incursion (brief), {text}" if state.brief else text
    if state.state == "unknown":
        return "unknown"
    name = state.controller or state.state
    if state.brief:
        name = f"{name} incursion (brief)"
    if state.claim_status == "claimed":
        name += f" - claimed by {state.claimed_by or 'one party'}, unconfirmed"
    elif state.claim_status == "disputed":
        name += " - disputed"
    return name


def _period(state: ControlState) -> str:
    if state.start is None and state.end is None:
        return "dates unknown"
    if state.start is None:
        return f"until {when(state.end, state.end_precision)}"
    if state.end is None:
        return f"from {when(state.start, state.start_precision)}"
    if state.start == state.end:
        return f"on {when(state.start, state.start_precision)}"
    return f"{when(state.start, state.start_precision)} to {when(state.end, state.end_precision)}"


def _evidence_lines(evidence: list[Evidence], indent: str, limit: int | None = None) -> list[str]:
    lines = []
    shown = evidence if limit is None else evidence[:limit]
    for ev in shown:
        origin = " · ".join(x for x in (ev.source, ev.doc_id) if x)
        body = textwrap.fill(
            f"\u201c{' '.join(ev.sentence.split())}\u201d [{origin}]", width=100,
            initial_indent=indent + "- ", subsequent_indent=indent + "  ",
        )
        lines.append(body)
    if limit is not None and len(evidence) > limit:
        lines.append(f"{indent}- ... and {len(evidence) - limit} more")
    return lines


def _state_block(state: ControlState, indent: str = "  ") -> list[str]:
    flags = [state.claim_status]
    if state.implied:
        flags.append("implied")
    head = f"{indent}{_period(state)}: {label(state)}  [{', '.join(flags)}; confidence {state.confidence:.2f}]"
    lines = [head, f"{indent}    why: {state.why}"]
    if state.events:
        lines.append(f"{indent}    events: {', '.join(state.events)}")
    lines.extend(_evidence_lines(state.evidence, indent + "    "))
    return lines


def _answer(item: DistrictControl, date: str) -> list[str]:
    state = item.at
    if state is None:
        return [f"On {date}, {item.name}: unknown (no evidence close enough to that date)."]
    lines = [
        f"On {date}, {item.name}: {label(state)} "
        f"({state.claim_status}; confidence {state.confidence:.2f}; {_period(state)}).",
        f"  why: {state.why}",
    ]
    lines.extend(_evidence_lines(state.evidence, "  "))
    return lines


def render_control(report: ControlReport, single: bool = False) -> str:
    """``control --at``: one line per district; ``--district``: the timeline with evidence."""
    if not report.districts:
        return "no district control evidence in the store"
    lines: list[str] = []
    if report.date and not single:
        width = max(len(d.name) for d in report.districts)
        lines.append(f"Control on {report.date} ({len(report.districts)} district(s) with evidence)")
        for item in report.districts:
            state = item.at
            text = "unknown" if state is None else (
                f"{label(state)}  [{state.claim_status}; confidence {state.confidence:.2f}; {_period(state)}]"
            )
            lines.append(f"  {item.name:<{width}}  {text}")
        return "\n".join(lines)
    for n, item in enumerate(report.districts):
        if n:
            lines.append("")
        if report.date:
            lines.extend(_answer(item, report.date))
            lines.append("")
        lines.append(f"{item.name}: control timeline")
        for state in item.states:
            lines.extend(_state_block(state))
    return "\n".join(lines)


def render_explanation(found: Explanation) -> str:
    e = found.incident
    fatalities = "unknown" if e.fatalities is None else (
        f"{e.fatalities} (range {e.fatalities_low}-{e.fatalities_high})"
        if e.fatalities_low != e.fatalities_high else str(e.fatalities)
    )
    place = ", ".join(x for x in (e.location, e.admin2, e.admin1, e.country) if x) or "unknown"
    actors = " vs ".join(x for x in (e.actor1, e.actor2) if x) or "unknown"
    lines = [
        f"{e.event_id}: {e.sub_event_type or e.event_type} - {when(e.event_date, e.time_precision)} - {place}",
        f"  actors: {actors}",
        f"  fatalities: {fatalities}",
        f"  claim status: {e.claim_status}" + (f" (claimed by {e.claimed_by})" if e.claimed_by else ""),
        f"  confidence: {e.confidence:.2f}; {len(found.reports)} report(s) from "
        f"{len({r.doc_id for r in found.reports})} article(s)",
    ]
    if e.notes:
        lines.append(f"  notes: {e.notes}")
    for n, r in enumerate(found.reports, 1):
        origin = ", ".join(x for x in (r.source, r.published, r.title) if x)
        lines.append("")
        lines.append(f"  report {n}: event {r.event.event_id} in article {r.doc_id}" + (f" ({origin})" if origin else ""))
        ev = r.event
        tolls = "" if ev.fatalities is None else f", fatalities {ev.fatalities}"
        lines.append(
            f"    says: {ev.sub_event_type}, {when(ev.event_date, ev.time_precision)}, "
            f"{ev.location or ev.admin2 or ev.admin1 or '?'}{tolls}, {ev.claim_status}"
        )
        if r.linked_to is None:
            lines.append("    first report of this incident")
        else:
            lines.append(f"    merged with {r.linked_to}: score {r.score:.2f} - " + "; ".join(r.reasons))
        lines.extend(_evidence_lines(ev.evidence, "    "))
    return "\n".join(lines)
