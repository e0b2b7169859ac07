"""``frontlines eval isaf``: score the extraction on annotated ISAF press releases.

Input: JSON lines ``{"text": ..., "gold": {"start_date", "province", "min_killed",
"min_captured", "airstrike", ...}}`` (the ISAF press releases data set,
strickvl/isafpressreleases, 2009-2013, annotated by Strick van Linschoten).

Each release goes through the whole pipeline, published on the date its own
dateline states (:func:`frontlines.events.temporal.dateline_date`: "KABUL,
Afghanistan (Jan. 25, 2013)", the year from the release number when the
dateline has none), with vague quantities read by the annotation's own
convention (``isaf``: minimum numbers, "numerous" = 4, "dozens" = 24; see
events/data/quantities.yaml). Then, against the gold record:

* start_date — the main event's ``event_date`` equals the gold date (the date
  of the operation, not of the release).
* province   — the main event's ``admin1`` names the gold province (both
  resolved through the gazetteer, so "Paktiya" = "Paktya").
* killed     — the release's figure equals gold ``min_killed``: the largest
  ``fatalities`` of its incident events (background and statistics
  excluded); no event or no figure counts as 0.
* captured   — the same with ``Event.detained`` (everyone taken in an event,
  whatever its type: "captured a Taliban leader and two associates" = 3, and
  the people detained in a raid coded as a clash) against ``min_captured``.

  Why the largest and not the sum: each record of the data set is ONE
  incident (its author split releases that told several into separate
  records, and counted each record's incident only). The pipeline may tell
  that incident as several events - the raid, the clash inside it, the
  detentions after it, a "confirmed today" retelling - each carrying the
  figures of its own sentences, so the same detainees often appear in two
  events. Summing counts them twice (measured on the 724 releases: captured
  0.72 by sum, 0.84 by the largest; killed 0.88 and 0.89).
* airstrike  — any event of sub-event type "Air/drone strike" equals the
  gold flag.

Limits of the gold date (measured on the 724 releases, so that nobody fits
them): 86 releases state no full date at all (a dateline "(Jan. 28)" with no
year, or only a release number "2011-07-S-039" with no day); and the records
of 19-30 Nov 2010 and 1 Feb-28 Mar 2011 (64 releases) carry a date one day
before every date their text gives, explicit ones included ("Feb. 6" coded
Feb. 5) - an artefact of those annotation batches, not a reading convention.
Choosing perfectly among the dates each text states would score 560/724.

Prints a table and, with ``--out``, writes the report as JSON: per release the
gold and predicted fields and the main event it rests on (type, date and
precision, province, figures, evidence sentences) beside the release's other
events, to tell a wrong date from a wrong event.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from . import report as rep

AIRSTRIKE = "Air/drone strike"
FIELDS = ("start_date", "province", "killed", "captured", "airstrike")


@dataclass
class Release:
    id: str
    text: str
    gold: dict[str, Any]


def read_releases(path: str | Path) -> list[Release]:
    """The releases of a JSON-lines file; a malformed line is an error naming it."""
    releases: list[Release] = []
    for number, record in rep.json_lines(path, "ISAF"):
        try:
            text, gold = record["text"], record["gold"]
        except KeyError as exc:
            raise EvalDataError(f"not an ISAF record: missing {exc}", origin=f"{path}:{number}") from exc
        releases.append(Release(id=f"isaf-{number}", text=text, gold=gold))
    if not releases:
        raise EvalDataError("no releases in file", origin=str(path))
    return releases


def _analyse(releases: list[Release], workers: int | None) -> Iterator[tuple[Release, Any, str | None]]:
    """(release, Article or None, failure) in input order, with the ISAF quantity convention."""
    from ..events import quantities
    from ..events.temporal import dateline_date
    from ..ingest import article_from_string
    from ..pipeline import Failure, analyse_many

    articles: list[Any] = []
    failures: dict[str, str] = {}
    for release in releases:
        try:
            articles.append(
                article_from_string(release.text, published=dateline_date(release.text), doc_id=release.id)
            )
        except Exception as exc:  # noqa: BLE001 - one bad release never stops the evaluation
            failures[release.id] = f"{type(exc).__name__}: {exc}"
    previous = quantities.convention()
    quantities.set_convention("isaf")  # forked workers inherit it
    try:
        results = {
            (r.article_id if isinstance(r, Failure) else r.id): r
            for r in analyse_many(articles, workers=workers)
        }
    finally:
        quantities.set_convention(previous)
    for release in releases:
        result = results.get(release.id)
        if isinstance(result, Failure):
            yield release, None, result.message
        elif result is None:
            yield release, None, failures.get(release.id, "not analysed")
        else:
            yield release, result, None


def predictions(events: list[Any]) -> dict[str, Any]:
    """What the release's events say about the five scored fields."""
    incidents = [e for e in events if getattr(e, "kind", "incident") == "incident"]
    main = incidents[0] if incidents else None
    return {
        "start_date": main.event_date if main else None,
        "province": main.admin1 if main else None,
        "killed": max((e.fatalities or 0 for e in incidents), default=0),
        "captured": max((getattr(e, "detained", None) or 0 for e in incidents), default=0),
        "airstrike": any(e.sub_event_type == AIRSTRIKE for e in incidents),
    }


