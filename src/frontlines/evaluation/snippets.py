"""``frontlines eval snippets``: event typing on short labelled news snippets.

A snippet file is tab-separated, one snippet a line::

    id <TAB> text <TAB> label

``label`` is an ACLED sub-event type spelled as in ACLED's codebook
("Air/drone strike"), or its short code from ``data/sub_event_types.csv``
("ADS"), or ``None`` for a text that reports no event. Blank lines, lines
starting with ``#`` and a header line ``id<TAB>text<TAB>label`` are skipped.

Each text goes through the same path as ``frontlines extract`` (ingest, then
:func:`frontlines.pipeline.analyse_many`); the prediction is the
``sub_event_type`` of the article's main event, i.e. its first event of kind
``incident`` (background and statistics are never the main event), or
``None`` when there is none. Scores: per-class precision / recall / F1,
weighted F1 over the sub-event types, accuracy, the confusion matrix, and the
same at the level of the six event types.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from . import report as rep

NO_EVENT = "None"


@dataclass(frozen=True)
class SubEventType:
    code: str
    event_type: str
    sub_event_type: str


@dataclass
class Snippet:
    id: str
    text: str
    label: str  # canonical sub-event type, or NO_EVENT
    origin: str  # "path:line"


@functools.cache
def taxonomy() -> tuple[SubEventType, ...]:
    """ACLED's 25 sub-event types, in codebook order, with their event type and short code."""
    text = resources.files(__package__).joinpath("data", "sub_event_types.csv").read_text("utf-8")
    return tuple(SubEventType(**row) for row in csv.DictReader(text.splitlines()))


@functools.cache
def _label_index() -> dict[str, str]:
    index = {NO_EVENT.lower(): NO_EVENT}
    for entry in taxonomy():
        index[entry.code.lower()] = entry.sub_event_type
        index[entry.sub_event_type.lower()] = entry.sub_event_type
    return index


def canonical_label(label: str) -> str | None:
    """The codebook spelling of a sub-event type given by name or code (case-insensitive)."""
    return _label_index().get(label.strip().lower())


def event_type_of(sub_event_type: str) -> str:
    """The event type of a sub-event type (``None`` for no event; unknown types kept as is)."""
    for entry in taxonomy():
        if entry.sub_event_type == sub_event_type:
            return entry.event_type
    return sub_event_type or NO_EVENT


def short_codes() -> dict[str, str]:
    """sub-event type -> short code, for compact confusion matrices."""
    return {entry.sub_event_type: entry.code for entry in taxonomy()} | {NO_EVENT: "-"}


