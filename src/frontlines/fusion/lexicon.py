"""The fusion vocabulary: actor families, compatible event types and text cues.

Loaded once per process from the YAML files in ``fusion/data`` (see the
comments there for what each list means and where it comes from).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return safe_yaml(text)


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class ActorFamily:
    name: str
    side: str
    patterns: tuple[re.Pattern[str], ...]
    allied: frozenset[str] = frozenset()
    wildcard: bool = False
    controller: str | None = None
    inter: int | None = None  # ACLED actor type code


@dataclass(frozen=True)
class TypeRules:
    group_of: dict[str, tuple[str, float]]  # sub-event type -> (group name, factor)
    directional: frozenset[str]


@dataclass(frozen=True)
class Cues:
    targets: dict[str, re.Pattern[str]]
    times_of_day: dict[str, tuple[int, re.Pattern[str]]]
    clock: re.Pattern[str]
    ordinal_first: re.Pattern[str]
    ordinal_later: re.Pattern[str]
    area: re.Pattern[str]
    area_stopwords: frozenset[str]
    contest: dict[str, re.Pattern[str]]
    brief: re.Pattern[str]
    repelled: re.Pattern[str]
    aggregate_change: re.Pattern[str]
    withdrawal: dict[str, re.Pattern[str]]
    denial: re.Pattern[str]
    centre_change: re.Pattern[str]
    partial_change: re.Pattern[str]
    victims: dict[str, re.Pattern[str]]
    extra: dict[str, Any] = field(default_factory=dict)


@functools.cache
def actor_families() -> tuple[ActorFamily, ...]:
    data = _load("actors.yaml")["families"]
    return tuple(
        ActorFamily(
            name=name,
            side=spec["side"],
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in spec["patterns"]),
            allied=frozenset(spec.get("allied", ())),
            wildcard=bool(spec.get("wildcard", False)),
            controller=spec.get("controller"),
            inter=spec.get("inter"),
        )
        for name, spec in data.items()
    )


@functools.cache
def families_of(actor: str) -> frozenset[str]:
    """Names of the families an ACLED-style actor name belongs to.

    "Taliban and/or Islamic State (Afghanistan)" belongs to both families: such
    an attribution is compatible with either.
    """
    found = set()
    for part in re.split(r"\s+and/or\s+|\s+or\s+", actor):
        for family in actor_families():
            if any(p.match(part.strip()) for p in family.patterns):
                found.add(family.name)
                break
    return frozenset(found)


def inter_code(actor: str | None) -> int | None:
    """ACLED's actor-type code of an actor name (None when unknown)."""
    for name in families_of(actor or ""):
        code = family(name).inter
        if code is not None:
            return code
    return None


def family(name: str) -> ActorFamily:
    return next(f for f in actor_families() if f.name == name)


@functools.cache
def side_of(actor: str) -> str:
    """government | non-state | civilian | external | unknown."""
    sides = {family(name).side for name in families_of(actor)}
    if len(sides) == 1:
        return sides.pop()
    if sides and sides <= {"government", "external"}:
        return "government"
    return "unknown" if not sides else "non-state" if "non-state" in sides else "unknown"


@functools.cache
def type_rules() -> TypeRules:
    data = _load("types.yaml")
    group_of: dict[str, tuple[str, float]] = {}
    for group in data["groups"]:
        for sub in group["types"]:
            group_of[sub] = (group["name"], float(group["factor"]))
    return TypeRules(group_of=group_of, directional=frozenset(data["directional"]))


@functools.cache
def cues() -> Cues:
    data = _load("cues.yaml")
    kinds = "|".join(data["area_kinds"])
    name = r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|e|i|-e|-i))*"
    # "the Camp area", "Shakh village" | "the village of Zor Abad", "Zor Abad area"
    area = re.compile(
        rf"(?P<a>{name})(?:\s*\([^)]{{1,40}}\))?\s+(?:{kinds})\b|\b(?:{kinds})\s+of\s+(?P<b>{name})",
    )
    ordinal_nouns = "|".join(data["ordinal_nouns"])

    def ordinal(words: list[str]) -> re.Pattern[str]:
        return re.compile(
            rf"\b(?:{'|'.join(words)})\s+(?:\w+\s+)?(?:{ordinal_nouns})\b", re.IGNORECASE
        )

    return Cues(
        targets={k: _alternation(v) for k, v in data["targets"].items()},
        times_of_day={
            k: (int(v["hour"]), _alternation(v["patterns"]))
            for k, v in data["times_of_day"].items()
        },
        clock=re.compile(data["clock"], re.IGNORECASE),
        ordinal_first=ordinal(data["ordinal"]["first"]),
        ordinal_later=ordinal(data["ordinal"]["later"]),
        area=area,
        area_stopwords=frozenset(data["area_stopwords"]),
        contest={k: re.compile(r"\b(?:" + "|".join(v) + r")", re.IGNORECASE)
                 for k, v in data["contest"].items()},
        brief=_alternation(data["brief"]),
        repelled=_alternation(data["repelled"]),
        aggregate_change=re.compile("|".join(data["aggregate_change"]), re.IGNORECASE),
        withdrawal={k: re.compile("|".join(v), re.IGNORECASE) for k, v in data["withdrawal"].items()},
        denial=_alternation(data["denial"]),
        centre_change=re.compile("|".join(f"(?:{p})" for p in data["centre_change"]), re.IGNORECASE),
        partial_change=re.compile("|".join(f"(?:{p})" for p in data["partial_change"]), re.IGNORECASE),
        victims=_victims(data["victims"], data["victim_verbs"]),
    )


def _victims(classes: dict[str, list[str]], verbs: list[str]) -> dict[str, re.Pattern[str]]:
    """Per class, a pattern for a toll of that class: "<n> <adj>* <victims> ... killed" or "killed <n> ... <victims>"."""
    number = r"(?:(?:at least|about|around|some|over|more than) )?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|dozens of|scores of|several|multiple|many|some)"
    verb = "|".join(verbs)
    out = {}
    for name, words in classes.items():
        noun = "|".join(words)
        out[name] = re.compile(
            rf"\b{number}\s+(?:[\w'\"-]+\s+){{0,3}}?(?:{noun})\b[^.;]{{0,40}}?\b(?:{verb})"
            rf"|\b(?:killing|killed|wounding|injuring)\s+{number}\s+(?:[\w'\"-]+\s+){{0,3}}?(?:{noun})\b",
            re.IGNORECASE,
        )
    return out