def _main_event(events: list[Any]) -> dict[str, Any] | None:
    """What the scored main event rests on, to tell a wrong date or place from a wrong event."""
    incidents = [e for e in events if getattr(e, "kind", "incident") == "incident"]
    if not incidents:
        return None
    main = incidents[0]
    return {
        "sub_event_type": main.sub_event_type,
        "event_date": main.event_date,
        "time_precision": main.time_precision,
        "admin1": main.admin1,
        "fatalities": main.fatalities,
        "detained": getattr(main, "detained", None),
        "evidence": [e.sentence for e in main.evidence],
        "others": [
            {"sub_event_type": e.sub_event_type, "event_date": e.event_date, "fatalities": e.fatalities,
             "detained": getattr(e, "detained", None), "kind": e.kind}
            for e in events[1:]
        ],
    }


@functools.cache
def _province_key(name: str) -> str:
    """One key per province whatever the spelling: the gazetteer's name when it knows it."""
    from ..geo.normalize import name_key

    key = name_key(name.replace("province", "").replace("Province", ""))
    try:
        from ..geo.gazetteer import load

        for entry in load().lookup(name, world=False):
            if entry.kind == "province":
                return name_key(entry.name)
    except Exception:  # noqa: BLE001 - without a gazetteer, compare spellings
        pass
    return key


def _same_province(predicted: str | None, gold: list[str]) -> bool:
    if not predicted:
        return False
    return _province_key(predicted) in {_province_key(g) for g in gold if g}


def score(release: Release, predicted: dict[str, Any]) -> dict[str, bool]:
    gold = release.gold
    return {
        "start_date": predicted["start_date"] == gold.get("start_date"),
        "province": _same_province(predicted["province"], gold.get("province") or []),
        "killed": predicted["killed"] == int(gold.get("min_killed") or 0),
        "captured": predicted["captured"] == int(gold.get("min_captured") or 0),
        "airstrike": predicted["airstrike"] == bool(gold.get("airstrike")),
    }


def evaluate(path: str | Path, *, workers: int | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run the pipeline over the releases of ``path`` and score them (the JSON report)."""
    releases = read_releases(path)
    if limit:
        releases = releases[:limit]
    items: list[dict[str, Any]] = []
    for release, article, failure in _analyse(releases, workers):
        events = article.events if article is not None else []
        predicted = predictions(events)
        correct = score(release, predicted)
        items.append(
            {
                "id": release.id,
                "published": getattr(article, "published", None),
                "gold": {
                    "start_date": release.gold.get("start_date"),
                    "province": release.gold.get("province"),
                    "killed": release.gold.get("min_killed"),
                    "captured": release.gold.get("min_captured"),
                    "airstrike": release.gold.get("airstrike"),
                },
                "predicted": predicted,
                "correct": correct,
                "events": len(events),
                "main_event": _main_event(events),
                "failure": failure,
                "text": release.text,
            }
        )
    ratios = {
        field: rep.ratio(sum(item["correct"][field] for item in items), len(items)) for field in FIELDS
    }
    return {
        "file": str(path),
        "n": len(items),
        "failures": sum(1 for item in items if item["failure"]),
        "scores": {field: ratio.to_dict() for field, ratio in ratios.items()},
        "items": items,
    }


TARGETS = {"start_date": 0.90, "province": 0.95, "killed": 0.85, "captured": 0.85}


def print_report(report: dict[str, Any], out: Any = None, max_errors: int = 25) -> None:
    out = out or rep.console()
    rows = [
        (
            field,
            f"{s['correct']}/{s['total']}",
            f"{s['value']:.3f}",
            f"{TARGETS[field]:.2f}" if field in TARGETS else "-",
        )
        for field, s in report["scores"].items()
    ]
    rep.print_table(f"ISAF press releases: {report['file']}", ["field", "correct", "accuracy", "target"], rows, out)
    for field in FIELDS:
        wrong = [item for item in report["items"] if not item["correct"][field]]
        if not wrong:
            continue
        shown = [
            (item["id"], str(item["gold"][field]), str(item["predicted"][field]), rep.shorten(item["failure"] or item["text"]))
            for item in wrong[:max_errors]
        ]
        more = f" (first {max_errors} of {len(wrong)})" if len(wrong) > max_errors else ""
        rep.print_table(f"{field}: wrong{more}", ["id", "gold", "predicted", "text"], shown, out)
    out.print(f"releases={report['n']}  failures={report['failures']}")


def run(
    path: str | Path,
    *,
    out_json: str | Path | None = None,
    workers: int | None = None,
    limit: int | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """What ``frontlines eval isaf`` does: evaluate, print, and write JSON if asked."""
    report = evaluate(path, workers=workers, limit=limit)
    if not quiet:
        print_report(report)
    if out_json:
        rep.write_json(out_json, report)
    return report
