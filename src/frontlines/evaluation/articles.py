"""``frontlines eval articles``: incidents of whole real articles against blind gold.

The project's main measuring stick: full-length news stories, every event
coded by hand to ACLED's codebook by someone who saw neither the code nor its
output (tests/data/articles/README.md says how the gold was made).

Inputs: the articles (a ``.jsonl`` file with ``id``, ``text`` or ``html``,
``published`` ...; or a directory of ``.txt``/``.html`` files whose names,
without the suffix, are the ids) and the gold (JSON lines, one article a line:
``{"doc_id", "published", "split", "events": [{"kind", "sub_event_type",
"actor1", "country", "admin1", "location", "event_date", "time_precision",
"fatalities", "claim_status", "evidence", "other_mentions", ...}]}``). Only
articles the gold names are analysed and scored; ``--split`` picks the dev or
the held-out part.

Matching, per article, one to one: a reported incident (``kind`` incident)
and a gold incident may match when

* they are in the same country,
* the reported date lies within the gold date's precision window (1 day for
  a day, 7 for a week, 31 for a month; a gold event with no date takes any
  date; an undated report only matches a gold event dated no closer than a
  month), and
* they are about the same incident: a sentence of the report's evidence
  holds the gold evidence quote (or one of its other mentions); or, told in
  other sentences, the two share the event type and either the sub-event
  type or the place (province or location). A cue word alone never makes a
  match.

Pairs are taken greedily by a score (shared evidence, then the same
sub-event type, event type, province, the closer date): with a handful of
incidents per article the greedy choice is the optimal one in practice, and it
is easy to explain in a report.

Scores: incident precision, recall and F1; the per-field accuracy of matched
incidents (sub_event_type, event_type, actors, admin1, location (``same_location``), date
where the gold knows the day, fatalities exact, claim status); country accuracy over
the evidence-linked pairs (the same quote, whatever the country: country is a
matching condition, so it is measured where the text ties the two together);
reported incidents that the gold codes as background or statistic; every
spurious incident with its sentence and every missed one with its quote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from . import report as rep

SPLITS = ("dev", "holdout", "all")
WINDOW_DAYS = {1: 1, 2: 7, 3: 31}
FIELDS = (
    "sub_event_type", "event_type", "actor1", "actor2", "admin1", "location",
    "event_date", "fatalities", "claim_status",
)
_YEARS = re.compile(r"\s*\((?:\d{4})?\s*-\s*(?:\d{4})?\)\s*$")  # "(2014-)", "(2000-2024)"
_NON_WORD = re.compile(r"[^a-z0-9()]+")
_ADMIN_WORDS = re.compile(r"\b(?:governorate|province|state|region|wilayah|vilayet|muhafazat)\b")


@dataclass
class GoldArticle:
    doc_id: str
    published: str | None
    split: str
    events: list[dict[str, Any]] = field(default_factory=list)

    def incidents(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("kind", "incident") == "incident"]


# --- reading -------------------------------------------------------------------------------


def read_gold(path: str | Path) -> dict[str, GoldArticle]:
    """The gold articles of a JSON-lines file; a malformed line is an error naming it."""
    gold: dict[str, GoldArticle] = {}
    for number, record in rep.json_lines(path, "gold"):
        try:
            article = GoldArticle(
                doc_id=str(record["doc_id"]),
                published=record.get("published"),
                split=record.get("split") or "dev",
                events=list(record.get("events") or []),
            )
        except (KeyError, TypeError) as exc:
            raise EvalDataError(f"not a gold article: {exc}", origin=f"{path}:{number}") from exc
        gold[article.doc_id] = article
    if not gold:
        raise EvalDataError("no gold articles in file", origin=str(path))
    return gold


def read_articles(path: str | Path, ids: set[str]) -> list[Any]:
    """The articles named in ``ids``: from a jsonl file, or a directory of text/HTML files."""
    from ..errors import FrontlinesError
    from ..ingest import article_from_string

    path = Path(path)
    articles = []
    if path.is_dir():
        for file in sorted(path.iterdir()):
            if file.stem in ids and file.suffix.lower() in (".txt", ".html", ".htm"):
                text = file.read_bytes().decode("utf-8", errors="replace")
                try:
                    articles.append(article_from_string(text, doc_id=file.stem))
                except FrontlinesError:
                    continue  # scored as not analysed
        return articles
    for _, record in rep.json_lines(path, "articles"):
        doc_id = str(record.get("id", ""))
        if doc_id not in ids:
            continue
        try:
            articles.append(
                article_from_string(
                    record.get("text") or record.get("html") or "",
                    published=(record.get("published") or "")[:10] or None,
                    doc_id=doc_id,
                    source=record.get("source"),
                    url=record.get("url"),
                    title=record.get("title"),
                )
            )
        except FrontlinesError:
            continue  # scored as not analysed
    return articles


# --- comparing one field ---------------------------------------------------------------------


def norm_actor(name: str | None) -> str:
    """An actor name compared loosely: case, punctuation and ACLED's period suffix ignored."""
    if not name:
        return ""
    text = _YEARS.sub("", name.strip()).lower().replace("al-", "al ")
    return _NON_WORD.sub(" ", text).strip()


