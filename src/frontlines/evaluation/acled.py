"""``frontlines eval acled``: score the extraction against an ACLED export with notes.

Input: an ACLED CSV export with at least ``event_date`` ("31 May 2019"),
``event_type``, ``sub_event_type``, ``actor1``, ``actor2``, ``admin1``,
``location``, ``fatalities`` and ``notes``.

Each distinct note is one document, published on its row's ``event_date``,
run through the whole pipeline (``pipeline.analyse_many``, worker
processes). The article's main event (its first incident event: the stage
orders events by importance) is scored against ACLED's row:

* sub_event_type, event_type, actor1, actor2 - exact strings (a missing
  actor2 in ACLED expects none);
* admin1 - the same province (``geo.primary.same_province``: spellings agree);
* location - ``geo.same_location``, the geoparser's scoring rule: right when
  (a) the same place as ACLED's (normalised name, known alternate name, same
  gazetteer place) or (b) ACLED's location is a district or a district centre
  and the main event lies within that district (its village, area or town:
  more specific than ACLED's and consistent with it); a prediction coarser
  than ACLED's village is a miss;
* location_names_only - part (a) alone, reported beside so that nobody is
  misled by (b);
* fatalities - exactly ACLED's figure (no figure counts as 0);
* territory - over notes: gold territorial when ACLED's row is one of the
  three territorial sub-event types, predicted when the main event is; a
  true positive needs the same sub-event type;
* a confusion matrix over sub_event_type (gold rows, predicted columns).

Diagnostic (fatalities). In the 2019 Afghanistan export ACLED codes 0
fatalities for most Taliban-initiated events on government forces even when
the note itself reports deaths ("1 Afghan soldier was killed by Taliban
militants": 0) - a source convention the note's text does not show, which the
extraction must not learn. ``fatalities_outside_zero_coding`` scores
fatalities on the notes outside that pattern: a note is left out when every
row codes 0, actor1 is Taliban, actor2 a government force (military, police,
pro-government militia), and the project's quantity reader
(``events.quantities``, ACLED convention) finds people killed in the note.
Both figures are reported; the headline one stays the plain comparison.

Shared notes. ACLED sometimes codes one report as several events (an
operation in three districts is three rows with the same note, fatalities
split between them). Such a note is run once and scored once: a field counts
as right when the main event matches ANY of the note's rows (they share type
and actors; they differ in location and split fatalities, and the text does
not say which row is "the" event). The report states how many notes and rows
were read; per-row accuracy of sub_event_type is reported beside the per-note
figures.

Prints a table (rich) and, with ``--out``, writes the report with every
mismatch as JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from . import report as rep

FIELDS = ("sub_event_type", "event_type", "actor1", "actor2", "admin1", "location", "location_names_only", "fatalities")
ZERO_CODED_ACTOR1 = "Taliban"
ZERO_CODED_ACTOR2 = ("Military Forces of", "Police Forces of", "Militia (Pro-Government)")
REQUIRED = ("event_date", "sub_event_type", "event_type", "actor1", "actor2", "admin1", "location", "fatalities", "notes")
NONE_LABEL = "(no event)"


@dataclass
class Note:
    """One distinct ACLED note and the rows that share it."""

    id: str
    text: str
    published: str | None
    rows: list[dict[str, str]] = field(default_factory=list)


def read_notes(path: str | Path, limit: int | None = None, month: str | None = None) -> list[Note]:
    """Distinct notes of an ACLED CSV export, in file order (rows grouped by note text); only the
    notes of events in ``month`` ("2019-04") when given, so that one month can be tuned on and
    another checked."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise EvalDataError(f"not an ACLED export: missing column(s) {', '.join(missing)}", origin=str(path))
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvalDataError(f"cannot read ACLED file: {exc}", origin=str(path)) from exc
    notes: dict[str, Note] = {}
    for row in rows:
        text = (row.get("notes") or "").strip()
        if not text or (month and not (acled_date(row.get("event_date", "")) or "").startswith(month)):
            continue
        note = notes.get(text)
        if note is None:
            if limit is not None and len(notes) >= limit:
                continue
            note = notes[text] = Note(f"acled-{len(notes) + 1}", text, acled_date(row.get("event_date", "")))
        note.rows.append(row)
    if not notes:
        raise EvalDataError("no notes in file" + (f" for {month}" if month else ""), origin=str(path))
    return list(notes.values())


