"""Measuring fusion on the ACLED development notes (reference data, read-only).

    python -m frontlines.fusion.measure rows PATH.csv
        ACLED's own events (one row each, its note as evidence, the rows of
        one note as one article) fused as reports: does fusion keep ACLED's
        1,689 distinct events distinct? Fusion alone, no extraction.

    python -m frontlines.fusion.measure districts PATH.csv --seeds DIR
        The five seed articles and every distinct note, through the whole
        pipeline into one store: the control timelines of the five districts
        the seeds are about (issue #5's done-when).

    python -m frontlines.fusion.measure duplicates PATH.csv [--limit N]
        Every distinct note ingested as an article published on its event
        date, and again reworded (``frontlines.fusion.reword``) as a second
        outlet's report: the full pipeline (extraction, fusion) must merge
        each note's events with the reworded copy's and nothing else.
        Reports merge precision and recall, and the distinct incidents the
        original notes alone give.

Definitions (duplicates): a predicted merge is a pair of events from two
different articles in one fused incident; it is correct when the two articles
are one note and its rewording, or two notes that open with the same sentence
(ACLED splits one report over several districts into events whose notes
differ only in a trailing coding remark: one incident reported once). A gold pair is an event of the note and an
event of its rewording with the same sub-event type and place (province and
district, or location); recall is the share of gold pairs fused together.
Events the extractor gives differently for the two wordings (a different type
or place) have no gold pair and are counted separately as disagreements.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass
from itertools import combinations
from pathlib import Path

from ..models import Event, Evidence
from . import ReportInfo, fuse


@dataclass
class Note:
    note_id: str
    text: str
    published: str  # ISO: the earliest event date of its rows
    rows: list[dict[str, str]]


def _iso(acled_date: str) -> str:
    return dt.datetime.strptime(acled_date.strip(), "%d %B %Y").date().isoformat()


def read_notes(path: str | Path) -> list[Note]:
    """Distinct notes in file order, each with the ACLED rows it was coded into."""
    notes: dict[str, Note] = {}
    with open(path, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            text = " ".join(row["notes"].split())
            if not text:
                continue
            note = notes.get(text)
            if note is None:
                note = notes[text] = Note(f"acled-{len(notes):04d}", text, _iso(row["event_date"]), [])
            note.rows.append(row)
            note.published = min(note.published, _iso(row["event_date"]))
    return list(notes.values())


# --- fusion alone on ACLED's own events ------------------------------------------


def row_events(notes: list[Note]) -> list[Event]:
    events = []
    for note in notes:
        for n, row in enumerate(note.rows):
            events.append(Event(
                event_id=f"{note.note_id}-r{n}", doc_id=note.note_id,
                event_date=_iso(row["event_date"]), time_precision=1,
                event_type=row["event_type"], sub_event_type=row["sub_event_type"],
                actor1=row["actor1"] or None, actor2=row["actor2"] or None,
                country="Afghanistan", iso=4, admin1=row["admin1"], location=row["location"],
                latitude=float(row["latitude"]), longitude=float(row["longitude"]), geo_precision=1,
                fatalities=int(row["fatalities"] or 0), confidence=0.8,
                evidence=[Evidence(note.note_id, note.text, 0, len(note.text), "ACLED")],
            ))
    return events


@dataclass
class RowsResult:
    acled_events: int
    incidents: int
    merged_across_notes: int  # incidents holding events of more than one note
    examples: list[list[str]]

    def lines(self) -> list[str]:
        return [
            f"ACLED events fused as reports: {self.acled_events} -> {self.incidents} incidents",
            f"incidents merging events of different notes: {self.merged_across_notes}",
        ] + [f"  merged: {' || '.join(e)}" for e in self.examples]


def measure_rows(path: str | Path) -> RowsResult:
    notes = read_notes(path)
    text_of = {n.note_id: n.text for n in notes}
    events = row_events(notes)
    reports = {n.note_id: ReportInfo(n.published, "ACLED") for n in notes}
    incidents = fuse(events, reports)
    merged = [i for i in incidents if len({r.doc_id for r in i.reports}) > 1]
    examples = [[text_of[d][:160] for d in dict.fromkeys(r.doc_id for r in i.reports)] for i in merged[:10]]
    return RowsResult(len(events), len(incidents), len(merged), examples)


# --- the whole pipeline on notes and their rewordings ---------------------------------


@dataclass
class DuplicatesResult:
    notes: int
    articles: int
    events_original: int
    events_reworded: int
    incidents_all: int
    predicted_pairs: int
    correct_pairs: int
    gold_pairs: int
    found_gold_pairs: int
    disagreements: int  # events without a counterpart of the same type and place in the other wording
    original_incidents: int  # the original notes alone
    original_cross_note_merges: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.found_gold_pairs / self.gold_pairs if self.gold_pairs else 0.0

    def lines(self) -> list[str]:
        return [
            f"notes: {self.notes} (articles {self.articles}: each note and its rewording)",
            f"events extracted: {self.events_original} original, {self.events_reworded} reworded",
            f"merge precision: {self.precision:.3f} ({self.correct_pairs}/{self.predicted_pairs} predicted pairs)",
            f"merge recall: {self.recall:.3f} ({self.found_gold_pairs}/{self.gold_pairs} gold pairs)",
            f"extraction disagreements between wordings (no gold pair): {self.disagreements}",
            f"incidents over both wordings: {self.incidents_all}",
            f"original notes alone: {self.events_original} events -> {self.original_incidents} incidents, "
            f"{self.original_cross_note_merges} merging different notes",
        ]


def _place(e: Event) -> tuple[str, str, str]:
    from .features import norm_name

    return (norm_name(e.admin1), norm_name(e.admin2), "" if e.admin2 else norm_name(e.location))


def extract_notes(notes: list[Note], workers: int | None = None, reworded: bool = True) -> list:
    """Articles (originals, then rewordings) analysed by the pipeline."""
    from ..ingest import article_from_string
    from ..pipeline import Failure, analyse_many
    from .reword import reword

    articles = []
    for note in notes:
        articles.append(article_from_string(note.text, published=note.published, doc_id=note.note_id,
                                            source="ACLED notes"))
        if reworded:
            articles.append(article_from_string(reword(note.text), published=note.published,
                                                doc_id=f"{note.note_id}-rw", source="ACLED notes reworded"))
    return [r for r in analyse_many(articles, workers=workers) if not isinstance(r, Failure)]


def measure_duplicates(path: str | Path, limit: int | None = None, workers: int | None = None) -> DuplicatesResult:
    notes = read_notes(path)[:limit] if limit else read_notes(path)
    return score_duplicates(notes, extract_notes(notes, workers))


def score_duplicates(notes: list[Note], analysed: list) -> DuplicatesResult:
    """The numbers of :func:`measure_duplicates` for articles already analysed."""
    from ..store import Store
    from ..store import incidents as table
    from .features import norm_name
    from .service import update

    story = {}  # notes opening with the same sentence tell one story
    note_of = {}
    for note in notes:
        opening = norm_name(note.text.split(". ")[0])
        note_of[note.note_id] = note_of[f"{note.note_id}-rw"] = story.setdefault(opening, note.note_id)
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for article in analysed:
        by_doc[article.id] = [e for e in article.events if e.kind == "incident"]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "measure.db") as store:
        stored = []
        for article in analysed:
            # a rewording that changed nothing is the same story: stored once
            if store.add_article(article) == "new":
                store.replace_events(article.id, article.events)
                stored.append(article.id)
            else:
                by_doc.pop(article.id, None)
        update(store, stored)
        incident_of = {}
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for event in table.iter_incidents(store):
            for m in table.get_members(store, event.event_id):
                incident_of[m["event_id"]] = event.event_id
                members[event.event_id].append((m["event_id"], m["doc_id"]))
    predicted = correct = 0
    for items in members.values():
        for (_, da), (_, db) in combinations(items, 2):
            if da != db:
                predicted += 1
                correct += note_of[da] == note_of[db]
    gold = found = disagreements = 0
    for note in notes:
        a, b = by_doc.get(note.note_id, []), by_doc.get(f"{note.note_id}-rw", [])
        key = lambda e: (e.sub_event_type, _place(e))  # noqa: E731
        keys_a, keys_b = {key(e) for e in a}, {key(e) for e in b}
        disagreements += sum(key(e) not in keys_b for e in a) + sum(key(e) not in keys_a for e in b)
        for x in a:
            for y in b:
                if key(x) == key(y):
                    gold += 1
                    found += incident_of.get(x.event_id) is not None and incident_of.get(x.event_id) == incident_of.get(y.event_id)
    originals = [e for n in notes for e in by_doc.get(n.note_id, [])]
    reports = {n.note_id: ReportInfo(n.published, "ACLED notes") for n in notes}
    alone = fuse(originals, reports)
    return DuplicatesResult(
        notes=len(notes), articles=len(analysed),
        events_original=len(originals),
        events_reworded=sum(len(by_doc.get(f"{n.note_id}-rw", [])) for n in notes),
        incidents_all=len(members), predicted_pairs=predicted, correct_pairs=correct,
        gold_pairs=gold, found_gold_pairs=found, disagreements=disagreements,
        original_incidents=len(alone),
        original_cross_note_merges=sum(len({note_of[r.doc_id] for r in i.reports}) > 1 for i in alone),
    )


# --- the seeds and the notes together: five districts' timelines ----------------------

# Publication dates of the seed articles (000 gives none), as a user would pass
# them with --published; the seeds' own pages do not all carry one.
SEED_DATES = {"001": "2021-07-27", "002": "2016-01-10", "003": "2021-05-04", "004": "2021-07-08"}
DISTRICTS = ("Kaldar", "Darqad", "Qala-e-Naw", "Nad-e Ali", "Khanishin")
# the districts' spellings in English-language reporting, and their provinces
_SPELLINGS = ("kaldar", "darqad", "qalaenaw", "qalainaw", "nadali", "nadeali", "marjah", "marja",
              "khanishin", "khannishin")
_PROVINCES = {"Balkh", "Takhar", "Badghis", "Helmand"}


def seed_and_note_articles(seeds: str | Path, path: str | Path, sample: bool = False) -> list:
    """The seeds (with SEED_DATES) and the distinct notes as articles.

    ``sample``: only notes of the four provinces of the five districts that
    name one of them, and every fourth other note of those provinces.
    """
    from ..ingest import article_from_string
    from .features import norm_name

    articles = []
    for file in sorted(Path(seeds).glob("*.txt")):
        articles.append(article_from_string(
            file.read_text(encoding="utf-8"), published=SEED_DATES.get(file.name[:3]),
            doc_id=f"seed-{file.stem}", source=f"seed {file.name[:3]}",
        ))
    others = 0
    for note in read_notes(path):
        if sample:
            if not {row["admin1"] for row in note.rows} & _PROVINCES:
                continue
            squashed = norm_name(note.text).replace(" ", "")
            if not any(name in squashed for name in _SPELLINGS):
                others += 1
                if others % 4:
                    continue
        articles.append(article_from_string(note.text, published=note.published, doc_id=note.note_id,
                                            source="ACLED notes"))
    return articles


def district_timelines(articles: list, db: str | Path, workers: int | None = None) -> dict[str, list]:
    """Analyse, store and fuse ``articles``; the control timelines of DISTRICTS, by name."""
    from ..pipeline import Failure, analyse_many
    from ..store import Store
    from .query import control_in, resolve_district
    from .service import by_district, update

    with Store.open(db) as store:
        stored = []
        for article in analyse_many(articles, workers=workers):
            if isinstance(article, Failure) or store.add_article(article) != "new":
                continue
            store.replace_events(article.id, article.events)
            stored.append(article.id)
        update(store, stored)
        known = sorted(by_district(store))
        found = {}
        for name in DISTRICTS:
            keys = resolve_district(name, known)
            if keys:
                found[name] = control_in(store, district=f"{keys[0][1]} ({keys[0][0]})").districts[0].states
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m frontlines.fusion.measure", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["rows", "duplicates", "districts"])
    parser.add_argument("path", help="the ACLED csv (event_date, ..., notes)")
    parser.add_argument("--limit", type=int, help="only the first N distinct notes")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--seeds", help="the seed articles' folder (districts)")
    args = parser.parse_args(argv)
    if args.what == "districts":
        from .render import _state_block

        with tempfile.TemporaryDirectory() as tmp:
            articles = seed_and_note_articles(args.seeds, args.path)
            found = district_timelines(articles, Path(tmp) / "districts.db", args.workers)
        for name in DISTRICTS:
            print(f"{name}:" if name in found else f"{name}: no control evidence")
            for state in found.get(name, []):
                print("\n".join(_state_block(state)))
        return 0
    if args.what == "rows":
        result = measure_rows(args.path)
    else:
        result = measure_duplicates(args.path, args.limit, args.workers)
    if args.json:
        print(json.dumps(asdict(result), indent=2))
    else:
        print("\n".join(result.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
