"""Shared scoring and reporting helpers for ``frontlines eval`` and ``frontlines bench``.

Every evaluation in ``frontlines.evaluation`` (acled, isaf, snippets) scores
predictions against gold labels and then does the same three things: prints a
table, prints a confusion matrix, writes a JSON report. This module holds
those, so that the reports look alike and the numbers are computed one way:

* :func:`classification_scores` — per-class precision / recall / F1, weighted
  F1, macro F1, accuracy and the confusion matrix for one categorical field
  (sklearn's definitions: the weighted average weighs each class by its gold
  support; classes only ever predicted get weight 0 but still show up in the
  table and the matrix).
* :func:`binary_scores` — precision / recall / F1 from counts (e.g. territory
  events matched against gold).
* :func:`ratio` — a named "k of n correct" figure, e.g. fatalities exact.
* :func:`print_table`, :func:`print_classification`, :func:`print_confusion` —
  rich tables on a console (stdout by default); :func:`shorten` fits a text
  into one of their cells.
* :func:`write_json` — the machine-readable report (``--out``), UTF-8,
  indented, parent directories created.

scikit-learn would compute the same figures, but it would be a heavy
dependency (scipy) for twenty lines of counting; these are written out here
and checked against hand-computed values in ``tests/test_eval_snippets.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


@dataclass
class ClassScore:
    """Precision, recall and F1 of one label, with its gold and predicted counts."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold items with this label
    predicted: int  # items predicted with this label


@dataclass
class ClassificationScores:
    """The scores of one categorical field over a data set."""

    n: int
    accuracy: float
    weighted_f1: float
    macro_f1: float
    per_class: list[ClassScore]
    labels: list[str]  # row/column order of the confusion matrix
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold -> predicted -> n

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def by_label(self) -> dict[str, ClassScore]:
        return {score.label: score for score in self.per_class}


@dataclass
class Ratio:
    """``correct`` out of ``total``; the value is 0.0 when nothing was scored."""

    correct: int
    total: int

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "value": round(self.value, 4)}


@dataclass
class BinaryScores:
    """Precision / recall / F1 from true positive, false positive and false negative counts."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ratio(correct: int, total: int) -> Ratio:
    return Ratio(correct, total)


def binary_scores(tp: int, fp: int, fn: int) -> BinaryScores:
    return BinaryScores(tp, fp, fn)


def classification_scores(
    gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str] | None = None
) -> ClassificationScores:
    """Score one categorical field; ``labels`` fixes the order of rows (others follow, sorted)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    order = list(dict.fromkeys(labels or []))
    seen = set(order)
    order += sorted({*gold, *predicted} - seen)
    gold_counts = Counter(gold)
    predicted_counts = Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    confusion: dict[str, dict[str, int]] = {label: {} for label in order}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] = confusion[g].get(p, 0) + 1

    per_class = []
    for label in order:
        support, guessed, correct = gold_counts[label], predicted_counts[label], hits[label]
        if not support and not guessed:
            continue  # a label offered in `labels` but absent from this data set
        precision = correct / guessed if guessed else 0.0
        recall = correct / support if support else 0.0
        per_class.append(
            ClassScore(label, precision, recall, _f1(precision, recall), support, guessed)
        )
    n = len(gold)
    weighted = sum(s.f1 * s.support for s in per_class) / n if n else 0.0
    gold_classes = [s for s in per_class if s.support]
    macro = sum(s.f1 for s in gold_classes) / len(gold_classes) if gold_classes else 0.0
    present = [s.label for s in per_class]
    return ClassificationScores(
        n=n,
        accuracy=sum(hits.values()) / n if n else 0.0,
        weighted_f1=weighted,
        macro_f1=macro,
        per_class=per_class,
        labels=present,
        confusion={label: confusion[label] for label in present if confusion[label]},
    )


# --- printing -----------------------------------------------------------------


def console(file: Any = None) -> Console:
    """A console for reports: plain text when not a terminal, never wrapped narrowly."""
    return Console(file=file, width=160, soft_wrap=False, highlight=False)


def print_table(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    out: Console | None = None,
) -> None:
    """A titled table; floats print with three decimals, the first column is left-aligned."""
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    (out or console()).print(table)


def shorten(text: str, width: int = 110) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis: a table cell."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, Ratio):
        return f"{value.value:.3f} ({value.correct}/{value.total})"
    return str(value)


def print_classification(
    scores: ClassificationScores, title: str, out: Console | None = None
) -> None:
    """Per-class precision / recall / F1 table followed by the overall figures."""
    out = out or console()
    rows: list[Sequence[Any]] = [
        (s.label, s.precision, s.recall, s.f1, s.support, s.predicted) for s in scores.per_class
    ]
    print_table(title, ["class", "precision", "recall", "F1", "gold", "predicted"], rows, out)
    out.print(
        f"n={scores.n}  accuracy={scores.accuracy:.3f}  "
        f"weighted F1={scores.weighted_f1:.3f}  macro F1={scores.macro_f1:.3f}"
    )


def print_confusion(
    scores: ClassificationScores,
    title: str = "Confusion (rows gold, columns predicted)",
    out: Console | None = None,
    abbreviations: Mapping[str, str] | None = None,
) -> None:
    """Confusion matrix; ``abbreviations`` shortens the column headers (label -> short code)."""
    short = abbreviations or {}
    columns = [label for label in scores.labels if any(label in r for r in scores.confusion.values())]
    rows = []
    for gold in scores.labels:
        if gold not in scores.confusion:
            continue
        counts = scores.confusion[gold]
        rows.append(
            (short.get(gold, gold), *(counts.get(p, 0) or "." for p in columns))
        )
    print_table(title, ["gold \\ predicted", *(short.get(c, c) for c in columns)], rows, out)


# --- JSON ---------------------------------------------------------------------


def json_lines(path: str | Path, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON-lines data file; an unreadable file or a malformed line is an
    EvalDataError naming it (blank lines are skipped)."""
    from ..errors import EvalDataError

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"cannot read {what} file: {exc}", origin=str(path)) from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(f"malformed JSON: {exc}", origin=f"{path}:{number}") from exc
        if not isinstance(record, dict):
            raise EvalDataError("not a JSON object", origin=f"{path}:{number}")
        yield number, record


def write_json(path: str | Path, report: Mapping[str, Any]) -> Path:
    """Write a report as indented UTF-8 JSON (dataclasses and Ratios converted)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=_jsonable) + "\n",
        encoding="utf-8",
    )
    return path


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
