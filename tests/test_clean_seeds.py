"""Cleaning the five seeds: every story sentence kept, every named leftover removed.

The truth is written here, in the test, and nowhere in the package: for each
seed, the leftover lines (short quotes that start the line) and the lines
that may go either way (the page's headline, subheads, a caption without a
date). Every other line of the seed is story; each of its sentences must be
in the cleaned text.

Run with ``-s`` (or ``-rP``) to see the per-seed report: story sentences kept
(recall) and leftover lines removed (precision of what was removed).
"""

from __future__ import annotations

import re

import pytest

from frontlines.ingest.clean import clean_text

JUNK = {
    "000": [
        "Opinion", "Editorial", "Missing links", "Updated 27 Apr, 2024",
        "As the past decades have shown", "Freedom to report?", "27 Apr, 2024",
        "AN accountability court has barred former prime minister Imran Khan",
        "After Bismah", "BISMAH Maroof", "Business concerns", "Updated 26 Apr, 2024",
        "There is no doubt that these issues", "Musical chairs", "26 Apr, 2024",
        "THE petitioners are quite helpless", "Global arms race", "THE figure is staggering",
    ],
    "001": ["* A terrorist group outlawed in Russia"],
    "002": [],
    "003": [
        "UNITED24 - Make a charitable donation in support of Ukraine!", "Iran Press TV",
        "Tuesday, 04 May 2021 4:10 PM", "Join the GlobalSecurity.org mailing list",
    ],
    "004": [
        "Smoke rises from houses during fighting in Qala-e-Naw",
        "An Afghan security official stands guard during a ceremony",
        "Click here to see the interactive BBC", "Leave a Reply",
        "Your email address will not be published", "Back to top button",
    ],
}
# Headline, subheads, a caption without a date, a related-story link: keeping
# or dropping them loses no story sentence.
EITHER = {
    "003": ["Afghan forces fighting back huge Taliban offensive"],
    "004": [
        "Afghan army drives out Taliban in western town", "Heavy fighting reportedly took place",
        "Free prisoners", "Fleeing Afghan troops", "Afghan forces struggle to keep Taliban at bay",
    ],
}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…”\"’])\s+(?=[A-Z“\"‘0-9])")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is(line: str, quotes: list[str]) -> bool:
    return any(line.startswith(quote) for quote in quotes)


def _measure(key: str, seed: str) -> dict:
    cleaned = clean_text(seed)
    kept_text = _norm(cleaned.text)
    kept_lines = {_norm(line) for line in cleaned.text.split("\n\n")}
    junk, either = JUNK[key], EITHER.get(key, [])
    story_lines = [line for line in _lines(seed) if not _is(line, junk + either)]
    sentences = [s for line in story_lines for s in _SENTENCE_BREAK.split(line) if _norm(s)]
    lost = [s for s in sentences if _norm(s) not in kept_text]
    junk_lines = [line for line in _lines(seed) if _is(line, junk)]
    junk_left = [line for line in junk_lines if _norm(line) in kept_lines]
    removed = [line for line, _ in cleaned.removed]
    story_removed = [line for line in removed if not _is(line, junk + either)]
    return {
        "sentences": len(sentences),
        "lost": lost,
        "junk": len(junk_lines),
        "junk_left": junk_left,
        "removed": len(removed),
        "story_removed": story_removed,
        "either_removed": sum(_is(line, either) for line in removed),
        "either": sum(_is(line, either) for line in _lines(seed)),
    }


@pytest.fixture(scope="module")
def measured(seeds):
    return {name[:3]: _measure(name[:3], text) for name, text in seeds.items()}


def test_report(measured):
    print(
        "\nseed | story sentences kept (recall) | leftover lines removed "
        "| removed lines that were not story (precision) | optional lines removed"
    )
    for key, m in measured.items():
        kept = m["sentences"] - len(m["lost"])
        gone = m["junk"] - len(m["junk_left"])
        right = m["removed"] - len(m["story_removed"])
        print(
            f"{key}  | {kept}/{m['sentences']} | {gone}/{m['junk']} "
            f"| {right}/{m['removed']} | {m['either_removed']}/{m['either']}"
        )
    assert set(measured) == set(JUNK)


@pytest.mark.parametrize("key", sorted(JUNK))
def test_every_story_sentence_is_kept(measured, key):
    assert measured[key]["sentences"] > 5
    assert measured[key]["lost"] == []
    assert measured[key]["story_removed"] == []


@pytest.mark.parametrize("key", sorted(JUNK))
def test_every_named_leftover_is_removed(measured, key):
    assert measured[key]["junk_left"] == []


def test_named_leftovers_are_all_present_in_the_seeds(seeds):
    """The quotes above match lines of the seeds (a typo would make a test pass vacuously)."""
    for name, text in seeds.items():
        lines = _lines(text)
        for quote in JUNK[name[:3]] + EITHER.get(name[:3], []):
            assert any(line.startswith(quote) for line in lines), quote


def test_titles_from_the_page_header(seeds):
    titles = {name[:3]: clean_text(text).title for name, text in seeds.items()}
    assert titles["003"].startswith("Afghan forces fighting back huge Taliban offensive")
    assert titles["004"] == "Afghan army drives out Taliban in western town, reports say"
