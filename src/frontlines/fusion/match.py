"""Do two reports describe the same incident? A pairwise, explainable decision.

Hard rules (any one keeps two events apart, and is given as the reason):
events of one article (the extractor already decided they differ); types that
no report would confuse; different provinces, districts or named places;
dates further apart than their precision allows; actors of incompatible sides;
and what the text says - different targets, times of day, named areas, or
"the first strike" against "a second strike".

Everything else gives a score in (0, ~1.5]: each soft difference (a related
type, a coarser place, a day's difference, a related actor, a different toll)
multiplies it down, and corroborating detail (the same named area, target,
time of day, a non-zero toll that matches) multiplies it up. A pair merges
when the score reaches ``[fusion] threshold``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .. import config
from .features import Profile
from .lexicon import families_of, family, type_rules


@dataclass(frozen=True)
class Settings:
    """``[fusion]`` in defaults.toml (see the calibration notes there)."""

    threshold: float
    day_window: int
    near_day_window: int
    near_day_factor: float
    week_window: int
    month_window: int
    same_place_km: float
    conflicting_hours: int
    area_match_ratio: float
    missing_side_factor: float
    family_factor: float
    allied_factor: float
    wildcard_factor: float
    district_level_factor: float
    province_level_factor: float
    area_bonus: float
    target_bonus: float
    hour_bonus: float
    toll_bonus: float
    toll_ratio: float
    toll_min: int
    toll_close_min: int
    text_similarity: float
    uncorroborated_factor: float

    def window(self, precision: int) -> int:
        return {1: self.day_window, 2: self.week_window}.get(precision, self.month_window)

    @property
    def widest_window(self) -> int:
        return max(self.day_window, self.near_day_window, self.week_window, self.month_window)


@functools.cache
def settings() -> Settings:
    section = config.settings()["fusion"]
    return Settings(**{name: section[name] for name in Settings.__dataclass_fields__})


@dataclass
class Decision:
    ok: bool
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    blocker: str | None = None

    def explain(self) -> str:
        if not self.ok:
            return f"kept apart: {self.blocker}"
        return f"score {self.score:.2f}: " + "; ".join(self.reasons)


def _apart(reason: str) -> Decision:
    return Decision(ok=False, blocker=reason)


def _type_factor(a: Profile, b: Profile) -> tuple[float, str] | None:
    sa, sb = a.event.sub_event_type, b.event.sub_event_type
    if sa and sa == sb:
        return 1.0, f"same type ({sa})"
    rules = type_rules()
    ga, gb = rules.group_of.get(sa), rules.group_of.get(sb)
    if ga and gb and ga[0] == gb[0]:
        return ga[1], f"related types ({sa} / {sb})"
    return None


def _date_factor(a: Profile, b: Profile, s: Settings) -> tuple[float, str] | str:
    if a.date is None or b.date is None:
        return "a report gives no date"
    diff = abs((a.date - b.date).days)
    if a.precision == 1 and b.precision == 1:
        if diff == 0:
            return 1.0, f"same day ({a.date})"
        if diff <= s.near_day_window:
            return s.near_day_factor, f"dates {a.date} and {b.date} a day apart"
        return f"dates {a.date} and {b.date} are {diff} days apart"
    allowed = max(s.window(a.precision), s.window(b.precision))
    if diff > allowed:
        return f"dates {a.date} and {b.date} are {diff} days apart (precision allows {allowed})"
    return 1.0 - 0.3 * diff / max(allowed, 1), (
        f"dates {a.date} (precision {a.precision}) and {b.date} (precision {b.precision}) "
        f"within {allowed} days"
    )


def _km(a: Profile, b: Profile) -> float | None:
    ea, eb = a.event, b.event
    if None in (ea.latitude, ea.longitude, eb.latitude, eb.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (ea.latitude, ea.longitude, eb.latitude, eb.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _place_factor(a: Profile, b: Profile, s: Settings) -> tuple[float, str] | str:
    if not a.admin1 or not b.admin1:
        return "a report gives no province"
    if a.admin1 != b.admin1:
        return f"different provinces ({a.event.admin1} / {b.event.admin1})"
    if a.admin2 and b.admin2 and a.admin2 != b.admin2:
        return f"different districts ({a.event.admin2} / {b.event.admin2})"
    if a.location and a.location == b.location:
        return 1.0, f"same place ({a.event.location})"
    if a.geo_precision == 1 and b.geo_precision == 1 and a.location and b.location:
        km = _km(a, b)
        if km is None or km > s.same_place_km:
            where = f", {km:.0f} km apart" if km is not None else ""
            return f"different places ({a.event.location} / {b.event.location}{where})"
        return 1.0, f"same place ({a.event.location} / {b.event.location}, {km:.1f} km apart)"
    if a.admin2 and b.admin2:
        return s.district_level_factor, f"within one district ({a.event.admin2})"
    return s.province_level_factor, f"within one province ({a.event.admin1})"


def _side_factor(x: frozenset[str], y: frozenset[str], s: Settings) -> tuple[float, str] | None:
    if not x or not y:
        return s.missing_side_factor, "one report names no actor"
    if x & y:
        return 1.0, "/".join(sorted(x & y))
    fx = frozenset().union(*(families_of(n) for n in x))
    fy = frozenset().union(*(families_of(n) for n in y))
    label = f"{'/'.join(sorted(x))} ~ {'/'.join(sorted(y))}"
    if fx & fy:
        return s.family_factor, label
    if any(family(f).allied & fy for f in fx):
        return s.allied_factor, label + " (allied)"
    wild_x = any(family(f).wildcard for f in fx)
    wild_y = any(family(f).wildcard for f in fy)
    state = {"government", "external"}
    if (wild_x and not any(family(f).side in state for f in fy)) or (
        wild_y and not any(family(f).side in state for f in fx)
    ):
        return s.wildcard_factor, label + " (unattributed)"
    return None


def _actor_factor(a: Profile, b: Profile, s: Settings) -> tuple[float, str] | str:
    alignments = [(a.side1, b.side1, a.side2, b.side2)]
    # Territorial changes are directional; so are two related types (an
    # airstrike and a rocket attack are one incident only if one side fired).
    same_type = a.event.sub_event_type == b.event.sub_event_type
    if same_type and a.event.sub_event_type not in type_rules().directional:
        alignments.append((a.side1, b.side2, a.side2, b.side1))
    best: tuple[float, str] | None = None
    for x1, y1, x2, y2 in alignments:
        first, second = _side_factor(x1, y1, s), _side_factor(x2, y2, s)
        if first is None or second is None:
            continue
        score = first[0] * second[0]
        if best is None or score > best[0]:
            best = (score, f"actors {first[1]} | {second[1]}")
    if best is None:
        names = lambda p: " vs ".join("/".join(sorted(x)) or "?" for x in (p.side1, p.side2))  # noqa: E731
        return f"actors differ ({names(a)} / {names(b)})"
    return best


def _hour_gap(x: int, y: int) -> int:
    d = abs(x - y) % 24
    return min(d, 24 - d)


def _cue_factor(a: Profile, b: Profile, s: Settings) -> tuple[float, list[str]] | str:
    factor, notes = 1.0, []
    if a.targets and b.targets:
        shared = a.targets & b.targets
        if not shared:
            return f"different targets ({', '.join(sorted(a.targets))} / {', '.join(sorted(b.targets))})"
        factor *= s.target_bonus
        notes.append(f"same target ({', '.join(sorted(shared))})")
    if a.hours and b.hours:
        gap = min(_hour_gap(x, y) for x in a.hours for y in b.hours)
        if gap >= s.conflicting_hours:
            return f"different times of day (~{min(a.hours)}h / ~{min(b.hours)}h)"
        factor *= s.hour_bonus
        notes.append("same time of day")
    if {a.ordinal, b.ordinal} == {"first", "later"}:
        return "one report describes the first strike, the other a later one"
    if a.areas and b.areas:
        same = [
            (x, y) for x in a.areas for y in b.areas
            if fuzz.ratio(x, y) >= s.area_match_ratio
        ]
        if not same:
            return f"different named areas ({', '.join(sorted(a.areas))} / {', '.join(sorted(b.areas))})"
        factor *= s.area_bonus
        notes.append(f"same named area ({same[0][0]})")
    return factor, notes


def _toll_factor(a: Profile, b: Profile, s: Settings) -> tuple[float, str | None, bool]:
    """(factor, reason, corroborates): tolls of the same kind of victim that agree corroborate."""
    fa, fb = a.event.fatalities, b.event.fatalities
    if fa is None or fb is None:
        return 1.0, None, False
    same_victims = not a.victims or not b.victims or a.victims == b.victims
    # one or two dead is the commonest toll of all: two incidents share it by chance
    if fa == fb:
        if fa >= s.toll_min and same_victims:
            return s.toll_bonus, f"same toll ({fa})", True
        return 1.0, None, False
    ratio = (min(fa, fb) + 1) / (max(fa, fb) + 1)
    close = min(fa, fb) >= s.toll_close_min and min(fa, fb) / max(fa, fb) >= s.toll_ratio and same_victims
    note = f"tolls {'close' if close else 'differ'} ({fa} / {fb})"
    return 0.8 + 0.2 * ratio, note, close


def decide(a: Profile, b: Profile, s: Settings | None = None) -> Decision:
    """Whether ``a`` and ``b`` (from different articles) report one incident, and why."""
    s = s or settings()
    if a.doc_id == b.doc_id:
        return _apart("same article (its events were kept apart by the extractor)")
    if not (a.side1 or a.side2) and not (b.side1 or b.side2):
        return _apart("neither report names an actor")
    typed = _type_factor(a, b)
    if typed is None:
        return _apart(f"different types ({a.event.sub_event_type} / {b.event.sub_event_type})")
    score, reasons = typed[0], [typed[1]]
    for part in (_date_factor, _place_factor, _actor_factor):
        result = part(a, b, s)
        if isinstance(result, str):
            return _apart(result)
        score *= result[0]
        reasons.append(result[1])
    cue = _cue_factor(a, b, s)
    if isinstance(cue, str):
        return _apart(cue)
    score *= cue[0]
    reasons.extend(cue[1])
    toll, note, toll_agrees = _toll_factor(a, b, s)
    score *= toll
    if note:
        reasons.append(note)
    same_figures = a.figures == b.figures and bool(a.figures) and (len(a.figures) > 1 or max(a.figures) > 2)
    if same_figures:
        reasons.append(f"same figures ({', '.join(map(str, sorted(a.figures)))})")
    # near-identical wording counts only when the numbers agree too: coders'
    # and wire services' formulas ("N militants were killed in X district")
    # make different incidents read alike
    similar = fuzz.token_sort_ratio(a.words, b.words) if a.words and b.words else 0.0
    similar_text = similar >= s.text_similarity and a.figures == b.figures
    if similar_text:
        reasons.append(f"similar wording ({similar:.0f})")
    corroborated = bool(cue[1]) or toll_agrees or same_figures or similar_text
    if not corroborated and a.event.sub_event_type not in type_rules().directional:
        # "Same place on the same day is not enough on its own" (issue #5): a
        # district sees several clashes a day; a control change only one.
        score *= s.uncorroborated_factor
        reasons.append("no corroborating detail (target, area, time, toll or wording)")
    return Decision(ok=True, score=round(score, 6), reasons=reasons)