def read_snippets(path: str | Path) -> list[Snippet]:
    """Parse a snippet file; a malformed line raises :class:`EvalDataError` naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"cannot read snippet file: {exc}", origin=str(path)) from exc
    snippets: list[Snippet] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        origin = f"{path}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise EvalDataError(
                f"expected 3 tab-separated fields (id, text, label), found {len(fields)}",
                origin=origin,
            )
        snippet_id, text, label = (f.strip() for f in fields)
        if not snippets and not seen and (snippet_id.lower(), label.lower()) == ("id", "label"):
            continue  # the header line
        canonical = canonical_label(label)
        if canonical is None:
            raise EvalDataError(
                f"unknown label {label!r}: use an ACLED sub-event type, its code, or None",
                origin=origin,
            )
        if not text:
            raise EvalDataError("empty text", origin=origin)
        if snippet_id in seen:
            raise EvalDataError(f"duplicate id {snippet_id!r}", origin=origin)
        seen.add(snippet_id)
        snippets.append(Snippet(snippet_id, text, canonical, origin))
    if not snippets:
        raise EvalDataError("no snippets in file", origin=str(path))
    return snippets


def main_event(events: list[Any]) -> Any | None:
    """The main event: the first incident (events come in order of importance)."""
    for event in events:
        if getattr(event, "kind", "incident") == "incident":
            return event
    return None


def _predict(
    snippets: list[Snippet], published: str | None, workers: int | None
) -> Iterator[tuple[Snippet, Any | None, str | None]]:
    """(snippet, main event or None, failure message or None), in input order."""
    from ..errors import FrontlinesError
    from ..ingest import article_from_string
    from ..pipeline import Failure, analyse_many, is_extractable

    articles, unread = [], {}
    for snippet in snippets:
        try:
            articles.append(article_from_string(snippet.text, published=published, doc_id=snippet.id))
        except FrontlinesError as exc:  # scored as "no event", reported as a failure
            unread[snippet.id] = exc.one_line()
    results = {
        result.article_id if isinstance(result, Failure) else result.id: result
        for result in analyse_many(articles, workers=workers)
    }
    for snippet in snippets:
        result = results.get(snippet.id)
        if result is None:
            yield snippet, None, unread.get(snippet.id, "not analysed")
        elif isinstance(result, Failure):
            yield snippet, None, result.message
        elif not is_extractable(result):
            yield snippet, None, f"skipped: language detected as {result.language!r}"
        else:
            yield snippet, main_event(result.events), None


def evaluate(
    path: str | Path,
    *,
    published: str | None = None,
    workers: int | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Run the pipeline on every snippet of ``path`` and score the main event's type.

    Returns the JSON report: ``sub_event_type`` and ``event_type`` hold
    :class:`~frontlines.evaluation.report.ClassificationScores`; ``items``
    one record per snippet (gold, predicted, and the evidence sentence).
    """
    snippets = read_snippets(path)[:limit] if limit else read_snippets(path)
    items: list[dict[str, Any]] = []
    for snippet, event, failure in _predict(snippets, published, workers):
        predicted = (event.sub_event_type or NO_EVENT) if event is not None else NO_EVENT
        evidence = event.evidence[0].sentence if event is not None and event.evidence else None
        items.append(
            {
                "id": snippet.id,
                "gold": snippet.label,
                "predicted": predicted,
                "correct": predicted == snippet.label,
                "actor1": getattr(event, "actor1", None),
                "actor2": getattr(event, "actor2", None),
                "evidence": evidence,
                "failure": failure,
                "text": snippet.text,
            }
        )
    labels = [entry.sub_event_type for entry in taxonomy()] + [NO_EVENT]
    gold = [item["gold"] for item in items]
    predicted = [item["predicted"] for item in items]
    event_labels = list(dict.fromkeys(entry.event_type for entry in taxonomy())) + [NO_EVENT]
    return {
        "file": str(path),
        "n": len(items),
        "failures": sum(1 for item in items if item["failure"]),
        "sub_event_type": rep.classification_scores(gold, predicted, labels),
        "event_type": rep.classification_scores(
            [event_type_of(g) for g in gold], [event_type_of(p) for p in predicted], event_labels
        ),
        "items": items,
    }


def print_report(report: dict[str, Any], out: Any = None, max_errors: int = 60) -> None:
    """Tables for people: per-class scores, confusion by code, the misclassified snippets."""
    out = out or rep.console()
    sub: rep.ClassificationScores = report["sub_event_type"]
    rep.print_classification(sub, f"Sub-event type of the main event: {report['file']}", out)
    rep.print_confusion(sub, out=out, abbreviations=short_codes())
    rep.print_classification(report["event_type"], "Event type of the main event", out)
    errors = [item for item in report["items"] if not item["correct"]]
    if errors:
        codes = short_codes()
        rows = [
            (
                item["id"],
                codes.get(item["gold"], item["gold"]),
                codes.get(item["predicted"], item["predicted"]),
                rep.shorten(item["failure"] or item["text"]),
            )
            for item in errors[:max_errors]
        ]
        more = f" (first {max_errors} of {len(errors)})" if len(errors) > max_errors else ""
        rep.print_table(f"Misclassified{more}", ["id", "gold", "predicted", "text"], rows, out)
    out.print(
        f"snippets={report['n']}  failures={report['failures']}  "
        f"accuracy={sub.accuracy:.3f}  weighted F1={sub.weighted_f1:.3f}"
    )


def run(
    path: str | Path,
    *,
    out_json: str | Path | None = None,
    published: str | None = None,
    workers: int | None = None,
    limit: int | None = None,
    printer: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """What ``frontlines eval snippets`` does: evaluate, print, and write JSON if asked."""
    report = evaluate(path, published=published, workers=workers, limit=limit)
    (printer or print_report)(report)
    if out_json:
        rep.write_json(out_json, report)
    return report
