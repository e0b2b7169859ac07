"""The cost of an article grows with its length, not with its square (issue 10: 200 KB took 31 s,
400 KB 75 s; the stages after spaCy compared every sentence's places, mentions and events with
all the article's others).

A long article is the project's example paragraphs repeated with their numbers varied
(tests/long_articles.py); here it is analysed by spaCy once and told over several times, so the
tests weigh the stages after spaCy (geo, events) in seconds. The whole pipeline on 100 KB and
1 MB articles is measured by ``make bench-size`` (benchmarks/article_size.py)."""

from __future__ import annotations

import time

import pytest
from long_articles import annotated, repeated

from frontlines.events import assemble, extract_events
from frontlines.geo import locate


@pytest.fixture(scope="module")
def story():
    return annotated(5_000)


def _stages(article) -> float:
    """CPU seconds of the geo and events stages on ``article`` (CPU: the machine is shared)."""
    started = time.process_time()
    locate(article)
    extract_events(article)
    return time.process_time() - started


def test_ten_times_the_text_costs_at_most_about_ten_times_the_time(story):
    _stages(repeated(story, 1))  # warm: models, gazetteer, lexicons
    short = _stages(repeated(story, 1))
    long = _stages(repeated(story, 10))
    assert long <= 12 * short, f"10x the text: {long:.2f} s against {short:.2f} s"


def test_merging_weighs_a_mention_against_a_bounded_number_of_events(story, monkeypatch):
    # the comparisons of mentions with the events told before them grow with the article, not
    # with its square (before: every mention against every event; 4x the calls for 2x the text)
    calls = 0
    joins = assemble._joins

    def counted(*args):
        nonlocal calls
        calls += 1
        return joins(*args)

    monkeypatch.setattr(assemble, "_joins", counted)
    counts = []
    for times in (2, 4):
        calls = 0
        article = repeated(story, times)
        locate(article)
        extract_events(article)
        counts.append(calls)
    assert counts[0] > 0 and counts[1] <= 2.5 * counts[0], counts
