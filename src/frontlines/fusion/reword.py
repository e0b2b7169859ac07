"""A second, differently worded report of the same incident - for measuring fusion.

Duplicate handling is measured by feeding the same incident twice, once as
written and once reworded the way another outlet would word it (see
``frontlines.fusion.measure``). The rewording keeps every fact (date, place,
actors, toll) and changes how it is said:

- the date is written in another format ("02-April-2019" -> "2 April 2019",
  "April 2, 2019" or "2019-04-02");
- a leading "On <date>," clause moves to the end of its sentence;
- "<victims> were killed by <actor> in <place>" becomes active voice;
- synonyms and actor paraphrases ("were killed" -> "were left dead",
  "Taliban militants" -> "Taliban fighters", "IED" -> "roadside bomb");
- small numbers are spelt out.

Which alternative is used is chosen from the text's hash: deterministic, and
varied across a corpus. Rules are data (``data/rewording.yaml``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from importlib import resources
from typing import Any

from ..yamlload import safe_yaml

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH = "|".join(MONTHS + [m[:3] for m in MONTHS])

# the date forms found in wire copy and coders' notes
DATE = re.compile(
    rf"(?P<a>(?P<d1>\d{{1,2}})[- ](?P<m1>{_MONTH})[- ,]+(?P<y1>\d{{4}}))"
    rf"|(?P<b>(?P<m2>{_MONTH})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>\d{{4}}))"
    r"|(?P<c>(?P<d3>\d{1,2})[ /.-](?P<m3>\d{1,2})[ /.-](?P<y3>\d{4}))"
)


@functools.cache
def _rules() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "rewording.yaml").read_text(encoding="utf-8")
    return safe_yaml(text)


def _month(name: str) -> int:
    name = name[:3].lower()
    return next(i for i, m in enumerate(MONTHS, 1) if m[:3].lower() == name)


def _parse(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group("a"):
            return dt.date(int(match.group("y1")), _month(match.group("m1")), int(match.group("d1")))
        if match.group("b"):
            return dt.date(int(match.group("y2")), _month(match.group("m2")), int(match.group("d2")))
        return dt.date(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
    except ValueError:
        return None


def _format(day: dt.date, style: int) -> str:
    if style == 0:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == 1:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    return day.isoformat()


def _choice(seed: int, salt: str, n: int) -> int:
    digest = hashlib.sha256(f"{seed}:{salt}".encode()).digest()
    return digest[0] % n


def _dates(text: str, seed: int) -> str:
    style = _choice(seed, "date", 3)

    def swap(match: re.Match[str]) -> str:
        day = _parse(match)
        return _format(day, style) if day else match.group(0)

    return DATE.sub(swap, text)


_LEAD = re.compile(
    rf"^(?P<intro>On|As reported on|Reported on) (?P<date>{DATE.pattern}),?\s+(?P<rest>[^.]+)\."
)


def _move_date(text: str) -> str:
    """"On 2 April 2019, X happened in Y." -> "X happened in Y on 2 April 2019."."""
    match = _LEAD.match(text)
    if not match:
        return text
    rest = match.group("rest")
    rest = rest[0].upper() + rest[1:]
    if rest[:2].lower() == "at" and rest[:8].lower() == "at least":
        rest = "At least" + rest[8:]
    tail = " on " if match.group("intro") == "On" else ", it was reported on "
    return f"{rest}{tail}{match.group('date')}." + text[match.end():]


_PASSIVE = re.compile(
    r"(?P<victims>\b(?:(?i:at least|about|around|some) )?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|multiple|several) "
    r"[\w ()-]{2,60}?) were killed by (?P<agent>[A-Z][\w ()-]{2,60}?) (?P<prep>in|near|at|during) "
)


def _active(text: str) -> str:
    """"3 soldiers were killed by Taliban militants in X" -> "Taliban militants killed 3 soldiers in X"."""

    def swap(match: re.Match[str]) -> str:
        agent, victims = match.group("agent"), match.group("victims")
        return f"{agent} killed {victims[:1].lower() + victims[1:]} {match.group('prep')} "

    return _PASSIVE.sub(swap, text, count=1)


def _synonyms(text: str, seed: int) -> str:
    for n, (pattern, alternatives) in enumerate(_rules()["synonyms"]):
        pick = alternatives[_choice(seed, f"syn{n}", len(alternatives))]
        text = re.sub(pattern, pick, text)
    return text


def _numbers(text: str) -> str:
    words = _rules()["spell_numbers"]

    def spell(match: re.Match[str]) -> str:
        return words[int(match.group(1))] + match.group(2)

    # "3 soldiers" -> "three soldiers"; not dates, times or parts of larger numbers
    return re.sub(r"(?<![\d:/.-])\b(\d)\b( (?!(?:am|pm|a\.m|p\.m|April|May|June|July|March)\b)[a-z])", spell, text)


def reword(text: str, seed: int | None = None) -> str:
    """``text`` said differently, with the same facts (see the module docstring)."""
    seed = seed if seed is not None else int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
    out = text
    if _choice(seed, "move", 3) != 0:
        out = _move_date(out)
    out = _dates(out, seed)
    if _choice(seed, "active", 2) == 0:
        out = _active(out)
    out = _numbers(_synonyms(out, seed))
    return out[:1].upper() + out[1:]