def _norm_place(name: str | None) -> str:
    text = _ADMIN_WORDS.sub(" ", (name or "").lower())
    return _NON_WORD.sub(" ", text.replace("(", " ").replace(")", " ")).strip()


def same_admin1(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    from rapidfuzz import fuzz

    a, b = _norm_place(predicted), _norm_place(gold)
    if a == b or fuzz.ratio(a, b) >= 85:
        return True
    from ..geo.primary import same_province

    return same_province(predicted, gold)


def same_location(event: Any, gold: dict[str, Any]) -> bool:
    """The location rule of geo.primary, plus two codings of a place known only coarsely: a gold
    whose location is its country ("Turkey", no province) equals a report with neither province
    nor location; a gold whose location is its province ("Nineveh / Nineveh") holds any report
    placed in that province."""
    location = gold.get("location")
    if location and not gold.get("admin1") and _norm_place(location) == _norm_place(gold.get("country")):
        return not event.location and not event.admin1
    if location and _norm_place(location) == _norm_place(gold.get("admin1")) and same_admin1(
        event.admin1, gold.get("admin1")
    ):
        return True
    if not location or not event.location:
        return False
    from rapidfuzz import fuzz

    a, b = _norm_place(event.location), _norm_place(location)
    if a == b or fuzz.ratio(a, b) >= 85:
        return True
    from ..geo.primary import same_location as gazetteer_same

    return gazetteer_same(event, location, gold.get("admin1"))


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def date_gap(event: Any, gold: dict[str, Any]) -> int | None:
    """Days between the reported and the gold date when within the gold window, else None."""
    gold_date = _date(gold.get("event_date"))
    if gold_date is None:
        return 0
    window = WINDOW_DAYS.get(int(gold.get("time_precision") or 3), 31)
    predicted = _date(event.event_date)
    if predicted is None:
        return 0 if window >= 31 else None
    gap = abs((predicted - gold_date).days)
    return gap if gap <= window else None


def _squash(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').split()).lower()


def shares_evidence(event: Any, gold: dict[str, Any]) -> bool:
    """A sentence of the event's evidence holds the gold quote or one of its other mentions."""
    quotes = [gold.get("evidence") or "", *(gold.get("other_mentions") or [])]
    quotes = [_squash(q) for q in quotes if q and len(q.strip()) >= 12]
    sentences = [_squash(e.sentence) for e in event.evidence]
    return any(q in s or s in q for q in quotes for s in sentences if s)


def same_country(event: Any, gold: dict[str, Any]) -> bool:
    return _norm_place(event.country) == _norm_place(gold.get("country")) and bool(event.country)


# --- matching ------------------------------------------------------------------------------


def match(events: list[Any], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (event index, gold index) pairs of the same incident (module docstring)."""
    candidates: list[tuple[float, int, int]] = []
    for i, event in enumerate(events):
        for j, g in enumerate(gold):
            if not same_country(event, g):
                continue
            gap = date_gap(event, g)
            if gap is None:
                continue
            evidence = shares_evidence(event, g)
            if not evidence and not _same_story(event, g):
                continue
            score = (
                4.0 * evidence
                + 2.0 * (event.sub_event_type == g.get("sub_event_type"))
                + 1.0 * (event.event_type == g.get("event_type"))
                + 1.0 * same_admin1(event.admin1, g.get("admin1"))
                - 0.01 * gap
            )
            candidates.append((score, i, j))
    pairs: list[tuple[int, int]] = []
    used_events: set[int] = set()
    used_gold: set[int] = set()
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_events and j not in used_gold:
            pairs.append((i, j))
            used_events.add(i)
            used_gold.add(j)
    return sorted(pairs)


def _same_story(event: Any, gold: dict[str, Any]) -> bool:
    """Told in other sentences, still the same incident: the event type, and the sub-event type or the place."""
    if event.event_type != gold.get("event_type"):
        return False
    return (event.sub_event_type == gold.get("sub_event_type") or same_admin1(event.admin1, gold.get("admin1"))
            or same_location(event, gold))


def field_right(name: str, event: Any, gold: dict[str, Any]) -> bool | None:
    """Whether a matched event has ``name`` right; None when the gold does not say."""
    if name in ("sub_event_type", "event_type", "claim_status"):
        value = gold.get(name)
        return None if not value else getattr(event, name) == value
    if name in ("actor1", "actor2"):
        return norm_actor(getattr(event, name)) == norm_actor(gold.get(name))
    if name == "admin1":
        return None if not gold.get("admin1") else same_admin1(event.admin1, gold["admin1"])
    if name == "location":
        return None if not gold.get("location") else same_location(event, gold)
    if name == "event_date":
        if not gold.get("event_date") or int(gold.get("time_precision") or 3) != 1:
            return None
        return (event.event_date or "")[:10] == gold["event_date"][:10]
    if name == "fatalities":
        return (event.fatalities or 0) == (gold.get("fatalities") or 0)
    raise ValueError(name)


# --- the report ----------------------------------------------------------------------------


def evaluate(gold: dict[str, GoldArticle], results: dict[str, Any]) -> dict[str, Any]:
    """Score analysed articles (results: doc id -> Article, or an error message) against gold."""
    tp = fp = fn = 0
    right: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    linked = linked_country = 0
    as_background = 0
    spurious: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    wrong: dict[str, list[dict[str, Any]]] = {name: [] for name in FIELDS}
    failures: list[dict[str, str]] = []
    per_article: list[dict[str, Any]] = []
    for doc_id, article in gold.items():
        result = results.get(doc_id)
        if result is None or isinstance(result, str):
            failures.append({"doc_id": doc_id, "error": result or "not analysed"})
            events: list[Any] = []
        else:
            events = [e for e in result.events if e.kind == "incident"]
        gold_incidents = article.incidents()
        pairs = match(events, gold_incidents)
        tp += len(pairs)
        fp += len(events) - len(pairs)
        fn += len(gold_incidents) - len(pairs)
        matched_events = {i for i, _ in pairs}
        matched_gold = {j for _, j in pairs}
        for i, j in pairs:
            for name in FIELDS:
                ok = field_right(name, events[i], gold_incidents[j])
                if ok is None:
                    continue
                scored[name] += 1
                right[name] += ok
                if not ok:
                    wrong[name].append(_field_miss(doc_id, name, events[i], gold_incidents[j]))
        others = [e for e in article.events if e.get("kind", "incident") != "incident"]
        for j, g in enumerate(gold_incidents):
            for event in events:
                if shares_evidence(event, g):
                    linked += 1
                    linked_country += same_country(event, g)
                    break
            if j not in matched_gold:
                missed.append(_gold_line(doc_id, g))
        for i, event in enumerate(events):
            if i in matched_events:
                continue
            kind = next((o.get("kind") for o in others if shares_evidence(event, o)), None)
            as_background += kind is not None
            spurious.append(_event_line(doc_id, event, gold_kind=kind))
        per_article.append(
            {"doc_id": doc_id, "split": article.split, "reported": len(events),
             "gold": len(gold_incidents), "matched": len(pairs)}
        )
    return {
        "articles": len(gold),
        "incidents": rep.binary_scores(tp, fp, fn),
        "fields": {name: rep.ratio(right[name], scored[name]) for name in FIELDS},
        "country_evidence_linked": rep.ratio(linked_country, linked),
        "background_reported_as_incident": as_background,
        "per_article": per_article,
        "spurious": spurious,
        "missed": missed,
        "wrong_fields": wrong,
        "failures": failures,
    }


def _event_line(doc_id: str, event: Any, gold_kind: str | None = None) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "place": " / ".join(x for x in (event.country, event.admin1, event.location) if x),
        "event_date": event.event_date,
        "fatalities": event.fatalities,
        "sentence": event.evidence[0].sentence if event.evidence else "",
        "gold_kind": gold_kind,
    }


def _gold_line(doc_id: str, gold: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "sub_event_type": gold.get("sub_event_type"),
        "place": " / ".join(x for x in (gold.get("country"), gold.get("admin1"), gold.get("location")) if x),
        "event_date": gold.get("event_date"),
        "evidence": gold.get("evidence"),
    }


def _field_miss(doc_id: str, name: str, event: Any, gold: dict[str, Any]) -> dict[str, Any]:
    predicted = {
        "location": " / ".join(x for x in (event.admin1, event.location) if x),
        "fatalities": event.fatalities,
    }.get(name, getattr(event, name, None))
    wanted = " / ".join(x for x in (gold.get("admin1"), gold.get("location")) if x) if name == "location" else gold.get(name)
    return {"doc_id": doc_id, "predicted": predicted, "gold": wanted, "evidence": gold.get("evidence")}


def print_report(report: dict[str, Any], title: str, out: Any = None, details: bool = True) -> None:
    console = rep.console(out)
    scores = report["incidents"]
    rep.print_table(
        f"{title}: incidents of {report['articles']} articles (one-to-one, same country and date window)",
        ["", "precision", "recall", "F1", "tp", "fp", "fn"],
        [("incidents", scores.precision, scores.recall, scores.f1, scores.tp, scores.fp, scores.fn)],
        console,
    )
    rows = [(name, report["fields"][name]) for name in FIELDS]
    rows.append(("country (evidence-linked)", report["country_evidence_linked"]))
    rep.print_table("Matched incidents, per field", ["field", "accuracy"], rows, console)
    console.print(
        f"reported incidents the gold codes as background or statistic: {report['background_reported_as_incident']}"
    )
    if details:
        rep.print_table(
            "Spurious incidents (reported, not in the gold)",
            ["article", "type", "actor1", "place", "sentence"],
            ((_short(s["doc_id"]), s["sub_event_type"], s["actor1"], s["place"], rep.shorten(s["sentence"], 70))
             for s in report["spurious"]),
            console,
        )
        rep.print_table(
            "Missed incidents (in the gold, not reported)",
            ["article", "type", "place", "date", "evidence"],
            ((_short(m["doc_id"]), m["sub_event_type"], m["place"], m["event_date"], rep.shorten(m["evidence"] or "", 70))
             for m in report["missed"]),
            console,
        )
    if report["failures"]:
        console.print(f"{len(report['failures'])} article(s) failed: " + "; ".join(
            f"{f['doc_id']}: {f['error']}" for f in report["failures"]))


def select(gold: dict[str, GoldArticle], split: str) -> dict[str, GoldArticle]:
    if split not in SPLITS:
        raise EvalDataError(f"unknown split {split!r} (one of {', '.join(SPLITS)})")
    return {k: v for k, v in gold.items() if split == "all" or v.split == split}


def analyse(articles: Iterable[Any], workers: int | None) -> dict[str, Any]:
    from ..pipeline import Failure, analyse_many

    results: dict[str, Any] = {}
    for result in analyse_many(articles, workers=workers):
        results[result.article_id if isinstance(result, Failure) else result.id] = (
            result.message if isinstance(result, Failure) else result
        )
    return results


def run(articles_path: str | Path, gold_path: str | Path, *, split: str = "dev",
        out_json: str | Path | None = None, workers: int | None = None, limit: int | None = None,
        details: bool = True, out: Any = None) -> dict[str, Any]:
    """Read, analyse, score, print; write JSON when asked. Returns the report."""
    gold = select(read_gold(gold_path), split)
    if limit:
        gold = dict(list(gold.items())[:limit])
    articles = read_articles(articles_path, set(gold))
    results = analyse(articles, workers)
    report = evaluate(gold, results)
    print_report(report, f"{Path(gold_path).name} [{split}]", out, details=details)
    if out_json:
        rep.write_json(out_json, {**report, "articles_file": str(articles_path), "gold_file": str(gold_path), "split": split})
    return report


def _short(doc_id: str) -> str:
    return doc_id.removeprefix("news2016-")[:32]


def score(gold_path: str | Path, articles: str | Path, *, split: str = "dev",
          workers: int | None = None) -> dict[str, Any]:
    """The report without printing (the quality gate's entry): gold file first, as the gate passes it."""
    gold = select(read_gold(gold_path), split)
    return evaluate(gold, analyse(read_articles(articles, set(gold)), workers))
