"""Dates printed in text: date-stamp lines, datelines, and parsing to ISO.

Fills nothing itself; ``clean`` uses the shape tests to drop date-stamp lines
and keep them as candidates, ``published`` parses the candidates into
``Article.published``. Parsing is dateparser's (English, full dates only:
a day without a year is no publication date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from importlib import resources

from ..yamlload import safe_yaml

_MONTHS = {m.lower() for m in calendar.month_name[1:]} | {
    m.lower() for m in calendar.month_abbr[1:]
} | {"sept"}
_WEEKDAYS = {d.lower() for d in calendar.day_name} | {d.lower() for d in calendar.day_abbr}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A date written out: "July 7, 2021", "Jan. 25, 2013", "7 July 2021", "27 Apr, 2024".
WRITTEN_DATE = re.compile(
    rf"(?:{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?[,.]?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE},?\s+\d{{4}})",
    re.IGNORECASE,
)
# Dateline with the date in brackets: "KABUL, Afghanistan (Jan. 25, 2013)".
_DATELINE_BRACKETED = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{2,}(?:,\s*[A-Z][\w'’.\- ]+?)?)\s*\((?P<date>[^()]{3,40})\)"
    r"\s*(?:[-–—:]\s*)?(?P<rest>.*)$",
    re.DOTALL,
)
# Wire-style dateline with the date after the place: "KABUL, July 7, 2021 (AFP) -".
_DATELINE_WIRE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{2,}(?:,\s*[A-Z][a-z]+)?),\s*(?P<date>[^()\-–—]{3,30}?)"
    r"\s*(?:\([A-Za-z .]{1,20}\))?\s*[-–—]\s*(?P<rest>.*)$",
    re.DOTALL,
)
_TOKEN = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*\.?|\d+(?::\d+)*|\S")
_DATE_PUNCT = set(",.:-/|()–—+")


@functools.cache
def _stamp_words() -> frozenset[str]:
    data = safe_yaml(
        resources.files(__package__).joinpath("data", "line_shapes.yaml").read_text("utf-8")
    )
    return frozenset(data["date_stamp_words"]) | _MONTHS | _WEEKDAYS


def is_date_stamp(line: str) -> bool:
    """True when ``line`` is nothing but a date (and time), possibly "Updated ..."."""
    tokens = _TOKEN.findall(line.strip())
    if not tokens or len(tokens) > 16:
        return False
    words = _stamp_words()
    has_number = has_month = has_year = False
    for token in tokens:
        if token[0].isdigit():
            has_number = True
            has_year = has_year or bool(re.fullmatch(r"(19|20)\d\d", token))
        elif token[0].isalpha():
            word = token.lower().rstrip(".")
            if word not in words and token.lower() not in words:
                return False
            has_month = has_month or word in _MONTHS
        elif token not in _DATE_PUNCT:
            return False
    numeric_date = bool(re.search(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", line))
    return has_number and (has_month or has_year or numeric_date)


def dateline(text: str) -> tuple[str, str] | None:
    """(place, date text) of a dateline opening ``text``, if it has one with a date."""
    head = text.lstrip()[:200]
    for pattern in (_DATELINE_BRACKETED, _DATELINE_WIRE):
        match = pattern.match(head)
        if match and re.search(r"\d", match.group("date")):
            return match.group("place").strip(), match.group("date").strip()
    return None


def is_dateline_only(line: str) -> bool:
    """A line holding a dateline and nothing else ("KABUL, Afghanistan (Nov. 20, 2011)")."""
    match = _DATELINE_BRACKETED.match(line.strip())
    return bool(match and re.search(r"\d", match.group("date")) and not match.group("rest").strip())


# Years a news date can have. Outside them a "date" is noise (a feed's "0001-01-01" or
# "9999-12-31", a fuzzer's), and the calendar arithmetic done around event dates
# (a week back, a fortnight on) would step out of Python's date range.
NEWS_YEARS = range(1900, 2100)


def plausible(day: dt.date | None) -> dt.date | None:
    """``day`` if it lies in NEWS_YEARS, else None."""
    return day if day is not None and day.year in NEWS_YEARS else None


def parse_date(text: str) -> str | None:
    """ISO date (YYYY-MM-DD) of a full date written in ``text``; None if there is none."""
    text = text.strip()
    if not text:
        return None
    iso = _parse_iso(text)
    if iso:
        return iso
    cleaned = re.sub(r"^(?:(?:last\s+)?updated|published|posted|modified|dated?)\s*(?:on|:)?\s*", "", text, flags=re.I)
    # "Nov. 1. 2011": a stray full stop where the comma belongs
    cleaned = re.sub(r"(\d{1,2})\.\s+(\d{4})", r"\1, \2", cleaned)
    plain = _parse_plain(cleaned)
    if plain:
        return plain
    parsed = _dateparser(cleaned)
    day = plausible(parsed.date()) if parsed else None
    return day.isoformat() if day else None


# A written date alone, perhaps after its weekday and before a time: "July 3, 2021", "Monday, 21
# June 2021 11:40 PM". Read here; anything else is dateparser's, whose import and first parse
# cost 0.7-0.9 s of a run's start for what is most often exactly this.
_PLAIN_DATE = re.compile(
    rf"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
    rf"(?P<date>{WRITTEN_DATE.pattern})"
    r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}


def _parse_plain(text: str) -> str | None:
    match = _PLAIN_DATE.fullmatch(text)
    if match is None:
        return None
    numbers = re.findall(r"\d+", match["date"])
    month = next(_MONTH_NUMBERS[w[:3]] for w in re.findall(r"[a-z]+", match["date"].lower()) if w[:3] in _MONTH_NUMBERS)
    try:
        day = plausible(dt.date(int(numbers[-1]), month, int(numbers[0])))
    except ValueError:
        return None
    return day.isoformat() if day else None


def _parse_iso(text: str) -> str | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        day = plausible(dt.date.fromisoformat(text[:10]))
    except ValueError:
        return None
    return day.isoformat() if day else None


def _dateparser(text: str) -> dt.datetime | None:
    import dateparser

    try:
        return dateparser.parse(
            text,
            languages=["en"],
            settings={
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "past",
            },
        )
    except (ValueError, OverflowError, TypeError):
        return None