def acled_date(value: str) -> str | None:
    """ACLED's "31 May 2019" (or ISO) as an ISO date; None when unreadable."""
    value = value.strip()
    for pattern in ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _analyse(notes: list[Note], workers: int | None) -> dict[str, Any]:
    """note id -> Article (analysed) or a failure message."""
    from ..models import Article
    from ..pipeline import Failure, analyse_many

    articles = [Article(id=n.id, text=n.text, published=n.published, language="en") for n in notes]
    results: dict[str, Any] = {}
    for result in analyse_many(articles, workers=workers):
        if isinstance(result, Failure):
            results[result.article_id] = result.message
        else:
            results[result.id] = result
    return results


def main_event(events: Iterable[Any]) -> Any | None:
    """The article's main event: the first incident (the events stage orders by importance)."""
    events = list(events)
    for event in events:
        if getattr(event, "kind", "incident") == "incident":
            return event
    return None


def _same_province(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    from ..geo.primary import same_province

    return same_province(predicted, gold)


def _same_location(event: Any, gold_location: str, gold_admin1: str | None, strict: bool = False) -> bool:
    if event is None or not event.location:
        return False
    from ..geo.primary import same_location

    # the event itself, not only its location's name: rule (b) needs its district (admin2)
    return same_location(event, gold_location, gold_admin1, strict=strict)


def _fatalities(value: str) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


def _actor(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def score_note(note: Note, event: Any) -> dict[str, bool]:
    """Per field, whether the main event matches one of the note's rows."""
    def any_row(test: Callable[[dict[str, str]], bool]) -> bool:
        return any(test(row) for row in note.rows)

    if event is None:
        return {name: False for name in FIELDS} | {
            "actor2": False,
        }
    return {
        "sub_event_type": any_row(lambda r: r["sub_event_type"] == event.sub_event_type),
        "event_type": any_row(lambda r: r["event_type"] == event.event_type),
        "actor1": any_row(lambda r: _actor(r["actor1"]) == _actor(event.actor1)),
        "actor2": any_row(lambda r: _actor(r["actor2"]) == _actor(event.actor2)),
        "admin1": any_row(lambda r: _same_province(event.admin1, r["admin1"])),
        "location": any_row(lambda r: _same_location(event, r["location"], r["admin1"])),
        "location_names_only": any_row(
            lambda r: _same_location(event, r["location"], r["admin1"], strict=True)
        ),
        "fatalities": any_row(lambda r: _fatalities(r["fatalities"]) == (event.fatalities or 0)),
    }


def zero_coded(note: Note) -> bool:
    """A note in ACLED's zero-fatality pattern (see module doc): gold 0 for a Taliban-initiated
    event on government forces while the note itself reports people killed."""
    for row in note.rows:
        if _fatalities(row["fatalities"]) != 0 or _actor(row["actor1"]) != ZERO_CODED_ACTOR1:
            return False
        if not (row.get("actor2") or "").startswith(ZERO_CODED_ACTOR2):
            return False
    return _reports_deaths(note.text)


def _reports_deaths(text: str) -> bool:
    from ..events import quantities
    from ..nlp.annotate import split_sentences
    from ..nlp.model import load_model

    spans = split_sentences(text)
    docs = load_model().pipe(text[a:b] for a, b in spans)
    casualties = [
        c for (a, _), doc in zip(spans, docs, strict=True)
        for c in quantities.find_casualties(doc, a, convention="acled")
    ]
    return bool(quantities.tally(casualties, "killed").best)


def _gold_row(note: Note, event: Any) -> dict[str, str]:
    """The row a note's prediction is compared with in the confusion matrix: a matching one if any."""
    if event is not None:
        for row in note.rows:
            if row["sub_event_type"] == event.sub_event_type:
                return row
    return note.rows[0]


def evaluate(notes: list[Note], results: dict[str, Any]) -> dict[str, Any]:
    """The report for analysed notes (see module doc)."""
    from ..events.taxonomy import taxonomy

    territorial = taxonomy().territorial
    correct = {name: 0 for name in FIELDS}
    gold_types: list[str] = []
    predicted_types: list[str] = []
    tp = fp = fn = 0
    rows_total = rows_right = 0
    outside_total = outside_right = 0  # fatalities outside ACLED's zero coding (diagnostic)
    failures: list[dict[str, str]] = []
    mismatches: dict[str, list[dict[str, Any]]] = {name: [] for name in FIELDS}
    for note in notes:
        result = results.get(note.id)
        if isinstance(result, str) or result is None:
            failures.append({"note": note.id, "error": result or "not analysed"})
            event = None
        else:
            event = main_event(result.events)
        scores = score_note(note, event)
        for name, ok in scores.items():
            if ok:
                correct[name] += 1
            else:
                mismatches[name].append(_mismatch(note, event, name))
        if not zero_coded(note):
            outside_total += 1
            outside_right += scores["fatalities"]
        gold = _gold_row(note, event)
        predicted = event.sub_event_type if event is not None else NONE_LABEL
        gold_types.append(gold["sub_event_type"])
        predicted_types.append(predicted)
        rows_total += len(note.rows)
        rows_right += sum(1 for r in note.rows if r["sub_event_type"] == predicted)
        gold_territorial = {r["sub_event_type"] for r in note.rows} & territorial
        if predicted in territorial:
            if predicted in gold_territorial:
                tp += 1
            else:
                fp += 1
                if gold_territorial:
                    fn += 1
        elif gold_territorial:
            fn += 1
    n = len(notes)
    classification = rep.classification_scores(gold_types, predicted_types, labels=taxonomy().names())
    return {
        "notes": n,
        "rows": rows_total,
        "fields": {name: rep.ratio(correct[name], n) for name in FIELDS},
        "sub_event_type_per_row": rep.ratio(rows_right, rows_total),
        "fatalities_outside_zero_coding": rep.ratio(outside_right, outside_total),
        "zero_coded_notes": n - outside_total,
        "territory": rep.binary_scores(tp, fp, fn),
        "classification": classification,
        "failures": failures,
        "mismatches": mismatches,
    }


def _mismatch(note: Note, event: Any, name: str) -> dict[str, Any]:
    column = "location" if name == "location_names_only" else name
    gold = sorted({r.get(column) or "" for r in note.rows})
    predicted = None if event is None else getattr(event, column, None)
    return {"note": note.id, "gold": gold, "predicted": predicted, "text": note.text}


def print_report(report: dict[str, Any], out: Any = None) -> None:
    console = rep.console(out)
    rows = [(name, report["fields"][name]) for name in FIELDS]
    rows.append(("sub_event_type (per row)", report["sub_event_type_per_row"]))
    rep.print_table(
        f"ACLED notes: {report['notes']} distinct notes ({report['rows']} rows); main event per note",
        ["field", "accuracy"], rows, console,
    )
    from ..geo.primary import LOCATION_RULE

    console.print(LOCATION_RULE)
    outside = report["fatalities_outside_zero_coding"]
    console.print(
        f"diagnostic - fatalities outside ACLED's zero coding: {outside.value:.3f} ({outside.correct}/{outside.total}); "
        f"{report['zero_coded_notes']} notes left out (gold 0 for a Taliban-initiated event on government forces "
        "while the note reports deaths: a source convention, not scored against the text)"
    )
    territory = report["territory"]
    rep.print_table(
        "Territory events (overtakes / regains / non-violent transfer)",
        ["", "precision", "recall", "F1", "tp", "fp", "fn"],
        [("main event", territory.precision, territory.recall, territory.f1, territory.tp, territory.fp, territory.fn)],
        console,
    )
    rep.print_classification(report["classification"], "sub_event_type per class", console)
    from ..events.taxonomy import taxonomy

    codes = {sub.name: sub.code for sub in taxonomy().sub_event_types}
    rep.print_confusion(report["classification"], out=console, abbreviations=codes)
    if report["failures"]:
        console.print(f"{len(report['failures'])} note(s) failed")


def run(path: str | Path, *, out_json: str | Path | None = None, workers: int | None = None,
        limit: int | None = None, out: Any = None, month: str | None = None) -> dict[str, Any]:
    """Read, analyse, score, print; write JSON when asked. Returns the report."""
    notes = read_notes(path, limit=limit, month=month)
    results = _analyse(notes, workers)
    report = evaluate(notes, results)
    print_report(report, out)
    if out_json:
        rep.write_json(out_json, {**report, "file": str(path)})
    return report
