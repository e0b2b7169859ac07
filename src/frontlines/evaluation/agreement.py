"""``frontlines eval agreement``: how far two blind coders of the same articles agree.

A score against gold means little without the gold's own noise: two careful coders
split an offensive or a coup night differently, call a three-week-old attack news
or history, count the dead from different sentences. Here a second coding of the
same articles (same brief, same JSON-lines format) is scored against the first
exactly as ``frontlines eval articles`` scores Frontlines: each second-coder
incident becomes a reported event whose evidence is the whole sentence around its
quote (and around each other mention), and the same one-to-one matching and field
comparison of :mod:`.articles` run over them. Precision and recall swap when the
coders do; F1 and the field accuracies do not. The result is the ceiling a system
can be expected to reach against either coder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import EvalDataError
from ..models import Article, Event, Evidence
from .articles import GoldArticle, evaluate, print_report, read_articles, read_gold, select

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+|\n+")


def sentence_around(text: str, quote: str) -> tuple[str, int, int] | None:
    """The sentence of ``text`` holding ``quote`` (whitespace-insensitive), with its offsets."""
    words = [re.escape(w) for w in quote.split()]
    if not words:
        return None
    found = re.search(r"\s+".join(words), text)
    if found is None:
        return None
    start = 0
    for end in _SENTENCE_END.finditer(text, 0, found.start()):
        start = end.end()
    stop = _SENTENCE_END.search(text, found.end())
    end = stop.start() if stop else len(text)
    return text[start:end], start, end


def coded_events(article: Article, gold: GoldArticle) -> list[Event]:
    """A coder's incidents of one article as reported events (evidence: the quotes' sentences)."""
    events = []
    for n, coded in enumerate(gold.incidents()):
        evidence = []
        for quote in [coded.get("evidence") or "", *(coded.get("other_mentions") or [])]:
            found = sentence_around(article.text, quote) if quote.strip() else None
            if found is not None:
                evidence.append(Evidence(article.id, *found))
        events.append(Event(
            event_id=f"{article.id}-c{n}", doc_id=article.id, event_date=coded.get("event_date"),
            time_precision=int(coded.get("time_precision") or 3),
            event_type=coded.get("event_type") or "", sub_event_type=coded.get("sub_event_type") or "",
            actor1=coded.get("actor1"), actor2=coded.get("actor2"), country=coded.get("country"),
            admin1=coded.get("admin1"), admin2=coded.get("admin2"), location=coded.get("location"),
            geo_precision=coded.get("geo_precision"), fatalities=coded.get("fatalities"),
            claim_status=coded.get("claim_status") or "reported", evidence=evidence, kind="incident",
        ))
    return events


def compare(articles_path: str | Path, first: dict[str, GoldArticle],
            second: dict[str, GoldArticle]) -> dict[str, Any]:
    """The second coding scored against the first, over the articles both coded."""
    shared = {doc_id: first[doc_id] for doc_id in first if doc_id in second}
    if not shared:
        raise EvalDataError("the two codings have no article in common")
    results: dict[str, Any] = {}
    for article in read_articles(articles_path, set(shared)):
        article.events = coded_events(article, second[article.id])
        results[article.id] = article
    return evaluate(shared, results)


def run(articles_path: str | Path, first_path: str | Path, second_path: str | Path, *,
        split: str = "all", details: bool = True, out: Any = None) -> dict[str, Any]:
    """Read both codings, compare, print. Returns the report (as ``eval articles`` gives it)."""
    first = select(read_gold(first_path), split)
    report = compare(articles_path, first, read_gold(second_path))
    title = f"{Path(second_path).name} against {Path(first_path).name} [{split}]"
    print_report(report, title, out, details=details)
    return report
